//! Where keyboard and screen-reader users land after something happens (WCAG 2.4.3, 3.3.1):
//! after a refused save, on the error (the first invalid field, or the form's error
//! message); after a save that led to a new page, on its confirmation; after any other
//! client-side navigation, on the page's main content. Without JavaScript the browser loads
//! a new page and the same elements carry `autofocus` (see the notices and [`FormError`]).
//!
//! [`FormError`]: super::text_field::FormError

use leptos::prelude::*;

/// Focuses the first element matching `selector` once the page has rendered.
pub fn focus_first(selector: &'static str) {
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        let found = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(element) = found {
            let _ = element.focus();
        }
    });
}

/// What a refused save focuses: the first invalid field, else the form's error message.
pub const ERROR_TARGET: &str = "[aria-invalid=\"true\"], .form-error, .field-error[role=\"alert\"]";

/// Moves focus to the error when an action's latest result is a refusal.
pub fn focus_errors_of<T: Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, crate::error::AppError>>> + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Err(_))) {
            focus_first(ERROR_TARGET);
        }
    });
}

/// After each client-side navigation (not the first load, where the browser decides):
/// the confirmation of a save if the new page shows one, else the main content.
pub fn focus_after_navigation() {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let now = format!("{}?{}", location.pathname.get(), location.search.get());
        if previous.as_ref().is_some_and(|p| *p != now) {
            focus_first(".notice[role=\"status\"], main");
        }
        now
    });
}
