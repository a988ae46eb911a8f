//! A form that keeps what was typed when the server refuses it. Forms post without
//! JavaScript; a refused post sends the browser back to the page, and the server hands that
//! page the post ([`RefusedPost`], never a password). The fields inside a [`KeptInput`] for
//! the server function the post went to show the posted values instead of the stored ones,
//! so nobody types a long text twice because one date was wrong.

use crate::model::forms::RefusedPost;
use leptos::context::Provider;
use leptos::prelude::*;
use std::sync::Arc;

/// The refused post the fields of the enclosing [`KeptInput`] show, if it was theirs.
#[derive(Clone, Debug, Default)]
struct Kept(Option<Arc<RefusedPost>>);

/// Wraps one form. `endpoint` is the path of the server function the form posts to
/// (`<T as ServerFn>::PATH`); where a page has several forms posting there (one per line),
/// `key` names the hidden field and value that tell this form's post apart.
#[component]
pub fn KeptInput(
    endpoint: &'static str,
    #[prop(optional, into)] key: Option<(&'static str, String)>,
    children: Children,
) -> impl IntoView {
    let kept = page_post().filter(|post| {
        post.endpoint == endpoint
            && key
                .as_ref()
                .is_none_or(|(name, value)| post.value(name) == Some(value.as_str()))
    });
    view! { <Provider value=Kept(kept.map(Arc::new))>{children()}</Provider> }
}

/// The value the refused post gave the field `name` of the enclosing form, if it was
/// refused (the field then shows it instead of the stored value).
pub fn kept_value(name: &str) -> Option<String> {
    use_context::<Kept>()?.0?.value(name).map(str::to_owned)
}

/// The values the refused post gave the repeated field `name` (ticked check boxes) of the
/// enclosing form, if it was refused: empty then means none was ticked.
pub fn kept_values(name: &str) -> Option<Vec<String>> {
    use_context::<Kept>()?.0.map(|post| post.values(name))
}

/// The refused post's value of the field `name` (a select or a radio group written by
/// hand), else `stored`.
pub fn kept_or(name: &str, stored: &str) -> String {
    kept_value(name).unwrap_or_else(|| stored.to_owned())
}

/// Whether the check box `name` is ticked: as the refused post had it, else `stored`.
pub fn kept_ticked(name: &str, stored: bool) -> bool {
    kept_values(name).map_or(stored, |values| !values.is_empty())
}

/// The refused post the current page was sent back with (on the server; the browser only
/// ever gets the page it rendered).
fn page_post() -> Option<RefusedPost> {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::session::refused_post()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Whether the page was sent back from another form posting to `endpoint` than the one
/// keyed `key` (on a page with one form per line): that line's errors are not this one's.
/// Without the refused post to tell (it is kept for two minutes), every line shows them.
pub fn refused_elsewhere(endpoint: &str, key: (&str, &str)) -> bool {
    page_post().is_some_and(|post| post.endpoint == endpoint && post.value(key.0) != Some(key.1))
}
