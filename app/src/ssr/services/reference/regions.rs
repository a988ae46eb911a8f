//! A city region's reference data: names, population, funding council, the ecosystem
//! agreement's dates, frame and focus, and its municipalities. Kept by the national team and
//! admins; parsed at the boundary, version-checked and audited field by field.

use crate::error::{AppError, FieldErrors};
use crate::model::Money;
use crate::model::forms::{NamesInput, Required};
use crate::model::reference::{MUNICIPALITY_KINDS, MunicipalityInput, RegionForm, RegionInput};
use crate::model::register::NAME_FIELDS;
use crate::model::text::{LINE, PARAGRAPHS, parse_into};
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::audit::{changes_json, diff_fields};
use crate::ssr::services::lookup;
use crate::ssr::services::versioned::{in_transaction, update_at};
use entity::{city_region, ecosystem_agreement, municipality, regional_council};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// The field names of an agreement's focus in the audit log.
const FOCUS_FIELDS: [&str; 3] = ["focus_fi", "focus_sv", "focus_en"];

fn region_fields(input: &RegionInput) -> Vec<(&'static str, String)> {
    let towns = input
        .municipalities
        .iter()
        .map(|m| format!("{} / {} ({})", m.name_fi, m.name_sv, m.kind))
        .collect::<Vec<_>>()
        .join(", ");
    let mut fields = input.name.fields(NAME_FIELDS).to_vec();
    fields.extend([
        ("council", input.council.clone()),
        ("population", input.population.clone()),
        ("signed_on", input.signed_on.clone()),
        ("starts_on", input.starts_on.clone()),
        ("ends_on", input.ends_on.clone()),
        ("frame", input.frame.clone()),
    ]);
    fields.extend(input.focus.fields(FOCUS_FIELDS));
    fields.push(("municipalities", towns));
    fields
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
        name: NamesInput::new(&region.name_fi, &region.name_sv, &region.name_en),
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
        focus: NamesInput {
            fi: text(|a| a.focus_fi.clone()),
            sv: text(|a| a.focus_sv.clone()),
            en: text(|a| a.focus_en.clone()),
        },
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
        councils: lookup::choices::<entity::regional_council::Entity>(db).await?,
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
    let mut clean = region_texts(input, &mut errors);
    let population = parse_population(&clean.population, &mut errors);
    let dates = region_dates(input, &mut errors);
    let frame = parse_frame(&clean.frame, &mut errors);
    clean.municipalities = parse_municipalities(&input.municipalities, &mut errors);
    AppError::check(errors)?;
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

/// The region's texts, cleaned; dates and municipalities are filled in by [`parse_region`].
fn region_texts(input: &RegionInput, errors: &mut FieldErrors) -> RegionInput {
    RegionInput {
        name: input.name.parse("name", LINE, 200, Required::All, errors),
        council: parse_into(errors, "council", &input.council, LINE, 40, true),
        population: parse_into(errors, "population", &input.population, LINE, 12, false),
        signed_on: String::new(),
        starts_on: String::new(),
        ends_on: String::new(),
        frame: parse_into(errors, "frame", &input.frame, LINE, 40, false),
        focus: input
            .focus
            .parse("focus", PARAGRAPHS, 2000, Required::None, errors),
        municipalities: Vec::new(),
    }
}

/// Inhabitants: a positive whole number, or none when empty.
fn parse_population(text: &str, errors: &mut FieldErrors) -> Option<i32> {
    match text {
        "" => None,
        text => match text.replace([' ', '\u{a0}'], "").parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.insert("population".into(), vec!["invalid".into()]);
                None
            }
        },
    }
}

/// The agreement's signing, start and end days (in that order), the end not before the start.
fn region_dates(input: &RegionInput, errors: &mut FieldErrors) -> Vec<Option<chrono::NaiveDate>> {
    let mut dates = Vec::new();
    for (field, text) in [
        ("signed_on", &input.signed_on),
        ("starts_on", &input.starts_on),
        ("ends_on", &input.ends_on),
    ] {
        dates.push(crate::model::dates::parse_into(errors, field, text));
    }
    if let [Some(_), Some(start), Some(end)] = dates[..]
        && end < start
    {
        errors.insert("ends_on".into(), vec!["ends_before_start".into()]);
    }
    dates
}

/// The funding frame in cents, or none when empty.
fn parse_frame(text: &str, errors: &mut FieldErrors) -> Option<i64> {
    match text {
        "" => None,
        text => match Money::parse_input(text) {
            Ok(m) => Some(m.cents()),
            Err(e) => {
                errors.insert("frame".into(), vec![e.message_key().into()]);
                None
            }
        },
    }
}

