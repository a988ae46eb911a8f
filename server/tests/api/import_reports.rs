//! Indicator values and targets imported as a coordinator reports them: a period's values
//! into the reports still open to them (never into a submitted or approved one, nor another
//! region's), each refusal by row and column, the report form's own save and history, a
//! report saved between preview and commit; targets revised only with a reason; on both
//! databases.

use super::import_organisations::refusals;
use super::imports::{commit, committed, csv, previewed, users_principal};
use super::*;
use app::i18n::Locale;
use app::model::imports::{Counts, Outcome};
use app::model::reporting::{ReportInput, ReportKey, ReportStatus};
use app::ssr::services::imports::columns::heading;
use app::ssr::services::reporting::{reports, targets};
use entity::status::ReportState;
use entity::{audit_log, report, reporting_period, subproject};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(
    indicator_values_import_into_open_reports_and_never_into_locked_ones,
    targets_import_as_revisions_each_with_its_reason,
);

const VALUES: &[(&str, &str)] = &[("kind", "indicator_values")];
const TARGETS: &[(&str, &str)] = &[("kind", "targets")];
const PERIOD: &str = "2026H1";

fn headings(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|f| heading(Locale::fi, f)).collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// The open period's id, and Tampere's subprojects whose report in it is still open (not
/// started, a draft or returned) and locked (submitted or approved).
async fn tampere_reports(app: &TestApp) -> (i32, subproject::Model, subproject::Model) {
    let period = reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq(PERIOD))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let principal = users_principal(app, "tampere@innocities.example").await;
    let regions = app::ssr::access::writable_regions(&principal);
    let subs = subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(regions))
        .order_by_asc(subproject::Column::Code)
        .all(&app.db)
        .await
        .unwrap();
    let mut open = None;
    let mut locked = None;
    for sub in subs {
        let state = report::Entity::find()
            .filter(report::Column::SubprojectId.eq(sub.id))
            .filter(report::Column::PeriodId.eq(period.id))
            .one(&app.db)
            .await
            .unwrap()
            .map(|r| r.status);
        match state {
            Some(ReportState::Submitted | ReportState::Approved) => {
                locked.get_or_insert(sub);
            }
            _ => {
                open.get_or_insert(sub);
            }
        }
    }
    (
        period.id,
        open.expect("an open Tampere report"),
        locked.expect("a locked Tampere report"),
    )
}

async fn turku_subproject(app: &TestApp) -> subproject::Model {
    let principal = users_principal(app, "turku@innocities.example").await;
    let regions = app::ssr::access::writable_regions(&principal);
    subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(regions))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The value, explanation and companies of a report's line of `indicator`, as its page
/// shows them.
async fn line(app: &TestApp, sub: i32, period: i32, indicator: &str) -> (String, String, String) {
    let national = users_principal(app, "national@innocities.example").await;
    let page = reports::page(&app.db, &national, sub, period)
        .await
        .unwrap();
    let line = page
        .lines
        .iter()
        .find(|l| l.indicator.code == indicator)
        .unwrap();
    (
        line.value.clone(),
        line.explanation.clone(),
        line.companies.clone(),
    )
}

