//! A property test of the review workflow: random sequences of report actions by random
//! people, some from stale versions and some forged straight into the database. After every
//! action: nothing landed on a report that was approved, every change of state is a legal
//! step by someone allowed to take it and is audited exactly once; after every sequence the
//! roll-ups equal an independent recomputation from the raw rows.
//!
//! The people: two Tampere coordinators (either may report), a Turku coordinator, the national
//! coordinator, a ministry viewer and an admin. Forged writes update, insert and delete values,
//! company lists, comments, realised money and the report row itself.
//!
//! `REPORTING_CASES` sets the number of sequences (default 20, of 20 actions each) and
//! `REPORTING_SEED` the random seed; both are printed.

use super::reporting::{Fixture, fixture, person};
use app::model::auth::Role;
use app::model::reporting::{ReportInput, ReportKey, ReportPage, ReportStatus, Transition};
use app::ssr::access::Principal;
use app::ssr::rollup::indicators::{RollupScope, indicator_totals};
use app::ssr::services::reporting::{reports, targets, workflow};
use entity::status::ReportState;
use entity::{
    audit_log, indicator, indicator_actual, indicator_actual_company, indicator_target, report,
    reporting_period,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use server::testing::TestDb;
use std::collections::{BTreeMap, BTreeSet, HashMap};

on_both_backends!(random_report_actions_keep_the_workflow_legal_audited_and_locked);

const STEPS: usize = 20;
const WORKFLOW: [&str; 5] = ["submit", "resubmit", "return", "approve", "reopen"];
const COMPANIES: [&str; 4] = ["0201256-6", "1572860-0", "2336509-6", "0116297-6"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Tampere,
    Tampere2,
    Turku,
    National,
    Ministry,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Tampere,
    Who::Tampere2,
    Who::Turku,
    Who::National,
    Who::Ministry,
    Who::Admin,
];

/// The fixture's people and the two this test adds.
struct People<'a> {
    f: &'a Fixture,
    tampere2: Principal,
    admin: Principal,
}

impl People<'_> {
    fn principal(&self, who: Who) -> &Principal {
        match who {
            Who::Tampere => &self.f.tampere,
            Who::Tampere2 => &self.tampere2,
            Who::Turku => &self.f.turku,
            Who::National => &self.f.national,
            Who::Ministry => &self.f.ministry,
            Who::Admin => &self.admin,
        }
    }
}

/// The writes a forger would try with every check bypassed: values, company lists, comments,
/// realised money and the report itself, updated, inserted and deleted.
fn forged_writes(page: &ReportPage, id: i32) -> Vec<String> {
    let (sub, period) = (page.subproject_id, page.period.id);
    vec![
        format!(
            "UPDATE indicator_actual SET value_milli = value_milli + 1000 WHERE report_id = {id}"
        ),
        format!("UPDATE report SET progress = 'väärennetty' WHERE id = {id}"),
        format!(
            "INSERT INTO indicator_actual_company (actual_id, business_id) \
             SELECT id, '0112038-9' FROM indicator_actual WHERE report_id = {id}"
        ),
        format!(
            "DELETE FROM indicator_actual_company WHERE actual_id IN \
             (SELECT id FROM indicator_actual WHERE report_id = {id})"
        ),
        format!("DELETE FROM report_comment WHERE report_id = {id}"),
        format!(
            "UPDATE funding_line SET amount_cents = amount_cents + 1 \
             WHERE subproject_id = {sub} AND period_id = {period} AND kind = 'realised'"
        ),
        format!(
            "DELETE FROM funding_line \
             WHERE subproject_id = {sub} AND period_id = {period} AND kind = 'realised'"
        ),
    ]
}

/// What a report holds, without its workflow history and what is derived from other
/// reports (the previous period's values).
fn contents(page: &ReportPage) -> ReportPage {
    let mut p = page.clone();
    p.events.clear();
    for line in &mut p.lines {
        line.previous = None;
    }
    p.can_edit = false;
    p.can_review = false;
    p.can_reopen = false;
    p.can_comment = false;
    p
}

