//! `/settings`: the settings documents, which of them this person may change, and the
//! ones that are not built yet.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::use_session;

/// Why the tenant security settings are not shown to this person.
#[component]
pub fn OrgAdminOnly() -> impl IntoView {
    view! {
        <p class="notice notice--info" data-testid="settings-org-admin-only">
            "Only organization administrators (ORG_ADMIN) can see and change the tenant security settings "
            "(lockout, session and network). Your user level does not include them; nothing is wrong. "
            "Ask an organization administrator if a setting needs to change."
        </p>
    }
}

/// One built document on the overview.
struct Built {
    path: &'static str,
    title: &'static str,
    what: &'static str,
}

const BUILT: [Built; 3] = [
    Built {
        path: "/settings/lockout",
        title: "Lockout",
        what: "Failed sign-ins before a client id is locked, and for how long.",
    },
    Built {
        path: "/settings/session",
        title: "Session",
        what: "How long access tokens live, in all and without use.",
    },
    Built {
        path: "/settings/network",
        title: "Network",
        what: "Which addresses may sign in and call the API; the country list.",
    },
];

/// Planned documents: (title, who will use them).
const COMING: [(&str, &str); 3] = [
    ("Service provider (SAML)", "ORG_ADMIN"),
    ("JIT activation policy", "ORG_ADMIN, POLICY_ADMIN"),
    ("Provisioning policies", "ORG_ADMIN, SOURCE_ADMIN"),
];

#[component]
pub fn SettingsHome() -> impl IntoView {
    let session = use_session();
    let org_admin = move || session.principal().is_some_and(|p| p.can_manage_auth_org());
    view! {
        <section class="settings-page" data-testid="settings-home">
            <h1>"Settings"</h1>
            <h2>"Tenant security"</h2>
            <Show when=org_admin fallback=|| view! { <OrgAdminOnly/> }>
                <ul class="settings-cards">
                    {BUILT
                        .iter()
                        .map(|b| {
                            view! {
                                <li class="card settings-card">
                                    <A href=b.path attr:data-testid=format!("open-{}", b.title.to_lowercase())>
                                        {b.title}
                                    </A>
                                    <p class="muted">{b.what}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
            <h2>"Coming"</h2>
            <ul class="settings-cards" data-testid="settings-coming">
                {COMING
                    .iter()
                    .map(|(title, who)| {
                        view! {
                            <li class="card settings-card settings-card--coming">
                                <span class="settings-card__title">{*title}</span>
                                <span class="badge">"Coming"</span>
                                <p class="muted">
                                    {format!("Not built yet; it will be in a later release. For {who}.")}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