/// The municipalities of the form's rows, empty rows left out, each named once.
fn parse_municipalities(
    rows: &[MunicipalityInput],
    errors: &mut FieldErrors,
) -> Vec<MunicipalityInput> {
    let mut out: Vec<MunicipalityInput> = Vec::new();
    if rows.len() > 50 {
        errors.insert("municipalities".into(), vec!["too_many".into()]);
    }
    for (i, m) in rows.iter().enumerate() {
        let name_fi = parse_into(
            errors,
            &format!("municipality_fi_{i}"),
            &m.name_fi,
            LINE,
            120,
            false,
        );
        let name_sv = parse_into(
            errors,
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
        if out.iter().any(|o: &MunicipalityInput| o.name_fi == name_fi) {
            errors.insert(format!("municipality_fi_{i}"), vec!["duplicate".into()]);
        }
        out.push(MunicipalityInput {
            name_fi,
            name_sv,
            kind: m.kind.clone(),
        });
    }
    if out.is_empty() {
        errors.insert("municipalities".into(), vec!["required".into()]);
    }
    out
}

/// Saves a region with its agreement and municipalities, if it is still at `version`, in
/// one transaction with its field-level audit record.
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
    in_transaction(db, async |txn| {
        save_region_in(txn, principal, id, version, &parsed).await
    })
    .await
}

/// Writes a parsed region inside the caller's transaction, audited field by field.
///
/// # Errors
/// A `council` field error for an unknown council, [`AppError::NotFound`],
/// [`AppError::EditConflict`].
async fn save_region_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    version: i32,
    parsed: &ParsedRegion,
) -> Result<(), AppError> {
    let council = lookup::find::<regional_council::Entity>(txn, &parsed.input.council)
        .await?
        .ok_or_else(|| AppError::field("council", "unknown"))?;
    let region = city_region::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = region_input(txn, &region).await?;
    let model = city_region::ActiveModel {
        name_fi: Set(parsed.input.name.fi.clone()),
        name_sv: Set(parsed.input.name.sv.clone()),
        name_en: Set(parsed.input.name.en.clone()),
        council_id: Set(council.id),
        population: Set(parsed.population),
        ..Default::default()
    };
    let (old, new) = (region_fields(&before), region_fields(&parsed.input));
    update_at(txn, id, Some(version), model, || diff_fields(&new, &old)).await?;
    write_agreement(txn, id, parsed).await?;
    replace_municipalities(txn, id, &parsed.input.municipalities).await?;
    let entry = Entry::new("update", "city_region", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff_fields(&old, &new)));
    audit::record(txn, entry).await
}

/// Writes the region's ecosystem agreement: its dates, frame and focus.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn write_agreement(
    txn: &impl ConnectionTrait,
    region_id: i32,
    parsed: &ParsedRegion,
) -> Result<(), AppError> {
    let [signed, starts, ends] = parsed.dates;
    let model = ecosystem_agreement::ActiveModel {
        signed_on: Set(signed),
        starts_on: Set(starts),
        ends_on: Set(ends),
        frame_cents: Set(parsed.frame),
        focus_fi: Set(parsed.input.focus.fi.clone()),
        focus_sv: Set(parsed.input.focus.sv.clone()),
        focus_en: Set(parsed.input.focus.en.clone()),
        ..Default::default()
    };
    let agreement = ecosystem_agreement::Entity::find()
        .filter(ecosystem_agreement::Column::RegionId.eq(region_id))
        .one(txn)
        .await?;
    match agreement {
        Some(a) => {
            ecosystem_agreement::Entity::update_many()
                .set(model)
                .col_expr(
                    ecosystem_agreement::Column::Version,
                    Expr::col(ecosystem_agreement::Column::Version).add(1),
                )
                .filter(ecosystem_agreement::Column::Id.eq(a.id))
                .exec(txn)
                .await?;
        }
        None => {
            let created = ecosystem_agreement::ActiveModel {
                region_id: Set(region_id),
                version: Set(1),
                ..model
            };
            ecosystem_agreement::Entity::insert(created)
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// Replaces the region's municipalities.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn replace_municipalities(
    txn: &impl ConnectionTrait,
    region_id: i32,
    towns: &[MunicipalityInput],
) -> Result<(), AppError> {
    municipality::Entity::delete_many()
        .filter(municipality::Column::RegionId.eq(region_id))
        .exec(txn)
        .await?;
    let rows = towns.iter().map(|m| municipality::ActiveModel {
        region_id: Set(region_id),
        name_fi: Set(m.name_fi.clone()),
        name_sv: Set(m.name_sv.clone()),
        kind: Set(m.kind.clone()),
        ..Default::default()
    });
    municipality::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}
