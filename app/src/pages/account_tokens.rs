//! The account page's personal API tokens: the user's tokens with their last use, a form to
//! make one (name, expiry, read-only or read-write) and, right after, its secret, once.

use crate::api::account::{CreateToken, RevokeToken, list_my_tokens};
use crate::components::guard::load_error;
use crate::components::kept_input::{KeptInput, kept_or};
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::components::values::{Day, Instant};
use crate::i18n::*;
use crate::model::account::{TokenInfo, TokensPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The section, with its heading.
#[component]
pub fn ApiTokens() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(move || revoke.version().get(), |_| list_my_tokens());
    let revoke_error = Signal::derive(move || revoke.value().get().and_then(Result::err));
    view! {
        <section aria-labelledby="tokens-heading" id="tokens">
            <h2 id="tokens-heading">{t!(i18n, account.tokens_heading)}</h2>
            <p>{t!(i18n, account.tokens_intro)}" "<a href="/api-reference">{t!(i18n, account.tokens_reference)}</a></p>
            <FormError error=revoke_error />
            <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(page) => view! { <TokensView page create revoke /> }.into_any(),
                        Err(e) => load_error(e, "/account"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TokensView(
    page: TokensPage,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create_error = Signal::derive(move || create.value().get().and_then(Result::err));
    let access_errors = errors_of(create.value(), "access");
    view! {
        {page.fresh_secret.map(|secret| view! {
            <div class="notice" role="status" tabindex="-1" autofocus=true data-testid="new-token">
                <p><strong>{t!(i18n, account.token_made)}</strong>" "{t!(i18n, account.token_once)}</p>
                <label for="new-token-secret">{t!(i18n, account.token_secret)}</label>
                <input id="new-token-secret" type="text" readonly=true value=secret class="token-secret" autocomplete="off" spellcheck="false" />
            </div>
        })}
        {(!page.tokens.is_empty()).then(|| view! { <TokenTable tokens=page.tokens.clone() revoke /> })}
        <h3>{t!(i18n, account.token_new)}</h3>
        <KeptInput endpoint=CreateToken::PATH>
        <ActionForm action=create attr:class="form">
            <FormError error=create_error />
            <TextField name="form[name]" id="token_name" required=true errors=errors_of(create.value(), "name")
                hint=Box::new(move || t!(i18n, account.token_name_hint).into_any())>
                {t!(i18n, account.token_name)}
            </TextField>
            <TextField name="form[expires_on]" id="token_expires_on" input_type="date" required=true value=page.proposed_expiry.clone()
                errors=errors_of(create.value(), "expires_on")
                hint=Box::new(move || t!(i18n, account.token_expires_hint).into_any())>
                {t!(i18n, account.token_expires)}
            </TextField>
            <fieldset class="checkboxes">
                <legend>{t!(i18n, account.token_access)}</legend>
                <div class="checkbox">
                    <input type="radio" id="token-read" name="form[access]" value="read" checked=kept_or("form[access]", "read") == "read" />
                    <label for="token-read">{t!(i18n, account.token_read)}</label>
                </div>
                <div class="checkbox">
                    <input type="radio" id="token-write" name="form[access]" value="write" checked=kept_or("form[access]", "read") == "write" />
                    <label for="token-write">{t!(i18n, account.token_write)}</label>
                </div>
                <FieldAlert errors=access_errors />
            </fieldset>
            <button type="submit" class="primary">{t!(i18n, account.token_create)}</button>
        </ActionForm>
        </KeptInput>
    }
}

#[component]
fn TokenTable(tokens: Vec<TokenInfo>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="tokens-caption">
            <table class="data-table" data-testid="tokens">
                <caption id="tokens-caption">{t!(i18n, account.tokens_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, account.token_name)}</th>
                    <th scope="col">{t!(i18n, account.token_starts)}</th>
                    <th scope="col">{t!(i18n, account.token_access)}</th>
                    <th scope="col">{t!(i18n, account.token_created)}</th>
                    <th scope="col">{t!(i18n, account.token_expires)}</th>
                    <th scope="col">{t!(i18n, account.token_last_used)}</th>
                    <th scope="col">{t!(i18n, account.token_state)}</th>
                </tr></thead>
                <tbody>
                    {tokens.into_iter().map(|token| {
                        let name = token.name.clone();
                        let expires_day: String = token.expires_at.chars().take(10).collect();
                        view! {
                            <tr>
                                <th scope="row">{token.name.clone()}</th>
                                <td><code>{token.prefix.clone()}"…"</code></td>
                                <td>{if token.can_write { t!(i18n, account.token_write).into_any() } else { t!(i18n, account.token_read).into_any() }}</td>
                                <td><Instant at=token.created_at.clone() /></td>
                                <td><Day on=expires_day /></td>
                                <td>{match token.last_used_at.clone() {
                                    Some(at) => view! { <Instant at /> }.into_any(),
                                    None => t!(i18n, account.token_never_used).into_any(),
                                }}</td>
                                <td>{if token.live {
                                    view! {
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <input type="hidden" name="form[id]" value=token.id />
                                            <button type="submit" class="secondary"
                                                aria-label=move || t_string!(i18n, account.token_revoke_named, name = name.clone()).to_string()>
                                                {t!(i18n, account.token_revoke)}
                                            </button>
                                        </ActionForm>
                                    }.into_any()
                                } else if token.revoked_at.is_some() {
                                    t!(i18n, account.token_revoked).into_any()
                                } else {
                                    t!(i18n, account.token_expired).into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
