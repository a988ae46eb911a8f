//! `/publication`: the national team compares the live key figures with the published ones
//! and publishes them; the public front page and the open key-figures JSON show only what
//! was published.

use crate::api::figures::{PublishFigures, get_publication};
use crate::components::guard::load_error;
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::publication::{FigureValue, PublicationStatus, waiting};
use crate::model::{Lang, Names, format};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

fn value(v: Option<FigureValue>, lang: Lang) -> String {
    match v {
        Some(FigureValue::Count(n)) => format::integer(n, lang),
        Some(FigureValue::Money(m)) => format::money_full(m, lang),
        None => "–".into(),
    }
}

/// The label of a figure of [`crate::model::publication::figure_rows`].
fn label(
    i18n: leptos_i18n::I18nContext<Locale>,
    key: &str,
    name: Option<Names>,
    lang: Signal<Lang>,
) -> AnyView {
    match key {
        "projects" => t!(i18n, publication.rows.projects).into_any(),
        "subprojects" => t!(i18n, publication.rows.subprojects).into_any(),
        "organisations" => t!(i18n, publication.rows.organisations).into_any(),
        "councils" => t!(i18n, publication.rows.councils).into_any(),
        "total_funding" => t!(i18n, publication.rows.total_funding).into_any(),
        "eu_state_funding" => t!(i18n, publication.rows.eu_state_funding).into_any(),
        "city_funding" => t!(i18n, publication.rows.city_funding).into_any(),
        "platforms_target" => t!(i18n, publication.rows.platforms_target).into_any(),
        "companies_target" => t!(i18n, publication.rows.companies_target).into_any(),
        "innovations_target" => t!(i18n, publication.rows.innovations_target).into_any(),
        "platforms_actual" => t!(i18n, publication.rows.platforms_actual).into_any(),
        "companies_actual" => t!(i18n, publication.rows.companies_actual).into_any(),
        "innovations_actual" => t!(i18n, publication.rows.innovations_actual).into_any(),
        _ => {
            let theme = name.unwrap_or_default();
            (move || {
                t_string!(
                    i18n,
                    publication.rows.theme,
                    theme = theme.get(lang.get()).to_string()
                )
                .to_string()
            })
            .into_any()
        }
    }
}

/// The publication page.
#[component]
pub fn PublicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = Resource::new(|| (), |_| get_publication());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, publication.title).to_string() />
        <h1>{t!(i18n, publication.title)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, publication.saved)}</p> })}
        <p class="lead">{t!(i18n, publication.intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(status) => view! { <StatusView status /> }.into_any(),
                    Err(e) => load_error(e, "/publication"),
                }
            })}
        </Transition>
    }
}

#[component]
fn StatusView(status: PublicationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let rows = waiting(status.published.as_ref(), &status.live);
    let last = status.history.first().cloned();
    let unchanged_but_edited = rows.is_empty() && status.changed_since && last.is_some();
    view! {
        <p data-testid="last-publication">
            {match last {
                Some(p) => {
                    let who = p.published_by.clone().unwrap_or_else(|| "–".into());
                    let at = p.published_at.clone();
                    view! { {t!(i18n, publication.last, date = move || view! { <crate::components::values::Instant at=at.clone() /> }, who = who.clone())} }.into_any()
                }
                None => t!(i18n, publication.never).into_any(),
            }}
        </p>
        <section aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{t!(i18n, publication.waiting)}</h2>
            {if rows.is_empty() {
                view! {
                    <p data-testid="nothing-waiting">{t!(i18n, publication.nothing_waiting)}</p>
                    {unchanged_but_edited.then(|| view! { <p>{t!(i18n, publication.data_changed)}</p> })}
                }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="waiting-caption">
                        <table class="data-table" data-testid="waiting">
                            <caption id="waiting-caption">{t!(i18n, publication.waiting_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, publication.figure)}</th>
                                <th scope="col" class="num">{t!(i18n, publication.published)}</th>
                                <th scope="col" class="num">{t!(i18n, publication.now)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr>
                                        <th scope="row">{label(i18n, &row.key, row.name, lang)}</th>
                                        <td class="num">{move || value(row.published, lang.get())}</td>
                                        <td class="num">{move || value(Some(row.live), lang.get())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <PublishForm seen=status.data_version />
        </section>
        {(!status.history.is_empty()).then(|| view! {
            <section aria-labelledby="history-heading">
                <h2 id="history-heading">{t!(i18n, publication.history)}</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="history-caption">
                    <table class="data-table" data-testid="publications">
                        <caption id="history-caption">{t!(i18n, publication.history_caption)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, publication.when)}</th>
                            <th scope="col">{t!(i18n, publication.who)}</th>
                            <th scope="col">{t!(i18n, publication.note)}</th>
                        </tr></thead>
                        <tbody>
                            {status.history.iter().map(|p| view! {
                                <tr>
                                    <td><crate::components::values::Instant at=p.published_at.clone() /></td>
                                    <td>{p.published_by.clone().unwrap_or_default()}</td>
                                    <td class="wrap">{p.note.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
}

#[component]
fn PublishForm(seen: i64) -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<PublishFigures>::new();
    let error = Signal::derive(move || publish.value().get().and_then(Result::err));
    view! {
        <KeptInput endpoint=PublishFigures::PATH>
        <ActionForm action=publish attr:class="form">
            <FormError error />
            <input type="hidden" name="form[seen]" value=seen />
            <TextField name="form[note]" id="note" multiline=true errors=errors_of(publish.value(), "note")>{t!(i18n, publication.note)}</TextField>
            <button type="submit" class="primary">{t!(i18n, publication.publish)}</button>
        </ActionForm>
        </KeptInput>
    }
}
