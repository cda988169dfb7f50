"""Finding 8 of issue 17: a server error leaves its traceback in the log, with the request id the answer
carries and without the request's secrets (ADR 0017)."""

import io
import json
import logging
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from core.observability import REQUEST_ID_HEADER


@pytest.fixture
def log_lines():
    """What the configured stderr handler writes, line by line."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stderr")
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        handler.setStream(old)


def test_a_500_seen_by_a_politician_logs_its_traceback_and_request_id_without_secrets(politician, seed, log_lines):
    client = Client(raise_request_exception=False)
    client.force_login(politician)
    session_key = client.cookies["sessionid"].value
    with mock.patch("projects.views.ProjectListView.get", side_effect=RuntimeError("noget gik galt")):
        response = client.get(
            reverse("projects:project_list") + "?token=hemmelig-token",
            HTTP_AUTHORIZATION="Bearer hemmelig-bearer",
        )
    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["request_id"] == request_id and error["status"] == 500
    assert error["method"] == "GET" and error["path"] == reverse("projects:project_list")
    assert "RuntimeError: noget gik galt" in error["exception"] and "Traceback" in error["exception"]
    written = json.dumps(log_lines())
    for secret in (session_key, "hemmelig-token", "hemmelig-bearer", "csrftoken"):
        assert secret not in written


def test_every_answer_carries_a_request_id_and_keeps_a_safe_one_from_the_proxy(client, seed):
    assert len(client.get("/login/")[REQUEST_ID_HEADER]) == 32
    assert client.get("/login/", HTTP_X_REQUEST_ID="proxy-1234abcd")[REQUEST_ID_HEADER] == "proxy-1234abcd"
    assert client.get("/login/", HTTP_X_REQUEST_ID="a\nb<script>")[REQUEST_ID_HEADER] != "a\nb<script>"
