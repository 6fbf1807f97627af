-- The audit trails of access requests and of the IGA configuration, like settings_audit:
-- one row per stored change, written in the same transaction as the change itself, who
-- (identity id and name, kept even if the identity is deleted later) and when. No
-- foreign key to access_requests: the history outlives what it describes.

-- `action` is what changed the request (create, publish, approve, reject, cancel,
-- comment, reassign, modify, update, put, patch); `body` what the caller sent; `before`
-- and `after` the whole request document (`before` NULL for a new request).
CREATE TABLE request_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id    TEXT NOT NULL,
    rev           INTEGER NOT NULL,
    changed       TEXT NOT NULL,
    identity_id   TEXT NOT NULL,
    identity_name TEXT NOT NULL,
    action        TEXT NOT NULL,
    body          TEXT NOT NULL,
    before        TEXT,
    after         TEXT NOT NULL
);
CREATE INDEX request_audit_request ON request_audit(request_id, id);

-- `category` is the category a PUT replaced (NULL for the whole configuration);
-- `before` and `after` are the whole configuration.
CREATE TABLE iga_config_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    rev           INTEGER NOT NULL,
    changed       TEXT NOT NULL,
    identity_id   TEXT NOT NULL,
    identity_name TEXT NOT NULL,
    category      TEXT,
    body          TEXT NOT NULL,
    before        TEXT NOT NULL,
    after         TEXT NOT NULL
);