fn is_coordinator(who: Who) -> bool {
    matches!(who, Who::Tampere | Who::Tampere2)
}

async fn pages(db: &DatabaseConnection, f: &Fixture) -> Vec<ReportPage> {
    let mut out = Vec::new();
    for sub in f.subs {
        for period in f.periods {
            out.push(reports::page(db, &f.national, sub, period).await.unwrap());
        }
    }
    out
}

async fn workflow_entries(db: &DatabaseConnection, report_id: i32) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("report"))
        .filter(audit_log::Column::EntityId.eq(report_id.to_string()))
        .filter(audit_log::Column::Action.is_in(WORKFLOW))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn random_input(rng: &mut StdRng, f: &Fixture) -> ReportInput {
    let mut input = ReportInput {
        progress: if rng.random_bool(0.8) {
            "Etenee.".into()
        } else {
            String::new()
        },
        ..Default::default()
    };
    for id in [f.platforms, f.innovations] {
        if rng.random_bool(0.85) {
            input
                .values
                .insert(id.to_string(), rng.random_range(0..20).to_string());
            input.explanations.insert(id.to_string(), "Selite".into());
        }
    }
    let list: Vec<&str> = COMPANIES
        .iter()
        .copied()
        .filter(|_| rng.random_bool(0.5))
        .collect();
    input
        .companies
        .insert(f.companies.to_string(), list.join("\n"));
    input.realised.eu = format!(
        "{},{:02}",
        rng.random_range(0..5000),
        rng.random_range(0..100)
    );
    input
}

/// Runs one random action; returns who acted and the step it was meant to be, if any.
async fn act(
    db: &DatabaseConnection,
    people: &People<'_>,
    rng: &mut StdRng,
    page: &ReportPage,
) -> (Who, Option<Transition>) {
    let f = people.f;
    // Mostly the action the report's state invites, by the person it invites; otherwise
    // anything by anyone.
    let (invited_action, invited_who) = match page.status {
        ReportStatus::Submitted | ReportStatus::Approved => (rng.random_range(4..8), Who::National),
        _ => (
            rng.random_range(0..4),
            [Who::Tampere, Who::Tampere2][rng.random_range(0..2)],
        ),
    };
    let (action, who) = if rng.random_bool(0.6) {
        (invited_action, invited_who)
    } else {
        (
            rng.random_range(0..10),
            EVERYONE[rng.random_range(0..EVERYONE.len())],
        )
    };
    let p = people.principal(who);
    let version = page
        .version
        .map(|v| if rng.random_bool(0.1) { v - 1 } else { v });
    match action {
        0..=3 => {
            let submit = rng.random_bool(0.5);
            let input = random_input(rng, f);
            let _ = reports::save(
                db,
                p,
                ReportKey::new(page.subproject_id, page.period.id),
                version,
                &input,
                submit,
            )
            .await;
            (who, submit.then_some(Transition::Submit))
        }
        4..=7 => {
            let step = [Transition::Return, Transition::Approve, Transition::Reopen]
                [rng.random_range(0..3)];
            let reason = if rng.random_bool(0.8) { "Syy" } else { "" };
            if let (Some(id), Some(v)) = (page.report_id, version) {
                let _ = workflow::review(db, p, id, v, step, reason).await;
            }
            (who, Some(step))
        }
        8 => {
            if let Some(id) = page.report_id {
                // On the whole report, or on one value.
                let on = match rng.random_range(0..=page.lines.len()) {
                    0 => "",
                    n => page.lines[n - 1].indicator.code.as_str(),
                };
                let _ = workflow::comment(db, p, id, on, "Kommentti").await;
            }
            (who, None)
        }
        _ => {
            // A forged write straight into the database, as if every check were bypassed.
            if let Some(id) = page.report_id {
                let backend = db.get_database_backend();
                let mut writes = forged_writes(page, id);
                let sql = writes.swap_remove(rng.random_range(0..writes.len()));
                let _ = db
                    .execute_raw(sea_orm::Statement::from_string(backend, sql))
                    .await;
            }
            (who, None)
        }
    }
}

