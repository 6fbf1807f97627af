// Tenant security settings and provisioning policies through SailPoint's official npm SDK
// (sailpoint-api-client 1.4.15), used as published: `GlobalTenantSecuritySettingsApi` calls
// `/v3/auth-org/{lockout,session,network,service-provider}-config` and `SourcesApi` calls
// `/v3/sources[/{sourceId}/provisioning-policies...]` (API.md "SailPoint v3 Global Tenant
// Security Settings" and "SailPoint v3 provisioning policies"). The SDK has no JIT client.
// The server comes from SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET (demo-admin,
// ORG_ADMIN); xtask/src/sdk.rs runs this file after identities.test.js against the same
// server, one file at a time. Every test leaves the documents as it found them: the
// settings govern the server itself (lockout, session lifetimes, the network allow-list).
"use strict";

const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const { Configuration, GlobalTenantSecuritySettingsApi, SourcesApi } = require("sailpoint-api-client");

const BASE = (process.env.SAIL_BASE_URL || "").replace(/\/$/, "");
const UNKNOWN = "0123456789abcdef0123456789abcdef";

const DEFAULT_LOCKOUT = { maximumAttempts: 5, lockoutDuration: 15, lockoutWindow: 5 };
const DEFAULT_SESSION = { maxIdleTime: 15, rememberMe: false, maxSessionTime: 480 };
const DEFAULT_NETWORK = { range: null, geolocation: null, whitelisted: false };
const DEFAULT_IDP = {
  role: "SAML_IDP",
  entityId: null,
  binding: null,
  authnContext: null,
  logoutUrl: null,
  includeAuthnContext: false,
  nameId: null,
  jitConfiguration: null,
  cert: null,
  loginUrlPost: null,
  loginUrlRedirect: null,
  mappingAttribute: "email",
  certificateExpirationDate: null,
  certificateName: null,
};
const DEFAULT_SP_DETAILS = {
  role: "SAML_SP",
  entityId: "https://gatehouse.example/sp",
  alias: "gatehouse-sp",
  callbackUrl: "https://gatehouse.example/saml/SSO/alias/gatehouse-sp",
  legacyAcsUrl: null,
};
const DEFAULT_SP = {
  enabled: false,
  bypassIdp: false,
  samlConfigurationValid: false,
  federationProtocolDetails: [DEFAULT_IDP, DEFAULT_SP_DETAILS],
};

/** A signed-in client: the SDK's Configuration, GlobalTenantSecuritySettingsApi and SourcesApi. */
function sail(clientId, clientSecret) {
  const config =
    clientId === undefined
      ? new Configuration() // SAIL_* from the environment
      : new Configuration({ baseurl: BASE, tokenUrl: `${BASE}/oauth/token`, clientId, clientSecret });
  return { config, authOrg: new GlobalTenantSecuritySettingsApi(config), sources: new SourcesApi(config) };
}

/** Awaits a call that must fail with `status`; returns the axios response. */
async function expectStatus(status, promise) {
  try {
    const resp = await promise;
    assert.fail(`expected ${status}, got ${resp.status}: ${JSON.stringify(resp.data)}`);
  } catch (err) {
    if (!err.response) throw err;
    assert.equal(
      err.response.status,
      status,
      `expected ${status}, got ${err.response.status}: ${JSON.stringify(err.response.data)}`,
    );
    return err.response;
  }
}

/** The ErrorResponseDto's message texts. */
function errorText(resp) {
  const msgs = resp.data && resp.data.messages;
  return msgs ? msgs.map((m) => m.text).join(" ") : JSON.stringify(resp.data);
}

/** `send()` answers 400 naming every word, and `read()` gives the same document afterwards. */
async function refused(read, send, words) {
  const before = await read();
  const resp = await expectStatus(400, send());
  const text = errorText(resp);
  for (const w of words) assert.ok(text.includes(w), `'${text}' should mention '${w}'`);
  assert.deepEqual(await read(), before);
  return text;
}

