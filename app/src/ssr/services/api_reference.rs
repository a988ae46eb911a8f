//! The OpenAPI document read into the reference page's terms (see `model/api_reference.rs`).

use crate::model::api_reference::{ApiField, ApiOperation, ApiReference, ApiResponse, ApiSchema};
use serde_json::Value;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A schema's kind in words: its type (`string or null`), `array of …`, or the name of the
/// schema it refers to.
fn kind_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[key].as_array() {
            return options.iter().map(kind_of).collect::<Vec<_>>().join(" or ");
        }
    }
    let types: Vec<String> = match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts.iter().map(text).collect(),
        _ => Vec::new(),
    };
    types
        .iter()
        .map(|t| {
            if t == "array" {
                format!("array of {}", kind_of(&schema["items"]))
            } else {
                t.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The schema a response's body has, in any of its content types.
fn body_schema(response: &Value) -> Option<String> {
    response["content"]
        .as_object()?
        .values()
        .next()
        .map(|content| kind_of(&content["schema"]))
        .filter(|kind| !kind.is_empty())
}

/// The reference of an OpenAPI document (an unreadable one gives an empty reference).
pub fn read(document: &str) -> ApiReference {
    let Ok(doc) = serde_json::from_str::<Value>(document) else {
        return ApiReference::default();
    };
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "put", "post", "patch", "delete"] {
            let op = &item[method];
            if !op.is_object() {
                continue;
            }
            let parameters = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| ApiField {
                    name: text(&p["name"]),
                    location: text(&p["in"]),
                    required: p["required"].as_bool().unwrap_or(false),
                    kind: kind_of(&p["schema"]),
                    description: text(&p["description"]),
                })
                .collect();
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, r)| ApiResponse {
                    status: status.clone(),
                    description: text(&r["description"]),
                    schema: body_schema(r),
                })
                .collect();
            operations.push(ApiOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                tag: op["tags"][0].as_str().unwrap_or_default().to_owned(),
                summary: text(&op["summary"]),
                description: text(&op["description"]),
                parameters,
                responses,
            });
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            ApiSchema {
                name: name.clone(),
                description: text(&schema["description"]),
                properties: schema["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(property, s)| ApiField {
                        name: property.clone(),
                        location: String::new(),
                        required: required.contains(&property.as_str()),
                        kind: kind_of(s),
                        description: text(&s["description"]),
                    })
                    .collect(),
            }
        })
        .collect();
    ApiReference {
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description: text(&doc["info"]["description"]),
        operations,
        schemas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_and_a_schema_are_read_in_words() {
        let doc = serde_json::json!({
            "info": {"title": "T", "version": "1", "description": "D"},
            "paths": {"/a/{id}": {"get": {
                "tags": ["register"], "summary": "One",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Package"}}}}}
            }}},
            "components": {"schemas": {"Package": {"required": ["id"], "properties": {
                "id": {"type": "integer"},
                "name": {"type": ["string", "null"], "description": "Its name"},
                "subprojects": {"type": "array", "items": {"$ref": "#/components/schemas/Subproject"}}
            }}}}
        });
        let reference = read(&doc.to_string());
        let op = &reference.operations[0];
        assert_eq!(
            (op.method.as_str(), op.path.as_str(), op.tag.as_str()),
            ("GET", "/a/{id}", "register")
        );
        assert_eq!(op.parameters[0].kind, "integer");
        assert_eq!(op.responses[0].schema.as_deref(), Some("Package"));
        let properties = &reference.schemas[0].properties;
        let kinds: Vec<(&str, &str, bool)> = properties
            .iter()
            .map(|p| (p.name.as_str(), p.kind.as_str(), p.required))
            .collect();
        assert_eq!(
            kinds,
            [
                ("id", "integer", true),
                ("name", "string or null", false),
                ("subprojects", "array of Subproject", false)
            ]
        );
        assert_eq!(read("not json"), ApiReference::default());
    }
}
