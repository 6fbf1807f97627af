-- PingOne AIC IGA scoping rules (`/iga/governance/scope`). `document` is the rule
-- without `id`, `_rev` and `metadata` ({name, description, status, sourceCondition,
-- targetCondition}); `created` / `modified` answer as metadata.createdDate / modifiedDate.
CREATE TABLE iga_scopes (
    id       TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    rev      INTEGER NOT NULL DEFAULT 1,
    created  TEXT NOT NULL,
    modified TEXT NOT NULL
);