const replace = (path, value) => ({ op: "replace", path, value });
const add = (path, value) => ({ op: "add", path, value });
const remove = (path) => ({ op: "remove", path });

let admin;
let sourceIds = {};

before(async () => {
  admin = sail();
  const { status, data } = await admin.sources.listSources();
  assert.equal(status, 200);
  sourceIds = Object.fromEntries(data.map((s) => [s.name, s.id]));
});

const get = {
  lockout: async () => (await admin.authOrg.getAuthOrgLockoutConfig()).data,
  session: async () => (await admin.authOrg.getAuthOrgSessionConfig()).data,
  network: async () => (await admin.authOrg.getAuthOrgNetworkConfig()).data,
  serviceProvider: async () => (await admin.authOrg.getAuthOrgServiceProviderConfig()).data,
};
const patch = {
  lockout: (ops) => admin.authOrg.patchAuthOrgLockoutConfig({ jsonPatchOperation: ops }),
  session: (ops) => admin.authOrg.patchAuthOrgSessionConfig({ jsonPatchOperation: ops }),
  network: (ops) => admin.authOrg.patchAuthOrgNetworkConfig({ jsonPatchOperation: ops }),
  serviceProvider: (ops) => admin.authOrg.patchAuthOrgServiceProviderConfig({ jsonPatchOperation: ops }),
};
const postNetwork = (networkConfiguration) => admin.authOrg.createAuthOrgNetworkConfig({ networkConfiguration });

// --- lockout ------------------------------------------------------------------------

test("lockout defaults", async () => {
  const { status, data } = await admin.authOrg.getAuthOrgLockoutConfig();
  assert.equal(status, 200);
  assert.deepEqual(data, DEFAULT_LOCKOUT);
});

test("lockout: patch replace and add", async () => {
  try {
    const resp = await patch.lockout([replace("/maximumAttempts", 7), add("/lockoutDuration", 35)]);
    assert.equal(resp.status, 200);
    assert.deepEqual(resp.data, { maximumAttempts: 7, lockoutDuration: 35, lockoutWindow: 5 });
    assert.equal(resp.config.headers["Content-Type"], "application/json-patch+json");
    const again = await patch.lockout([replace("/lockoutWindow", 10)]);
    assert.deepEqual(again.data, { maximumAttempts: 7, lockoutDuration: 35, lockoutWindow: 10 });
    assert.deepEqual(await get.lockout(), again.data);
  } finally {
    const restored = await patch.lockout([
      replace("/maximumAttempts", 5),
      replace("/lockoutDuration", 15),
      replace("/lockoutWindow", 5),
    ]);
    assert.deepEqual(restored.data, DEFAULT_LOCKOUT);
  }
});

for (const [name, ops, words] of [
  ["maximumAttempts 16", [replace("/maximumAttempts", 16)], ["maximumAttempts", "between 1 and 15", "16"]],
  ["maximumAttempts 0", [replace("/maximumAttempts", 0)], ["maximumAttempts", "between 1 and 15"]],
  ["lockoutDuration 4", [replace("/lockoutDuration", 4)], ["lockoutDuration", "between 5 and 60"]],
  ["lockoutWindow 61", [replace("/lockoutWindow", 61)], ["lockoutWindow", "between 5 and 60"]],
  ["lockoutWindow as text", [replace("/lockoutWindow", "ten")], ["lockoutWindow", "invalid type"]],
  ["an unknown field", [add("/description", "New description")], ["description"]],
  ["a valid op then an invalid one", [replace("/maximumAttempts", 3), replace("/lockoutDuration", 61)], ["lockoutDuration"]],
  ["a failing test op", [replace("/maximumAttempts", 3), { op: "test", path: "/maximumAttempts", value: 99 }], ["test", "/maximumAttempts"]],
]) {
  test(`lockout: ${name} is 400 and changes nothing`, async () => {
    await refused(get.lockout, () => patch.lockout(ops), words);
    assert.deepEqual(await get.lockout(), DEFAULT_LOCKOUT);
  });
}

