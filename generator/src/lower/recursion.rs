//! Recursive types: which struct fields need a `Box` so that the types have a size.

use crate::ir::{TypeDef, TypeRef};

/// Marks struct fields that must be boxed: a field whose type contains its own struct
/// without going through a `Vec` or map.
pub(super) fn mark_boxed(types: &mut [TypeDef]) {
    use crate::ir::TypeKind;
    use std::collections::BTreeMap;
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct (unboxed) edges between named types.
    let direct = |t: &TypeKind| -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |ty: &TypeRef| {
            if let TypeRef::Named(n) = ty {
                out.push(n.clone());
            }
        };
        match t {
            TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| push(&f.ty)),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| push(&v.ty)),
            TypeKind::Alias(ty) => push(ty),
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => {}
        }
        out
    };
    let edges: Vec<Vec<String>> = types.iter().map(|t| direct(&t.kind)).collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(&i) = index.get(&n) {
                stack.extend(edges[i].iter().cloned());
            }
        }
        false
    };
    let mut to_box: Vec<(usize, usize)> = Vec::new();
    for (ti, t) in types.iter().enumerate() {
        if let TypeKind::Struct { fields, .. } = &t.kind {
            for (fi, f) in fields.iter().enumerate() {
                if let TypeRef::Named(target) = &f.ty {
                    if reaches(target, &t.name) {
                        to_box.push((ti, fi));
                    }
                }
            }
        }
    }
    for (ti, fi) in to_box {
        if let TypeKind::Struct { fields, .. } = &mut types[ti].kind {
            fields[fi].boxed = true;
        }
    }
}
