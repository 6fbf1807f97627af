//! `/identities/:id`: one identity — its facts and attributes, its manager (a link),
//! what it owns (what blocks deleting it), its role assignments and its held access
//! (accounts and their entitlements) — and, for an ORG_ADMIN, delete, reset, the
//! password-reset mail and synchronize, each behind a confirmation dialog, and giving or
//! taking away access directly.

use gatehouse_wire::account::Account;
use gatehouse_wire::identity::{
    AssociationDetail, AssociationDetails, Identity, OwnershipDetails, RoleAssignment, SendAccountVerification,
    VERIFICATION_VIA,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::area::use_area;
use super::held::{Held, HeldAccess};
use crate::api::accounts;
use crate::api::client::use_client;
use crate::api::identities::{self, DeleteError};
use crate::api::{sources, ApiError};
use crate::components::countdown::{Countdown, CountdownNotice};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{ErrorNotice, Loading};
use crate::session::use_session;

/// How a person reads a `via` value.
pub fn via_label(via: &str) -> &'static str {
    match via {
        "EMAIL_WORK" => "E-mail to the work address",
        "EMAIL_PERSONAL" => "E-mail to the personal address",
        "LINK_WORK" => "Link to the work address",
        "LINK_PERSONAL" => "Link to the personal address",
        _ => "Other",
    }
}

/// `2024-07-15T07:41:43.000Z` → `2024-07-15 07:41` (the API's stamps are UTC).
pub fn short_stamp(stamp: &str) -> String {
    match stamp.get(..16) {
        Some(head) if stamp.as_bytes().get(10) == Some(&b'T') => format!("{} UTC", head.replacen('T', " ", 1)),
        _ => stamp.to_string(),
    }
}

/// What the actions leave on the page; kept above the identity's view so that it
/// survives the reload after a reset.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    notice: RwSignal<Option<String>>,
    countdown: Countdown,
}

/// Everything the page shows about one identity, loaded together.
#[derive(Debug, Clone)]
struct Loaded {
    identity: Identity,
    ownership: Result<OwnershipDetails, ApiError>,
    roles: Result<Vec<RoleAssignment>, ApiError>,
    accounts: Result<Vec<Account>, ApiError>,
}