// --- session ------------------------------------------------------------------------

test("session defaults", async () => {
  assert.deepEqual(await get.session(), DEFAULT_SESSION);
});

test("session: patch", async () => {
  try {
    const resp = await patch.session([
      replace("/maxSessionTime", 600),
      replace("/maxIdleTime", 30),
      replace("/rememberMe", true),
    ]);
    assert.equal(resp.status, 200);
    assert.deepEqual(resp.data, { maxIdleTime: 30, rememberMe: true, maxSessionTime: 600 });
    assert.deepEqual(await get.session(), resp.data);
    // The token issued under the old settings keeps working.
    assert.deepEqual(await get.lockout(), DEFAULT_LOCKOUT);
  } finally {
    const restored = await patch.session([
      replace("/maxSessionTime", 480),
      replace("/maxIdleTime", 15),
      replace("/rememberMe", false),
    ]);
    assert.deepEqual(restored.data, DEFAULT_SESSION);
  }
});

for (const [name, ops, words] of [
  ["maxSessionTime below maxIdleTime", [replace("/maxSessionTime", 10)], ["maxSessionTime", "greater than maxIdleTime"]],
  ["maxSessionTime 10081", [replace("/maxSessionTime", 10081)], ["maxSessionTime", "10080"]],
  ["maxIdleTime 1441", [replace("/maxIdleTime", 1441)], ["maxIdleTime", "1440"]],
  ["maxIdleTime 0", [replace("/maxIdleTime", 0)], ["maxIdleTime"]],
  ["rememberMe as text", [replace("/rememberMe", "yes")], ["rememberMe"]],
]) {
  test(`session: ${name} is 400 and changes nothing`, async () => {
    await refused(get.session, () => patch.session(ops), words);
    assert.deepEqual(await get.session(), DEFAULT_SESSION);
  });
}

// --- network ------------------------------------------------------------------------

async function restoreNetwork() {
  const restored = await postNetwork({ range: null, geolocation: null, whitelisted: false });
  assert.deepEqual(restored.data, DEFAULT_NETWORK);
  assert.deepEqual(await get.network(), DEFAULT_NETWORK);
}

test("network defaults", async () => {
  assert.deepEqual(await get.network(), DEFAULT_NETWORK);
});

test("network: a patch that keeps the maker in", async () => {
  try {
    const resp = await patch.network([
      add("/range", ["127.0.0.0/8", "::1"]),
      add("/geolocation", ["AF", "HN", "ES"]),
      replace("/whitelisted", false),
    ]);
    assert.equal(resp.status, 200);
    assert.deepEqual(resp.data, { range: ["127.0.0.0/8", "::1"], geolocation: ["AF", "HN", "ES"], whitelisted: false });
    assert.deepEqual(await get.network(), resp.data);
    // The allow-list is enforced and lets this client (127.0.0.1) in.
    assert.deepEqual(await get.lockout(), DEFAULT_LOCKOUT);
    const flipped = await patch.network([replace("/whitelisted", true)]);
    assert.deepEqual(flipped.data, { range: ["127.0.0.0/8", "::1"], geolocation: ["AF", "HN", "ES"], whitelisted: true });
    const cleared = await patch.network([replace("/range", null), remove("/geolocation")]);
    assert.deepEqual(cleared.data, { range: null, geolocation: null, whitelisted: true });
  } finally {
    await restoreNetwork();
  }
});

test("network: POST replaces the document", async () => {
  try {
    const doc = { range: ["127.0.0.1", "::1", "10.0.0.0/8"], geolocation: ["CA", "US"], whitelisted: true };
    const resp = await postNetwork(doc);
    assert.equal(resp.status, 200);
    assert.deepEqual(resp.data, doc);
    assert.deepEqual(await get.network(), doc);
  } finally {
    await restoreNetwork();
  }
});

