//! `/settings`: the settings documents, which of them this person may change, and the
//! ones that are not built yet.

use leptos::prelude::*;
use leptos_router::components::A;

use gatehouse_wire::auth::Principal;

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

/// One settings page, and who may open it (the overview and the side navigation list them).
pub(super) struct Built {
    pub path: &'static str,
    pub title: &'static str,
    what: &'static str,
    who: fn(&Principal) -> bool,
}

const BUILT: [Built; 8] = [
    Built {
        path: "/settings/lockout",
        title: "Lockout",
        what: "Failed sign-ins before a client id is locked, and for how long.",
        who: Principal::can_manage_auth_org,
    },
    Built {
        path: "/settings/session",
        title: "Session",
        what: "How long access tokens live, in all and without use.",
        who: Principal::can_manage_auth_org,
    },
    Built {
        path: "/settings/network",
        title: "Network",
        what: "Which addresses may sign in and call the API; the country list.",
        who: Principal::can_manage_auth_org,
    },
    Built {
        path: "/settings/service-provider",
        title: "Service provider",
        what: "SAML: the identity provider and this tenant as service provider; just-in-time accounts.",
        who: Principal::can_manage_auth_org,
    },
    Built {
        path: "/settings/jit-activation",
        title: "JIT activation",
        what: "Which entitlements may be activated just in time, for how long, and who is told.",
        who: Principal::can_manage_jit,
    },
    Built {
        path: "/settings/provisioning-policies",
        title: "Provisioning policies",
        what: "Per source: the fields an account gets when it is created, updated or disabled.",
        who: Principal::can_manage_sources,
    },
    Built {
        path: "/settings/request-types",
        title: "Request types",
        what: "The kinds of access request, their schemas and workflow.",
        who: Principal::can_read_governance_admin,
    },
    Built {
        path: "/settings/access-requests",
        title: "Access requests",
        what: "Self-approval, justifications, and the default approver.",
        who: Principal::can_read_governance_admin,
    },
];

impl Built {
    /// The last segment of the path (`lockout`), used in test ids.
    pub fn slug(&self) -> &'static str {
        self.path.trim_start_matches("/settings/")
    }
}

/// The settings pages a person may open, in display order.
pub(super) fn pages_for(principal: Option<&Principal>) -> Vec<&'static Built> {
    BUILT.iter().filter(|b| principal.is_some_and(|p| (b.who)(p))).collect()
}

#[component]
pub fn SettingsHome() -> impl IntoView {
    let session = use_session();
    let visible = move || pages_for(session.principal().as_ref());
    view! {
        <section class="settings-page" data-testid="settings-home">
            <h1>"Settings"</h1>
            <Show when=move || !visible().is_empty() fallback=|| view! { <OrgAdminOnly/> }>
                <ul class="settings-cards">
                    {move || {
                        visible()
                            .into_iter()
                            .map(|b| {
                                view! {
                                    <li class="card settings-card">
                                        <A href=b.path attr:data-testid=format!("open-{}", b.slug())>
                                            {b.title}
                                        </A>
                                        <p class="muted">{b.what}</p>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
