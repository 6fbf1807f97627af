//! One module per page.

pub mod home;
pub mod identities;
pub mod not_found;
pub mod placeholder;
pub mod settings;
pub mod sign_in;
