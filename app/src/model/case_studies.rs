//! Case studies (success stories): a city region's story in three languages, linked to its
//! packages. City coordinators write them; the national team publishes them.

use super::Names;
use super::forms::NamesInput;
use super::projects::Choice;
use super::register::required;
use super::text::line;
use serde::{Deserialize, Serialize};
use validator::Validate;

/// A case study as the list and the public page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStudySummary {
    pub id: i32,
    pub region: Names,
    pub title: Names,
    pub body: Names,
    pub published: bool,
    /// Codes of the linked packages.
    pub projects: Vec<String>,
}

/// The first paragraph of a story, cut at a word boundary after at most `max` characters
/// (with an ellipsis when cut): what a list shows before the reader opens the story.
pub fn excerpt(body: &str, max: usize) -> String {
    let first = body.split("\n\n").next().unwrap_or(body).trim();
    if first.chars().count() <= max {
        return first.to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

/// A published story as its public page shows it, with the packages it tells about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStory {
    pub id: i32,
    pub region: Names,
    pub title: Names,
    pub body: Names,
    /// RFC 3339.
    pub published_at: Option<String>,
    /// The linked packages' codes and names.
    pub projects: Vec<(String, Names)>,
}

/// The case-study form's fields, as typed (`form[input][title][fi]`,
/// `form[input][projects][]` …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
pub struct CaseStudyInput {
    /// City region code.
    #[validate(custom(function = "required"), custom(function = "line"))]
    pub region: String,
    /// One line of at most 300 characters in each language, the Finnish one required.
    pub title: NamesInput,
    /// Paragraphs of at most 10 000 characters in each language, the Finnish one required.
    pub body: NamesInput,
    /// Ids of the linked packages (of the same region); no package ticked posts no
    /// `projects[]` at all.
    #[serde(default)]
    pub projects: Vec<i32>,
}

/// The field names of a story's title and body in its form's errors and the audit log.
pub const TITLE_FIELDS: [&str; 3] = ["title_fi", "title_sv", "title_en"];
pub const BODY_FIELDS: [&str; 3] = ["body_fi", "body_sv", "body_en"];

impl CaseStudyInput {
    /// The rules that need no database.
    ///
    /// # Errors
    /// [`crate::error::AppError::Validation`] per field.
    pub fn check(&self) -> Result<(), crate::error::AppError> {
        use super::forms::Required;
        use super::text::{LINE, PARAGRAPHS};
        let mut errors = match self.validate() {
            Ok(()) => crate::error::FieldErrors::new(),
            Err(e) => crate::error::field_errors(&e),
        };
        self.title
            .parse("title", LINE, 300, Required::Finnish, &mut errors);
        self.body
            .parse("body", PARAGRAPHS, 10_000, Required::Finnish, &mut errors);
        crate::error::AppError::check(errors)
    }
}

/// A package a case study can link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkableProject {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub region: String,
}

/// The case-study page: the stored story (or an empty one) and what the user may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStudyForm {
    pub id: Option<i32>,
    pub version: Option<i32>,
    /// The stored Finnish title, the page's heading (the fields may show a refused save's).
    pub heading: String,
    pub input: CaseStudyInput,
    pub published: bool,
    /// The signed-in user may change the text and links.
    pub editable: bool,
    /// The signed-in user may publish or withdraw it (the national team).
    pub can_publish: bool,
    pub regions: Vec<Choice>,
    pub projects: Vec<LinkableProject>,
}

/// The case-study list for the signed-in user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStudyList {
    pub rows: Vec<CaseStudySummary>,
    pub can_create: bool,
}

/// The case-study form as posted: `form[id]` and `form[version]` for a stored story, and its
/// fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStudySubmission {
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: CaseStudyInput,
}

/// Publishing (`published` = true) or withdrawing a story at the version the page showed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryPublication {
    pub id: i32,
    pub version: i32,
    pub published: bool,
}
