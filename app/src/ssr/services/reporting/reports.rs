//! A subproject's report for a period: the page, and saving it as a draft or submitting it.
//! A save lands only on a draft or returned report of an open period, from the version the
//! form showed, in one transaction with its field-level audit record.

use super::indicators::all as all_indicators;
use super::{period_of, region_names, status_of, sub_names};
use crate::error::{AppError, FieldErrors};
use crate::model::auth::Role;
use crate::model::register::FieldChange;
use crate::model::reporting::{
    ActualLine, Indicator, Quantity, ReportComment, ReportEvent, ReportInput, ReportKey,
    ReportPage, ReportStatus, Transition,
};
use crate::model::{BusinessId, Money};
use crate::ssr::access::Principal;
use crate::ssr::access::{readable_subproject, writes};
use crate::ssr::services::audit::changes_json;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::subprojects::{amounts, source_ids};
use entity::{
    app_user, audit_log, funding_line, indicator, indicator_actual, indicator_actual_company,
    report, report_comment, reporting_period,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

/// The report's contents as field → text, the shape of both the audit diff and the
/// conflict message.
type Snapshot = BTreeMap<String, String>;

async fn find_report(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    period_id: i32,
) -> Result<Option<report::Model>, AppError> {
    Ok(report::Entity::find()
        .filter(report::Column::SubprojectId.eq(subproject_id))
        .filter(report::Column::PeriodId.eq(period_id))
        .one(db)
        .await?)
}

/// Values of a report: indicator id → (value, explanation, companies).
async fn actuals(
    db: &impl ConnectionTrait,
    report_id: i32,
) -> Result<HashMap<i32, (Quantity, String, Vec<String>)>, AppError> {
    let rows = indicator_actual::Entity::find()
        .filter(indicator_actual::Column::ReportId.eq(report_id))
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|a| a.id).collect();
    let mut companies: HashMap<i32, Vec<String>> = HashMap::new();
    for c in indicator_actual_company::Entity::find()
        .filter(indicator_actual_company::Column::ActualId.is_in(ids))
        .order_by_asc(indicator_actual_company::Column::BusinessId)
        .all(db)
        .await?
    {
        companies
            .entry(c.actual_id)
            .or_default()
            .push(c.business_id);
    }
    Ok(rows
        .into_iter()
        .map(|a| {
            (
                a.indicator_id,
                (
                    Quantity(a.value_milli),
                    a.explanation.unwrap_or_default(),
                    companies.remove(&a.id).unwrap_or_default(),
                ),
            )
        })
        .collect())
}

async fn realised(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    period_id: i32,
) -> Result<[Money; 5], AppError> {
    amounts(db, subproject_id, "realised", Some(period_id)).await
}

/// The latest approved value of each indicator in an earlier period of the subproject.
async fn previous_values(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    before: chrono::NaiveDate,
) -> Result<HashMap<i32, Quantity>, AppError> {
    let mut reports: Vec<(report::Model, Option<reporting_period::Model>)> = report::Entity::find()
        .filter(report::Column::SubprojectId.eq(subproject_id))
        .filter(report::Column::Status.eq("approved"))
        .find_also_related(reporting_period::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, p)| p.as_ref().is_some_and(|p| p.ends_on < before))
        .collect();
    reports.sort_by_key(|(_, p)| p.as_ref().map(|p| p.ends_on));
    let mut out = HashMap::new();
    for (r, _) in reports {
        for (indicator, (value, _, _)) in actuals(db, r.id).await? {
            out.insert(indicator, value);
        }
    }
    Ok(out)
}

fn snapshot(
    indicators: &[Indicator],
    r: Option<&report::Model>,
    values: &HashMap<i32, (Quantity, String, Vec<String>)>,
    money: &[Money; 5],
) -> Snapshot {
    let mut s = Snapshot::new();
    if let Some(r) = r {
        s.insert("progress".into(), r.progress.clone());
        s.insert("problems".into(), r.problems.clone());
        s.insert("next_steps".into(), r.next_steps.clone());
    }
    for i in indicators {
        if let Some((value, explanation, companies)) = values.get(&i.id) {
            s.insert(format!("value {}", i.code), value.plain());
            s.insert(format!("explanation {}", i.code), explanation.clone());
            s.insert(format!("companies {}", i.code), companies.join(" "));
        }
    }
    for (i, m) in money.iter().enumerate() {
        s.insert(ReportPage::realised_field(i).into(), m.to_string());
    }
    s.retain(|_, v| !v.is_empty());
    s
}

