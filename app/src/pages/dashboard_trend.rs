//! The dashboard's trend over periods: national approved figures at the end of each closed
//! period (frozen) and now, as a chart and a table, and two of them compared side by side
//! (`?from=…&to=…`, a plain GET form).

use crate::components::table_downloads::TableDownloads;
use crate::components::trend_chart::TrendChart;
use crate::components::use_lang;
use crate::components::values::money;
use crate::components::values::quantity;
use crate::i18n::*;
use crate::model::Names;
use crate::model::dashboard::TrendPoint;
use crate::model::format;
use crate::model::reporting::Quantity;
use crate::model::{Lang, Money};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The key of a trend point in the address: its period's code, or `now`.
fn key(p: &TrendPoint) -> String {
    if p.period.is_empty() {
        "now".into()
    } else {
        p.period.clone()
    }
}

/// A change with its sign: `+1 234,00 €`, `-2`, `±0`.
fn signed(delta: i64, abs: impl Fn(i64) -> String) -> String {
    match delta.signum() {
        1 => format!("+{}", abs(delta)),
        -1 => format!("-{}", abs(delta.saturating_neg())),
        _ => "±0".into(),
    }
}

/// One row of the comparison: a label, both values and the change, formatted.
struct Compared {
    label: AnyView,
    from: String,
    to: String,
    change: String,
}

/// An indicator's label: its name in the reader's language with its code, or the code alone
/// for an indicator no longer in the catalogue.
fn indicator_label(names: &[(String, Names)], code: &str, lang: Lang) -> AnyView {
    match names.iter().find(|(c, _)| c == code) {
        Some((_, name)) => {
            let name = name.get(lang).to_string();
            view! { {name}" "<span class="muted">{code.to_string()}</span> }.into_any()
        }
        None => code.to_string().into_any(),
    }
}

fn compare_rows(
    i18n: leptos_i18n::I18nContext<Locale>,
    a: &TrendPoint,
    b: &TrendPoint,
    names: &[(String, Names)],
    lang: Lang,
) -> Vec<Compared> {
    let count = |label: AnyView, x: i64, y: i64| Compared {
        label,
        from: format::integer(x, lang),
        to: format::integer(y, lang),
        change: signed(y.saturating_sub(x), |n| format::integer(n, lang)),
    };
    let euros = |label: AnyView, x: Money, y: Money| Compared {
        label,
        from: format::money_full(x, lang),
        to: format::money_full(y, lang),
        change: signed(y.cents().saturating_sub(x.cents()), |c| {
            format::money_full(Money::from_cents(c), lang)
        }),
    };
    let mut rows = vec![
        count(t!(i18n, home.projects).into_any(), a.projects, b.projects),
        count(
            t!(i18n, home.subprojects).into_any(),
            a.subprojects,
            b.subprojects,
        ),
        count(
            t!(i18n, home.organisations).into_any(),
            a.organisations,
            b.organisations,
        ),
        euros(t!(i18n, dashboard.planned).into_any(), a.planned, b.planned),
        euros(
            t!(i18n, home.eu_state_funding).into_any(),
            a.eu_state,
            b.eu_state,
        ),
        euros(t!(i18n, home.city_funding).into_any(), a.city, b.city),
        euros(
            t!(i18n, dashboard.realised).into_any(),
            a.realised,
            b.realised,
        ),
    ];
    for actual in b.actuals.iter() {
        let (code, y) = (&actual.code, actual.actual);
        let x = a.actuals.get(code).unwrap_or(Quantity(0));
        rows.push(Compared {
            label: indicator_label(names, code, lang),
            from: quantity(x, lang),
            to: quantity(y, lang),
            change: signed(y.0.saturating_sub(x.0), |n| quantity(Quantity(n), lang)),
        });
    }
    rows
}

