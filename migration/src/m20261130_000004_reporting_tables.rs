//! Money and indicators: reporting periods, reports and their comments, funding lines
//! (planned per subproject and source; realised per period), the indicator catalogue,
//! versioned targets, actual values and the Business IDs behind company counts.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE reporting_period (
    id @pk,
    code VARCHAR(20) NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    due_on DATE NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('open', 'closed')),
    closed_at @ts NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    CHECK (starts_on <= ends_on),
    CHECK (status = 'open' OR closed_at IS NOT NULL)
);
CREATE TABLE report (
    id @pk,
    subproject_id INTEGER NOT NULL REFERENCES subproject (id) ON DELETE RESTRICT,
    period_id INTEGER NOT NULL REFERENCES reporting_period (id),
    status VARCHAR(16) NOT NULL
        CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    progress TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    submitted_at @ts NULL,
    approved_at @ts NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now,
    UNIQUE (subproject_id, period_id),
    CHECK (status <> 'approved' OR approved_at IS NOT NULL)
);
CREATE INDEX report_period_status_idx ON report (period_id, status);
CREATE TABLE funding_line (
    id @pk,
    subproject_id INTEGER NOT NULL REFERENCES subproject (id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES funding_source (id),
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('planned', 'realised')),
    period_id INTEGER NULL REFERENCES reporting_period (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at @ts NOT NULL DEFAULT @now,
    CHECK ((kind = 'planned' AND period_id IS NULL) OR (kind = 'realised' AND period_id IS NOT NULL))
);
CREATE UNIQUE INDEX funding_line_planned_uniq ON funding_line (subproject_id, source_id)
    WHERE kind = 'planned';
CREATE UNIQUE INDEX funding_line_realised_uniq ON funding_line (subproject_id, source_id, period_id)
    WHERE kind = 'realised';
CREATE INDEX funding_line_source_kind_idx ON funding_line (source_id, kind);
CREATE TABLE indicator (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name_fi VARCHAR(300) NOT NULL,
    name_sv VARCHAR(300) NOT NULL,
    name_en VARCHAR(300) NOT NULL,
    definition_fi TEXT NOT NULL DEFAULT '',
    definition_sv TEXT NOT NULL DEFAULT '',
    definition_en TEXT NOT NULL DEFAULT '',
    unit VARCHAR(40) NOT NULL,
    kind VARCHAR(12) NOT NULL CHECK (kind IN ('incremental', 'cumulative')),
    eu_code VARCHAR(20) NULL,
    -- 'platforms', 'companies' or 'innovations' for the programme's headline indicators
    headline VARCHAR(20) NULL UNIQUE CHECK (headline IS NULL OR headline IN ('platforms', 'companies', 'innovations')),
    lists_companies BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE indicator_target (
    id @pk,
    subproject_id INTEGER NOT NULL REFERENCES subproject (id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    -- thousandths of the indicator's unit, exact
    value_milli BIGINT NOT NULL CHECK (value_milli >= 0),
    reason TEXT NULL,
    set_by INTEGER NULL REFERENCES app_user (id),
    set_at @ts NOT NULL DEFAULT @now,
    UNIQUE (subproject_id, indicator_id, revision),
    CHECK (revision = 1 OR (reason IS NOT NULL AND length(trim(reason)) > 0))
);
CREATE INDEX indicator_target_indicator_idx ON indicator_target (indicator_id);
CREATE TABLE indicator_actual (
    id @pk,
    report_id INTEGER NOT NULL REFERENCES report (id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    value_milli BIGINT NOT NULL CHECK (value_milli >= 0),
    explanation TEXT NULL,
    UNIQUE (report_id, indicator_id)
);
CREATE INDEX indicator_actual_indicator_idx ON indicator_actual (indicator_id);
CREATE TABLE indicator_actual_company (
    actual_id INTEGER NOT NULL REFERENCES indicator_actual (id) ON DELETE CASCADE,
    business_id VARCHAR(9) NOT NULL CHECK (length(business_id) = 9 AND substr(business_id, 8, 1) = '-'),
    PRIMARY KEY (actual_id, business_id)
);
CREATE INDEX indicator_actual_company_bid_idx ON indicator_actual_company (business_id);
CREATE TABLE report_comment (
    id @pk,
    report_id INTEGER NOT NULL REFERENCES report (id) ON DELETE CASCADE,
    author_id INTEGER NULL REFERENCES app_user (id),
    indicator_id INTEGER NULL REFERENCES indicator (id),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at @ts NOT NULL DEFAULT @now
);
CREATE INDEX report_comment_report_idx ON report_comment (report_id);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(
            manager,
            &[
                "report_comment",
                "indicator_actual_company",
                "indicator_actual",
                "indicator_target",
                "indicator",
                "funding_line",
                "report",
                "reporting_period",
            ],
        )
        .await
    }
}
