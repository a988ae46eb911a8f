//! The only way text reaches the two elements whose content the server writes without
//! escaping: the document's `<title>` (leptos_meta writes it as it is) and `<textarea>`
//! (tachys treats its children as raw text). Everywhere else the framework escapes.
//!
//! On the server the text is escaped before it is written; in the browser it is set as
//! text (`document.title`, a text node), where escaping would show as `&lt;`. The test at
//! the bottom keeps every other module from using these elements directly.

use crate::i18n::*;
use leptos::prelude::*;

/// Text for the content of `<title>` or `<textarea>`: escaped when rendered on the server,
/// as it is in the browser.
pub fn raw_text_content(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// The document's title: the page's own title, then the service's name (WCAG 2.4.2), in
/// the reader's language. Use this, never `leptos_meta::Title`.
#[component]
pub fn PageTitle(
    /// The page's title; may hold stored text such as a package's name.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Read once, as the page renders: the document's head is written after the page's own
    // reactive scopes may be gone (a resolved `Suspend` drops the one it replaced), so the
    // title must not read a signal then. Pages are not hydrated, so nothing changes it later.
    let full = raw_text_content(format!(
        "{} – {}",
        text.get_untracked(),
        t_string!(i18n, app_name)
    ));
    view! { <leptos_meta::Title text=full /> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    #[cfg(feature = "ssr")]
    fn markup_in_text_is_escaped_on_the_server() {
        assert_eq!(
            raw_text_content("Hanke</title><meta http-equiv=\"refresh\">&"),
            "Hanke&lt;/title&gt;&lt;meta http-equiv=\"refresh\"&gt;&amp;"
        );
    }

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("source folder reads") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source reads");
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// Elements and properties that write text without the framework's escaping. Only
    /// this module and the text field (through [`raw_text_content`]) may use them.
    #[test]
    fn no_module_writes_unescaped_markup() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 50, "the sources were found");
        let forbidden = [
            "leptos_meta::Title",
            "<Title",
            "<textarea",
            "inner_html",
            "<script",
            "<style",
            "<noscript",
            "set_inner_html",
            "outer_html",
        ];
        let mut found = Vec::new();
        for (path, text) in &files {
            // This module is where every raw sink lives, behind its escaping.
            let allowed: &[&str] = if path.ends_with("components/raw_text.rs") {
                &forbidden
            } else if path.ends_with("components/text_field.rs") {
                &["<textarea"]
            } else {
                &[]
            };
            for pattern in forbidden {
                if text.contains(pattern) && !allowed.contains(&pattern) {
                    found.push(format!("{path}: {pattern}"));
                }
            }
        }
        assert!(found.is_empty(), "unescaped sinks: {found:#?}");
        let field = files
            .iter()
            .find(|(p, _)| p.ends_with("components/text_field.rs"))
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        let textarea = field.split("<textarea").nth(1).unwrap_or_default();
        let content = textarea.split("</textarea>").next().unwrap_or_default();
        assert!(
            content.contains("raw_text_content("),
            "the text field's textarea content goes through raw_text_content"
        );
    }
}