for (const [name, ops, words] of [
  // A range that shuts out 127.0.0.1 (the SDK's own address) is refused.
  ["a range that shuts out the maker", [add("/range", ["10.0.0.0/8"])], ["range", "shut out", "127.0.0.1"]],
  ["a bad CIDR", [add("/range", ["10.0.0.0/33"])], ["range", "10.0.0.0/33"]],
  ["a range that is no address", [add("/range", ["127.0.0.1", "not-an-address"])], ["range", "not-an-address"]],
  ["a lowercase country", [add("/geolocation", ["CA", "usa"])], ["geolocation", "usa"]],
  ["whitelisted as text", [replace("/whitelisted", "yes")], ["whitelisted"]],
]) {
  test(`network: PATCH with ${name} is 400 and changes nothing`, async () => {
    await refused(get.network, () => patch.network(ops), words);
    assert.deepEqual(await get.network(), DEFAULT_NETWORK);
  });
}

for (const [name, doc, words] of [
  ["a range that shuts out the maker", { range: ["192.168.0.0/16"], geolocation: null, whitelisted: false }, ["range", "shut out", "127.0.0.1"]],
  ["a three-letter country", { range: ["127.0.0.1"], geolocation: ["USA"], whitelisted: true }, ["geolocation", "USA"]],
]) {
  test(`network: POST with ${name} is 400 and changes nothing`, async () => {
    await refused(get.network, () => postNetwork(doc), words);
    assert.deepEqual(await get.network(), DEFAULT_NETWORK);
  });
}

// --- service provider ---------------------------------------------------------------

async function restoreServiceProvider() {
  const restored = await patch.serviceProvider([
    replace("/enabled", false),
    replace("/bypassIdp", false),
    replace("/federationProtocolDetails/0/entityId", null),
    replace("/federationProtocolDetails/0/jitConfiguration", null),
  ]);
  assert.deepEqual(restored.data, DEFAULT_SP);
}

test("service provider defaults", async () => {
  const { status, data } = await admin.authOrg.getAuthOrgServiceProviderConfig();
  assert.equal(status, 200);
  assert.deepEqual(data, DEFAULT_SP);
});

test("service provider: a valid patch (the spec's example), then rule 4 once enabled", async () => {
  const ad = sourceIds["Active Directory"];
  const mappings = {
    firstName: "okta.firstName",
    lastName: "okta.lastName",
    email: "okta.email",
    employeeNumber: "okta.employeeNumber",
  };
  try {
    const resp = await patch.serviceProvider([
      replace("/enabled", true),
      replace("/bypassIdp", true),
      replace("/federationProtocolDetails/0/entityId", "http://www.okta.com/exk"),
      add("/federationProtocolDetails/0/jitConfiguration", { enabled: true, sourceId: ad, sourceAttributeMappings: mappings }),
    ]);
    assert.equal(resp.status, 200);
    const got = resp.data;
    assert.deepEqual([got.enabled, got.bypassIdp], [true, true]);
    const [idp, sp] = got.federationProtocolDetails;
    assert.equal(idp.role, "SAML_IDP");
    assert.equal(idp.entityId, "http://www.okta.com/exk");
    assert.deepEqual(idp.jitConfiguration, { enabled: true, sourceId: ad, sourceAttributeMappings: mappings });
    assert.deepEqual(sp, DEFAULT_SP_DETAILS);
    assert.deepEqual(await get.serviceProvider(), got);
    await refused(
      get.serviceProvider,
      () => patch.serviceProvider([replace("/federationProtocolDetails/0/entityId", " ")]),
      ["rule 4", "entityId"],
    );
  } finally {
    await restoreServiceProvider();
  }
});

