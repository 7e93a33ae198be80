//! Emits `src/types.rs`: one Rust declaration per IR type.

use super::docs::{code, doc_attrs};
use super::paths::{serde_crate, Paths};
use super::{Chunk, Chunks};
use crate::ir::{Api, Extra, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The `types` module, as its module docs followed by one chunk per type, made as they are
/// parsed (one by one, which keeps formatting linear in the number of types and holds one
/// type's tokens at a time).
pub fn emit(api: &Api) -> Chunks<impl Fn(usize) -> Chunk + Sync + '_> {
    let defaultable = defaultable_types(&api.types);
    let paths = Paths::for_types(api.types.iter().map(|t| t.name.as_str()));
    let gates = api.tag_features.as_ref().map(|f| &f.types);
    let chunk = move |i: usize| match i.checked_sub(1).map(|i| &api.types[i]) {
        None => Chunk::from(quote! {
            //! Data types: the schemas of the API.
        }),
        Some(t) => {
            let features = gates.and_then(|g| g.get(&t.name));
            Chunk::gated(
                type_def(t, &defaultable, &paths),
                features.map_or(&[], Vec::as_slice),
            )
        }
    };
    (api.types.len() + 1, chunk)
}

fn type_def(t: &TypeDef, defaultable: &BTreeSet<String>, paths: &Paths) -> TokenStream {
    let fallback = format!("The `{}` schema.", t.name);
    let doc = doc_attrs(Some(t.doc.as_deref().unwrap_or(&fallback)));
    let name = ident(&t.name);
    let serde_crate = serde_crate();
    let deprecated = t.deprecated.then(|| quote!(#[deprecated]));
    match &t.kind {
        TypeKind::Alias(target) => {
            let target = paths.ty(target);
            quote! { #doc #deprecated pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let default =
                matches!(target, TypeRef::List(_) | TypeRef::Map(_)).then(|| quote!(Default,));
            let target = paths.ty(target);
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, #default ::client_runtime::deps::serde::Serialize, ::client_runtime::deps::serde::Deserialize)]
                #serde_crate
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Struct {
            fields,
            extra,
            extra_name,
        } => {
            let defaultable = defaultable.contains(&t.name);
            let default = defaultable.then(|| quote!(Default,));
            let constructor =
                (!defaultable).then(|| constructor(&name, fields, extra, extra_name, paths));
            let rename_all = prefers_camel_case(fields);
            let container = rename_all.then(|| quote!(#[serde(rename_all = "camelCase")]));
            let decoder = deserialize_object(&name, fields, extra, extra_name, defaultable, paths);
            let fields = fields.iter().map(|f| field(f, rename_all, paths));
            let extra = extra_field(extra, extra_name, paths);
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, #default ::client_runtime::deps::serde::Serialize)]
                #serde_crate
                #[non_exhaustive]
                #container
                pub struct #name {
                    #(#fields)*
                    #extra
                }

                #decoder
                #constructor
            }
        }
        TypeKind::Enum {
            variants,
            unknown_name,
        } => {
            let unknown = ident(unknown_name);
            let (string, from, result, ok) = (
                paths.std("String"),
                paths.std("From"),
                paths.std("Result"),
                paths.std("Ok"),
            );
            let decls = variants.iter().map(|v| {
                let id = ident(&v.name);
                let doc = match v.value.as_str() {
                    "" => doc_attrs(Some("The empty string.")),
                    value => doc_attrs(Some(&code(value))),
                };
                quote! { #doc #id, }
            });
            let to_str = variants.iter().map(|v| {
                let id = ident(&v.name);
                let value = &v.value;
                quote! { Self::#id => #value, }
            });
            let from_str = variants.iter().map(|v| {
                let id = ident(&v.name);
                let value = &v.value;
                quote! { #value => Self::#id, }
            });
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#decls)*
                    /// A value this client does not know (the server may add values at any time).
                    #unknown(#string),
                }
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self { #(#to_str)* Self::#unknown(value) => value }
                    }
                }
                impl #from<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value { #(#from_str)* other => Self::#unknown(other.to_owned()) }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::client_runtime::deps::serde::Serialize for #name {
                    fn serialize<S: ::client_runtime::deps::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        let value = <#string as ::client_runtime::deps::serde::Deserialize>::deserialize(deserializer)?;
                        #ok(Self::from(value.as_str()))
                    }
                }
            }
        }
        TypeKind::IntEnum { repr, values } => {
            let repr = quote::format_ident!("{}", repr);
            let consts = values.iter().map(|(value, konst)| {
                let id = ident(konst);
                let doc = format!(" `{value}`");
                let literal = proc_macro2::Literal::i64_unsuffixed(*value);
                quote! { #[doc = #doc] pub const #id: Self = Self(#literal); }
            });
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, ::client_runtime::deps::serde::Serialize, ::client_runtime::deps::serde::Deserialize)]
                #serde_crate
                #[serde(transparent)]
                pub struct #name(pub #repr);

                impl #name {
                    #(#consts)*
                }
            }
        }
        TypeKind::Union {
            variants,
            other_name,
            tag,
        } => {
            let other = ident(other_name);
            let decls = variants.iter().map(|v| {
                let id = ident(&v.name);
                let mut t = paths.ty(&v.ty);
                if v.boxed {
                    let boxed = paths.std("Box");
                    t = quote!(#boxed<#t>);
                }
                let doc = match (tag, &v.tag_value) {
                    (Some(tag), Some(value)) => code(&format!("{tag}: {value:?}")) + ".",
                    _ => format!("The {} alternative.", code(&v.name)),
                };
                let doc = doc_attrs(Some(&doc));
                quote! { #doc #id(#t), }
            });
            let (derives, serde_attr, impls) = match tag {
                None => (
                    quote!(
                        ::client_runtime::deps::serde::Serialize,
                        ::client_runtime::deps::serde::Deserialize
                    ),
                    quote!(#serde_crate #[serde(untagged)]),
                    quote!(),
                ),
                Some(tag) => (
                    quote!(),
                    quote!(),
                    tagged_impls(&name, tag, variants, &other, paths),
                ),
            };
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, #derives)]
                #[non_exhaustive]
                #serde_attr
                pub enum #name {
                    #(#decls)*
                    /// A value matching none of the alternatives above, kept as JSON.
                    #other(::client_runtime::deps::serde_json::Value),
                }

                #impls
            }
        }
    }
}

