//! The typed API client: one `async fn` per endpoint, all through one private `send`
//! in [`client`] that adds the token, maps status codes to [`ApiError`] and decodes.

pub mod accounts;
pub mod assignments;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod client;
pub mod forms;
pub mod governance;
pub mod identities;
pub mod jit;
pub mod people;
pub mod request_types;
pub mod requests;
pub mod settings;
pub mod sources;
pub mod tasks;

pub use client::{ApiError, Client};
