//! `/identities` and `/identities/:id`: the identities table (server-side search,
//! filters, sorting and paging, the whole view in the URL; selection across pages for
//! invite and process; CSV export) and one identity's details and actions.

mod access;
mod area;
pub mod bulk;
mod detail;
pub mod export;
pub mod filters;
pub mod held;
mod list;
pub mod query;
pub mod table;

pub use area::IdentitiesArea;
pub use detail::IdentityDetail;
pub use list::IdentitiesPage;
