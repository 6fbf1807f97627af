//! Reusable pieces shared by pages.

pub mod chips;
pub mod countdown;
pub mod debounce;
pub mod dialog;
pub mod leave_guard;
pub mod number_field;
pub mod pager;
pub mod sort_header;
pub mod status;
pub mod task_progress;
pub mod theme;
