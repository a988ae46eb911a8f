//! Reference data edited in the app by the national team and admins: city regions (names,
//! population, funding council, the ecosystem agreement's dates, frame and focus, and the
//! municipalities), regional councils, and organisations (name, home municipality, kind,
//! Business ID corrections). Every save is parsed at the boundary, refuses to overwrite a
//! newer save (the differing saved values come back), and is audited field by field in the
//! same transaction.

use super::audit::{self, Entry};
use super::audit::{changes_json, diff_fields};
use super::projects::choices_by;
use crate::error::{AppError, FieldErrors};
use crate::model::reference::{
    CouncilInput, CouncilRow, MUNICIPALITY_KINDS, MunicipalityInput, OrganisationInput,
    OrganisationRow, ReferenceOverview, RegionForm, RegionInput, RegionRow,
};
use crate::model::register::ORGANISATION_KINDS;
use crate::model::text::{LINE, PARAGRAPHS, parse_into};
use crate::model::{BusinessId, Money};
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::columns::names;
use entity::{city_region, ecosystem_agreement, municipality, organisation, regional_council};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

fn validation(errors: FieldErrors) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Everything the reference page lists.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins.
pub async fn overview(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<ReferenceOverview, AppError> {
    ensure_keeper(principal)?;
    let councils: Vec<regional_council::Model> = regional_council::Entity::find()
        .order_by_asc(regional_council::Column::NameFi)
        .all(db)
        .await?;
    let council_names: HashMap<i32, crate::model::Names> = councils
        .iter()
        .map(|c| (c.id, names(&c.name_fi, &c.name_sv, &c.name_en)))
        .collect();
    let agreements: HashMap<i32, ecosystem_agreement::Model> = ecosystem_agreement::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.region_id, a))
        .collect();
    let mut towns: HashMap<i32, Vec<String>> = HashMap::new();
    for m in municipality::Entity::find()
        .order_by_asc(municipality::Column::Id)
        .all(db)
        .await?
    {
        towns.entry(m.region_id).or_default().push(m.name_fi);
    }
    let regions: Vec<city_region::Model> = city_region::Entity::find()
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?;
    let region_rows = regions
        .iter()
        .map(|r| {
            let agreement = agreements.get(&r.id);
            RegionRow {
                id: r.id,
                name: names(&r.name_fi, &r.name_sv, &r.name_en),
                council: council_names
                    .get(&r.council_id)
                    .cloned()
                    .unwrap_or_default(),
                population: r.population,
                starts_on: agreement.map(|a| a.starts_on.to_string()),
                ends_on: agreement.map(|a| a.ends_on.to_string()),
                frame: agreement.and_then(|a| a.frame_cents).map(Money::from_cents),
                municipalities: towns.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect();
    let council_rows = councils
        .iter()
        .map(|c| CouncilRow {
            id: c.id,
            code: c.code.clone(),
            name: names(&c.name_fi, &c.name_sv, &c.name_en),
            version: c.version,
            regions: regions.iter().filter(|r| r.council_id == c.id).count(),
        })
        .collect();
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationRow {
            id: o.id,
            name: o.name,
            business_id: o.business_id,
            kind: o.kind,
            municipality: o.municipality,
            version: o.version,
        })
        .collect();
    Ok(ReferenceOverview {
        regions: region_rows,
        councils: council_rows,
        organisations,
    })
}

// ---------------------------------------------------------------------------------------
// City regions

fn region_fields(input: &RegionInput) -> Vec<(&'static str, String)> {
    let towns = input
        .municipalities
        .iter()
        .map(|m| format!("{} / {} ({})", m.name_fi, m.name_sv, m.kind))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        ("name_fi", input.name_fi.clone()),
        ("name_sv", input.name_sv.clone()),
        ("name_en", input.name_en.clone()),
        ("council", input.council.clone()),
        ("population", input.population.clone()),
        ("signed_on", input.signed_on.clone()),
        ("starts_on", input.starts_on.clone()),
        ("ends_on", input.ends_on.clone()),
        ("frame", input.frame.clone()),
        ("focus_fi", input.focus_fi.clone()),
        ("focus_sv", input.focus_sv.clone()),
        ("focus_en", input.focus_en.clone()),
        ("municipalities", towns),
    ]
}

