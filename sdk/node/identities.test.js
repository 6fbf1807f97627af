// Gatehouse against SailPoint's official npm SDK (sailpoint-api-client 1.4.15), used as
// published: `IdentitiesV2024Api` calls `/v2024/identities...` and sends
// `X-SailPoint-Experimental: true` on every operation once `configuration.experimental`
// is true. The server comes from SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET
// (demo-admin, ORG_ADMIN), exactly as the SDK reads them. Run: `node --test` (see
// package.json); xtask/src/sdk.rs starts the server and sets the environment.
"use strict";

const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const {
  Configuration,
  IdentitiesV2024Api,
  TaskManagementV2024Api,
} = require("sailpoint-api-client");

const BASE = (process.env.SAIL_BASE_URL || "").replace(/\/$/, "");
const HEX_ID = /^[0-9a-f]{32}$/;
const UNKNOWN = "0123456789abcdef0123456789abcdef";

// The SDK logs "Warning: You are using Experimental APIs" on every call once
// `experimental` is on; keep the test output readable.
const log = console.log;
console.log = (...args) => {
  if (String(args[0]).startsWith("Warning: You are using Experimental APIs")) return;
  log(...args);
};

/** A signed-in client: the SDK's Configuration and IdentitiesV2024Api. */
function sail(clientId, clientSecret, accessToken) {
  let config;
  if (clientId === undefined && accessToken === undefined) {
    config = new Configuration(); // SAIL_* from the environment
  } else {
    config = new Configuration({
      baseurl: BASE,
      tokenUrl: `${BASE}/oauth/token`,
      clientId,
      clientSecret,
      accessToken,
    });
  }
  config.experimental = true;
  if (config.accessToken && typeof config.accessToken.catch === "function") {
    config.accessToken.catch(() => {}); // a failed sign-in is asserted where it matters
  }
  return { config, api: new IdentitiesV2024Api(config) };
}

