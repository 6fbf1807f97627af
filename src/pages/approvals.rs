//! `/approvals`: the approver's inbox and "Done" tab, with bulk decisions.

pub mod bulk;
pub mod inbox;

pub use inbox::{active_from_query, approvals_href, ApprovalInbox, ApprovalsPage};
