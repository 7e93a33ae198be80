//! `cargo xtask recordings`: turns the vcrpy cassettes that Okta's Python SDK recorded
//! against real orgs into `tests/recordings/okta-sdk-python.json`, the test data of the
//! replay and fidelity tests.
//!
//! Every interaction whose path is under `/api/v1/users` is kept with its cassette file and
//! index; of the others only method, path and index are kept, so a test can tell whether a
//! cassette's whole sequence is users traffic. Dropped: response headers meant for browsers
//! (CSP, key pins, cookies, XSS and frame policies, HSTS, reporting endpoints), and the
//! transport framing of the original exchange (`Content-Encoding`, `Transfer-Encoding`,
//! `Connection`), because vcrpy stores bodies decoded: serving `Content-Encoding: gzip`
//! with them would be a lie. The output is deterministic (cassettes sorted by path).

use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the cassettes live inside a checkout of `okta/okta-sdk-python`.
pub const CASSETTES: &str = "tests/integration/cassettes";

/// The fixture the tests read, relative to the workspace root.
pub const FIXTURE: &str = "tests/recordings/okta-sdk-python.json";

/// Response headers a client has no use for; compared lower-case.
const BROWSER_HEADERS: &[&str] = &[
    "content-security-policy",
    "content-security-policy-report-only",
    "public-key-pins",
    "public-key-pins-report-only",
    "set-cookie",
    "cookie",
    "report-to",
    "nel",
    "p3p",
    "x-xss-protection",
    "x-frame-options",
    "strict-transport-security",
    "expect-ct",
    "x-content-type-options",
    "referrer-policy",
    "accept-ch",
    "permissions-policy",
];

/// Framing of the recorded exchange that does not describe the stored (decoded) body.
const FRAMING_HEADERS: &[&str] = &["content-encoding", "transfer-encoding", "connection"];

#[derive(Deserialize)]
struct Cassette {
    #[serde(default)]
    interactions: Vec<Interaction>,
}

#[derive(Deserialize)]
struct Interaction {
    request: Request,
    response: Response,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    uri: String,
    #[serde(default)]
    headers: serde_yaml::Mapping,
    #[serde(default)]
    body: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
struct Response {
    status: Status,
    #[serde(default)]
    headers: serde_yaml::Mapping,
    body: ResponseBody,
}

#[derive(Deserialize)]
struct Status {
    code: u16,
}

#[derive(Deserialize)]
struct ResponseBody {
    #[serde(default)]
    string: Option<String>,
}

/// Options of `cargo xtask recordings`.
pub struct Options {
    /// A checkout (work tree) of `okta/okta-sdk-python`.
    pub sdk: PathBuf,
    /// The commit of that checkout; read with `git rev-parse HEAD` when not given.
    pub commit: Option<String>,
    /// The fixture to write.
    pub out: PathBuf,
}

/// Extracts the fixture; returns a one-line summary.
pub fn extract(options: &Options) -> Result<String, String> {
    let root = options.sdk.join(CASSETTES);
    let commit = match &options.commit {
        Some(c) => c.clone(),
        None => git_head(&options.sdk)?,
    };
    if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "not a full commit id: {commit:?} (pass --commit SHA)"
        ));
    }
    let mut files = Vec::new();
    collect_yaml(&root, &mut files)?;
    files.sort();
    let dropped = [BROWSER_HEADERS, FRAMING_HEADERS].concat();
    let (mut cassettes, mut interactions) = (Vec::new(), Vec::new());
    for file in &files {
        let rel = file
            .strip_prefix(&options.sdk)
            .map_err(|_| format!("{} is outside the checkout", file.display()))?
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).map_err(|e| format!("{rel}: {e}"))?;
        let cassette: Cassette = serde_yaml::from_str(&text).map_err(|e| format!("{rel}: {e}"))?;
        let mut kept = 0;
        let mut other = Vec::new();
        for (index, it) in cassette.interactions.iter().enumerate() {
            let path = path_of(&it.request.uri);
            if !is_users_path(path) {
                other.push(json!({"index": index, "method": it.request.method, "path": path}));
                continue;
            }
            kept += 1;
            interactions.push(json!({
                "cassette": rel,
                "index": index,
                "method": it.request.method,
                "uri": it.request.uri,
                "request_headers": headers(&it.request.headers, &[]),
                "request_body": request_body(&it.request.body),
                "status": it.response.status.code,
                "headers": headers(&it.response.headers, &dropped),
                "body": it.response.body.string.clone().unwrap_or_default(),
            }));
        }
        if kept > 0 {
            cassettes.push(json!({
                "file": rel,
                "interactions": cassette.interactions.len(),
                "other": other,
            }));
        }
    }
    let provenance = json!({
        "repository": "https://github.com/okta/okta-sdk-python",
        "commit": commit,
        "licence": "Apache-2.0 (LICENSE.md of that repository)",
        "source": CASSETTES,
        "extracted_by": "cargo xtask recordings --sdk <checkout> (xtask/src/recordings.rs)",
        "kept": "every interaction whose path is under /api/v1/users; of the others method, path and index",
        "dropped_headers": dropped,
        "bodies": "as vcrpy stored them: decoded text (the recorded Content-Encoding is dropped)",
    });
    let out = render(&provenance, &cassettes, &interactions);
    if let Some(dir) = options.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&options.out, out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    Ok(format!(
        "wrote {}: {} interactions under /api/v1/users from {} of {} cassettes (commit {commit})",
        options.out.display(),
        interactions.len(),
        cassettes.len(),
        files.len()
    ))
}

