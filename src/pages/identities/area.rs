//! What the identities pages share while the person moves between them: the list view
//! they came from (so "back" and a finished delete return to the same filter, sort and
//! page), the selected identities (kept while they look at one of them), and a
//! one-time notice for the list ("Deleted …").

use leptos::prelude::*;
use leptos_router::components::Outlet;

use super::bulk::Selection;

/// The shared state, provided by [`IdentitiesArea`].
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// The last list query (`?…` or empty).
    pub last_query: RwSignal<String>,
    /// A notice the list shows once, e.g. after a delete.
    pub flash: RwSignal<Option<String>>,
    /// The identities picked for invite or process, across pages.
    pub selection: Selection,
}

impl Area {
    fn new() -> Self {
        Self {
            last_query: RwSignal::new(String::new()),
            flash: RwSignal::new(None),
            selection: Selection::new(),
        }
    }

    /// The list as the person last saw it.
    pub fn list_href(&self) -> String {
        format!("/identities{}", self.last_query.try_get_untracked().unwrap_or_default())
    }
}

/// The area's state; a fresh one when a page is shown outside [`IdentitiesArea`].
pub fn use_area() -> Area {
    use_context::<Area>().unwrap_or_else(|| {
        let area = Area::new();
        provide_context(area);
        area
    })
}

/// The parent route of the identities pages: provides [`Area`] and shows the child.
#[component]
pub fn IdentitiesArea() -> impl IntoView {
    provide_context(Area::new());
    view! { <Outlet/> }
}