for (const [name, ops, words] of [
  [
    "rule 1 (an element added)",
    [add("/federationProtocolDetails/-", { role: "SAML_IDP", mappingAttribute: "email" })],
    ["rule 1", "federationProtocolDetails"],
  ],
  ["rule 1 (an element removed)", [remove("/federationProtocolDetails/0")], ["rule 1", "federationProtocolDetails"]],
  [
    "rule 3 (enabled without IdpDetails)",
    [remove("/federationProtocolDetails/0"), replace("/enabled", true)],
    ["rule 1", "rule 3", "IdpDetails"],
  ],
  ["rule 2 (SpDetails changed)", [replace("/federationProtocolDetails/1/alias", "mine")], ["rule 2", "SAML_SP"]],
  ["rule 4 (enabled without entityId)", [replace("/enabled", true)], ["rule 4", "entityId"]],
  [
    "rule 5 (JIT without sourceId and mappings)",
    [
      replace("/enabled", true),
      replace("/federationProtocolDetails/0/entityId", "http://idp"),
      add("/federationProtocolDetails/0/jitConfiguration", {
        enabled: true,
        sourceAttributeMappings: { firstName: "okta.firstName" },
      }),
    ],
    ["rule 5", "jitConfiguration.sourceId", "missing: lastName, email"],
  ],
  [
    "rule 5 (JIT with an unknown source)",
    [
      add("/federationProtocolDetails/0/jitConfiguration", {
        enabled: true,
        sourceId: "no-such-source",
        sourceAttributeMappings: { firstName: "a", lastName: "b", email: "c" },
      }),
    ],
    ["rule 5", "jitConfiguration.sourceId", "'no-such-source' is invalid"],
  ],
]) {
  test(`service provider: breaking ${name} is 400 and changes nothing`, async () => {
    await refused(get.serviceProvider, () => patch.serviceProvider(ops), words);
    assert.deepEqual(await get.serviceProvider(), DEFAULT_SP);
  });
}

test("only org admins use the auth-org settings (403)", async () => {
  for (const [id, secret] of [
    ["demo-requester", "demo-requester-secret"],
    ["demo-policy", "demo-policy-secret"],
  ]) {
    const other = sail(id, secret);
    await expectStatus(403, other.authOrg.getAuthOrgLockoutConfig());
    await expectStatus(403, other.authOrg.patchAuthOrgSessionConfig({ jsonPatchOperation: [replace("/maxIdleTime", 20)] }));
  }
  assert.deepEqual(await get.session(), DEFAULT_SESSION);
});

// --- provisioning policies ----------------------------------------------------------

const AD_CREATE_FIELDS = [
  // [name, identity attribute, isRequired]
  ["sAMAccountName", "uid", true],
  ["givenName", "firstname", false],
  ["sn", "lastname", false],
  ["mail", "email", true],
  ["department", "department", false],
];

/** The spec's create example (its `type: ""` field given a type). */
function example(usageType, name = "Account") {
  const p = {
    name,
    description: "Account Provisioning Policy",
    fields: [
      {
        name: "displayName",
        transform: { type: "identityAttribute", attributes: { name: "displayName" } },
        attributes: {},
        isRequired: false,
        type: "string",
        isMultiValued: false,
      },
      {
        name: "distinguishedName",
        transform: { type: "usernameGenerator", attributes: { sourceCheck: true } },
        attributes: { cloudMaxUniqueChecks: "5", cloudMaxSize: "100", cloudRequired: "true" },
        isRequired: false,
        type: "string",
        isMultiValued: false,
      },
      {
        name: "description",
        transform: { type: "static", attributes: { value: "" } },
        attributes: {},
        isRequired: true,
        type: "string",
        isMultiValued: false,
      },
    ],
  };
  if (usageType !== undefined) p.usageType = usageType;
  return p;
}

const policies = async (sourceId) => (await admin.sources.listProvisioningPolicies({ sourceId })).data;
const usages = async (sourceId) => (await policies(sourceId)).map((p) => p.usageType);
const getPolicy = async (sourceId, usageType) =>
  (await admin.sources.getProvisioningPolicy({ sourceId, usageType })).data;