async fn indicator_values_import_into_open_reports_and_never_into_locked_ones(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (period, open, locked) = tampere_reports(&app).await;
    let turku = turku_subproject(&app).await;
    let (locked_value, _, _) = line(&app, locked.id, period, "IK-PLAT").await;
    let before = line(&app, open.id, period, "IK-PLAT").await;
    let fields = [
        "subproject",
        "period",
        "indicator",
        "value",
        "explanation",
        "companies",
    ];
    let good = [
        headings(&fields),
        row(&[
            &open.code,
            PERIOD,
            "IK-PLAT",
            "12,5",
            "Kaksi uutta alustaa",
            "",
        ]),
        row(&[
            &open.code,
            PERIOD,
            "IK-COMP",
            "",
            "",
            "0737546-2; 2844561-8",
        ]),
    ];
    let file = csv(&[
        good.to_vec(),
        vec![
            // The locked report's stored value again: nothing to write, so nothing refused.
            row(&[&locked.code, PERIOD, "IK-PLAT", &locked_value, "", ""]),
            row(&[&locked.code, PERIOD, "IK-INNO", "999", "", ""]),
            row(&[&turku.code, PERIOD, "IK-PLAT", "1", "", ""]),
            row(&[&open.code, PERIOD, "IK-NONE", "1", "", ""]),
            row(&[&open.code, "1999H1", "IK-PLAT", "1", "", ""]),
            row(&[&open.code, PERIOD, "IK-INNO", "paljon", "", ""]),
            row(&[&open.code, PERIOD, "IK-PLAT", "13", "", ""]),
            // A line is parsed before its report's state is looked at.
            row(&[&locked.code, PERIOD, "IK-COMP", "", "", ""]),
            row(&[&open.code, "2025H2", "IK-PLAT", "99", "", ""]),
        ],
    ]
    .concat());
    let (batch, rows) = previewed(&tampere, &app, VALUES, "arvot.csv", &file).await;
    let counts = Counts::of(&rows);
    assert_eq!(counts.refused, 8, "{rows:?}");
    assert_eq!(counts.unchanged, 1, "{rows:?}");
    assert_eq!(
        rows[0].key,
        format!("{} · {PERIOD} · IK-PLAT", open.code),
        "matched by subproject, period and indicator"
    );
    assert_eq!(refusals(&rows[3].outcome), ["period:report_locked"]);
    assert_eq!(refusals(&rows[4].outcome), ["subproject:unknown"]);
    assert_eq!(refusals(&rows[5].outcome), ["indicator:unknown"]);
    assert_eq!(refusals(&rows[6].outcome), ["period:unknown"]);
    assert_eq!(refusals(&rows[7].outcome), ["value:money_not_a_number"]);
    assert_eq!(refusals(&rows[8].outcome), ["subproject:duplicate_in_file"]);
    assert_eq!(refusals(&rows[9].outcome), ["value:required"]);
    assert_eq!(refusals(&rows[10].outcome), ["period:period_closed"]);
    let html = super::page(&tampere, &app, &format!("/imports/{}", batch.id)).await;
    assert!(
        html.contains("Raportointikausi"),
        "columns by their headings"
    );
    // Nothing is written while a row is refused.
    commit(&tampere, &app, &batch).await;
    assert_eq!(line(&app, open.id, period, "IK-PLAT").await, before);

    // The two good rows: the report form's own save, with its history.
    let file = csv(&good);
    let (batch, rows) = previewed(&tampere, &app, VALUES, "arvot.csv", &file).await;
    assert_eq!(Counts::of(&rows).refused, 0, "{rows:?}");
    committed(&tampere, &app, &batch).await;
    assert_eq!(
        line(&app, open.id, period, "IK-PLAT").await,
        ("12.5".into(), "Kaksi uutta alustaa".into(), String::new())
    );
    let companies = line(&app, open.id, period, "IK-COMP").await;
    assert_eq!(
        (companies.0.as_str(), companies.2.as_str()),
        ("2", "0737546-2\n2844561-8"),
        "the number is the company list's length"
    );
    let stored = report::Entity::find()
        .filter(report::Column::SubprojectId.eq(open.id))
        .filter(report::Column::PeriodId.eq(period))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(stored.status, ReportState::Draft | ReportState::Returned),
        "an import saves, it does not submit"
    );
    let history = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("report"))
        .filter(audit_log::Column::EntityId.eq(stored.id.to_string()))
        .order_by_desc(audit_log::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let changes = history.changes;
    assert!(
        changes.contains("value IK-PLAT") && changes.contains("12.5"),
        "{changes}"
    );

    // The same file again changes nothing.
    let (_, rows) = previewed(&tampere, &app, VALUES, "arvot.csv", &file).await;
    assert_eq!(Counts::of(&rows).unchanged, 2, "{rows:?}");

    // A value changed, and the report saved by its form between preview and commit: the
    // import is refused whole, and the form's save stands.
    let file = csv(&[
        headings(&fields),
        row(&[&open.code, PERIOD, "IK-PLAT", "14", "", ""]),
    ]);
    let (batch, rows) = previewed(&tampere, &app, VALUES, "arvot.csv", &file).await;
    match &rows[0].outcome {
        Outcome::Changed(changes) => assert_eq!(
            changes
                .iter()
                .map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str()))
                .collect::<Vec<_>>(),
            [
                ("value", "12.5", "14"),
                ("explanation", "Kaksi uutta alustaa", "")
            ]
        ),
        other => panic!("changed, not {other:?}"),
    }
    let principal = users_principal(&app, "tampere@innocities.example").await;
    let mut input = ReportInput {
        progress: "Edistyy".into(),
        ..Default::default()
    };
    let plat = app::ssr::services::reporting::indicators::all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code == "IK-PLAT")
        .unwrap();
    input.values.insert(plat.id.to_string(), "15".into());
    reports::save(
        &app.db,
        &principal,
        ReportKey::new(open.id, period),
        Some(stored.version),
        &input,
        false,
    )
    .await
    .unwrap();
    commit(&tampere, &app, &batch).await;
    let rows = super::imports::rows_of(
        &entity::import_batch::Entity::find_by_id(batch.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap(),
    );
    assert_eq!(
        refusals(&rows[0].outcome),
        ["subproject:changed_since_preview"]
    );
    assert_eq!(line(&app, open.id, period, "IK-PLAT").await.0, "15");
    let page = reports::page(&app.db, &principal, locked.id, period)
        .await
        .unwrap();
    assert!(matches!(
        page.status,
        ReportStatus::Submitted | ReportStatus::Approved
    ));
}

