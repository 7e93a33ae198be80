//! Security schemes: which credentials the client can send, and the OAuth 2.0 token
//! endpoint the spec declares.

use crate::config::Config;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{SecurityKind, SecurityScheme};
use crate::naming::{value_name, Scope};

/// Methods `ClientBuilder` has of its own; a credential setter named like one (a scheme
/// called `timeout` or `BearerToken`) gets a suffix.
const RESERVED_SETTERS: &[&str] = &[
    "new",
    "default",
    "base_url",
    "bearer_token",
    "basic_auth",
    "api_key_header",
    "api_key_query",
    "private_key_jwt",
    "retry",
    "timeout",
    "connect_timeout",
    "max_response_body",
    "max_pages",
    "user_agent",
    "http_client",
    "allow_http_on_loopback",
    "build",
    "from_env",
    "from_vars",
    "fmt",
];
use crate::refs::Resolver;
use serde_json::Value;

pub(super) fn security_schemes(
    resolver: &Resolver<'_>,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let base = "#/components/securitySchemes";
    let Some(Value::Object(map)) = resolver.node(base) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut setters = Scope::with_reserved(RESERVED_SETTERS);
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
        let method_name = setters.claim(&value_name(settings.method.as_deref().unwrap_or(key)));
        out.push(SecurityScheme {
            key: key.clone(),
            method_name,
            doc: description,
            kind,
        });
    }
    out
}

/// The token endpoint of the first OAuth 2.0 scheme: its client-credentials flow if it has
/// one, else any flow that names a `tokenUrl`.
pub(super) fn token_url(resolver: &Resolver<'_>) -> Option<String> {
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
