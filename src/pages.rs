//! One module per page.

pub mod approvals;
pub mod cart;
pub mod catalog;
pub mod custom_request;
pub mod forms;
pub mod home;
pub mod identities;
pub mod not_found;
pub mod placeholder;
pub mod requests;
pub mod settings;
pub mod sign_in;
