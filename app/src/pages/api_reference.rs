//! `/api-reference`: the open API's reference, generated from its OpenAPI document: how to
//! sign in with a token, each operation with its parameters and answers, and each schema.
//! No script or font from elsewhere: the page is the site's own HTML.

use crate::api::api_reference::get_api_reference;
use crate::components::guard::load_error;
use crate::components::raw_text::PageTitle;
use crate::i18n::*;
use crate::model::api_reference::{ApiField, ApiOperation, ApiReference};
use leptos::prelude::*;

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = Resource::new(|| (), |_| get_api_reference());
    view! {
        <PageTitle text=t_string!(i18n, api_reference.title).to_string() />
        <h1>{t!(i18n, api_reference.title)}</h1>
        <p>{t!(i18n, api_reference.intro)}</p>
        <ul>
            <li><a href="/api/v1/openapi.json">{t!(i18n, api_reference.document)}</a></li>
            <li><a href="/account#tokens">{t!(i18n, api_reference.tokens)}</a></li>
        </ul>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match reference.await {
                    Ok(reference) => view! { <Reference reference /> }.into_any(),
                    Err(e) => load_error(e, "/api-reference"),
                }
            })}
        </Transition>
    }
}

/// An anchor for an operation (`get-api-v1-packages-id`).
fn anchor(op: &ApiOperation) -> String {
    format!("{}{}", op.method, op.path)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[component]
fn Reference(reference: ApiReference) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="api-about">
            <h2 id="api-about">{reference.title.clone()}" "{reference.version.clone()}</h2>
            <p class="wrap">{reference.description.clone()}</p>
        </section>
        <nav aria-labelledby="api-operations">
            <h2 id="api-operations">{t!(i18n, api_reference.operations)}</h2>
            <ul>
                {reference.operations.iter().map(|op| view! {
                    <li><a href=format!("#{}", anchor(op))><code>{op.method.clone()}" "{op.path.clone()}</code></a>" "{op.summary.clone()}</li>
                }).collect_view()}
            </ul>
        </nav>
        {reference.operations.into_iter().map(|op| view! { <Operation op /> }).collect_view()}
        <section aria-labelledby="api-schemas">
            <h2 id="api-schemas">{t!(i18n, api_reference.schemas)}</h2>
            {reference.schemas.into_iter().map(|schema| {
                let caption = schema.name.clone();
                view! {
                    <h3 id=format!("schema-{}", schema.name)>{schema.name.clone()}</h3>
                    {(!schema.description.is_empty()).then(|| view! { <p class="wrap">{schema.description.clone()}</p> })}
                    <Fields fields=schema.properties caption />
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Operation(op: ApiOperation) -> impl IntoView {
    let i18n = use_i18n();
    let id = anchor(&op);
    let labelled_by = id.clone();
    let caption = format!("{} {}", op.method, op.path);
    view! {
        <section aria-labelledby=labelled_by class="api-operation">
            <h3 id=id><code>{op.method.clone()}" "{op.path.clone()}</code></h3>
            {(!op.summary.is_empty()).then(|| view! { <p>{op.summary.clone()}</p> })}
            {(!op.description.is_empty()).then(|| view! { <p class="wrap">{op.description.clone()}</p> })}
            {(!op.parameters.is_empty()).then(|| view! {
                <h4>{t!(i18n, api_reference.parameters)}</h4>
                <Fields fields=op.parameters.clone() caption=caption.clone() />
            })}
            <h4>{t!(i18n, api_reference.responses)}</h4>
            <ul>
                {op.responses.into_iter().map(|r| view! {
                    <li>
                        <strong>{r.status.clone()}</strong>" "{r.description.clone()}
                        {r.schema.map(|s| view! { " – " <a href=format!("#schema-{s}")><code>{s.clone()}</code></a> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Fields(fields: Vec<ApiField>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="data-table compact">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, api_reference.name)}</th>
                    <th scope="col">{t!(i18n, api_reference.kind)}</th>
                    <th scope="col">{t!(i18n, api_reference.required)}</th>
                    <th scope="col">{t!(i18n, api_reference.description)}</th>
                </tr></thead>
                <tbody>
                    {fields.into_iter().map(|f| view! {
                        <tr>
                            <th scope="row"><code>{f.name.clone()}</code>{(!f.location.is_empty()).then(|| view! { <span class="muted">" ("{f.location.clone()}")"</span> })}</th>
                            <td><code>{f.kind.clone()}</code></td>
                            <td>{if f.required { t!(i18n, api_reference.yes).into_any() } else { t!(i18n, api_reference.no).into_any() }}</td>
                            <td class="wrap">{f.description.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
