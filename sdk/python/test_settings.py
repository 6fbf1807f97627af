"""Tenant security settings, the JIT activation policy and provisioning policies through
the official Python SDK, as published (API.md "SailPoint v3 Global Tenant Security
Settings", "SailPoint JIT activation config", "SailPoint v3 provisioning policies").

- `sailpoint` 2.x: per-service packages `sailpoint.global_tenant_security_settings`
  (`/auth-org/v1/...`), `sailpoint.sources` (`/sources/v1/{sourceId}/provisioning-policies...`)
  and `sailpoint.jit_access` (`/jit-activation-config/v1/{configType}`); methods end in `_v1`.
- `sailpoint` 1.x: `sailpoint.v3` `GlobalTenantSecuritySettingsApi` and `SourcesApi`
  (`/v3/auth-org/...`, `/v3/sources/...`); it has no JIT client.

Each test leaves the documents as it found them (the settings govern the server itself:
lockout, session lifetimes, the network allow-list), so the order the tests run in does not
matter; test_identities.py runs first on the same server and changes no settings.
"""

import uuid
import warnings

import pytest
from pydantic import ValidationError

from conftest import GEN, XP, Sail, error_text

if GEN >= 2:
    from sailpoint.global_tenant_security_settings import ApiClient as AuthOrgClient
    from sailpoint.global_tenant_security_settings import GlobalTenantSecuritySettingsApi
    from sailpoint.global_tenant_security_settings import exceptions as auth_org_exceptions
    from sailpoint.global_tenant_security_settings.models import (
        ArrayInner,
        JsonPatchOperation,
        JsonPatchOperationValue,
        NetworkConfiguration,
    )
    from sailpoint.jit_access import ApiClient as JitClient
    from sailpoint.jit_access import JITAccessApi
    from sailpoint.jit_access import exceptions as jit_exceptions
    from sailpoint.jit_access.models import JitAccessOperationRequest, JitAccessOperationRequestValue
    from sailpoint.sources import ApiClient as SourcesClient
    from sailpoint.sources import SourcesApi
    from sailpoint.sources import exceptions as sources_exceptions
    from sailpoint.sources.models import FieldDetailsDto, ProvisioningPolicyDto, UsageType
    from sailpoint.sources.models import JsonPatchOperation as SourcePatchOperation
    from sailpoint.sources.models import JsonPatchOperationValue as SourcePatchValue

    API_EXCEPTIONS = (
        auth_org_exceptions.ApiException,
        sources_exceptions.ApiException,
        jit_exceptions.ApiException,
    )
    SUFFIX = "_v1"
else:
    from sailpoint.v3 import ApiClient as AuthOrgClient
    from sailpoint.v3 import GlobalTenantSecuritySettingsApi, SourcesApi
    from sailpoint.v3 import exceptions as v3_exceptions
    from sailpoint.v3.models import (
        ArrayInner,
        FieldDetailsDto,
        JsonPatchOperation,
        JsonPatchOperationValue,
        NetworkConfiguration,
        ProvisioningPolicyDto,
        UsageType,
    )

    SourcesClient = AuthOrgClient
    SourcePatchOperation, SourcePatchValue = JsonPatchOperation, JsonPatchOperationValue
    API_EXCEPTIONS = (v3_exceptions.ApiException,)
    SUFFIX = ""

UNKNOWN = "0123456789abcdef0123456789abcdef"
NO_VALUE = object()

DEFAULT_LOCKOUT = {"maximumAttempts": 5, "lockoutDuration": 15, "lockoutWindow": 5}
DEFAULT_SESSION = {"maxIdleTime": 15, "rememberMe": False, "maxSessionTime": 480}
DEFAULT_NETWORK = {"range": None, "geolocation": None, "whitelisted": False}
DEFAULT_SP = {
    "enabled": False,
    "bypassIdp": False,
    "samlConfigurationValid": False,
    "federationProtocolDetails": [
        {"role": "SAML_IDP", "includeAuthnContext": False, "mappingAttribute": "email"},
        {
            "role": "SAML_SP",
            "entityId": "https://gatehouse.example/sp",
            "alias": "gatehouse-sp",
            "callbackUrl": "https://gatehouse.example/saml/SSO/alias/gatehouse-sp",
        },
    ],
}


def call(api, name, **kwargs):
    """The SDK method for an operation: `get_auth_org_lockout_config` is
    `get_auth_org_lockout_config_v1` in 2.x (also for `..._with_http_info`)."""
    if name.endswith("_with_http_info"):
        return getattr(api, name[: -len("_with_http_info")] + SUFFIX + "_with_http_info")(**kwargs)
    return getattr(api, name + SUFFIX)(**kwargs)


def expect_error(status, fn, *args, **kwargs):
    with pytest.raises(API_EXCEPTIONS) as info:
        fn(*args, **kwargs)
    assert info.value.status == status, f"expected {status}, got {info.value.status}: {info.value.body}"
    return info.value


def _patch(op_model, value_model, op, path, value):
    if value is NO_VALUE:
        return op_model(op=op, path=path)
    if value is None or isinstance(value, list):
        # The SDK's JsonPatchOperationValue cannot carry these as published: a list must be
        # List[ArrayInner], which its ApiClient then fails to serialize (see
        # test_sdk_cannot_serialize_a_list_patch_value), and None matches every one of its
        # oneOf schemas. model_construct keeps the SDK's models and skips that validation.
        return op_model(op=op, path=path, value=value_model.model_construct(actual_instance=value))
    return op_model(op=op, path=path, value=value_model(value))


