//! Lowering: the raw document to the IR ([`crate::ir::Api`]).
//!
//! Schemas first (so that component names win over inline ones), then operations, then the
//! API-level facts (servers, security schemes, the shared error body).

mod body;
mod features;
mod intersect;
mod layout;
mod object;
mod operation;
mod path_check;
mod recursion;
mod response;
mod schema;
mod security;
mod union;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, MediaParam, TypeRef};
use crate::naming::value_name;
use crate::refs::Resolver;
use serde_json::Value;

/// Type names the emitted `types` module declares for itself.
const RESERVED_TYPE_NAMES: &[&str] = &[];

/// Lowers a parsed document.
pub fn lower(raw: &Value, config: &Config, diags: &mut Diagnostics) -> Api {
    let resolver = Resolver::new(raw);
    let mut schemas = schema::SchemaLowering::new(&resolver, RESERVED_TYPE_NAMES);
    schemas.lower_components(diags);
    let media_params = config
        .media_type_parameters
        .iter()
        .map(|m| {
            let values: Vec<&str> = m.values.iter().map(String::as_str).collect();
            let values_type = schemas.define_enum(&m.parameter, &values, m.description.clone());
            let param = MediaParam {
                media_type: m.media_type.clone(),
                parameter: m.parameter.clone(),
                values_type,
                setter: value_name(&m.parameter),
                doc: m.description.clone(),
            };
            (m.header.clone(), param)
        })
        .collect();
    let settings = operation::OpSettings {
        config,
        media_params,
    };
    let mut ops = operation::lower_operations(&resolver, &mut schemas, &settings, diags);
    apply_parameter_types(&mut ops.operations, config, diags);
    let text = |ptr: &str| {
        resolver
            .node(ptr)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
    };
    let error_body = match ops.error_bodies.split_first() {
        Some((first, rest)) if rest.iter().all(|t| t == first) && *first != TypeRef::Json => {
            Some(first.clone())
        }
        _ => None,
    };
    let mut types = schemas.types;
    recursion::mark_boxed(&mut types);
    layout::box_large_optional_fields(&mut types);
    let mut api = Api {
        title: text("#/info/title").unwrap_or_else(|| "API".to_owned()),
        version: text("#/info/version").unwrap_or_default(),
        description: text("#/info/description").filter(|d| !d.is_empty()),
        license: text("#/info/license/name"),
        default_base_url: default_base_url(&resolver),
        types,
        operations: ops.operations,
        security: security::security_schemes(&resolver, config, diags),
        error_body,
        token_url: security::token_url(&resolver),
        tag_features: None,
    };
    if config.tag_features {
        api.tag_features = Some(features::tag_features(&api));
    }
    api
}

/// Gives the parameters named in the settings' `parameter_types` their Rust type. A type
/// that is not a plain type path, or an entry that names no parameter, is an error at
/// the settings entry.
fn apply_parameter_types(
    operations: &mut [crate::ir::Operation],
    config: &Config,
    diags: &mut Diagnostics,
) {
    for (i, entry) in config.parameter_types.iter().enumerate() {
        let at = format!("generator settings: parameter_types[{i}]");
        let is_path = matches!(
            syn::parse_str::<syn::Type>(&entry.rust_type),
            Ok(syn::Type::Path(p)) if p.qself.is_none()
        );
        if !is_path {
            diags.error(
                &at,
                format!("`{}` is not a Rust type path", entry.rust_type),
            );
            continue;
        }
        let param = operations
            .iter_mut()
            .filter(|op| op.id == entry.operation)
            .flat_map(|op| op.params.iter_mut())
            .find(|p| p.wire_name == entry.parameter);
        match param {
            Some(param) => param.rust_type = Some(entry.rust_type.clone()),
            None => diags.error(
                &at,
                format!(
                    "operation `{}` has no parameter `{}`",
                    entry.operation, entry.parameter
                ),
            ),
        }
    }
}

/// The first server URL, with `{variables}` replaced by their defaults; only absolute URLs.
fn default_base_url(resolver: &Resolver<'_>) -> Option<String> {
    let server = resolver.node("#/servers/0")?;
    let mut url = server.get("url")?.as_str()?.to_owned();
    if let Some(Value::Object(vars)) = server.get("variables") {
        for (name, var) in vars {
            if let Some(default) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    (absolute && !url.contains('{')).then(|| url.trim_end_matches('/').to_owned())
}

/// Rustdoc from a one-line heading (`summary`, `title`) and a longer text (`description`):
/// both when they differ, else whichever is present and not empty.
fn heading_doc(heading: Option<&str>, text: Option<&str>) -> Option<String> {
    let heading = heading.filter(|h| !h.is_empty());
    let text = text.filter(|t| !t.is_empty());
    match (heading, text) {
        (Some(h), Some(t)) if h != t => Some(format!("{h}\n\n{t}")),
        (_, Some(t)) => Some(t.to_owned()),
        (Some(h), None) => Some(h.to_owned()),
        (None, None) => None,
    }
}
