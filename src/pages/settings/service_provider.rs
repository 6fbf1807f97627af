//! `/settings/service-provider`: the SAML service-provider document in the shared
//! editor. The identity provider's details are a form, the tenant's own SP details are
//! shown read-only (rule 2: the API never changes them), the JIT mapping is a table, and
//! remote IdP sign-in can be switched on only after "Check the IdP details" passed on
//! the details as they are now: entity id, single sign-on URL and signing certificate
//! (parsed as X.509 and valid today, with the `wire` rule the server could run too).

use gatehouse_wire::settings::idp_check::{check_idp_before_enabling, IdpCheck};
use gatehouse_wire::settings::{IdpDetails, JitConfiguration, ServiceProviderConfiguration, JIT_REQUIRED_MAPPINGS};
use leptos::prelude::*;

use super::document::settings_page;
use super::editor::{EditableDocument, Editor};
use super::fields::{non_blank, CheckField, TextArea, TextField};
use crate::api::client::use_client;
use crate::api::sources as sources_api;

type Sp = ServiceProviderConfiguration;

/// Unix seconds now, from the browser's clock (`SystemTime::now` panics in wasm32).
fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Changes the IdpDetails element, when there is one (the form never adds one: rule 1).
fn with_idp(doc: &mut Sp, change: impl FnOnce(&mut IdpDetails)) {
    if let Some(idp) = doc.federation_protocol_details.iter_mut().find_map(|d| match d {
        gatehouse_wire::settings::FederationProtocolDetails::Idp(i) => Some(&mut **i),
        gatehouse_wire::settings::FederationProtocolDetails::Sp(_) => None,
    }) {
        change(idp);
    }
}

/// Changes the JIT configuration, creating it (disabled, empty) on the first edit.
fn with_jit(doc: &mut Sp, change: impl FnOnce(&mut JitConfiguration)) {
    with_idp(doc, |idp| {
        change(idp.jit_configuration.get_or_insert_with(JitConfiguration::default))
    });
}

/// Whether switching remote IdP sign-in on (or keeping it on with changed IdP details)
/// still waits for a passing check: `passed` is the IdP details a check passed on.
pub fn needs_check(loaded: &Sp, draft: &Sp, passed: Option<&IdpDetails>) -> bool {
    let changed = !loaded.enabled || loaded.idp() != draft.idp();
    draft.enabled && changed && passed != draft.idp()
}

impl EditableDocument for Sp {
    const TITLE: &'static str = "Service provider (SAML)";
    const SUMMARY: &'static str = "Your identity provider (IdP) and this tenant as SAML service provider, and \
                                   just-in-time accounts for people who sign in through the IdP. Gatehouse stores \
                                   and shows these settings; it runs no SAML sign-in itself.";

    fn form(editor: Editor<Self>) -> AnyView {
        view! {
            <IdpForm editor=editor/>
            <SpDetailsView editor=editor/>
            <JitMapping editor=editor/>
            <EnableStep editor=editor/>
        }
        .into_any()
    }
}

/// One text input bound to an optional string of the IdpDetails.
fn idp_text(
    editor: Editor<Sp>,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    get: fn(&IdpDetails) -> Option<String>,
    set: fn(&mut IdpDetails, Option<String>),
) -> impl IntoView {
    let draft = editor.draft;
    view! {
        <TextField
            id=id
            label=label
            hint=hint
            value=Signal::derive(move || draft.with(|d| d.idp().and_then(get).unwrap_or_default()))
            on_input=Callback::new(move |text: String| editor.edit(|d| with_idp(d, |i| set(i, non_blank(text)))))
            error=editor.error(id)
        />
    }
}