def op(op_name, path, value=NO_VALUE):
    """A JsonPatchOperation of the auth-org package."""
    return _patch(JsonPatchOperation, JsonPatchOperationValue, op_name, path, value)


def source_op(op_name, path, value=NO_VALUE):
    """A JsonPatchOperation of the sources package (its own model class in 2.x)."""
    return _patch(SourcePatchOperation, SourcePatchValue, op_name, path, value)


def quietly(build):
    """Builds a model the SDK only warns about (an enum value it does not know)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build()


class Clients:
    """One signed-in SDK client's settings APIs (sharing its Configuration and token)."""

    def __init__(self, sail):
        self.sail = sail
        self.auth_org = GlobalTenantSecuritySettingsApi(AuthOrgClient(sail.config))
        self.sources = SourcesApi(SourcesClient(sail.config))
        self.jit = JITAccessApi(JitClient(sail.config)) if GEN >= 2 else None

    def get(self, doc):
        """`lockout`, `session`, `network` or `service_provider`, as its SDK model."""
        return call(self.auth_org, f"get_auth_org_{doc}_config")

    def patch(self, doc, *ops):
        return call(self.auth_org, f"patch_auth_org_{doc}_config", json_patch_operation=list(ops))


@pytest.fixture(scope="module")
def sdk(admin):
    return Clients(admin)


@pytest.fixture(scope="module")
def source_ids(sdk):
    """Source name → id. 1.x lists sources with its SourcesApi (`GET /v3/sources`); 2.x's
    `list_sources_v1` calls `/sources/v1`, which the server does not serve (API.md lists
    sources only at `/v3/sources`), so 2.x reads that through the SDK's own client."""
    if GEN >= 2:
        status, _, data = sdk.sail.raw("GET", "/v3/sources")
        assert status == 200, data
        found = {s["name"]: s["id"] for s in data}
    else:
        found = {s.name: s.id for s in sdk.sources.list_sources()}
    assert set(found) == {"Active Directory", "Workday", "GitHub Enterprise", "Salesforce"}, found
    return found


def refused(read, send, *words, status=400):
    """`send()` answers `status` with an ErrorResponseDto naming every word, and the
    document `read()` returns is the same afterwards (read again and compared)."""
    before = read()
    err = expect_error(status, send)
    text = error_text(err)
    for w in words:
        assert w in text, f"'{text}' should mention '{w}'"
    assert read() == before
    return text


# --- lockout ------------------------------------------------------------------------


def test_lockout_defaults(sdk):
    got = sdk.get("lockout")
    assert (got.maximum_attempts, got.lockout_duration, got.lockout_window) == (5, 15, 5)
    assert got.to_dict() == DEFAULT_LOCKOUT


def test_lockout_patch_replace_and_add(sdk):
    try:
        resp = call(
            sdk.auth_org,
            "patch_auth_org_lockout_config_with_http_info",
            json_patch_operation=[op("replace", "/maximumAttempts", 7), op("add", "/lockoutDuration", 35)],
        )
        assert resp.status_code == 200
        assert (resp.data.maximum_attempts, resp.data.lockout_duration, resp.data.lockout_window) == (7, 35, 5)
        patched = sdk.patch("lockout", op("replace", "/lockoutWindow", 10))
        assert patched.to_dict() == {"maximumAttempts": 7, "lockoutDuration": 35, "lockoutWindow": 10}
        assert sdk.get("lockout").to_dict() == patched.to_dict()
    finally:
        restored = sdk.patch(
            "lockout",
            op("replace", "/maximumAttempts", 5),
            op("replace", "/lockoutDuration", 15),
            op("replace", "/lockoutWindow", 5),
        )
    assert restored.to_dict() == DEFAULT_LOCKOUT


@pytest.mark.parametrize(
    "ops, words",
    [
        ([("replace", "/maximumAttempts", 16)], ["maximumAttempts", "between 1 and 15", "16"]),
        ([("replace", "/maximumAttempts", 0)], ["maximumAttempts", "between 1 and 15"]),
        ([("replace", "/lockoutDuration", 4)], ["lockoutDuration", "between 5 and 60"]),
        ([("replace", "/lockoutWindow", 61)], ["lockoutWindow", "between 5 and 60"]),
        ([("replace", "/lockoutWindow", "ten")], ["lockoutWindow", "invalid type"]),
        ([("add", "/description", "New description")], ["description"]),
        # Applied whole or not at all: the valid first operation is not kept either.
        ([("replace", "/maximumAttempts", 3), ("replace", "/lockoutDuration", 61)], ["lockoutDuration"]),
        ([("replace", "/maximumAttempts", 3), ("test", "/maximumAttempts", 99)], ["test", "/maximumAttempts"]),
    ],
    ids=["attempts-16", "attempts-0", "duration-4", "window-61", "window-text", "unknown-field", "second-op", "test-op"],
)
def test_lockout_invalid_patch_is_400_and_changes_nothing(sdk, ops, words):
    read = lambda: sdk.get("lockout").to_dict()  # noqa: E731
    refused(read, lambda: sdk.patch("lockout", *[op(*o) for o in ops]), *words)
    assert read() == DEFAULT_LOCKOUT


# --- session ------------------------------------------------------------------------


def test_session_defaults(sdk):
    got = sdk.get("session")
    assert (got.max_idle_time, got.remember_me, got.max_session_time) == (15, False, 480)
    assert got.to_dict() == DEFAULT_SESSION


