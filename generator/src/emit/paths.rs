//! How emitted code spells type paths. Prelude names (`Option`, `String`, `Vec`, …) are
//! written short unless the module being emitted declares an item of the same name, in which
//! case they are fully qualified; spec types are bare inside `types.rs` and `types::X`
//! elsewhere. Either way a spec name can never capture one of ours.

use crate::ir::TypeRef;
use crate::naming::ident;
use proc_macro2::{Ident, Span};
use quote::format_ident;
use std::collections::BTreeSet;
use syn::punctuated::Punctuated;

/// Path spelling for one emitted module.
pub struct Paths {
    /// The prelude items this module shadows, with their qualified paths (usually none).
    qualify: Vec<(&'static str, &'static str)>,
    in_types: bool,
}

impl Paths {
    /// For `types.rs`, which declares `declared`.
    pub fn for_types<'a>(declared: impl Iterator<Item = &'a str>) -> Self {
        Self {
            qualify: shadowed_prelude(declared),
            in_types: true,
        }
    }

    /// For another module, which declares `declared` and imports `crate::types`.
    pub fn for_module<'a>(declared: impl Iterator<Item = &'a str>) -> Self {
        Self {
            qualify: shadowed_prelude(declared),
            in_types: false,
        }
    }

    /// A prelude item by its short name, qualified if this module shadows it.
    pub fn std_path(&self, name: &str) -> syn::Path {
        match self.qualify.iter().find(|(short, _)| *short == name) {
            Some((_, qualified)) => path(qualified),
            None => path(name),
        }
    }

    /// The qualified path for `name` when it is a prelude item this module shadows.
    pub fn qualified(&self, name: &Ident) -> Option<syn::Path> {
        let (_, qualified) = self.qualify.iter().find(|(short, _)| name == short)?;
        Some(path(qualified))
    }

    /// The type for a type reference.
    pub fn ty_tree(&self, t: &TypeRef) -> syn::Type {
        match t {
            TypeRef::String => path_type(self.std_path("String")),
            TypeRef::Secret => path_type(path("crate::Secret")),
            TypeRef::Multipart => path_type(path("crate::Multipart")),
            TypeRef::Bool => path_type(path("bool")),
            TypeRef::Int(name) | TypeRef::Float(name) => path_type(path(name)),
            TypeRef::DateTime => path_type(path("crate::Timestamp")),
            TypeRef::Date => path_type(path("::client_runtime::deps::chrono::NaiveDate")),
            TypeRef::Json => path_type(path("::client_runtime::deps::serde_json::Value")),
            TypeRef::JsonObject => generic(
                path("::client_runtime::deps::serde_json::Map"),
                vec![
                    path_type(self.std_path("String")),
                    path_type(path("::client_runtime::deps::serde_json::Value")),
                ],
            ),
            TypeRef::Bytes => generic(self.std_path("Vec"), vec![path_type(path("u8"))]),
            TypeRef::Named(name) => {
                let mut segments = Punctuated::new();
                if !self.in_types {
                    segments.push(syn::PathSegment::from(format_ident!("types")));
                }
                segments.push(syn::PathSegment::from(ident(name)));
                path_type(syn::Path {
                    leading_colon: None,
                    segments,
                })
            }
            TypeRef::List(inner) => generic(self.std_path("Vec"), vec![self.ty_tree(inner)]),
            TypeRef::Tuple(items) => {
                let mut elems: Punctuated<syn::Type, syn::Token![,]> =
                    items.iter().map(|t| self.ty_tree(t)).collect();
                if !elems.empty_or_trailing() {
                    elems.push_punct(Default::default());
                }
                syn::Type::Tuple(syn::TypeTuple {
                    attrs: Vec::new(),
                    paren_token: Default::default(),
                    elems,
                })
            }
            TypeRef::Map(inner) => generic(
                path("::std::collections::BTreeMap"),
                vec![path_type(self.std_path("String")), self.ty_tree(inner)],
            ),
        }
    }
}

/// The entries of [`PRELUDE`] that a module declaring `declared` shadows: those it declares,
/// and `Some`/`None` (`Ok`/`Err`) when it declares `Option` (`Result`).
fn shadowed_prelude<'a>(
    declared: impl Iterator<Item = &'a str>,
) -> Vec<(&'static str, &'static str)> {
    let declared: BTreeSet<&str> = declared
        .filter(|name| PRELUDE.iter().any(|(short, _)| short == name))
        .collect();
    PRELUDE
        .iter()
        .filter(|(short, _)| {
            let root = match *short {
                "Some" | "None" => "Option",
                "Ok" | "Err" => "Result",
                other => other,
            };
            declared.contains(short) || declared.contains(root)
        })
        .copied()
        .collect()
}

/// Prelude items by their short names, and their qualified paths.
const PRELUDE: [(&str, &str); 14] = [
    ("Option", "::std::option::Option"),
    ("Some", "::std::option::Option::Some"),
    ("None", "::std::option::Option::None"),
    ("Result", "::std::result::Result"),
    ("Ok", "::std::result::Result::Ok"),
    ("Err", "::std::result::Result::Err"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
    ("Into", "::std::convert::Into"),
    ("IntoIterator", "::std::iter::IntoIterator"),
    ("Unpin", "::std::marker::Unpin"),
    ("Send", "::std::marker::Send"),
    ("From", "::std::convert::From"),
];

/// A path of plain identifiers written `a::b` or `::a::b`.
pub fn path(text: &str) -> syn::Path {
    let (leading_colon, rest) = match text.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, text),
    };
    syn::Path {
        leading_colon,
        segments: rest
            .split("::")
            .map(|s| syn::PathSegment::from(Ident::new(s, Span::call_site())))
            .collect(),
    }
}

pub fn path_type(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// `base<args…>`.
pub fn generic(mut base: syn::Path, args: Vec<syn::Type>) -> syn::Type {
    if let Some(last) = base.segments.last_mut() {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(syn::GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path_type(base)
}
