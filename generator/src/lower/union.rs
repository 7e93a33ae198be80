//! `oneOf`/`anyOf`: tagged unions (a `discriminator`, or a required property every member
//! pins to a distinct single value) and untagged unions ordered so that more constrained
//! members are tried first.

use super::schema::{SchemaLowering, Shape};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{TypeKind, TypeRef, UnionVariant};
use crate::naming::{type_name, Scope};
use crate::refs::Resolver;
use serde_json::Value;

impl SchemaLowering<'_> {
    /// A `oneOf`/`anyOf` (`key`) of `count` members at `ptr`. With a discriminator (the
    /// `discriminator` keyword, or a required single-value string property that tells every
    /// member apart) it decodes by tag; otherwise members are tried in an order where more
    /// constrained objects come first. Either way a value matching no member is kept as JSON.
    pub(super) fn union(
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
                    boxed: false,
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
        TypeRef::Tuple(_) => "Tuple".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Json | TypeRef::Bytes | TypeRef::Multipart => format!("Variant{index}"),
    }
}