/** A request with the SDK's token, for what the SDK's methods cannot send. */
async function raw(client, method, path, body) {
  const headers = {
    Accept: "application/json",
    Authorization: `Bearer ${await client.config.accessToken}`,
    "X-SailPoint-Experimental": "true",
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(BASE + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await resp.text();
  let data = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: resp.status, headers: resp.headers, data };
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

async function total(api, params) {
  const resp = await api.listIdentities({ ...params, count: true, limit: 1 });
  assert.equal(resp.status, 200);
  return Number(resp.headers["x-total-count"]);
}

let admin;
let requester;
let policyAdmin;
const personas = {};
let plain = [];

before(async () => {
  admin = sail();
  requester = sail("demo-requester", "demo-requester-secret");
  policyAdmin = sail("demo-policy", "demo-policy-secret");
  for (const alias of ["demo-admin", "demo-policy", "demo-source", "demo-requester", "demo-approver"]) {
    const { data } = await admin.api.listIdentities({ filters: `alias eq "${alias}"` });
    assert.equal(data.length, 1, `alias ${alias}`);
    personas[alias] = data[0];
  }
  // Plain demo people that own nothing, in a fixed order (each mutating test takes its
  // own): generated people past the first-name walk have a numeric alias suffix, which
  // the department heads (owners of sources, roles, entitlements) do not.
  const { data } = await admin.api.listIdentities({
    filters: 'cloudStatus eq "ACTIVE" and protected eq false',
    sorters: "-name",
    limit: 60,
  });
  for (const ident of data) {
    if (ident.alias.startsWith("demo-") || !/\d$/.test(ident.alias)) continue;
    try {
      const owned = await admin.api.getIdentityOwnershipDetails({ identityId: ident.id });
      if ((owned.data.associationDetails || []).length) continue;
    } catch {
      // ownership has its own test; the alias rule already excludes owners
    }
    plain.push(ident);
  }
  assert.ok(plain.length >= 8, plain.map((p) => p.alias).join(","));
});

// --- list ---------------------------------------------------------------------------

test("list identities returns the demo tenant", async () => {
  const { status, data } = await admin.api.listIdentities({ sorters: "name", limit: 250 });
  assert.equal(status, 200);
  assert.equal(data.length, 250);
  assert.ok(data.every((p) => HEX_ID.test(p.id)));
  const ada = data.filter((p) => p.alias === "demo-admin");
  assert.equal(ada.length, 1);
  assert.equal(ada[0].name, "Ada Lovelace");
  assert.equal(ada[0].emailAddress, "demo-admin@gatehouse.example");
  assert.equal(ada[0].identityStatus, "ACTIVE");
  assert.equal(ada[0].attributes.firstname, "Ada");
  assert.equal(ada[0].lifecycleState.stateName, "active");
});

test('filter name sw "Ada"', async () => {
  const { data } = await admin.api.listIdentities({ filters: 'name sw "Ada"' });
  assert.ok(data.length > 0);
  assert.ok(data.every((p) => p.name.startsWith("Ada")), data.map((p) => p.name).join(","));
  assert.ok(data.some((p) => p.alias === "demo-admin"));
});

test('filter alias eq "demo-requester"', async () => {
  const { data } = await admin.api.listIdentities({ filters: 'alias eq "demo-requester"' });
  assert.deepEqual(
    data.map((p) => [p.alias, p.name]),
    [["demo-requester", "Rachel Green"]],
  );
  assert.equal(data[0].managerRef.name, "Alan Turing");
  assert.equal(data[0].attributes.department, "Engineering");
});

test('filter cloudStatus eq "UNREGISTERED"', async () => {
  const { data } = await admin.api.listIdentities({
    filters: 'cloudStatus eq "UNREGISTERED"',
    limit: 250,
  });
  assert.ok(data.length >= 10);
  assert.deepEqual([...new Set(data.map((p) => p.attributes.cloudStatus))], ["UNREGISTERED"]);
  assert.deepEqual([...new Set(data.map((p) => p.identityStatus))], ["UNREGISTERED"]);
});

test("filter id in (..)", async () => {
  const a = personas["demo-policy"].id;
  const b = personas["demo-approver"].id;
  const { data } = await admin.api.listIdentities({
    filters: `id in ("${a}","${b}")`,
    sorters: "name",
  });
  assert.deepEqual(
    data.map((p) => [p.id, p.name]),
    [
      [b, "Alan Turing"],
      [a, "Paula Reyes"],
    ],
  );
});

test("composite filter and an escaped quote", async () => {
  const { data } = await admin.api.listIdentities({
    filters: 'name sw "A" and (cloudStatus eq "ACTIVE" or correlated eq false)',
    defaultFilter: "NONE",
    limit: 250,
  });
  assert.ok(data.length > 0 && data.every((p) => p.name.startsWith("A")));
  const none = await admin.api.listIdentities({ filters: 'name eq "Ada \\"Countess\\" Lovelace"' });
  assert.deepEqual(none.data, []);
});

test("sorters name and -name", async () => {
  const asc = (await admin.api.listIdentities({ filters: 'name sw "A"', sorters: "name" })).data.map(
    (p) => p.name,
  );
  const desc = (await admin.api.listIdentities({ filters: 'name sw "A"', sorters: "-name" })).data.map(
    (p) => p.name,
  );
  assert.ok(asc.length > 3);
  const sorted = [...asc].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0));
  assert.deepEqual(asc, sorted);
  assert.deepEqual(desc, [...asc].reverse());
});

test("count=true sets X-Total-Count", async () => {
  const everyone = await total(admin.api, { defaultFilter: "NONE" });
  const correlated = await total(admin.api, {});
  const uncorrelated = await total(admin.api, { filters: "correlated eq false", defaultFilter: "NONE" });
  assert.ok(everyone >= 300, `${everyone}`);
  assert.equal(uncorrelated, 12); // README: 12 uncorrelated
  assert.equal(correlated, everyone - uncorrelated);
  assert.equal(await total(admin.api, { filters: 'alias eq "demo-admin"' }), 1);
});

