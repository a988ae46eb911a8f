//! The page frame: skip link, header with navigation, sign-in state and language menu, the
//! main region and the footer.

use super::lang_switch::LangSwitch;
use crate::api::auth::{Logout, get_current_user};
use crate::i18n::*;
use crate::model::auth::Role;
use leptos::prelude::*;

/// Wraps every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(|| (), |_| get_current_user());

    view! {
        // `rel="external"`: the browser, not the client router, follows it, so focus moves to
        // the main content after hydration too.
        <a class="skip-link" href="#content" rel="external">
            {t!(i18n, skip_to_content)}
        </a>
        <header class="site-header">
            <div class="brand">
                <a href="/" class="brand-name">
                    {t!(i18n, app_name)}
                </a>
                <span class="brand-tagline">{t!(i18n, app_tagline)}</span>
            </div>
            <nav aria-label=move || t_string!(i18n, main_navigation).to_string()>
                <ul>
                    <li>
                        <a href="/">{t!(i18n, nav_home)}</a>
                    </li>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let roles = user.await.ok().flatten().map(|u| u.roles);
                            // An admin manages people and reference data, and reads no
                            // project data: no links to pages that would be empty.
                            let reads_data = roles
                                .as_ref()
                                .is_none_or(|r| r.iter().any(|role| *role != Role::Admin));
                            let national = roles
                                .as_ref()
                                .is_some_and(|r| r.contains(&Role::NationalCoordinator));
                            let coordinator = roles
                                .as_ref()
                                .is_some_and(|r| r.contains(&Role::CityCoordinator));
                            let reference = national
                                || roles.as_ref().is_some_and(|r| r.contains(&Role::Admin));
                            view! {
                                {reads_data.then(|| view! {
                                    <li><a href="/projects">{t!(i18n, nav_projects)}</a></li>
                                    <li><a href="/dashboard">{t!(i18n, nav_dashboard)}</a></li>
                                    <li><a href="/reporting">{t!(i18n, nav_reporting)}</a></li>
                                    <li><a href="/indicators">{t!(i18n, nav_indicators)}</a></li>
                                    <li><a href="/case-studies">{t!(i18n, nav_case_studies)}</a></li>
                                })}
                                {coordinator.then(|| view! {
                                    <li><a href="/imports">{t!(i18n, nav_imports)}</a></li>
                                })}
                                {national.then(|| view! {
                                    <li><a href="/publication">{t!(i18n, nav_publication)}</a></li>
                                    <li><a href="/feedback">{t!(i18n, nav_feedback)}</a></li>
                                })}
                                {reference.then(|| view! {
                                    <li><a href="/reference">{t!(i18n, nav_reference)}</a></li>
                                })}
                            }
                        })}
                    </Transition>
                </ul>
            </nav>
            <div class="session">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(current)) => {
                                let name = current.display_name.clone();
                                let admin = current.roles.contains(&Role::Admin);
                                view! {
                                    {admin.then(|| view! {
                                        <a href="/admin/users">{t!(i18n, nav_users)}</a>
                                        <a href="/admin/audit">{t!(i18n, nav_audit)}</a>
                                    })}
                                    <a href="/account" class="signed-in">
                                        {t!(i18n, signed_in_as, name = move || name.clone())}
                                    </a>
                                    <ActionForm action=logout attr:class="inline-form">
                                        <button type="submit">{t!(i18n, nav_logout)}</button>
                                    </ActionForm>
                                    {current.must_change_password.then(|| view! {
                                        <p class="banner" role="alert">
                                            <a href="/account">{t!(i18n, temporary_password_banner)}</a>
                                        </p>
                                    })}
                                }
                                    .into_any()
                            }
                            _ => view! { <a href="/login">{t!(i18n, nav_login)}</a> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <LangSwitch />
        </header>
        <main id="content" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t!(i18n, footer_text)}</p>
            <ul>
                <li><a href="/accessibility">{t!(i18n, footer_accessibility)}</a></li>
                <li><a href="/accessibility#feedback">{t!(i18n, footer_feedback)}</a></li>
            </ul>
        </footer>
    }
}
