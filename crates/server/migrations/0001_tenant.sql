-- The whole tenant: identities, their access, and what signs them in.

CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE identities (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL COLLATE NOCASE,
    alias            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name       TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    last_name        TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    email            TEXT COLLATE NOCASE,
    department       TEXT,
    created          TEXT NOT NULL,
    modified         TEXT NOT NULL,
    processing_state TEXT,
    identity_status  TEXT NOT NULL,
    manager_id       TEXT REFERENCES identities(id) ON DELETE SET NULL,
    last_refresh     TEXT,
    attributes       TEXT NOT NULL DEFAULT '{}',
    lifecycle_state  TEXT,
    lifecycle_manual INTEGER NOT NULL DEFAULT 0,
    correlated       INTEGER NOT NULL DEFAULT 1,
    protected        INTEGER NOT NULL DEFAULT 0,
    user_levels      TEXT NOT NULL DEFAULT ''
);
-- Every allowed filter and sorter has an index that starts with `correlated` (the
-- default filter) so a page is an index range scan, with a twin without it for
-- defaultFilter=NONE.
CREATE INDEX identities_name ON identities(name, id);
CREATE INDEX identities_corr_name ON identities(correlated, name, id);
CREATE INDEX identities_corr_id ON identities(correlated, id);
CREATE INDEX identities_alias_id ON identities(alias, id);
CREATE INDEX identities_corr_alias ON identities(correlated, alias, id);
CREATE INDEX identities_first ON identities(first_name, id);
CREATE INDEX identities_last ON identities(last_name, id);
CREATE INDEX identities_email ON identities(email, id);
CREATE INDEX identities_status ON identities(identity_status, name, id);
CREATE INDEX identities_corr_status ON identities(correlated, identity_status, name, id);
CREATE INDEX identities_processing ON identities(processing_state, id);
CREATE INDEX identities_manager ON identities(manager_id);

-- A personal access token: a client id / hashed secret pair owned by one identity.
CREATE TABLE personal_access_tokens (
    client_id   TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    created     TEXT NOT NULL
);
CREATE INDEX pat_identity ON personal_access_tokens(identity_id);

-- Issued access tokens, for revocation and idle expiry.
CREATE TABLE access_tokens (
    jti         TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX access_tokens_identity ON access_tokens(identity_id);

-- Sources double as applications in the IGA catalog.
CREATE TABLE sources (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    connector    TEXT NOT NULL,
    owner_id     TEXT REFERENCES identities(id) ON DELETE SET NULL,
    requestable  INTEGER NOT NULL DEFAULT 1,
    created      TEXT NOT NULL,
    modified     TEXT NOT NULL
);
CREATE INDEX sources_owner ON sources(owner_id);

CREATE TABLE entitlements (
    id          TEXT PRIMARY KEY,
    source_id   TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    attribute   TEXT NOT NULL,
    value       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id    TEXT REFERENCES identities(id) ON DELETE SET NULL,
    requestable INTEGER NOT NULL DEFAULT 1,
    privileged  INTEGER NOT NULL DEFAULT 0,
    created     TEXT NOT NULL
);
CREATE INDEX entitlements_source ON entitlements(source_id);
CREATE INDEX entitlements_owner ON entitlements(owner_id);

-- An account on a source; identity_id NULL means uncorrelated.
CREATE TABLE accounts (
    id              TEXT PRIMARY KEY,
    source_id       TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity_id     TEXT REFERENCES identities(id) ON DELETE SET NULL,
    native_identity TEXT NOT NULL,
    name            TEXT NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    attributes      TEXT NOT NULL DEFAULT '{}',
    created         TEXT NOT NULL,
    UNIQUE (source_id, native_identity)
);
CREATE INDEX accounts_identity ON accounts(identity_id);

CREATE TABLE account_entitlements (
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    entitlement_id TEXT NOT NULL REFERENCES entitlements(id) ON DELETE CASCADE,
    granted        TEXT NOT NULL,
    PRIMARY KEY (account_id, entitlement_id)
);
CREATE INDEX account_entitlements_ent ON account_entitlements(entitlement_id);

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    owner_id    TEXT REFERENCES identities(id) ON DELETE SET NULL,
    requestable INTEGER NOT NULL DEFAULT 1,
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL
);
CREATE INDEX roles_owner ON roles(owner_id);

CREATE TABLE role_entitlements (
    role_id        TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    entitlement_id TEXT NOT NULL REFERENCES entitlements(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, entitlement_id)
);

CREATE TABLE role_assignments (
    id                TEXT PRIMARY KEY,
    identity_id       TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    role_id           TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    assigner_id       TEXT,
    assignment_source TEXT NOT NULL,
    comments          TEXT,
    created           TEXT NOT NULL,
    remove_date       TEXT,
    UNIQUE (identity_id, role_id)
);
CREATE INDEX role_assignments_role ON role_assignments(role_id);

-- Tenant settings documents (lockout, session, network, service provider, JIT ...).
CREATE TABLE settings (
    name     TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    rev      INTEGER NOT NULL DEFAULT 1,
    modified TEXT NOT NULL
);

-- Background tasks (invite, process, synchronize).
CREATE TABLE tasks (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    document TEXT NOT NULL,
    created  TEXT NOT NULL
);
