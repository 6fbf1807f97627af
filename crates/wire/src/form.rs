//! Request forms (PingOne AIC IGA, seed 002): the resource (`{id, name, type,
//! description, categories, form, _rev, metadata}`), the typed model of its `form`
//! definition, the rules of a definition ([`check_definition`]) and of the values a
//! requester submits ([`validate_values`]), and form assignments (`objectId` shapes).
//!
//! A definition is rows on a 12-column grid; each row holds fields (`string`, `textarea`,
//! `checkbox`, `select`, `multiselect`, `date`, `formText`, `section` with nested rows).
//! Gatehouse adds a declarative `visibleWhen: {model, equals}`; PingOne's scripts
//! (`events`, `onChangeEvent`) are kept and never run.
//!
//! The model must not lose anything an admin (or PingOne) put in a form: every struct
//! keeps the properties it does not know in `extra`, and a field of a type it does not
//! know is kept whole as [`Field::Unknown`], so load and save give back the same JSON.
//!
//! Form regexes are JavaScript regexes, and this crate runs in the browser too: the
//! rules take the regex engine as an argument (the server passes one backed by the
//! `regress` crate, the portal one backed by the browser's `RegExp`).

mod assignment;
mod definition;
mod lookup;
mod model;
#[cfg(test)]
mod test_support;
mod values;

pub use assignment::{FormAssignment, FormTarget};
pub use definition::{check_definition, describe, row_lines, DefinitionError};
pub use lookup::{catalog_filter_of, catalog_kind, check_lookup_filter, people_filter_of};
pub use model::*;
pub use values::{is_date, set_value_at, validate_values, value_at, FieldError, Matcher};
