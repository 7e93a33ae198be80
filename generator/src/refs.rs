//! `$ref` resolution over the raw document by JSON pointer.
//!
//! Any node may be a `{"$ref": "#/..."}`; [`Resolver::get`] follows chains of such aliases
//! (detecting cycles) and deserializes the target into the requested `openapiv3` type.

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Follows `$ref`s inside one document.
pub struct Resolver<'a> {
    raw: &'a Value,
    /// Nodes found by pointer. Lowering asks for the same pointers again and again (1.6
    /// million lookups of 76,000 pointers for a 4,000-schema spec), and the document never
    /// changes, so each pointer is walked once. Bounded by the pointers the document's own
    /// nodes and references spell.
    found: RefCell<HashMap<Box<str>, Option<&'a Value>, BuildHasherDefault<Fnv>>>,
}

/// FNV-1a: pointers are short strings built by us from the document, and hashing them is
/// most of a memo lookup, which SipHash makes several times dearer.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// Longest alias chain followed before reporting a cycle.
const MAX_REF_HOPS: usize = 64;

impl<'a> Resolver<'a> {
    /// A resolver over the whole document.
    pub fn new(raw: &'a Value) -> Self {
        Self {
            raw,
            found: RefCell::default(),
        }
    }

    /// The node at a `#/...` pointer. `$ref`s along the way are followed when the pointer
    /// continues past them (`#/paths/~1a/post/requestBody/content` where `requestBody` is a
    /// reference); the node the pointer ends at is returned as it is.
    pub fn node(&self, pointer: &str) -> Option<&'a Value> {
        if let Some(found) = self.found.borrow().get(pointer) {
            return *found;
        }
        let found = self.walk(pointer);
        self.found.borrow_mut().insert(pointer.into(), found);
        found
    }

    fn walk(&self, pointer: &str) -> Option<&'a Value> {
        let path = pointer.strip_prefix('#')?;
        if let Some(found) = lookup(self.raw, path) {
            return Some(found);
        }
        let mut at = self.raw;
        let mut hops = 0;
        for token in path.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            loop {
                let next = match at {
                    Value::Object(map) => map.get(&token),
                    Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if let Some(next) = next {
                    at = next;
                    break;
                }
                let target = Self::ref_of(at)?.strip_prefix('#')?;
                hops += 1;
                if hops > MAX_REF_HOPS {
                    return None;
                }
                at = lookup(self.raw, &decode_pointer_escapes(target))?;
            }
        }
        Some(at)
    }

    /// The `$ref` target of `value`, when it is a reference object.
    pub fn ref_of(value: &Value) -> Option<&str> {
        value.as_object()?.get("$ref")?.as_str()
    }

    /// Follows `$ref` aliases starting at `pointer` and returns the pointer and node of the
    /// first non-reference node.
    pub fn follow(&self, pointer: &str) -> Result<(String, &'a Value), Diagnostic> {
        let mut at = pointer.to_owned();
        let mut seen: Vec<String> = Vec::new();
        loop {
            let node = self
                .node(&at)
                .ok_or_else(|| Diagnostic::error(pointer, format!("dangling reference `{at}`")))?;
            let Some(target) = Self::ref_of(node) else {
                return Ok((at, node));
            };
            if !target.starts_with('#') {
                return Err(Diagnostic::error(
                    &at,
                    format!("external reference `{target}` is not supported (only `#/...`)"),
                ));
            }
            if seen.iter().any(|s| s == target) || seen.len() > MAX_REF_HOPS {
                return Err(Diagnostic::error(
                    &at,
                    format!("cycle of `$ref` aliases at `{target}`"),
                ));
            }
            seen.push(target.to_owned());
            at = decode_pointer_escapes(target);
        }
    }

    /// Follows aliases from `pointer` and deserializes the target as `T`.
    pub fn get<T: DeserializeOwned>(&self, pointer: &str) -> Result<(String, T), Diagnostic> {
        self.get_with(pointer, |node| node.clone())
    }

    /// Like [`Resolver::get`], but deserializes only the node's own keywords: nested
    /// schemas are replaced by `{}` first, so that a broken child is reported at its own
    /// pointer (when it is lowered) instead of sinking its parent.
    pub fn get_shallow<T: DeserializeOwned>(
        &self,
        pointer: &str,
    ) -> Result<(String, T), Diagnostic> {
        self.get_with(pointer, shallow)
    }

    fn get_with<T: DeserializeOwned>(
        &self,
        pointer: &str,
        prepare: impl Fn(&Value) -> Value,
    ) -> Result<(String, T), Diagnostic> {
        let (at, node) = self.follow(pointer)?;
        let value = T::deserialize(prepare(node)).map_err(|e| {
            Diagnostic::error(&at, format!("malformed {}: {e}", short_type_name::<T>()))
        })?;
        Ok((at, value))
    }
}

/// Keywords whose values are schemas (or maps/lists of schemas), lowered on their own.
const NESTED_SCHEMA_KEYS: &[&str] = &[
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "schema",
    "content",
];

/// A copy of `node` with every nested schema replaced by `{}`.
fn shallow(node: &Value) -> Value {
    let Value::Object(map) = node else {
        return node.clone();
    };
    let empty = || Value::Object(serde_json::Map::new());
    let mut out = serde_json::Map::with_capacity(map.len());
    for (key, value) in map {
        let replaced = if !NESTED_SCHEMA_KEYS.contains(&key.as_str()) {
            value.clone()
        } else {
            match (key.as_str(), value) {
                ("additionalProperties", Value::Bool(_)) => value.clone(),
                ("properties" | "content", Value::Object(children)) => {
                    Value::Object(children.keys().map(|k| (k.clone(), empty())).collect())
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                    Value::Array(members.iter().map(|_| empty()).collect())
                }
                (_, Value::Object(_)) => empty(),
                _ => value.clone(),
            }
        };
        out.insert(key.clone(), replaced);
    }
    Value::Object(out)
}

/// `$ref` values are URI fragments: `%25`-style escapes may appear (e.g. `%7B` for `{`).
/// `root.pointer(path)` (RFC 6901), without an allocation per reference token: tokens are
/// unescaped (`~1` → `/`, `~0` → `~`) only when they hold a `~`. Lowering looks nodes up by
/// pointer constantly, so this is on the generator's hot path.
fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(root);
    }
    let mut at = root;
    for token in path.strip_prefix('/')?.split('/') {
        let token: std::borrow::Cow<'_, str> = if token.contains('~') {
            token.replace("~1", "/").replace("~0", "~").into()
        } else {
            token.into()
        };
        at = match at {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => {
                // As serde_json: decimal digits, no leading zero.
                let index = token.as_ref();
                let canonical = index.bytes().all(|b| b.is_ascii_digit())
                    && (index == "0" || !index.starts_with('0'));
                items.get(index.parse::<usize>().ok().filter(|_| canonical)?)?
            }
            _ => return None,
        };
    }
    Some(at)
}

fn decode_pointer_escapes(target: &str) -> String {
    if !target.contains('%') {
        return target.to_owned();
    }
    let bytes = target.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| target.to_owned())
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}