def test_session_patch(sdk):
    try:
        patched = sdk.patch(
            "session",
            op("replace", "/maxSessionTime", 600),
            op("replace", "/maxIdleTime", 30),
            op("replace", "/rememberMe", True),
        )
        assert (patched.max_session_time, patched.max_idle_time, patched.remember_me) == (600, 30, True)
        assert sdk.get("session").to_dict() == patched.to_dict()
        # The API keeps working for the token issued under the old settings.
        assert sdk.get("lockout").to_dict() == DEFAULT_LOCKOUT
    finally:
        restored = sdk.patch(
            "session",
            op("replace", "/maxSessionTime", 480),
            op("replace", "/maxIdleTime", 15),
            op("replace", "/rememberMe", False),
        )
    assert restored.to_dict() == DEFAULT_SESSION


@pytest.mark.parametrize(
    "ops, words",
    [
        ([("replace", "/maxSessionTime", 10)], ["maxSessionTime", "greater than maxIdleTime"]),
        ([("replace", "/maxSessionTime", 10081)], ["maxSessionTime", "10080"]),
        ([("replace", "/maxIdleTime", 1441)], ["maxIdleTime", "1440"]),
        ([("replace", "/maxIdleTime", 0)], ["maxIdleTime"]),
        ([("replace", "/rememberMe", "yes")], ["rememberMe"]),
    ],
    ids=["session-below-idle", "session-10081", "idle-1441", "idle-0", "remember-text"],
)
def test_session_invalid_patch_is_400_and_changes_nothing(sdk, ops, words):
    read = lambda: sdk.get("session").to_dict()  # noqa: E731
    refused(read, lambda: sdk.patch("session", *[op(*o) for o in ops]), *words)
    assert read() == DEFAULT_SESSION


# --- network ------------------------------------------------------------------------


def network(sdk):
    return sdk.get("network").to_dict()


def post_network(sdk, **fields):
    return call(sdk.auth_org, "create_auth_org_network_config", network_configuration=NetworkConfiguration(**fields))


def restore_network(sdk):
    # NetworkConfiguration() sends only whitelisted: range and geolocation are stored as
    # null (no restriction).
    assert post_network(sdk).to_dict() == DEFAULT_NETWORK
    assert network(sdk) == DEFAULT_NETWORK


def test_network_defaults(sdk):
    got = sdk.get("network")
    assert (got.range, got.geolocation, got.whitelisted) == (None, None, False)


def test_network_patch_that_keeps_the_maker_in(sdk):
    try:
        patched = sdk.patch(
            "network",
            op("add", "/range", ["127.0.0.0/8", "::1"]),
            op("add", "/geolocation", ["AF", "HN", "ES"]),
            op("replace", "/whitelisted", False),
        )
        assert (patched.range, patched.geolocation, patched.whitelisted) == (
            ["127.0.0.0/8", "::1"],
            ["AF", "HN", "ES"],
            False,
        )
        assert network(sdk) == patched.to_dict()
        # The allow-list is enforced and lets this client (127.0.0.1) in.
        assert sdk.get("lockout").to_dict() == DEFAULT_LOCKOUT
        flipped = sdk.patch("network", op("replace", "/whitelisted", True))
        assert (flipped.range, flipped.geolocation, flipped.whitelisted) == (
            ["127.0.0.0/8", "::1"],
            ["AF", "HN", "ES"],
            True,
        )
        cleared = sdk.patch("network", op("replace", "/range", None), op("remove", "/geolocation"))
        assert (cleared.range, cleared.geolocation, cleared.whitelisted) == (None, None, True)
    finally:
        restore_network(sdk)


def test_network_post_replaces_the_document(sdk):
    try:
        resp = call(
            sdk.auth_org,
            "create_auth_org_network_config_with_http_info",
            network_configuration=NetworkConfiguration(
                range=["127.0.0.1", "::1", "10.0.0.0/8"], geolocation=["CA", "US"], whitelisted=True
            ),
        )
        assert resp.status_code == 200
        assert resp.data.to_dict() == {
            "range": ["127.0.0.1", "::1", "10.0.0.0/8"],
            "geolocation": ["CA", "US"],
            "whitelisted": True,
        }
        assert network(sdk) == resp.data.to_dict()
    finally:
        restore_network(sdk)


@pytest.mark.parametrize(
    "ops, words",
    [
        # A range that shuts out 127.0.0.1 (the SDK's own address) is refused.
        ([("add", "/range", ["10.0.0.0/8"])], ["range", "shut out", "127.0.0.1"]),
        ([("add", "/range", ["10.0.0.0/33"])], ["range", "10.0.0.0/33"]),
        ([("add", "/range", ["127.0.0.1", "not-an-address"])], ["range", "not-an-address"]),
        ([("add", "/geolocation", ["CA", "usa"])], ["geolocation", "usa"]),
        ([("replace", "/whitelisted", "yes")], ["whitelisted"]),
    ],
    ids=["shuts-out-maker", "bad-cidr", "not-an-address", "lowercase-country", "whitelisted-text"],
)
def test_network_invalid_patch_is_400_and_changes_nothing(sdk, ops, words):
    refused(lambda: network(sdk), lambda: sdk.patch("network", *[op(*o) for o in ops]), *words)
    assert network(sdk) == DEFAULT_NETWORK


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"range": ["192.168.0.0/16"]}, ["range", "shut out", "127.0.0.1"]),
        ({"range": ["127.0.0.1"], "geolocation": ["USA"]}, ["geolocation", "USA"]),
    ],
    ids=["shuts-out-maker", "three-letter-country"],
)
def test_network_invalid_post_is_400_and_changes_nothing(sdk, fields, words):
    refused(lambda: network(sdk), lambda: post_network(sdk, **fields), *words)
    assert network(sdk) == DEFAULT_NETWORK


