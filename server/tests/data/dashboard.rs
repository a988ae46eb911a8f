//! The dashboard recomputed independently from the raw rows of the demo data, on both
//! backends, for filters alone and combined, for each kind of reader, approved data only and
//! with drafts: every figure must match exactly.

use super::reporting_property::recompute_filtered;
use app::model::Money;
use app::model::auth::Role;
use app::model::dashboard::{Dashboard, DashboardFilter};
use app::model::sources::{BySource, Source};
use app::ssr::access::Principal;
use app::ssr::rollup::cache::RollupCache;
use app::ssr::rollup::dashboard::dashboard;
use app::ssr::services::users::load_principal;
use entity::status::{FundingKind, ReportState};
use entity::{
    action, app_user, city_region, funding_line, funding_source, project, project_action,
    regional_council, report, reporting_period, subproject, theme,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use server::testing::TestDb;
use std::collections::{BTreeMap, BTreeSet, HashMap};

on_both_backends!(every_dashboard_figure_equals_a_recomputation_from_the_raw_rows);
on_both_backends!(every_dashboard_figure_equals_a_recomputation_on_a_random_portfolio);
on_both_backends!(a_closed_periods_snapshot_stays_as_it_was_frozen);
on_both_backends!(a_snapshot_with_no_changes_since_equals_the_live_figures_of_its_period);
on_both_backends!(the_national_team_edits_the_funding_frame_audited_and_without_lost_edits);
on_both_backends!(kept_roll_ups_follow_every_committed_change);

async fn demo_user(db: &DatabaseConnection, email: &str) -> Principal {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    load_principal(db, user.id, user.session_epoch)
        .await
        .unwrap()
        .unwrap()
}

/// Everything needed to recompute, loaded once.
struct Raw {
    projects: Vec<project::Model>,
    subs: Vec<subproject::Model>,
    lines: Vec<funding_line::Model>,
    actions: Vec<project_action::Model>,
    reports: Vec<report::Model>,
    periods: HashMap<i32, reporting_period::Model>,
    sources: HashMap<i32, Source>,
    ids: HashMap<(String, String), i32>,
}

async fn raw(db: &DatabaseConnection) -> Raw {
    let mut ids = HashMap::new();
    for r in city_region::Entity::find().all(db).await.unwrap() {
        ids.insert(("region".to_string(), r.code), r.id);
    }
    for t in theme::Entity::find().all(db).await.unwrap() {
        ids.insert(("theme".to_string(), t.code), t.id);
    }
    for a in action::Entity::find().all(db).await.unwrap() {
        ids.insert(("action".to_string(), a.code), a.id);
    }
    for c in regional_council::Entity::find().all(db).await.unwrap() {
        ids.insert(("council".to_string(), c.code), c.id);
    }
    Raw {
        projects: project::Entity::find().all(db).await.unwrap(),
        subs: subproject::Entity::find().all(db).await.unwrap(),
        lines: funding_line::Entity::find().all(db).await.unwrap(),
        actions: project_action::Entity::find().all(db).await.unwrap(),
        reports: report::Entity::find().all(db).await.unwrap(),
        periods: reporting_period::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p))
            .collect(),
        sources: funding_source::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.id, Source::from_code(&s.code).unwrap()))
            .collect(),
        ids,
    }
}

/// A filter's codes as ids, and the end of its period.
struct Resolved {
    region: Option<i32>,
    theme: Option<i32>,
    action: Option<i32>,
    council: Option<i32>,
    until: Option<chrono::NaiveDate>,
}

fn resolve(raw: &Raw, f: &DashboardFilter) -> Resolved {
    let id = |kind: &str, code: &Option<String>| {
        code.as_ref()
            .map(|c| raw.ids[&(kind.to_string(), c.clone())])
    };
    Resolved {
        region: id("region", &f.region),
        theme: id("theme", &f.theme),
        action: id("action", &f.action),
        council: id("council", &f.council),
        until: f.period.as_ref().map(|code| {
            raw.periods
                .values()
                .find(|p| &p.code == code)
                .unwrap()
                .ends_on
        }),
    }
}

