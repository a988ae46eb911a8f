//! A report form's input parsed at the boundary: the narrative, a value per indicator (with
//! its explanation and company list) and realised money by source, and the further checks of
//! a submission.

use crate::error::FieldErrors;
use crate::model::register::FieldChange;
use crate::model::reporting::{Indicator, Quantity, ReportInput, ReportPage};
use crate::model::{BusinessId, Money};
use std::collections::{BTreeMap, HashMap};

/// The report's contents as field → text, the shape of both the audit diff and the
/// conflict message.
pub(super) type Snapshot = BTreeMap<String, String>;

/// One indicator's line of a report: its value, the explanation of it, and the companies
/// (Business IDs, sorted) it names when the indicator lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Actual {
    pub value: Quantity,
    pub explanation: String,
    pub companies: Vec<String>,
}

/// A report's lines by indicator id.
pub(super) type Actuals = HashMap<i32, Actual>;

/// What the form holds once parsed: values per indicator and money per source.
pub(super) struct Parsed {
    pub values: Actuals,
    pub money: [Money; 5],
    /// Progress, problems and next steps, cleaned.
    pub narrative: [String; 3],
}

pub(super) fn parse(
    indicators: &[Indicator],
    input: &ReportInput,
    errors: &mut FieldErrors,
) -> Parsed {
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
            values.insert(
                i.id,
                Actual {
                    value: v,
                    explanation,
                    companies,
                },
            );
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
    money: &[Money; 5],
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
    for (i, m) in money.iter().enumerate() {
        s.insert(ReportPage::realised_field(i).into(), m.to_string());
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
