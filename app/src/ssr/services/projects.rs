//! The project list: filtering, scoping to what the principal may read, paging and totals.

use super::lookup;
use crate::error::AppError;
use crate::model::projects::{PAGE_SIZE, ProjectFilter, ProjectPage, ProjectRow, ProjectStatus};
use crate::model::{Money, Names};
use crate::ssr::access::Scope;
use crate::ssr::sql::{fetch_all, stmt};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

#[derive(FromQueryResult)]
struct Row {
    id: i32,
    code: String,
    name_fi: String,
    name_sv: Option<String>,
    name_en: Option<String>,
    region_fi: String,
    region_sv: String,
    region_en: String,
    theme_fi: String,
    theme_sv: String,
    theme_en: String,
    status: String,
    subprojects: i64,
    planned_cents: Option<i64>,
}

#[derive(FromQueryResult)]
struct Totals {
    projects: i64,
    cents: Option<i64>,
}

/// `WHERE` clause and its values for a filter within a scope.
fn conditions(scope: &Scope, filter: &ProjectFilter) -> (String, Vec<Value>) {
    // Every caller's filter is cleaned here, whoever built it: a NUL or other control
    // character reaches no query (PostgreSQL refuses NUL in text outright).
    let filter = &filter.sanitized();
    let mut clauses = vec!["1 = 1".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if let Scope::Regions(ids) = scope {
        if ids.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            // A package is visible to a region's coordinator when it is the region's own or
            // when one of its subprojects is carried out in the region (national lead
            // projects).
            let marks = vec!["?"; ids.len()].join(", ");
            clauses.push(format!(
                "(p.region_id IN ({marks}) OR p.id IN (SELECT sx.project_id FROM subproject sx \
                 WHERE sx.region_id IN ({marks})))"
            ));
            values.extend(ids.iter().map(|id| Value::from(*id)));
            values.extend(ids.iter().map(|id| Value::from(*id)));
        }
    }
    if let Some(region) = &filter.region {
        clauses.push("p.region_id = (SELECT id FROM city_region WHERE code = ?)".into());
        values.push(region.clone().into());
    }
    if let Some(theme) = &filter.theme {
        clauses.push("p.theme_id = (SELECT id FROM theme WHERE code = ?)".into());
        values.push(theme.clone().into());
    }
    if let Some(status) = filter.status {
        clauses.push("p.status = ?".into());
        values.push(status.code().into());
    }
    if let Some(action) = &filter.action {
        clauses.push(
            "p.id IN (SELECT pa.project_id FROM project_action pa \
             JOIN action a ON a.id = pa.action_id WHERE a.code = ?)"
                .into(),
        );
        values.push(action.clone().into());
    }
    if let Some(council) = &filter.council {
        clauses.push("p.council_id = (SELECT id FROM regional_council WHERE code = ?)".into());
        values.push(council.clone().into());
    }
    if let Some(organisation) = &filter.organisation {
        let bid = crate::model::BusinessId::parse(organisation)
            .map(|b| b.to_string())
            .unwrap_or_else(|_| organisation.trim().to_string());
        clauses.push(
            "(p.lead_organisation_id IN (SELECT id FROM organisation WHERE business_id = ?) \
             OR p.id IN (SELECT so.project_id FROM subproject so \
             JOIN organisation o ON o.id = so.organisation_id WHERE o.business_id = ?))"
                .into(),
        );
        values.push(bid.clone().into());
        values.push(bid.into());
    }
    let day = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| crate::model::dates::parse(t).ok())
    };
    if let Some(from) = day(&filter.from) {
        clauses.push("p.ends_on >= ?".into());
        values.push(from.into());
    }
    if let Some(to) = day(&filter.to) {
        clauses.push("p.starts_on <= ?".into());
        values.push(to.into());
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // Wildcards in the words are taken literally by dropping them.
        // The separator is dropped from the words too, so a match never spans two fields.
        let pattern = format!("%{}%", q.to_lowercase().replace(['%', '_', '\\', '|'], ""));
        // One lower-casing and one LIKE per row over the code and the three names: four of
        // each made a search over 100 000 packages take 137 ms on PostgreSQL.
        clauses.push(
            "LOWER(p.code || '|' || p.name_fi || '|' || COALESCE(p.name_sv, '') || '|' \
             || COALESCE(p.name_en, '')) LIKE ?"
                .into(),
        );
        values.push(pattern.into());
    }
    (clauses.join(" AND "), values)
}

