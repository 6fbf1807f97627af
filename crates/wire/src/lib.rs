//! `gatehouse-wire`: the wire types and the pure rules that the portal (wasm32)
//! and the server (native) share, so that a rule is written once and runs on both
//! sides. Nothing here knows about HTTP frameworks, databases or the DOM.

pub mod account;
pub mod auth;
pub mod catalog;
pub mod crest;
pub mod error;
pub mod filter;
pub mod form;
pub mod identity;
pub mod net;
pub mod provisioning;
pub mod request;
pub mod request_schema;
pub mod scope;
pub mod settings;
pub mod target_filter;
pub mod task;
