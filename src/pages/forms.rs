//! `/forms`, `/forms/:id`, `/forms/new` and `/forms/:id/edit`: the request forms (search,
//! sort, paging, where assigned; create, duplicate, delete after a confirmation), one
//! form's live preview next to its stored JSON definition, and the visual builder.

pub mod builder;
mod detail;
mod list;

pub use builder::{FormBuilder, FormEditor};
pub use detail::{FormDetail, FormView};
pub use list::{
    first_query, page_after_delete, query_from_url, query_href, FormList, FormSearch, FormsPage, WhereUsed,
};
