//! `/admin/users` (the list) and `/admin/users/new` (the create form).

use super::RoleFields;
use crate::api::admin::{CreateUser, get_new_user_form, list_users};
use crate::components::guard::{load_error, role_label};
use crate::components::raw_text::PageTitle;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::i18n::*;
use crate::model::account::UserSummary;
use crate::model::auth::Role;
use leptos::prelude::*;

fn grants_text(user: &UserSummary) -> impl IntoView + use<> {
    let i18n = use_i18n();
    user.grants
        .iter()
        .map(|g| {
            let region = g
                .region
                .clone()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            view! { <span class="grant">{role_label(i18n, g.role)}{region}</span> }
        })
        .collect_view()
}

/// The list of accounts.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let users = Resource::new(|| (), |_| list_users());
    view! {
        <PageTitle text=t_string!(i18n, admin.users_title).to_string() />
        <h1>{t!(i18n, admin.users_title)}</h1>
        <p><a href="/admin/users/new" class="button-link">{t!(i18n, admin.add_user)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <caption>{t!(i18n, admin.users_caption)}" "<TableDownloads path="/admin/users" query=String::new() /></caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, admin.name)}</th>
                                        <th scope="col">{t!(i18n, admin.email)}</th>
                                        <th scope="col">{t!(i18n, admin.role)}</th>
                                        <th scope="col">{t!(i18n, admin.status)}</th>
                                        <th scope="col">{t!(i18n, admin.last_login)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|u| {
                                        let status = if !u.is_active {
                                            t!(i18n, admin.disabled).into_any()
                                        } else if u.must_change_password {
                                            t!(i18n, admin.must_change).into_any()
                                        } else {
                                            t!(i18n, admin.active).into_any()
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/admin/users/{}", u.id)>{u.display_name.clone()}</a></th>
                                                <td>{u.email.clone()}</td>
                                                <td>{grants_text(&u)}</td>
                                                <td>{status}</td>
                                                <td>{u.last_login_at.clone().map(|t| t.chars().take(16).collect::<String>().replace('T', " ")).unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => load_error(e, "/admin/users"),
                }
            })}
        </Transition>
    }
}

/// The form for a new account.
#[component]
pub fn NewUserPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let form = Resource::new(|| (), |_| get_new_user_form());
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <PageTitle text=t_string!(i18n, admin.new_user_title).to_string() />
        <p><a href="/admin/users">{t!(i18n, admin.back_to_users)}</a></p>
        <h1>{t!(i18n, admin.new_user_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok((regions, refused)) => {
                        let typed = refused.unwrap_or_default();
                        let role = Role::from_code(&typed.role).unwrap_or(Role::CityCoordinator);
                        view! {
                        <ActionForm action=create attr:class="form">
                            <FormError error />
                            <TextField name="form[email]" id="email" input_type="email" required=true value=typed.email errors=errors_of(create.value(), "email")>
                                {t!(i18n, admin.email)}
                            </TextField>
                            <TextField name="form[display_name]" id="display_name" required=true value=typed.display_name errors=errors_of(create.value(), "display_name")>
                                {t!(i18n, admin.name)}
                            </TextField>
                            <RoleFields regions role selected_regions=typed.regions errors=errors_of(create.value(), "roles") />
                            <TextField
                                name="form[temporary_password]"
                                id="temporary_password"
                                input_type="password"
                                autocomplete="new-password"
                                required=true
                                errors=errors_of(create.value(), "temporary_password")
                                hint=Box::new(move || t!(i18n, admin.temporary_hint).into_any())
                            >
                                {t!(i18n, admin.temporary_password)}
                            </TextField>
                            <button type="submit" class="primary">{t!(i18n, admin.create)}</button>
                        </ActionForm>
                    }.into_any()
                    }
                    Err(e) => load_error(e, "/admin/users/new"),
                }
            })}
        </Transition>
    }
}
