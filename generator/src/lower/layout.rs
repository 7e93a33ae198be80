//! Compact structs: an optional field whose type is a large struct or union is boxed, so
//! that an absent value costs a pointer instead of the whole type inline. Link collections
//! (fifteen optional link objects, of which a list response carries one) and profiles with
//! dozens of optional attributes otherwise make every decoded value kilobytes large.
//!
//! Sizes are estimates on a 64-bit target, computed bottom-up in one iterative pass over
//! the types (cycles are already broken by [`super::recursion`]), so that a struct's size
//! counts its own large fields as boxed.

use crate::ir::{Extra, Field, TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

/// Optional fields of a type estimated above this many bytes are boxed.
pub(super) const BOX_ABOVE: usize = 128;

/// Boxes optional fields whose type is estimated larger than [`BOX_ABOVE`].
pub(super) fn box_large_optional_fields(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut size: Vec<Option<usize>> = vec![None; types.len()];
    for root in 0..types.len() {
        // Iterative post-order: a type is sized once everything it holds inline is.
        let mut stack = vec![(root, false)];
        while let Some((i, expanded)) = stack.pop() {
            if size[i].is_some() {
                continue;
            }
            if !expanded {
                stack.push((i, true));
                for dep in inline_named(&types[i].kind) {
                    if let Some(&d) = index.get(dep) {
                        if size[d].is_none() && d != i {
                            stack.push((d, false));
                        }
                    }
                }
                continue;
            }
            let named = |n: &str| index.get(n).and_then(|&d| size[d]).unwrap_or(8);
            if let TypeKind::Struct { fields, .. } = &mut types[i].kind {
                for f in fields.iter_mut() {
                    let large = matches!(&f.ty, TypeRef::Named(n) if named(n) > BOX_ABOVE);
                    if large && (!f.required || f.nullable) {
                        f.boxed = true;
                    }
                }
            }
            size[i] = Some(kind_size(&types[i].kind, &named));
        }
    }
}

/// Named types a type holds inline (not behind a `Box`, `Vec` or map).
fn inline_named(kind: &TypeKind) -> Vec<&str> {
    kind.refs(true)
        .into_iter()
        .flat_map(|r| r.named_types(true))
        .collect()
}

fn kind_size(kind: &TypeKind, named: &impl Fn(&str) -> usize) -> usize {
    match kind {
        TypeKind::Struct { fields, extra, .. } => {
            let extra = match extra {
                Extra::None => 0,
                Extra::Json => EXTRA,
                Extra::Typed(_) => 24,
            };
            fields.iter().map(|f| field_size(f, named)).sum::<usize>() + extra
        }
        TypeKind::Union { variants, .. } => {
            let largest = variants
                .iter()
                .map(|v| if v.boxed { 8 } else { ref_size(&v.ty, named) })
                .max()
                .unwrap_or(0);
            largest.max(JSON_VALUE) + 8
        }
        TypeKind::Alias(t) | TypeKind::Newtype(t) => ref_size(t, named),
        TypeKind::Enum { .. } => 24,
        TypeKind::IntEnum { .. } => 8,
    }
}

fn field_size(f: &Field, named: &impl Fn(&str) -> usize) -> usize {
    if f.boxed {
        return 8;
    }
    let inner = ref_size(&f.ty, named);
    if f.required && !f.nullable {
        inner
    } else {
        inner + 8
    }
}

/// `serde_json::Map` with `preserve_order` (an `IndexMap`).
const JSON_MAP: usize = 72;
/// The runtime's `Extra` (a `Vec` of properties).
const EXTRA: usize = 24;
/// `serde_json::Value`.
const JSON_VALUE: usize = 80;

fn ref_size(t: &TypeRef, named: &impl Fn(&str) -> usize) -> usize {
    match t {
        TypeRef::String | TypeRef::Secret | TypeRef::Bytes | TypeRef::List(_) | TypeRef::Map(_) => {
            24
        }
        TypeRef::Bool => 1,
        TypeRef::Int(name) | TypeRef::Float(name) => match *name {
            "i8" | "u8" => 1,
            "i16" | "u16" => 2,
            "i32" | "u32" | "f32" => 4,
            "i128" | "u128" => 16,
            _ => 8,
        },
        // client_runtime::Timestamp: chrono::DateTime<FixedOffset> and its notation.
        TypeRef::DateTime => 20,
        TypeRef::Date => 4,
        TypeRef::Json => JSON_VALUE,
        TypeRef::JsonObject => JSON_MAP,
        TypeRef::Multipart => 8,
        TypeRef::Named(n) => named(n),
        TypeRef::Tuple(items) => items.iter().map(|i| ref_size(i, named)).sum(),
    }
}
