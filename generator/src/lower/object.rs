//! Object schemas and `allOf`: gathering properties from an object and, recursively, from
//! the members of an `allOf` (single-`$ref` wrappers and annotation-only members seen
//! through), then building the struct; a property several members define gets the
//! intersection of their definitions (`intersect.rs`).

use super::schema::{SchemaLowering, Shape};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Extra, Field, TypeKind, TypeRef};
use crate::naming::{type_name, value_name, Scope};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Keys that give a schema a shape; a schema with none of them only annotates.
const SHAPE_KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "$ref",
    "additionalProperties",
    "format",
];

/// Deepest `allOf` nesting merged before giving up.
const MAX_ALLOF_DEPTH: usize = 32;

/// Properties gathered from an object schema or from the members of an `allOf`.
#[derive(Default)]
pub(super) struct ObjectParts {
    /// Property name → pointer of its schema, in first-seen order.
    props: Vec<(String, String)>,
    /// Property name → its index in `props`.
    index: HashMap<String, usize>,
    /// Property name → pointers of its later definitions (other `allOf` members); the
    /// property's type is the intersection of all of them.
    later: HashMap<String, Vec<String>>,
    required: HashSet<String>,
    extra: Option<String>,
    closed: bool,
    /// Nodes already gathered: each contributes once, however often `allOf`s list it (a
    /// schema listing itself twice would otherwise double the work at every level).
    visited: HashSet<String>,
}

