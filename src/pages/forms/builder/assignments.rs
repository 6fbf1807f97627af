//! Where a saved form is used: its assignments (a request type, an application
//! operation `application/<id>/<objectType>/<operation>`, or a catalog item
//! `application/<id>`, `entitlement/<id>`, `role/<id>` filled in the cart), by name,
//! assign and unassign. Applications and catalog items are found with a type-ahead over
//! the catalog. An object is filled with one form at most, so the object's current form
//! is shown as soon as it is picked, and replacing another form asks first.

use gatehouse_wire::form::{FormAssignment, FormTarget};
use leptos::prelude::*;

use crate::api::assignments::{self, RequestTypeName, TargetNames};
use crate::api::client::use_client;
use crate::api::forms as forms_api;
use crate::api::requests::{self, CatalogItem, CatalogKind};
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{ErrorNotice, Loading};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    RequestType,
    Operation,
    Catalog,
}

/// The form an object is filled with now, as the assign form shows it.
#[derive(Debug, Clone, PartialEq)]
enum Current {
    Nothing,
    This,
    Other { form_id: String, name: String },
}

/// What the object `object_id` is filled with now, seen from the form `form_id`.
async fn current_of(client: &crate::api::Client, object_id: &str, form_id: &str) -> Result<Current, ApiError> {
    Ok(match assignments::of_object(client, object_id).await? {
        None => Current::Nothing,
        Some(a) if a.form_id == form_id => Current::This,
        Some(a) => {
            let name = forms_api::get(client, &a.form_id)
                .await
                .ok()
                .and_then(|f| f.get("name").and_then(|n| n.as_str()).map(str::to_owned))
                .unwrap_or_else(|| a.form_id.clone());
            Current::Other {
                form_id: a.form_id,
                name,
            }
        }
    })
}

