//! Lowering of JSON Schema nodes to IR types.
//!
//! Every schema is addressed by its JSON pointer. Component schemas keep their names;
//! inline objects, enums and unions get names derived from where they appear
//! (`User` + `type` → `UserType`), made unique by one [`Scope`]. A node the generator cannot
//! map becomes `serde_json::Value` with a warning, so data is never lost.

use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Extra, Field, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::naming::{type_name, value_name, Scope};
use crate::refs::Resolver;
use openapiv3::{
    IntegerFormat, NumberFormat, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::BTreeMap;

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

/// What a schema node lowers to before it is named.
enum Shape {
    /// A type that needs no declaration of its own.
    Ref(TypeRef),
    /// A type that needs a named declaration.
    Def(TypeKind),
}

/// Properties gathered from an object schema or from the members of an `allOf`.
#[derive(Default)]
struct ObjectParts {
    /// Property name → pointer of its schema, in first-seen order.
    props: Vec<(String, String)>,
    /// Properties whose definitions disagree between `allOf` members.
    conflicting: Vec<String>,
    required: Vec<String>,
    extra: Option<String>,
    closed: bool,
}

/// Lowers schemas and owns the named types found so far.
pub struct SchemaLowering<'a> {
    resolver: &'a Resolver<'a>,
    /// Named types in the order they were defined.
    pub types: Vec<TypeDef>,
    names: Scope,
    /// Pointer of a schema node → name of the type declared for it.
    defined: BTreeMap<String, String>,
}

impl<'a> SchemaLowering<'a> {
    /// A lowering with no types yet; `reserved` are type names the emitter uses itself.
    pub fn new(resolver: &'a Resolver<'a>, reserved: &[&str]) -> Self {
        Self {
            resolver,
            types: Vec::new(),
            names: Scope::with_reserved(reserved),
            defined: BTreeMap::new(),
        }
    }

