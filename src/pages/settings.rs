//! `/settings`: the tenant security settings (lockout, session, network), each edited
//! as a draft checked with the `wire` rules and saved as a JSON Patch with `If-Match`,
//! with its history; the other settings documents are listed as coming.

mod access_requests;
mod area;
pub mod change_table;
pub mod changes;
pub mod conflict;
mod document;
mod draft;
pub mod editor;
mod fields;
mod history;
mod jit;
mod lockout;
mod network;
mod overview;
mod provisioning;
mod request_types;
mod service_provider;
mod session;

pub use access_requests::AccessRequestSettingsPage;
pub use area::SettingsArea;
pub use document::settings_page;
pub use history::HistoryPager;
pub use jit::{JitActivationPage, JitEditor};
pub use lockout::LockoutPage;
pub use network::NetworkPage;
pub use overview::SettingsHome;
pub use provisioning::{Open as PolicyOpen, PolicyEditor, ProvisioningPoliciesPage};
pub use request_types::schemas as request_type_schemas;
pub use request_types::RequestTypesPage;
pub use service_provider::ServiceProviderPage;
pub use session::SessionPage;
