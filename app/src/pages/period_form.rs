//! `/reporting/periods/:id`: the national team corrects an open period opened with a
//! mistake (its code or dates, a due date moved) or deletes it while it has no reports.

use crate::api::reporting::{CorrectPeriod, DeletePeriod, get_period};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::reporting::Period;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The correction page of a period.
#[component]
pub fn PeriodFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("period");
    let period = Resource::new(move || id().unwrap_or(0), get_period);
    view! {
        <PageTitle text=t_string!(i18n, reporting.correct_period).to_string() />
        <p><a href="/reporting">{t!(i18n, reporting.back)}</a></p>
        <h1>{t!(i18n, reporting.correct_period)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let here = format!("/reporting/periods/{}", id().unwrap_or(0));
                match period.await {
                    Ok((period, _)) if !period.open => load_error(AppError::Forbidden, &here),
                    Ok((period, has_reports)) => view! {
                        <CorrectForm period=period.clone() />
                        <DeleteForm period has_reports />
                    }
                    .into_any(),
                    Err(e) => load_error(e, &here),
                }
            })}
        </Transition>
    }
}

#[component]
fn CorrectForm(period: Period) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<CorrectPeriod>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    view! {
        <KeptInput endpoint=CorrectPeriod::PATH>
        <ActionForm action=save attr:class="form">
            <FormError error />
            <FieldAlert errors=errors("status") />
            <input type="hidden" name="form[id]" value=period.id />
            <input type="hidden" name="form[version]" value=period.version />
            <TextField name="form[input][code]" id="code" required=true value=period.code.clone() errors=errors("code")>{t!(i18n, reporting.period_code)}</TextField>
            <TextField name="form[input][starts_on]" id="starts_on" required=true value=period.starts_on.clone() errors=errors("starts_on")>{t!(i18n, reporting.starts)}</TextField>
            <TextField name="form[input][ends_on]" id="ends_on" required=true value=period.ends_on.clone() errors=errors("ends_on")>{t!(i18n, reporting.ends)}</TextField>
            <TextField name="form[input][due_on]" id="due_on" required=true value=period.due_on.clone() errors=errors("due_on")>{t!(i18n, reporting.due)}</TextField>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}

#[component]
fn DeleteForm(period: Period, has_reports: bool) -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeletePeriod>::new();
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    view! {
        <section aria-labelledby="delete-period-heading" class="danger-zone">
            <h2 id="delete-period-heading">{t!(i18n, reporting.delete_period)}</h2>
            {if has_reports {
                view! { <p>{t!(i18n, errors.period_has_reports)}</p> }.into_any()
            } else {
                view! {
                    <p id="delete-period-hint">{t!(i18n, reporting.delete_period_hint)}</p>
                    <ActionForm action=delete>
                        <FormError error />
                        <FieldAlert errors=errors_of(delete.value(), "status") />
                        <input type="hidden" name="form[id]" value=period.id />
                        <input type="hidden" name="form[version]" value=period.version />
                        <button type="submit" class="secondary" aria-describedby="delete-period-hint">
                            {t!(i18n, reporting.delete_period)}
                        </button>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}
