"""Where evidence documents are kept: an S3 bucket when one is named, the local disk otherwise."""

from typing import Any


def s3_evidence_storage(
    *,
    bucket: str,
    region: str | None = None,
    endpoint_url: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    location: str = "",
) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry for django-storages' S3 backend.

    Nothing in the bucket is public: objects are written private and encrypted at rest, no URL is ever
    handed out (the app streams each document after its scope check), and two uploads never share a name.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": region or None,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "location": location,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }


LOCAL_EVIDENCE_STORAGE: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