/// One JSON document, one cassette or interaction per line, so diffs stay readable.
fn render(provenance: &Value, cassettes: &[Value], interactions: &[Value]) -> String {
    let mut out = String::from("{\n\"provenance\": ");
    out.push_str(&serde_json::to_string(provenance).unwrap_or_default());
    for (name, list) in [("cassettes", cassettes), ("interactions", interactions)] {
        let _ = write!(out, ",\n\"{name}\": [\n");
        for (i, item) in list.iter().enumerate() {
            out.push_str(&serde_json::to_string(item).unwrap_or_default());
            out.push_str(if i + 1 < list.len() { ",\n" } else { "\n" });
        }
        out.push(']');
    }
    out.push_str("\n}\n");
    out
}

/// The path of a recorded URI (scheme, host and query removed).
pub fn path_of(uri: &str) -> &str {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path = rest.find('/').map_or("", |at| &rest[at..]);
    path.split(['?', '#']).next().unwrap_or_default()
}

/// `/api/v1/users` and below; the SDK sometimes sent a doubled leading slash.
fn is_users_path(path: &str) -> bool {
    let path = path.trim_start_matches('/');
    path == "api/v1/users" || path.starts_with("api/v1/users/")
}

/// Headers as `[name, value]` pairs in recorded order; list values become one pair each.
fn headers(map: &serde_yaml::Mapping, dropped: &[&str]) -> Value {
    let mut pairs = Vec::new();
    for (name, value) in map {
        let Some(name) = name.as_str() else { continue };
        if dropped.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let values = match value {
            serde_yaml::Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
            other => scalar(other).into_iter().collect::<Vec<_>>(),
        };
        for v in values {
            pairs.push(json!([name, v]));
        }
    }
    Value::Array(pairs)
}

fn scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn request_body(body: &Option<serde_yaml::Value>) -> Value {
    match body.as_ref().and_then(scalar) {
        Some(text) => Value::String(text),
        None => Value::Null,
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        let path = entry.path();
        if kind.is_dir() {
            collect_yaml(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn git_head(dir: &Path) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .map_err(|e| format!("git rev-parse: {e} (pass --commit SHA)"))?;
    if !out.status.success() {
        return Err(format!(
            "{} is not a git checkout; pass --commit SHA",
            dir.display()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_recorded_uris() {
        assert_eq!(
            path_of("https://test.okta.com/api/v1/users?limit=1"),
            "/api/v1/users"
        );
        assert_eq!(
            path_of("https://test.okta.com//api/v1/users/x"),
            "//api/v1/users/x"
        );
        assert!(is_users_path("//api/v1/users/x"));
        assert!(is_users_path("/api/v1/users"));
        assert!(!is_users_path("/api/v1/usersX"));
        assert!(!is_users_path("/api/v1/groups"));
    }
}
