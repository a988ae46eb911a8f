//! Where keyboard and screen-reader users land when a page loads after a link or a form
//! inside the site (WCAG 2.4.3): on what the page says about their action when it says
//! something (an error or a confirmation carries `autofocus`, which the browser has already
//! followed), else on the page's main content, past the navigation they just used. A first
//! visit, or one from another site, starts at the top as the browser decides.

use leptos::prelude::document;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;

/// Moves focus to the main content after a navigation inside the site, unless something
/// on the page has already taken it.
pub fn focus_after_navigation() {
    let document = document();
    let origin = document.location().and_then(|l| l.origin().ok());
    let within_site = origin.is_some_and(|origin| {
        let referrer = document.referrer();
        referrer == origin || referrer.starts_with(&format!("{origin}/"))
    });
    let untaken = document
        .active_element()
        .is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"));
    if !(within_site && untaken) {
        return;
    }
    let target = document
        .query_selector(".notice[role=\"status\"], main")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = target {
        let _ = element.focus();
    }
}
