//! `case_study_project`: The projects a case study tells about.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_study_project")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_study_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::case_study::Entity",
        from = "Column::CaseStudyId",
        to = "super::case_study::Column::Id"
    )]
    CaseStudy,
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id"
    )]
    Project,
}

impl Related<super::case_study::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseStudy.def()
    }
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
