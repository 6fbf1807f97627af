//! The identities table: sortable headers, rows that are links, an optional checkbox
//! column for selecting across pages, and the pager. It shows one page it is given and
//! reports every change of the view through `on_change`; the page owns the URL.

use gatehouse_wire::identity::Identity;
use leptos::prelude::*;

use super::bulk::Selection;
use super::query::{ListState, PAGE_SIZES};
use crate::api::identities::IdentityPage;
use crate::components::pager::Pager;
use crate::components::sort_header::{SortHeader, SortState};
use crate::components::status::Empty;

/// One page of identities with its controls.
#[component]
pub fn IdentityTable(
    /// The rows and the total.
    page: IdentityPage,
    /// The view the rows belong to.
    #[prop(into)]
    state: Signal<ListState>,
    /// Asked for another view (sort, page, page size).
    on_change: Callback<ListState>,
    /// When the person may act on identities: rows get a checkbox.
    #[prop(default = None)]
    selection: Option<Selection>,
) -> impl IntoView {
    let total = page.total.unwrap_or(page.items.len() as u64);
    let sort_state = move |field: &'static str| {
        Signal::derive(move || {
            state.with(|s| match (s.sort.field == field, s.sort.descending) {
                (false, _) => SortState::None,
                (true, false) => SortState::Ascending,
                (true, true) => SortState::Descending,
            })
        })
    };
    let on_sort = Callback::new(move |field: &'static str| on_change.run(state.get_untracked().sorted_by(field)));
    let on_page = Callback::new(move |page: u32| {
        on_change.run(ListState {
            page,
            ..state.get_untracked()
        })
    });
    let on_size = Callback::new(move |size: u32| {
        on_change.run(
            ListState {
                size,
                ..state.get_untracked()
            }
            .first_page(),
        )
    });
    let on_page_one = move |_| on_change.run(state.get_untracked().first_page());
    let rows: Vec<(String, String)> = page.items.iter().map(|i| (i.id.clone(), i.display_name())).collect();
    let empty = page.items.is_empty();
    let past_the_end = empty && state.with_untracked(|s| s.page > 0);

    view! {
        <p class="muted" data-testid="total">
            {if total == 1 { "1 identity".to_string() } else { format!("{total} identities") }}
        </p>
        {if empty {
            view! {
                <Empty message="No identities match."/>
                {past_the_end.then(|| view! {
                    <button type="button" class="btn" data-testid="page-first" on:click=on_page_one>
                        "Go to the first page"
                    </button>
                })}
            }
                .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table table--rows" data-testid="identities-table">
                        <thead>
                            <tr>
                                {selection.map(|sel| view! { <PageCheckbox selection=sel rows=rows.clone()/> })}
                                <SortHeader label="Name" field="name" state=sort_state("name") on_sort=on_sort/>
                                <SortHeader label="Alias" field="alias" state=sort_state("alias") on_sort=on_sort/>
                                <th scope="col">"E-mail"</th>
                                <SortHeader label="Status" field="cloudStatus" state=sort_state("cloudStatus") on_sort=on_sort/>
                                <th scope="col">"Manager"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page
                                .items
                                .into_iter()
                                .map(|identity| view! { <IdentityRow identity=identity selection=selection/> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <Pager
            page=Signal::derive(move || state.with(|s| s.page))
            size=Signal::derive(move || state.with(|s| s.size))
            total=Signal::derive(move || total)
            sizes=&PAGE_SIZES
            on_page=on_page
            on_size=on_size
        />
    }
}

/// The header checkbox: selects or clears every row on this page.
#[component]
fn PageCheckbox(selection: Selection, rows: Vec<(String, String)>) -> impl IntoView {
    let ids: Vec<String> = rows.iter().map(|(id, _)| id.clone()).collect();
    let counted = move || {
        let on_page = selection
            .0
            .with(|s| ids.iter().filter(|id| s.contains_key(*id)).count());
        (on_page, ids.len())
    };
    let counted_too = counted.clone();
    view! {
        <th scope="col" class="table__check">
            <input
                type="checkbox"
                data-testid="select-page"
                aria-label="Select every identity on this page"
                prop:checked=move || {
                    let (on, all) = counted();
                    on == all && all > 0
                }
                prop:indeterminate=move || {
                    let (on, all) = counted_too();
                    on > 0 && on < all
                }
                on:change=move |ev| selection.set_rows(&rows, event_target_checked(&ev))
            />
        </th>
    }
}

#[component]
fn IdentityRow(identity: Identity, selection: Option<Selection>) -> impl IntoView {
    let href = format!("/identities/{}", js_sys::encode_uri_component(&identity.id));
    let name = identity.display_name();
    let check = selection.map(|sel| {
        let (id, label) = (identity.id.clone(), format!("Select {name}"));
        let (id_for_check, name) = (id.clone(), name.clone());
        view! {
            <td class="table__check">
                <input
                    type="checkbox"
                    data-testid="select-row"
                    aria-label=label
                    prop:checked=move || sel.contains(&id_for_check)
                    on:change=move |ev| sel.set(&id, &name, event_target_checked(&ev))
                />
            </td>
        }
    });
    let status = identity.identity_status;
    view! {
        <tr class="row" data-testid="identity-row">
            {check}
            <td>
                <a class="row__link" href=href data-testid="identity-link">{name}</a>
            </td>
            <td>{identity.alias}</td>
            <td>{identity.email_address.unwrap_or_default()}</td>
            <td>
                <span class="badge" data-status=status>{status.clone()}</span>
            </td>
            <td>{identity.manager_ref.and_then(|m| m.name).unwrap_or_default()}</td>
        </tr>
    }
}
