//! `/settings/access-requests`: the IGA access-request settings (`iga_access_request`):
//! which justifications are required, violations, self-approval, and the default
//! approver (a role picked with a type-ahead), each explained. Saved whole with PUT;
//! read-only for anyone but an ORG_ADMIN. The server enforces these on every request
//! and decision.

use gatehouse_wire::request::{AccessRequestConfig, ROLE_REF_PREFIX};
use leptos::prelude::*;

use crate::api::client::use_client;
use crate::api::governance;
use crate::api::requests::CatalogKind;
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::requests::typeahead::{search_resource, Choice, TypeAhead};
use crate::session::use_session;

/// One of the yes/no settings: its key, what it is called and what it does.
pub struct Toggle {
    pub key: &'static str,
    pub label: &'static str,
    pub explain: &'static str,
    pub get: fn(&AccessRequestConfig) -> bool,
    pub set: fn(&mut AccessRequestConfig, bool),
}

/// The yes/no settings, in the order the page shows them.
pub const TOGGLES: [Toggle; 6] = [
    Toggle {
        key: "requireRequestJustification",
        label: "Requesters must justify",
        explain: "A request without a justification is refused.",
        get: |c| c.require_request_justification,
        set: |c, v| c.require_request_justification = v,
    },
    Toggle {
        key: "requireApproveJustification",
        label: "Approvals need a justification",
        explain: "An approver must say why when approving.",
        get: |c| c.require_approve_justification,
        set: |c, v| c.require_approve_justification = v,
    },
    Toggle {
        key: "requireRejectJustification",
        label: "Rejections need a justification",
        explain: "An approver must say why when rejecting; the requester sees it.",
        get: |c| c.require_reject_justification,
        set: |c, v| c.require_reject_justification = v,
    },
    Toggle {
        key: "preventRequestWithViolation",
        label: "Refuse requests that cause a violation",
        explain: "A request that would break a separation-of-duties policy cannot be made. \
                  Gatehouse has no such policies yet, so today this changes nothing.",
        get: |c| c.prevent_request_with_violation,
        set: |c, v| c.prevent_request_with_violation = v,
    },
    Toggle {
        key: "requireRequestJustificationWithViolation",
        label: "Justify requests that cause a violation",
        explain: "When such requests are allowed, the requester must explain why. \
                  Gatehouse has no such policies yet, so today this changes nothing.",
        get: |c| c.require_request_justification_with_violation,
        set: |c, v| c.require_request_justification_with_violation = v,
    },
    Toggle {
        key: "allowSelfApproval",
        label: "Allow self-approval",
        explain: "An approver may approve a request they made or that gives them access.",
        get: |c| c.allow_self_approval,
        set: |c, v| c.allow_self_approval = v,
    },
];

/// `managed/role/<id>` for a role id.
pub fn role_ref(id: &str) -> String {
    format!("{ROLE_REF_PREFIX}{id}")
}

