-- Request forms (PingOne AIC IGA) and what they are assigned to.

-- One row per form. `document` is the resource as the admin sent it (the `form`
-- definition exactly as sent, unknown properties included) without `id`, `_rev` and
-- `metadata`, which the server keeps in the columns.
CREATE TABLE request_forms (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    form_type TEXT NOT NULL,
    document  TEXT NOT NULL,
    rev       INTEGER NOT NULL DEFAULT 1,
    created   TEXT NOT NULL,
    modified  TEXT NOT NULL
);
CREATE INDEX request_forms_name ON request_forms(name, id);

-- An object (a request type, an application operation, a workflow node, a catalog
-- item) has at most one form; a form may serve many objects. Deleting a form removes
-- its assignments.
CREATE TABLE request_form_assignments (
    object_id TEXT PRIMARY KEY,
    form_id   TEXT NOT NULL REFERENCES request_forms(id) ON DELETE CASCADE,
    created   TEXT NOT NULL
);
CREATE INDEX request_form_assignments_form ON request_form_assignments(form_id);