def test_sdk_cannot_serialize_a_list_patch_value(sdk):
    # Why op() builds list values with model_construct: as published, the SDK's
    # JsonPatchOperationValue refuses a plain list of strings, and its ApiClient fails on
    # the List[ArrayInner] it accepts instead (ArrayInner.to_dict returns the bare string).
    with pytest.raises(ValueError):
        JsonPatchOperationValue(["127.0.0.1"])
    value = JsonPatchOperationValue([ArrayInner("127.0.0.1")])
    with pytest.raises(AttributeError):
        sdk.auth_org.api_client.sanitize_for_serialization(
            [JsonPatchOperation(op="add", path="/range", value=value)]
        )
    # The workaround sends the list as it is.
    assert sdk.auth_org.api_client.sanitize_for_serialization([op("add", "/range", ["127.0.0.1"])]) == [
        {"op": "add", "path": "/range", "value": ["127.0.0.1"]}
    ]


# --- service provider ---------------------------------------------------------------


def service_provider(sdk):
    return sdk.get("service_provider").to_dict()


def restore_service_provider(sdk):
    restored = sdk.patch(
        "service_provider",
        op("replace", "/enabled", False),
        op("replace", "/bypassIdp", False),
        op("replace", "/federationProtocolDetails/0/entityId", None),
        op("replace", "/federationProtocolDetails/0/jitConfiguration", None),
    )
    assert restored.to_dict() == DEFAULT_SP


def test_service_provider_defaults(sdk):
    got = sdk.get("service_provider")
    assert (got.enabled, got.bypass_idp, got.saml_configuration_valid) == (False, False, False)
    idp, sp = [d.actual_instance for d in got.federation_protocol_details]
    assert type(idp).__name__ == "IdpDetails"
    assert (idp.role, idp.entity_id, idp.mapping_attribute, idp.jit_configuration) == (
        "SAML_IDP",
        None,
        "email",
        None,
    )
    assert type(sp).__name__ == "SpDetails"
    assert (sp.role, sp.alias, sp.callback_url) == (
        "SAML_SP",
        "gatehouse-sp",
        "https://gatehouse.example/saml/SSO/alias/gatehouse-sp",
    )
    assert got.to_dict() == DEFAULT_SP


def test_service_provider_valid_patch(sdk, source_ids):
    # The spec's example, with a source that exists.
    ad = source_ids["Active Directory"]
    mappings = {
        "firstName": "okta.firstName",
        "lastName": "okta.lastName",
        "email": "okta.email",
        "employeeNumber": "okta.employeeNumber",
    }
    try:
        resp = call(
            sdk.auth_org,
            "patch_auth_org_service_provider_config_with_http_info",
            json_patch_operation=[
                op("replace", "/enabled", True),
                op("replace", "/bypassIdp", True),
                op("replace", "/federationProtocolDetails/0/entityId", "http://www.okta.com/exk"),
                op(
                    "add",
                    "/federationProtocolDetails/0/jitConfiguration",
                    {"enabled": True, "sourceId": ad, "sourceAttributeMappings": mappings},
                ),
            ],
        )
        assert resp.status_code == 200
        got = resp.data
        assert (got.enabled, got.bypass_idp) == (True, True)
        idp, sp = [d.actual_instance for d in got.federation_protocol_details]
        assert idp.entity_id == "http://www.okta.com/exk"
        assert (idp.jit_configuration.enabled, idp.jit_configuration.source_id) == (True, ad)
        assert idp.jit_configuration.source_attribute_mappings == mappings
        assert sp.to_dict() == DEFAULT_SP["federationProtocolDetails"][1]
        assert service_provider(sdk) == got.to_dict()
        # Once enabled, the IdP keeps its entityId (rule 4).
        refused(
            lambda: service_provider(sdk),
            lambda: sdk.patch("service_provider", op("replace", "/federationProtocolDetails/0/entityId", " ")),
            "rule 4",
            "entityId",
        )
    finally:
        restore_service_provider(sdk)


JIT_FIRST_NAME_ONLY = {"enabled": True, "sourceAttributeMappings": {"firstName": "okta.firstName"}}
JIT_UNKNOWN_SOURCE = {
    "enabled": True,
    "sourceId": "no-such-source",
    "sourceAttributeMappings": {"firstName": "a", "lastName": "b", "email": "c"},
}