test("provisioning policies of a source", async () => {
  const { status, data } = await admin.sources.listProvisioningPolicies({ sourceId: sourceIds["Active Directory"] });
  assert.equal(status, 200);
  assert.equal(data.length, 1);
  const p = data[0];
  assert.deepEqual(
    [p.name, p.description, p.usageType],
    ["Active Directory account", "Creates a Active Directory account for a joiner", "CREATE"],
  );
  assert.deepEqual(
    p.fields.map((f) => [f.name, f.transform.attributes.name, f.isRequired]),
    AD_CREATE_FIELDS,
  );
  assert.ok(p.fields.every((f) => f.type === "string" && f.transform.type === "identityAttribute" && f.isMultiValued === false));
  assert.deepEqual(p.fields[0].attributes, { cloudRequired: "true" });
});

test("every demo source has a CREATE policy to get", async () => {
  assert.deepEqual(Object.keys(sourceIds).sort(), ["Active Directory", "GitHub Enterprise", "Salesforce", "Workday"]);
  for (const [name, sourceId] of Object.entries(sourceIds)) {
    const listed = await policies(sourceId);
    assert.deepEqual(
      listed.map((p) => p.usageType),
      ["CREATE"],
      name,
    );
    const resp = await admin.sources.getProvisioningPolicy({ sourceId, usageType: "CREATE" });
    assert.equal(resp.status, 200);
    assert.deepEqual(resp.data, listed[0]);
    assert.equal(resp.data.name, `${name} account`);
    assert.ok(resp.data.fields.some((f) => f.isRequired));
  }
});

test("create a new usage type (201)", async () => {
  const workday = sourceIds.Workday;
  try {
    const resp = await admin.sources.createProvisioningPolicy({
      sourceId: workday,
      provisioningPolicyDto: example("UPDATE"),
    });
    assert.equal(resp.status, 201);
    assert.deepEqual([resp.data.name, resp.data.usageType], ["Account", "UPDATE"]);
    // isRequired is read-only: it follows attributes.cloudRequired.
    assert.deepEqual(
      resp.data.fields.map((f) => [f.name, f.isRequired]),
      [
        ["displayName", false],
        ["distinguishedName", true],
        ["description", false],
      ],
    );
    assert.deepEqual(await getPolicy(workday, "UPDATE"), resp.data);
    assert.deepEqual(await usages(workday), ["CREATE", "UPDATE"]);
  } finally {
    await admin.sources.deleteProvisioningPolicy({ sourceId: workday, usageType: "UPDATE" });
  }
  assert.deepEqual(await usages(sourceIds.Workday), ["CREATE"]);
});

function withFields(p, change) {
  const copy = structuredClone(p);
  change(copy);
  return copy;
}

for (const [name, body, words] of [
  ["an existing usage type", example("CREATE"), ["usageType", "already has a CREATE"]],
  ["no usage type", example(undefined), ["usageType", "usageType is required"]],
  ["a blank name", withFields(example("ENABLE"), (p) => (p.name = " ")), ["name", "name is required"]],
  [
    "a duplicate field name",
    withFields(example("ENABLE"), (p) => (p.fields[1].name = "displayName")),
    ["fields[1].name", "'displayName'"],
  ],
  ["an unknown field type", withFields(example("ENABLE"), (p) => (p.fields[0].type = "number")), ["fields[0].type", "number"]],
]) {
  test(`create with ${name} is 400 and changes nothing`, async () => {
    const workday = sourceIds.Workday;
    await refused(
      () => policies(workday),
      () => admin.sources.createProvisioningPolicy({ sourceId: workday, provisioningPolicyDto: body }),
      words,
    );
    assert.deepEqual(await usages(workday), ["CREATE"]);
  });
}

