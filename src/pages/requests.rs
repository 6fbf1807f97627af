//! `/requests` (the signed-in person's requests, filtered and sorted in the URL) and
//! `/requests/:id` (one request: who asks for what and why, the form values, the
//! decision and its history, the approver's actions, the requester's answer and
//! cancel), with the pieces the approvals inbox and the admin pages share.

pub mod actions;
mod detail;
pub mod labels;
pub mod list;
pub mod type_names;
pub mod typeahead;

pub use actions::{can_reject, ActionPanel, AdminPanel, AnswerPanel, ReassignSearch, Required, ADMIN_CANCEL_COMMENT};
pub use detail::{panels, timeline, Event, Panels, RequestDetail, RequestView};
pub use labels::{decision_label, outcome_label, requested_item, status_label};
pub use list::{list_query, requests_href, status_from_query, ListControls, RequestRows, RequestsPage, STATUSES};
