//! `allOf` as JSON Schema means it: the type of a property that several members define is
//! the intersection of the definitions (every one must hold). Annotation formats (`uri`,
//! `email`, …) and constraints do not change the Rust type; `integer` ∧ `number` is an
//! integer; an `enum` narrows a plain string (two enums keep the values they share); arrays
//! intersect their items and objects merge their properties, recursively. Only definitions
//! that no value can satisfy together (`string` ∧ `object`, `date` ∧ `date-time`, enums
//! with no value in common) are a [`Conflict`].

use super::schema::SchemaLowering;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::naming::type_name;
use serde_json::Value;

/// Keywords that describe or constrain a schema without changing its Rust type: two
/// definitions that differ only in these are the same type.
const NON_TYPE_KEYS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
    "nullable",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Deepest nesting of intersections (arrays of objects of arrays …) before giving up.
const MAX_DEPTH: usize = 32;

/// Two definitions no value satisfies together, and why.
pub(super) struct Conflict {
    /// Pointer of the definition that contradicts the first one.
    pub(super) other: String,
    /// What each one is (`string` and `object`, `date` and `date-time`, …).
    pub(super) reason: String,
}

/// What a definition's Rust type is decided by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// `oneOf`, `anyOf`, `not`, an unknown `type`: merged only with itself.
    Opaque,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Opaque => "a union or `not`",
        }
    }
}

/// The string formats that change the Rust type; every other format only annotates.
fn typed_format(node: &Value) -> Option<&str> {
    if node.get(super::schema::SECRET_EXTENSION) == Some(&Value::Bool(true)) {
        return Some("password");
    }
    node.get("format")
        .and_then(Value::as_str)
        .filter(|f| matches!(*f, "date-time" | "date" | "password"))
}

/// Integer formats from narrowest to widest range; absent or unknown is `int64`.
const INTEGER_FORMATS: &[&str] = &[
    "int8", "uint8", "int16", "uint16", "int32", "uint", "uint32", "int64", "uint64",
];

fn integer_rank(node: &Value) -> usize {
    let format = node
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or("int64");
    INTEGER_FORMATS
        .iter()
        .position(|f| *f == format)
        .unwrap_or(INTEGER_FORMATS.len())
}

