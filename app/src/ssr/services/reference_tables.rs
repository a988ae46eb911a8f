//! The catalogue-like lists to download beside their pages, whole and in the page's columns
//! with headings in the reader's language (see `ssr/export`): the indicator catalogue, the
//! case studies, and the reference page's city regions, regional councils and
//! organisations.

use crate::i18n::*;
use crate::model::case_studies::CaseStudySummary;
use crate::model::reference::{CouncilRow, OrganisationRow, RegionRow};
use crate::model::reporting::Indicator;
use crate::ssr::export::table::{Cell, Table, lang_of};
use crate::ssr::services::imports::template::organisation_kind_name;

/// An indicator's unit in `locale` (a unit the catalogue does not name stays as stored).
fn unit_name(locale: Locale, unit: &str) -> String {
    match unit {
        "count" => td_string!(locale, units.count).to_string(),
        "enterprises" => td_string!(locale, units.enterprises).to_string(),
        other => other.to_string(),
    }
}

/// The indicator catalogue: code, name, unit, kind, EU code and definition.
pub fn indicators_table(indicators: &[Indicator], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, indicators.code).to_string(),
        td_string!(locale, indicators.name).to_string(),
        td_string!(locale, indicators.unit).to_string(),
        td_string!(locale, indicators.kind).to_string(),
        td_string!(locale, reporting.eu_code).to_string(),
        td_string!(locale, indicators.definition).to_string(),
    ];
    let rows = indicators
        .iter()
        .map(|i| {
            let kind = if i.cumulative() {
                td_string!(locale, reporting.kind_cumulative)
            } else {
                td_string!(locale, reporting.kind_incremental)
            };
            vec![
                Cell::Text(i.code.clone()),
                Cell::text(i.name.get(lang)),
                Cell::Text(unit_name(locale, &i.unit)),
                Cell::Text(kind.to_string()),
                Cell::text(i.eu_code.as_deref().unwrap_or("")),
                Cell::text(i.definition.get(lang)),
            ]
        })
        .collect();
    Table {
        name: "indicators",
        head,
        rows,
    }
}

/// The case studies the reader may see: title, region, linked packages, published or not.
pub fn case_studies_table(rows: &[CaseStudySummary], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, case_studies.story_title).to_string(),
        td_string!(locale, register.region).to_string(),
        td_string!(locale, case_studies.projects).to_string(),
        td_string!(locale, case_studies.state).to_string(),
    ];
    let rows = rows
        .iter()
        .map(|c| {
            let state = if c.published {
                td_string!(locale, case_studies.published)
            } else {
                td_string!(locale, case_studies.unpublished)
            };
            vec![
                Cell::text(c.title.get(lang)),
                Cell::text(c.region.get(lang)),
                Cell::text(&c.projects.join(", ")),
                Cell::Text(state.to_string()),
            ]
        })
        .collect();
    Table {
        name: "case-studies",
        head,
        rows,
    }
}

/// The city regions with their municipalities, council, population, agreement and frame.
pub fn regions_table(regions: &[RegionRow], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, register.region).to_string(),
        td_string!(locale, reference.municipalities).to_string(),
        td_string!(locale, register.council).to_string(),
        td_string!(locale, reference.population).to_string(),
        td_string!(locale, reference.agreement_starts).to_string(),
        td_string!(locale, reference.agreement_ends).to_string(),
        td_string!(locale, reference.frame).to_string(),
    ];
    let rows = regions
        .iter()
        .map(|r| {
            vec![
                Cell::text(r.name.get(lang)),
                Cell::text(&r.municipalities.join(", ")),
                Cell::text(r.council.get(lang)),
                r.population
                    .map_or(Cell::Empty, |p| Cell::Count(i64::from(p))),
                r.starts_on.as_deref().map_or(Cell::Empty, Cell::day),
                r.ends_on.as_deref().map_or(Cell::Empty, Cell::day),
                Cell::from(r.frame),
            ]
        })
        .collect();
    Table {
        name: "regions",
        head,
        rows,
    }
}

/// The regional councils with their codes and how many city regions each funds.
pub fn councils_table(councils: &[CouncilRow], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, register.council).to_string(),
        td_string!(locale, register.code).to_string(),
        td_string!(locale, reference.regions_funded).to_string(),
    ];
    let rows = councils
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.name.get(lang)),
                Cell::Text(c.code.clone()),
                Cell::Count(i64::try_from(c.regions).unwrap_or(i64::MAX)),
            ]
        })
        .collect();
    Table {
        name: "councils",
        head,
        rows,
    }
}

/// The organisations with their Business IDs, kinds and municipalities.
pub fn organisations_table(organisations: &[OrganisationRow], locale: Locale) -> Table {
    let head = vec![
        td_string!(locale, organisations.name).to_string(),
        td_string!(locale, organisations.business_id).to_string(),
        td_string!(locale, organisations.kind).to_string(),
        td_string!(locale, reference.municipality).to_string(),
    ];
    let rows = organisations
        .iter()
        .map(|o| {
            vec![
                Cell::Text(o.name.clone()),
                Cell::Text(o.business_id.clone()),
                Cell::Text(organisation_kind_name(locale, &o.kind)),
                Cell::text(o.municipality.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    Table {
        name: "organisations",
        head,
        rows,
    }
}