fn diff(before: &Snapshot, after: &Snapshot) -> Vec<FieldChange> {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (old, new) = (
                before.get(k).cloned().unwrap_or_default(),
                after.get(k).cloned().unwrap_or_default(),
            );
            (old != new).then(|| FieldChange {
                field: k.clone(),
                old,
                new,
            })
        })
        .collect()
}

/// The report page of a subproject and period (an empty form when none is started).
///
/// # Errors
/// [`AppError::NotFound`] for a subproject outside the principal's scope or a missing period.
pub async fn page(
    db: &impl ConnectionTrait,
    principal: &Principal,
    subproject_id: i32,
    period_id: i32,
) -> Result<ReportPage, AppError> {
    let (sub, region) = readable_subproject(db, principal, subproject_id).await?;
    let period = reporting_period::Entity::find_by_id(period_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = find_report(db, subproject_id, period_id).await?;
    let status = status_of(existing.as_ref());
    let indicators = all_indicators(db).await?;
    let targets = super::targets::current(db, subproject_id).await?;
    let previous = previous_values(db, subproject_id, period.starts_on).await?;
    let values = match &existing {
        Some(r) => actuals(db, r.id).await?,
        None => HashMap::new(),
    };
    let lines = indicators
        .iter()
        .map(|i| {
            let stored = values.get(&i.id);
            ActualLine {
                indicator: i.clone(),
                target: targets.get(&i.id).copied(),
                previous: previous.get(&i.id).copied(),
                value: stored.map(|v| v.0.plain()).unwrap_or_default(),
                explanation: stored.map(|v| v.1.clone()).unwrap_or_default(),
                companies: stored.map(|v| v.2.join("\n")).unwrap_or_default(),
            }
        })
        .collect();
    let money = realised(db, subproject_id, period_id).await?;
    let (comments, events) = match &existing {
        Some(r) => (comments(db, r.id).await?, events(db, r.id).await?),
        None => (Vec::new(), Vec::new()),
    };
    let national = principal.has(Role::NationalCoordinator);
    let writer = writes(principal, &sub);
    let open = period.status == "open";
    Ok(ReportPage {
        report_id: existing.as_ref().map(|r| r.id),
        version: existing.as_ref().map(|r| r.version),
        status,
        subproject_id,
        subproject_code: sub.code.clone(),
        subproject_name: sub_names(&sub),
        project_id: sub.project_id,
        region: region_names(&region),
        period: period_of(&period),
        progress: existing
            .as_ref()
            .map(|r| r.progress.clone())
            .unwrap_or_default(),
        problems: existing
            .as_ref()
            .map(|r| r.problems.clone())
            .unwrap_or_default(),
        next_steps: existing
            .as_ref()
            .map(|r| r.next_steps.clone())
            .unwrap_or_default(),
        lines,
        realised: money.map(|m| {
            if m == Money::ZERO {
                String::new()
            } else {
                m.to_string()
            }
        }),
        comments,
        events,
        can_edit: writer && open && status.editable(),
        can_review: national && status == ReportStatus::Submitted,
        can_reopen: national && status == ReportStatus::Approved,
        can_comment: (writer || national) && existing.is_some() && status != ReportStatus::Approved,
    })
}

async fn comments(
    db: &impl ConnectionTrait,
    report_id: i32,
) -> Result<Vec<ReportComment>, AppError> {
    let codes: HashMap<i32, String> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.code))
        .collect();
    Ok(report_comment::Entity::find()
        .filter(report_comment::Column::ReportId.eq(report_id))
        .order_by_asc(report_comment::Column::CreatedAt)
        .order_by_asc(report_comment::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(c, user)| ReportComment {
            author: user.map(|u| u.display_name),
            at: c.created_at.to_rfc3339(),
            indicator: c.indicator_id.and_then(|i| codes.get(&i).cloned()),
            body: c.body,
        })
        .collect())
}

async fn events(db: &impl ConnectionTrait, report_id: i32) -> Result<Vec<ReportEvent>, AppError> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("report"))
        .filter(audit_log::Column::EntityId.eq(report_id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(e, user)| ReportEvent {
            at: e.at.to_rfc3339(),
            who: user.map(|u| u.display_name),
            action: e.action,
            reason: e.reason,
        })
        .collect())
}

/// What the form holds once parsed: values per indicator and money per source.
struct Parsed {
    values: HashMap<i32, (Quantity, String, Vec<String>)>,
    money: [Money; 5],
    /// Progress, problems and next steps, cleaned.
    narrative: [String; 3],
}

