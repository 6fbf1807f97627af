"""Gatehouse against SailPoint's official Python SDK (PyPI `sailpoint`), used as published.

One suite for both SDK generations, run once in each venv (see xtask/src/sdk.rs):

- `sailpoint` 2.x (requirements-2x.txt) has a per-service package, `sailpoint.identities`,
  whose `IdentitiesApi` methods end in `_v1` and call `/identities/v1...`; the four
  experimental operations send `X-SailPoint-Experimental` only when the caller passes
  `x_sail_point_experimental="true"`.
- `sailpoint` 1.x (requirements-1x.txt) has `sailpoint.v2024`, whose `IdentitiesApi` calls
  `/v2024/identities...`. It sends the experimental header by itself only on the four
  experimental operations, while `/v2024/identities*` requires it on every operation
  (API.md, seed 001), so a 1.x caller sets it as a default header on the ApiClient
  (`test_v2024_without_experimental_header_is_400` shows why).

The server comes from the environment, as the SDK reads it: SAIL_BASE_URL,
SAIL_CLIENT_ID, SAIL_CLIENT_SECRET (demo-admin, ORG_ADMIN).
"""

import importlib.metadata
import json
import os

import pytest

from sailpoint.configuration import Configuration, ConfigurationParams

SDK_VERSION = importlib.metadata.version("sailpoint")
GEN = int(SDK_VERSION.split(".")[0])
BASE = os.environ["SAIL_BASE_URL"].rstrip("/")

if GEN >= 2:
    from sailpoint.identities import ApiClient, IdentitiesApi
    from sailpoint.identities import exceptions as sdk_exceptions
    from sailpoint.identities.models import (
        InviteIdentitiesRequest,
        ProcessIdentitiesRequest,
        SendAccountVerificationRequest,
    )

    from sailpoint.task_management import ApiClient as TaskApiClient
    from sailpoint.task_management import TaskManagementApi
    PREFIX = "/identities/v1"
    SUFFIX = "_v1"
else:
    from sailpoint.v2024 import ApiClient, IdentitiesApi, TaskManagementApi

    TaskApiClient = ApiClient
    from sailpoint.v2024 import exceptions as sdk_exceptions
    from sailpoint.v2024.models import (
        InviteIdentitiesRequest,
        ProcessIdentitiesRequest,
        SendAccountVerificationRequest,
    )

    PREFIX = "/v2024/identities"
    SUFFIX = ""

ApiException = sdk_exceptions.ApiException
# Passed on the four experimental operations (invite, process, synchronize-attributes,
# verification/account/send); 1.x defaults it to "true" already, 2.x needs it.
XP = {"x_sail_point_experimental": "true"}

def pytest_report_header(config):
    return f"sailpoint {SDK_VERSION} ({'per-service /identities/v1' if GEN >= 2 else '/v2024'}) against {BASE}"


class Sail:
    """One signed-in SDK client: the SDK's Configuration, ApiClient and IdentitiesApi."""

    def __init__(self, client_id=None, secret=None, access_token=None, default_experimental=True):
        if client_id is None and access_token is None:
            # Exactly as the SDK documents: everything from SAIL_* in the environment.
            self.config = Configuration()
        else:
            params = ConfigurationParams()
            params.base_url = BASE
            params.client_id = client_id
            params.client_secret = secret
            params.access_token = access_token
            self.config = Configuration(params)
        self.config.experimental = True
        self.config.suppress_experimental_warnings = True
        self.client = ApiClient(self.config)
        if GEN < 2 and default_experimental:
            self.client.set_default_header("X-SailPoint-Experimental", "true")
        self.api = IdentitiesApi(self.client)

    def op(self, name):
        """The SDK method for an operation: `list_identities` is `list_identities_v1` in 2.x."""
        if name.endswith("_with_http_info"):
            return getattr(self.api, name[: -len("_with_http_info")] + SUFFIX + "_with_http_info")
        return getattr(self.api, name + SUFFIX)

    def raw(self, method, path, body=None, headers=None):
        """A request through the SDK's own ApiClient (its rest client and token), for
        what the typed methods cannot send. Returns (status, headers, parsed body)."""
        h = {
            "Accept": "application/json",
            "Authorization": f"Bearer {self.config.access_token}",
            "X-SailPoint-Experimental": "true",
        }
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        resp = self.client.call_api(method, BASE + path, header_params=h, body=body)
        resp.read()
        text = resp.data.decode("utf-8") if resp.data else ""
        try:
            data = json.loads(text) if text else None
        except ValueError:
            data = text
        return resp.status, resp.getheaders(), data

    def task_status(self, task_id):
        """The SDK's own TaskManagementApi, which parses the TaskStatus: 1.x calls
        `/v2024/task-status/{id}`, 2.x `/task-status/v1/{id}`. Returns (status, TaskStatus)."""
        tasks = TaskManagementApi(TaskApiClient(self.config))
        read = tasks.get_task_status_v1_with_http_info if GEN >= 2 else tasks.get_task_status_with_http_info
        status = read(id=task_id)
        return status.status_code, status.data


def error_text(exc):
    """The ErrorResponseDto's first message text (or the whole body)."""
    try:
        body = json.loads(exc.body)
    except (TypeError, ValueError):
        return str(exc.body)
    msgs = body.get("messages") if isinstance(body, dict) else None
    if msgs:
        return " ".join(m.get("text", "") for m in msgs)
    return json.dumps(body)


@pytest.fixture(scope="session")
def admin():
    sail = Sail()
    assert sail.config.access_token, "demo-admin could not sign in"
    return sail


@pytest.fixture(scope="session")
def requester():
    return Sail("demo-requester", "demo-requester-secret")


@pytest.fixture(scope="session")
def policy_admin():
    return Sail("demo-policy", "demo-policy-secret")


def by_alias(sail, alias):
    found = sail.op("list_identities")(filters=f'alias eq "{alias}"')
    assert len(found) == 1, f"alias {alias}: {found}"
    return found[0]


@pytest.fixture(scope="session")
def personas(admin):
    return {
        alias: by_alias(admin, alias)
        for alias in ["demo-admin", "demo-policy", "demo-source", "demo-requester", "demo-approver"]
    }


@pytest.fixture(scope="session")
def plain(admin):
    """Plain demo people (no user level, not a persona, not a department head, not
    protected) that own nothing, in a fixed order: each mutating test takes its own."""
    candidates = admin.op("list_identities")(
        filters='cloudStatus eq "ACTIVE" and protected eq false', sorters="-name", limit=60
    )
    out = []
    for ident in candidates:
        # Generated people past the first-name walk have a numeric alias suffix; the
        # department heads (who own sources, roles, entitlements) do not.
        if ident.alias.startswith("demo-") or not ident.alias[-1].isdigit():
            continue
        try:
            owned = admin.op("get_identity_ownership_details")(identity_id=ident.id)
            if owned.association_details:
                continue
        except ApiException:
            pass  # ownership has its own test; the alias rule above already excludes owners
        out.append(ident)
    assert len(out) >= 8, [i.alias for i in out]
    return out
