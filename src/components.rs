//! Reusable pieces shared by pages.

pub mod status;
pub mod theme;