fn parse(indicators: &[Indicator], input: &ReportInput, errors: &mut FieldErrors) -> Parsed {
    use crate::model::text::{PARAGRAPHS, parse_into};
    let narrative = [
        ("progress", &input.progress),
        ("problems", &input.problems),
        ("next_steps", &input.next_steps),
    ]
    .map(|(field, text)| parse_into(errors, field, text, PARAGRAPHS, 10_000, false));
    let mut values = HashMap::new();
    for i in indicators {
        let key = i.id.to_string();
        let text = input.values.get(&key).map_or("", |t| t.trim());
        let explanation = parse_into(
            errors,
            &format!("explanation_{key}"),
            input.explanations.get(&key).map_or("", String::as_str),
            PARAGRAPHS,
            2000,
            false,
        );
        let mut add = |field: String, key: &str| errors.entry(field).or_default().push(key.into());
        let mut companies = Vec::new();
        if i.lists_companies {
            for token in input
                .companies
                .get(&key)
                .map_or("", String::as_str)
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .filter(|t| !t.is_empty())
            {
                match BusinessId::parse(token) {
                    Ok(bid) => companies.push(bid.to_string()),
                    Err(e) => add(format!("companies_{key}"), e.message_key()),
                }
            }
            companies.sort();
            companies.dedup();
            if companies.len() > 10_000 {
                add(format!("companies_{key}"), "too_many");
                companies.clear();
            }
        }
        // With a company list, the number is the list's length.
        let value = if !companies.is_empty() {
            Some(Quantity(companies.len() as i64 * 1000))
        } else if text.is_empty() {
            None
        } else {
            match Quantity::parse_input(text) {
                Ok(v) => Some(v),
                Err(e) => {
                    add(format!("value_{key}"), e.message_key());
                    None
                }
            }
        };
        if let Some(v) = value {
            values.insert(i.id, (v, explanation, companies));
        }
    }
    let mut money = [Money::ZERO; 5];
    for (i, text) in input.realised.iter().enumerate() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match Money::parse_input(text) {
            Ok(m) => money[i] = m,
            Err(e) => errors
                .entry(ReportPage::realised_field(i).into())
                .or_default()
                .push(e.message_key().into()),
        }
    }
    Parsed {
        values,
        money,
        narrative,
    }
}

/// The checks of a submission: the narrative, a value for every indicator with a target, and
/// an explanation for a cumulative value below the previous period's.
fn check_submission(
    indicators: &[Indicator],
    parsed: &Parsed,
    targets: &HashMap<i32, Quantity>,
    previous: &HashMap<i32, Quantity>,
    errors: &mut FieldErrors,
) {
    if parsed.narrative[0].is_empty() {
        errors
            .entry("progress".into())
            .or_default()
            .push("required".into());
    }
    for i in indicators {
        let value = parsed.values.get(&i.id);
        if value.is_none() && targets.contains_key(&i.id) {
            errors
                .entry(format!("value_{}", i.id))
                .or_default()
                .push("required".into());
        }
        if let (Some((v, explanation, _)), Some(prev)) = (value, previous.get(&i.id))
            && i.cumulative()
            && v < prev
            && explanation.is_empty()
        {
            errors
                .entry(format!("explanation_{}", i.id))
                .or_default()
                .push("explanation_required".into());
        }
    }
}

