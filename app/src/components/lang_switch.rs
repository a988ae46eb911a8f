//! The language menu: a small form that works with and without JavaScript. The server sets
//! the language cookie and sends the user back to the page they were on.

use crate::i18n::*;
use crate::model::Lang;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Buttons for Suomi, Svenska and English; the current one is marked for assistive tech.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    let current = super::use_lang();
    view! {
        <form class="lang-switch" method="post" action="/lang">
            <input type="hidden" name="next" value=next />
            <fieldset>
                <legend class="visually-hidden">{t!(i18n, language_menu)}</legend>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <button
                                type="submit"
                                name="lang"
                                value=lang.code()
                                lang=lang.code()
                                aria-pressed=move || (current.get() == lang).to_string()
                            >
                                {lang.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </form>
    }
}
