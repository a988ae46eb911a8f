//! `/login`: the sign-in form. A plain HTML form post without JavaScript; the server answers
//! with a redirect to the page the user came for, or back here with the error.

use crate::api::auth::Login;
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .unwrap_or_else(|| "/projects".to_string())
    };
    let error = Signal::derive(move || login.value().get().and_then(Result::err));

    view! {
        <PageTitle text=t_string!(i18n, login.title).to_string() />
        <h1>{t!(i18n, login.title)}</h1>
        <KeptInput endpoint=Login::PATH>
        <ActionForm action=login attr:class="form login-form">
            <FormError error />
            <input type="hidden" name="form[next]" value=next />
            <TextField
                name="form[email]"
                id="email"
                input_type="email"
                autocomplete="username"
                required=true
                errors=errors_of(login.value(), "email")
            >
                {t!(i18n, login.email)}
            </TextField>
            <TextField
                name="form[password]"
                id="password"
                input_type="password"
                autocomplete="current-password"
                required=true
                errors=errors_of(login.value(), "password")
            >
                {t!(i18n, login.password)}
            </TextField>
            <button type="submit" class="primary">{t!(i18n, login.submit)}</button>
        </ActionForm>
        </KeptInput>
    }
}