/// The ids of the packages `scope` sees that `filter` selects, after id `after` in id
/// order, at most `limit`: a page of the open API's list, which never skips nor repeats a
/// package however the data changes between pages.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn package_ids_after(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &ProjectFilter,
    after: i32,
    limit: u32,
) -> Result<Vec<i32>, AppError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i32,
    }
    let (where_sql, mut values) = conditions(scope, filter);
    values.push(after.into());
    values.push(i64::from(limit).into());
    let sql =
        format!("SELECT p.id FROM project p WHERE {where_sql} AND p.id > ? ORDER BY p.id LIMIT ?");
    Ok(fetch_all::<Id>(db, &sql, values)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect())
}

/// The `ORDER BY` of a sort key; unknown keys sort by code. Always ends with the code, so
/// pages never overlap. Regions and themes sort in the programme's order (as the filters list
/// them), written out as a `CASE` over their few ids: a sub-query per row made PostgreSQL
/// take 170 ms over 100 000 packages.
async fn order_by(db: &impl ConnectionTrait, filter: &ProjectFilter) -> Result<String, AppError> {
    #[derive(FromQueryResult)]
    struct Rank {
        id: i32,
        sort_order: i32,
    }
    let ranked = |table: &'static str, column: &'static str| async move {
        let ranks: Vec<Rank> =
            fetch_all(db, &format!("SELECT id, sort_order FROM {table}"), vec![]).await?;
        let arms: String = ranks
            .iter()
            .map(|r| format!(" WHEN {} THEN {}", r.id, r.sort_order))
            .collect();
        Ok::<_, AppError>(format!("(CASE {column}{arms} ELSE 0 END)"))
    };
    let column = match filter.sort.as_deref() {
        Some("name") => "p.name_fi".to_string(),
        Some("region") => ranked("city_region", "p.region_id").await?,
        Some("theme") => ranked("theme", "p.theme_id").await?,
        Some("status") => "p.status".into(),
        Some("subprojects") => "p.subproject_count".into(),
        Some("funding") => "p.planned_cents".into(),
        Some("starts") => "p.starts_on".into(),
        _ => "p.code".into(),
    };
    let dir = if filter.desc { "DESC" } else { "ASC" };
    Ok(if column == "p.code" {
        format!("p.code {dir}")
    } else {
        format!("{column} {dir}, p.code ASC")
    })
}

/// Every package `scope` may read that matches `filter`, in the list's order: the whole
/// filtered set, not a page (what a download of the list holds).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn all_projects(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &ProjectFilter,
) -> Result<Vec<ProjectRow>, AppError> {
    let filter = &filter.sanitized();
    let (where_sql, values) = conditions(scope, filter);
    let order = order_by(db, filter).await?;
    let sql = rows_sql(&where_sql, &order, "");
    let rows = fetch_all::<Row>(db, &sql, values).await?;
    Ok(rows.into_iter().map(Row::into_project).collect())
}

/// The list's rows of the packages matching `where_sql`, in `order`, `limit` applied to the
/// packages before they are joined to their names.
fn rows_sql(where_sql: &str, order: &str, limit: &str) -> String {
    format!(
        "SELECT p.id, p.code, p.name_fi, p.name_sv, p.name_en, \
           r.name_fi AS region_fi, r.name_sv AS region_sv, r.name_en AS region_en, \
           th.name_fi AS theme_fi, th.name_sv AS theme_sv, th.name_en AS theme_en, p.status, \
           CAST(p.subproject_count AS BIGINT) AS subprojects, p.planned_cents AS planned_cents \
         FROM (SELECT * FROM project p WHERE {where_sql} ORDER BY {order} {limit}) p \
         {PAGE_FROM} ORDER BY {order}"
    )
}

impl Row {
    fn into_project(self) -> ProjectRow {
        ProjectRow {
            id: self.id,
            code: self.code,
            name: Names {
                fi: self.name_fi,
                sv: self.name_sv,
                en: self.name_en,
            },
            region: Names {
                fi: self.region_fi,
                sv: Some(self.region_sv),
                en: Some(self.region_en),
            },
            theme: Names {
                fi: self.theme_fi,
                sv: Some(self.theme_sv),
                en: Some(self.theme_en),
            },
            status: ProjectStatus::from_code(&self.status).unwrap_or(ProjectStatus::Planned),
            subprojects: self.subprojects,
            planned_funding: Money::from_cents(self.planned_cents.unwrap_or(0)),
        }
    }
}