/// The trend: chart, table with its CSV, and the comparison of two points.
#[component]
pub fn Trend(
    points: Vec<TrendPoint>,
    /// The page's filter, for the table's downloads.
    query: String,
    /// Indicator codes with their names.
    names: Vec<(String, Names)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let codes: Vec<String> = points
        .first()
        .map(|p| p.actuals.codes())
        .unwrap_or_default();
    (!points.is_empty()).then(|| {
        let head_codes = codes.clone();
        let compare_names = names.clone();
        let chart = points.clone();
        let compared = points.clone();
        view! {
            <section aria-labelledby="dash-trend">
                <h2 id="dash-trend">{t!(i18n, dashboard.trend)}</h2>
                <TrendChart points=chart />
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="trend-caption">
                    <table class="data-table" data-testid="trend">
                        <caption id="trend-caption">{t!(i18n, dashboard.trend_caption)}" "<TableDownloads path="/dashboard/trend" query=query.clone() /></caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, dashboard.at_end_of)}</th>
                            <th scope="col" class="num">{t!(i18n, dashboard.planned)}</th>
                            <th scope="col" class="num">{t!(i18n, dashboard.realised)}</th>
                            {head_codes.into_iter().map(|c| {
                                let names = names.clone();
                                view! { <th scope="col" class="num">{move || indicator_label(&names, &c, lang.get())}</th> }
                            }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {points.into_iter().map(|p| {
                                let codes = codes.clone();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {if p.period.is_empty() {
                                                t!(i18n, dashboard.now).into_any()
                                            } else {
                                                let code = p.period.clone();
                                                view! { <a href=format!("/dashboard?snapshot={}", crate::model::projects::encode(&code))>{code.clone()}</a> }.into_any()
                                            }}
                                        </th>
                                        <td class="num">{money(p.planned, lang)}</td>
                                        <td class="num">{money(p.realised, lang)}</td>
                                        {codes.into_iter().map(|c| {
                                            let q = p.actuals.get(&c);
                                            view! { <td class="num">{move || q.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</td> }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            {(compared.len() > 1).then(|| view! { <Compare points=compared names=compare_names /> })}
        }
    })
}

/// Two points of the trend side by side with the change between them: by default the last
/// two, or those the address names.
#[component]
fn Compare(points: Vec<TrendPoint>, names: Vec<(String, Names)>) -> impl IntoView {
    let query = use_query_map();
    move || {
        let chosen = |name: &str, fallback: usize| {
            let wanted = query.read().get(name);
            wanted
                .and_then(|w| points.iter().find(|p| key(p) == w))
                .or_else(|| points.get(fallback))
                .cloned()
        };
        let last = points.len() - 1;
        let (from, to) = (chosen("from", last - 1), chosen("to", last));
        view! { <CompareView points=points.clone() from to names=names.clone() /> }
    }
}

#[component]
fn CompareView(
    points: Vec<TrendPoint>,
    from: Option<TrendPoint>,
    to: Option<TrendPoint>,
    names: Vec<(String, Names)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let options = |selected: Option<&TrendPoint>| {
        let chosen = selected.map(key);
        points
            .iter()
            .map(|p| {
                let k = key(p);
                let is = chosen.as_deref() == Some(k.as_str());
                let label = if p.period.is_empty() {
                    t!(i18n, dashboard.now).into_any()
                } else {
                    p.period.clone().into_any()
                };
                view! { <option value=k selected=is>{label}</option> }
            })
            .collect_view()
    };
    let (from_options, to_options) = (options(from.as_ref()), options(to.as_ref()));
    view! {
        <section aria-labelledby="dash-compare">
            <h2 id="dash-compare">{t!(i18n, dashboard.compare)}</h2>
            <form method="get" action="/dashboard" class="filters no-print">
                <fieldset>
                    <legend>{t!(i18n, dashboard.compare_choose)}</legend>
                    <div class="field">
                        <label for="compare-from">{t!(i18n, dashboard.compare_from)}</label>
                        <select id="compare-from" name="from">{from_options}</select>
                    </div>
                    <div class="field">
                        <label for="compare-to">{t!(i18n, dashboard.compare_to)}</label>
                        <select id="compare-to" name="to">{to_options}</select>
                    </div>
                    <button type="submit" class="primary">{t!(i18n, dashboard.compare_button)}</button>
                </fieldset>
            </form>
            {from.zip(to).map(|(a, b)| {
                let label = move |k: String| if k == "now" { t!(i18n, dashboard.now).into_any() } else { k.into_any() };
                let (a_label, b_label) = (label(key(&a)), label(key(&b)));
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-caption">
                        <table class="data-table" data-testid="compare">
                            <caption id="compare-caption">{t!(i18n, dashboard.compare_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, dashboard.figure)}</th>
                                <th scope="col" class="num">{a_label}</th>
                                <th scope="col" class="num">{b_label}</th>
                                <th scope="col" class="num">{t!(i18n, dashboard.change)}</th>
                            </tr></thead>
                            <tbody>
                                {move || compare_rows(i18n, &a, &b, &names, lang.get()).into_iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.label}</th>
                                        <td class="num">{r.from}</td>
                                        <td class="num">{r.to}</td>
                                        <td class="num">{r.change}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
}