async fn region_input(
    db: &impl ConnectionTrait,
    region: &city_region::Model,
) -> Result<RegionInput, AppError> {
    let council = regional_council::Entity::find_by_id(region.council_id)
        .one(db)
        .await?
        .map(|c| c.code)
        .unwrap_or_default();
    let agreement = ecosystem_agreement::Entity::find()
        .filter(ecosystem_agreement::Column::RegionId.eq(region.id))
        .one(db)
        .await?;
    let municipalities = municipality::Entity::find()
        .filter(municipality::Column::RegionId.eq(region.id))
        .order_by_asc(municipality::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MunicipalityInput {
            name_fi: m.name_fi,
            name_sv: m.name_sv,
            kind: m.kind,
        })
        .collect();
    let text = |f: fn(&ecosystem_agreement::Model) -> String| {
        agreement.as_ref().map(f).unwrap_or_default()
    };
    Ok(RegionInput {
        name_fi: region.name_fi.clone(),
        name_sv: region.name_sv.clone(),
        name_en: region.name_en.clone(),
        council,
        population: region.population.map(|p| p.to_string()).unwrap_or_default(),
        signed_on: text(|a| a.signed_on.to_string()),
        starts_on: text(|a| a.starts_on.to_string()),
        ends_on: text(|a| a.ends_on.to_string()),
        frame: agreement
            .as_ref()
            .and_then(|a| a.frame_cents)
            .map(|c| Money::from_cents(c).to_string())
            .unwrap_or_default(),
        focus_fi: text(|a| a.focus_fi.clone()),
        focus_sv: text(|a| a.focus_sv.clone()),
        focus_en: text(|a| a.focus_en.clone()),
        municipalities,
    })
}

/// A region's form.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn region_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<RegionForm, AppError> {
    ensure_keeper(principal)?;
    let region = city_region::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RegionForm {
        id,
        code: region.code.clone(),
        version: region.version,
        input: region_input(db, &region).await?,
        councils: choices_by(db, "regional_council", "name_fi").await?,
    })
}

/// A region's form parsed: everything a save writes.
struct ParsedRegion {
    input: RegionInput,
    population: Option<i32>,
    dates: [chrono::NaiveDate; 3],
    frame: Option<i64>,
}

fn parse_region(input: &RegionInput) -> Result<ParsedRegion, AppError> {
    let mut errors = FieldErrors::new();
    let mut clean = RegionInput {
        name_fi: parse_into(&mut errors, "name_fi", &input.name_fi, LINE, 200, true),
        name_sv: parse_into(&mut errors, "name_sv", &input.name_sv, LINE, 200, true),
        name_en: parse_into(&mut errors, "name_en", &input.name_en, LINE, 200, true),
        council: parse_into(&mut errors, "council", &input.council, LINE, 40, true),
        population: parse_into(
            &mut errors,
            "population",
            &input.population,
            LINE,
            12,
            false,
        ),
        signed_on: String::new(),
        starts_on: String::new(),
        ends_on: String::new(),
        frame: parse_into(&mut errors, "frame", &input.frame, LINE, 40, false),
        focus_fi: parse_into(
            &mut errors,
            "focus_fi",
            &input.focus_fi,
            PARAGRAPHS,
            2000,
            false,
        ),
        focus_sv: parse_into(
            &mut errors,
            "focus_sv",
            &input.focus_sv,
            PARAGRAPHS,
            2000,
            false,
        ),
        focus_en: parse_into(
            &mut errors,
            "focus_en",
            &input.focus_en,
            PARAGRAPHS,
            2000,
            false,
        ),
        municipalities: Vec::new(),
    };
    let population = match clean.population.as_str() {
        "" => None,
        text => match text.replace([' ', '\u{a0}'], "").parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.insert("population".into(), vec!["invalid".into()]);
                None
            }
        },
    };
    let mut dates = Vec::new();
    for (field, text) in [
        ("signed_on", &input.signed_on),
        ("starts_on", &input.starts_on),
        ("ends_on", &input.ends_on),
    ] {
        dates.push(crate::model::dates::parse_into(&mut errors, field, text));
    }
    if let [Some(_), Some(start), Some(end)] = dates[..]
        && end < start
    {
        errors.insert("ends_on".into(), vec!["ends_before_start".into()]);
    }
    let frame = match clean.frame.as_str() {
        "" => None,
        text => match Money::parse_input(text) {
            Ok(m) => Some(m.cents()),
            Err(e) => {
                errors.insert("frame".into(), vec![e.message_key().into()]);
                None
            }
        },
    };
    if input.municipalities.len() > 50 {
        errors.insert("municipalities".into(), vec!["too_many".into()]);
    }
    for (i, m) in input.municipalities.iter().enumerate() {
        let name_fi = parse_into(
            &mut errors,
            &format!("municipality_fi_{i}"),
            &m.name_fi,
            LINE,
            120,
            false,
        );
        let name_sv = parse_into(
            &mut errors,
            &format!("municipality_sv_{i}"),
            &m.name_sv,
            LINE,
            120,
            false,
        );
        if name_fi.is_empty() && name_sv.is_empty() {
            continue; // an empty row of the form
        }
        if name_fi.is_empty() {
            errors.insert(format!("municipality_fi_{i}"), vec!["required".into()]);
        }
        if !MUNICIPALITY_KINDS.contains(&m.kind.as_str()) {
            errors.insert(format!("municipality_kind_{i}"), vec!["invalid".into()]);
        }
        let name_sv = if name_sv.is_empty() {
            name_fi.clone()
        } else {
            name_sv
        };
        if clean
            .municipalities
            .iter()
            .any(|o: &MunicipalityInput| o.name_fi == name_fi)
        {
            errors.insert(format!("municipality_fi_{i}"), vec!["duplicate".into()]);
        }
        clean.municipalities.push(MunicipalityInput {
            name_fi,
            name_sv,
            kind: m.kind.clone(),
        });
    }
    if clean.municipalities.is_empty() {
        errors.insert("municipalities".into(), vec!["required".into()]);
    }
    validation(errors)?;
    let [Some(signed), Some(starts), Some(ends)] = dates[..] else {
        return Err(AppError::Internal);
    };
    clean.signed_on = signed.to_string();
    clean.starts_on = starts.to_string();
    clean.ends_on = ends.to_string();
    clean.frame = frame
        .map(|c| Money::from_cents(c).to_string())
        .unwrap_or_default();
    clean.population = population.map(|p| p.to_string()).unwrap_or_default();
    Ok(ParsedRegion {
        input: clean,
        population,
        dates: [signed, starts, ends],
        frame,
    })
}

