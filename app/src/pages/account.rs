//! `/account`: the signed-in user's password, sessions and API tokens.

use crate::api::account::{ChangePassword, RevokeMySession, list_my_sessions};
use crate::components::guard::{load_error, unix_time};
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::i18n::*;
use crate::pages::account_tokens::ApiTokens;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let change = ServerAction::<ChangePassword>::new();
    let revoke = ServerAction::<RevokeMySession>::new();
    let sessions = Resource::new(move || revoke.version().get(), |_| list_my_sessions());
    let changed = move || query.read().get("changed").is_some();
    let change_error = Signal::derive(move || change.value().get().and_then(Result::err));
    let revoke_error = Signal::derive(move || revoke.value().get().and_then(Result::err));

    view! {
        <PageTitle text=t_string!(i18n, account.title).to_string() />
        <h1>{t!(i18n, account.title)}</h1>
        {move || changed().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, account.changed)}</p> })}
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{t!(i18n, account.password_heading)}</h2>
            <ActionForm action=change attr:class="form">
                <FormError error=change_error />
                <TextField
                    name="form[current_password]"
                    id="current_password"
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                    errors=errors_of(change.value(), "current_password")
                >
                    {t!(i18n, account.current_password)}
                </TextField>
                <TextField
                    name="form[new_password]"
                    id="new_password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    errors=errors_of(change.value(), "new_password")
                    hint=Box::new(move || t!(i18n, account.password_hint).into_any())
                >
                    {t!(i18n, account.new_password)}
                </TextField>
                <TextField
                    name="form[confirm_password]"
                    id="confirm_password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    errors=errors_of(change.value(), "confirm_password")
                >
                    {t!(i18n, account.confirm_password)}
                </TextField>
                <button type="submit" class="primary">{t!(i18n, account.change)}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, account.sessions_heading)}</h2>
            <FormError error=revoke_error />
            <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <div class="table-scroll">
                                <table class="data-table">
                                    <caption>{t!(i18n, account.sessions_caption)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, account.signed_in)}</th>
                                            <th scope="col">{t!(i18n, account.address)}</th>
                                            <th scope="col">{t!(i18n, account.browser)}</th>
                                            <th scope="col">{t!(i18n, account.expires)}</th>
                                            <th scope="col"><span class="visually-hidden">{t!(i18n, account.sign_out_session)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|s| view! {
                                            <tr>
                                                <td>{unix_time(s.signed_in_at_unix)}</td>
                                                <td>{s.client_addr.clone().unwrap_or_default()}</td>
                                                <td class="wrap">{s.user_agent.clone().unwrap_or_default()}</td>
                                                <td>{unix_time(s.expires_at_unix)}</td>
                                                <td>
                                                    {if s.current {
                                                        view! { <strong>{t!(i18n, account.this_session)}</strong> }.into_any()
                                                    } else {
                                                        view! {
                                                            <ActionForm action=revoke attr:class="inline-form">
                                                                <input type="hidden" name="form[handle]" value=s.handle.clone() />
                                                                <button type="submit" class="secondary">{t!(i18n, account.sign_out_session)}</button>
                                                            </ActionForm>
                                                        }.into_any()
                                                    }}
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => load_error(e, "/account"),
                    }
                })}
            </Transition>
        </section>
        <ApiTokens />
    }
}
