//! The workflow states stored as text columns, one enum per workflow. Their stored codes
//! appear here and in the migrations' CHECK constraints, nowhere else.

use sea_orm::entity::prelude::*;

/// The life cycle of a project package or subproject (`project.status`, `subproject.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ProjectStatus {
    #[sea_orm(string_value = "planned")]
    Planned,
    #[sea_orm(string_value = "ongoing")]
    Ongoing,
    #[sea_orm(string_value = "closed")]
    Closed,
}

/// A reporting period: open for reports, or closed with its roll-up frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PeriodStatus {
    #[sea_orm(string_value = "open")]
    Open,
    #[sea_orm(string_value = "closed")]
    Closed,
}

/// Where a stored report stands in its review (`report.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ReportState {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "returned")]
    Returned,
    #[sea_orm(string_value = "approved")]
    Approved,
}

/// Whether a funding line is planned money or money realised in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum FundingKind {
    #[sea_orm(string_value = "planned")]
    Planned,
    #[sea_orm(string_value = "realised")]
    Realised,
}

macro_rules! codes {
    ($($name:ident),*) => {$(
        impl $name {
            /// The stored code, for SQL parameters and the audit log.
            pub fn code(self) -> String {
                sea_orm::ActiveEnum::to_value(&self)
            }

            /// The state a stored or typed code stands for.
            pub fn from_code(code: &str) -> Option<Self> {
                <Self as sea_orm::ActiveEnum>::try_from_value(&code.to_string()).ok()
            }
        }
    )*};
}

codes!(ProjectStatus, PeriodStatus, ReportState, FundingKind);
