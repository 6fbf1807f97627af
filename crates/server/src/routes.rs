//! One router per API family, merged in [`crate::app`].

pub mod identities;
