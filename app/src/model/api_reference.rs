//! The open API's reference as the `/api-reference` page shows it: each operation with its
//! parameters and answers, and each schema with its properties, read from the OpenAPI
//! document the server generates (which it gives the pages as an [`ApiDocument`]).

use serde::{Deserialize, Serialize};

/// The OpenAPI document as JSON text.
#[derive(Clone, Debug)]
pub struct ApiDocument(pub std::sync::Arc<str>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub version: String,
    pub description: String,
    pub operations: Vec<ApiOperation>,
    pub schemas: Vec<ApiSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// `GET`, `PUT` …
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<ApiField>,
    pub responses: Vec<ApiResponse>,
}

/// A parameter of an operation or a property of a schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    /// `query`, `path`, `header` for a parameter; empty for a property.
    pub location: String,
    pub required: bool,
    /// `string`, `integer or null`, `array of Package` …
    pub kind: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: String,
    pub description: String,
    /// The schema of its body, if it has one.
    pub schema: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSchema {
    pub name: String,
    pub description: String,
    pub properties: Vec<ApiField>,
}
