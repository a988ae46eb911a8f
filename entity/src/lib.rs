//! sea-orm entities of the InnoCities Monitor schema, one module per table.
//!
//! Written in sea-orm's generated style; the schema itself lives in the `migration` crate.
//! Money is `i64` cents and indicator values are `i64` thousandths, exact on every backend.

pub mod action;
pub mod api_token;
pub mod app_user;
pub mod audit_log;
pub mod case_study;
pub mod case_study_project;
pub mod city_region;
pub mod ecosystem_agreement;
pub mod feedback;
pub mod funding_line;
pub mod funding_source;
pub mod import_batch;
pub mod import_mapping;
pub mod indicator;
pub mod indicator_actual;
pub mod indicator_actual_company;
pub mod indicator_target;
pub mod login_throttle;
pub mod municipality;
pub mod organisation;
pub mod programme_setting;
pub mod project;
pub mod project_action;
pub mod publication;
pub mod regional_council;
pub mod report;
pub mod report_comment;
pub mod reporting_period;
pub mod role_assignment;
pub mod rollup_snapshot;
pub mod session;
pub mod status;
pub mod subproject;
pub mod theme;

/// The entities under their table names, for `use entity::prelude::*`.
pub mod prelude {
    pub use super::action::Entity as Action;
    pub use super::app_user::Entity as AppUser;
    pub use super::audit_log::Entity as AuditLog;
    pub use super::case_study::Entity as CaseStudy;
    pub use super::case_study_project::Entity as CaseStudyProject;
    pub use super::city_region::Entity as CityRegion;
    pub use super::ecosystem_agreement::Entity as EcosystemAgreement;
    pub use super::feedback::Entity as Feedback;
    pub use super::funding_line::Entity as FundingLine;
    pub use super::funding_source::Entity as FundingSource;
    pub use super::import_batch::Entity as ImportBatch;
    pub use super::import_mapping::Entity as ImportMapping;
    pub use super::indicator::Entity as Indicator;
    pub use super::indicator_actual::Entity as IndicatorActual;
    pub use super::indicator_actual_company::Entity as IndicatorActualCompany;
    pub use super::indicator_target::Entity as IndicatorTarget;
    pub use super::login_throttle::Entity as LoginThrottle;
    pub use super::municipality::Entity as Municipality;
    pub use super::organisation::Entity as Organisation;
    pub use super::project::Entity as Project;
    pub use super::project_action::Entity as ProjectAction;
    pub use super::publication::Entity as Publication;
    pub use super::regional_council::Entity as RegionalCouncil;
    pub use super::report::Entity as Report;
    pub use super::report_comment::Entity as ReportComment;
    pub use super::reporting_period::Entity as ReportingPeriod;
    pub use super::role_assignment::Entity as RoleAssignment;
    pub use super::session::Entity as Session;
    pub use super::subproject::Entity as Subproject;
    pub use super::theme::Entity as Theme;
}