/// The figures the dashboard must show, computed by plain iteration.
struct Expected {
    projects: i64,
    subprojects: i64,
    organisations: i64,
    planned: BySource<Money>,
    realised: BySource<Money>,
    by_region: BTreeMap<String, (BySource<Money>, Money, i64)>,
    by_theme: BTreeMap<String, (i64, Money)>,
}

fn expect(raw: &Raw, f: &DashboardFilter, own: Option<&[i32]>, approved_only: bool) -> Expected {
    let Resolved {
        region,
        theme,
        action,
        council,
        until,
    } = resolve(raw, f);
    let in_regions = |r: i32| own.is_none_or(|o| o.contains(&r)) && region.is_none_or(|x| x == r);
    let project_of: HashMap<i32, &project::Model> =
        raw.projects.iter().map(|p| (p.id, p)).collect();
    let has_action = |p: i32| {
        action.is_none_or(|a| {
            raw.actions
                .iter()
                .any(|pa| pa.project_id == p && pa.action_id == a)
        })
    };
    let sub_matches = |s: &subproject::Model| {
        let p = project_of[&s.project_id];
        in_regions(s.region_id)
            && theme.is_none_or(|t| p.theme_id == t)
            && has_action(p.id)
            && council.is_none_or(|c| s.council_id == c)
    };
    let subs: Vec<&subproject::Model> = raw.subs.iter().filter(|s| sub_matches(s)).collect();
    let sub_ids: BTreeSet<i32> = subs.iter().map(|s| s.id).collect();
    let lone: Vec<&project::Model> = raw
        .projects
        .iter()
        .filter(|p| !raw.subs.iter().any(|s| s.project_id == p.id))
        .filter(|p| {
            in_regions(p.region_id)
                && theme.is_none_or(|t| p.theme_id == t)
                && has_action(p.id)
                && council.is_none_or(|c| p.council_id == c)
        })
        .collect();
    let matching_projects: BTreeSet<i32> = subs
        .iter()
        .map(|s| s.project_id)
        .chain(lone.iter().map(|p| p.id))
        .collect();
    let organisations: BTreeSet<i32> = subs
        .iter()
        .map(|s| s.organisation_id)
        .chain(
            matching_projects
                .iter()
                .filter_map(|p| project_of[p].lead_organisation_id),
        )
        .collect();
    let approved: BTreeSet<(i32, i32)> = raw
        .reports
        .iter()
        .filter(|r| r.status == ReportState::Approved)
        .map(|r| (r.subproject_id, r.period_id))
        .collect();
    let region_of: HashMap<i32, i32> = raw.subs.iter().map(|s| (s.id, s.region_id)).collect();
    let mut planned = BySource::<Money>::default();
    let mut realised = BySource::<Money>::default();
    let mut region_planned: HashMap<i32, BySource<Money>> = HashMap::new();
    let mut region_realised: HashMap<i32, Money> = HashMap::new();
    let mut theme_money: HashMap<i32, Money> = HashMap::new();
    for l in raw
        .lines
        .iter()
        .filter(|l| sub_ids.contains(&l.subproject_id))
    {
        let i = raw.sources[&l.source_id];
        let amount = Money::from_cents(l.amount_cents);
        let r = region_of[&l.subproject_id];
        if l.kind == FundingKind::Planned {
            planned[i] = planned[i] + amount;
            let e = region_planned.entry(r).or_default();
            e[i] = e[i] + amount;
            let t = project_of[&raw
                .subs
                .iter()
                .find(|s| s.id == l.subproject_id)
                .unwrap()
                .project_id]
                .theme_id;
            *theme_money.entry(t).or_insert(Money::ZERO) =
                theme_money.get(&t).copied().unwrap_or(Money::ZERO) + amount;
        } else {
            let period = l.period_id.unwrap();
            let in_time = until.is_none_or(|u| raw.periods[&period].ends_on <= u);
            let counted = !approved_only || approved.contains(&(l.subproject_id, period));
            if in_time && counted {
                realised[i] = realised[i] + amount;
                *region_realised.entry(r).or_insert(Money::ZERO) =
                    region_realised.get(&r).copied().unwrap_or(Money::ZERO) + amount;
            }
        }
    }
    let region_codes: HashMap<i32, String> = raw
        .ids
        .iter()
        .filter(|((k, _), _)| k == "region")
        .map(|((_, code), id)| (*id, code.clone()))
        .collect();
    let by_region = region_codes
        .iter()
        .filter(|(id, _)| own.is_none_or(|o| o.contains(id)) && region.is_none_or(|x| x == **id))
        .map(|(id, code)| {
            (
                code.clone(),
                (
                    region_planned.get(id).copied().unwrap_or_default(),
                    region_realised.get(id).copied().unwrap_or(Money::ZERO),
                    subs.iter().filter(|s| s.region_id == *id).count() as i64,
                ),
            )
        })
        .collect();
    let by_theme = raw
        .ids
        .iter()
        .filter(|((k, _), _)| k == "theme")
        .map(|((_, code), id)| {
            (
                code.clone(),
                (
                    matching_projects
                        .iter()
                        .filter(|p| project_of[p].theme_id == *id)
                        .count() as i64,
                    theme_money.get(id).copied().unwrap_or(Money::ZERO),
                ),
            )
        })
        .collect();
    Expected {
        projects: matching_projects.len() as i64,
        subprojects: (subs.len() + lone.len()) as i64,
        organisations: organisations.len() as i64,
        planned,
        realised,
        by_region,
        by_theme,
    }
}

