"""Settings from a Cloud Foundry (cloud.gov) service binding.

Cloud Foundry hands an app its bound services as JSON in ``VCAP_SERVICES``, one list per service
offering, each instance with its ``credentials``. The tracker is configured through environment variables
(config/settings.py), so the bindings are turned into those same variables: one way in, whatever the
platform. A variable set explicitly in the environment always wins over the binding.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

# cloud.gov's offerings (cf marketplace): the brokered database, Redis and S3 bucket.
DATABASE_OFFERINGS = ("aws-rds",)
REDIS_OFFERINGS = ("aws-elasticache-redis", "aws-elasticache-valkey", "redis")
S3_OFFERINGS = ("s3",)


def _instances(services: Mapping[str, Any], offerings: tuple[str, ...]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for offering in offerings:
        found.extend(services.get(offering) or [])
    return found


def _one(services: Mapping[str, Any], offerings: tuple[str, ...], what: str) -> dict[str, Any] | None:
    instances = _instances(services, offerings)
    if len(instances) > 1:
        names = ", ".join(str(instance.get("name")) for instance in instances)
        raise ImproperlyConfigured(f"VCAP_SERVICES binds more than one {what} ({names}); bind exactly one.")
    return instances[0].get("credentials", {}) if instances else None


def _redis_url(credentials: Mapping[str, Any]) -> str:
    url = credentials.get("uri")
    if not url:
        password = quote(str(credentials.get("password", "")), safe="")
        host = credentials.get("hostname") or credentials["host"]
        url = f"rediss://:{password}@{host}:{credentials.get('port', 6379)}"
    if url.startswith("rediss://") and "ssl_cert_reqs" not in url:
        # Celery's Redis transport refuses a TLS URL that does not say how to check the certificate.
        url += ("&" if "?" in url else "?") + "ssl_cert_reqs=required"
    return str(url)


def _as_role(url: str, user: str, password: str) -> str:
    """The same database URL with another role's user name and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}" + (
        f":{parts.port}" if parts.port else ""
    )
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def environment_from_vcap(
    vcap_services: str | None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The tracker's environment variables that the bound services imply (empty without a binding).

    The database binding's credentials are the owner's: they become DATABASE_MIGRATE_URL. The application
    connects as the runtime role (DATABASE_APP_USER, default ``tracker_app``) once its password is set
    in DATABASE_APP_PASSWORD (``manage.py database_roles`` makes the role); until then, as the owner."""
    environ = environ if environ is not None else {}
    if not vcap_services:
        return {}
    try:
        services = json.loads(vcap_services)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"VCAP_SERVICES is not valid JSON: {error}") from None
    if not isinstance(services, dict):
        raise ImproperlyConfigured("VCAP_SERVICES must be a JSON object of service offerings.")

    variables: dict[str, str] = {}
    database = _one(services, DATABASE_OFFERINGS, "database")
    # DATABASE_URL and DATABASE_MIGRATE_URL name one database: set explicitly, they come as a pair.
    if database and not environ.get("DATABASE_URL"):
        owner_url = str(database["uri"])
        variables["DATABASE_MIGRATE_URL"] = owner_url
        app_password = environ.get("DATABASE_APP_PASSWORD", "")
        app_user = environ.get("DATABASE_APP_USER", "") or "tracker_app"
        variables["DATABASE_URL"] = _as_role(owner_url, app_user, app_password) if app_password else owner_url
    redis = _one(services, REDIS_OFFERINGS, "Redis")
    if redis:
        url = _redis_url(redis)
        variables["CELERY_BROKER_URL"] = url
        variables["REDIS_URL"] = url
    bucket = _one(services, S3_OFFERINGS, "S3 bucket")
    if bucket:
        variables["AWS_STORAGE_BUCKET_NAME"] = str(bucket["bucket"])
        variables["AWS_ACCESS_KEY_ID"] = str(bucket["access_key_id"])
        variables["AWS_SECRET_ACCESS_KEY"] = str(bucket["secret_access_key"])
        variables["AWS_S3_REGION_NAME"] = str(bucket.get("region", "us-gov-west-1"))
        endpoint = bucket.get("fips_endpoint") or bucket.get("endpoint")
        if endpoint:
            variables["AWS_S3_ENDPOINT_URL"] = endpoint if "://" in endpoint else f"https://{endpoint}"
    return variables