@pytest.mark.parametrize(
    "ops, words",
    [
        (
            [("add", "/federationProtocolDetails/-", {"role": "SAML_IDP", "mappingAttribute": "email"})],
            ["rule 1", "federationProtocolDetails"],
        ),
        ([("remove", "/federationProtocolDetails/0")], ["rule 1", "federationProtocolDetails"]),
        (
            [("remove", "/federationProtocolDetails/0"), ("replace", "/enabled", True)],
            ["rule 1", "rule 3", "IdpDetails"],
        ),
        ([("replace", "/federationProtocolDetails/1/alias", "mine")], ["rule 2", "SAML_SP"]),
        ([("replace", "/enabled", True)], ["rule 4", "entityId"]),
        (
            [
                ("replace", "/enabled", True),
                ("replace", "/federationProtocolDetails/0/entityId", "http://idp"),
                ("add", "/federationProtocolDetails/0/jitConfiguration", JIT_FIRST_NAME_ONLY),
            ],
            ["rule 5", "jitConfiguration.sourceId", "missing: lastName, email"],
        ),
        (
            [("add", "/federationProtocolDetails/0/jitConfiguration", JIT_UNKNOWN_SOURCE)],
            ["rule 5", "jitConfiguration.sourceId", "'no-such-source' is invalid"],
        ),
    ],
    ids=["rule1-add", "rule1-remove", "rule3-no-idp", "rule2-sp-changed", "rule4-no-entity-id", "rule5-mappings", "rule5-source"],
)
def test_service_provider_rule_breaking_patch_is_400_and_changes_nothing(sdk, ops, words):
    refused(lambda: service_provider(sdk), lambda: sdk.patch("service_provider", *[op(*o) for o in ops]), *words)
    assert service_provider(sdk) == DEFAULT_SP


# --- who may use the settings -------------------------------------------------------


def test_only_org_admins_use_the_auth_org_settings(requester, policy_admin):
    for who in (requester, policy_admin):
        clients = Clients(who)
        expect_error(403, clients.get, "lockout")
        expect_error(403, clients.patch, "session", op("replace", "/maxIdleTime", 20))
    assert Clients(Sail()).get("session").to_dict() == DEFAULT_SESSION


# --- JIT activation policy (2.x only: 1.x has no JIT client) ------------------------

if GEN >= 2:

    def jit_op(path, value):
        return JitAccessOperationRequest(op="replace", path=path, value=JitAccessOperationRequestValue(value))

    def jit_policy(sdk):
        return sdk.jit.get_jit_activation_config_v1(config_type="policy").to_dict()

    def jit_patch(sdk, *ops, **kwargs):
        return sdk.jit.patch_jit_activation_config_v1(
            config_type="policy", jit_access_operation_request=list(ops), **kwargs
        )

    def test_jit_policy_get(sdk):
        resp = sdk.jit.get_jit_activation_config_v1_with_http_info(config_type="policy", **XP)
        assert resp.status_code == 200
        p = resp.data
        assert str(uuid.UUID(p.id)) == p.id
        assert len(p.entitlement_ids) == 4 and len(set(p.entitlement_ids)) == 4
        assert (
            p.max_activation_period_mins,
            p.max_activation_period_extension_mins,
            p.default_max_activation_period_mins,
            p.default_max_activation_period_extension_mins,
        ) == (240, 60, 60, 30)
        assert p.notification_recipients == ["security-team@gatehouse.example"]
        assert p.notification_template == "jit-activation-default"
        assert p.apply_to_future_assignments is True
        # The experimental header is accepted, not required.
        assert jit_policy(sdk) == p.to_dict()

    def test_jit_policy_patch_replace_operations(sdk):
        before = sdk.jit.get_jit_activation_config_v1(config_type="policy")
        first = before.entitlement_ids[0]
        try:
            resp = sdk.jit.patch_jit_activation_config_v1_with_http_info(
                config_type="policy",
                jit_access_operation_request=[
                    jit_op("/maxActivationPeriodMins", 480),
                    jit_op("/defaultMaxActivationPeriodMins", 120),
                    jit_op("/notificationRecipients", ["owner@example.com", "soc@example.com"]),
                    jit_op("/notificationTemplate", "jit-activation-short"),
                    jit_op("/applyToFutureAssignments", False),
                    jit_op("/entitlementIds", [first]),
                ],
                **XP,
            )
            assert resp.status_code == 200
            after = resp.data
            assert after.id == before.id
            assert (after.max_activation_period_mins, after.default_max_activation_period_mins) == (480, 120)
            assert after.max_activation_period_extension_mins == 60
            assert after.notification_recipients == ["owner@example.com", "soc@example.com"]
            assert after.notification_template == "jit-activation-short"
            assert after.apply_to_future_assignments is False
            assert after.entitlement_ids == [first]
            assert jit_policy(sdk) == after.to_dict()
        finally:
            restored = jit_patch(
                sdk,
                jit_op("/defaultMaxActivationPeriodMins", before.default_max_activation_period_mins),
                jit_op("/maxActivationPeriodMins", before.max_activation_period_mins),
                jit_op("/notificationRecipients", before.notification_recipients),
                jit_op("/notificationTemplate", before.notification_template),
                jit_op("/applyToFutureAssignments", before.apply_to_future_assignments),
                jit_op("/entitlementIds", before.entitlement_ids),
            )
        assert restored.to_dict() == before.to_dict()

    @pytest.mark.parametrize(
        "path, value, words",
        [
            (
                "/defaultMaxActivationPeriodMins",
                241,
                ["defaultMaxActivationPeriodMins (241) must not exceed maxActivationPeriodMins (240)"],
            ),
            ("/maxActivationPeriodMins", 59, ["defaultMaxActivationPeriodMins (60)", "maxActivationPeriodMins (59)"]),
            (
                "/defaultMaxActivationPeriodExtensionMins",
                61,
                ["defaultMaxActivationPeriodExtensionMins (61)", "maxActivationPeriodExtensionMins (60)"],
            ),
            ("/maxActivationPeriodMins", 0, ["maxActivationPeriodMins", "at least 1 minute"]),
            (
                "/notificationRecipients",
                ["owner@example.com", "not-an-address"],
                ["notificationRecipients", "'not-an-address' is not an e-mail address"],
            ),
            ("/entitlementIds", [UNKNOWN], ["entitlementIds", UNKNOWN]),
            ("/applyToFutureAssignments", "yes", ["applyToFutureAssignments"]),
            ("/id", "x", ["'/id' is not a path"]),
        ],
        ids=["default-above-max", "max-below-default", "ext-default-above-max", "zero", "bad-email", "unknown-entitlement", "bool-text", "bad-path"],
    )
    def test_jit_invalid_patch_is_400_and_changes_nothing(sdk, path, value, words):
        operation = quietly(lambda: jit_op(path, value))
        refused(lambda: jit_policy(sdk), lambda: jit_patch(sdk, operation), *words)

    def test_jit_empty_patch_is_400(sdk):
        # The SDK refuses an empty list before sending (min_length=1); the server too.
        with pytest.raises(ValidationError):
            jit_patch(sdk)
        status, _, body = sdk.sail.raw("PATCH", "/jit-activation-config/v1/policy", body=[])
        assert status == 400, body
        assert "at least one" in body["messages"][0]["text"]

    def test_jit_unknown_config_type_is_400(sdk):
        err = expect_error(400, sdk.jit.get_jit_activation_config_v1, config_type="activation")
        assert "configType" in error_text(err)
        err = expect_error(
            400,
            sdk.jit.patch_jit_activation_config_v1,
            config_type="activation",
            jit_access_operation_request=[jit_op("/maxActivationPeriodMins", 5)],
        )
        assert "configType" in error_text(err)

    def test_jit_policy_admins_only(sdk, policy_admin):
        assert Clients(policy_admin).jit.get_jit_activation_config_v1(config_type="policy").to_dict() == jit_policy(sdk)
        source_admin = Clients(Sail("demo-source", "demo-source-secret"))
        expect_error(403, source_admin.jit.get_jit_activation_config_v1, config_type="policy")
        expect_error(
            403,
            source_admin.jit.patch_jit_activation_config_v1,
            config_type="policy",
            jit_access_operation_request=[jit_op("/maxActivationPeriodMins", 300)],
        )


