import uuid

import pytest

from config.storage import LOCAL_EVIDENCE_STORAGE, s3_evidence_storage

from .s3server import ACCESS_KEY, REGION, SECRET_KEY, start_local_s3


@pytest.fixture(scope="session")
def local_s3():
    server = start_local_s3()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(local_s3, settings):
    """Evidence stored in a fresh private bucket of the local S3 server, as production's settings say."""
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    local_s3.make_private_bucket(bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_evidence_storage(
            bucket=bucket,
            region=REGION,
            endpoint_url=local_s3.endpoint_url,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
        ),
    }
    return bucket


@pytest.fixture(params=["local disk", "s3"])
def evidence_backend(request, settings):
    """Each storage test runs on both backends: the local disk (MEDIA_ROOT) and the S3 bucket."""
    if request.param == "s3":
        return request.getfixturevalue("s3_bucket")
    settings.STORAGES = {**settings.STORAGES, "default": LOCAL_EVIDENCE_STORAGE}
    return None
