//! `/forms/new` and `/forms/:id/edit`: the visual forms builder. The editing rules live
//! in plain structs ([`tree`]: the definition as a tree; [`model`]: selection, moves,
//! undo/redo, announcements) with ordinary tests; the components only show them.

mod assignments;
mod canvas;
mod checks;
mod document;
mod editor;
mod json_tab;
pub mod model;
mod options;
mod page;
mod properties;
pub mod tree;

pub use editor::FormEditor;
pub use page::FormBuilder;