    /// Declares every `components.schemas` entry under its own name.
    pub fn lower_components(&mut self, diags: &mut Diagnostics) {
        let base = "#/components/schemas";
        let keys: Vec<String> = match self.resolver.node(base) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            Some(_) => {
                diags.warn(base, "`components.schemas` is not an object; ignored");
                return;
            }
            None => return,
        };
        let pointers: Vec<(String, String)> = keys
            .iter()
            .map(|key| {
                let ptr = child(base, key);
                let name = self.names.claim(&type_name(key));
                self.defined.insert(ptr.clone(), name.clone());
                (ptr, name)
            })
            .collect();
        for (ptr, name) in pointers {
            self.declare(&ptr, name, diags);
        }
    }

    /// The type for the schema at `ptr`; `hint` names it if it needs a declaration.
    pub fn type_ref(&mut self, ptr: &str, hint: &str, diags: &mut Diagnostics) -> TypeRef {
        let Some(node) = self.resolver.node(ptr) else {
            diags.warn(ptr, "missing schema; mapped to serde_json::Value");
            return TypeRef::Json;
        };
        if Resolver::ref_of(node).is_some() {
            let target = match self.resolver.follow(ptr) {
                Ok((at, _)) => at,
                Err(d) => {
                    diags.warn(
                        &d.pointer,
                        format!("{}; mapped to serde_json::Value", d.message),
                    );
                    return TypeRef::Json;
                }
            };
            if let Some(name) = self.defined.get(&target) {
                return TypeRef::Named(name.clone());
            }
            // A reference outside `components.schemas`: declare it once, named after its place.
            let last = target.rsplit('/').next().unwrap_or(hint);
            let base = if last.chars().all(|c| c.is_ascii_digit()) || last == "schema" {
                hint.to_owned()
            } else {
                type_name(last)
            };
            let name = self.names.claim(&base);
            self.defined.insert(target.clone(), name.clone());
            self.declare(&target, name.clone(), diags);
            return TypeRef::Named(name);
        }
        if let Some(name) = self.defined.get(ptr) {
            return TypeRef::Named(name.clone());
        }
        match self.shape(ptr, hint, diags) {
            Shape::Ref(ty) => ty,
            Shape::Def(kind) => {
                let name = self.names.claim(&type_name(hint));
                // Registered so that a `$ref` to this inline schema (by path) reuses it.
                self.defined.insert(ptr.to_owned(), name.clone());
                let (doc, deprecated) = self.annotations(ptr);
                self.types.push(TypeDef {
                    name: name.clone(),
                    pointer: Some(ptr.to_owned()),
                    doc,
                    deprecated,
                    kind,
                });
                TypeRef::Named(name)
            }
        }
    }

    /// Declares an open string enum that does not come from a schema (generator settings),
    /// named after `hint`; returns its name.
    pub fn define_enum(&mut self, hint: &str, values: &[&str], doc: Option<String>) -> String {
        let name = self.names.claim(&type_name(hint));
        let kind = enum_kind(values);
        self.types.push(TypeDef {
            name: name.clone(),
            pointer: None,
            doc,
            deprecated: false,
            kind,
        });
        name
    }

    /// True when the node at `ptr` (or what it refers to) says `nullable: true`, directly or
    /// through an `allOf` wrapper.
    pub fn nullable(&self, ptr: &str) -> bool {
        let Some(node) = self.resolver.node(ptr) else {
            return false;
        };
        if node.get("nullable").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        if Resolver::ref_of(node).is_some() {
            return match self.resolver.follow(ptr) {
                Ok((_, target)) => target.get("nullable").and_then(Value::as_bool) == Some(true),
                Err(_) => false,
            };
        }
        match node.get("allOf").and_then(Value::as_array) {
            Some(members) => (0..members.len())
                .any(|i| self.nullable(&child(&child(ptr, "allOf"), &i.to_string()))),
            None => false,
        }
    }

    /// Title/description joined as rustdoc text, and the `deprecated` flag, of a node.
    pub fn annotations(&self, ptr: &str) -> (Option<String>, bool) {
        let Some(node) = self.resolver.node(ptr) else {
            return (None, false);
        };
        let text = |key: &str| node.get(key).and_then(Value::as_str).map(str::trim);
        let doc = match (text("title"), text("description")) {
            (Some(t), Some(d)) if !d.is_empty() && !t.is_empty() && t != d => {
                Some(format!("{t}\n\n{d}"))
            }
            (_, Some(d)) if !d.is_empty() => Some(d.to_owned()),
            (Some(t), _) if !t.is_empty() => Some(t.to_owned()),
            _ => None,
        };
        let deprecated = node.get("deprecated").and_then(Value::as_bool) == Some(true);
        (doc, deprecated)
    }

    fn declare(&mut self, ptr: &str, name: String, diags: &mut Diagnostics) {
        let kind = match self.shape(ptr, &name, diags) {
            Shape::Def(kind) => kind,
            Shape::Ref(ty) => TypeKind::Alias(ty),
        };
        let (doc, deprecated) = self.annotations(ptr);
        self.types.push(TypeDef {
            name,
            pointer: Some(ptr.to_owned()),
            doc,
            deprecated,
            kind,
        });
    }

    fn shape(&mut self, ptr: &str, name: &str, diags: &mut Diagnostics) -> Shape {
        let schema: Schema = match self.resolver.get_shallow(ptr) {
            Ok((_, schema)) => schema,
            Err(d) => {
                diags.warn(
                    &d.pointer,
                    format!("{}; mapped to serde_json::Value", d.message),
                );
                return Shape::Ref(TypeRef::Json);
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    Shape::Ref(string_type(&s.format))
                } else {
                    Shape::Def(enum_kind(&values))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let repr = int_type(&i.format);
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if values.is_empty() {
                    Shape::Ref(TypeRef::Int(repr))
                } else {
                    Shape::Def(int_enum_kind(repr, &values))
                }
            }
            SchemaKind::Type(Type::Number(n)) => Shape::Ref(TypeRef::Float(float_type(&n.format))),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(_) => self.type_ref(&child(ptr, "items"), &format!("{name}Item"), diags),
                    None => TypeRef::Json,
                };
                Shape::Ref(TypeRef::List(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => {
                self.object(ptr, name, diags)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(ptr, key, members.len(), name, diags)
            }
            SchemaKind::Not { .. } => {
                diags.warn(
                    ptr,
                    "`not` schemas are not supported; mapped to serde_json::Value",
                );
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => {
                if let Some(reason) = self.mistyped(ptr) {
                    diags.warn(ptr, format!("{reason}; mapped to serde_json::Value"));
                    return Shape::Ref(TypeRef::Json);
                }
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    self.object(ptr, name, diags)
                } else if let Some(key) = [("oneOf", &any.one_of), ("anyOf", &any.any_of)]
                    .iter()
                    .find(|(_, m)| !m.is_empty())
                    .map(|(k, m)| (*k, m.len()))
                {
                    self.union(ptr, key.0, key.1, name, diags)
                } else if any.additional_properties.is_some() {
                    self.object(ptr, name, diags)
                } else if any.items.is_some() {
                    let item = self.type_ref(&child(ptr, "items"), &format!("{name}Item"), diags);
                    Shape::Ref(TypeRef::List(Box::new(item)))
                } else {
                    Shape::Ref(TypeRef::Json)
                }
            }
        }
    }

    /// An object schema, or an `allOf` whose members merge into one object.
    fn object(&mut self, ptr: &str, name: &str, diags: &mut Diagnostics) -> Shape {
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
        }
        let mut parts = ObjectParts::default();
        if !self.collect(ptr, &mut parts, 0, diags) {
            diags.warn(
                ptr,
                "`allOf` mixes objects with non-object schemas; mapped to serde_json::Value",
            );
            return Shape::Ref(TypeRef::Json);
        }
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
            let ty = if parts.conflicting.contains(key) {
                diags.warn(
                    prop_ptr,
                    format!(
                        "`allOf` members define `{key}` differently; kept as serde_json::Value"
                    ),
                );
                TypeRef::Json
            } else {
                self.type_ref(prop_ptr, &format!("{name}{}", type_name(key)), diags)
            };
            let (doc, deprecated) = self.annotations(prop_ptr);
            fields.push(Field {
                json_name: key.clone(),
                name: scope.claim(&value_name(key)),
                ty,
                required: parts.required.contains(key),
                nullable: self.nullable(prop_ptr),
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

    /// Why a node that names a `type` did not parse as that type (`openapiv3` then falls
    /// back to an untyped schema silently): e.g. an integer bound beyond `i64`, or a string
    /// enum holding numbers.
    fn mistyped(&self, ptr: &str) -> Option<String> {
        let (_, node) = self.resolver.follow(ptr).ok()?;
        let ty = node.get("type")?;
        let error = match self.resolver.get_shallow::<Type>(ptr) {
            Ok(_) => return None,
            Err(e) => e.message,
        };
        Some(format!("schema does not match its `type: {ty}`: {error}"))
    }

    /// Pointers of the `allOf` members of the node at `ptr`, if it has any.
    fn allof_members(&self, ptr: &str) -> Option<Vec<String>> {
        let members = self.resolver.node(ptr)?.get("allOf")?.as_array()?;
        let base = child(ptr, "allOf");
        Some(
            (0..members.len())
                .map(|i| child(&base, &i.to_string()))
                .collect(),
        )
    }

    /// The pointer a schema stands for once `$ref`s and single-member `allOf` wrappers are
    /// seen through: two properties with the same canonical pointer have the same type.
    fn canonical(&self, ptr: &str, depth: usize) -> String {
        let Ok((at, node)) = self.resolver.follow(ptr) else {
            return ptr.to_owned();
        };
        if depth > MAX_ALLOF_DEPTH || node.get("properties").is_some() {
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

    fn annotation_only(&self, ptr: &str) -> bool {
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
                match parts.props.iter().find(|(k, _)| k == key) {
                    Some((_, first)) => {
                        let (a, b) = (self.canonical(first, 0), self.canonical(&prop_ptr, 0));
                        let same = a == b || self.resolver.node(&a) == self.resolver.node(&b);
                        if !same
                            && !self.annotation_only(&prop_ptr)
                            && !parts.conflicting.contains(key)
                        {
                            parts.conflicting.push(key.clone());
                        }
                    }
                    None => parts.props.push((key.clone(), prop_ptr)),
                }
            }
        }
        if let Some(Value::Array(required)) = map.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !parts.required.iter().any(|r| r == key) {
                    parts.required.push(key.to_owned());
                }
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

    /// A `oneOf`/`anyOf` (`key`) of `count` members at `ptr`. With a discriminator (the
    /// `discriminator` keyword, or a required single-value string property that tells every
    /// member apart) it decodes by tag; otherwise members are tried in an order where more
    /// constrained objects come first. Either way a value matching no member is kept as JSON.
    fn union(
        &mut self,
        ptr: &str,
        key: &str,
        count: usize,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Shape {
        let base = child(ptr, key);
        let members: Vec<String> = (0..count).map(|i| child(&base, &i.to_string())).collect();
        let tags = self.discriminator(ptr, &members);
        let mut scope = Scope::default();
        let other_name = scope.claim("Other");
        let mut variants: Vec<(usize, UnionVariant)> = Vec::with_capacity(count);
        for (i, member) in members.iter().enumerate() {
            let (label, hint) = match &tags {
                Some((_, values)) => (
                    type_name(&values[i]),
                    format!("{name}{}", type_name(&values[i])),
                ),
                None => (String::new(), format!("{name}Variant{i}")),
            };
            let ty = self.type_ref(member, &hint, diags);
            if tags.is_none() && variants.iter().any(|(_, v)| v.ty == ty) {
                continue;
            }
            let label = if label.is_empty() {
                variant_label(&ty, i)
            } else {
                label
            };
            let tag_value = tags.as_ref().map(|(_, values)| values[i].clone());
            variants.push((
                self.specificity(member),
                UnionVariant {
                    name: scope.claim(&label),
                    ty,
                    tag_value,
                },
            ));
        }
        if variants.len() == 1 && tags.is_none() {
            if let Some((_, only)) = variants.pop() {
                return Shape::Ref(only.ty);
            }
        }
        if tags.is_none() {
            // Stable: equally specific members keep their spec order.
            variants.sort_by_key(|(specificity, _)| std::cmp::Reverse(*specificity));
        }
        let tag = tags.map(|(property, _)| property);
        let variants = variants.into_iter().map(|(_, v)| v).collect();
        Shape::Def(TypeKind::Union {
            variants,
            other_name,
            tag,
        })
    }

    /// The tag property and each member's tag value, if the union has a discriminator.
    fn discriminator(&self, ptr: &str, members: &[String]) -> Option<(String, Vec<String>)> {
        let node = self.resolver.node(ptr)?;
        if let Some(disc) = node.get("discriminator") {
            let property = disc.get("propertyName")?.as_str()?.to_owned();
            let mapping = disc.get("mapping").and_then(Value::as_object);
            let values = members
                .iter()
                .map(|m| {
                    let target = self.resolver.node(m).and_then(Resolver::ref_of)?;
                    let mapped = mapping.and_then(|map| {
                        map.iter().find_map(|(value, to)| {
                            let to = to.as_str()?;
                            let hit = to == target || target.rsplit('/').next() == Some(to);
                            hit.then(|| value.clone())
                        })
                    });
                    mapped.or_else(|| target.rsplit('/').next().map(str::to_owned))
                })
                .collect::<Option<Vec<String>>>()?;
            return distinct(&values).then_some((property, values));
        }
        // Implicit: one required property every member pins to a single, distinct string.
        let first = self.resolver.follow(members.first()?).ok()?.1;
        let candidates: Vec<String> = first
            .get("required")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        candidates.into_iter().find_map(|property| {
            let values = members
                .iter()
                .map(|m| self.pinned_value(m, &property))
                .collect::<Option<Vec<String>>>()?;
            distinct(&values).then_some((property, values))
        })
    }

    /// The single string value a required `property` of the object at `ptr` must have.
    fn pinned_value(&self, ptr: &str, property: &str) -> Option<String> {
        let (at, node) = self.resolver.follow(ptr).ok()?;
        let required = node.get("required")?.as_array()?;
        if !required.iter().any(|r| r.as_str() == Some(property)) {
            return None;
        }
        let prop_ptr = child(&child(&at, "properties"), property);
        let (_, prop) = self.resolver.follow(&prop_ptr).ok()?;
        match prop.get("enum")?.as_array()?.as_slice() {
            [Value::String(only)] => Some(only.clone()),
            _ => None,
        }
    }

    /// How constrained a member is: required properties for objects; decode order puts
    /// higher values first.
    fn specificity(&self, ptr: &str) -> usize {
        let Ok((_, node)) = self.resolver.follow(ptr) else {
            return 0;
        };
        node.get("required")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
            + node
                .get("properties")
                .and_then(Value::as_object)
                .map_or(0, |p| usize::from(!p.is_empty()))
    }
}

fn distinct(values: &[String]) -> bool {
    let set: std::collections::BTreeSet<&String> = values.iter().collect();
    !values.is_empty() && set.len() == values.len()
}

fn variant_label(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String | TypeRef::Secret => "String".to_owned(),
        TypeRef::Bool => "Bool".to_owned(),
        TypeRef::Int(_) => "Integer".to_owned(),
        TypeRef::Float(_) => "Number".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::List(_) => "List".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Json | TypeRef::Bytes | TypeRef::Multipart => format!("Variant{index}"),
    }
}

fn enum_kind(values: &[&str]) -> TypeKind {
    // The catch-all is claimed first so that it is always `Unknown`; a listed value that
    // spells the same becomes `Unknown2`.
    let mut scope = Scope::default();
    let unknown_name = scope.claim("Unknown");
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    for value in values {
        if variants.iter().any(|v| v.value == *value) {
            continue;
        }
        variants.push(Variant {
            value: (*value).to_owned(),
            name: scope.claim(&type_name(value)),
        });
    }
    TypeKind::Enum {
        variants,
        unknown_name,
    }
}

fn int_enum_kind(repr: &'static str, values: &[i64]) -> TypeKind {
    let mut scope = Scope::default();
    let mut consts: Vec<(i64, String)> = Vec::with_capacity(values.len());
    for &value in values {
        if !consts.iter().any(|(v, _)| *v == value) {
            consts.push((
                value,
                scope.claim(&type_name(&value.to_string()).to_uppercase()),
            ));
        }
    }
    TypeKind::IntEnum {
        repr,
        values: consts,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
        _ => TypeRef::String,
    }
}

fn int_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> &'static str {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "i32",
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => "i64",
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" => "i8",
            "int16" => "i16",
            "uint8" => "u8",
            "uint16" => "u16",
            "uint" | "uint32" => "u32",
            "uint64" => "u64",
            _ => "i64",
        },
        VariantOrUnknownOrEmpty::Empty => "i64",
    }
}

fn float_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> &'static str {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => "f32",
        _ => "f64",
    }
}
