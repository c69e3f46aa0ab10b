"""A local S3-compatible server for the tests: moto's server mode on 127.0.0.1.

moto speaks the S3 protocol well enough for django-storages (put, get, head, delete, ACLs, public access
blocks, encryption headers), but it keeps everything in memory, accepts any access key and does not enforce
ACLs or bucket policies on requests: a test can check what the tracker asks the bucket for, not that AWS
would refuse an anonymous reader.
"""

import logging
import socket
import time
from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

ACCESS_KEY = "local-test-access-key"
SECRET_KEY = "local-test-secret-key"
REGION = "us-gov-west-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalS3:
    server: ThreadedMotoServer
    port: int

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def make_private_bucket(self, name: str) -> None:
        """A bucket as the platform's broker makes one: every kind of public access blocked."""
        client = self.client()
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )

    def stop(self) -> None:
        self.server.stop()


def start_local_s3(port: int | None = None) -> LocalS3:
    port = port or free_port()
    # The server logs every request it answers; the tests need none of it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return LocalS3(server=server, port=port)
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("the local S3 server did not start")
