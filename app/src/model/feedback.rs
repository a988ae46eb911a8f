//! Accessibility feedback: what a reader sends from the accessibility statement, and the
//! national team's list of it with the 14-day answering time.

use serde::{Deserialize, Serialize};

/// Days within which feedback is answered (Act on the Provision of Digital Services).
pub const ANSWER_WITHIN_DAYS: u64 = 14;

/// One piece of feedback as the national team sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRow {
    pub id: i32,
    /// RFC 3339.
    pub received_at: String,
    /// ISO date by which it is to be answered.
    pub answer_by: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub page: Option<String>,
    pub message: String,
    pub lang: String,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub answer_note: Option<String>,
    pub overdue: bool,
    pub version: i32,
}

/// Accessibility feedback as sent from the accessibility page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackInput {
    pub name: String,
    pub email: String,
    /// The page the feedback is about.
    pub page: String,
    pub message: String,
}

/// Marking feedback answered, with a note, at the version the page showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackAnswer {
    pub id: i32,
    pub version: i32,
    pub note: String,
}