impl SchemaLowering<'_> {
    /// An object schema, or an `allOf` whose members merge into one object.
    pub(super) fn object(&mut self, ptr: &str, name: &str, diags: &mut Diagnostics) -> Shape {
        // A single substantive `allOf` member (the others only annotate) is that member's type.
        if let Some(members) = self.allof_members(ptr) {
            let has_own = self
                .resolver
                .node(ptr)
                .is_some_and(|n| n.get("properties").is_some());
            let substantive: Vec<&String> = members
                .iter()
                .filter(|m| !self.annotation_only(m))
                .collect();
            if substantive.len() == 1 && !has_own {
                return Shape::Ref(self.type_ref(substantive[0], name, diags));
            }
            if let Some(base) = self.refined_base(&members).filter(|_| !has_own) {
                return Shape::Ref(self.type_ref(&base, name, diags));
            }
        }
        let mut parts = ObjectParts::default();
        if !self.collect(ptr, &mut parts, 0, diags) {
            diags.warn(
                ptr,
                "`allOf` mixes objects with non-object schemas; mapped to serde_json::Value",
            );
            return Shape::Ref(TypeRef::Json);
        }
        self.build_struct(parts, name, diags)
    }

    /// Properties of several object schemas taken together (the members of an
    /// intersection), or `None` when one of them is not object-like.
    pub(super) fn collect_all(
        &self,
        roots: &[String],
        diags: &mut Diagnostics,
    ) -> Option<ObjectParts> {
        let mut parts = ObjectParts::default();
        roots
            .iter()
            .all(|root| self.collect(root, &mut parts, 0, diags))
            .then_some(parts)
    }

    /// True when `own` (one member's properties) already types everything `all` (every
    /// member's) does: each property, defined alike in every member (annotations aside).
    pub(super) fn covers(&self, own: &ObjectParts, all: &ObjectParts) -> bool {
        let shape = |ptr: &String| self.resolved(ptr).1.map(super::intersect::type_keys);
        all.props.iter().all(|(key, first)| {
            let Some(&i) = own.index.get(key) else {
                return false;
            };
            let mine = shape(&own.props[i].1);
            std::iter::once(first)
                .chain(all.later.get(key).into_iter().flatten())
                .all(|p| self.annotation_only(p) || shape(p) == mine)
        })
    }

    /// The struct (or map) for gathered properties; `name` prefixes the names of inline types.
    pub(super) fn build_struct(
        &mut self,
        parts: ObjectParts,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Shape {
        let extra = match &parts.extra {
            Some(extra_ptr) => {
                let ty = self.type_ref(extra_ptr, &format!("{name}Value"), diags);
                if ty == TypeRef::Json {
                    Extra::Json
                } else {
                    Extra::Typed(ty)
                }
            }
            None if parts.closed => Extra::None,
            None => Extra::Json,
        };
        if parts.props.is_empty() {
            return Shape::Ref(match extra {
                Extra::Typed(ty) => TypeRef::Map(Box::new(ty)),
                Extra::Json | Extra::None => TypeRef::JsonObject,
            });
        }
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(parts.props.len());
        for (key, prop_ptr) in &parts.props {
            let definitions: Vec<String> = std::iter::once(prop_ptr)
                .chain(parts.later.get(key).into_iter().flatten())
                .cloned()
                .collect();
            let hint = format!("{name}{}", type_name(key));
            let ty = match self.intersect(&definitions, &hint, diags) {
                Ok(ty) => ty,
                Err(conflict) => {
                    diags.warn(
                        prop_ptr,
                        format!(
                            "`allOf` members define `{key}` so that no value satisfies both ({}; the other definition is at {}); kept as serde_json::Value",
                            conflict.reason, conflict.other
                        ),
                    );
                    TypeRef::Json
                }
            };
            // Annotations combine over every definition: the first description, deprecated
            // if any says so; nullable only if every definition that has a type allows null.
            let annotations: Vec<(Option<String>, bool)> =
                definitions.iter().map(|p| self.annotations(p)).collect();
            let doc = annotations.iter().find_map(|(doc, _)| doc.clone());
            let deprecated = annotations.iter().any(|(_, deprecated)| *deprecated);
            let typed: Vec<&String> = definitions
                .iter()
                .filter(|p| !self.annotation_only(p))
                .collect();
            let nullable = if typed.is_empty() {
                definitions.iter().any(|p| self.nullable(p))
            } else {
                typed.iter().all(|p| self.nullable(p))
            };
            fields.push(Field {
                json_name: key.clone(),
                name: scope.claim(&value_name(key)),
                ty,
                required: parts.required.contains(key),
                nullable,
                boxed: false,
                doc,
                deprecated,
            });
        }
        let extra_name = scope.claim("additional_properties");
        Shape::Def(TypeKind::Struct {
            fields,
            extra,
            extra_name,
        })
    }

    /// The one `$ref` member of an `allOf` whose other members only refine it: objects that
    /// declare no property the referenced schema lacks, and no `required`, catch-all,
    /// nullability or composition of their own. Such a wrapper (`UserGetSingleton: allOf
    /// [User, {properties: {_embedded: …}}]`) is the referenced type, so a spec that starts
    /// answering a wrapper keeps the type users' code names; a re-declared property keeps
    /// the base's definition (nothing is lost: the catch-all holds what it does not type).
    fn refined_base(&self, members: &[String]) -> Option<String> {
        const REFINING_KEYS: &[&str] = &[
            "type",
            "properties",
            "title",
            "description",
            "example",
            "examples",
            "externalDocs",
            "readOnly",
            "writeOnly",
            "deprecated",
        ];
        let is_ref = |m: &String| {
            self.resolver
                .node(m)
                .is_some_and(|n| n.get("$ref").is_some())
        };
        let refs: Vec<&String> = members.iter().filter(|m| is_ref(m)).collect();
        let [base] = refs.as_slice() else {
            return None;
        };
        let mut parts = ObjectParts::default();
        let mut scratch = Diagnostics::default();
        if !self.collect(base, &mut parts, 0, &mut scratch) || parts.props.is_empty() {
            return None;
        }
        for member in members.iter().filter(|m| m != base) {
            if self.annotation_only(member) {
                continue;
            }
            let node = self.resolver.node(member)?.as_object()?;
            let refining = node
                .keys()
                .all(|k| REFINING_KEYS.contains(&k.as_str()) || k.starts_with("x-"));
            let object = node.get("type").is_none_or(|t| t == "object");
            let props = node.get("properties").and_then(Value::as_object)?;
            if !refining || !object || props.keys().any(|k| !parts.index.contains_key(k)) {
                return None;
            }
        }
        Some((*base).clone())
    }

    /// Pointers of the `allOf` members of the node at `ptr`, if it has any.
    pub(super) fn allof_members(&self, ptr: &str) -> Option<Vec<String>> {
        let members = self.resolver.node(ptr)?.get("allOf")?.as_array()?;
        let base = child(ptr, "allOf");
        Some(
            (0..members.len())
                .map(|i| child(&base, &i.to_string()))
                .collect(),
        )
    }

    pub(super) fn annotation_only(&self, ptr: &str) -> bool {
        match self.resolver.node(ptr).and_then(Value::as_object) {
            Some(map) => !SHAPE_KEYS.iter().any(|k| map.contains_key(*k)),
            None => false,
        }
    }

    /// Gathers properties of an object node and, recursively, of its `allOf` members.
    /// Returns false when a member is not object-like.
    fn collect(
        &self,
        ptr: &str,
        parts: &mut ObjectParts,
        depth: usize,
        diags: &mut Diagnostics,
    ) -> bool {
        if depth > MAX_ALLOF_DEPTH {
            diags.warn(
                ptr,
                "`allOf` nested too deeply; members beyond this point ignored",
            );
            return true;
        }
        if self.annotation_only(ptr) {
            return true;
        }
        let (at, node) = match self.resolver.follow(ptr) {
            Ok(found) => found,
            Err(d) => {
                diags.warn(&d.pointer, format!("{}; member ignored", d.message));
                return true;
            }
        };
        let Some(map) = node.as_object() else {
            return false;
        };
        match map.get("type").and_then(Value::as_str) {
            None | Some("object") => {}
            Some(_) => return false,
        }
        if !parts.visited.insert(at.clone()) {
            return true;
        }
        if let Some(members) = self.allof_members(&at) {
            for member in members {
                if !self.collect(&member, parts, depth + 1, diags) {
                    return false;
                }
            }
        }
        if let Some(Value::Object(props)) = map.get("properties") {
            let base = child(&at, "properties");
            for key in props.keys() {
                let prop_ptr = child(&base, key);
                match parts.index.get(key) {
                    Some(_) => parts.later.entry(key.clone()).or_default().push(prop_ptr),
                    None => {
                        parts.index.insert(key.clone(), parts.props.len());
                        parts.props.push((key.clone(), prop_ptr));
                    }
                }
            }
        }
        if let Some(Value::Array(required)) = map.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                parts.required.insert(key.to_owned());
            }
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) => parts.closed = true,
            Some(Value::Object(o)) if !o.is_empty() => {
                parts.extra = Some(child(&at, "additionalProperties"));
            }
            _ => {}
        }
        true
    }
}
