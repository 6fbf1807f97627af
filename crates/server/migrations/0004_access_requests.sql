-- PingOne AIC IGA access requests: request types, requests and who acts on them.

-- One row per request type. The six built-ins (builtin = 1, never deleted) are written
-- at every start by `store::request_types::ensure_builtins`. `document` is the type
-- without `id` and `_rev`.
CREATE TABLE request_types (
    id       TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    builtin  INTEGER NOT NULL DEFAULT 0,
    rev      INTEGER NOT NULL DEFAULT 1,
    created  TEXT NOT NULL,
    modified TEXT NOT NULL
);

-- One row per request (one user x one catalog item). `document` is the whole Request
-- as the API answers it; the columns repeat what lists and the duplicate check select on.
-- Identity ids are not foreign keys: a request outlives a deleted identity.
CREATE TABLE access_requests (
    id           TEXT PRIMARY KEY,
    document     TEXT NOT NULL,
    rev          INTEGER NOT NULL,
    requester_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    request_type TEXT NOT NULL,
    item_type    TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    status       TEXT NOT NULL,
    created      TEXT NOT NULL,
    modified     TEXT NOT NULL
);
CREATE INDEX access_requests_requester ON access_requests(requester_id, created);
CREATE INDEX access_requests_user ON access_requests(user_id, created);
CREATE INDEX access_requests_open ON access_requests(user_id, item_type, item_id, status);

-- The actors of each request (rewritten with the document on every change), for
-- "my approvals": active = 1 while the identity may act, 0 once it acted or was
-- replaced.
CREATE TABLE request_actors (
    request_id  TEXT NOT NULL REFERENCES access_requests(id) ON DELETE CASCADE,
    identity_id TEXT NOT NULL,
    active      INTEGER NOT NULL,
    PRIMARY KEY (request_id, identity_id, active)
);
CREATE INDEX request_actors_identity ON request_actors(identity_id, active);
