//! The traffic Okta's Python SDK recorded against real orgs (`tests/recordings/`, see its
//! README for provenance): loading it, and routing each recorded request to the operation
//! of `spec/okta-users.yaml` that serves it.

use serde::Deserialize;
use serde_json::Value;

/// The fixture file, as `cargo xtask recordings` writes it.
#[derive(Debug, Deserialize)]
pub struct Recordings {
    /// Repository, commit, licence and what was kept or dropped.
    pub provenance: Value,
    /// Every cassette with at least one interaction under `/api/v1/users`.
    pub cassettes: Vec<Cassette>,
    /// Every interaction under `/api/v1/users`, in cassette order.
    pub interactions: Vec<Interaction>,
}

/// One cassette: how many interactions it holds and the ones outside `/api/v1/users`.
#[derive(Debug, Deserialize)]
pub struct Cassette {
    /// Path inside the SDK's repository.
    pub file: String,
    /// All interactions of the cassette, kept or not.
    pub interactions: usize,
    /// The interactions that are not users traffic (method, path and index only).
    pub other: Vec<Other>,
}

/// An interaction of a cassette outside `/api/v1/users`.
#[derive(Debug, Deserialize)]
pub struct Other {
    /// Position in the cassette.
    pub index: usize,
    /// HTTP method.
    pub method: String,
    /// Request path.
    pub path: String,
}

/// One recorded request and the real org's response.
#[derive(Debug, Clone, Deserialize)]
pub struct Interaction {
    /// Path of the cassette inside the SDK's repository.
    pub cassette: String,
    /// Position in the cassette.
    pub index: usize,
    /// Request method.
    pub method: String,
    /// Request URI as the SDK sent it (the org's origin included).
    pub uri: String,
    /// Request headers in recorded order (credentials were sanitised by the SDK's tests).
    pub request_headers: Vec<(String, String)>,
    /// Request body text, if any.
    pub request_body: Option<String>,
    /// Response status.
    pub status: u16,
    /// Response headers in recorded order.
    pub headers: Vec<(String, String)>,
    /// Response body, decoded.
    pub body: String,
}

/// Loads `tests/recordings/okta-sdk-python.json`.
pub fn load() -> Recordings {
    let path = crate::root().join("tests/recordings/okta-sdk-python.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl Interaction {
    /// `Cassette.yaml#index`, for messages.
    pub fn label(&self) -> String {
        let file = self.cassette.rsplit('/').next().unwrap_or(&self.cassette);
        format!("{file}#{}", self.index)
    }

    /// The recorded URI parsed.
    pub fn url(&self) -> reqwest::Url {
        reqwest::Url::parse(&self.uri).unwrap_or_else(|e| panic!("{}: {e}", self.label()))
    }

    /// The recorded org's origin, e.g. `https://test.okta.com`.
    pub fn origin(&self) -> String {
        self.url().origin().ascii_serialization()
    }

    /// The request path as recorded (the SDK sometimes sent `//api/v1/...`).
    pub fn path(&self) -> String {
        self.url().path().to_owned()
    }

    /// The request path with a doubled leading slash collapsed.
    pub fn normalized_path(&self) -> String {
        let path = self.path();
        format!("/{}", path.trim_start_matches('/'))
    }

    /// Decoded query parameters, sorted: the set a client must send.
    pub fn query(&self) -> Vec<(String, String)> {
        query_set(&self.url())
    }

    /// The first response header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request body as JSON, if there is one.
    pub fn request_json(&self) -> Option<Value> {
        let text = self.request_body.as_deref().filter(|t| !t.is_empty())?;
        Some(serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", self.label())))
    }

    /// The response body as JSON, if there is one.
    pub fn response_json(&self) -> Option<Value> {
        if self.body.trim().is_empty() {
            return None;
        }
        serde_json::from_str(&self.body).ok()
    }

    /// Whether the response is a success.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The decoded query parameters of `url`, sorted, so that two requests compare as sets.
pub fn query_set(url: &reqwest::Url) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

/// A path and method of the spec with its operation id.
#[derive(Debug, Clone)]
pub struct Route {
    /// `operationId`.
    pub operation: String,
    /// Upper-case method.
    pub method: String,
    /// Path segments; a `{name}` segment matches any one segment.
    segments: Vec<String>,
}

/// A recorded request routed to an operation.
#[derive(Debug, Clone)]
pub struct Routed {
    /// `operationId`.
    pub operation: String,
    /// The value of the path's one parameter, if it has one.
    pub id: Option<String>,
}

/// Every operation of `spec/okta-users.yaml`, read from the spec itself so that an
/// operation added there is routed without touching the tests.
pub fn routes() -> Vec<Route> {
    let path = crate::root().join("spec/okta-users.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec parses");
    let mut routes = Vec::new();
    let paths = spec["paths"].as_mapping().expect("paths");
    for (template, item) in paths {
        let template = template.as_str().expect("path key");
        for (method, operation) in item.as_mapping().expect("path item") {
            let Some(id) = operation.get("operationId").and_then(|v| v.as_str()) else {
                continue;
            };
            routes.push(Route {
                operation: id.to_owned(),
                method: method.as_str().expect("method").to_ascii_uppercase(),
                segments: template.split('/').map(str::to_owned).collect(),
            });
        }
    }
    routes
}

impl Interaction {
    /// The operation of `routes` that this request calls, matched on method and the
    /// normalized path.
    pub fn route(&self, routes: &[Route]) -> Option<Routed> {
        let path = self.normalized_path();
        let segments: Vec<&str> = path.split('/').collect();
        routes.iter().find_map(|route| {
            if route.method != self.method || route.segments.len() != segments.len() {
                return None;
            }
            let mut id = None;
            for (pattern, segment) in route.segments.iter().zip(&segments) {
                if pattern.starts_with('{') {
                    id = Some(segment.to_string());
                } else if pattern != segment {
                    return None;
                }
            }
            Some(Routed {
                operation: route.operation.clone(),
                id,
            })
        })
    }
}
