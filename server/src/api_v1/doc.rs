//! The API's OpenAPI 3.1 document, generated from the handlers and their types (utoipa):
//! every path with its parameters and answers, the bearer scheme, and the problem answers
//! every operation may give, added to each in one place.

use super::problem::{FieldProblem, Problem};
use super::{
    audit, open_data, reference, register, report_list, reports, rollups, subprojects, targets,
};
use axum::Json;
use axum::response::{IntoResponse, Response};
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "InnoCities Monitor API",
        version = "1",
        description = "The InnoCities programme's register, reporting and roll-ups for programs: \
            Power BI, scripts, a city's own systems. Sign in with a personal API token made on \
            the account page (`Authorization: Bearer ict_…`); a token acts with its user's role \
            and city regions, never more, and a read-only token cannot write. Money is an exact \
            decimal string in euros, days ISO 8601. Collections come a page at a time in id \
            order: follow `next` as `after` until it is null. Every answer has an `ETag`; send \
            it back as `If-None-Match` to get 304 when nothing changed. A write names the \
            version it read, as the body's `version` (a newer save is a 409) or as \
            `If-Match: \"<version>\"` (412). Errors are RFC 9457 problem details.",
        license(name = "EUPL-1.2")
    ),
    paths(
        reference::regions,
        reference::themes,
        reference::actions,
        reference::councils,
        reference::indicator_list,
        reference::period_list,
        reference::organisations,
        register::packages,
        register::package,
        register::history,
        subprojects::set_planned,
        targets::targets,
        rollups::rollup,
        report_list::reports,
        reports::report,
        reports::save,
        reports::submit,
        open_data::figures,
        open_data::figures_csv,
        audit::audit_log,
    ),
    components(schemas(Problem, FieldProblem)),
    modifiers(&Common),
    tags(
        (name = "reference", description = "The programme's reference data"),
        (name = "register", description = "Project packages, subprojects and their money"),
        (name = "reports", description = "Period reports: values, narrative, realised money"),
        (name = "roll-ups", description = "The dashboard's figures for the token's user"),
        (name = "open data", description = "The approved figures for anyone, CC BY 4.0"),
        (name = "audit", description = "Every audited change, for administrators"),
    )
)]
pub struct ApiDoc;

/// What every operation shares: the bearer token, and the problems it may answer with.
struct Common;

const PROBLEMS: [(&str, &str); 6] = [
    ("400", "The request's parameters cannot be read"),
    (
        "401",
        "No token, or one that is unknown, revoked or expired",
    ),
    ("403", "The token's user or the token may not do this"),
    ("404", "No such record, or one outside the token's scope"),
    ("429", "Too many requests: wait `Retry-After` seconds"),
    ("500", "A fault of the server"),
];

/// An answer with a problem as its body.
fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// What a write may answer besides.
const WRITE_PROBLEMS: [(&str, &str); 4] = [
    (
        "409",
        "Saved by someone else since the version the request names",
    ),
    (
        "412",
        "`If-Match` names a version that is no longer the stored one",
    ),
    (
        "415",
        "The body is not JSON (`Content-Type: application/json`)",
    ),
    (
        "422",
        "Fields that cannot be saved, each with its message key and text",
    ),
];

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ict_ personal API token")
                    .build(),
            ),
        );
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                // Open data says it needs no token (`security(())`); every other
                // operation needs one.
                operation.security.get_or_insert_with(|| {
                    vec![SecurityRequirement::new("bearer", Vec::<String>::new())]
                });
                let responses = &mut operation.responses.responses;
                for (status, description) in PROBLEMS {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem_response(description));
                }
            }
            for write in [&mut item.put, &mut item.post].into_iter().flatten() {
                for (status, description) in WRITE_PROBLEMS {
                    write
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem_response(description));
                }
            }
            if let Some(get) = item.get.as_mut() {
                get.responses
                    .responses
                    .entry("304".to_owned())
                    .or_insert_with(|| {
                        RefOr::T(
                            ResponseBuilder::new()
                                .description("Not modified: the `ETag` named in `If-None-Match`")
                                .build(),
                        )
                    });
            }
        }
    }
}

/// The document as JSON text, for the reference page (`/api-reference`).
pub fn document() -> app::model::api_reference::ApiDocument {
    app::model::api_reference::ApiDocument(std::sync::Arc::from(
        ApiDoc::openapi().to_json().unwrap_or_default(),
    ))
}

/// `GET /api/v1/openapi.json`: the document, for anyone (it holds no data).
pub async fn openapi_json() -> Response {
    let mut response = Json(ApiDoc::openapi()).into_response();
    response.headers_mut().insert(
        axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        axum::http::HeaderValue::from_static("*"),
    );
    response
}
