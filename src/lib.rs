//! Gatehouse portal: the identity-governance admin console, a Leptos CSR app.
//! `main.rs` only mounts [`App`]; everything else lives in the modules below.

pub mod api;
pub mod app;
pub mod cart;
pub mod components;
pub mod forms;
pub mod pages;
pub mod session;

pub use app::App;