/// The page's packages are picked from `project` alone (an index walk on `code`); only those
/// 25 rows are joined to their names.
const PAGE_FROM: &str =
    "JOIN city_region r ON r.id = p.region_id JOIN theme th ON th.id = p.theme_id";

const REFRESH_TOTALS: &str = "UPDATE project SET \
    subproject_count = (SELECT COUNT(*) FROM subproject s WHERE s.project_id = project.id), \
    planned_cents = COALESCE((SELECT SUM(fl.amount_cents) FROM funding_line fl \
      JOIN subproject s ON s.id = fl.subproject_id \
      WHERE s.project_id = project.id AND fl.kind = ?), 0)";

/// Recomputes the kept totals of the packages `ids`, a few hundred in each statement (an
/// import that touched many).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn refresh_totals_of(db: &impl ConnectionTrait, ids: &[i32]) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let planned: sea_orm::Value = entity::status::FundingKind::Planned.code().into();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let values = std::iter::once(planned.clone())
            .chain(chunk.iter().map(|id| (*id).into()))
            .collect();
        db.execute_raw(stmt(
            backend,
            &format!("{REFRESH_TOTALS} WHERE id IN ({marks})"),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Recomputes the kept totals (subproject count, planned cents) of one package, or of all
/// when `project_id` is `None`. Call it in the transaction of every subproject or funding
/// write.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn refresh_project_totals(
    db: &impl ConnectionTrait,
    project_id: Option<i32>,
) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let planned: sea_orm::Value = entity::status::FundingKind::Planned.code().into();
    match project_id {
        Some(id) => {
            db.execute_raw(stmt(
                backend,
                &format!("{REFRESH_TOTALS} WHERE id = ?"),
                vec![planned.clone(), id.into()],
            ))
            .await?
        }
        None => {
            db.execute_raw(stmt(backend, REFRESH_TOTALS, vec![planned]))
                .await?
        }
    };
    Ok(())
}

/// One page of the projects `scope` may read that match `filter`, sorted by code, with the
/// count and planned funding of the whole filtered set.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn list_projects(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &ProjectFilter,
) -> Result<ProjectPage, AppError> {
    let filter = &filter.sanitized();
    let (where_sql, values) = conditions(scope, filter);
    let totals_sql = format!(
        "SELECT COUNT(*) AS projects, CAST(SUM(p.planned_cents) AS BIGINT) AS cents FROM project p WHERE {where_sql}"
    );
    let order = order_by(db, filter).await?;
    let rows_sql = rows_sql(&where_sql, &order, "LIMIT ? OFFSET ?");
    let page_rows = |page: u32| {
        let mut row_values = values.clone();
        row_values.push(i64::from(PAGE_SIZE).into());
        row_values.push((i64::from(page.saturating_sub(1)) * i64::from(PAGE_SIZE)).into());
        let sql = rows_sql.clone();
        async move { fetch_all::<Row>(db, &sql, row_values).await }
    };
    // The totals and the asked page at once (each may scan the filtered set); the page is
    // fetched again only when it lies past the last one.
    let requested = filter.page.max(1);
    let (totals, rows) = tokio::join!(
        fetch_all::<Totals>(db, &totals_sql, values.clone()),
        page_rows(requested)
    );
    let (total_projects, total_cents) = totals?
        .first()
        .map(|t| (t.projects, t.cents.unwrap_or(0)))
        .unwrap_or((0, 0));

    let page_count =
        u32::try_from((total_projects + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE))
            .unwrap_or(u32::MAX)
            .max(1);
    let page = requested.min(page_count);
    let rows = if page == requested {
        rows?
    } else {
        page_rows(page).await?
    };

    Ok(ProjectPage {
        rows: rows.into_iter().map(Row::into_project).collect(),
        total_projects,
        total_funding: Money::from_cents(total_cents),
        page,
        page_count,
        regions: lookup::choices::<entity::city_region::Entity>(db).await?,
        themes: lookup::choices::<entity::theme::Entity>(db).await?,
        actions: lookup::choices::<entity::action::Entity>(db).await?,
        councils: lookup::choices::<entity::regional_council::Entity>(db).await?,
        can_create: false,
    })
}
