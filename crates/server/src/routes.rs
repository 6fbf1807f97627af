//! One router per API family, merged in [`crate::app`].

pub mod access_rules;
pub mod accounts;
pub mod catalog;
pub mod document;
pub mod forms;
pub mod identities;
pub mod iga_config;
pub mod iga_history;
pub mod iga_list;
pub mod jit;
pub mod my_requests;
pub mod people;
pub mod provisioning_iga;
pub mod request_actions;
pub mod request_changes;
pub mod request_types;
pub mod requests;
pub mod scopes;
pub mod settings;
pub mod sources;
