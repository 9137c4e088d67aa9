"""The same-origin CSP report endpoint: logs and counts violations, rate-limited."""

import json
import logging
from http import HTTPStatus

import pytest

from cancercenter.csp import violations_counted

REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/search/?q=lymphoma",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js?token=1",
    }
}


def post(client, body=REPORT, **headers):
    return client.post(
        "/csp-report/", json.dumps(body), content_type="application/csp-report", **headers
    )


def test_a_report_is_logged_without_query_strings_and_counted(client, caplog):
    caplog.set_level(logging.WARNING)
    assert post(client, HTTP_SEC_FETCH_SITE="same-origin").status_code == HTTPStatus.NO_CONTENT
    assert "CSP violation: script-src-elem blocked https://evil.example/x.js" in caplog.text
    assert "lymphoma" not in caplog.text and "token" not in caplog.text
    assert violations_counted() == 1


def test_the_reporting_api_format_is_read(client, caplog):
    caplog.set_level(logging.WARNING)
    violation = {
        "effectiveDirective": "img-src",
        "blockedURL": "https://tracker.example/p.gif",
        "documentURL": "http://testserver/",
    }
    body = [{"type": "csp-violation", "body": violation}]
    response = client.post(
        "/csp-report/", json.dumps(body), content_type="application/reports+json"
    )
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert "img-src blocked https://tracker.example/p.gif" in caplog.text


def test_reports_from_other_sites_are_refused(client):
    assert post(client, HTTP_SEC_FETCH_SITE="cross-site").status_code == HTTPStatus.FORBIDDEN
    assert post(client, HTTP_ORIGIN="https://evil.example").status_code == HTTPStatus.FORBIDDEN
    assert violations_counted() == 0


def test_reports_are_rate_limited_and_bounded(client, settings):
    settings.CSP_REPORT_RATE_LIMIT = 3
    statuses = [post(client).status_code for _ in range(5)]
    assert statuses == [204, 204, 204, 429, 429]
    assert violations_counted() == 3
    assert client.get("/csp-report/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert post(client, body="not json").status_code in {400, 429}


@pytest.mark.django_db
def test_pages_name_the_report_endpoint(client):
    response = client.get("/")
    assert 'csp="/csp-report/"' == response.headers["Reporting-Endpoints"]
    assert "report-to csp" in response.headers["Content-Security-Policy"]


def test_photos_may_not_be_embedded_by_other_sites(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "ana.webp").write_bytes(b"RIFF-photo")
    response = client.get("/media/ana.webp")
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
