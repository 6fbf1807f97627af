//! ForgeRock Common REST ("CREST") as PingOne AIC IGA speaks it: the `_queryFilter`
//! language, the list parameters that go with it (`_sortKeys`, `_sortType`, `_fields`), and CREST
//! PATCH bodies (`[{operation, field, value}]`).
//!
//! This module owns the whole language so the portal and the server agree on it: the AST
//! ([`Filter`]), the parser ([`parse`], errors carry a byte position), the canonical
//! printer (`Display`, which re-parses to the same AST) and the evaluator over a JSON
//! document ([`Filter::matches`]), which is how the server answers `_queryFilter` on
//! IGA collections that it keeps as JSON documents.
//!
//! Grammar (CREST):
//! ```text
//! filter  := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "!" not | primary
//! primary := "(" filter ")" | "true" | "false" | path "pr" | path op value
//! op      := eq | co | sw | gt | ge | lt | le
//! value   := "double-quoted" | 'single-quoted' | number | true | false | null
//! ```
//! Keywords are lowercase. A path is a JSON pointer (`/categories/operation`, `~1` and
//! `~0` escapes) or a dot path (`categories.operation`); a path without a `/` is read as
//! a dot path. Decoding the URL is the caller's job.
//!
//! Evaluation: a path that runs through an array looks into every element, and a
//! comparison holds when it holds for any value found (CREST's multi-valued semantics).
//! String comparisons ignore case. `_id` falls back to `id` when a document has no `_id`
//! (IGA objects carry `id`; CREST clients say `_id`).
//!
//! PATCH ([`apply_patch`]) is CREST's, not RFC 6902 (so not the `json-patch` crate):
//! `add` to an array appends, `replace` creates what is missing, `remove` of something
//! absent changes nothing, and there are `increment` and `transform` (a script, which
//! Gatehouse never runs).

mod filter;
mod list;
mod patch;
mod path;

pub use filter::{parse, CmpOp, CrestError, Filter, MAX_DEPTH};
pub use list::{
    compare_by, is_after, parse_fields, parse_search_after, parse_sort_keys, project, sort_values, typed_order,
    ListPage, SortKey, SortType,
};
pub use patch::{apply_patch, PatchOp, PatchOperation};
pub use path::{first_at, path_segments, resolve, sort_order};
