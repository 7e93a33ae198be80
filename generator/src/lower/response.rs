//! Responses of an operation: the success type (one body, or a per-status enum when 2xx
//! bodies differ), declared response headers, and the error bodies.

use super::body::{encoding_of, pick_media};
use super::operation::OpContext;
use super::schema::SchemaLowering;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{BodyEncoding, ResponseHeader, StatusResponses, StatusVariant, Success, TypeRef};
use crate::naming::{type_name, value_name, Scope};
use serde_json::Value;

/// Methods `Response` has of its own; a response header named like one gets a suffix.
const RESERVED_HEADER_ACCESSORS: &[&str] = &[
    "new",
    "status",
    "headers",
    "header",
    "body",
    "into_body",
    "into_parts",
    "request_id",
    "rate_limit",
    "fmt",
    "clone",
];

impl OpContext<'_, '_> {
    pub(super) fn responses(
        &self,
        schemas: &mut SchemaLowering<'_>,
        builder: &str,
        builder_names: &mut Scope,
        error_bodies: &mut Vec<TypeRef>,
        diags: &mut Diagnostics,
    ) -> (Success, Vec<ResponseHeader>) {
        let base = child(&self.op_ptr, "responses");
        let Some(Value::Object(responses)) = self.resolver.node(&base) else {
            diags.warn(
                &base,
                "operation has no `responses`; success is treated as bodiless",
            );
            return (Success::Empty, Vec::new());
        };
        let mut successes: Vec<(String, Success, Option<String>)> = Vec::new();
        let mut headers: Vec<ResponseHeader> = Vec::new();
        let mut saw_success = false;
        for code in responses.keys() {
            let ptr = child(&base, code);
            let is_success = code.starts_with('2');
            let (at, node) = match self.resolver.follow(&ptr) {
                Ok(found) => found,
                Err(d) => {
                    diags.warn(&d.pointer, format!("{}; response ignored", d.message));
                    continue;
                }
            };
            if code == "101" {
                diags.warn(&at, "WebSocket upgrades (101) are not supported; the operation is generated as a plain request");
            }
            if node.get("links").is_some() {
                diags.warn(
                    child(&at, "links"),
                    "response `links` are not supported; ignored",
                );
            }
            let content = node.get("content").and_then(Value::as_object);
            let media = content.and_then(|c| pick_media(c.keys().map(String::as_str)));
            let schema_ptr = media.map(|m| child(&child(&child(&at, "content"), m), "schema"));
            let kind = match (media, &schema_ptr) {
                (None, _) => Success::Empty,
                (Some(m), Some(s)) if encoding_of(m) == BodyEncoding::Json => {
                    if self.resolver.node(s).is_some() {
                        let hint = if is_success {
                            format!("{builder}Output")
                        } else {
                            format!("{builder}Error")
                        };
                        Success::Json(schemas.type_ref(s, &hint, diags))
                    } else {
                        Success::Json(TypeRef::Json)
                    }
                }
                (Some(m), _) if encoding_of(m) == BodyEncoding::Text => Success::Text,
                (Some(_), _) => Success::Bytes,
            };
            if !is_success {
                if let Success::Json(ty) = kind {
                    error_bodies.push(ty);
                }
                continue;
            }
            if !saw_success {
                saw_success = true;
                headers = self.response_headers(&at, schemas, builder, diags);
            }
            let doc = node
                .get("description")
                .and_then(Value::as_str)
                .map(|d| d.trim().to_owned());
            successes.push((code.clone(), kind, doc));
        }
        if !saw_success {
            diags.warn(
                &base,
                "no 2xx response declared; any 2xx is accepted without a body",
            );
        }
        let first = successes.first().map(|(_, kind, _)| kind.clone());
        let success = match first {
            None => Success::Empty,
            Some(kind) if successes.iter().all(|(_, k, _)| *k == kind) => kind,
            Some(_) => Success::ByStatus(self.status_enum(builder, successes, builder_names)),
        };
        (success, headers)
    }

    /// The per-operation enum for 2xx responses with different bodies.
    fn status_enum(
        &self,
        builder: &str,
        mut successes: Vec<(String, Success, Option<String>)>,
        builder_names: &mut Scope,
    ) -> StatusResponses {
        // Exact codes first so that a `2XX` range only catches the rest.
        successes.sort_by_key(|(code, _, _)| code.contains(['X', 'x']));
        let mut scope = Scope::with_reserved(&["Other"]);
        let variants = successes
            .into_iter()
            .map(|(status, body, doc)| {
                let name = scope.claim(&status_name(&status));
                StatusVariant {
                    status,
                    name,
                    body,
                    doc,
                }
            })
            .collect();
        StatusResponses {
            enum_name: builder_names.claim(&format!("{builder}Response")),
            variants,
        }
    }

    fn response_headers(
        &self,
        response_ptr: &str,
        schemas: &mut SchemaLowering<'_>,
        builder: &str,
        diags: &mut Diagnostics,
    ) -> Vec<ResponseHeader> {
        let base = child(response_ptr, "headers");
        let Some(Value::Object(map)) = self.resolver.node(&base) else {
            return Vec::new();
        };
        let mut scope = Scope::with_reserved(RESERVED_HEADER_ACCESSORS);
        let mut out = Vec::new();
        for name in map.keys() {
            let ptr = child(&base, name);
            let (at, node) = match self.resolver.follow(&ptr) {
                Ok(found) => found,
                Err(d) => {
                    diags.warn(&d.pointer, format!("{}; header ignored", d.message));
                    continue;
                }
            };
            let schema_ptr = child(&at, "schema");
            let ty = if self.resolver.node(&schema_ptr).is_some() {
                match schemas.type_ref(&schema_ptr, &format!("{builder}{}", type_name(name)), diags)
                {
                    t @ (TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_)) => t,
                    _ => TypeRef::String,
                }
            } else {
                TypeRef::String
            };
            let doc = node
                .get("description")
                .and_then(Value::as_str)
                .map(|d| d.trim().to_owned());
            out.push(ResponseHeader {
                wire_name: name.clone(),
                name: scope.claim(&value_name(name)),
                ty,
                doc,
            });
        }
        out
    }
}

/// A variant name for a 2xx status key.
fn status_name(status: &str) -> String {
    match status {
        "200" => "Ok".to_owned(),
        "201" => "Created".to_owned(),
        "202" => "Accepted".to_owned(),
        "203" => "NonAuthoritative".to_owned(),
        "204" => "NoContent".to_owned(),
        "205" => "ResetContent".to_owned(),
        "206" => "PartialContent".to_owned(),
        "2XX" | "2xx" => "Success".to_owned(),
        other => type_name(&format!("status {other}")),
    }
}
