//! `/admin/audit`: the audit log, filtered by user and days; a GET form, so every view has an
//! address and works without JavaScript.

use crate::api::admin::list_audit;
use crate::components::guard::load_error;
use crate::components::raw_text::PageTitle;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::TextField;
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::account::{AuditFilter, AuditPage};
use crate::model::format;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn page_href(filter: &AuditFilter, page: u32) -> String {
    let mut parts = filter_parts(filter);
    parts.push(format!("page={page}"));
    format!("/admin/audit?{}", parts.join("&"))
}

/// The filter's fields as they stand in an address.
fn filter_parts(filter: &AuditFilter) -> Vec<String> {
    filter
        .query_pairs()
        .into_iter()
        .map(|(key, value)| format!("{key}={}", crate::model::projects::encode(value)))
        .collect()
}

/// The audit view.
#[component]
pub fn AuditPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        AuditFilter::from_query(|key| q.get(key))
    });
    let page = Resource::new(move || filter.get(), list_audit);
    view! {
        <PageTitle text=t_string!(i18n, admin.audit_title).to_string() />
        <h1>{t!(i18n, admin.audit_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let current = filter.get_untracked();
                match page.await {
                    Ok(data) => view! { <AuditFilterForm filter=current.clone() errors=None /> <AuditTable data filter=current /> }.into_any(),
                    Err(crate::error::AppError::Validation(fields)) => {
                        let error = crate::error::AppError::Validation(fields);
                        view! { <AuditFilterForm filter=current errors=Some(error) /> }.into_any()
                    }
                    Err(e) => load_error(e, "/admin/audit"),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditFilterForm(filter: AuditFilter, errors: Option<crate::error::AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let messages = |field: &'static str| {
        errors
            .as_ref()
            .map(|e| e.field_messages(field).to_vec())
            .unwrap_or_default()
    };
    let (from_errors, to_errors) = (messages("from"), messages("to"));
    view! {
        <form class="filters" method="get" action="/admin/audit">
            <fieldset>
                <legend>{t!(i18n, admin.audit_filters)}</legend>
                <TextField name="user" input_type="email" value=filter.user.unwrap_or_default()>
                    {t!(i18n, admin.audit_user)}
                </TextField>
                <TextField name="from" value=filter.from.unwrap_or_default() errors=Signal::derive(move || from_errors.clone())>
                    {t!(i18n, admin.from)}
                </TextField>
                <TextField name="to" value=filter.to.unwrap_or_default() errors=Signal::derive(move || to_errors.clone())>
                    {t!(i18n, admin.to)}
                </TextField>
                <TextField name="entity" value=filter.entity.unwrap_or_default()>
                    {t!(i18n, admin.audit_entity)}
                </TextField>
                <TextField name="entity_id" value=filter.entity_id.unwrap_or_default()>
                    {t!(i18n, admin.audit_entity_id)}
                </TextField>
                <button type="submit" class="primary">{t!(i18n, admin.show)}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn AuditTable(data: AuditPage, filter: AuditFilter) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let total = data.total;
    let (page, page_count) = (data.page, data.page_count);
    let prev = (page > 1).then(|| page_href(&filter, page - 1));
    let next = (page < page_count).then(|| page_href(&filter, page + 1));
    view! {
        <p class="summary" role="status">
            {if total == 1 {
                t!(i18n, admin.audit_summary_one).into_any()
            } else {
                t!(i18n, admin.audit_summary, count = move || format::integer(total, lang.get())).into_any()
            }}
        </p>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-caption">
            <table class="data-table">
                <caption id="audit-caption">{t!(i18n, admin.audit_caption)}" "<TableDownloads path="/admin/audit" query=filter_parts(&filter).join("&") /></caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, admin.time)}</th>
                        <th scope="col">{t!(i18n, admin.user)}</th>
                        <th scope="col">{t!(i18n, admin.action)}</th>
                        <th scope="col">{t!(i18n, admin.record)}</th>
                        <th scope="col">{t!(i18n, admin.details)}</th>
                        <th scope="col">{t!(i18n, admin.reason)}</th>
                        <th scope="col">{t!(i18n, admin.address)}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.at.chars().take(19).collect::<String>().replace('T', " ")}</td>
                            <td>{row.user.unwrap_or_else(|| "–".to_string())}</td>
                            <td><code>{row.action}</code></td>
                            <td>{format!("{} {}", row.entity, row.entity_id.unwrap_or_default())}</td>
                            <td class="wrap"><code>{row.changes}</code></td>
                            <td>{row.reason.unwrap_or_default()}</td>
                            <td>{row.client_addr.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pagination" aria-label=move || t_string!(i18n, projects.pagination).to_string()>
            {prev.map(|href| view! { <a href=href rel="prev">{t!(i18n, projects.previous)}</a> })}
            <span>
                {t!(i18n, projects.page,
                    page = move || format::integer(i64::from(page), lang.get()),
                    count = move || format::integer(i64::from(page_count), lang.get()))}
            </span>
            {next.map(|href| view! { <a href=href rel="next">{t!(i18n, projects.next)}</a> })}
        </nav>
    }
}