# --- provisioning policies ----------------------------------------------------------

AD_CREATE_FIELDS = [
    # (name, identity attribute, isRequired)
    ("sAMAccountName", "uid", True),
    ("givenName", "firstname", False),
    ("sn", "lastname", False),
    ("mail", "email", True),
    ("department", "department", False),
]


def pp(sdk, name, **kwargs):
    """A SourcesApi provisioning-policy call."""
    return call(sdk.sources, name, **kwargs)


def policies(sdk, source_id):
    return [p.to_dict() for p in pp(sdk, "list_provisioning_policies", source_id=source_id)]


def usages(sdk, source_id):
    return [p["usageType"] for p in policies(sdk, source_id)]


def example_fields():
    """The spec's create example (its `type: ""` field given a type: the server reads ""
    as none, the SDK would only warn)."""
    return [
        FieldDetailsDto(
            name="displayName",
            transform={"type": "identityAttribute", "attributes": {"name": "displayName"}},
            attributes={},
            is_required=False,
            type="string",
            is_multi_valued=False,
        ),
        FieldDetailsDto(
            name="distinguishedName",
            transform={"type": "usernameGenerator", "attributes": {"sourceCheck": True}},
            attributes={"cloudMaxUniqueChecks": "5", "cloudMaxSize": "100", "cloudRequired": "true"},
            is_required=False,
            type="string",
            is_multi_valued=False,
        ),
        FieldDetailsDto(
            name="description",
            transform={"type": "static", "attributes": {"value": ""}},
            attributes={},
            is_required=True,
            type="string",
            is_multi_valued=False,
        ),
    ]


def example(usage, name="Account", fields=None):
    return ProvisioningPolicyDto(
        name=name,
        description="Account Provisioning Policy",
        usage_type=usage,
        fields=example_fields() if fields is None else fields,
    )


def test_list_provisioning_policies_of_a_source(sdk, source_ids):
    listed = pp(sdk, "list_provisioning_policies", source_id=source_ids["Active Directory"])
    assert len(listed) == 1
    p = listed[0]
    assert (p.name, p.description, p.usage_type) == (
        "Active Directory account",
        "Creates a Active Directory account for a joiner",
        UsageType.CREATE,
    )
    assert [(f.name, f.transform["attributes"]["name"], f.is_required) for f in p.fields] == AD_CREATE_FIELDS
    assert {f.type for f in p.fields} == {"string"}
    assert all(f.transform["type"] == "identityAttribute" and f.is_multi_valued is False for f in p.fields)
    assert p.fields[0].attributes == {"cloudRequired": "true"}


def test_every_demo_source_has_a_create_policy_to_get(sdk, source_ids):
    for name, source_id in source_ids.items():
        listed = pp(sdk, "list_provisioning_policies", source_id=source_id)
        assert [p.usage_type for p in listed] == [UsageType.CREATE], name
        resp = pp(sdk, "get_provisioning_policy_with_http_info", source_id=source_id, usage_type=UsageType.CREATE)
        assert resp.status_code == 200
        assert resp.data.to_dict() == listed[0].to_dict()
        assert resp.data.name == f"{name} account"
        assert any(f.is_required for f in resp.data.fields)


