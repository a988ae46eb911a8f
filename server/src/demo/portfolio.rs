//! The register part of the demo: organisations, project packages with their actions,
//! subprojects, planned funding by source, indicator targets and the case studies.

use super::catalogue::{KINDS, ORGANISATIONS, TOPICS};
use super::plan::{HEADLINE_TARGETS, REGION_PLANS, apportion, mix, region_sources};
use app::model::BusinessId;
use app::model::sources::BySource;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use entity::status::{FundingKind, ProjectStatus};
use entity::{
    action, case_study, case_study_project, city_region, funding_line, funding_source, indicator,
    indicator_target, organisation, project, project_action, subproject, theme,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use std::collections::HashMap;

/// The day the published figures are "as of".
pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0)
        .single()
        .expect("a valid time")
}

/// A subproject as the report generator needs it.
#[derive(Clone, Debug)]
pub struct SeededSubproject {
    pub id: i32,
    /// Position among all demo subprojects, for deterministic choices.
    pub index: u64,
    pub starts_on: NaiveDate,
    pub status: ProjectStatus,
    /// Planned euros by source.
    pub planned_euros: BySource<i64>,
    /// Headline targets (platforms, companies, innovations) in whole units.
    pub targets: [i64; 3],
}

fn status_on(starts_on: NaiveDate, ends_on: NaiveDate, day: NaiveDate) -> ProjectStatus {
    if starts_on > day {
        ProjectStatus::Planned
    } else if ends_on < day {
        ProjectStatus::Closed
    } else {
        ProjectStatus::Ongoing
    }
}