#[component]
pub fn AccessRequestSettingsPage() -> impl IntoView {
    let client = use_client();
    let writable = use_session().principal().is_some_and(|p| p.is_org_admin());
    let loaded = LocalResource::new(move || async move { governance::access_request_config(&client).await });
    view! {
        <section class="settings-page" data-testid="access-request-settings">
            <h1>"Access requests"</h1>
            <p class="hint">
                "How access requests and their decisions behave. The server applies these to every request."
                {(!writable).then_some(" Only an ORG_ADMIN may change them.")}
            </p>
            <Transition fallback=|| view! { <Loading what="the settings"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(c) => view! { <SettingsForm saved=c writable=writable/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn SettingsForm(saved: AccessRequestConfig, writable: bool) -> impl IntoView {
    let client = use_client();
    let saved = RwSignal::new(saved);
    let draft = RwSignal::new(saved.get_untracked());
    let save = Action::new_local(move |c: &AccessRequestConfig| {
        let c = c.clone();
        async move { governance::save_access_request_config(&client, &c).await }
    });
    Effect::new(move || {
        if let Some(Ok(c)) = save.value().get() {
            saved.set(c.clone());
            draft.set(c);
        }
    });
    let changed = move || draft.with(|d| saved.with(|s| d != s));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(draft.get_untracked());
    };
    view! {
        <form class="settings-editor" on:submit=on_submit>
            <fieldset class="settings-editor__fields" disabled=!writable>
                <legend class="sr-only">"Access-request settings"</legend>
                {TOGGLES
                    .iter()
                    .map(|t| {
                        let (get, set) = (t.get, t.set);
                        let hint_id = format!("{}-hint", t.key);
                        view! {
                            <div class="field field--check">
                                <label>
                                    <input
                                        type="checkbox"
                                        data-testid=format!("setting-{}", t.key)
                                        aria-describedby=hint_id.clone()
                                        prop:checked=move || draft.with(get)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            draft.update(|d| set(d, on));
                                        }
                                    />
                                    " "
                                    {t.label}
                                </label>
                                <p class="field__hint" id=hint_id>{t.explain}</p>
                            </div>
                        }
                    })
                    .collect_view()}
                <DefaultApprover draft=draft writable=writable/>
            </fieldset>
            {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
            {move || {
                (matches!(save.value().get(), Some(Ok(_))) && !changed())
                    .then(|| view! { <p class="notice notice--info" role="status" data-testid="settings-saved">"Saved."</p> })
            }}
            {writable
                .then(|| {
                    view! {
                        <div class="settings-editor__actions">
                            <button
                                type="submit"
                                class="btn btn--primary"
                                data-testid="settings-save"
                                disabled=move || !changed() || save.pending().get()
                            >
                                "Save"
                            </button>
                            <button
                                type="button"
                                class="btn btn--ghost"
                                data-testid="settings-revert"
                                disabled=move || !changed()
                                on:click=move |_| draft.set(saved.get_untracked())
                            >
                                "Undo changes"
                            </button>
                        </div>
                    }
                })}
        </form>
    }
}

/// The default approver: the role's name (looked up), a type-ahead over roles, Clear.
#[component]
fn DefaultApprover(draft: RwSignal<AccessRequestConfig>, writable: bool) -> impl IntoView {
    let client = use_client();
    let role_id = Memo::new(move |_| draft.with(|d| d.default_approver_role().map(str::to_string)));
    let role_name = LocalResource::new(move || {
        let id = role_id.get();
        async move {
            match id {
                None => None,
                Some(id) => match governance::catalog_item(&client, CatalogKind::Role, &id).await {
                    Ok(Some(item)) => Some(item.name),
                    Ok(None) => Some(format!("{} (no such role)", role_ref(&id))),
                    Err(_) => Some(role_ref(&id)),
                },
            }
        }
    });
    let query = RwSignal::new(String::new());
    let roles = search_resource(query, move |text| async move {
        let found = governance::catalog_all(&client, CatalogKind::Role, &text).await?;
        Ok(found
            .into_iter()
            .map(|r| Choice {
                id: r.id,
                label: r.name,
                detail: r.description,
            })
            .collect())
    });
    let on_pick = Callback::new(move |c: Choice| {
        query.set(String::new());
        draft.update(|d| d.default_approver = role_ref(&c.id));
    });
    view! {
        <div class="field default-approver">
            <p>
                <strong>"Default approver: "</strong>
                <span data-testid="default-approver">
                    {move || {
                        role_name
                            .get()
                            .flatten()
                            .unwrap_or_else(|| {
                                if role_id.with(Option::is_some) { "…".into() } else { "none".into() }
                            })
                    }}
                </span>
            </p>
            <p class="field__hint" id="default-approver-hint">
                "Who decides when the person the access is for has no manager: the members of this role. "
                "With no role (or a role without members), every ORG_ADMIN decides."
            </p>
            {writable
                .then(|| {
                    view! {
                        <TypeAhead
                            label="Pick a role"
                            testid="approver-search"
                            placeholder="Role name"
                            query=query
                            choices=Signal::derive(move || roles.get())
                            on_pick=on_pick
                        />
                        <button
                            type="button"
                            class="btn btn--ghost"
                            data-testid="approver-clear"
                            disabled=move || role_id.with(Option::is_none)
                            on:click=move |_| draft.update(|d| d.default_approver.clear())
                        >
                            "No default approver"
                        </button>
                    }
                })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_toggle_reads_and_writes_its_own_key() {
        for t in &TOGGLES {
            let mut c = AccessRequestConfig::default();
            (t.set)(&mut c, true);
            assert!((t.get)(&c), "{}", t.key);
            let json = serde_json::to_value(&c).unwrap();
            assert_eq!(json[t.key], true, "{}", t.key);
            let on = TOGGLES.iter().filter(|o| (o.get)(&c)).count();
            assert_eq!(on, 1, "{} sets only itself", t.key);
        }
        let c = AccessRequestConfig {
            default_approver: role_ref("abc"),
            ..AccessRequestConfig::default()
        };
        assert_eq!(c.default_approver_role(), Some("abc"));
    }
}