fn shown(d: &Dashboard) -> Expected {
    Expected {
        projects: d.projects,
        subprojects: d.subprojects,
        organisations: d.organisations,
        planned: d.planned,
        realised: d.realised,
        by_region: d
            .by_region
            .iter()
            .map(|r| (r.code.clone(), (r.planned, r.realised, r.subprojects)))
            .collect(),
        by_theme: d
            .by_theme
            .iter()
            .map(|t| (t.code.clone(), (t.subprojects, t.planned)))
            .collect(),
    }
}

async fn every_dashboard_figure_equals_a_recomputation_from_the_raw_rows(test: TestDb) {
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let national = demo_user(db, "national@innocities.example").await;
    let ministry = demo_user(db, "ministry@innocities.example").await;
    let tampere = demo_user(db, "tampere@innocities.example").await;
    let cache = RollupCache::default();
    assert_eq!(check_every_figure(db, &cache).await, 40);
    // The national view without filters is the programme's published portfolio.
    let d = dashboard(db, &cache, &national, &DashboardFilter::default())
        .await
        .unwrap();
    assert_eq!((d.projects, d.subprojects), (214, 403));
    assert_eq!(d.planned_total(), Money::from_euros(103_500_000));
    // The frozen national roll-up of the closed period, for national readers only.
    let frozen = DashboardFilter {
        snapshot: Some("2025H2".into()),
        ..Default::default()
    };
    let d = dashboard(db, &cache, &ministry, &frozen).await.unwrap();
    assert_eq!(d.frozen.as_ref().map(|f| f.period.as_str()), Some("2025H2"));
    assert_eq!(
        d.trend.len(),
        1,
        "one closed period; 'now' only in the live view"
    );
    let e = dashboard(db, &cache, &tampere, &frozen).await.unwrap_err();
    assert!(matches!(e, app::error::AppError::Forbidden), "{e:?}");
    let live = dashboard(db, &cache, &tampere, &DashboardFilter::default())
        .await
        .unwrap();
    assert!(
        live.trend.is_empty(),
        "no national trend in a coordinator's scope"
    );
}