test("paging with limit and offset", async () => {
  const ids = async (limit, offset) =>
    (await admin.api.listIdentities({ sorters: "name", limit, offset })).data.map((p) => p.id);
  const firstTen = await ids(10, 0);
  assert.equal(firstTen.length, 10);
  assert.deepEqual([...(await ids(5, 0)), ...(await ids(5, 5))], firstTen);
  const everyone = await total(admin.api, { defaultFilter: "NONE" });
  const past = await admin.api.listIdentities({ defaultFilter: "NONE", limit: 10, offset: everyone });
  assert.deepEqual(past.data, []);
});

test("limit 251 is 400", async () => {
  const resp = await expectStatus(400, admin.api.listIdentities({ limit: 251 }));
  assert.match(resp.data.detailCode, /^400/);
  assert.match(errorText(resp), /limit/);
});

test('unsupported operator (name co "x") is 400', async () => {
  const resp = await expectStatus(400, admin.api.listIdentities({ filters: 'name co "x"' }));
  assert.match(errorText(resp), /\bco\b/);
});

test("unknown filter field is 400", async () => {
  const resp = await expectStatus(400, admin.api.listIdentities({ filters: 'department eq "IT"' }));
  assert.match(errorText(resp), /department/);
});

test("bad filter syntax is 400", async () => {
  await expectStatus(400, admin.api.listIdentities({ filters: 'name eq "unterminated' }));
});

test("unknown sorter is 400", async () => {
  const resp = await expectStatus(400, admin.api.listIdentities({ sorters: "department" }));
  assert.match(errorText(resp), /department/);
});

// --- get ----------------------------------------------------------------------------

test("get identity", async () => {
  const rachel = personas["demo-requester"];
  const { status, data } = await admin.api.getIdentity({ id: rachel.id });
  assert.equal(status, 200);
  assert.deepEqual([data.id, data.name, data.alias], [rachel.id, "Rachel Green", "demo-requester"]);
  assert.equal(data.emailAddress, "demo-requester@gatehouse.example");
  assert.equal(data.managerRef.id, personas["demo-approver"].id);
  assert.equal(data.managerRef.type, "IDENTITY");
  assert.equal(data.attributes.lastname, "Green");
});

test("get unknown identity is 404", async () => {
  const resp = await expectStatus(404, admin.api.getIdentity({ id: UNKNOWN }));
  assert.match(errorText(resp), new RegExp(UNKNOWN));
});

// --- ownership, role assignments ------------------------------------------------------

test("ownership of a source owner", async () => {
  const { data } = await admin.api.getIdentityOwnershipDetails({
    identityId: personas["demo-source"].id,
  });
  const names = (data.associationDetails || []).flatMap((d) =>
    (d.entities || []).map((e) => e.identityEntity && e.identityEntity.name),
  );
  assert.ok(names.includes("Active Directory"), JSON.stringify(data));
});

test("ownership of a plain identity is empty", async () => {
  const { data } = await admin.api.getIdentityOwnershipDetails({ identityId: plain[6].id });
  assert.equal((data.associationDetails || []).length, 0, JSON.stringify(data));
});

test("role assignments, and one by id", async () => {
  const rachel = personas["demo-requester"].id;
  const { data } = await admin.api.getRoleAssignments({ identityId: rachel });
  const names = data.map((r) => r.role.name);
  assert.ok(names.includes("Employee Baseline") && names.includes("Engineering Developer"), names.join(","));
  const dev = data.find((r) => r.role.name === "Engineering Developer");
  const one = await admin.api.getRoleAssignment({ identityId: rachel, assignmentId: dev.id });
  assert.equal(one.data.id, dev.id);
  assert.equal(one.data.role.name, "Engineering Developer");
  assert.equal(one.data.role.id, dev.role.id);
  const byName = await admin.api.getRoleAssignments({
    identityId: rachel,
    roleName: "Engineering Developer",
  });
  assert.deepEqual(
    byName.data.map((r) => r.id),
    [dev.id],
  );
});

