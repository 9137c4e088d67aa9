"""A local S3-compatible server for tests: moto in server mode, on a loopback port.

`s3_server` starts moto's ThreadedMotoServer (an HTTP server speaking the S3 API, in a
thread of the test process) and creates a public and a private bucket. `s3_media` points
the site's STORAGES at them through the real settings code (cancercenter/settings.py run
again with MEDIA_S3_* set), so what is tested is what a deployment gets. Without moto (a
production install) the tests that need it are skipped, saying why.
"""

import logging
import runpy
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from tests.ports import free_port

PUBLIC_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"
ACCESS_KEY, SECRET_KEY = "test-access-key", "test-secret-key"


@dataclass
class S3Server:
    endpoint: str
    client: object

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    def get(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()


def anonymous_get(url: str) -> tuple[int, bytes]:
    """GET a URL as a browser without credentials would; (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture(scope="session")
def s3_server():
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        pytest.skip(f"moto's S3 server cannot start: {error} (install the dev extra)")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        server.start()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    except Exception as error:  # noqa: BLE001 - any reason it cannot run is a skip
        pytest.skip(f"moto's S3 server did not start on 127.0.0.1:{port}: {error}")
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket)
    yield S3Server(endpoint=endpoint, client=client)
    server.stop()


def s3_settings(monkeypatch, **variables) -> dict:
    """The settings module's namespace as it would be with these environment variables."""
    import cancercenter.settings

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(cancercenter.settings.__file__)
    for name in variables:
        monkeypatch.delenv(name)
    return namespace


def media_variables(endpoint: str, **overrides) -> dict:
    return {
        "MEDIA_S3_BUCKET": PUBLIC_BUCKET,
        "PRIVATE_MEDIA_S3_BUCKET": PRIVATE_BUCKET,
        "PRIVATE_MEDIA_S3_PREFIX": "",
        "MEDIA_S3_ACL": "public-read",  # moto, like many stores, reads ACLs
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION_NAME": "us-east-1",
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        **overrides,
    }


def use_object_storage(settings, monkeypatch, endpoint: str, **overrides) -> dict:
    """Point STORAGES (and the CSP's img-src) at object storage, as the settings would."""
    namespace = s3_settings(monkeypatch, **media_variables(endpoint, **overrides))
    settings.STORAGES = {
        **namespace["STORAGES"],
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    settings.CONTENT_SECURITY_POLICY = namespace["CONTENT_SECURITY_POLICY"]
    settings.MEDIA_ORIGIN = namespace["MEDIA_ORIGIN"]
    return namespace


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """The site's media on the moto server; both buckets emptied after the test."""
    use_object_storage(settings, monkeypatch, s3_server.endpoint)
    yield s3_server
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        for key in s3_server.keys(bucket):
            s3_server.client.delete_object(Bucket=bucket, Key=key)