def test_create_a_new_usage_type_is_201(sdk, source_ids):
    workday = source_ids["Workday"]
    try:
        resp = pp(
            sdk,
            "create_provisioning_policy_with_http_info",
            source_id=workday,
            provisioning_policy_dto=example(UsageType.UPDATE),
        )
        assert resp.status_code == 201
        created = resp.data
        assert (created.name, created.usage_type) == ("Account", UsageType.UPDATE)
        # isRequired is read-only: it follows attributes.cloudRequired.
        assert [(f.name, f.is_required) for f in created.fields] == [
            ("displayName", False),
            ("distinguishedName", True),
            ("description", False),
        ]
        got = pp(sdk, "get_provisioning_policy", source_id=workday, usage_type=UsageType.UPDATE)
        assert got.to_dict() == created.to_dict()
        assert usages(sdk, workday) == ["CREATE", "UPDATE"]
    finally:
        pp(sdk, "delete_provisioning_policy", source_id=workday, usage_type=UsageType.UPDATE)
    assert usages(sdk, workday) == ["CREATE"]


def _blank_name():
    p = example(UsageType.ENABLE)
    p.name = " "
    return p


def _duplicate_field():
    fields = example_fields()
    fields[1].name = "displayName"
    return example(UsageType.ENABLE, fields=fields)


def _bad_type():
    fields = example_fields()
    quietly(lambda: setattr(fields[0], "type", "number"))
    return example(UsageType.ENABLE, fields=fields)


@pytest.mark.parametrize(
    "build, words",
    [
        (lambda: example(UsageType.CREATE), ["usageType", "already has a CREATE"]),
        (lambda: example(None), ["usageType", "usageType is required"]),
        (_blank_name, ["name", "name is required"]),
        (_duplicate_field, ["fields[1].name", "'displayName'"]),
        (_bad_type, ["fields[0].type", "number"]),
    ],
    ids=["existing-usage-type", "no-usage-type", "blank-name", "duplicate-field", "unknown-field-type"],
)
def test_invalid_create_is_400_and_changes_nothing(sdk, source_ids, build, words):
    workday = source_ids["Workday"]
    body = build()
    refused(
        lambda: policies(sdk, workday),
        lambda: pp(sdk, "create_provisioning_policy", source_id=workday, provisioning_policy_dto=body),
        *words,
    )
    assert usages(sdk, workday) == ["CREATE"]


def test_put_replaces_a_policy(sdk, source_ids):
    github = source_ids["GitHub Enterprise"]
    original = pp(sdk, "get_provisioning_policy", source_id=github, usage_type=UsageType.CREATE)
    changed = ProvisioningPolicyDto.from_dict(original.to_dict())
    changed.description = "Creates a GitHub account for engineers"
    changed.fields = changed.fields + example_fields()[:1]
    try:
        resp = pp(
            sdk,
            "put_provisioning_policy_with_http_info",
            source_id=github,
            usage_type=UsageType.CREATE,
            provisioning_policy_dto=changed,
        )
        assert resp.status_code == 200
        assert resp.data.description == "Creates a GitHub account for engineers"
        assert [f.name for f in resp.data.fields] == ["login", "email", "displayName"]
        got = pp(sdk, "get_provisioning_policy", source_id=github, usage_type=UsageType.CREATE)
        assert got.to_dict() == resp.data.to_dict()
        # A body naming another usage type than the path is refused.
        other = example(UsageType.ENABLE)
        refused(
            lambda: policies(sdk, github),
            lambda: pp(
                sdk, "put_provisioning_policy", source_id=github, usage_type=UsageType.CREATE, provisioning_policy_dto=other
            ),
            "usageType",
            "ENABLE",
            "CREATE",
        )
    finally:
        restored = pp(
            sdk, "put_provisioning_policy", source_id=github, usage_type=UsageType.CREATE, provisioning_policy_dto=original
        )
    assert restored.to_dict() == original.to_dict()
    assert usages(sdk, github) == ["CREATE"]


def test_put_of_a_missing_usage_type_creates_it(sdk, source_ids):
    github = source_ids["GitHub Enterprise"]
    try:
        put = pp(
            sdk,
            "put_provisioning_policy",
            source_id=github,
            usage_type=UsageType.UNLOCK,
            provisioning_policy_dto=example(UsageType.UNLOCK, name="Unlock"),
        )
        assert (put.name, put.usage_type) == ("Unlock", UsageType.UNLOCK)
        assert usages(sdk, github) == ["CREATE", "UNLOCK"]
    finally:
        pp(sdk, "delete_provisioning_policy", source_id=github, usage_type=UsageType.UNLOCK)
    assert usages(sdk, github) == ["CREATE"]


def test_patch_a_policy(sdk, source_ids):
    salesforce = source_ids["Salesforce"]
    original = pp(sdk, "get_provisioning_policy", source_id=salesforce, usage_type=UsageType.CREATE)
    new_field = {
        "name": "Title",
        "transform": {"type": "identityAttribute", "attributes": {"name": "title"}},
        "attributes": {"cloudRequired": "true"},
        "isRequired": False,
        "type": "string",
        "isMultiValued": False,
    }
    try:
        resp = pp(
            sdk,
            "update_provisioning_policy_with_http_info",
            source_id=salesforce,
            usage_type=UsageType.CREATE,
            json_patch_operation=[
                source_op("add", "/fields/0", new_field),
                source_op("replace", "/description", "Salesforce users"),
            ],
        )
        assert resp.status_code == 200
        patched = resp.data
        assert patched.description == "Salesforce users"
        assert [f.name for f in patched.fields] == ["Title", "Username", "FirstName", "LastName", "Email"]
        assert patched.fields[0].is_required is True
        got = pp(sdk, "get_provisioning_policy", source_id=salesforce, usage_type=UsageType.CREATE)
        assert got.to_dict() == patched.to_dict()
    finally:
        restored = pp(
            sdk,
            "update_provisioning_policy",
            source_id=salesforce,
            usage_type=UsageType.CREATE,
            json_patch_operation=[
                source_op("remove", "/fields/0"),
                source_op("replace", "/description", original.description),
            ],
        )
    assert restored.to_dict() == original.to_dict()


