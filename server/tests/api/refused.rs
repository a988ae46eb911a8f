//! Every form a user meets, refused, comes back with what was typed. Pages post without
//! JavaScript: a refused post sends the browser back to the page, which must show the input
//! rather than the stored values (or an empty form), with its errors, on the line it was
//! posted from only, and never a password. The forms are found on the pages themselves, so a form added later
//! is covered without a new test.

use super::matrix::{Ids, Who, client_for};
use super::*;
use scraper::{ElementRef, Html, Selector};

on_both_backends!(
    every_refused_form_shows_what_was_typed_on_its_own_line,
    a_large_post_of_someone_not_signed_in_is_not_kept,
);

/// What every password field of a refused form is posted with; no page may show it.
const PASSWORD: &str = "Never-Shown-Passphrase-7";

/// A form of a page as a browser would post it: its server function and its fields.
struct PageForm {
    action: String,
    fields: Vec<(String, String)>,
    /// The first field a user types text into (not a password).
    text_field: Option<String>,
}

/// The forms of `html` that post to a server function.
fn server_function_forms(html: &str) -> Vec<PageForm> {
    let document = Html::parse_document(html);
    let forms = Selector::parse("form").unwrap();
    let controls = Selector::parse("input[name], textarea[name], select[name]").unwrap();
    document
        .select(&forms)
        .filter_map(|form| {
            let action = form.value().attr("action")?.to_owned();
            let method = form.value().attr("method").unwrap_or("get");
            if !action.starts_with("/api/") || !method.eq_ignore_ascii_case("post") {
                return None;
            }
            let mut fields = Vec::new();
            let mut text_field = None;
            for control in form.select(&controls) {
                let Some((name, value, typed)) = posted(control) else {
                    continue;
                };
                if typed && text_field.is_none() {
                    text_field = Some(name.clone());
                }
                fields.push((name, value));
            }
            Some(PageForm {
                action,
                fields,
                text_field,
            })
        })
        .collect()
}

/// What a control posts (`None` for an unticked box, which posts nothing), and whether a
/// user types text into it.
fn posted(control: ElementRef) -> Option<(String, String, bool)> {
    let element = control.value();
    let name = element.attr("name")?.to_owned();
    match element.name() {
        "textarea" => Some((name, control.text().collect(), true)),
        "select" => {
            let options = Selector::parse("option").unwrap();
            let mut all = control.select(&options);
            let picked = control
                .select(&options)
                .find(|o| o.value().attr("selected").is_some())
                .or_else(|| all.next());
            let value = picked.and_then(|o| o.value().attr("value")).unwrap_or("");
            Some((name, value.to_owned(), false))
        }
        _ => {
            let kind = element.attr("type").unwrap_or("text");
            let value = element.attr("value").unwrap_or("").to_owned();
            match kind {
                "checkbox" | "radio" if element.attr("checked").is_none() => None,
                "checkbox" | "radio" | "hidden" | "submit" | "password" => {
                    Some((name, value, false))
                }
                _ => Some((name, value, true)),
            }
        }
    }
}

/// Feedback to answer (two items: the answer forms are one per item).
async fn send_feedback(app: &TestApp) {
    for message in ["Kontrasti on heikko", "Kartta ei toimi näppäimistöllä"] {
        let sent = api_client(app)
            .post(app.url(<app::api::feedback::SendFeedback as ServerFn>::PATH))
            .form(&[
                ("form[name]", ""),
                ("form[email]", ""),
                ("form[page]", "/dashboard"),
                ("form[message]", message),
            ])
            .send()
            .await
            .unwrap();
        assert!(sent.status().is_success(), "{}", sent.status());
    }
}

