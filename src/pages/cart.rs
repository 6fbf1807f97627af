//! `/cart`: the requester's cart. The items (each with the form assigned to it), for
//! whom (admins may pick other people), the request's justification, priority and
//! dates; "Check" asks the server what would fail and shows each person's problems
//! next to their items; "Submit" creates the requests and empties the cart of what was
//! requested.

pub mod check;
pub mod details;
mod item;
mod page;
pub mod people;

pub use page::CartPage;