test("unknown role assignment is 404", async () => {
  await expectStatus(
    404,
    admin.api.getRoleAssignment({ identityId: personas["demo-requester"].id, assignmentId: UNKNOWN }),
  );
});

// --- reset, send mail, invite, process, synchronize ------------------------------------

test("reset identity", async () => {
  const target = plain[0];
  // The SDK fills `{identityId}` into `/identities/{id}/reset` (SailPoint's spec bug), so
  // it sends `/v2024/identities/%7Bid%7D/reset`: the server answers 404 naming `{id}` ...
  const resp = await expectStatus(404, admin.api.resetIdentity({ identityId: target.id }));
  assert.match(errorText(resp), /\{id\}|%7Bid%7D/);
  // ... and the reset itself works with the SDK's token on the real path.
  const real = await raw(admin, "POST", `/v2024/identities/${target.id}/reset`);
  assert.equal(real.status, 202, JSON.stringify(real.data));
  assert.equal((await admin.api.getIdentity({ id: target.id })).data.id, target.id);
});

test("reset unknown identity is 404", async () => {
  const resp = await raw(admin, "POST", `/v2024/identities/${UNKNOWN}/reset`);
  assert.equal(resp.status, 404, JSON.stringify(resp.data));
});

test("send password-reset mail", async () => {
  const resp = await admin.api.sendIdentityVerificationAccountToken({
    id: plain[3].id,
    sendAccountVerificationRequestV2024: { sourceName: "Active Directory", via: "EMAIL_WORK" },
  });
  assert.equal(resp.status, 200);
});

test("send password-reset mail with an unknown via is 400", async () => {
  await expectStatus(
    400,
    admin.api.sendIdentityVerificationAccountToken({
      id: plain[3].id,
      sendAccountVerificationRequestV2024: { sourceName: "Active Directory", via: "CARRIER_PIGEON" },
    }),
  );
});

test("invite, then task status", async () => {
  const { data: unregistered } = await admin.api.listIdentities({
    filters: 'cloudStatus eq "UNREGISTERED"',
    limit: 2,
  });
  const ids = unregistered.map((p) => p.id);
  const resp = await admin.api.startIdentitiesInvite({
    inviteIdentitiesRequestV2024: { ids, uninvited: false },
  });
  assert.equal(resp.status, 202);
  const task = resp.data;
  assert.ok(task.id);
  assert.ok(task.percentComplete >= 0 && task.percentComplete <= 100);
  const tasks = new TaskManagementV2024Api(admin.config);
  const status = await tasks.getTaskStatus({ id: task.id });
  assert.equal(status.status, 200);
  assert.equal(status.data.id, task.id);
  assert.equal(status.data.type, task.type);
  assert.ok("completionStatus" in status.data);
  // The task runs in the background: follow it to the end.
  let done = status.data;
  for (let i = 0; i < 100 && !done.completed; i++) {
    await new Promise((r) => setTimeout(r, 100));
    done = (await tasks.getTaskStatus({ id: task.id })).data;
  }
  assert.equal(done.completionStatus, "SUCCESS");
  assert.equal(done.percentComplete, 100);
  assert.deepEqual(done.returns, [{ name: "Identities", attributeName: "identityCount" }]);
  assert.equal(done.attributes.identityCount, ids.length);
});

test("process identities", async () => {
  const resp = await admin.api.startIdentityProcessing({
    processIdentitiesRequestV2024: { identityIds: [plain[4].id, plain[5].id] },
  });
  assert.equal(resp.status, 202);
  assert.equal(resp.data.type, "TASK_RESULT");
  assert.ok(resp.data.id);
});