/// `Serialize` and `Deserialize` for an internally tagged union: decoding reads the tag and
/// decodes the selected variant (an unknown or missing tag keeps the value as JSON);
/// encoding writes the payload with its tag.
fn tagged_impls(
    name: &proc_macro2::Ident,
    tag: &str,
    variants: &[crate::ir::UnionVariant],
    other: &proc_macro2::Ident,
    paths: &Paths,
) -> TokenStream {
    let arms = variants.iter().filter_map(|v| {
        let (id, value) = (ident(&v.name), v.tag_value.as_deref()?);
        let some = paths.std("Some");
        let decoded = quote!(::client_runtime::codegen::variant(value)?);
        let decoded = if v.boxed {
            quote!(::std::boxed::Box::new(#decoded))
        } else {
            decoded
        };
        Some(quote! { #some(#value) => Self::#id(#decoded), })
    });
    let result = paths.std("Result");
    let encode = variants.iter().filter_map(|v| {
        let (id, value) = (ident(&v.name), v.tag_value.as_deref()?);
        Some(quote! { Self::#id(payload) => ::client_runtime::codegen::tagged(payload, #tag, #value, serializer), })
    });
    quote! {
        impl ::client_runtime::deps::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::deps::serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::#other(value) => ::client_runtime::deps::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <::client_runtime::deps::serde_json::Value as ::client_runtime::deps::serde::Deserialize>::deserialize(deserializer)?;
                Ok(match ::client_runtime::codegen::tag(&value, #tag) {
                    #(#arms)*
                    _ => Self::#other(value),
                })
            }
        }
    }
}

/// `new(required fields)` for a struct without `Default` (non-exhaustive structs cannot be
/// built with a struct expression outside the crate); optional fields start absent.
fn constructor(
    ty_name: &proc_macro2::Ident,
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    paths: &Paths,
) -> TokenStream {
    let option = paths.std("Option");
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let t = paths.ty(&f.ty);
        if f.nullable {
            quote!(#name: #option<#t>)
        } else {
            quote!(#name: #t)
        }
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        match (f.required, f.boxed && !f.nullable) {
            (true, true) => {
                let boxed = paths.std("Box");
                quote!(#name: #boxed::new(#name),)
            }
            (true, false) if f.boxed => quote!(#name: #name.map(::std::boxed::Box::new),),
            (true, false) => quote!(#name,),
            (false, _) => quote!(#name: ::std::default::Default::default(),),
        }
    });
    let extra_init = (!matches!(extra, Extra::None)).then(|| {
        let name = ident(extra_name);
        quote!(#name: ::std::default::Default::default(),)
    });
    quote! {
        impl #ty_name {
            /// A value with the required properties; the optional ones are absent.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #extra_init }
            }
        }
    }
}

fn field(f: &Field, rename_all: bool, paths: &Paths) -> TokenStream {
    let fallback = match &f.ty {
        TypeRef::Named(target) => {
            format!("The {} property (see [`{target}`]).", code(&f.json_name))
        }
        _ => format!("The {} property.", code(&f.json_name)),
    };
    let doc = doc_attrs(Some(f.doc.as_deref().unwrap_or(&fallback)));
    let name = ident(&f.name);
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    let mut inner = paths.ty(&f.ty);
    if f.boxed {
        let boxed = paths.std("Box");
        inner = quote!(#boxed<#inner>);
    }
    let implied = if rename_all {
        camel_case(&f.name)
    } else {
        f.name.clone()
    };
    let rename = (f.json_name != implied).then(|| {
        let json = &f.json_name;
        quote!(rename = #json,)
    });
    let option = paths.std("Option");
    let (field_ty, serde) = match (f.required, f.nullable) {
        (true, false) => (inner, quote!()),
        (true, true) => (quote!(#option<#inner>), quote!()),
        (false, false) => {
            let skip = format!("{}::is_none", option.to_string().replace(' ', ""));
            (
                quote!(#option<#inner>),
                quote!(skip_serializing_if = #skip,),
            )
        }
        (false, true) => (
            quote!(crate::Nullable<#inner>),
            quote!(skip_serializing_if = "crate::Nullable::is_absent",),
        ),
    };
    let attr = if rename.is_some() || !serde.is_empty() {
        quote!(#[serde(#rename #serde)])
    } else {
        quote!()
    };
    quote! { #doc #deprecated #attr pub #name: #field_ty, }
}

/// The struct's `Deserialize`: one pass over the object that routes declared keys to
/// fields and the rest to the catch-all map (through the runtime's `Object`), instead of
/// serde's `flatten`, which buffers the whole object first.
fn deserialize_object(
    name: &proc_macro2::Ident,
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    defaultable: bool,
    paths: &Paths,
) -> TokenStream {
    let (result, some, ok) = (paths.std("Result"), paths.std("Some"), paths.std("Ok"));
    let deserialize = quote! {
        impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                ::client_runtime::codegen::object(deserializer)
            }
        }
    };
    // Without required fields, decoding fills in a default value: one line per field.
    if defaultable && !fields.iter().any(|f| f.required && !f.nullable) {
        let arms = fields.iter().map(|f| {
            let (id, json) = (ident(&f.name), &f.json_name);
            quote!(#json => value.#id = map.next_value()?,)
        });
        let other = match extra {
            Extra::None => quote!(::client_runtime::codegen::skip(&mut map)?),
            Extra::Json | Extra::Typed(_) => {
                let id = ident(extra_name);
                quote!(::client_runtime::codegen::keep(&mut value.#id, key, &mut map)?)
            }
        };
        return quote! {
            #deserialize

            impl ::client_runtime::codegen::Object for #name {
                fn visit<'de, M: ::client_runtime::deps::serde::de::MapAccess<'de>>(mut map: M) -> #result<Self, M::Error> {
                    let mut value = <Self as ::std::default::Default>::default();
                    while let #some(key) = map.next_key::<::client_runtime::codegen::Key<'de>>()? {
                        match key.as_str() {
                            #(#arms)*
                            _ => #other,
                        }
                    }
                    #ok(value)
                }
            }
        };
    }
    // Locals take a `_` suffix, so none can be named like `map` or `key`.
    let local = |f: &Field| ident(&format!("{}_", f.name));
    let locals = fields.iter().map(|f| {
        let id = local(f);
        let none = paths.std("None");
        quote!(let mut #id = #none;)
    });
    let arms = fields.iter().map(|f| {
        let (id, json) = (local(f), &f.json_name);
        quote!(#json => #id = #some(map.next_value()?),)
    });
    let inits = fields.iter().map(|f| {
        let (id, json, value) = (ident(&f.name), &f.json_name, local(f));
        if f.required && !f.nullable {
            quote!(#id: ::client_runtime::codegen::required(#value, #json)?,)
        } else {
            quote!(#id: ::client_runtime::codegen::optional(#value),)
        }
    });
    let (extra_local, other, extra_init) = match extra {
        Extra::None => (
            quote!(),
            quote!(::client_runtime::codegen::skip(&mut map)?),
            quote!(),
        ),
        Extra::Json | Extra::Typed(_) => {
            let (id, value) = (ident(extra_name), ident(&format!("{extra_name}_")));
            (
                quote!(let mut #value = ::std::default::Default::default();),
                quote!(::client_runtime::codegen::keep(&mut #value, key, &mut map)?),
                quote!(#id: #value,),
            )
        }
    };
    quote! {
        #deserialize

        impl ::client_runtime::codegen::Object for #name {
            fn visit<'de, M: ::client_runtime::deps::serde::de::MapAccess<'de>>(mut map: M) -> #result<Self, M::Error> {
                #(#locals)*
                #extra_local
                while let #some(key) = map.next_key::<::client_runtime::codegen::Key<'de>>()? {
                    match key.as_str() {
                        #(#arms)*
                        _ => #other,
                    }
                }
                #ok(Self { #(#inits)* #extra_init })
            }
        }
    }
}

/// What serde's `rename_all = "camelCase"` makes of a snake_case field name.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// True when `rename_all = "camelCase"` saves more `rename`s than it costs.
fn prefers_camel_case(fields: &[Field]) -> bool {
    let camel = fields
        .iter()
        .filter(|f| camel_case(&f.name) == f.json_name && f.name != f.json_name)
        .count();
    let broken = fields
        .iter()
        .filter(|f| f.name == f.json_name && camel_case(&f.name) != f.json_name)
        .count();
    camel > broken + 1
}

fn extra_field(extra: &Extra, name: &str, paths: &Paths) -> TokenStream {
    let name = ident(name);
    let string = paths.std("String");
    match extra {
        Extra::None => quote!(),
        Extra::Json => quote! {
            /// Properties the schema does not declare (custom attributes, newer fields), kept
            /// in order as JSON text so that a read-modify-write round trip loses nothing;
            /// read one with `get_as::<T>(name)`.
            #[serde(flatten)]
            pub #name: crate::Extra,
        },
        Extra::Typed(t) => {
            let t = paths.ty(t);
            quote! {
                /// Properties beyond the declared ones (`additionalProperties`).
                #[serde(flatten)]
                pub #name: ::std::collections::BTreeMap<#string, #t>,
            }
        }
    }
}

/// Names of types for which `#[derive(Default)]` compiles: structs whose required,
/// non-nullable fields all have defaultable types (the least fixed point, found in one
/// pass over a worklist, so long chains of types cost linear time).
fn defaultable_types(types: &[TypeDef]) -> BTreeSet<String> {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // For each type: the types it needs to be defaultable, or `None` when it never is.
    let needs: Vec<Option<Vec<usize>>> = types
        .iter()
        .map(|t| {
            let refs: Vec<&TypeRef> = match &t.kind {
                TypeKind::Struct { fields, .. } => fields
                    .iter()
                    .filter(|f| f.required && !f.nullable)
                    .map(|f| &f.ty)
                    .collect(),
                TypeKind::Alias(target) => vec![target],
                TypeKind::Newtype(TypeRef::List(_) | TypeRef::Map(_)) => Vec::new(),
                TypeKind::Newtype(_) => return None,
                TypeKind::Enum { .. } | TypeKind::Union { .. } => return None,
                TypeKind::IntEnum { .. } => Vec::new(),
            };
            let mut deps = Vec::new();
            // Tuples are defaultable when every position is.
            let mut refs = refs;
            while let Some(r) = refs.pop() {
                match r {
                    TypeRef::DateTime | TypeRef::Date => return None,
                    TypeRef::Named(n) => deps.push(*index.get(n.as_str())?),
                    TypeRef::Tuple(items) => refs.extend(items),
                    _ => {}
                }
            }
            deps.sort_unstable();
            deps.dedup();
            Some(deps)
        })
        .collect();
    let mut missing: Vec<usize> = needs
        .iter()
        .map(|n| n.as_ref().map_or(usize::MAX, Vec::len))
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (i, deps) in needs.iter().enumerate() {
        for &d in deps.iter().flatten() {
            dependents[d].push(i);
        }
    }
    let mut ready: Vec<usize> = (0..types.len()).filter(|&i| missing[i] == 0).collect();
    let mut set = BTreeSet::new();
    while let Some(i) = ready.pop() {
        set.insert(types[i].name.clone());
        for &d in &dependents[i] {
            if missing[d] != usize::MAX {
                missing[d] -= 1;
                if missing[d] == 0 {
                    ready.push(d);
                }
            }
        }
    }
    set
}