/// The demo portfolio shaken at random (seed printed, `DASHBOARD_SEED` repeats one): planned
/// and realised amounts, the regions and councils of subprojects, report states (approving,
/// reopening, returning), packages' themes; then every figure is compared again.
async fn every_dashboard_figure_equals_a_recomputation_on_a_random_portfolio(test: TestDb) {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let seed: u64 = std::env::var("DASHBOARD_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    println!("DASHBOARD_SEED={seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let raw = raw(db).await;
    let ids_of = |kind: &str| -> Vec<i32> {
        let mut ids: Vec<i32> = raw
            .ids
            .iter()
            .filter(|((k, _), _)| k == kind)
            .map(|(_, id)| *id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let (regions, councils, themes) = (ids_of("region"), ids_of("council"), ids_of("theme"));
    let pick = |items: &[i32], rng: &mut StdRng| items[rng.random_range(0..items.len())];
    let mut statements = Vec::new();
    // Money first: realised lines of approved reports are locked, so their amounts change
    // before the states do.
    for l in &raw.lines {
        if !rng.random_bool(0.3) {
            continue;
        }
        let cents: i64 = rng.random_range(0..=50_000_000_000);
        statements.push((
            l.kind.code(),
            format!(
                "UPDATE funding_line SET amount_cents = {cents} WHERE id = {}",
                l.id
            ),
        ));
    }
    for sub in &raw.subs {
        if !rng.random_bool(0.15) {
            continue;
        }
        statements.push((
            "subproject".into(),
            format!(
                "UPDATE subproject SET region_id = {}, council_id = {} WHERE id = {}",
                pick(&regions, &mut rng),
                pick(&councils, &mut rng),
                sub.id
            ),
        ));
    }
    for p in &raw.projects {
        if !rng.random_bool(0.15) {
            continue;
        }
        statements.push((
            "project".into(),
            format!(
                "UPDATE project SET theme_id = {} WHERE id = {}",
                pick(&themes, &mut rng),
                p.id
            ),
        ));
    }
    for r in &raw.reports {
        if !rng.random_bool(0.5) {
            continue;
        }
        let sql = match (r.status, rng.random_range(0..3)) {
            // Reopening: the state alone, as the database allows.
            (ReportState::Approved, _) => {
                format!("UPDATE report SET status = 'returned' WHERE id = {}", r.id)
            }
            (_, 0) => format!(
                "UPDATE report SET status = 'approved', approved_at = created_at WHERE id = {}",
                r.id
            ),
            (_, 1) => format!("UPDATE report SET status = 'submitted' WHERE id = {}", r.id),
            _ => format!("UPDATE report SET status = 'draft' WHERE id = {}", r.id),
        };
        statements.push(("report".into(), sql));
    }
    let backend = db.get_database_backend();
    let mut refused: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, sql) in &statements {
        if sea_orm::ConnectionTrait::execute_raw(db, sea_orm::Statement::from_string(backend, sql))
            .await
            .is_err()
        {
            *refused.entry(kind.as_str()).or_default() += 1;
        }
    }
    println!("{} random changes; refused: {refused:?}", statements.len());
    // Only realised money of reports approved in the demo is locked; everything else lands.
    assert!(
        refused.keys().all(|k| *k == "realised"),
        "refused: {refused:?}"
    );
    let cache = RollupCache::default();
    assert_eq!(check_every_figure(db, &cache).await, 40);
}

/// A closed period's roll-up is frozen: later edits of money, states and indicator values
/// change the live figures but not the snapshot.
async fn a_closed_periods_snapshot_stays_as_it_was_frozen(test: TestDb) {
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let ministry = demo_user(db, "ministry@innocities.example").await;
    let frozen = DashboardFilter {
        snapshot: Some("2025H2".into()),
        ..Default::default()
    };
    let before = dashboard(db, &RollupCache::default(), &ministry, &frozen)
        .await
        .unwrap();
    let live_before = dashboard(
        db,
        &RollupCache::default(),
        &ministry,
        &DashboardFilter::default(),
    )
    .await
    .unwrap();
    let backend = db.get_database_backend();
    for sql in [
        "UPDATE funding_line SET amount_cents = amount_cents + 100 WHERE kind = 'planned'",
        "UPDATE report SET status = 'returned' WHERE status = 'approved'",
        "UPDATE indicator_actual SET value_milli = value_milli + 1000",
        "UPDATE report SET status = 'approved', approved_at = created_at",
    ] {
        sea_orm::ConnectionTrait::execute_raw(db, sea_orm::Statement::from_string(backend, sql))
            .await
            .unwrap();
    }
    let after = dashboard(db, &RollupCache::default(), &ministry, &frozen)
        .await
        .unwrap();
    let live_after = dashboard(
        db,
        &RollupCache::default(),
        &ministry,
        &DashboardFilter::default(),
    )
    .await
    .unwrap();
    assert_ne!(
        live_before.planned_total(),
        live_after.planned_total(),
        "the live figures moved"
    );
    assert_ne!(live_before.indicators, live_after.indicators);
    assert_eq!(before.planned, after.planned, "the snapshot's money stands");
    assert_eq!(before.realised, after.realised);
    assert_eq!(before.indicators, after.indicators, "its indicators stand");
    assert_eq!(before.by_region, after.by_region);
    assert_eq!(before.by_theme, after.by_theme);
    assert_eq!(
        (before.projects, before.subprojects, before.organisations),
        (after.projects, after.subprojects, after.organisations)
    );
}

/// The figures of a dashboard, without what belongs to its reader or its moment (the filter,
/// choices, rights, the trend and whether it is frozen).
fn figures_only(d: &Dashboard) -> Dashboard {
    Dashboard {
        filter: DashboardFilter::default(),
        choices: Default::default(),
        can_include_unapproved: false,
        can_edit_frame: false,
        national_reader: false,
        frame_version: 0,
        frozen: None,
        trend: Vec::new(),
        ..d.clone()
    }
}

/// Nothing changed after 2025H2 was closed in the demo (its reports are all in before), so
/// every figure frozen then must equal the live figures at the end of that period: the
/// counts, money by source, region and theme, and every indicator.
async fn a_snapshot_with_no_changes_since_equals_the_live_figures_of_its_period(test: TestDb) {
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let national = demo_user(db, "national@innocities.example").await;
    let frozen = dashboard(
        db,
        &RollupCache::default(),
        &national,
        &DashboardFilter {
            snapshot: Some("2025H2".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let live = dashboard(
        db,
        &RollupCache::default(),
        &national,
        &DashboardFilter {
            period: Some("2025H2".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (frozen.projects, frozen.subprojects, frozen.organisations),
        (214, 403, 84),
        "the published counts, not each package once more"
    );
    assert_eq!(figures_only(&frozen), figures_only(&live));
    // The trend and comparison carry the same figure.
    let point = frozen
        .trend
        .iter()
        .find(|p| p.period == "2025H2")
        .expect("2025H2 in the trend");
    assert_eq!(point.subprojects, 403);
}

/// Compares every figure of the dashboard with a recomputation from the raw rows, for each
/// kind of reader and a set of filters alone and combined; returns how many were compared.
async fn check_every_figure(db: &DatabaseConnection, cache: &RollupCache) -> usize {
    let raw = raw(db).await;
    let national = demo_user(db, "national@innocities.example").await;
    let ministry = demo_user(db, "ministry@innocities.example").await;
    let tampere = demo_user(db, "tampere@innocities.example").await;
    let east = demo_user(db, "east@innocities.example").await;
    // Tampere's coordinator who also reads nationally for the ministry: drafts stay Tampere's.
    let mixed = Principal {
        roles: vec![Role::CityCoordinator, Role::MinistryViewer],
        ..tampere.clone()
    };
    let some = |v: &str| Some(v.to_string());
    let filters = [
        DashboardFilter::default(),
        DashboardFilter {
            region: some("tampere"),
            ..Default::default()
        },
        DashboardFilter {
            theme: some("digitalisation"),
            ..Default::default()
        },
        DashboardFilter {
            action: some("startups"),
            ..Default::default()
        },
        DashboardFilter {
            council: some("pirkanmaa"),
            ..Default::default()
        },
        DashboardFilter {
            period: some("2025H2"),
            ..Default::default()
        },
        DashboardFilter {
            all: true,
            ..Default::default()
        },
        DashboardFilter {
            theme: some("wellbeing"),
            council: some("helsinki-uusimaa"),
            period: some("2026H1"),
            all: true,
            ..Default::default()
        },
    ];
    let mut checked = 0;
    for who in [&national, &ministry, &tampere, &east, &mixed] {
        let regions: Vec<i32> = who.regions.iter().map(|(id, _)| *id).collect();
        let reads_nationally = who.has(Role::NationalCoordinator) || who.has(Role::MinistryViewer);
        for f in &filters {
            let d = dashboard(db, cache, who, f).await.unwrap();
            // Drafts nationally for the national team only; a coordinator's drafts within
            // their regions; otherwise approved data in the reader's scope.
            let (own, approved_only) = if f.all && who.has(Role::NationalCoordinator) {
                (None, false)
            } else if f.all && who.has(Role::CityCoordinator) {
                (Some(regions.clone()), false)
            } else if reads_nationally {
                (None, true)
            } else {
                (Some(regions.clone()), true)
            };
            assert_eq!(d.filter.all, !approved_only, "{} {f:?}", who.email);
            let want = expect(&raw, f, own.as_deref(), approved_only);
            let got = shown(&d);
            let context = format!("{} {f:?}", who.email);
            assert_eq!(got.projects, want.projects, "projects: {context}");
            assert_eq!(got.subprojects, want.subprojects, "subprojects: {context}");
            assert_eq!(
                got.organisations, want.organisations,
                "organisations: {context}"
            );
            assert_eq!(got.planned, want.planned, "planned: {context}");
            assert_eq!(got.realised, want.realised, "realised: {context}");
            assert_eq!(got.by_region, want.by_region, "by region: {context}");
            assert_eq!(got.by_theme, want.by_theme, "by theme: {context}");
            // Indicators: the same rules over the same subprojects.
            let Resolved {
                region,
                theme,
                action,
                council,
                until,
            } = resolve(&raw, f);
            let counts = |sub: i32| {
                let s = raw.subs.iter().find(|s| s.id == sub).unwrap();
                let p = raw.projects.iter().find(|p| p.id == s.project_id).unwrap();
                own.as_ref().is_none_or(|o| o.contains(&s.region_id))
                    && region.is_none_or(|r| s.region_id == r)
                    && theme.is_none_or(|t| p.theme_id == t)
                    && action.is_none_or(|a| {
                        raw.actions
                            .iter()
                            .any(|pa| pa.project_id == p.id && pa.action_id == a)
                    })
                    && council.is_none_or(|c| s.council_id == c)
            };
            let indicators = recompute_filtered(db, approved_only, until, &counts).await;
            let got_indicators: BTreeMap<String, (i64, i64, Option<i64>)> = d
                .indicators
                .iter()
                .map(|p| {
                    (
                        p.code.clone(),
                        (p.target.0, p.actual.0, p.companies_distinct),
                    )
                })
                .collect();
            let codes: HashMap<i32, String> = entity::indicator::Entity::find()
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|i| (i.id, i.code))
                .collect();
            let want_indicators: BTreeMap<String, (i64, i64, Option<i64>)> = indicators
                .into_iter()
                .map(|(id, v)| (codes[&id].clone(), v))
                .collect();
            assert_eq!(got_indicators, want_indicators, "indicators: {context}");
            // The regions' actuals (the map's bubbles) add up to the verified totals; with one
            // region chosen they are that region's verified figures.
            for p in &d.indicators {
                let regions: i64 = d
                    .by_region
                    .iter()
                    .map(|r| r.actual(&p.code).map_or(0, |q| q.0))
                    .sum();
                assert_eq!(regions, p.actual.0, "{} by region: {context}", p.code);
            }
            checked += 1;
        }
    }
    checked
}

/// A kept roll-up is served until any change commits, by the application or by anything
/// else writing to the database, and recomputed after it.
async fn kept_roll_ups_follow_every_committed_change(test: TestDb) {
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let national = demo_user(db, "national@innocities.example").await;
    let cache = RollupCache::default();
    let all = DashboardFilter::default();
    let first = dashboard(db, &cache, &national, &all).await.unwrap();
    let again = dashboard(db, &cache, &national, &all).await.unwrap();
    assert_eq!(first, again, "nothing changed, the same figures");
    let figures = app::ssr::rollup::figures::cached_key_figures(db, &cache)
        .await
        .unwrap();
    // One cent more on one planned line, written past the application.
    let backend = db.get_database_backend();
    sea_orm::ConnectionTrait::execute_raw(
        db,
        sea_orm::Statement::from_string(
            backend,
            "UPDATE funding_line SET amount_cents = amount_cents + 1 WHERE id = \
             (SELECT MIN(id) FROM funding_line WHERE kind = 'planned')",
        ),
    )
    .await
    .unwrap();
    let after = dashboard(db, &cache, &national, &all).await.unwrap();
    assert_eq!(
        after.planned_total(),
        first.planned_total() + Money::from_cents(1)
    );
    let figures_after = app::ssr::rollup::figures::cached_key_figures(db, &cache)
        .await
        .unwrap();
    assert_eq!(
        figures_after.total_funding,
        figures.total_funding + Money::from_cents(1)
    );
    // What is kept equals a computation from scratch.
    let uncached = app::ssr::rollup::compute::compute(
        db,
        &app::ssr::rollup::indicators::RollupScope {
            approved_only: true,
            ..Default::default()
        },
        &all,
    )
    .await
    .unwrap();
    assert_eq!(after.projects, uncached.projects);
    assert_eq!(after.by_region, uncached.by_region);
}

/// The funding frame: the national team changes it (exact, Finnish or English notation), the
/// change is audited with old and new value, a stale form is refused, a bad amount names the
/// field, and nobody else may change it.
async fn the_national_team_edits_the_funding_frame_audited_and_without_lost_edits(test: TestDb) {
    use app::error::AppError;
    use app::ssr::services::frame::{frame, set_frame};
    use entity::audit_log;
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let national = demo_user(db, "national@innocities.example").await;
    let ministry = demo_user(db, "ministry@innocities.example").await;
    let tampere = demo_user(db, "tampere@innocities.example").await;
    let (before, version) = frame(db).await.unwrap();

    set_frame(db, &national, "198 500 000,50", version)
        .await
        .unwrap();
    let (after, new_version) = frame(db).await.unwrap();
    assert_eq!(after, Money::from_cents(19_850_000_050));
    assert_eq!(new_version, version + 1);
    let cache = RollupCache::default();
    let d = dashboard(db, &cache, &national, &DashboardFilter::default())
        .await
        .unwrap();
    assert_eq!(d.frame, Some(after), "the dashboard shows the new frame");

    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("programme_setting"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].user_id, Some(national.user_id));
    let changes = audited[0].changes.clone();
    assert!(
        changes.contains(&before.to_string()) && changes.contains("198500000.50"),
        "old and new value: {changes}"
    );

    // The same old form again: refused, the saved value stands.
    assert_eq!(
        set_frame(db, &national, "1", version).await.unwrap_err(),
        AppError::Conflict
    );
    let e = set_frame(db, &national, "kaksisataa", new_version)
        .await
        .unwrap_err();
    assert_eq!(e.field_messages("frame"), ["money_not_a_number"]);
    for other in [&ministry, &tampere] {
        assert_eq!(
            set_frame(db, other, "1", new_version).await.unwrap_err(),
            AppError::Forbidden
        );
    }
    assert_eq!(frame(db).await.unwrap(), (after, new_version));
}
