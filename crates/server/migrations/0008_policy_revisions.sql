-- Lost-update protection for provisioning policies. Each policy carries the revision it
-- was last stored at (its ETag); the revisions come from one counter per source, raised
-- by every change of any of its policies, so a policy deleted and created again never
-- reuses a revision an editor may still hold, and the counter itself is the ETag of the
-- source's whole set of policies (the list and bulk-update). Policies stored before
-- this migration start at revision 1, as does a source whose counter has no row yet.
ALTER TABLE provisioning_policies ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;

CREATE TABLE provisioning_revisions (
    source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    rev       INTEGER NOT NULL
);
