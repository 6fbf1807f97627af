//! `/settings`: the tenant security settings (lockout, session, network), each edited
//! as a draft checked with the `wire` rules and saved as a JSON Patch with `If-Match`,
//! with its history; the other settings documents are listed as coming.

mod area;
pub mod change_table;
pub mod changes;
mod document;
pub mod editor;
mod history;
mod lockout;
mod network;
mod overview;
mod session;

pub use area::SettingsArea;
pub use document::settings_page;
pub use lockout::LockoutPage;
pub use network::NetworkPage;
pub use overview::SettingsHome;
pub use session::SessionPage;