#[component]
fn IdpForm(editor: Editor<Sp>) -> impl IntoView {
    let draft = editor.draft;
    view! {
        <fieldset class="settings-group" data-testid="idp-form">
            <legend>"Identity provider (IdpDetails)"</legend>
            {idp_text(editor, "entityId", "Entity id", "entityId: the IdP's SAML entity id, a URI",
                |i| i.entity_id.clone(), |i, v| i.entity_id = v)}
            {idp_text(editor, "loginUrlPost", "Single sign-on URL (POST binding)", "loginUrlPost: https://…",
                |i| i.login_url_post.clone(), |i, v| i.login_url_post = v)}
            {idp_text(editor, "loginUrlRedirect", "Single sign-on URL (Redirect binding)", "loginUrlRedirect: https://…",
                |i| i.login_url_redirect.clone(), |i, v| i.login_url_redirect = v)}
            {idp_text(editor, "logoutUrl", "Sign-out URL", "logoutUrl (optional)",
                |i| i.logout_url.clone(), |i, v| i.logout_url = v)}
            {idp_text(editor, "binding", "Binding", "binding, e.g. urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                |i| i.binding.clone(), |i, v| i.binding = v)}
            {idp_text(editor, "nameId", "Name id format", "nameId, e.g. urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                |i| i.name_id.clone(), |i, v| i.name_id = v)}
            {idp_text(editor, "authnContext", "Authentication context", "authnContext (optional)",
                |i| i.authn_context.clone(), |i, v| i.authn_context = v)}
            <CheckField
                id="includeAuthnContext"
                label="Send the authentication context"
                checked=Signal::derive(move || draft.with(|d| d.idp().is_some_and(|i| i.include_authn_context)))
                on_change=Callback::new(move |on| editor.edit(|d| with_idp(d, |i| i.include_authn_context = on)))
            />
            <TextField
                id="mappingAttribute"
                label="Identity attribute matched to the SAML name id"
                hint="mappingAttribute (required), e.g. email"
                value=Signal::derive(move || draft.with(|d| d.idp().map(|i| i.mapping_attribute.clone()).unwrap_or_default()))
                on_input=Callback::new(move |text: String| editor.edit(|d| with_idp(d, |i| i.mapping_attribute = text)))
                error=editor.error("mappingAttribute")
            />
            <TextArea
                id="cert"
                label="Signing certificate"
                hint="cert: the IdP's X.509 signing certificate, PEM (-----BEGIN CERTIFICATE----- …) or its base64 body"
                value=Signal::derive(move || draft.with(|d| d.idp().and_then(|i| i.cert.clone()).unwrap_or_default()))
                on_input=Callback::new(move |text: String| editor.edit(|d| with_idp(d, |i| i.cert = non_blank(text))))
                error=editor.error("cert")
                rows=8
            />
        </fieldset>
    }
}

#[component]
fn SpDetailsView(editor: Editor<Sp>) -> impl IntoView {
    let sp = move || editor.draft.with(|d| d.sp().cloned());
    let show = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    view! {
        <section class="settings-group" data-testid="sp-details">
            <h2>"This tenant as service provider (SpDetails)"</h2>
            <p class="muted">"Read-only: the service provider details cannot be changed through the API."</p>
            {move || {
                sp().map(|sp| {
                    view! {
                        <dl class="facts">
                            <dt>"Entity id"</dt><dd><code>{show(sp.entity_id)}</code></dd>
                            <dt>"Alias"</dt><dd><code>{show(sp.alias)}</code></dd>
                            <dt>"Callback (ACS) URL"</dt><dd><code>{sp.callback_url}</code></dd>
                            <dt>"Legacy ACS URL"</dt><dd><code>{show(sp.legacy_acs_url)}</code></dd>
                        </dl>
                    }
                })
            }}
        </section>
    }
}

/// One row of the mapping table: a source attribute for an identity attribute.
#[component]
fn MappingRow(editor: Editor<Sp>, key: String, required: bool) -> impl IntoView {
    let draft = editor.draft;
    let k = key.clone();
    let value = Signal::derive(move || {
        draft.with(|d| {
            d.idp()
                .and_then(|i| i.jit_configuration.as_ref())
                .and_then(|j| j.source_attribute_mappings.as_ref())
                .and_then(|m| m.get(&k).cloned())
                .unwrap_or_default()
        })
    });
    let (k_set, k_remove) = (key.clone(), key.clone());
    let set = move |text: String| {
        let k = k_set.clone();
        editor.edit(|d| {
            with_jit(d, |j| {
                let map = j.source_attribute_mappings.get_or_insert_with(Default::default);
                if text.is_empty() && !required {
                    map.remove(&k);
                } else {
                    map.insert(k, text);
                }
            })
        });
    };
    let remove = move |_| {
        let k = k_remove.clone();
        editor.edit(|d| {
            with_jit(d, |j| {
                if let Some(m) = j.source_attribute_mappings.as_mut() {
                    m.remove(&k);
                }
            })
        });
    };
    let input_id = format!("mapping-{key}");
    view! {
        <tr data-testid="mapping-row">
            <th scope="row"><label for=input_id.clone()>{key.clone()}</label></th>
            <td>
                <input
                    id=input_id.clone()
                    type="text"
                    autocomplete="off"
                    data-testid=format!("input-{input_id}")
                    prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))
                />
            </td>
            <td>
                {if required {
                    view! { <span class="muted">"required"</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn--ghost" aria-label=format!("Remove the {key} mapping") on:click=remove>
                            "Remove"
                        </button>
                    }
                        .into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn JitMapping(editor: Editor<Sp>) -> impl IntoView {
    let client = use_client();
    let draft = editor.draft;
    let sources = LocalResource::new(move || async move { sources_api::list(&client).await });
    let jit = move || draft.with(|d| d.idp().and_then(|i| i.jit_configuration.clone()).unwrap_or_default());
    let keys = move || {
        let mut keys: Vec<String> = JIT_REQUIRED_MAPPINGS.iter().map(|k| k.to_string()).collect();
        for k in jit().source_attribute_mappings.unwrap_or_default().into_keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    };
    let new_key = RwSignal::new(String::new());
    let add = move || {
        let key = new_key.get_untracked().trim().to_string();
        if !key.is_empty() && !keys().contains(&key) {
            editor.edit(|d| {
                with_jit(d, |j| {
                    j.source_attribute_mappings
                        .get_or_insert_with(Default::default)
                        .insert(key, String::new());
                })
            });
            new_key.set(String::new());
        }
    };
    view! {
        <fieldset class="settings-group" data-testid="jit-mapping">
            <legend>"Just-in-time accounts (jitConfiguration)"</legend>
            <CheckField
                id="jitEnabled"
                label="Create an identity on first sign-in through the IdP"
                hint=Signal::stored("jitConfiguration.enabled: needs a source and the firstName, lastName and email mappings".to_string())
                checked=Signal::derive(move || jit().enabled)
                on_change=Callback::new(move |on| editor.edit(|d| with_jit(d, |j| j.enabled = on)))
            />
            <div class="field">
                <label for="jitSource">"Source of the new accounts"</label>
                <select
                    id="jitSource"
                    data-testid="input-jitSource"
                    aria-describedby="jitSource-error"
                    on:change=move |ev| {
                        let id = non_blank(event_target_value(&ev));
                        editor.edit(|d| with_jit(d, |j| j.source_id = id));
                    }
                >
                    <option value="" selected=move || jit().source_id.is_none()>"(no source)"</option>
                    {move || {
                        let current = jit().source_id;
                        let list = sources.get().and_then(Result::ok).unwrap_or_default();
                        let known = current.as_ref().is_none_or(|c| list.iter().any(|s| &s.id == c));
                        let unknown = (!known).then(|| current.clone().unwrap_or_default()).map(|id| {
                            view! { <option value=id.clone() selected=true>{format!("{id} (unknown source)")}</option> }
                        });
                        view! {
                            {unknown}
                            {list
                                .into_iter()
                                .map(|s| {
                                    let selected = current.as_deref() == Some(s.id.as_str());
                                    view! { <option value=s.id.clone() selected=selected>{s.name}</option> }
                                })
                                .collect_view()}
                        }
                    }}
                </select>
                <p class="field__error" id="jitSource-error" data-testid="error-jitSource" aria-live="polite">
                    {move || editor.error("jitConfiguration.sourceId").get()}
                </p>
            </div>
            <table class="table mapping-table">
                <caption>"sourceAttributeMappings: identity attribute → source attribute"</caption>
                <thead>
                    <tr><th scope="col">"Identity attribute"</th><th scope="col">"Source attribute"</th><th scope="col"></th></tr>
                </thead>
                <tbody>
                    <For each=keys key=|k| k.clone() let:key>
                        <MappingRow editor=editor required=JIT_REQUIRED_MAPPINGS.contains(&key.as_str()) key=key/>
                    </For>
                </tbody>
            </table>
            <div class="chips__add">
                <input
                    type="text"
                    aria-label="Another identity attribute to map"
                    placeholder="another identity attribute, e.g. department"
                    data-testid="input-mapping-new"
                    prop:value=new_key
                    on:input=move |ev| new_key.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" class="btn" data-testid="add-mapping" on:click=move |_| add()>"Add mapping"</button>
            </div>
            <p class="field__error" data-testid="error-jitConfiguration.sourceAttributeMappings" aria-live="polite">
                {move || editor.error("jitConfiguration.sourceAttributeMappings").get()}
            </p>
        </fieldset>
    }
}

/// The check before enabling, and the switch it unlocks.
#[component]
fn EnableStep(editor: Editor<Sp>) -> impl IntoView {
    let (draft, loaded) = (editor.draft, editor.loaded);
    // The IdP details the last check ran on (after it filled in the certificate's name
    // and expiry), and what it found.
    let last = RwSignal::new(None::<(Option<IdpDetails>, IdpCheck)>);
    let passed_on =
        Memo::new(move |_| last.with(|l| l.as_ref().filter(|(_, c)| c.passed()).and_then(|(idp, _)| idp.clone())));
    let current_passed = move || {
        let passed = passed_on.get();
        passed.is_some() && draft.with(|d| d.idp().cloned()) == passed
    };
    let waiting = Memo::new(move |_| {
        let passed = passed_on.get();
        loaded.with(|l| draft.with(|d| needs_check(&l.doc, d, passed.as_ref())))
    });
    // A draft that enables sign-in without a passing check on its details cannot be saved.
    let block = editor.unparsable("enabled");
    Effect::new(move |_| {
        block.run(
            waiting
                .get()
                .then(|| "run the check on the IdP details before enabling remote IdP sign-in".to_string()),
        );
    });
    let run_check = move |_| {
        let result = draft.with_untracked(|d| check_idp_before_enabling(d.idp(), now_secs()));
        if let Some(cert) = result.certificate.as_ref().filter(|_| result.passed()) {
            let (name, expires) = (cert.subject.clone(), cert.expiration_date());
            let unchanged = draft.with_untracked(|d| {
                d.idp().is_some_and(|i| {
                    i.certificate_name.as_deref() == Some(name.as_str())
                        && i.certificate_expiration_date.as_deref() == Some(expires.as_str())
                })
            });
            if !unchanged {
                editor.edit(|d| {
                    with_idp(d, |i| {
                        i.certificate_name = Some(name);
                        i.certificate_expiration_date = Some(expires);
                    })
                });
            }
        }
        last.set(Some((draft.with_untracked(|d| d.idp().cloned()), result)));
    };
    let outcome = move || {
        last.with(|l| {
            l.as_ref().map(|(idp, check)| {
                let stale = draft.with(|d| d.idp().cloned()) != *idp;
                if check.passed() {
                    let text = check
                        .certificate
                        .as_ref()
                        .map(|cert| {
                            format!(
                                "The IdP details pass: entity id and sign-on URL are usable; the certificate {} is valid until {}.",
                                cert.subject,
                                gatehouse_wire::settings::x509::utc_text(cert.not_after)
                            )
                        })
                        .unwrap_or_default();
                    view! {
                        <p class="notice notice--info" data-testid="idp-check-ok">{text}</p>
                        {stale.then(|| view! {
                            <p class="notice notice--error" data-testid="idp-check-stale">
                                "The IdP details changed since this check: run it again."
                            </p>
                        })}
                    }
                    .into_any()
                } else {
                    view! {
                        <div class="notice notice--error" role="alert" data-testid="idp-check-failed">
                            <p>"Remote IdP sign-in cannot be enabled yet:"</p>
                            <ul>
                                {check
                                    .errors
                                    .iter()
                                    .map(|e| view! { <li data-testid="idp-check-error">{e.to_string()}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                    .into_any()
                }
            })
        })
    };
    let enabled = Signal::derive(move || draft.with(|d| d.enabled));
    let switch_locked = Signal::derive(move || !enabled.get() && !current_passed());
    let effect = Signal::derive(move || {
        if enabled.get() {
            "On: people sign in through the identity provider above.".to_string()
        } else if switch_locked.get() {
            "Off. Run the check first: the switch unlocks when the IdP details pass.".to_string()
        } else {
            "Off. The IdP details passed the check: the switch can be turned on.".to_string()
        }
    });
    view! {
        <section class="settings-group sp-enable" data-testid="idp-enable">
            <h2>"Enable remote IdP sign-in"</h2>
            <p class="muted">
                "Before the switch can be turned on, check the IdP details: the entity id is a URI, a sign-on URL is an "
                "https:// URL, and the signing certificate is an X.509 certificate valid today (its name and expiry "
                "are filled in from it)."
            </p>
            <button type="button" class="btn" data-testid="idp-check" on:click=run_check>
                "Check the IdP details"
            </button>
            {outcome}
            <CheckField
                id="enabled"
                label="Remote IdP sign-in enabled"
                hint=effect
                switch=true
                disabled=switch_locked
                checked=enabled
                on_change=Callback::new(move |on| editor.edit(|d| d.enabled = on))
            />
            <p class="field__error" data-testid="error-enabled" aria-live="polite">
                {move || {
                    editor
                        .error("enabled")
                        .get()
                        .or_else(|| editor.error("entityId").get().filter(|_| enabled.get()))
                        .or_else(|| {
                            waiting.get().then(|| "Run the check on the IdP details as they are now before saving.".to_string())
                        })
                }}
            </p>
            <CheckField
                id="bypassIdp"
                label="Let administrators bypass the IdP (bypassIdp)"
                checked=Signal::derive(move || draft.with(|d| d.bypass_idp))
                on_change=Callback::new(move |on| editor.edit(|d| d.bypass_idp = on))
            />
        </section>
    }
}

#[component]
pub fn ServiceProviderPage() -> impl IntoView {
    settings_page::<Sp>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn with_entity(enabled: bool, entity: &str) -> Sp {
        let mut sp = Sp {
            enabled,
            ..Default::default()
        };
        with_idp(&mut sp, |i| i.entity_id = Some(entity.into()));
        sp
    }

    #[wasm_bindgen_test]
    fn enabling_waits_for_a_check_on_the_current_details() {
        let off = with_entity(false, "urn:a");
        let on = with_entity(true, "urn:a");
        assert!(!needs_check(&off, &off, None), "staying off needs nothing");
        assert!(needs_check(&off, &on, None), "switching on needs a check");
        assert!(!needs_check(&off, &on, on.idp()), "a check on these details");
        let other = with_entity(true, "urn:b");
        assert!(needs_check(&off, &other, on.idp()), "a check on other details");
        assert!(!needs_check(&on, &on, None), "already on, unchanged");
        assert!(needs_check(&on, &other, None), "already on, details changed");
    }
}