@pytest.mark.parametrize(
    "ops, words",
    [
        ([("replace", "/fields/0/type", "number")], ["fields[0].type", "number"]),
        ([("replace", "/usageType", "ENABLE")], ["usageType", "cannot change"]),
        ([("replace", "/name", " ")], ["name is required"]),
        ([("add", "/fields/-", {"name": "Email"})], ["fields[4].name", "'Email'"]),
        ([("add", "/owner", "me")], ["owner"]),
        ([("remove", "/fields/0"), ("test", "/name", "Other")], ["test", "/name"]),
    ],
    ids=["unknown-field-type", "usage-type", "blank-name", "duplicate-field", "unknown-member", "failing-test"],
)
def test_invalid_patch_is_400_and_changes_nothing(sdk, source_ids, ops, words):
    salesforce = source_ids["Salesforce"]
    read = lambda: pp(  # noqa: E731
        sdk, "get_provisioning_policy", source_id=salesforce, usage_type=UsageType.CREATE
    ).to_dict()
    patch = [source_op(*o) for o in ops]
    refused(
        read,
        lambda: pp(
            sdk, "update_provisioning_policy", source_id=salesforce, usage_type=UsageType.CREATE, json_patch_operation=patch
        ),
        *words,
    )


def test_bulk_update(sdk, source_ids):
    github = source_ids["GitHub Enterprise"]
    original = pp(sdk, "get_provisioning_policy", source_id=github, usage_type=UsageType.CREATE)
    changed = ProvisioningPolicyDto.from_dict(original.to_dict())
    changed.name = "GitHub account (bulk)"
    try:
        resp = pp(
            sdk,
            "update_provisioning_policies_in_bulk_with_http_info",
            source_id=github,
            provisioning_policy_dto=[changed, example(UsageType.DISABLE, name="Disable")],
        )
        assert resp.status_code == 200
        assert [(p.name, p.usage_type) for p in resp.data] == [
            ("GitHub account (bulk)", UsageType.CREATE),
            ("Disable", UsageType.DISABLE),
        ]
        assert policies(sdk, github) == [p.to_dict() for p in resp.data]
        # A duplicate or an invalid element refuses the whole list.
        bulk = lambda body: lambda: pp(  # noqa: E731
            sdk, "update_provisioning_policies_in_bulk", source_id=github, provisioning_policy_dto=body
        )
        read = lambda: policies(sdk, github)  # noqa: E731
        refused(read, bulk([example(UsageType.UNLOCK), example(UsageType.UNLOCK)]), "[1].usageType", "UNLOCK")
        refused(read, bulk([example(UsageType.UNLOCK), _blank_name()]), "[1].name")
        assert usages(sdk, github) == ["CREATE", "DISABLE"]
    finally:
        pp(sdk, "update_provisioning_policies_in_bulk", source_id=github, provisioning_policy_dto=[original])
        pp(sdk, "delete_provisioning_policy", source_id=github, usage_type=UsageType.DISABLE)
    assert policies(sdk, github) == [original.to_dict()]


def test_delete_is_204(sdk, source_ids):
    ad = source_ids["Active Directory"]
    pp(sdk, "create_provisioning_policy", source_id=ad, provisioning_policy_dto=example(UsageType.ENABLE))
    assert usages(sdk, ad) == ["CREATE", "ENABLE"]
    resp = pp(sdk, "delete_provisioning_policy_with_http_info", source_id=ad, usage_type=UsageType.ENABLE)
    assert resp.status_code == 204
    assert resp.data is None
    assert usages(sdk, ad) == ["CREATE"]
    err = expect_error(404, pp, sdk, "get_provisioning_policy", source_id=ad, usage_type=UsageType.ENABLE)
    assert "ENABLE" in error_text(err)
    expect_error(404, pp, sdk, "delete_provisioning_policy", source_id=ad, usage_type=UsageType.ENABLE)


def test_unknown_source_is_404(sdk):
    err = expect_error(404, pp, sdk, "list_provisioning_policies", source_id=UNKNOWN)
    assert UNKNOWN in error_text(err)
    err = expect_error(
        404, pp, sdk, "create_provisioning_policy", source_id=UNKNOWN, provisioning_policy_dto=example(UsageType.CREATE)
    )
    assert UNKNOWN in error_text(err)


def test_source_admins_only(source_ids, policy_admin, requester):
    ad = source_ids["Active Directory"]
    source_admin = Clients(Sail("demo-source", "demo-source-secret"))
    listed = pp(source_admin, "list_provisioning_policies", source_id=ad)
    assert [p.usage_type for p in listed] == [UsageType.CREATE]
    for who in (policy_admin, requester):
        clients = Clients(who)
        expect_error(403, pp, clients, "list_provisioning_policies", source_id=ad)
        expect_error(
            403, pp, clients, "create_provisioning_policy", source_id=ad, provisioning_policy_dto=example(UsageType.ENABLE)
        )
