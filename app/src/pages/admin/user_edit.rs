//! `/admin/users/:id`: one account's roles, access and password reset.

use super::RoleFields;
use crate::api::admin::{ResetPassword, SetUserActive, UpdateRoles, get_user, list_regions};
use crate::components::guard::use_number_param;
use crate::components::guard::{load_error, role_label};
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::i18n::*;
use crate::model::account::UserSummary;
use crate::model::auth::Role;
use crate::model::projects::Choice;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The account page of the admin.
#[component]
pub fn UserEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id_param = use_number_param("id");
    let id = move || id_param().unwrap_or(0);
    let roles = ServerAction::<UpdateRoles>::new();
    let access = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    // Reloaded after every action: a conflict then shows the other admin's change.
    let data = Resource::new(
        move || {
            (
                id(),
                roles.version().get(),
                access.version().get(),
                reset.version().get(),
            )
        },
        |(id, ..)| async move {
            Ok::<_, crate::error::AppError>((get_user(id).await?, list_regions().await?))
        },
    );
    let saved = move || query.read().get("saved").is_some();

    view! {
        <PageTitle text=t_string!(i18n, admin.users_title).to_string() />
        <p><a href="/admin/users">{t!(i18n, admin.back_to_users)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((user, regions)) => view! {
                        {saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
                        <UserForms user regions roles access reset />
                    }.into_any(),
                    Err(e) => load_error(e, &format!("/admin/users/{}", id())),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserForms(
    user: UserSummary,
    regions: Vec<Choice>,
    roles: ServerAction<UpdateRoles>,
    access: ServerAction<SetUserActive>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = user
        .grants
        .first()
        .map(|g| g.role)
        .unwrap_or(Role::CityCoordinator);
    let selected: Vec<String> = user
        .grants
        .iter()
        .filter_map(|g| g.region.clone())
        .collect();
    let (id, version) = (user.id, user.version);
    let roles_error = Signal::derive(move || roles.value().get().and_then(Result::err));
    let access_error = Signal::derive(move || access.value().get().and_then(Result::err));
    let reset_error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let grants = user
        .grants
        .iter()
        .map(|g| {
            let region = g
                .region
                .clone()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            view! { <li>{role_label(i18n, g.role)}{region}</li> }
        })
        .collect_view();
    view! {
        <h1>{user.display_name.clone()}</h1>
        <p>{user.email.clone()}</p>
        <ul>{grants}</ul>
        <section aria-labelledby="roles-heading">
            <h2 id="roles-heading">{t!(i18n, admin.roles_heading)}</h2>
            <KeptInput endpoint=UpdateRoles::PATH>
            <ActionForm action=roles attr:class="form">
                <FormError error=roles_error />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <RoleFields regions role selected_regions=selected errors=errors_of(roles.value(), "roles") />
                <button type="submit" class="primary">{t!(i18n, admin.save_roles)}</button>
            </ActionForm>
            </KeptInput>
        </section>
        <section aria-labelledby="access-heading">
            <h2 id="access-heading">{t!(i18n, admin.access_heading)}</h2>
            <p>
                {if user.is_active { t!(i18n, admin.active).into_any() } else { t!(i18n, admin.disabled).into_any() }}
            </p>
            <KeptInput endpoint=SetUserActive::PATH>
            <ActionForm action=access attr:class="form">
                <FormError error=access_error />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <input type="hidden" name="form[active]" value=(!user.is_active).to_string() />
                <TextField name="form[reason]" id="reason" required=true errors=errors_of(access.value(), "reason")>
                    {t!(i18n, admin.reason)}
                </TextField>
                <button type="submit" class="primary">
                    {if user.is_active { t!(i18n, admin.disable).into_any() } else { t!(i18n, admin.enable).into_any() }}
                </button>
            </ActionForm>
            </KeptInput>
        </section>
        <section aria-labelledby="reset-heading">
            <h2 id="reset-heading">{t!(i18n, admin.reset_heading)}</h2>
            <KeptInput endpoint=ResetPassword::PATH>
            <ActionForm action=reset attr:class="form">
                <FormError error=reset_error />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <TextField
                    name="form[temporary_password]"
                    id="temporary_password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    errors=errors_of(reset.value(), "temporary_password")
                    hint=Box::new(move || t!(i18n, admin.temporary_hint).into_any())
                >
                    {t!(i18n, admin.temporary_password)}
                </TextField>
                <button type="submit" class="primary">{t!(i18n, admin.reset)}</button>
            </ActionForm>
            </KeptInput>
        </section>
    }
}
