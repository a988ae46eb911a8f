//! The page a reader gets when serving their request failed on the server (a panic): what
//! happened, in their language, and the request's id to quote to support. Built outside
//! Leptos, because the failure may have been in rendering; every piece is escaped.

use crate::i18n::{Locale, td_string};

/// The fault page for `locale`, naming request `id`.
pub fn html(locale: Locale, id: &str) -> String {
    let title = td_string!(locale, fault.title).to_string();
    let text = td_string!(locale, fault.text, id = id).to_string();
    page(locale, &title, &text)
}

/// The page while the database does not answer, naming request `id`.
pub fn unavailable_html(locale: Locale, id: &str) -> String {
    let title = td_string!(locale, fault.unavailable_title).to_string();
    let text = td_string!(locale, fault.unavailable_text, id = id).to_string();
    page(locale, &title, &text)
}

fn page(locale: Locale, title: &str, text: &str) -> String {
    let home = td_string!(locale, fault.home).to_string();
    let lang = match locale {
        Locale::fi => "fi",
        Locale::sv => "sv",
        Locale::en => "en",
    };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main><h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p>\
         </main></body></html>",
        escape(title),
        escape(title),
        escape(text),
        escape(&home)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fault_page_names_the_request_in_the_readers_language() {
        let page = html(Locale::en, "00ab");
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("quote the reference 00ab"));
    }
}
