//! `/forms` and `/forms/:id`: the request forms (searched by name, deleted after a
//! confirmation) and one form's live preview next to its stored JSON definition.

pub mod builder;
mod detail;
mod list;

pub use builder::{FormBuilder, FormEditor};
pub use detail::{FormDetail, FormView};
pub use list::FormsPage;
