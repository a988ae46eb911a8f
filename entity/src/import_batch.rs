//! `import_batch`: one uploaded spreadsheet, its cells, mapping and preview; once committed,
//! the record of that import.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Who uploaded it; only they see and commit it.
    pub user_id: i32,
    /// What the rows are: `packages`, `subprojects`, `organisations`.
    pub kind: String,
    pub file_name: String,
    pub sheet: Option<String>,
    /// `update` (matched rows are changed) or `add_only` (matched rows are left as they are).
    pub policy: String,
    /// `previewed` or `committed`.
    pub state: String,
    /// The file's headings, JSON.
    #[sea_orm(column_type = "Text")]
    pub headings: String,
    /// The data rows as text cells with their row numbers, JSON.
    #[sea_orm(column_type = "Text")]
    pub cells: String,
    /// The field each column is read as (or none), JSON.
    #[sea_orm(column_type = "Text")]
    pub mapping: String,
    /// What each row would do (or did), JSON.
    #[sea_orm(column_type = "Text")]
    pub preview: String,
    pub rows_new: i32,
    pub rows_changed: i32,
    pub created_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
    pub version: i32,
    /// How many data rows the file has.
    pub rows_total: i32,
    /// While its rows are checked, how many are; `None` once the preview is stored.
    pub rows_checked: Option<i32>,
    /// Why the check failed (a message key), if it did.
    pub check_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id"
    )]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
