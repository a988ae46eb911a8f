//! Indicator reporting: the catalogue, periods, targets, reports and their workflow, the
//! overviews and the roll-ups. Shared here: who may read and write a subproject's reports.

pub mod indicators;
pub mod overview;
pub mod periods;
mod report_form;
pub mod report_lines;
pub mod report_list;
mod report_reads;
pub mod report_save;
pub mod reports;
pub mod targets;
pub mod workflow;

use crate::model::Names;
use crate::model::reporting::Period;
use crate::model::reporting::ReportStatus;
use entity::status::PeriodStatus;
use entity::{city_region, report, reporting_period, subproject};

pub(crate) fn region_names(r: &city_region::Model) -> Names {
    crate::ssr::columns::names(&r.name_fi, &r.name_sv, &r.name_en)
}

pub(crate) fn sub_names(s: &subproject::Model) -> Names {
    Names {
        fi: s.name_fi.clone(),
        sv: s.name_sv.clone(),
        en: s.name_en.clone(),
    }
}

pub(crate) fn period_of(p: &reporting_period::Model) -> Period {
    Period {
        id: p.id,
        code: p.code.clone(),
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        due_on: p.due_on.to_string(),
        open: p.status == PeriodStatus::Open,
        version: p.version,
    }
}

/// The workflow status of a report, or missing when there is none.
pub(crate) fn status_of(r: Option<&report::Model>) -> ReportStatus {
    r.map_or(ReportStatus::Missing, |r| r.status.into())
}
