//! Recursive types: which struct fields and union variants need a `Box` so that the types
//! have a size, and which aliases must become newtypes.
//!
//! A field or variant must be boxed when its type reaches its own struct or union again
//! through unboxed edges (struct fields, union variants, aliases; `Vec` and maps are already
//! indirect). The two are then in one strongly connected component of that graph, so one
//! pass of Tarjan's algorithm (iterative, so deep chains cannot overflow the stack) answers
//! it for every field in time linear in the size of the graph. Aliases that reach
//! themselves only through aliases (through `Vec` and maps too: `type List = Vec<List>`)
//! cannot be Rust type aliases; they become newtypes, which break the cycle.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

/// Marks struct fields that must be boxed: a field whose type contains its own struct
/// without going through a `Vec` or map.
pub(super) fn mark_boxed(types: &mut [TypeDef]) {
    let index = name_index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            direct(&t.kind)
                .into_iter()
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    let component = components(&edges);
    let same = |ti: usize, ty: &TypeRef| match ty {
        TypeRef::Named(target) => index
            .get(target.as_str())
            .is_some_and(|&t| component[t] == component[ti]),
        _ => false,
    };
    let mut to_box: Vec<(usize, usize)> = Vec::new();
    for (ti, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct { fields, .. } => to_box.extend(
                fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| same(ti, &f.ty))
                    .map(|(fi, _)| (ti, fi)),
            ),
            TypeKind::Union { variants, .. } => to_box.extend(
                variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| same(ti, &v.ty))
                    .map(|(vi, _)| (ti, vi)),
            ),
            _ => {}
        }
    }
    for (ti, i) in to_box {
        match &mut types[ti].kind {
            TypeKind::Struct { fields, .. } => fields[i].boxed = true,
            TypeKind::Union { variants, .. } => variants[i].boxed = true,
            _ => {}
        }
    }
    newtype_recursive_aliases(types);
}

/// Turns aliases that reach themselves through aliases alone (any container in between)
/// into newtypes.
fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let index = name_index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(target) => {
                let mut names = Vec::new();
                named_within(target, &mut names);
                names
                    .into_iter()
                    .filter_map(|n| index.get(n).copied())
                    .filter(|&i| matches!(types[i].kind, TypeKind::Alias(_)))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = components(&edges);
    let mut size: HashMap<usize, usize> = HashMap::new();
    for &c in &component {
        *size.entry(c).or_default() += 1;
    }
    let cyclic: Vec<usize> = (0..types.len())
        .filter(|&i| size[&component[i]] > 1 || edges[i].contains(&i))
        .collect();
    for i in cyclic {
        if let TypeKind::Alias(target) = &types[i].kind {
            types[i].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// Every named type `ty` mentions, through lists and maps.
fn named_within<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::List(inner) | TypeRef::Map(inner) => named_within(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|t| named_within(t, out)),
        _ => {}
    }
}

/// Type name → position.
fn name_index(types: &[TypeDef]) -> HashMap<&str, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect()
}

/// Names of the types a type contains directly (unboxed).
fn direct(kind: &TypeKind) -> Vec<&str> {
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(n) => Some(n.as_str()),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union { variants, .. } => variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Newtype(_) | TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
    }
}

/// The strongly connected component of every node (Tarjan, iterative).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next_order, mut next_component) = (Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn components_group_cycles_only() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 and 4 (self loop) stand apart.
        let c = components(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[3] != c[4]);
        // A chain of 100,000 nodes does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        let c = components(&chain);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
