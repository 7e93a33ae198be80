//! Request bodies and media types: which of a body's media types is used, how it is
//! encoded, and what Rust type it takes.

use super::operation::OpContext;
use super::schema::SchemaLowering;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Body, BodyEncoding, TypeRef};
use serde_json::Value;

impl OpContext<'_, '_> {
    pub(super) fn body(
        &self,
        schemas: &mut SchemaLowering<'_>,
        builder: &str,
        diags: &mut Diagnostics,
    ) -> Option<Body> {
        let ptr = child(&self.op_ptr, "requestBody");
        self.resolver.node(&ptr)?;
        let (at, node) = match self.resolver.follow(&ptr) {
            Ok(found) => found,
            Err(d) => {
                diags.warn(&d.pointer, format!("{}; request body skipped", d.message));
                return None;
            }
        };
        let content = node.get("content").and_then(Value::as_object)?;
        let media = pick_media(content.keys().map(String::as_str))?;
        let schema_ptr = child(&child(&child(&at, "content"), media), "schema");
        let has_schema = self.resolver.node(&schema_ptr).is_some();
        let encoding = encoding_of(media);
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form if has_schema => {
                schemas.type_ref(&schema_ptr, &format!("{builder}Body"), diags)
            }
            BodyEncoding::Json | BodyEncoding::Form => TypeRef::Json,
            BodyEncoding::Text => TypeRef::String,
            BodyEncoding::Bytes => TypeRef::Bytes,
            BodyEncoding::Multipart => TypeRef::Multipart,
        };
        let mut doc = node
            .get("description")
            .and_then(Value::as_str)
            .map(|d| d.trim().to_owned());
        if encoding == BodyEncoding::Multipart {
            doc = Some(multipart_doc(
                doc,
                self.resolver.follow(&schema_ptr).ok().map(|(_, n)| n),
            ));
        }
        Some(Body {
            content_type: media.to_owned(),
            encoding,
            ty,
            required: node.get("required").and_then(Value::as_bool) == Some(true),
            doc,
        })
    }
}

/// The media type without parameters, lower case.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

pub(super) fn encoding_of(media: &str) -> BodyEncoding {
    let essence = essence(media);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else {
        BodyEncoding::Bytes
    }
}

/// The media type to use among those a body offers: JSON first, then forms, text, anything.
pub(super) fn pick_media<'m>(media: impl Iterator<Item = &'m str>) -> Option<&'m str> {
    media.min_by_key(|m| match encoding_of(m) {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Bytes => 4,
    })
}

/// Documentation of a multipart body: the parts its schema declares.
fn multipart_doc(description: Option<String>, schema: Option<&Value>) -> String {
    let parts: Vec<String> = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, p)| {
                    let binary = p.get("format").and_then(Value::as_str) == Some("binary");
                    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                    format!(
                        "`{}`{}",
                        name.replace('`', "'"),
                        if binary { " (file)" } else { "" }
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut doc = description.unwrap_or_else(|| "The multipart form.".to_owned());
    if !parts.is_empty() {
        doc.push_str(&format!("\n\nParts: {}.", parts.join(", ")));
    }
    doc
}