async fn targets_import_as_revisions_each_with_its_reason(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let (_, open, _) = tampere_reports(&app).await;
    let principal = users_principal(&app, "tampere@innocities.example").await;
    let indicators = app::ssr::services::reporting::indicators::all(&app.db)
        .await
        .unwrap();
    let id_of = |code: &str| indicators.iter().find(|i| i.code == code).unwrap().id;
    let current = targets::current(&app.db, open.id).await.unwrap();
    let plat = current
        .get(&id_of("IK-PLAT"))
        .expect("the demo sets targets")
        .plain();
    let fields = ["subproject", "indicator", "value", "reason"];
    let file = csv(&[
        headings(&fields),
        row(&[&open.code, "IK-PLAT", &plat, ""]),
        row(&[&open.code, "IK-INNO", "40", ""]),
        row(&[&open.code, "IK-COMP", "-1", "Vähemmän"]),
    ]);
    let (_, rows) = previewed(&tampere, &app, TARGETS, "tavoitteet.csv", &file).await;
    assert_eq!(rows[0].outcome, Outcome::Unchanged, "{rows:?}");
    assert_eq!(refusals(&rows[1].outcome), ["reason:reason_required"]);
    assert_eq!(refusals(&rows[2].outcome), ["value:money_negative"]);

    let file = csv(&[
        headings(&fields),
        row(&[&open.code, "IK-PLAT", &plat, ""]),
        row(&[&open.code, "IK-INNO", "40", "Rahoitus kasvoi"]),
    ]);
    let (batch, rows) = previewed(&tampere, &app, TARGETS, "tavoitteet.csv", &file).await;
    assert_eq!(
        Counts::of(&rows),
        Counts {
            changed: 1,
            unchanged: 1,
            ..Counts::default()
        },
        "{rows:?}"
    );
    committed(&tampere, &app, &batch).await;
    let page = targets::page(&app.db, &principal, open.id).await.unwrap();
    let inno = page
        .lines
        .iter()
        .find(|l| l.indicator.code == "IK-INNO")
        .unwrap();
    let latest = inno.revisions.first().unwrap();
    assert_eq!(
        (latest.value.plain().as_str(), latest.reason.as_deref()),
        ("40", Some("Rahoitus kasvoi"))
    );
    let (_, rows) = previewed(&tampere, &app, TARGETS, "tavoitteet.csv", &file).await;
    assert_eq!(
        Counts::of(&rows).unchanged,
        2,
        "the same file again: {rows:?}"
    );
}