fn legal(from: ReportStatus, to: ReportStatus, who: Who, intended: Option<Transition>) -> bool {
    use ReportStatus as S;
    match (from, to) {
        (S::Missing | S::Draft | S::Returned, S::Submitted) => {
            is_coordinator(who) && intended == Some(Transition::Submit)
        }
        (S::Missing, S::Draft) => is_coordinator(who),
        (S::Submitted, S::Returned) => who == Who::National && intended == Some(Transition::Return),
        (S::Submitted, S::Approved) => {
            who == Who::National && intended == Some(Transition::Approve)
        }
        (S::Approved, S::Returned) => who == Who::National && intended == Some(Transition::Reopen),
        _ => false,
    }
}

async fn recompute(
    db: &DatabaseConnection,
    approved_only: bool,
) -> BTreeMap<i32, (i64, i64, Option<i64>)> {
    recompute_filtered(db, approved_only, None, &|_| true).await
}

/// The roll-up recomputed from the raw rows, by the rules and nothing else: per indicator
/// (target, actual, distinct companies) over the subprojects `counts` accepts and the periods
/// ending by `until`.
pub async fn recompute_filtered(
    db: &DatabaseConnection,
    approved_only: bool,
    until: Option<chrono::NaiveDate>,
    counts: &dyn Fn(i32) -> bool,
) -> BTreeMap<i32, (i64, i64, Option<i64>)> {
    let indicators = indicator::Entity::find().all(db).await.unwrap();
    let reports: HashMap<i32, report::Model> = report::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let ends: HashMap<i32, chrono::NaiveDate> = reporting_period::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.ends_on))
        .collect();
    let actuals = indicator_actual::Entity::find().all(db).await.unwrap();
    let mut companies: HashMap<i32, Vec<String>> = HashMap::new();
    for c in indicator_actual_company::Entity::find()
        .all(db)
        .await
        .unwrap()
    {
        companies
            .entry(c.actual_id)
            .or_default()
            .push(c.business_id);
    }
    let mut latest_target: HashMap<(i32, i32), (i32, i64)> = HashMap::new();
    for t in indicator_target::Entity::find().all(db).await.unwrap() {
        let e = latest_target
            .entry((t.subproject_id, t.indicator_id))
            .or_insert((0, 0));
        if t.revision > e.0 {
            *e = (t.revision, t.value_milli);
        }
    }
    let mut out = BTreeMap::new();
    for i in &indicators {
        let counted: Vec<&indicator_actual::Model> = actuals
            .iter()
            .filter(|a| a.indicator_id == i.id)
            .filter(|a| !approved_only || reports[&a.report_id].status == ReportState::Approved)
            .filter(|a| counts(reports[&a.report_id].subproject_id))
            .filter(|a| until.is_none_or(|u| ends[&reports[&a.report_id].period_id] <= u))
            .collect();
        let chosen: Vec<&indicator_actual::Model> = if i.kind == "incremental" {
            counted
        } else {
            let mut latest: HashMap<i32, &indicator_actual::Model> = HashMap::new();
            for a in counted {
                let r = &reports[&a.report_id];
                let newer = latest
                    .get(&r.subproject_id)
                    .is_none_or(|b| ends[&reports[&b.report_id].period_id] < ends[&r.period_id]);
                if newer {
                    latest.insert(r.subproject_id, a);
                }
            }
            latest.into_values().collect()
        };
        let actual: i64 = chosen.iter().map(|a| a.value_milli).sum();
        let distinct: BTreeSet<&String> = chosen
            .iter()
            .flat_map(|a| companies.get(&a.id).into_iter().flatten())
            .collect();
        let target: i64 = latest_target
            .iter()
            .filter(|((sub, ind), _)| *ind == i.id && counts(*sub))
            .map(|(_, (_, v))| v)
            .sum();
        out.insert(
            i.id,
            (
                target,
                actual,
                i.lists_companies.then_some(distinct.len() as i64),
            ),
        );
    }
    out
}