async fn every_refused_form_shows_what_was_typed_on_its_own_line(app: TestApp) {
    send_feedback(&app).await;
    let mut failures = Vec::new();
    let mut tried = Vec::new();
    for who in [Who::Anonymous, Who::OwnRegion, Who::National, Who::Admin] {
        let ids = Ids::of(&app, who).await;
        let client = client_for(&app, who, "text/html").await;
        for path in ids.page_paths() {
            let html = page(&client, &app, &path).await;
            for (n, form) in server_function_forms(&html).into_iter().enumerate() {
                let Some(field) = form.text_field.clone() else {
                    continue;
                };
                // A control character: every text rule refuses it, as no number reads it.
                let marker = format!("Typed{n}{}", who_code(who));
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .map(|(name, value)| {
                        let value = if *name == field {
                            format!("{marker}\u{7}")
                        } else if name.contains("password") {
                            PASSWORD.to_owned()
                        } else {
                            value.clone()
                        };
                        (name.clone(), value)
                    })
                    .collect();
                tried.push(format!("{path} {}", form.action));
                let context = format!("{who:?} on {path}, {} ({field})", form.action);
                if let Some(failure) =
                    refused_and_shown(&client, &app, &path, &form.action, &fields, &marker).await
                {
                    failures.push(format!("{context}: {failure}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "refused forms that lost what was typed:\n{}",
        failures.join("\n")
    );
    // Not vacuous: the forms of every kind of page were tried.
    for endpoint in [
        "auth/login",
        "feedback/answer",
        "reporting/set_target",
        "reporting/comment_report",
        "reference/save_region",
        "admin/set_user_active",
    ] {
        assert!(
            tried.iter().any(|t| t.contains(endpoint)),
            "no form posting to {endpoint} was tried: {tried:#?}"
        );
    }
    assert!(tried.len() >= 25, "{} forms tried: {tried:#?}", tried.len());
}

/// Posts `fields` to `action` from the page at `path` as a browser without JavaScript, and
/// says what went wrong: not refused, or the page it returns to does not show `marker` once.
async fn refused_and_shown(
    client: &Client,
    app: &TestApp,
    path: &str,
    action: &str,
    fields: &[(String, String)],
    marker: &str,
) -> Option<String> {
    let response = client
        .post(app.url(action))
        .header("Referer", app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap();
    let back = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !back.contains("__err=") {
        return Some(format!("not refused: {} {back}", response.status()));
    }
    let shown = html(client.get(&back).send().await.unwrap()).await;
    if shown.contains(PASSWORD) {
        return Some("a password is shown".into());
    }
    match (
        shown.matches(marker).count(),
        forms_with_errors(&shown, action),
    ) {
        (1, 0 | 1) => None,
        (1, n) => Some(format!("the errors are shown on {n} forms")),
        (n, _) => Some(format!("what was typed is shown {n} times")),
    }
}

/// How many of the page's forms posting to `action` show an error.
fn forms_with_errors(html: &str, action: &str) -> usize {
    let document = Html::parse_document(html);
    let forms = Selector::parse("form").unwrap();
    let errors = Selector::parse(r#"[aria-invalid="true"], .form-error, .field-error"#).unwrap();
    document
        .select(&forms)
        .filter(|form| form.value().attr("action") == Some(action))
        .filter(|form| form.select(&errors).next().is_some())
        .count()
}

fn who_code(who: Who) -> &'static str {
    match who {
        Who::Anonymous => "A",
        Who::OwnRegion | Who::OtherRegion => "C",
        Who::National => "N",
        Who::Ministry => "M",
        Who::Admin => "X",
    }
}

/// Anyone can make a session by posting a refused form; what it keeps for them is small.
async fn a_large_post_of_someone_not_signed_in_is_not_kept(app: TestApp) {
    let client = browser(&app);
    let long = format!("Pitkä{}\u{7}", "x".repeat(20 * 1024));
    let fields = [
        ("form[name]".to_owned(), String::new()),
        ("form[email]".to_owned(), String::new()),
        ("form[page]".to_owned(), String::new()),
        ("form[message]".to_owned(), long),
    ];
    let action = <app::api::feedback::SendFeedback as ServerFn>::PATH;
    let failure =
        refused_and_shown(&client, &app, "/accessibility", action, &fields, "Pitkä").await;
    assert_eq!(failure.as_deref(), Some("what was typed is shown 0 times"));
    let short = [("form[message]".to_owned(), "Lyhyt\u{7}".to_owned())];
    assert_eq!(
        refused_and_shown(&client, &app, "/accessibility", action, &short, "Lyhyt").await,
        None
    );
}