/// Saves a region with its agreement and municipalities, if it is still at `version`.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::Validation`]
/// per field; [`AppError::EditConflict`] with the saved values when someone saved first.
pub async fn save_region(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    input: &RegionInput,
) -> Result<(), AppError> {
    ensure_keeper(principal)?;
    let parsed = parse_region(input)?;
    let council = regional_council::Entity::find()
        .filter(regional_council::Column::Code.eq(parsed.input.council.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("council", "unknown"))?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let region = city_region::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = region_input(&txn, &region).await?;
    let updated = city_region::Entity::update_many()
        .col_expr(
            city_region::Column::NameFi,
            Expr::value(parsed.input.name_fi.clone()),
        )
        .col_expr(
            city_region::Column::NameSv,
            Expr::value(parsed.input.name_sv.clone()),
        )
        .col_expr(
            city_region::Column::NameEn,
            Expr::value(parsed.input.name_en.clone()),
        )
        .col_expr(city_region::Column::CouncilId, Expr::value(council.id))
        .col_expr(
            city_region::Column::Population,
            Expr::value(parsed.population),
        )
        .col_expr(
            city_region::Column::Version,
            Expr::col(city_region::Column::Version).add(1),
        )
        .filter(city_region::Column::Id.eq(id))
        .filter(city_region::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::EditConflict(diff_fields(
            &region_fields(&parsed.input),
            &region_fields(&before),
        )));
    }
    let [signed, starts, ends] = parsed.dates;
    let agreement = ecosystem_agreement::Entity::find()
        .filter(ecosystem_agreement::Column::RegionId.eq(id))
        .one(&txn)
        .await?;
    match agreement {
        Some(a) => {
            ecosystem_agreement::Entity::update_many()
                .col_expr(ecosystem_agreement::Column::SignedOn, Expr::value(signed))
                .col_expr(ecosystem_agreement::Column::StartsOn, Expr::value(starts))
                .col_expr(ecosystem_agreement::Column::EndsOn, Expr::value(ends))
                .col_expr(
                    ecosystem_agreement::Column::FrameCents,
                    Expr::value(parsed.frame),
                )
                .col_expr(
                    ecosystem_agreement::Column::FocusFi,
                    Expr::value(parsed.input.focus_fi.clone()),
                )
                .col_expr(
                    ecosystem_agreement::Column::FocusSv,
                    Expr::value(parsed.input.focus_sv.clone()),
                )
                .col_expr(
                    ecosystem_agreement::Column::FocusEn,
                    Expr::value(parsed.input.focus_en.clone()),
                )
                .col_expr(
                    ecosystem_agreement::Column::Version,
                    Expr::col(ecosystem_agreement::Column::Version).add(1),
                )
                .filter(ecosystem_agreement::Column::Id.eq(a.id))
                .exec(&txn)
                .await?;
        }
        None => {
            ecosystem_agreement::ActiveModel {
                region_id: Set(id),
                signed_on: Set(signed),
                starts_on: Set(starts),
                ends_on: Set(ends),
                frame_cents: Set(parsed.frame),
                focus_fi: Set(parsed.input.focus_fi.clone()),
                focus_sv: Set(parsed.input.focus_sv.clone()),
                focus_en: Set(parsed.input.focus_en.clone()),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    municipality::Entity::delete_many()
        .filter(municipality::Column::RegionId.eq(id))
        .exec(&txn)
        .await?;
    let rows: Vec<municipality::ActiveModel> = parsed
        .input
        .municipalities
        .iter()
        .map(|m| municipality::ActiveModel {
            region_id: Set(id),
            name_fi: Set(m.name_fi.clone()),
            name_sv: Set(m.name_sv.clone()),
            kind: Set(m.kind.clone()),
            ..Default::default()
        })
        .collect();
    municipality::Entity::insert_many(rows).exec(&txn).await?;
    let changes = diff_fields(&region_fields(&before), &region_fields(&parsed.input));
    let entry = Entry::new("update", "city_region", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(changes));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Regional councils

fn council_fields(c: &CouncilInput) -> Vec<(&'static str, String)> {
    vec![
        ("code", c.code.clone()),
        ("name_fi", c.name_fi.clone()),
        ("name_sv", c.name_sv.clone()),
        ("name_en", c.name_en.clone()),
    ]
}

/// A council's form: the stored values and version (`None`: a new one).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn council_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
) -> Result<(CouncilInput, Option<i32>), AppError> {
    ensure_keeper(principal)?;
    let Some(id) = id else {
        return Ok((CouncilInput::default(), None));
    };
    let c = regional_council::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        CouncilInput {
            code: c.code,
            name_fi: c.name_fi,
            name_sv: c.name_sv,
            name_en: c.name_en,
        },
        Some(c.version),
    ))
}

/// Adds a council (`id` = `None`) or corrects one still at `version`.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::Validation`]
/// per field (a taken code: `code_taken`); [`AppError::EditConflict`].
pub async fn save_council(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CouncilInput,
) -> Result<i32, AppError> {
    ensure_keeper(principal)?;
    let mut errors = FieldErrors::new();
    let input = CouncilInput {
        code: parse_into(&mut errors, "code", &input.code, LINE, 40, true).to_lowercase(),
        name_fi: parse_into(&mut errors, "name_fi", &input.name_fi, LINE, 200, true),
        name_sv: parse_into(&mut errors, "name_sv", &input.name_sv, LINE, 200, true),
        name_en: parse_into(&mut errors, "name_en", &input.name_en, LINE, 200, true),
    };
    if !input
        .code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        errors.insert("code".into(), vec!["invalid".into()]);
    }
    validation(errors)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let taken = regional_council::Entity::find()
        .filter(regional_council::Column::Code.eq(input.code.as_str()))
        .filter(regional_council::Column::Id.ne(id.unwrap_or(-1)))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("code", "code_taken"));
    }
    let (id, before, action) = match id {
        None => {
            let created = regional_council::ActiveModel {
                code: Set(input.code.clone()),
                name_fi: Set(input.name_fi.clone()),
                name_sv: Set(input.name_sv.clone()),
                name_en: Set(input.name_en.clone()),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(AppError::unique_as("code", "code_taken"))?;
            (created.id, CouncilInput::default(), "create")
        }
        Some(id) => {
            let current = regional_council::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let before = CouncilInput {
                code: current.code.clone(),
                name_fi: current.name_fi.clone(),
                name_sv: current.name_sv.clone(),
                name_en: current.name_en.clone(),
            };
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            let updated = regional_council::Entity::update_many()
                .col_expr(
                    regional_council::Column::Code,
                    Expr::value(input.code.clone()),
                )
                .col_expr(
                    regional_council::Column::NameFi,
                    Expr::value(input.name_fi.clone()),
                )
                .col_expr(
                    regional_council::Column::NameSv,
                    Expr::value(input.name_sv.clone()),
                )
                .col_expr(
                    regional_council::Column::NameEn,
                    Expr::value(input.name_en.clone()),
                )
                .col_expr(
                    regional_council::Column::Version,
                    Expr::col(regional_council::Column::Version).add(1),
                )
                .filter(regional_council::Column::Id.eq(id))
                .filter(regional_council::Column::Version.eq(expected))
                .exec(&txn)
                .await
                .map_err(AppError::unique_as("code", "code_taken"))?;
            if updated.rows_affected == 0 {
                return Err(AppError::EditConflict(diff_fields(
                    &council_fields(&input),
                    &council_fields(&before),
                )));
            }
            (id, before, "update")
        }
    };
    let entry = Entry::new(action, "regional_council", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff_fields(
            &council_fields(&before),
            &council_fields(&input),
        )));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Organisations

