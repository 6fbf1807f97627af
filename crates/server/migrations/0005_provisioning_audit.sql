-- The audit trail of provisioning policies, like settings_audit: one row per stored
-- change, written in the same transaction as the change itself. No foreign key to
-- sources: the history outlives what it describes.
CREATE TABLE provisioning_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     TEXT NOT NULL,
    usage_type    TEXT NOT NULL,
    changed       TEXT NOT NULL,
    identity_id   TEXT NOT NULL,
    identity_name TEXT NOT NULL,
    method        TEXT NOT NULL,
    patch         TEXT NOT NULL,
    before        TEXT,
    after         TEXT
);
CREATE INDEX provisioning_audit_source ON provisioning_audit(source_id, id);
