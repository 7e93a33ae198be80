//! Cargo features per OpenAPI tag (`tag_features: true` in the settings): an operation
//! compiles when one of its tags' features is on, and a type when an operation that needs it
//! does. Large APIs can then be compiled in part (`--no-default-features --features users`).
//!
//! A type's features are the union over the operations whose signatures reach it through
//! fields, variants, aliases and collections. Types every build needs (the error body, and
//! anything reached from it or from an untagged operation) carry no feature and always
//! compile. Types no operation reaches get the feature `unused-types` (in `default` too).

use crate::ir::{Api, Extra, Operation, Success, TagFeatures, TypeKind, TypeRef};
use crate::naming::Scope;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The feature of the types no operation needs.
const UNUSED_TYPES: &str = "unused-types";

/// Feature names the generated crate already uses.
const RESERVED: &[&str] = &["default", "private-key-jwt"];

pub(super) fn tag_features(api: &Api) -> TagFeatures {
    let mut scope = Scope::default();
    for name in RESERVED.iter().chain([&UNUSED_TYPES]) {
        scope.claim(name);
    }
    let mut by_tag: BTreeMap<&str, String> = BTreeMap::new();
    let mut features: Vec<(String, String)> = Vec::new();
    let operations: Vec<Vec<String>> = api
        .operations
        .iter()
        .map(|op| {
            let mut names: Vec<String> = op
                .tags
                .iter()
                .map(|tag| {
                    by_tag
                        .entry(tag.as_str())
                        .or_insert_with(|| {
                            let name = scope.claim(&feature_name(tag));
                            features.push((name.clone(), tag.clone()));
                            name
                        })
                        .clone()
                })
                .collect();
            names.sort();
            names.dedup();
            names
        })
        .collect();

    let index: HashMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // `None`: always compiled; `Some(set)`: compiled with any feature of the set.
    let mut reach: Vec<Option<BTreeSet<String>>> = vec![Some(BTreeSet::new()); api.types.len()];
    let mut always: Vec<usize> = Vec::new();
    if let Some(error) = &api.error_body {
        always.extend(
            error
                .named_types(false)
                .into_iter()
                .filter_map(|n| index.get(n).copied()),
        );
    }
    for (op, names) in api.operations.iter().zip(&operations) {
        let roots = signature_types(op).filter_map(|n| index.get(n).copied());
        if names.is_empty() {
            always.extend(roots);
        } else {
            for root in roots.collect::<Vec<_>>() {
                spread(api, &index, &mut reach, root, names);
            }
        }
    }
    // Types no operation reaches (a user may still name them) get a feature of their own,
    // in `default` like the others.
    let orphans: Vec<usize> = (0..api.types.len())
        .filter(|&i| reach[i].as_ref().is_some_and(BTreeSet::is_empty))
        .collect();
    if !orphans.is_empty() {
        let name = UNUSED_TYPES.to_owned();
        features.push((name.clone(), String::new()));
        let names = [name];
        for root in orphans {
            spread(api, &index, &mut reach, root, &names);
        }
    }
    // Everything reached from an always-compiled root is always compiled.
    let mut stack = always;
    while let Some(i) = stack.pop() {
        if reach[i].take().is_some() {
            stack.extend(type_deps(&api.types[i].kind).filter_map(|n| index.get(n).copied()));
        }
    }
    let types = api
        .types
        .iter()
        .zip(reach)
        .filter_map(|(t, r)| {
            let set = r?;
            (!set.is_empty()).then(|| (t.name.clone(), set.into_iter().collect()))
        })
        .collect();
    TagFeatures {
        features,
        operations,
        types,
    }
}

/// Adds `names` to `root` and every type it reaches (iteratively; each type is revisited
/// only when it gains a feature, so the work is bounded by types × features).
fn spread(
    api: &Api,
    index: &HashMap<&str, usize>,
    reach: &mut [Option<BTreeSet<String>>],
    root: usize,
    names: &[String],
) {
    let mut stack = vec![root];
    while let Some(i) = stack.pop() {
        let Some(set) = reach[i].as_mut() else {
            continue;
        };
        let before = set.len();
        set.extend(names.iter().cloned());
        if set.len() > before {
            stack.extend(type_deps(&api.types[i].kind).filter_map(|n| index.get(n).copied()));
        }
    }
}

/// A tag as a Cargo feature name: lowercase words joined by `-`.
fn feature_name(tag: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(tag)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>();
    match name.trim_matches('-') {
        "" => "tag".to_owned(),
        n if n.starts_with(|c: char| c.is_ascii_digit()) => format!("tag-{n}"),
        n => n.to_owned(),
    }
}

/// Named types an operation's parameters, body and responses mention.
fn signature_types(op: &Operation) -> impl Iterator<Item = &str> {
    let mut refs: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    refs.extend(op.body.as_ref().map(|b| &b.ty));
    refs.extend(op.response_headers.iter().map(|h| &h.ty));
    if let Some(p) = &op.pagination {
        refs.push(&p.item);
    }
    match &op.success {
        Success::Json(t) => refs.push(t),
        Success::ByStatus(r) => refs.extend(r.variants.iter().filter_map(|v| match &v.body {
            Success::Json(t) => Some(t),
            _ => None,
        })),
        _ => {}
    }
    refs.into_iter().flat_map(|r| r.named_types(false))
}

/// Named types a type definition mentions (a typed catch-all map's values included).
fn type_deps(kind: &TypeKind) -> impl Iterator<Item = &str> {
    let mut refs = kind.refs(false);
    if let TypeKind::Struct {
        extra: Extra::Typed(t),
        ..
    } = kind
    {
        refs.push(t);
    }
    refs.into_iter().flat_map(|r| r.named_types(false))
}