test("synchronize attributes, then 429 within 10 s", async () => {
  const target = plain[2].id;
  const resp = await admin.api.synchronizeAttributesForIdentity({ identityId: target });
  assert.equal(resp.status, 202);
  const job = resp.data;
  assert.ok(job.id);
  assert.ok(["QUEUED", "IN_PROGRESS", "SUCCESS", "ERROR"].includes(job.status), job.status);
  assert.ok(job.payload.type);
  assert.ok(job.payload.dataJson.includes(target), job.payload.dataJson);
  const again = await expectStatus(429, admin.api.synchronizeAttributesForIdentity({ identityId: target }));
  const retryAfter = Number(again.headers["retry-after"]);
  assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After ${again.headers["retry-after"]}`);
  assert.match(JSON.stringify(again.data), /Rate Limit Exceeded/);
});

// --- delete --------------------------------------------------------------------------

test("delete an identity that owns nothing, then get is 404", async () => {
  const target = plain[1];
  const resp = await admin.api.deleteIdentity({ id: target.id });
  assert.equal(resp.status, 204);
  await expectStatus(404, admin.api.getIdentity({ id: target.id }));
  const { data } = await admin.api.listIdentities({
    filters: `id eq "${target.id}"`,
    defaultFilter: "NONE",
  });
  assert.deepEqual(data, []);
  await expectStatus(404, admin.api.deleteIdentity({ id: target.id }));
});

test("deleting an owner is 400", async () => {
  const source = personas["demo-source"].id;
  const resp = await expectStatus(400, admin.api.deleteIdentity({ id: source }));
  assert.ok(resp.data && (resp.data.associationDetails || resp.data.message), JSON.stringify(resp.data));
  assert.equal((await admin.api.getIdentity({ id: source })).data.name, "Samir Khan");
});

// --- 401, 403 -------------------------------------------------------------------------

test("wrong client secret is 401", async () => {
  const bad = sail("demo-admin", "not-the-secret");
  await assert.rejects(bad.config.accessToken, /401/);
});

test("no token is 401", async () => {
  const resp = await fetch(`${BASE}/v2024/identities?limit=1`, {
    headers: { Accept: "application/json", "X-SailPoint-Experimental": "true" },
  });
  assert.equal(resp.status, 401);
  assert.match((await resp.json()).error, /JWT/);
});

test("bad token is 401", async () => {
  const bad = sail(undefined, undefined, "not-a-real-token");
  const resp = await expectStatus(401, bad.api.listIdentities({ limit: 1 }));
  assert.ok(resp.data && resp.data.error, JSON.stringify(resp.data));
});

test("requester lists only themselves", async () => {
  const { data } = await requester.api.listIdentities({ limit: 250 });
  assert.deepEqual(
    data.map((p) => [p.alias, p.name]),
    [["demo-requester", "Rachel Green"]],
  );
  assert.equal((await requester.api.getIdentity({ id: data[0].id })).data.alias, "demo-requester");
});

test("requester cannot read others (403)", async () => {
  await expectStatus(403, requester.api.getIdentity({ id: personas["demo-admin"].id }));
});

test("requester cannot delete (403)", async () => {
  await expectStatus(403, requester.api.deleteIdentity({ id: plain[6].id }));
});

test("requester cannot reset (403)", async () => {
  const resp = await raw(requester, "POST", `/v2024/identities/${plain[6].id}/reset`);
  assert.equal(resp.status, 403, JSON.stringify(resp.data));
});

test("requester cannot synchronize (403)", async () => {
  await expectStatus(403, requester.api.synchronizeAttributesForIdentity({ identityId: plain[6].id }));
});

test("policy admin reads but cannot delete", async () => {
  assert.equal((await policyAdmin.api.getIdentity({ id: plain[6].id })).data.id, plain[6].id);
  await expectStatus(403, policyAdmin.api.deleteIdentity({ id: plain[6].id }));
});