async fn random_report_actions_keep_the_workflow_legal_audited_and_locked(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let cases: usize = std::env::var("REPORTING_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("REPORTING_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    println!("REPORTING_CASES={cases} REPORTING_SEED={seed} ({STEPS} actions each)");
    let mut rng = StdRng::seed_from_u64(seed);
    let people = People {
        f: &f,
        tampere2: person(
            db,
            "tampere2@example.fi",
            Role::CityCoordinator,
            Some("tampere"),
        )
        .await,
        admin: person(db, "admin@example.fi", Role::Admin, None).await,
    };
    for sub in f.subs {
        targets::set(db, &f.tampere, sub, f.platforms, "10", "", 0)
            .await
            .unwrap();
    }
    let mut transitions = 0;
    for case in 0..cases {
        for step in 0..STEPS {
            let before = pages(db, &f).await;
            let target = &before[rng.random_range(0..before.len())];
            let audit_before = match target.report_id {
                Some(id) => workflow_entries(db, id).await.len(),
                None => 0,
            };
            let (who, intended) = act(db, &people, &mut rng, target).await;
            let after = pages(db, &f).await;
            let context = format!("seed {seed}, case {case}, step {step}, {who:?} {intended:?}");
            for (b, a) in before.iter().zip(&after) {
                let is_target =
                    b.subproject_id == target.subproject_id && b.period.id == target.period.id;
                if b.status == ReportStatus::Approved && a.status == ReportStatus::Approved {
                    assert_eq!(
                        contents(b),
                        contents(a),
                        "an approved report changed: {context}"
                    );
                }
                if !is_target {
                    assert_eq!(
                        contents(b),
                        contents(a),
                        "another report changed: {context}"
                    );
                    continue;
                }
                let id = a.report_id.or(b.report_id);
                let entries = match id {
                    Some(id) => workflow_entries(db, id).await,
                    None => Vec::new(),
                };
                let new_entries = entries.len() - audit_before;
                if a.status == b.status {
                    assert_eq!(new_entries, 0, "a step audited without a change: {context}");
                } else {
                    transitions += 1;
                    assert!(
                        legal(b.status, a.status, who, intended),
                        "illegal {:?} → {:?}: {context}",
                        b.status,
                        a.status
                    );
                    // Missing → draft is a creation, not a workflow step.
                    let expected = usize::from(a.status != ReportStatus::Draft);
                    assert_eq!(
                        new_entries, expected,
                        "audit of {:?} → {:?}: {context}",
                        b.status, a.status
                    );
                    if expected == 1 {
                        let last = entries.last().unwrap();
                        let reasoned = audit_log::Entity::find()
                            .filter(audit_log::Column::Entity.eq("report"))
                            .filter(audit_log::Column::EntityId.eq(id.unwrap().to_string()))
                            .filter(audit_log::Column::Action.eq(last.as_str()))
                            .filter(audit_log::Column::Reason.is_not_null())
                            .count(db)
                            .await
                            .unwrap();
                        if matches!(last.as_str(), "return" | "reopen") {
                            assert!(reasoned > 0, "a {last} without its reason: {context}");
                        }
                    }
                }
            }
        }
        for approved_only in [true, false] {
            let expected = recompute(db, approved_only).await;
            let actual: BTreeMap<i32, (i64, i64, Option<i64>)> = indicator_totals(
                db,
                &RollupScope {
                    approved_only,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|t| {
                (
                    t.indicator_id,
                    (t.target.0, t.actual.0, t.companies_distinct),
                )
            })
            .collect();
            assert_eq!(
                actual, expected,
                "roll-up (approved only: {approved_only}), seed {seed}, case {case}"
            );
        }
    }
    println!(
        "{cases} cases, {} actions, {transitions} state changes checked",
        cases * STEPS
    );
    assert!(
        transitions > 0,
        "the sequences changed no state at all (seed {seed})"
    );
}