#[component]
pub fn Assignments(form_id: String) -> impl IntoView {
    let client = use_client();
    let id = StoredValue::new(form_id);
    let list = LocalResource::new(move || async move {
        let items = assignments::list(&client, Some(&id.get_value())).await?;
        let objects: Vec<String> = items.iter().map(|a| a.object_id.clone()).collect();
        let names = assignments::target_names(&client, &objects).await;
        Ok::<_, ApiError>((items, names))
    });
    let types =
        LocalResource::new(move || async move { assignments::request_types(&client).await.unwrap_or_default() });
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    // A replacement waiting for the person's yes: the object, its words, the other form.
    let replacing = RwSignal::new(None::<(String, String, String)>);
    let confirm_open = RwSignal::new(false);
    // Bumped after each change, so what the assign form says an object holds follows.
    let changes = RwSignal::new(0_u32);
    let change = Action::new_local(move |(assign, object_id, words): &(bool, String, String)| {
        let (assign, object_id, words) = (*assign, object_id.clone(), words.clone());
        async move {
            let a = FormAssignment {
                object_id: object_id.clone(),
                form_id: id.get_value(),
            };
            let result = if assign {
                assignments::assign(&client, &a).await
            } else {
                assignments::unassign(&client, &a).await
            };
            match result {
                Ok(_) => {
                    error.set(None);
                    confirm_open.set(false);
                    let verb = if assign { "Assigned to" } else { "Unassigned from" };
                    notice.set(Some(format!("{verb} {words} ({object_id}).")));
                    list.refetch();
                    changes.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let on_assign = Callback::new(move |(object_id, words, current): (String, String, Current)| {
        notice.set(None);
        match current {
            Current::This => notice.set(Some(format!("{words} is filled with this form already."))),
            Current::Nothing => {
                change.dispatch((true, object_id, words));
            }
            Current::Other { name, .. } => {
                replacing.set(Some((object_id, words, name)));
                confirm_open.set(true);
            }
        }
    });
    let rows = move || {
        list.get().map(|r| match r {
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            Ok((items, _)) if items.is_empty() => {
                view! { <p class="muted" data-testid="assignments-empty">"Not assigned anywhere yet."</p> }.into_any()
            }
            Ok((items, names)) => items
                .into_iter()
                .map(|a| {
                    let text = names.describe(&a.object_id);
                    let (object_id, words) = (a.object_id.clone(), text.clone());
                    view! {
                        <li class="builder-assignments__item" data-testid="assignment">
                            <span data-testid="assignment-text">{text}</span>
                            " "
                            <code>{a.object_id}</code>
                            <button type="button" class="btn btn--ghost" data-testid="unassign"
                                disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch((false, object_id.clone(), words.clone())); }>
                                "Unassign"
                            </button>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    let confirm_title = Signal::derive(move || {
        replacing
            .get()
            .map(|(_, words, _)| format!("Replace the form of {words}?"))
            .unwrap_or_default()
    });
    view! {
        <section class="builder-assignments" aria-labelledby="builder-assign-title" data-testid="builder-assignments">
            <h2 class="builder__title" id="builder-assign-title">"Where this form is used"</h2>
            <Transition fallback=|| view! { <Loading what="assignments"/> }>
                <ul class="builder-assignments__list">{rows}</ul>
            </Transition>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="assign-notice">{n}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <AssignForm types=types form_id=id.get_value() on_assign=on_assign busy=change.pending() changes=changes/>
            <ConfirmDialog
                open=confirm_open
                title=confirm_title
                confirm="Replace it"
                busy=change.pending()
                on_confirm=Callback::new(move |_| {
                    if let Some((object_id, words, _)) = replacing.get_untracked() {
                        change.dispatch((true, object_id, words));
                    }
                })
                testid="replace-dialog"
            >
                <p data-testid="replace-text">
                    {move || replacing.get().map(|(_, words, other)| format!(
                        "{words} is filled with the form {other} now. Assigning this form replaces it there \
                         (the form {other} itself is kept, and stays wherever else it is assigned)."
                    ))}
                </p>
            </ConfirmDialog>
        </section>
    }
}

#[component]
fn AssignForm(
    types: LocalResource<Vec<RequestTypeName>>,
    form_id: String,
    /// Called with the object id, its words and what it is filled with now.
    on_assign: Callback<(String, String, Current)>,
    #[prop(into)] busy: Signal<bool>,
    /// Changes when an assignment was made or removed.
    #[prop(into)]
    changes: Signal<u32>,
) -> impl IntoView {
    let client = use_client();
    let form_id = StoredValue::new(form_id);
    let kind = RwSignal::new(Kind::RequestType);
    let request_type = RwSignal::new(String::new());
    let application = RwSignal::new(None::<CatalogItem>);
    let object_type = RwSignal::new("ACCOUNT".to_string());
    let operation = RwSignal::new("create".to_string());
    let item = RwSignal::new(None::<CatalogItem>);
    let target = Memo::new(move |_| match kind.get() {
        Kind::RequestType => Some(request_type.get())
            .filter(|t| !t.is_empty())
            .map(|t| format!("requestType/{t}")),
        Kind::Operation => {
            let (o, p) = (object_type.get(), operation.get());
            application.get().and_then(|a| {
                let id = format!("application/{}/{}/{}", a.id, o.trim(), p.trim());
                FormTarget::parse(&id).ok().map(|_| id)
            })
        }
        Kind::Catalog => item.get().map(|i| format!("{}/{}", i.kind.as_str(), i.id)),
    });
    // The target in words, from what was picked (names are on screen already).
    let words = Memo::new(move |_| {
        let names = TargetNames {
            types: types.get().unwrap_or_default(),
            items: [application.get(), item.get()]
                .into_iter()
                .flatten()
                .map(|i| (i.kind.as_str(), i.id, i.name))
                .collect(),
        };
        target.get().map(|t| names.describe(&t))
    });
    let current = LocalResource::new(move || {
        changes.track();
        let target = target.get();
        async move {
            match target {
                Some(t) => current_of(&client, &t, &form_id.get_value()).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(t), Some(w)) = (target.get_untracked(), words.get_untracked()) else {
            return;
        };
        let client = client;
        let form = form_id.get_value();
        leptos::task::spawn_local(async move {
            // Asked again at the moment of assigning: someone may have assigned meanwhile.
            match current_of(&client, &t, &form).await {
                Ok(now) => on_assign.run((t, w, now)),
                Err(_) => on_assign.run((t, w, Current::Nothing)),
            }
        });
    };
    let type_options = move || {
        types
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|t| view! { <option value=t.id.clone()>{t.label()}</option> })
            .collect_view()
    };
    let kinds = [
        (Kind::RequestType, "A request type"),
        (Kind::Operation, "An application operation"),
        (Kind::Catalog, "A catalog item (filled in the cart)"),
    ];
    let kind_radios = kinds
        .into_iter()
        .map(|(k, label)| {
            view! {
                <label class="check">
                    <input type="radio" name="assign-kind" data-testid=format!("assign-kind-{k:?}")
                        prop:checked=move || kind.get() == k on:change=move |_| kind.set(k)/>
                    {label}
                </label>
            }
        })
        .collect_view();
    let detail = move || {
        match kind.get() {
        Kind::RequestType => view! {
            <div class="field">
                <label for="assign-request-type">"Request type"</label>
                <select id="assign-request-type" data-testid="assign-request-type"
                    on:change=move |ev| request_type.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || request_type.with(String::is_empty)>"Choose…"</option>
                    {type_options}
                </select>
            </div>
        }
        .into_any(),
        Kind::Operation => view! {
            <CatalogPicker picked=application only=CatalogKind::Application/>
            <div class="builder-props__pair">
                <div class="field">
                    <label for="assign-object-type">"Object type"</label>
                    <input id="assign-object-type" type="text" data-testid="assign-object-type" prop:value=move || object_type.get()
                        on:input=move |ev| object_type.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="assign-operation">"Operation"</label>
                    <select id="assign-operation" data-testid="assign-operation" on:change=move |ev| operation.set(event_target_value(&ev))>
                        <option value="create">"create"</option>
                        <option value="modify">"modify"</option>
                        <option value="delete">"delete"</option>
                    </select>
                </div>
            </div>
        }
        .into_any(),
        Kind::Catalog => view! { <CatalogPicker picked=item/> }.into_any(),
    }
    };
    let now = move || {
        current.get().map(|r| match r {
            Ok(None) => ().into_any(),
            Ok(Some(Current::Nothing)) => view! {
                <p class="muted" data-testid="assign-current">{move || format!("{} has no form yet.", words.get().unwrap_or_default())}</p>
            }
            .into_any(),
            Ok(Some(Current::This)) => view! {
                <p class="muted" data-testid="assign-current">{move || format!("{} is filled with this form already.", words.get().unwrap_or_default())}</p>
            }
            .into_any(),
            Ok(Some(Current::Other { name, .. })) => view! {
                <p class="notice notice--info" data-testid="assign-current">
                    {move || format!("{} is filled with the form {name} now; assigning this one replaces it.", words.get().unwrap_or_default())}
                </p>
            }
            .into_any(),
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        })
    };
    view! {
        <form class="builder-assign" on:submit=submit aria-label="Assign this form">
            <fieldset class="builder-props__group">
                <legend>"Assign this form to"</legend>
                {kind_radios}
            </fieldset>
            {detail}
            <Transition fallback=|| ()>{now}</Transition>
            <button type="submit" class="btn btn--primary" data-testid="assign-submit"
                disabled=move || busy.get() || target.with(Option::is_none)>
                {move || words.get().map(|t| format!("Assign to {t}")).unwrap_or_else(|| "Assign".into())}
            </button>
        </form>
    }
}

/// A type-ahead over the catalog (every item, requestable or not): a kind, a name.
#[component]
fn CatalogPicker(
    picked: RwSignal<Option<CatalogItem>>,
    /// Only this kind (the kind box is not shown): an application operation's application.
    #[prop(optional)]
    only: Option<CatalogKind>,
) -> impl IntoView {
    let client = use_client();
    let kind = RwSignal::new(only.unwrap_or(CatalogKind::Entitlement));
    let search = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let (kind, search) = (kind.get(), search.get());
        async move {
            let query = format!(
                "{}&ignoreRequestable=true",
                requests::catalog_query(kind, &search, 0, 10)
            );
            requests::catalog(&client, &query).await.map(|(items, _)| items)
        }
    });
    let kinds = CatalogKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() prop:selected=move || kind.get() == k>{k.label()}</option> })
        .collect_view();
    let results = move || {
        found.get().map(|r| match r {
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            Ok(items) => items
                .into_iter()
                .map(|i| {
                    let label = match &i.application {
                        Some(app) if !app.is_empty() => format!("{} ({app})", i.name),
                        _ => i.name.clone(),
                    };
                    let chosen = {
                        let id = i.id.clone();
                        move || picked.with(|p| p.as_ref().is_some_and(|p| p.id == id))
                    };
                    view! {
                        <li>
                            <button type="button" class="btn btn--ghost" data-testid="catalog-pick"
                                aria-pressed=move || chosen().to_string()
                                on:click=move |_| picked.set(Some(i.clone()))>
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <div class="builder-props__pair">
            {only.is_none().then(|| view! {
                <div class="field">
                    <label for="assign-catalog-kind">"Kind"</label>
                    <select id="assign-catalog-kind" data-testid="assign-catalog-kind" on:change=move |ev| {
                        if let Some(k) = CatalogKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                            picked.set(None);
                        }
                    }>{kinds}</select>
                </div>
            })}
            <div class="field">
                <label for="assign-catalog-search">
                    {if only == Some(CatalogKind::Application) { "Application name contains" } else { "Name contains" }}
                </label>
                <input id="assign-catalog-search" type="search" data-testid="assign-catalog-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading what="the catalog"/> }>
            <ul class="builder-assign__results" aria-label="Catalog items">{results}</ul>
        </Transition>
    }
}