#[component]
pub fn IdentityDetail() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let area = use_area();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    // One resource for the four reads, sent together: the page appears at once, after
    // the slowest read rather than the sum of four, with one loading state.
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let (identity, ownership, roles, accounts) = futures::join!(
                identities::get(&client, &id),
                identities::ownership(&client, &id),
                identities::role_assignments(&client, &id),
                accounts::held_by(&client, &id),
            );
            let identity = identity?;
            Ok::<_, ApiError>(Loaded {
                identity,
                ownership,
                roles,
                accounts,
            })
        }
    });
    let can_manage = Memo::new(move |_| session.principal().is_some_and(|p| p.can_manage_identities()));
    let outcome = Outcome {
        notice: RwSignal::new(None),
        countdown: Countdown::new(),
    };
    // Another identity (the manager link): its own notices and rate limit.
    Effect::new(move |previous: Option<String>| {
        let now = id.get();
        if previous.is_some_and(|p| p != now) {
            outcome.notice.set(None);
            outcome.countdown.cancel();
        }
        now
    });
    let on_changed = Callback::new(move |_| loaded.refetch());
    view! {
        <section class="page">
            <p>
                <a href=move || area.list_href() data-testid="back-to-list">"← Identities"</a>
            </p>
            <Transition fallback=|| view! { <Loading what="the identity"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(l) => {
                                view! { <IdentityView loaded=l can_manage=can_manage.get() outcome=outcome on_changed=on_changed/> }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn IdentityView(loaded: Loaded, can_manage: bool, outcome: Outcome, on_changed: Callback<()>) -> impl IntoView {
    let Loaded {
        identity,
        ownership,
        roles,
        accounts,
    } = loaded;
    let held = Held::new(accounts.as_deref().ok(), roles.as_deref().ok());
    let accounts = match accounts {
        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        Ok(list) => view! { <HeldAccess accounts=list/> }.into_any(),
    };
    let ownership = match ownership {
        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        Ok(o) if o.association_details.is_empty() => view! {
            <p class="muted" data-testid="ownership-none">"Owns nothing that would block deleting this identity."</p>
        }
        .into_any(),
        Ok(o) => view! { <Associations details=o.association_details testid="ownership"/> }.into_any(),
    };
    let roles = match roles {
        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        Ok(list) if list.is_empty() => {
            view! { <p class="muted" data-testid="roles-none">"No role assignments."</p> }.into_any()
        }
        Ok(list) => view! { <RoleTable list=list/> }.into_any(),
    };
    view! {
        <div class="detail__head">
            <h1 data-testid="identity-name">{identity.display_name()}</h1>
            <span class="badge" data-status=identity.identity_status.clone() data-testid="identity-status">
                {identity.identity_status.clone()}
            </span>
        </div>
        {can_manage.then(|| view! { <IdentityActions identity=identity.clone() outcome=outcome on_changed=on_changed/> })}
        <Facts identity=identity.clone()/>
        <h2>"Attributes"</h2>
        <Attributes identity=identity/>
        <h2>"Ownership"</h2>
        {ownership}
        <h2>"Role assignments"</h2>
        {roles}
        <h2>"Held access"</h2>
        {accounts}
        {can_manage.then(|| view! { <super::access::DirectAccess notice=outcome.notice on_changed=on_changed held=held/> })}
    }
}

#[component]
fn Facts(identity: Identity) -> impl IntoView {
    let lifecycle = identity.lifecycle_state.as_ref().map(|l| {
        if l.manually_updated {
            format!("{} (set by hand)", l.state_name)
        } else {
            l.state_name.clone()
        }
    });
    let manager = identity.manager_ref.clone().map(|m| {
        let href = format!("/identities/{}", js_sys::encode_uri_component(&m.id));
        view! { <a href=href data-testid="manager-link">{m.name.unwrap_or(m.id)}</a> }
    });
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    view! {
        <dl class="facts" data-testid="facts">
            <dt>"Alias"</dt>
            <dd>{identity.alias.clone()}</dd>
            <dt>"E-mail"</dt>
            <dd>{or_dash(identity.email_address.clone())}</dd>
            <dt>"Status"</dt>
            <dd>{identity.identity_status.clone()}</dd>
            <dt>"Processing state"</dt>
            <dd>{or_dash(identity.processing_state.clone())}</dd>
            <dt>"Lifecycle state"</dt>
            <dd data-testid="lifecycle">{or_dash(lifecycle)}</dd>
            <dt>"Manager"</dt>
            <dd>{manager}{identity.manager_ref.is_none().then_some("—")}</dd>
            <dt>"Is a manager"</dt>
            <dd>{if identity.is_manager { "Yes" } else { "No" }}</dd>
            <dt>"Created"</dt>
            <dd>{short_stamp(&identity.created)}</dd>
            <dt>"Modified"</dt>
            <dd>{short_stamp(&identity.modified)}</dd>
            <dt>"Last refresh"</dt>
            <dd>{or_dash(identity.last_refresh.as_deref().map(short_stamp))}</dd>
        </dl>
    }
}

#[component]
fn Attributes(identity: Identity) -> impl IntoView {
    let rows: Vec<(String, String)> = identity
        .attributes
        .into_iter()
        .map(|(k, v)| {
            let text = v.as_str().map(String::from).unwrap_or_else(|| v.to_string());
            (k, text)
        })
        .collect();
    let none = rows.is_empty().then(|| view! { <p class="muted">"No attributes."</p> });
    view! {
        {none}
        <dl class="facts" data-testid="attributes">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// Owned objects by kind: "ROLE_OWNER: Engineering Developer (ROLE), …".
#[component]
fn Associations(details: Vec<AssociationDetail>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="owned" data-testid=testid>
            {details
                .into_iter()
                .map(|d| {
                    let entities = d
                        .entities
                        .into_iter()
                        .map(|e| {
                            let r = e.identity_entity;
                            format!("{} ({})", r.name.unwrap_or(r.id), r.kind)
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <li>
                            <strong>{d.association_type}</strong>
                            ": "
                            {entities}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn RoleTable(list: Vec<RoleAssignment>) -> impl IntoView {
    view! {
        <table class="table" data-testid="roles">
            <thead>
                <tr>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Source"</th>
                    <th scope="col">"Assigned by"</th>
                    <th scope="col">"Added"</th>
                    <th scope="col">"Comments"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|a| {
                        view! {
                            <tr>
                                <td>{a.role.name.unwrap_or(a.role.id)}</td>
                                <td>{a.assignment_source}</td>
                                <td>{a.assigner.name.unwrap_or(a.assigner.id)}</td>
                                <td>{short_stamp(&a.added_date)}</td>
                                <td>{a.comments.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One of the actions, as the single action of the page dispatches it.
#[derive(Debug, Clone)]
enum Op {
    Delete,
    Reset,
    Mail(SendAccountVerification),
    Sync,
}

/// Delete, reset, the password-reset mail and synchronize. One `Action` serves all
/// four (one dialog is open at a time), and one error signal shows what went wrong
/// in the open dialog.
#[component]
fn IdentityActions(identity: Identity, outcome: Outcome, on_changed: Callback<()>) -> impl IntoView {
    let client = use_client();
    let area = use_area();
    let navigate = use_navigate();
    let id = StoredValue::new(identity.id.clone());
    let name = StoredValue::new(identity.display_name());
    let Outcome { notice, countdown } = outcome;
    let dialogs @ [delete_open, reset_open, mail_open, sync_open] = [(); 4].map(|_| RwSignal::new(false));
    let error = RwSignal::new(None::<ApiError>);
    let blocked_by = RwSignal::new(None::<AssociationDetails>);
    let source = RwSignal::new(String::new());
    let via = RwSignal::new(VERIFICATION_VIA[0].to_string());

    let act = Action::new_local(move |op: &Op| {
        let (op, navigate) = (op.clone(), navigate.clone());
        let (id, name) = (id.get_value(), name.get_value());
        async move {
            let done = |text: String| {
                dialogs.iter().for_each(|d| d.set(false));
                notice.set(Some(text));
            };
            match op {
                Op::Delete => match identities::delete(&client, &id).await {
                    Ok(()) => {
                        area.flash.set(Some(format!("Deleted {name}.")));
                        area.selection.set(&id, &name, false);
                        delete_open.set(false);
                        navigate(&area.list_href(), Default::default());
                    }
                    Err(DeleteError::Blocked(details)) => blocked_by.set(Some(details)),
                    Err(DeleteError::Failed(e)) => error.set(Some(e)),
                },
                Op::Reset => match identities::reset(&client, &id).await {
                    Ok(()) => {
                        done(format!("{name} has been reset: they must register again."));
                        // The page may be gone by now (the person moved on).
                        on_changed.try_run(());
                    }
                    Err(e) => error.set(Some(e)),
                },
                Op::Mail(request) => match identities::send_password_reset(&client, &id, &request).await {
                    Ok(()) => done(format!(
                        "Password-reset mail sent to {name}: {}.",
                        via_label(&request.via)
                    )),
                    Err(e) => error.set(Some(e)),
                },
                Op::Sync => match identities::synchronize(&client, &id).await {
                    Ok(job) => done(format!("Synchronization of {name} started ({}).", job.status)),
                    Err(ApiError::RateLimited { retry_after }) => {
                        sync_open.set(false);
                        notice.set(None);
                        countdown.start(retry_after);
                    }
                    Err(e) => error.set(Some(e)),
                },
            }
        }
    });
    let busy = act.pending();
    let run = move |op: Op| {
        error.set(None);
        act.dispatch_local(op);
    };
    let send_mail = move || {
        let request = SendAccountVerification {
            source_name: Some(source.get_untracked()).filter(|s| !s.is_empty()),
            via: via.get_untracked(),
        };
        match request.check() {
            Ok(()) => run(Op::Mail(request)),
            Err(e) => error.set(Some(ApiError::Invalid(vec![e.0]))),
        }
    };
    let waiting = move || countdown.remaining();
    let open = move |dialog: RwSignal<bool>| {
        error.set(None);
        blocked_by.set(None);
        dialog.set(true);
    };
    let show_error = move || error.get().map(|e| view! { <ErrorNotice error=e/> });
    let title = move |verb: &str| format!("{verb} {}?", name.get_value());

    view! {
        <div class="actions" role="group" aria-label="Actions">
            <button type="button" class="btn" data-testid="action-sync" disabled={move || waiting() > 0} on:click=move |_| open(sync_open)>
                {move || match waiting() {
                    0 => "Synchronize…".to_string(),
                    s => format!("Synchronize ({s} s)"),
                }}
            </button>
            <button type="button" class="btn" data-testid="action-mail" on:click=move |_| open(mail_open)>
                "Send password reset…"
            </button>
            <button type="button" class="btn" data-testid="action-reset" on:click=move |_| open(reset_open)>
                "Reset…"
            </button>
            <button type="button" class="btn btn--danger" data-testid="action-delete" on:click=move |_| open(delete_open)>
                "Delete…"
            </button>
        </div>
        <CountdownNotice countdown=countdown what="synchronize"/>
        {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="action-notice">{n}</p> })}

        <ConfirmDialog
            open=delete_open
            title=title("Delete")
            confirm="Delete"
            danger=true
            busy=busy
            blocked=Signal::derive(move || blocked_by.with(Option::is_some))
            on_confirm=Callback::new(move |_| run(Op::Delete))
            testid="delete-dialog"
        >
            <p>"The identity is removed for good. Objects it owns block the delete."</p>
            {move || {
                blocked_by
                    .get()
                    .map(|d| {
                        view! {
                            <div class="notice notice--error" role="alert" data-testid="delete-blocked">
                                <p>{d.message}</p>
                                <Associations details=d.association_details testid="delete-blockers"/>
                            </div>
                        }
                    })
            }}
            {show_error}
        </ConfirmDialog>

        <ConfirmDialog
            open=reset_open
            title=title("Reset")
            confirm="Reset"
            danger=true
            busy=busy
            on_confirm=Callback::new(move |_| run(Op::Reset))
            testid="reset-dialog"
        >
            <p>"They are unregistered and lose their user levels; they must register again."</p>
            {show_error}
        </ConfirmDialog>

        <ConfirmDialog
            open=mail_open
            title=format!("Send {} a password reset?", name.get_value())
            confirm="Send"
            busy=busy
            on_confirm=Callback::new(move |_| send_mail())
            testid="mail-dialog"
        >
            <p>"The mail holds a link to set a new password; it expires after 2 hours."</p>
            <Show when=move || mail_open.get()>
                <SourcePicker source=source/>
            </Show>
            <div class="field">
                <label for="mail-via">"Channel"</label>
                <select id="mail-via" data-testid="mail-via" on:change=move |ev| via.set(event_target_value(&ev))>
                    {VERIFICATION_VIA
                        .iter()
                        .map(|v| {
                            view! {
                                <option value=*v prop:selected=move || via.with(|x| x == v)>
                                    {via_label(v)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {show_error}
        </ConfirmDialog>

        <ConfirmDialog
            open=sync_open
            title=title("Synchronize")
            confirm="Synchronize"
            busy=busy
            on_confirm=Callback::new(move |_| run(Op::Sync))
            testid="sync-dialog"
        >
            <p>"Recalculates the identity's attributes from its sources. Once per 10 seconds at most."</p>
            {show_error}
        </ConfirmDialog>
    }
}

/// The source a password-reset mail names ("any source" by default).
#[component]
fn SourcePicker(source: RwSignal<String>) -> impl IntoView {
    let client = use_client();
    let list = LocalResource::new(move || async move { sources::list(&client).await });
    view! {
        <div class="field">
            <label for="mail-source">"Source"</label>
            <select id="mail-source" data-testid="mail-source" on:change=move |ev| source.set(event_target_value(&ev))>
                <option value="" prop:selected=move || source.with(String::is_empty)>"Any source"</option>
                {move || {
                    list.get()
                        .and_then(Result::ok)
                        .map(|sources| {
                            sources
                                .into_iter()
                                .map(|s| {
                                    let (value, label) = (s.name.clone(), s.name.clone());
                                    view! {
                                        <option value=s.name prop:selected=move || source.with(|v| *v == value)>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </select>
            {move || {
                list.get()
                    .and_then(Result::err)
                    .map(|e| view! { <p class="field__error">{format!("The sources could not be read: {e}")}</p> })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn stamps_are_shortened_only_when_they_are_stamps() {
        assert_eq!(short_stamp("2024-07-15T07:41:43.000Z"), "2024-07-15 07:41 UTC");
        assert_eq!(short_stamp("yesterday"), "yesterday");
        assert_eq!(short_stamp(""), "");
    }

    #[wasm_bindgen_test]
    fn every_channel_has_a_label() {
        assert!(VERIFICATION_VIA.iter().all(|v| via_label(v) != "Other"));
    }
}