fn organisation_fields(o: &OrganisationInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", o.name.clone()),
        ("business_id", o.business_id.clone()),
        ("kind", o.kind.clone()),
        ("municipality", o.municipality.clone()),
    ]
}

fn organisation_input(o: &organisation::Model) -> OrganisationInput {
    OrganisationInput {
        name: o.name.clone(),
        business_id: o.business_id.clone(),
        kind: o.kind.clone(),
        municipality: o.municipality.clone().unwrap_or_default(),
    }
}

/// An organisation's form with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn organisation_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(OrganisationInput, i32), AppError> {
    ensure_keeper(principal)?;
    let o = organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((organisation_input(&o), o.version))
}

/// Corrects an organisation still at `version`: its name, Business ID (a correction: the
/// check digit must match and no other organisation may have it), kind and municipality.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::Validation`]
/// per field; [`AppError::EditConflict`].
pub async fn save_organisation(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    input: &OrganisationInput,
) -> Result<(), AppError> {
    ensure_keeper(principal)?;
    let mut errors = FieldErrors::new();
    let mut input = OrganisationInput {
        name: parse_into(&mut errors, "name", &input.name, LINE, 200, true),
        business_id: input.business_id.trim().to_string(),
        kind: input.kind.trim().to_string(),
        municipality: parse_into(
            &mut errors,
            "municipality",
            &input.municipality,
            LINE,
            120,
            false,
        ),
    };
    match BusinessId::parse(&input.business_id) {
        Ok(bid) => input.business_id = bid.to_string(),
        Err(e) => {
            errors.insert("business_id".into(), vec![e.message_key().into()]);
        }
    }
    if !ORGANISATION_KINDS.contains(&input.kind.as_str()) {
        errors.insert("kind".into(), vec!["invalid".into()]);
    }
    validation(errors)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let current = organisation::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = organisation_input(&current);
    let taken = organisation::Entity::find()
        .filter(organisation::Column::BusinessId.eq(input.business_id.as_str()))
        .filter(organisation::Column::Id.ne(id))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("business_id", "business_id_taken"));
    }
    let municipality = (!input.municipality.is_empty()).then(|| input.municipality.clone());
    let updated = organisation::Entity::update_many()
        .col_expr(organisation::Column::Name, Expr::value(input.name.clone()))
        .col_expr(
            organisation::Column::BusinessId,
            Expr::value(input.business_id.clone()),
        )
        .col_expr(organisation::Column::Kind, Expr::value(input.kind.clone()))
        .col_expr(
            organisation::Column::Municipality,
            Expr::value(municipality),
        )
        .col_expr(
            organisation::Column::UpdatedAt,
            Expr::value(chrono::Utc::now()),
        )
        .col_expr(
            organisation::Column::Version,
            Expr::col(organisation::Column::Version).add(1),
        )
        .filter(organisation::Column::Id.eq(id))
        .filter(organisation::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(AppError::unique_as("business_id", "business_id_taken"))?;
    if updated.rows_affected == 0 {
        return Err(AppError::EditConflict(diff_fields(
            &organisation_fields(&input),
            &organisation_fields(&before),
        )));
    }
    let entry = Entry::new("update", "organisation", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff_fields(
            &organisation_fields(&before),
            &organisation_fields(&input),
        )));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