/// Inserts the register part of the demo and returns its subprojects.
///
/// # Errors
/// The database fails.
pub async fn load(db: &impl ConnectionTrait) -> anyhow::Result<Vec<SeededSubproject>> {
    let now = as_of();
    let today = now.date_naive();
    let regions: HashMap<String, city_region::Model> = city_region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
    let themes = super::ids_by_code::<theme::Entity>(db).await?;
    let mut actions: Vec<action::Model> = action::Entity::find().all(db).await?;
    actions.sort_by_key(|a| a.sort_order);
    let sources = super::ids_by_code::<funding_source::Entity>(db).await?;
    let headline_ids: HashMap<String, i32> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|i| i.headline.map(|h| (h, i.id)))
        .collect();

    // Organisations, with synthetic but valid Business IDs.
    let mut organisations: HashMap<&str, Vec<i32>> = HashMap::new();
    let mut number = 3_100_000u32;
    for (region_code, orgs) in ORGANISATIONS {
        for (name, kind) in orgs {
            let business_id = loop {
                number += 1_237;
                if let Some(id) = BusinessId::from_number(number) {
                    break id;
                }
            };
            let org = organisation::ActiveModel {
                business_id: Set(business_id.to_string()),
                name: Set((*name).to_string()),
                kind: Set((*kind).to_string()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            organisations.entry(region_code).or_default().push(org.id);
        }
    }
    let national = organisations.get("national").cloned().unwrap_or_default();

    let all_sources = region_sources();
    let mut seeded = Vec::new();
    let mut project_number = 3_001u32;
    let mut subproject_index = 0u64;
    for (r, plan) in REGION_PLANS.iter().enumerate() {
        let region = &regions[plan.code];
        let local = &organisations[plan.code];
        let r64 = r as u64;
        // Subprojects per project: one each, the rest spread from the first project on.
        let mut per_project = vec![1usize; plan.projects];
        for extra in 0..(plan.subprojects - plan.projects) {
            per_project[extra % plan.projects] += 1;
        }
        let weights: Vec<i64> = (0..plan.subprojects as u64)
            .map(|j| 2 + (mix(r64, j) % 9) as i64)
            .collect();
        let by_source = all_sources[r].map(|amount| apportion(amount, &weights));

        let mut j = 0usize;
        for (p, count) in per_project.iter().enumerate() {
            let p64 = p as u64;
            let (topic, theme_code) = TOPICS[r][p % 4];
            let kind = KINDS[(p / 4 + r) % KINDS.len()];
            let starts_on = NaiveDate::from_ymd_opt(2022, 1, 1).expect("date")
                + Duration::days((mix(r64 * 100 + p64, 11) % 1_560) as i64);
            let ends_on = starts_on + Duration::days(730 + 182 * (mix(r64, p64) % 4) as i64);
            let status = status_on(starts_on, ends_on, today);
            let code = format!("A7{project_number:04}");
            project_number += 1;
            let lead = local[p % local.len()];
            let package = project::ActiveModel {
                code: Set(code.clone()),
                name_fi: Set(format!("{} – {}", topic[0], kind[0])),
                name_sv: Set(Some(format!("{} – {}", topic[1], kind[1]))),
                name_en: Set(Some(format!("{} {}", topic[2], kind[2]))),
                description_fi: Set(format!(
                    "{} kehittää alueen {} -osaamista yhdessä yritysten kanssa.",
                    region.name_fi,
                    topic[0].to_lowercase()
                )),
                description_sv: Set(Some(format!(
                    "{} utvecklar regionens kompetens inom {} tillsammans med företag.",
                    region.name_sv,
                    topic[1].to_lowercase()
                ))),
                description_en: Set(Some(format!(
                    "{} develops the region's {} expertise together with companies.",
                    region.name_en,
                    topic[2].to_lowercase()
                ))),
                region_id: Set(region.id),
                is_national_lead: Set(false),
                theme_id: Set(themes[theme_code]),
                council_id: Set(region.council_id),
                lead_organisation_id: Set(Some(lead)),
                starts_on: Set(starts_on),
                ends_on: Set(ends_on),
                status: Set(status),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            let first_action = (p + 2 * r) % actions.len();
            let mut chosen = vec![actions[first_action].id];
            if p % 3 == 0 {
                chosen.push(actions[(first_action + 2) % actions.len()].id);
            }
            for action_id in chosen {
                project_action::ActiveModel {
                    project_id: Set(package.id),
                    action_id: Set(action_id),
                }
                .insert(db)
                .await?;
            }

            for k in 0..*count {
                // Every 25th subproject nationally is carried out by a national institute.
                let organisation_id = if subproject_index % 25 == 7 && !national.is_empty() {
                    national[(subproject_index / 25) as usize % national.len()]
                } else {
                    local[j % local.len()]
                };
                let sub = subproject::ActiveModel {
                    project_id: Set(package.id),
                    code: Set(format!("{code}-{}", k + 1)),
                    name_fi: Set(format!("{} – {} (osahanke {})", topic[0], kind[0], k + 1)),
                    name_sv: Set(Some(format!(
                        "{} – {} (delprojekt {})",
                        topic[1],
                        kind[1],
                        k + 1
                    ))),
                    name_en: Set(Some(format!(
                        "{} {} (subproject {})",
                        topic[2],
                        kind[2],
                        k + 1
                    ))),
                    description_fi: Set(String::new()),
                    description_sv: Set(None),
                    description_en: Set(None),
                    region_id: Set(region.id),
                    organisation_id: Set(organisation_id),
                    council_id: Set(region.council_id),
                    starts_on: Set(starts_on),
                    ends_on: Set(ends_on),
                    status: Set(status),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                let planned = BySource::from_fn(|source| by_source[source][j]);
                let lines: Vec<funding_line::ActiveModel> = planned
                    .iter()
                    .map(|(source, euros)| funding_line::ActiveModel {
                        subproject_id: Set(sub.id),
                        source_id: Set(sources[source.code()]),
                        kind: Set(FundingKind::Planned),
                        period_id: Set(None),
                        amount_cents: Set(euros * 100),
                        version: Set(1),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .collect();
                funding_line::Entity::insert_many(lines).exec(db).await?;
                seeded.push(SeededSubproject {
                    id: sub.id,
                    index: subproject_index,
                    starts_on,
                    status,
                    planned_euros: planned,
                    targets: [0; 3],
                });
                subproject_index += 1;
                j += 1;
            }
        }
    }

    // Headline targets, apportioned nationally so the sums are the published ones.
    for (h, (headline, total)) in HEADLINE_TARGETS.iter().enumerate() {
        let weights: Vec<i64> = seeded
            .iter()
            .map(|s| 1 + (mix(s.index, 100 + h as u64) % 12) as i64)
            .collect();
        let values = apportion(*total, &weights);
        let rows: Vec<indicator_target::ActiveModel> = seeded
            .iter_mut()
            .zip(values)
            .map(|(sub, value)| {
                sub.targets[h] = value;
                indicator_target::ActiveModel {
                    subproject_id: Set(sub.id),
                    indicator_id: Set(headline_ids[*headline]),
                    revision: Set(1),
                    value_milli: Set(value * 1000),
                    reason: Set(None),
                    set_by: Set(None),
                    set_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        for chunk in rows.chunks(200) {
            indicator_target::Entity::insert_many(chunk.to_vec())
                .exec(db)
                .await?;
        }
    }

    load_case_studies(db, &regions, now).await?;
    Ok(seeded)
}

/// The success stories of the programme's page, published and linked to a project of their
/// region.
const CASE_STUDIES: [(&str, [&str; 3]); 6] = [
    (
        "kajaani",
        [
            "Kajaanista tuli datakeskusten ja supertietokoneiden arktinen pääkaupunki",
            "Kajana blev den arktiska huvudstaden för datacenter och superdatorer",
            "Kajaani became the Arctic capital of data centres and supercomputers",
        ],
    ),
    (
        "tampere",
        [
            "Tampere voi pelastaa Euroopan tulevaisuuden siruosaamisellaan",
            "Tammerfors kan rädda Europas framtid med sin chipkompetens",
            "Tampere can save Europe's future with its chip expertise",
        ],
    ),
    (
        "joensuu",
        [
            "Suomi on metsätekoälyn ykkönen, ja Joensuu on sen johtotähti",
            "Finland är etta på skoglig artificiell intelligens och Joensuu är dess ledstjärna",
            "Finland is number one in forest artificial intelligence and Joensuu is its lodestar",
        ],
    ),
    (
        "mikkeli",
        [
            "Mikkeli on puhtaan veden pääkaupunki, jossa lietteellä ratkotaan vesiongelmia ympäri maailmaa",
            "S:t Michel är det rena vattnets huvudstad, där slam löser vattenproblem runt om i världen",
            "Mikkeli is the capital of clean water, where sludge is used to solve water-related problems across the globe",
        ],
    ),
    (
        "kokkola",
        [
            "Kokkolassa Karibian merilevästä tehdään raaka-aineita hyvinvointiteollisuudelle",
            "I Karleby blir sjögräs från Karibien råvaror för välmåendeindustrin",
            "In Kokkola, seaweed from the Caribbean is transformed into raw materials for the wellness industry",
        ],
    ),
    (
        "vaasa",
        [
            "”Valloitamme maailmaa taajuusmuuttaja kerrallaan” – Vaasa on Pohjoismaiden energiapääkaupunki",
            "”Vi erövrar världen en frekvensomriktare i taget” – Vasa är Nordens energihuvudstad",
            "“We're conquering the world one variable frequency drive at a time” – Vaasa is the Nordic Energy Capital",
        ],
    ),
];

async fn load_case_studies(
    db: &impl ConnectionTrait,
    regions: &HashMap<String, city_region::Model>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    for (region_code, [fi, sv, en]) in CASE_STUDIES {
        let region = &regions[region_code];
        let study = case_study::ActiveModel {
            region_id: Set(region.id),
            title_fi: Set(fi.to_string()),
            title_sv: Set(Some(sv.to_string())),
            title_en: Set(Some(en.to_string())),
            body_fi: Set(format!(
                "{fi}. Tarina kertoo, miten {} rakentaa ekosysteemiään.",
                region.name_fi
            )),
            body_sv: Set(Some(format!(
                "{sv}. Berättelsen visar hur {} bygger sitt ekosystem.",
                region.name_sv
            ))),
            body_en: Set(Some(format!(
                "{en}. The story shows how {} builds its ecosystem.",
                region.name_en
            ))),
            is_published: Set(true),
            published_at: Set(Some(now)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if let Some(first) = project::Entity::find()
            .filter(project::Column::RegionId.eq(region.id))
            .order_by_asc(project::Column::Code)
            .one(db)
            .await?
        {
            case_study_project::ActiveModel {
                case_study_id: Set(study.id),
                project_id: Set(first.id),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
