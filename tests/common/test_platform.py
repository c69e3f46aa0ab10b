"""Settings from a cloud.gov binding: VCAP_SERVICES becomes the variables the settings already read."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.platform import environment_from_vcap

# Shaped as cloud.gov hands it over (cf env): one instance per offering, credentials from the brokers.
SAMPLE_VCAP_SERVICES = {
    "aws-rds": [
        {
            "name": "tracker-db",
            "label": "aws-rds",
            "plan": "medium-gp-psql-redundant",
            "credentials": {
                "db_name": "cgawsbrokerprodabc",
                "host": "cg-aws-broker-prodabc.example.us-gov-west-1.rds.amazonaws.com",
                "name": "cgawsbrokerprodabc",
                "password": "db-secret",
                "port": "5432",
                "uri": "postgres://u1:db-secret@cg-aws-broker-prodabc.example.us-gov-west-1.rds.amazonaws.com:5432/cgawsbrokerprodabc",
                "username": "u1",
            },
        }
    ],
    "aws-elasticache-redis": [
        {
            "name": "tracker-redis",
            "credentials": {
                "host": "master.cg-redis.example.cache.amazonaws.com",
                "hostname": "master.cg-redis.example.cache.amazonaws.com",
                "password": "redis/secret+",
                "port": "6379",
            },
        }
    ],
    "s3": [
        {
            "name": "tracker-evidence",
            "credentials": {
                "access_key_id": "AKIAEXAMPLE",
                "secret_access_key": "s3-secret",
                "bucket": "cg-0123-evidence",
                "region": "us-gov-west-1",
                "fips_endpoint": "s3-fips.us-gov-west-1.amazonaws.com",
                "uri": "s3://AKIAEXAMPLE:s3-secret@s3-us-gov-west-1.amazonaws.com/cg-0123-evidence",
            },
        }
    ],
}


def test_sample_binding_gives_database_redis_and_bucket():
    variables = environment_from_vcap(json.dumps(SAMPLE_VCAP_SERVICES))
    assert variables["DATABASE_URL"] == SAMPLE_VCAP_SERVICES["aws-rds"][0]["credentials"]["uri"]
    # No uri in the Redis credentials: built from host and password (quoted), over TLS, certificate checked.
    expected_redis = (
        "rediss://:redis%2Fsecret%2B@master.cg-redis.example.cache.amazonaws.com:6379?ssl_cert_reqs=required"
    )
    assert variables["CELERY_BROKER_URL"] == expected_redis
    assert variables["REDIS_URL"] == expected_redis
    assert variables["AWS_STORAGE_BUCKET_NAME"] == "cg-0123-evidence"
    assert variables["AWS_ACCESS_KEY_ID"] == "AKIAEXAMPLE"
    assert variables["AWS_SECRET_ACCESS_KEY"] == "s3-secret"
    assert variables["AWS_S3_REGION_NAME"] == "us-gov-west-1"
    assert variables["AWS_S3_ENDPOINT_URL"] == "https://s3-fips.us-gov-west-1.amazonaws.com"


def test_no_binding_means_nothing_changes():
    assert environment_from_vcap(None) == {}
    assert environment_from_vcap("") == {}
    assert environment_from_vcap("{}") == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (
            json.dumps({"s3": [{"name": "a", "credentials": {}}, {"name": "b", "credentials": {}}]}),
            "exactly one",
        ),
    ],
)
def test_a_broken_binding_stops_the_start_with_a_clear_message(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        environment_from_vcap(raw)


def test_settings_read_the_binding_and_an_explicit_variable_wins():
    """The settings module itself, started as the platform starts it, with VCAP_SERVICES set."""
    script = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'db': s.DATABASES['default']['HOST'], 'storage': s.STORAGES['default']['BACKEND'],"
        "'bucket': s.STORAGES['default']['OPTIONS']['bucket_name'], 'broker': s.CELERY_BROKER_URL,"
        "'scheduler': getattr(s, 'CELERY_BEAT_SCHEDULER', None)}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CELERY_", "AWS_", "REDIS_", "CACHE_"))
    }
    env["VCAP_SERVICES"] = json.dumps(SAMPLE_VCAP_SERVICES)
    env["DATABASE_URL"] = "postgres://explicit@127.0.0.1:5432/explicit"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["db"] == "127.0.0.1"  # the explicit DATABASE_URL, not the binding's
    assert seen["storage"] == "storages.backends.s3.S3Storage"
    assert seen["bucket"] == "cg-0123-evidence"
    assert seen["broker"].startswith("rediss://")
    assert seen["scheduler"] == "redbeat.RedBeatScheduler"


def test_the_binding_is_the_owner_and_the_app_connects_as_its_runtime_role():
    owner = SAMPLE_VCAP_SERVICES["aws-rds"][0]["credentials"]["uri"]
    raw = json.dumps(SAMPLE_VCAP_SERVICES)
    alone = environment_from_vcap(raw)
    assert alone["DATABASE_MIGRATE_URL"] == owner and alone["DATABASE_URL"] == owner, "until a role is made"
    variables = environment_from_vcap(raw, {"DATABASE_APP_PASSWORD": "app/secret+"})
    assert variables["DATABASE_MIGRATE_URL"] == owner
    assert variables["DATABASE_URL"] == (
        "postgres://tracker_app:app%2Fsecret%2B@cg-aws-broker-prodabc.example.us-gov-west-1.rds.amazonaws.com"
        ":5432/cgawsbrokerprodabc"
    )