test("put replaces a policy", async () => {
  const github = sourceIds["GitHub Enterprise"];
  const original = await getPolicy(github, "CREATE");
  const changed = structuredClone(original);
  changed.description = "Creates a GitHub account for engineers";
  changed.fields.push(example("CREATE").fields[0]);
  try {
    const resp = await admin.sources.putProvisioningPolicy({
      sourceId: github,
      usageType: "CREATE",
      provisioningPolicyDto: changed,
    });
    assert.equal(resp.status, 200);
    assert.equal(resp.data.description, "Creates a GitHub account for engineers");
    assert.deepEqual(
      resp.data.fields.map((f) => f.name),
      ["login", "email", "displayName"],
    );
    assert.deepEqual(await getPolicy(github, "CREATE"), resp.data);
    // A body naming another usage type than the path is refused.
    await refused(
      () => policies(github),
      () => admin.sources.putProvisioningPolicy({ sourceId: github, usageType: "CREATE", provisioningPolicyDto: example("ENABLE") }),
      ["usageType", "ENABLE", "CREATE"],
    );
  } finally {
    const restored = await admin.sources.putProvisioningPolicy({
      sourceId: github,
      usageType: "CREATE",
      provisioningPolicyDto: original,
    });
    assert.deepEqual(restored.data, original);
  }
  assert.deepEqual(await usages(github), ["CREATE"]);
});

test("put of a missing usage type creates it", async () => {
  const github = sourceIds["GitHub Enterprise"];
  try {
    const resp = await admin.sources.putProvisioningPolicy({
      sourceId: github,
      usageType: "UNLOCK",
      provisioningPolicyDto: example("UNLOCK", "Unlock"),
    });
    assert.equal(resp.status, 200);
    assert.deepEqual([resp.data.name, resp.data.usageType], ["Unlock", "UNLOCK"]);
    assert.deepEqual(await usages(github), ["CREATE", "UNLOCK"]);
  } finally {
    await admin.sources.deleteProvisioningPolicy({ sourceId: github, usageType: "UNLOCK" });
  }
  assert.deepEqual(await usages(github), ["CREATE"]);
});

test("patch a policy", async () => {
  const salesforce = sourceIds.Salesforce;
  const original = await getPolicy(salesforce, "CREATE");
  const field = {
    name: "Title",
    transform: { type: "identityAttribute", attributes: { name: "title" } },
    attributes: { cloudRequired: "true" },
    isRequired: false,
    type: "string",
    isMultiValued: false,
  };
  try {
    const resp = await admin.sources.updateProvisioningPolicy({
      sourceId: salesforce,
      usageType: "CREATE",
      jsonPatchOperation: [add("/fields/0", field), replace("/description", "Salesforce users")],
    });
    assert.equal(resp.status, 200);
    assert.equal(resp.config.headers["Content-Type"], "application/json-patch+json");
    assert.equal(resp.data.description, "Salesforce users");
    assert.deepEqual(
      resp.data.fields.map((f) => f.name),
      ["Title", "Username", "FirstName", "LastName", "Email"],
    );
    assert.equal(resp.data.fields[0].isRequired, true);
    assert.deepEqual(await getPolicy(salesforce, "CREATE"), resp.data);
  } finally {
    const restored = await admin.sources.updateProvisioningPolicy({
      sourceId: salesforce,
      usageType: "CREATE",
      jsonPatchOperation: [remove("/fields/0"), replace("/description", original.description)],
    });
    assert.deepEqual(restored.data, original);
  }
});

for (const [name, ops, words] of [
  ["an unknown field type", [replace("/fields/0/type", "number")], ["fields[0].type", "number"]],
  ["a changed usage type", [replace("/usageType", "ENABLE")], ["usageType", "cannot change"]],
  ["a null name", [replace("/name", null)], ["name is required"]],
  ["a duplicate field name", [add("/fields/-", { name: "Email" })], ["fields[4].name", "'Email'"]],
  ["an unknown member", [add("/owner", "me")], ["owner"]],
  ["a failing test op", [remove("/fields/0"), { op: "test", path: "/name", value: "Other" }], ["test", "/name"]],
]) {
  test(`patch with ${name} is 400 and changes nothing`, async () => {
    const salesforce = sourceIds.Salesforce;
    await refused(
      () => getPolicy(salesforce, "CREATE"),
      () => admin.sources.updateProvisioningPolicy({ sourceId: salesforce, usageType: "CREATE", jsonPatchOperation: ops }),
      words,
    );
  });
}

