//! Checks that keep a path key and its parameters from changing where a request goes.
//!
//! The runtime appends the filled path to the base URL, so the path part of a key must be a
//! plain absolute path: it starts with `/`, has no dot segments (also percent-encoded ones),
//! no `@`, `\`, scheme or white space, and only characters that need no encoding, so URL
//! parsing cannot rewrite it. A key may end in a literal query (`/responses?beta=true`:
//! fixed query parameters, sent encoded like any other) and a fragment (`/files/{id}#copy`,
//! used by vendors to tell operations apart: never sent). Placeholders and declared path
//! parameters must agree, and header parameters may not set headers the runtime owns.

use crate::ir::{Location, Param, TypeRef};
use crate::naming::{value_name, Scope};

/// Headers no parameter may set: the HTTP stack derives them or the runtime sets them.
const RUNTIME_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "connection",
    "content-length",
    "cookie",
    "host",
    "proxy-authorization",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

/// A path key split into the path sent, its literal query and its fragment.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PathKey<'a> {
    /// The path template: what the request path is made of.
    pub(super) path: &'a str,
    /// `name=value` pairs of a literal `?query`, percent-decoded, in key order.
    pub(super) fixed_query: Vec<(String, String)>,
    /// The `#fragment`, never sent.
    pub(super) fragment: Option<&'a str>,
}

/// Splits `key` at its first `#` (fragment) and then at its first `?` (literal query).
/// Fails when a query pair has no name or a `%` that is not an escape.
pub(super) fn split_key(key: &str) -> Result<PathKey<'_>, String> {
    let (rest, fragment) = match key.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (key, None),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut fixed_query = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(name)?, decode(value)?);
        if name.is_empty() {
            return Err(format!("the literal query pair `{pair}` has no name"));
        }
        fixed_query.push((name, value));
    }
    Ok(PathKey {
        path,
        fixed_query,
        fragment,
    })
}

/// `text` with its `%XX` escapes decoded; white space and control characters refused.
fn decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = tail.get(..2).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
            let byte =
                byte.ok_or("a `%` in the literal query is not followed by two hex digits")?;
            bytes.push(byte);
            rest = &tail[2..];
        } else if b.is_ascii_whitespace() || b.is_ascii_control() {
            return Err("the literal query must not contain white space".into());
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| "the literal query is not UTF-8 once decoded".into())
}

/// The placeholder names of `path`, or why the path key cannot be used.
pub(super) fn placeholders(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err("a path must start with `/` (anything else could change the host)".into());
    }
    if path.contains("://") {
        return Err("a path must not contain a scheme".into());
    }
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                let end = rest.find('}').ok_or("a `{` placeholder is not closed")?;
                let name = &rest[1..end];
                if name.is_empty() || name.contains(['{', '/']) {
                    return Err(format!("`{}` is not a usable placeholder", &rest[..=end]));
                }
                names.push(name.to_owned());
                rest = &rest[end + 1..];
                continue;
            }
            '}' => return Err("a `}` has no opening `{`".into()),
            '@' | '?' | '#' | '\\' => {
                return Err(format!("a path must not contain `{c}`"));
            }
            '%' => {
                let hex = rest.get(1..3).unwrap_or("");
                if hex.len() != 2 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    return Err("a `%` is not followed by two hex digits".into());
                }
            }
            c if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:/".contains(c) => {}
            c => {
                return Err(format!(
                    "a path must not contain {c:?} (only characters that need no encoding)"
                ))
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    let dot_segment = path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    });
    if dot_segment {
        return Err("a path must not contain `.` or `..` segments".into());
    }
    Ok(names)
}

/// Makes the parameters agree with the placeholders: a placeholder without a parameter gets
/// a required string parameter, a path parameter without a placeholder is dropped. Returns
/// a message per mismatch.
pub(super) fn reconcile(
    placeholders: &[String],
    params: &mut Vec<Param>,
    scope: &mut Scope,
) -> Vec<String> {
    let mut problems = Vec::new();
    params.retain(|p| {
        let used = p.location != Location::Path || placeholders.contains(&p.wire_name);
        if !used {
            problems.push(format!(
                "path parameter `{}` has no placeholder in the path; it is not generated",
                p.wire_name
            ));
        }
        used
    });
    for name in placeholders {
        let declared = params
            .iter()
            .any(|p| p.location == Location::Path && p.wire_name == *name);
        if !declared {
            problems.push(format!(
                "placeholder `{{{name}}}` has no path parameter; it is generated as a required string"
            ));
            params.push(Param {
                rust_type: None,
                wire_name: name.clone(),
                name: scope.claim(&value_name(name)),
                location: Location::Path,
                ty: TypeRef::String,
                required: true,
                explode: false,
                deep_object: false,
                default: None,
                doc: None,
                deprecated: false,
                media_param: None,
                option_setter: None,
                json_content: false,
            });
        }
    }
    if !problems.is_empty() {
        let position = |p: &Param| match p.location {
            Location::Path => placeholders.iter().position(|n| *n == p.wire_name),
            _ => None,
        };
        params.sort_by_key(|p| position(p).unwrap_or(usize::MAX));
    }
    problems
}

/// Why a header parameter `name` cannot be generated, if it would set a header the runtime
/// owns: one of [`RUNTIME_HEADERS`], or `Content-Type` next to a body. (A parameter named
/// like an API-key header is kept: the configured credential, set after parameters, wins.)
pub(super) fn reserved_header(name: &str, has_body: bool) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if RUNTIME_HEADERS.contains(&lower.as_str()) {
        return Some(format!(
            "header `{name}` is set by the runtime; the parameter is not generated"
        ));
    }
    if has_body && lower == "content-type" {
        return Some(
            "`Content-Type` is set by the request body; the parameter is not generated".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{placeholders, split_key, PathKey};

    #[test]
    fn fragments_and_literal_queries_are_split_off() {
        let key = split_key("/responses?beta=true&x=a%20b&flag#create").expect("splits");
        assert_eq!(
            key,
            PathKey {
                path: "/responses",
                fixed_query: vec![
                    ("beta".into(), "true".into()),
                    ("x".into(), "a b".into()),
                    ("flag".into(), String::new()),
                ],
                fragment: Some("create"),
            }
        );
        assert_eq!(
            split_key("/files/{id}#copy").expect("splits").path,
            "/files/{id}"
        );
        // What follows `#` is never sent, even when it looks like a query.
        assert!(split_key("/a#b?c=d")
            .expect("splits")
            .fixed_query
            .is_empty());
        for bad in ["/a?=x", "/a?x=%zz", "/a?x=a b", "/a?x=%ff%fe"] {
            assert!(split_key(bad).is_err(), "{bad:?}");
        }
        // The path part is checked as before.
        for bad in ["/users/../admin?x=1", "/x@evil.com#f", "evil?x=1"] {
            let key = split_key(bad).expect("splits");
            assert!(placeholders(key.path).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn paths_that_could_move_the_request_are_refused() {
        assert_eq!(placeholders("/users/{id}/x"), Ok(vec!["id".to_owned()]));
        assert!(placeholders("/v1/{name}:cancel").is_ok());
        for bad in [
            ".evil.com/x",
            "@host:8080/x",
            "/x@evil.com",
            "/a/../admin",
            "/a/%2E%2e/admin",
            "/a/./b",
            "/a?b=c",
            "/a#b",
            "http://evil.com/x",
            "/a b",
            "/a\nb",
            "/ä",
            "/{id",
            "/id}",
            "/{}",
            "/a%zz",
            "",
        ] {
            assert!(placeholders(bad).is_err(), "{bad:?}");
        }
    }
}
