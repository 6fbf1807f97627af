//! Request forms in the portal: the renderer that shows any stored definition
//! ([`renderer::FormRenderer`]) and the pure rules it leans on ([`state`]): default
//! values, grid placement, the body sent for the fields that are shown.

mod lookup;
pub mod matcher;
pub mod renderer;
pub mod state;

pub use renderer::FormRenderer;
