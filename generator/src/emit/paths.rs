//! How emitted code spells type paths. Prelude names (`Option`, `String`, `Vec`, …) are
//! written short unless the module being emitted declares an item of the same name, in which
//! case they are fully qualified; spec types are bare inside `types.rs` and `types::X`
//! elsewhere. Either way a spec name can never capture one of ours.

use crate::ir::TypeRef;
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// Path spelling for one emitted module.
/// `#[serde(crate = …)]` for serde derives: generated code reaches serde through the
/// runtime's re-exports, where the derive's default `::serde` path does not exist.
pub fn serde_crate() -> TokenStream {
    quote!(#[serde(crate = "::client_runtime::deps::serde")])
}

pub struct Paths {
    shadowed: BTreeSet<String>,
    in_types: bool,
}

impl Paths {
    /// For `types.rs`, which declares `declared`.
    pub fn for_types<'a>(declared: impl Iterator<Item = &'a str>) -> Self {
        Self {
            shadowed: declared.map(str::to_owned).collect(),
            in_types: true,
        }
    }

    /// For another module, which declares `declared` and imports `crate::types`.
    pub fn for_module<'a>(declared: impl Iterator<Item = &'a str>) -> Self {
        Self {
            shadowed: declared.map(str::to_owned).collect(),
            in_types: false,
        }
    }

    /// A prelude item by its short name, qualified if this module shadows it.
    pub fn std(&self, name: &str) -> TokenStream {
        let root = match name {
            "Some" | "None" => "Option",
            "Ok" | "Err" => "Result",
            other => other,
        };
        if !self.shadowed.contains(name) && !self.shadowed.contains(root) {
            let id = format_ident!("{}", name);
            return quote!(#id);
        }
        match name {
            "Option" => quote!(::std::option::Option),
            "Some" => quote!(::std::option::Option::Some),
            "None" => quote!(::std::option::Option::None),
            "Result" => quote!(::std::result::Result),
            "Ok" => quote!(::std::result::Result::Ok),
            "Err" => quote!(::std::result::Result::Err),
            "String" => quote!(::std::string::String),
            "Vec" => quote!(::std::vec::Vec),
            "Box" => quote!(::std::boxed::Box),
            "Into" => quote!(::std::convert::Into),
            "IntoIterator" => quote!(::std::iter::IntoIterator),
            "Unpin" => quote!(::std::marker::Unpin),
            "Send" => quote!(::std::marker::Send),
            "From" => quote!(::std::convert::From),
            other => {
                let id = format_ident!("{}", other);
                quote!(#id)
            }
        }
    }

    /// Tokens for a type reference.
    pub fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::String => self.std("String"),
            TypeRef::Secret => quote!(crate::Secret),
            TypeRef::Multipart => quote!(crate::Multipart),
            TypeRef::Bool => quote!(bool),
            TypeRef::Int(name) | TypeRef::Float(name) => {
                let id = format_ident!("{}", name);
                quote!(#id)
            }
            TypeRef::DateTime => quote!(crate::Timestamp),
            TypeRef::Date => quote!(::client_runtime::deps::chrono::NaiveDate),
            TypeRef::Json => quote!(::client_runtime::deps::serde_json::Value),
            TypeRef::JsonObject => {
                let string = self.std("String");
                quote!(::client_runtime::deps::serde_json::Map<#string, ::client_runtime::deps::serde_json::Value>)
            }
            TypeRef::Bytes => {
                let vec = self.std("Vec");
                quote!(#vec<u8>)
            }
            TypeRef::Named(name) => {
                let id = ident(name);
                if self.in_types {
                    quote!(#id)
                } else {
                    quote!(types::#id)
                }
            }
            TypeRef::List(inner) => {
                let (vec, inner) = (self.std("Vec"), self.ty(inner));
                quote!(#vec<#inner>)
            }
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|t| self.ty(t));
                quote!((#(#items,)*))
            }
            TypeRef::Map(inner) => {
                let (string, inner) = (self.std("String"), self.ty(inner));
                quote!(::std::collections::BTreeMap<#string, #inner>)
            }
        }
    }
}