/// The node without the keywords that do not decide its Rust type.
pub(super) fn type_keys(node: &Value) -> Value {
    match node {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !NON_TYPE_KEYS.contains(&k.as_str()) && !k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl<'a> SchemaLowering<'a> {
    /// The type of a property that `definitions` (pointers, in member order) all define.
    pub(super) fn intersect(
        &mut self,
        definitions: &[String],
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Result<TypeRef, Conflict> {
        self.intersect_at(definitions, hint, 0, diags)
    }

    fn intersect_at(
        &mut self,
        definitions: &[String],
        hint: &str,
        depth: usize,
        diags: &mut Diagnostics,
    ) -> Result<TypeRef, Conflict> {
        if let [only] = definitions {
            return Ok(self.type_ref(only, hint, diags));
        }
        // Annotation-only definitions (`{description}`) constrain nothing; the others are
        // seen through `$ref`s and single-member `allOf` wrappers, and counted once.
        let mut typed: Vec<String> = Vec::new();
        let mut seen: Vec<(String, Value)> = Vec::new();
        for definition in definitions {
            if self.annotation_only(definition) {
                continue;
            }
            let (at, node) = self.resolved(definition);
            let shape = node.map(type_keys).unwrap_or_default();
            if seen.iter().any(|(p, s)| *p == at || *s == shape) {
                continue;
            }
            seen.push((at.clone(), shape));
            typed.push(definition.clone());
        }
        let first = typed.first().unwrap_or(&definitions[0]).clone();
        if typed.len() <= 1 || depth > MAX_DEPTH {
            return Ok(self.type_ref(&first, hint, diags));
        }
        let typed = self.narrow_unions(typed);
        let kinds: Vec<Kind> = typed.iter().map(|d| self.kind(d)).collect();
        let numeric = |k: &Kind| matches!(k, Kind::Integer | Kind::Number);
        let differs = kinds.iter().position(|k| {
            *k != kinds[0] && !(numeric(k) && numeric(&kinds[0])) || *k == Kind::Opaque
        });
        if let Some(i) = differs {
            let j = i.max(1);
            let (a, b) = (kinds[0], kinds[j]);
            let other = typed[j].clone();
            let reason = if a == b {
                format!("{} in both, which are not merged", a.name())
            } else {
                format!("{} here, {} there", a.name(), b.name())
            };
            return Err(Conflict { other, reason });
        }
        match kinds[0] {
            Kind::Object => Ok(self.merged_object(&typed, hint, diags)),
            Kind::Array => {
                let items: Vec<String> = typed
                    .iter()
                    .filter_map(|d| {
                        let (at, node) = self.resolved(d);
                        node?.get("items").map(|_| child(&at, "items"))
                    })
                    .collect();
                if items.is_empty() {
                    return Ok(TypeRef::List(Box::new(TypeRef::Json)));
                }
                let item = self.intersect_at(&items, &format!("{hint}Item"), depth + 1, diags)?;
                Ok(TypeRef::List(Box::new(item)))
            }
            Kind::String => self.merged_string(&typed, hint, diags),
            Kind::Integer | Kind::Number => {
                // integer ∧ number is an integer; of several integers, the narrowest (a value
                // valid for both fits it); an integer enum narrows like a string one.
                let pick = typed
                    .iter()
                    .filter_map(|d| Some((d, self.resolved(d).1?)))
                    .filter(|(_, n)| n.get("type") == Some(&"integer".into()))
                    .min_by_key(|(_, n)| (n.get("enum").is_none(), integer_rank(n)))
                    .map_or(&first, |(d, _)| d)
                    .clone();
                Ok(self.type_ref(&pick, hint, diags))
            }
            Kind::Boolean | Kind::Opaque => Ok(self.type_ref(&first, hint, diags)),
        }
    }

    /// A `oneOf`/`anyOf` definition beside definitions of one kind stands for its only
    /// member of that kind (`oneOf: [integer, date-time string]` ∧ `string` is the
    /// date-time string); with no such member, or several, it stays as it is.
    fn narrow_unions(&self, typed: Vec<String>) -> Vec<String> {
        let union_members = |d: &String| -> Option<Vec<String>> {
            let (at, node) = self.resolved(d);
            let node = node?;
            let key = ["oneOf", "anyOf"]
                .into_iter()
                .find(|k| node.get(*k).is_some())?;
            let count = node.get(key)?.as_array()?.len();
            let base = child(&at, key);
            Some((0..count).map(|i| child(&base, &i.to_string())).collect())
        };
        let others: Vec<Kind> = typed
            .iter()
            .filter(|d| union_members(d).is_none())
            .map(|d| self.kind(d))
            .collect();
        let Some(&kind) = others.first().filter(|k| others.iter().all(|o| o == *k)) else {
            return typed;
        };
        typed
            .into_iter()
            .map(|d| {
                let Some(members) = union_members(&d) else {
                    return d;
                };
                let matching: Vec<String> = members
                    .into_iter()
                    .filter(|m| self.kind(m) == kind)
                    .collect();
                match <[String; 1]>::try_from(matching) {
                    Ok([only]) => only,
                    Err(_) => d,
                }
            })
            .collect()
    }

    /// What decides the Rust type of the definition at `ptr`.
    fn kind(&self, ptr: &str) -> Kind {
        let Some(node) = self.resolved(ptr).1 else {
            return Kind::Opaque;
        };
        match node.get("type").and_then(Value::as_str) {
            Some("object") => return Kind::Object,
            Some("array") => return Kind::Array,
            Some("string") => return Kind::String,
            Some("integer") => return Kind::Integer,
            Some("number") => return Kind::Number,
            Some("boolean") => return Kind::Boolean,
            Some(_) => return Kind::Opaque,
            None => {}
        }
        let has = |k: &str| node.get(k).is_some();
        if has("oneOf") || has("anyOf") || has("not") {
            Kind::Opaque
        } else if has("properties") || has("additionalProperties") || has("allOf") {
            Kind::Object
        } else if has("items") {
            Kind::Array
        } else {
            match node
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|v| v.first())
            {
                Some(Value::String(_)) => Kind::String,
                Some(Value::Bool(_)) => Kind::Boolean,
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Kind::Integer,
                Some(Value::Number(_)) => Kind::Number,
                _ => Kind::Opaque,
            }
        }
    }

    /// Strings: a format that changes the type (`date-time`, `date`, `password`) wins over
    /// none, two different ones conflict; enums narrow (their shared values).
    fn merged_string(
        &mut self,
        typed: &[String],
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Result<TypeRef, Conflict> {
        // One node per definition, in order (indexes below are into `typed`).
        static NONE: Value = Value::Null;
        let nodes: Vec<&Value> = typed
            .iter()
            .map(|d| self.resolved(d).1.unwrap_or(&NONE))
            .collect();
        let formats: Vec<(usize, &str)> = nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| typed_format(n).map(|f| (i, f)))
            .collect();
        if let Some((i, f)) = formats.iter().find(|(_, f)| *f != formats[0].1) {
            return Err(Conflict {
                other: typed[*i].clone(),
                reason: format!("a `{}` string here, a `{f}` string there", formats[0].1),
            });
        }
        let enums: Vec<(usize, Vec<&str>)> = nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let values = n.get("enum")?.as_array()?;
                Some((i, values.iter().filter_map(Value::as_str).collect()))
            })
            .collect();
        let Some((first_enum, first_values)) = enums.first() else {
            let pick = formats.first().map_or(0, |(i, _)| *i);
            return Ok(self.type_ref(&typed[pick], hint, diags));
        };
        let shared: Vec<&str> = first_values
            .iter()
            .copied()
            .filter(|v| enums.iter().all(|(_, values)| values.contains(v)))
            .collect();
        if shared.is_empty() {
            let other = enums.get(1).map_or(*first_enum, |(i, _)| *i);
            return Err(Conflict {
                other: typed[other].clone(),
                reason: "enums with no value in common".to_owned(),
            });
        }
        // One of the enums is the intersection already: its type is the property's.
        if let Some((i, _)) = enums.iter().find(|(_, values)| {
            values.len() == shared.len() && values.iter().all(|v| shared.contains(v))
        }) {
            return Ok(self.type_ref(&typed[*i], hint, diags));
        }
        let doc = self.annotations(&typed[*first_enum]).0;
        Ok(TypeRef::Named(self.define_enum(hint, &shared, doc)))
    }

    /// Objects: one whose properties already cover every member's is that type (it keeps
    /// its name); otherwise a struct of all their properties, declared once per set of
    /// definitions (so recursive schemas close their cycle on it).
    fn merged_object(&mut self, typed: &[String], hint: &str, diags: &mut Diagnostics) -> TypeRef {
        let roots: Vec<String> = typed.iter().map(|d| self.canonical(d, 0)).collect();
        if let Some(name) = self.merged_types.get(&roots) {
            return TypeRef::Named(name.clone());
        }
        let Some(parts) = self.collect_all(&roots, diags) else {
            return self.type_ref(&typed[0], hint, diags);
        };
        let covering = roots.iter().position(|root| {
            self.collect_all(std::slice::from_ref(root), &mut Diagnostics::default())
                .is_some_and(|own| self.covers(&own, &parts))
        });
        if let Some(i) = covering {
            return self.type_ref(&typed[i], hint, diags);
        }
        // Merging can reach new merges through `$ref`s (`next` of `A` ∧ `next` of `B`, …),
        // which the document's own nesting limit does not bound: past MAX_DEPTH, the first
        // definition's type is kept (every value valid for both decodes into it).
        if self.merge_depth >= MAX_DEPTH {
            diags.warn(
                &typed[0],
                format!(
                    "`allOf` merges nest more than {MAX_DEPTH} levels deep here; this property has its first definition's type"
                ),
            );
            return self.type_ref(&typed[0], hint, diags);
        }
        let name = self.claim_type_name(&type_name(hint));
        self.merged_types.insert(roots, name.clone());
        self.merge_depth += 1;
        let shape = self.build_struct(parts, &name, diags);
        self.merge_depth -= 1;
        let kind = match shape {
            super::schema::Shape::Def(kind) => kind,
            super::schema::Shape::Ref(ty) => TypeKind::Alias(ty),
        };
        let (doc, deprecated) = self.annotations(&typed[0]);
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: None,
            doc,
            deprecated,
            kind,
        });
        TypeRef::Named(name)
    }

    /// The pointer and node a definition stands for ([`Self::canonical`]).
    pub(super) fn resolved(&self, ptr: &str) -> (String, Option<&'a Value>) {
        let at = self.canonical(ptr, 0);
        let node = self.resolver.node(&at);
        (at, node)
    }

    /// The pointer a schema stands for once `$ref`s and single-member `allOf` wrappers are
    /// seen through: two properties with the same canonical pointer have the same type.
    fn canonical(&self, ptr: &str, depth: usize) -> String {
        let Ok((at, node)) = self.resolver.follow(ptr) else {
            return ptr.to_owned();
        };
        if depth > MAX_DEPTH || node.get("properties").is_some() {
            return at;
        }
        match self.allof_members(&at) {
            Some(members) => {
                let substantive: Vec<&String> = members
                    .iter()
                    .filter(|m| !self.annotation_only(m))
                    .collect();
                match substantive.as_slice() {
                    [only] => self.canonical(only, depth + 1),
                    _ => at,
                }
            }
            None => at,
        }
    }
}
