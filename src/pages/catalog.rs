//! `/catalog`: what may be requested, one kind per tab, searched by name, filtered by
//! the kind's search properties and sorted, all in the URL
//! (`?kind=role&q=fin&f=roleOwner.userName:equals:ada&sort=-role.name&page=2`). "Add to
//! cart" puts an item in the cart (requested together, with forms, from `/cart`);
//! "Request" (items without a form) creates a request for the signed-in person at once;
//! `/catalog/:kind/:id` shows one item's details.

pub mod details;
pub mod filters;
mod page;
pub mod rows;
pub mod state;

pub use details::{CatalogItemPage, ItemDetails};
pub use page::{created_summary, quick_body, CatalogPage};