test("bulk update", async () => {
  const github = sourceIds["GitHub Enterprise"];
  const original = await getPolicy(github, "CREATE");
  const changed = { ...structuredClone(original), name: "GitHub account (bulk)" };
  const bulk = (provisioningPolicyDto) => () =>
    admin.sources.updateProvisioningPoliciesInBulk({ sourceId: github, provisioningPolicyDto });
  try {
    const resp = await bulk([changed, example("DISABLE", "Disable")])();
    assert.equal(resp.status, 200);
    assert.deepEqual(
      resp.data.map((p) => [p.name, p.usageType]),
      [
        ["GitHub account (bulk)", "CREATE"],
        ["Disable", "DISABLE"],
      ],
    );
    assert.deepEqual(await policies(github), resp.data);
    // A duplicate or an invalid element refuses the whole list.
    const read = () => policies(github);
    await refused(read, bulk([example("UNLOCK"), example("UNLOCK")]), ["[1].usageType", "UNLOCK"]);
    await refused(read, bulk([example("UNLOCK"), { ...example("ENABLE"), name: " " }]), ["[1].name"]);
    assert.deepEqual(await usages(github), ["CREATE", "DISABLE"]);
  } finally {
    await bulk([original])();
    await admin.sources.deleteProvisioningPolicy({ sourceId: github, usageType: "DISABLE" });
  }
  assert.deepEqual(await policies(github), [original]);
});

test("delete is 204", async () => {
  const ad = sourceIds["Active Directory"];
  await admin.sources.createProvisioningPolicy({ sourceId: ad, provisioningPolicyDto: example("ENABLE") });
  assert.deepEqual(await usages(ad), ["CREATE", "ENABLE"]);
  const resp = await admin.sources.deleteProvisioningPolicy({ sourceId: ad, usageType: "ENABLE" });
  assert.equal(resp.status, 204);
  assert.equal(resp.data, "");
  assert.deepEqual(await usages(ad), ["CREATE"]);
  const gone = await expectStatus(404, admin.sources.getProvisioningPolicy({ sourceId: ad, usageType: "ENABLE" }));
  assert.match(errorText(gone), /ENABLE/);
  await expectStatus(404, admin.sources.deleteProvisioningPolicy({ sourceId: ad, usageType: "ENABLE" }));
});

test("an unknown source is 404", async () => {
  let resp = await expectStatus(404, admin.sources.listProvisioningPolicies({ sourceId: UNKNOWN }));
  assert.match(errorText(resp), new RegExp(UNKNOWN));
  resp = await expectStatus(
    404,
    admin.sources.createProvisioningPolicy({ sourceId: UNKNOWN, provisioningPolicyDto: example("CREATE") }),
  );
  assert.match(errorText(resp), new RegExp(UNKNOWN));
});

test("only source admins and org admins use provisioning policies", async () => {
  const ad = sourceIds["Active Directory"];
  const sourceAdmin = sail("demo-source", "demo-source-secret");
  const listed = await sourceAdmin.sources.listProvisioningPolicies({ sourceId: ad });
  assert.deepEqual(
    listed.data.map((p) => p.usageType),
    ["CREATE"],
  );
  for (const [id, secret] of [
    ["demo-policy", "demo-policy-secret"],
    ["demo-requester", "demo-requester-secret"],
  ]) {
    const other = sail(id, secret);
    await expectStatus(403, other.sources.listProvisioningPolicies({ sourceId: ad }));
    await expectStatus(403, other.sources.listSources());
    await expectStatus(
      403,
      other.sources.createProvisioningPolicy({ sourceId: ad, provisioningPolicyDto: example("ENABLE") }),
    );
  }
});
