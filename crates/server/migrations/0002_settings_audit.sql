-- The audit trail of settings documents, and the provisioning policies of sources.

-- One row per change of a settings document, written in the same transaction as the
-- change itself: who (identity id and name, kept even if the identity is deleted
-- later), when, which document, the patch (or the posted document), before and after.
CREATE TABLE settings_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    rev           INTEGER NOT NULL,
    changed       TEXT NOT NULL,
    identity_id   TEXT NOT NULL,
    identity_name TEXT NOT NULL,
    method        TEXT NOT NULL,
    patch         TEXT NOT NULL,
    before        TEXT,
    after         TEXT NOT NULL
);
CREATE INDEX settings_audit_name ON settings_audit(name, id);

-- At most one policy per source and usage type; the document is a ProvisioningPolicyDto.
CREATE TABLE provisioning_policies (
    source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    usage_type TEXT NOT NULL,
    document   TEXT NOT NULL,
    created    TEXT NOT NULL,
    modified   TEXT NOT NULL,
    PRIMARY KEY (source_id, usage_type)
);
