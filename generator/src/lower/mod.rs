//! Lowering: the raw document to the IR ([`crate::ir::Api`]).
//!
//! Schemas first (so that component names win over inline ones), then operations, then the
//! API-level facts (servers, security schemes, the shared error body).

mod operation;
mod schema;

use crate::config::Config;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Api, MediaParam, SecurityKind, SecurityScheme, TypeRef};
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
    let ops = operation::lower_operations(&resolver, &mut schemas, &settings, diags);
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
    mark_boxed(&mut types);
    Api {
        title: text("#/info/title").unwrap_or_else(|| "API".to_owned()),
        version: text("#/info/version").unwrap_or_default(),
        description: text("#/info/description").filter(|d| !d.is_empty()),
        default_base_url: default_base_url(&resolver),
        types,
        operations: ops.operations,
        security: security_schemes(&resolver, config, diags),
        error_body,
        token_url: token_url(&resolver),
    }
}

/// The token endpoint of the first OAuth 2.0 scheme: its client-credentials flow if it has
/// one, else any flow that names a `tokenUrl`.
fn token_url(resolver: &Resolver<'_>) -> Option<String> {
    let Some(Value::Object(schemes)) = resolver.node("#/components/securitySchemes") else {
        return None;
    };
    let flows: Vec<&Value> = schemes
        .values()
        .filter(|s| s.get("type").and_then(Value::as_str) == Some("oauth2"))
        .filter_map(|s| s.get("flows"))
        .collect();
    ["clientCredentials", "authorizationCode", "password"]
        .iter()
        .find_map(|flow| {
            flows
                .iter()
                .find_map(|f| f.get(*flow)?.get("tokenUrl")?.as_str().map(str::to_owned))
        })
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

fn security_schemes(
    resolver: &Resolver<'_>,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let base = "#/components/securitySchemes";
    let Some(Value::Object(map)) = resolver.node(base) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in map.keys() {
        let ptr = child(base, key);
        let scheme = match resolver.get::<openapiv3::SecurityScheme>(&ptr) {
            Ok((_, s)) => s,
            Err(d) => {
                diags.warn(
                    &d.pointer,
                    format!("{}; security scheme ignored", d.message),
                );
                continue;
            }
        };
        let settings = config.security.get(key).cloned().unwrap_or_default();
        let (kind, description) = match scheme {
            openapiv3::SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let kind = match location {
                    openapiv3::APIKeyLocation::Header => SecurityKind::ApiKeyHeader {
                        header: name,
                        prefix: settings.prefix.clone(),
                    },
                    openapiv3::APIKeyLocation::Query => SecurityKind::ApiKeyQuery { param: name },
                    openapiv3::APIKeyLocation::Cookie => {
                        diags.warn(&ptr, "cookie API keys are not supported; scheme ignored");
                        continue;
                    }
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SecurityKind::Bearer, description),
                "basic" => (SecurityKind::Basic, description),
                other => {
                    diags.warn(
                        &ptr,
                        format!("HTTP auth scheme `{other}` is not supported; ignored"),
                    );
                    continue;
                }
            },
            openapiv3::SecurityScheme::OAuth2 { description, .. }
            | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                (SecurityKind::Bearer, description)
            }
        };
        let method_name = value_name(settings.method.as_deref().unwrap_or(key));
        out.push(SecurityScheme {
            key: key.clone(),
            method_name,
            doc: description,
            kind,
        });
    }
    out
}

/// Marks struct fields that must be boxed: a field whose type contains its own struct
/// without going through a `Vec` or map.
fn mark_boxed(types: &mut [crate::ir::TypeDef]) {
    use crate::ir::TypeKind;
    use std::collections::BTreeMap;
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct (unboxed) edges between named types.
    let direct = |t: &TypeKind| -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |ty: &TypeRef| {
            if let TypeRef::Named(n) = ty {
                out.push(n.clone());
            }
        };
        match t {
            TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| push(&f.ty)),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| push(&v.ty)),
            TypeKind::Alias(ty) => push(ty),
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => {}
        }
        out
    };
    let edges: Vec<Vec<String>> = types.iter().map(|t| direct(&t.kind)).collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(&i) = index.get(&n) {
                stack.extend(edges[i].iter().cloned());
            }
        }
        false
    };
    let mut to_box: Vec<(usize, usize)> = Vec::new();
    for (ti, t) in types.iter().enumerate() {
        if let TypeKind::Struct { fields, .. } = &t.kind {
            for (fi, f) in fields.iter().enumerate() {
                if let TypeRef::Named(target) = &f.ty {
                    if reaches(target, &t.name) {
                        to_box.push((ti, fi));
                    }
                }
            }
        }
    }
    for (ti, fi) in to_box {
        if let TypeKind::Struct { fields, .. } = &mut types[ti].kind {
            fields[fi].boxed = true;
        }
    }
}
