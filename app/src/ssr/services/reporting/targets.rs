//! Targets per subproject and indicator. A revision never overwrites: each is a new row with
//! its date, who set it and (from the second on) the required reason.

use super::indicators::indicator_of;
use super::sub_names;
use crate::error::{AppError, FieldErrors};
use crate::model::reporting::{Quantity, TargetLine, TargetRevision, TargetsPage};
use crate::ssr::access::Principal;
use crate::ssr::access::{readable_subproject, writes};
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::lookup::one_of;
use crate::ssr::services::versioned::in_transaction;
use entity::{app_user, indicator, indicator_target};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The current target of each indicator of a subproject (the latest revision).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn current(
    db: &impl ConnectionTrait,
    subproject_id: i32,
) -> Result<HashMap<i32, Quantity>, AppError> {
    let mut out: HashMap<i32, (i32, Quantity)> = HashMap::new();
    for t in indicator_target::Entity::find()
        .filter(indicator_target::Column::SubprojectId.eq(subproject_id))
        .all(db)
        .await?
    {
        let entry = out.entry(t.indicator_id).or_insert((0, Quantity(0)));
        if t.revision > entry.0 {
            *entry = (t.revision, Quantity(t.value_milli));
        }
    }
    Ok(out.into_iter().map(|(k, (_, v))| (k, v)).collect())
}

/// A target's latest revision as an import matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latest {
    /// The revision's row.
    pub id: i32,
    pub revision: i32,
    pub value: Quantity,
}

/// The latest revision of every target of `subprojects`, by (subproject, indicator), read
/// in a few queries.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn latest_of(
    db: &impl ConnectionTrait,
    subprojects: &[i32],
) -> Result<HashMap<(i32, i32), Latest>, AppError> {
    let mut out: HashMap<(i32, i32), Latest> = HashMap::new();
    for chunk in subprojects.chunks(500) {
        let rows = indicator_target::Entity::find()
            .filter(one_of(
                db,
                indicator_target::Column::SubprojectId,
                chunk,
                "integer",
            ))
            .all(db)
            .await?;
        for t in rows {
            let latest = Latest {
                id: t.id,
                revision: t.revision,
                value: Quantity(t.value_milli),
            };
            out.entry((t.subproject_id, t.indicator_id))
                .and_modify(|l| {
                    if t.revision > l.revision {
                        *l = latest;
                    }
                })
                .or_insert(latest);
        }
    }
    Ok(out)
}

/// A subproject's targets with their revisions.
///
/// # Errors
/// [`AppError::NotFound`] for a subproject outside the principal's scope.
pub async fn page(
    db: &impl ConnectionTrait,
    principal: &Principal,
    subproject_id: i32,
) -> Result<TargetsPage, AppError> {
    let (sub, _) = readable_subproject(db, principal, subproject_id).await?;
    let revisions = indicator_target::Entity::find()
        .filter(indicator_target::Column::SubprojectId.eq(subproject_id))
        .order_by_desc(indicator_target::Column::Revision)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    let mut by_indicator: HashMap<i32, Vec<TargetRevision>> = HashMap::new();
    for (t, user) in revisions {
        by_indicator
            .entry(t.indicator_id)
            .or_default()
            .push(TargetRevision {
                revision: t.revision,
                value: Quantity(t.value_milli),
                reason: t.reason,
                by: user.map(|u| u.display_name),
                at: t.set_at.to_rfc3339(),
            });
    }
    let lines = indicator::Entity::find()
        .order_by_asc(indicator::Column::SortOrder)
        .all(db)
        .await?
        .iter()
        .map(|i| TargetLine {
            indicator: indicator_of(i),
            revisions: by_indicator.remove(&i.id).unwrap_or_default(),
        })
        .collect();
    let reports = super::overview::report_links(db, std::slice::from_ref(&sub))
        .await?
        .remove(&sub.id)
        .unwrap_or_default();
    Ok(TargetsPage {
        reports,
        project_id: sub.project_id,
        subproject_id: sub.id,
        subproject_code: sub.code.clone(),
        subproject_name: sub_names(&sub),
        lines,
        editable: writes(principal, &sub),
    })
}

