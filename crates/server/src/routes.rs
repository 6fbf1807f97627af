//! One router per API family, merged in [`crate::app`].

pub mod document;
pub mod forms;
pub mod identities;
pub mod jit;
pub mod settings;
pub mod sources;
