//! `/accessibility`: the accessibility statement the Act on the Provision of Digital
//! Services (306/2019) requires, in the reader's language – the conformance level, the
//! known gaps, when the service was last assessed, a feedback form that reaches the
//! national team, and the supervisory authority – and `/feedback`, where the national team
//! reads the feedback and marks it answered.

use crate::api::feedback::{AnswerFeedback, SendFeedback, list_feedback};
use crate::components::guard::load_error;
use crate::components::kept_input::{KeptInput, refused_elsewhere};
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::components::values::Instant;
use crate::components::values::date;
use crate::i18n::*;
use crate::model::feedback::FeedbackRow;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The day the service's accessibility was last assessed, and the statement written.
pub const ASSESSED_ON: &str = "2026-12-03";

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let send = ServerAction::<SendFeedback>::new();
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(send.value(), field);
    view! {
        <PageTitle text=t_string!(i18n, accessibility.title).to_string() />
        <h1>{t!(i18n, accessibility.title)}</h1>
        <p class="lead">{t!(i18n, accessibility.intro)}</p>
        <section aria-labelledby="a11y-state">
            <h2 id="a11y-state">{t!(i18n, accessibility.state_heading)}</h2>
            <p>{t!(i18n, accessibility.state)}</p>
        </section>
        <section aria-labelledby="a11y-gaps">
            <h2 id="a11y-gaps">{t!(i18n, accessibility.gaps_heading)}</h2>
            <ul>
                <li>{t!(i18n, accessibility.gap_timeout)}</li>
                <li>{t!(i18n, accessibility.gap_map)}</li>
                <li>{t!(i18n, accessibility.gap_print)}</li>
                <li>{t!(i18n, accessibility.gap_languages)}</li>
            </ul>
        </section>
        <section aria-labelledby="a11y-assessed">
            <h2 id="a11y-assessed">{t!(i18n, accessibility.assessed_heading)}</h2>
            <p>{t!(i18n, accessibility.assessed, date = move || date(ASSESSED_ON, lang))}</p>
        </section>
        <section aria-labelledby="feedback-heading" id="feedback">
            <h2 id="feedback-heading">{t!(i18n, accessibility.feedback_heading)}</h2>
            <p>{t!(i18n, accessibility.feedback_intro)}</p>
            {move || sent().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, accessibility.sent)}</p> })}
            <KeptInput endpoint=SendFeedback::PATH>
            <ActionForm action=send attr:class="form">
                <FormError error />
                <TextField name="form[message]" id="message" required=true multiline=true errors=errors("message")>{t!(i18n, accessibility.message)}</TextField>
                <TextField name="form[page]" id="page" errors=errors("page")>{t!(i18n, accessibility.page)}</TextField>
                <TextField name="form[name]" id="name" autocomplete="name" errors=errors("name")>{t!(i18n, accessibility.name)}</TextField>
                <TextField name="form[email]" id="email" input_type="email" autocomplete="email" errors=errors("email")
                    hint=Box::new(move || t!(i18n, accessibility.email_hint).into_any())>
                    {t!(i18n, accessibility.email)}
                </TextField>
                <button type="submit" class="primary">{t!(i18n, accessibility.send)}</button>
            </ActionForm>
            </KeptInput>
        </section>
        <section aria-labelledby="a11y-authority">
            <h2 id="a11y-authority">{t!(i18n, accessibility.authority_heading)}</h2>
            <p>{t!(i18n, accessibility.authority)}</p>
            <p>
                {t!(i18n, accessibility.authority_contact)}<br />
                <a href="https://www.saavutettavuusvaatimukset.fi" rel="external">"www.saavutettavuusvaatimukset.fi"</a><br />
                <a href="mailto:saavutettavuus@avi.fi" rel="external">"saavutettavuus@avi.fi"</a><br />
                {t!(i18n, accessibility.authority_phone)}
            </p>
        </section>
    }
}

/// The national team's list of feedback.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let rows = Resource::new(|| (), |_| list_feedback());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, accessibility.feedback_list).to_string() />
        <h1>{t!(i18n, accessibility.feedback_list)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
        <p class="lead">{t!(i18n, accessibility.feedback_list_intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, accessibility.no_feedback)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ol class="history" data-testid="feedback">
                            {rows.into_iter().map(|row| view! { <FeedbackItem row /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => load_error(e, "/feedback"),
                }
            })}
        </Transition>
    }
}

#[component]
fn FeedbackItem(row: FeedbackRow) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let answer = ServerAction::<AnswerFeedback>::new();
    let row_id = row.id.to_string();
    let elsewhere = refused_elsewhere(AnswerFeedback::PATH, ("form[id]", &row_id));
    let outcome = Signal::derive(move || answer.value().get().filter(|_| !elsewhere));
    let error = Signal::derive(move || outcome.get().and_then(Result::err));
    let note_id = format!("note-{}", row.id);
    let (received, received_again) = (row.received_at.clone(), row.received_at.clone());
    view! {
        <li class=if row.overdue { "overdue" } else { "" }>
            <p class="history-head">
                <strong><Instant at=row.received_at.clone() /></strong>
                {row.name.clone().map(|n| view! { " · "{n} })}
                {row.email.clone().map(|e| view! { " · "<a href=format!("mailto:{}", crate::model::projects::encode(&e)) rel="external">{e.clone()}</a> })}
                " · "{row.lang.clone()}
            </p>
            {row.page.clone().map(|p| view! { <p class="muted">{t!(i18n, accessibility.page)}": "<span class="wrap">{p}</span></p> })}
            <p class="wrap">{row.message.clone()}</p>
            {match row.answered_at.clone() {
                Some(at) => view! {
                    <p class="muted">
                        {t!(i18n, accessibility.answered)}" "<Instant at />
                        {row.answered_by.clone().map(|w| view! { " · "{w} })}
                        {row.answer_note.clone().map(|n| view! { " – "<span class="wrap">{n}</span> })}
                    </p>
                }.into_any(),
                None => view! {
                    <p>
                        {t!(i18n, accessibility.answer_by)}" "{date(&row.answer_by, lang)}
                        {row.overdue.then(|| view! { " · "<span class="badge-overdue">{t!(i18n, reporting.overdue)}</span> })}
                    </p>
                    <KeptInput endpoint=AnswerFeedback::PATH key=("form[id]", row_id)>
                    <ActionForm action=answer attr:class="form">
                        <FormError error />
                        <input type="hidden" name="form[id]" value=row.id />
                        <input type="hidden" name="form[version]" value=row.version />
                        <TextField name="form[note]" id=note_id.clone() required=true multiline=true errors=errors_of(outcome, "note")>
                            {t!(i18n, accessibility.answer_note)}" ("<Instant at=received.clone() />")"
                        </TextField>
                        <button type="submit" class="secondary">
                            {t!(i18n, accessibility.mark_answered)}
                            <span class="visually-hidden">" ("<Instant at=received_again.clone() />")"</span>
                        </button>
                    </ActionForm>
                    </KeptInput>
                }.into_any(),
            }}
        </li>
    }
}
