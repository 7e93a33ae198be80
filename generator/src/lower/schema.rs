//! Lowering of JSON Schema nodes to IR types.
//!
//! Every schema is addressed by its JSON pointer. Component schemas keep their names;
//! inline objects, enums and unions get names derived from where they appear
//! (`User` + `type` → `UserType`), made unique by one [`Scope`]. A node the generator cannot
//! map becomes `serde_json::Value` with a warning, so data is never lost.

use crate::diagnostics::{child, Diagnostics};
use crate::ir::{TypeDef, TypeKind, TypeRef, Variant};
use crate::naming::{type_name, Scope};
use crate::refs::Resolver;
use openapiv3::{
    IntegerFormat, NumberFormat, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a schema node lowers to before it is named.
pub(super) enum Shape {
    /// A type that needs no declaration of its own.
    Ref(TypeRef),
    /// A type that needs a named declaration.
    Def(TypeKind),
}

/// Lowers schemas and owns the named types found so far.
pub struct SchemaLowering<'a> {
    pub(super) resolver: &'a Resolver<'a>,
    /// Named types in the order they were defined.
    pub types: Vec<TypeDef>,
    names: Scope,
    /// Pointer of a schema node → name of the type declared for it.
    defined: BTreeMap<String, String>,
    /// Canonical pointers of object definitions merged by an `allOf` → the struct declared
    /// for their intersection.
    pub(super) merged_types: BTreeMap<Vec<String>, String>,
    /// How many intersections of objects are being built, one inside the other.
    pub(super) merge_depth: usize,
}

impl<'a> SchemaLowering<'a> {
    /// A lowering with no types yet; `reserved` are type names the emitter uses itself.
    pub fn new(resolver: &'a Resolver<'a>, reserved: &[&str]) -> Self {
        Self {
            resolver,
            types: Vec::new(),
            names: Scope::with_reserved(reserved),
            defined: BTreeMap::new(),
            merged_types: BTreeMap::new(),
            merge_depth: 0,
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

    /// A type name no other type has, derived from `base`.
    pub(super) fn claim_type_name(&mut self, base: &str) -> String {
        self.names.claim(base)
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
        let doc = super::heading_doc(text("title"), text("description"));
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
        if let Some(count) = self
            .resolver
            .follow(ptr)
            .ok()
            .and_then(|(_, node)| node.get("prefixItems")?.as_array().map(Vec::len))
        {
            let base = child(ptr, "prefixItems");
            let items = (0..count)
                .map(|i| {
                    let hint = format!("{name}{}", i + 1);
                    self.type_ref(&child(&base, &i.to_string()), &hint, diags)
                })
                .collect();
            return Shape::Ref(TypeRef::Tuple(items));
        }
        let secret =
            schema.schema_data.extensions.get(SECRET_EXTENSION) == Some(&Value::Bool(true));
        if secret && !matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
            diags.warn(
                ptr,
                format!(
                    "`{SECRET_EXTENSION}` applies to strings only; this schema is not redacted"
                ),
            );
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if secret {
                    Shape::Ref(TypeRef::Secret)
                } else if values.is_empty() {
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
                    let repr = match values.iter().find(|v| !fits(**v, repr)) {
                        Some(outside) => {
                            diags.warn(
                                ptr,
                                format!("enum value {outside} is outside the range of `{repr}`; the enum is an `i64`"),
                            );
                            "i64"
                        }
                        None => repr,
                    };
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
                if let Some(scalar) = self.scalar_with_object_keywords(ptr, diags) {
                    return Shape::Ref(scalar);
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

    /// A scalar `type` that also carries object keywords (`properties`,
    /// `additionalProperties`, `required`): the keywords are ignored with a warning that
    /// says so, and the scalar is what the schema is.
    fn scalar_with_object_keywords(&self, ptr: &str, diags: &mut Diagnostics) -> Option<TypeRef> {
        let (_, node) = self.resolver.follow(ptr).ok()?;
        let ty = node.get("type")?.as_str()?;
        let stray: Vec<&str> = ["properties", "additionalProperties", "required"]
            .into_iter()
            .filter(|k| node.get(*k).is_some())
            .collect();
        if stray.is_empty() || !matches!(ty, "string" | "integer" | "number" | "boolean") {
            return None;
        }
        let mut scalar = node.as_object()?.clone();
        for key in &stray {
            scalar.remove(*key);
        }
        let parsed: Type = serde_json::from_value(Value::Object(scalar)).ok()?;
        let ty_ref = match parsed {
            Type::String(s) => string_type(&s.format),
            Type::Integer(i) => TypeRef::Int(int_type(&i.format)),
            Type::Number(n) => TypeRef::Float(float_type(&n.format)),
            Type::Boolean(_) => TypeRef::Bool,
            _ => return None,
        };
        diags.warn(
            ptr,
            format!(
                "object keywords ({}) do not apply to a `type: {ty}` schema; it is read as `{ty}`",
                stray.join(", ")
            ),
        );
        Some(ty_ref)
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
}

fn enum_kind(values: &[&str]) -> TypeKind {
    // The catch-all is claimed first so that it is always `Unknown`; a listed value that
    // spells the same becomes `Unknown2`.
    let mut scope = Scope::default();
    let unknown_name = scope.claim("Unknown");
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    let mut seen = std::collections::HashSet::new();
    for value in values {
        if !seen.insert(*value) {
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

/// True when `value` is representable as the integer type `repr`.
fn fits(value: i64, repr: &str) -> bool {
    match repr {
        "i8" => i8::try_from(value).is_ok(),
        "i16" => i16::try_from(value).is_ok(),
        "i32" => i32::try_from(value).is_ok(),
        "u8" => u8::try_from(value).is_ok(),
        "u16" => u16::try_from(value).is_ok(),
        "u32" => u32::try_from(value).is_ok(),
        "u64" => u64::try_from(value).is_ok(),
        _ => true,
    }
}

fn int_enum_kind(repr: &'static str, values: &[i64]) -> TypeKind {
    let mut scope = Scope::default();
    let mut consts: Vec<(i64, String)> = Vec::with_capacity(values.len());
    let mut seen = std::collections::HashSet::new();
    for &value in values {
        if seen.insert(value) {
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

/// The schema extension that marks a string as secret (like `format: password`): its Rust
/// type is the runtime's `Secret`, redacted in `Debug`.
pub(crate) const SECRET_EXTENSION: &str = "x-secret";

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