/// Sets or revises a target. The first value needs no reason; a revision does.
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`] for what the principal may not write;
/// [`AppError::Validation`] for the value or a missing reason; [`AppError::Conflict`] when
/// the latest revision is no longer `seen_revision` (0: none), the one the form showed.
pub async fn set(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    subproject_id: i32,
    indicator_id: i32,
    value: &str,
    reason: &str,
    seen_revision: i32,
) -> Result<(), AppError> {
    in_transaction(db, async |txn| {
        let key = (subproject_id, indicator_id);
        set_in(txn, principal, key, value, reason, seen_revision).await
    })
    .await
}

/// [`set`] inside the caller's transaction for `key` (subproject, indicator): authorise,
/// parse, write, audit.
///
/// # Errors
/// As [`set`].
pub async fn set_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    (subproject_id, indicator_id): (i32, i32),
    value: &str,
    reason: &str,
    seen_revision: i32,
) -> Result<(), AppError> {
    let (sub, _) = readable_subproject(txn, principal, subproject_id).await?;
    if !writes(principal, &sub) {
        return Err(AppError::Forbidden);
    }
    indicator::Entity::find_by_id(indicator_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::field("indicator", "unknown"))?;
    let latest = indicator_target::Entity::find()
        .filter(indicator_target::Column::SubprojectId.eq(subproject_id))
        .filter(indicator_target::Column::IndicatorId.eq(indicator_id))
        .order_by_desc(indicator_target::Column::Revision)
        .one(txn)
        .await?;
    let current = latest.as_ref().map_or(0, |t| t.revision);
    let (value, reason) = parse(value, reason, current + 1)?;
    // Someone revised it since the form was shown: the reason given was about another value.
    if current != seen_revision {
        return Err(AppError::Conflict);
    }
    indicator_target::ActiveModel {
        subproject_id: Set(subproject_id),
        indicator_id: Set(indicator_id),
        revision: Set(current + 1),
        value_milli: Set(value.0),
        reason: Set(reason.clone()),
        set_by: Set(Some(principal.user_id)),
        set_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    // The same revision saved at the same moment (PostgreSQL lets both read the old one).
    .map_err(AppError::on_unique(|| AppError::Conflict))?;
    let old = latest.map(|t| Quantity(t.value_milli).plain());
    let entry = Entry::new(
        if current == 0 { "create" } else { "revise" },
        "indicator_target",
        Some(format!("{subproject_id}/{indicator_id}")),
    )
    .by(Some(principal.user_id))
    .changes(serde_json::json!({ "value": { "old": old, "new": value.plain() } }));
    audit::record(txn, entry.reason_if(reason)).await
}

/// The target's value and reason, which every revision after the first must give.
///
/// # Errors
/// [`AppError::Validation`] per field.
pub fn parse(
    value: &str,
    reason: &str,
    revision: i32,
) -> Result<(Quantity, Option<String>), AppError> {
    let mut errors = FieldErrors::new();
    let parsed = Quantity::parse_input(value);
    if let Err(e) = &parsed {
        errors.insert("value".into(), vec![e.message_key().into()]);
    }
    let reason = crate::model::text::parse_into(
        &mut errors,
        "reason",
        reason,
        crate::model::text::PARAGRAPHS,
        2000,
        false,
    );
    if revision > 1 && reason.is_empty() {
        errors.insert("reason".into(), vec!["reason_required".into()]);
    }
    match parsed {
        Ok(v) if errors.is_empty() => Ok((v, (!reason.is_empty()).then_some(reason))),
        _ => Err(AppError::Validation(errors)),
    }
}