/// Saves the coordinator's report as a draft, and with `submit` also submits it (or
/// resubmits a returned one) in the same transaction.
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`] for what the principal may not write,
/// [`AppError::Validation`] per field (`status` when the report or period is locked),
/// [`AppError::EditConflict`] when someone saved since `version`.
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    report: ReportKey,
    version: Option<i32>,
    input: &ReportInput,
    submit: bool,
) -> Result<i32, AppError> {
    let ReportKey {
        subproject_id,
        period_id,
    } = report;
    let (sub, _) = readable_subproject(db, principal, subproject_id).await?;
    if !writes(principal, &sub) {
        return Err(AppError::Forbidden);
    }
    let period = reporting_period::Entity::find_by_id(period_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if period.status != "open" {
        return Err(AppError::field("status", "period_closed"));
    }
    let indicators = all_indicators(db).await?;
    let mut errors = FieldErrors::new();
    let parsed = parse(&indicators, input, &mut errors);
    if submit {
        let targets = super::targets::current(db, subproject_id).await?;
        let previous = previous_values(db, subproject_id, period.starts_on).await?;
        check_submission(&indicators, &parsed, &targets, &previous, &mut errors);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = chrono::Utc::now();
    let txn = crate::ssr::db::begin_write(db).await?;
    // Again inside the transaction, holding the period row (PostgreSQL; SQLite serialises
    // writers): it may have been closed, and its roll-up frozen, since the check above.
    super::periods::ensure_open(&txn, period_id).await?;
    let existing = find_report(&txn, subproject_id, period_id).await?;
    let before = match &existing {
        Some(r) => snapshot(
            &indicators,
            Some(r),
            &actuals(&txn, r.id).await?,
            &realised(&txn, subproject_id, period_id).await?,
        ),
        None => Snapshot::new(),
    };
    let draft = report::Model {
        id: 0,
        subproject_id,
        period_id,
        status: "draft".into(),
        progress: parsed.narrative[0].clone(),
        problems: parsed.narrative[1].clone(),
        next_steps: parsed.narrative[2].clone(),
        submitted_at: None,
        approved_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let after = snapshot(&indicators, Some(&draft), &parsed.values, &parsed.money);
    let (report_id, from, action) = match existing {
        None => {
            let created = report::ActiveModel {
                subproject_id: Set(subproject_id),
                period_id: Set(period_id),
                status: Set("draft".into()),
                progress: Set(draft.progress.clone()),
                problems: Set(draft.problems.clone()),
                next_steps: Set(draft.next_steps.clone()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            // Someone started the same report at the same moment.
            .map_err(|_| AppError::EditConflict(Vec::new()))?;
            (created.id, ReportStatus::Draft, "create")
        }
        Some(current) => {
            let status = status_of(Some(&current));
            if !status.editable() {
                return Err(AppError::field("status", "report_locked"));
            }
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            // The guard is in the update itself: only a draft or returned report of this
            // version changes.
            let updated = report::Entity::update_many()
                .col_expr(
                    report::Column::Progress,
                    Expr::value(draft.progress.clone()),
                )
                .col_expr(
                    report::Column::Problems,
                    Expr::value(draft.problems.clone()),
                )
                .col_expr(
                    report::Column::NextSteps,
                    Expr::value(draft.next_steps.clone()),
                )
                .col_expr(
                    report::Column::Version,
                    Expr::col(report::Column::Version).add(1),
                )
                .col_expr(report::Column::UpdatedAt, Expr::value(now))
                .filter(report::Column::Id.eq(current.id))
                .filter(report::Column::Version.eq(expected))
                .filter(report::Column::Status.is_in(["draft", "returned"]))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 0 {
                return Err(AppError::EditConflict(diff(&after, &before)));
            }
            (current.id, status, "update")
        }
    };
    indicator_actual::Entity::delete_many()
        .filter(indicator_actual::Column::ReportId.eq(report_id))
        .exec(&txn)
        .await?;
    for (indicator_id, (value, explanation, companies)) in &parsed.values {
        let actual = indicator_actual::ActiveModel {
            report_id: Set(report_id),
            indicator_id: Set(*indicator_id),
            value_milli: Set(value.0),
            explanation: Set((!explanation.is_empty()).then(|| explanation.clone())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if !companies.is_empty() {
            let rows = companies
                .iter()
                .map(|bid| indicator_actual_company::ActiveModel {
                    actual_id: Set(actual.id),
                    business_id: Set(bid.clone()),
                });
            indicator_actual_company::Entity::insert_many(rows)
                .exec(&txn)
                .await?;
        }
    }
    funding_line::Entity::delete_many()
        .filter(funding_line::Column::SubprojectId.eq(subproject_id))
        .filter(funding_line::Column::PeriodId.eq(period_id))
        .filter(funding_line::Column::Kind.eq("realised"))
        .exec(&txn)
        .await?;
    let sources = source_ids(&txn).await?;
    let lines =
        sources
            .iter()
            .zip(parsed.money)
            .map(|(source, amount)| funding_line::ActiveModel {
                subproject_id: Set(subproject_id),
                source_id: Set(*source),
                kind: Set("realised".into()),
                period_id: Set(Some(period_id)),
                amount_cents: Set(amount.cents()),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            });
    funding_line::Entity::insert_many(lines).exec(&txn).await?;
    let entry = Entry::new(action, "report", Some(report_id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff(&before, &after)));
    audit::record(&txn, entry).await?;
    if submit {
        super::workflow::apply(&txn, principal, report_id, from, Transition::Submit, None).await?;
    }
    txn.commit().await?;
    Ok(report_id)
}
