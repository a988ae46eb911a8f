//! A report form's input parsed at the boundary: the narrative, a value per indicator (with
//! its explanation and company list) and realised money by source, and the further checks of
//! a submission.

use crate::error::FieldErrors;
use crate::model::register::FieldChange;
use crate::model::reporting::{Indicator, Quantity, ReportInput, ReportPage};
use crate::model::sources::{BySource, parse_amounts};
use crate::model::text::{PARAGRAPHS, parse_into};
use crate::model::{BusinessId, Money};
use std::collections::{BTreeMap, HashMap};

/// The report's contents as field → text, the shape of both the audit diff and the
/// conflict message.
pub(super) type Snapshot = BTreeMap<String, String>;

/// One indicator's line of a report: its value, the explanation of it, and the companies
/// (Business IDs, sorted) it names when the indicator lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actual {
    pub value: Quantity,
    pub explanation: String,
    pub companies: Vec<String>,
}

/// A report's lines by indicator id.
pub type Actuals = HashMap<i32, Actual>;

/// What the form holds once parsed: values per indicator and money per source.
pub(super) struct Parsed {
    pub values: Actuals,
    pub money: BySource<Money>,
    /// Progress, problems and next steps, cleaned.
    pub narrative: [String; 3],
}

pub(super) fn parse(
    indicators: &[Indicator],
    input: &ReportInput,
    errors: &mut FieldErrors,
) -> Parsed {
    let narrative = [
        ("progress", &input.progress),
        ("problems", &input.problems),
        ("next_steps", &input.next_steps),
    ]
    .map(|(field, text)| parse_into(errors, field, text, PARAGRAPHS, 10_000, false));
    let values = indicators
        .iter()
        .filter_map(|i| parse_line(i, input, errors).map(|line| (i.id, line)))
        .collect();
    Parsed {
        values,
        money: parse_amounts(&input.realised, &ReportPage::REALISED_FIELDS, errors),
        narrative,
    }
}

/// One indicator's line of the form, or `None` when it has no value (or a refused one).
fn parse_line(i: &Indicator, input: &ReportInput, errors: &mut FieldErrors) -> Option<Actual> {
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
    let companies = if i.lists_companies {
        let listed = input.companies.get(&key).map_or("", String::as_str);
        parse_companies(listed, &format!("companies_{key}"), errors)
    } else {
        Vec::new()
    };
    // With a company list, the number is the list's length.
    let value = if !companies.is_empty() {
        Quantity(companies.len() as i64 * 1000)
    } else if text.is_empty() {
        return None;
    } else {
        match Quantity::parse_input(text) {
            Ok(v) => v,
            Err(e) => {
                add(errors, format!("value_{key}"), e.message_key());
                return None;
            }
        }
    };
    Some(Actual {
        value,
        explanation,
        companies,
    })
}

/// The Business IDs of a company list (separated by blanks, commas or semicolons), in
/// their standard form, sorted and each once; at most 10,000.
fn parse_companies(text: &str, field: &str, errors: &mut FieldErrors) -> Vec<String> {
    let mut companies = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        match BusinessId::parse(token) {
            Ok(bid) => companies.push(bid.to_string()),
            Err(e) => add(errors, field.to_string(), e.message_key()),
        }
    }
    companies.sort();
    companies.dedup();
    if companies.len() > 10_000 {
        add(errors, field.to_string(), "too_many");
        companies.clear();
    }
    companies
}

fn add(errors: &mut FieldErrors, field: String, key: &str) {
    errors.entry(field).or_default().push(key.into());
}

/// The checks of a submission: the narrative, a value for every indicator with a target, and
/// an explanation for a cumulative value below the previous period's.
pub(super) fn check_submission(
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
        if let (Some(line), Some(prev)) = (value, previous.get(&i.id))
            && i.cumulative()
            && line.value < *prev
            && line.explanation.is_empty()
        {
            errors
                .entry(format!("explanation_{}", i.id))
                .or_default()
                .push("explanation_required".into());
        }
    }
}

/// The report's fields as text: the narrative (when given), each indicator's value,
/// explanation and companies, and realised money by source; empty fields left out.
pub(super) fn snapshot(
    indicators: &[Indicator],
    narrative: Option<&[String; 3]>,
    values: &Actuals,
    money: &BySource<Money>,
) -> Snapshot {
    let mut s = Snapshot::new();
    if let Some([progress, problems, next_steps]) = narrative {
        s.insert("progress".into(), progress.clone());
        s.insert("problems".into(), problems.clone());
        s.insert("next_steps".into(), next_steps.clone());
    }
    for i in indicators {
        if let Some(Actual {
            value,
            explanation,
            companies,
        }) = values.get(&i.id)
        {
            s.insert(format!("value {}", i.code), value.plain());
            s.insert(format!("explanation {}", i.code), explanation.clone());
            s.insert(format!("companies {}", i.code), companies.join(" "));
        }
    }
    for (source, m) in money.iter() {
        s.insert(ReportPage::REALISED_FIELDS[source].into(), m.to_string());
    }
    s.retain(|_, v| !v.is_empty());
    s
}

/// The fields whose text differs between two snapshots.
pub(super) fn diff(before: &Snapshot, after: &Snapshot) -> Vec<FieldChange> {
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
