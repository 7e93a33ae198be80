//! Emits `src/types.rs`: one Rust declaration per IR type, built as syntax trees from the
//! templates below (see `template.rs`).

use super::docs::{code, doc_tree};
use super::paths::{generic, Paths};
use super::template::{attr_list, attr_word, doc_attr, template, unparsable, Built, Fill};
use super::{Chunk, Chunks};
use crate::ir::{Api, Extra, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::ident;
use proc_macro2::Ident;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The `types` module, as its module docs followed by one chunk per type, made as they are
/// formatted (one by one, which keeps formatting linear in the number of types and holds
/// one type's tree at a time).
pub fn emit(api: &Api) -> Chunks<impl Fn(usize) -> Built<Chunk> + Sync + '_> {
    let defaultable = defaultable_types(&api.types);
    let paths = Paths::for_types(api.types.iter().map(|t| t.name.as_str()));
    let gates = api.tag_features.as_ref().map(|f| &f.types);
    let chunk = move |i: usize| -> Built<Chunk> {
        Ok(match i.checked_sub(1).map(|i| &api.types[i]) {
            None => Chunk::file(template!(syn::File =>
                //! Data types: the schemas of the API.
            )?),
            Some(t) => {
                let features = gates.and_then(|g| g.get(&t.name));
                Chunk::items(
                    type_def(t, &defaultable, &paths)?,
                    features.map_or(&[], Vec::as_slice),
                )
            }
        })
    };
    (api.types.len() + 1, chunk)
}

/// `#[serde(crate = …)]` for serde derives: generated code reaches serde through the
/// runtime's re-exports, where the derive's default `::serde` path does not exist.
fn serde_crate() -> syn::Attribute {
    attr_list("serde", quote!(crate = "::client_runtime::deps::serde"))
}

fn type_def(t: &TypeDef, defaultable: &BTreeSet<String>, paths: &Paths) -> Built<Vec<syn::Item>> {
    let fallback = format!("The `{}` schema.", t.name);
    let mut attrs = doc_tree(Some(t.doc.as_deref().unwrap_or(&fallback)));
    if t.deprecated {
        attrs.push(attr_word("deprecated"));
    }
    let name = ident(&t.name);
    let fill = Fill::new(paths).ident("__Name", name.clone());
    Ok(match &t.kind {
        TypeKind::Alias(target) => {
            let fill = fill
                .attrs("__attrs", attrs)
                .ty("__T", paths.ty_tree(target));
            fill.into(template!(syn::File =>
                #[__attrs]
                pub type __Name = __T;
            ))?
            .items
        }
        TypeKind::Newtype(target) => {
            let derive = if matches!(target, TypeRef::List(_) | TypeRef::Map(_)) {
                quote!(
                    Debug,
                    Clone,
                    PartialEq,
                    Default,
                    ::client_runtime::deps::serde::Serialize,
                    ::client_runtime::deps::serde::Deserialize
                )
            } else {
                quote!(
                    Debug,
                    Clone,
                    PartialEq,
                    ::client_runtime::deps::serde::Serialize,
                    ::client_runtime::deps::serde::Deserialize
                )
            };
            attrs.extend([
                attr_list("derive", derive),
                serde_crate(),
                attr_list("serde", quote!(transparent)),
            ]);
            let fill = fill
                .attrs("__attrs", attrs)
                .ty("__T", paths.ty_tree(target));
            fill.into(template!(syn::File =>
                #[__attrs]
                pub struct __Name(pub __T);
            ))?
            .items
        }
        TypeKind::Struct {
            fields,
            extra,
            extra_name,
        } => {
            let defaultable = defaultable.contains(&t.name);
            let derive = if defaultable {
                quote!(
                    Debug,
                    Clone,
                    PartialEq,
                    Default,
                    ::client_runtime::deps::serde::Serialize
                )
            } else {
                quote!(
                    Debug,
                    Clone,
                    PartialEq,
                    ::client_runtime::deps::serde::Serialize
                )
            };
            attrs.extend([
                attr_list("derive", derive),
                serde_crate(),
                attr_word("non_exhaustive"),
            ]);
            let rename_all = prefers_camel_case(fields);
            if rename_all {
                attrs.push(attr_list("serde", quote!(rename_all = "camelCase")));
            }
            let mut decls: Vec<syn::Field> = fields
                .iter()
                .map(|f| field(f, rename_all, paths))
                .collect::<Built<Vec<_>>>()?;
            decls.extend(extra_field(extra, extra_name, paths)?);
            let fill = fill.attrs("__attrs", attrs).fields("__fields", decls);
            let mut items = fill
                .into(template!(syn::File =>
                    #[__attrs]
                    pub struct __Name {
                        __fields: (),
                    }
                ))?
                .items;
            items.extend(deserialize_object(
                &name,
                fields,
                extra,
                extra_name,
                defaultable,
                paths,
            )?);
            if !defaultable {
                items.push(constructor(&name, fields, extra, extra_name, paths)?);
            }
            items
        }
        TypeKind::Enum {
            variants,
            unknown_name,
        } => {
            let decls = variants
                .iter()
                .map(|v| {
                    let doc = match v.value.as_str() {
                        "" => doc_tree(Some("The empty string.")),
                        value => doc_tree(Some(&code(value))),
                    };
                    Fill::new(paths)
                        .attrs("__attrs", doc)
                        .ident("__id", ident(&v.name))
                        .into(template!(syn::Variant =>
                            #[__attrs]
                            __id
                        ))
                })
                .collect::<Built<Vec<_>>>()?;
            let arm = |v: &crate::ir::Variant, template: Built<syn::Arm>| {
                Fill::new(paths)
                    .ident("__id", ident(&v.name))
                    .str("__value", v.value.as_str())
                    .into(template)
            };
            let to_str = variants
                .iter()
                .map(|v| arm(v, template!(syn::Arm => Self::__id => "__value",)))
                .collect::<Built<Vec<_>>>()?;
            let from_str = variants
                .iter()
                .map(|v| arm(v, template!(syn::Arm => "__value" => Self::__id,)))
                .collect::<Built<Vec<_>>>()?;
            let fill = fill
                .attrs("__attrs", attrs)
                .variants("__variants", decls)
                .ident("__unknown", ident(unknown_name))
                .arms("__to_str", to_str)
                .arms("__from_str", from_str);
            fill.into(template!(syn::File =>
                #[__attrs]
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum __Name {
                    __variants,
                    /// A value this client does not know (the server may add values at any time).
                    __unknown(String),
                }
                impl __Name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self { __to_str => (), Self::__unknown(value) => value }
                    }
                }
                impl From<&str> for __Name {
                    fn from(value: &str) -> Self {
                        match value { __from_str => (), other => Self::__unknown(other.to_owned()) }
                    }
                }
                impl ::std::fmt::Display for __Name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::client_runtime::deps::serde::Serialize for __Name {
                    fn serialize<S: ::client_runtime::deps::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for __Name {
                    fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        ::client_runtime::codegen::string_enum(deserializer)
                    }
                }
            ))?
            .items
        }
        TypeKind::IntEnum { repr, values } => {
            let consts = values
                .iter()
                .map(|(value, konst)| {
                    let literal = proc_macro2::Literal::i64_unsuffixed(*value);
                    Fill::new(paths)
                        .attrs("__attrs", vec![doc_attr(&format!(" `{value}`"))])
                        .ident("__ID", ident(konst))
                        .expr(
                            "__value",
                            syn::Expr::Lit(syn::ExprLit {
                                attrs: Vec::new(),
                                lit: syn::Lit::new(literal),
                            }),
                        )
                        .into(template!(syn::ImplItem =>
                            #[__attrs]
                            pub const __ID: Self = Self(__value);
                        ))
                })
                .collect::<Built<Vec<_>>>()?;
            let fill = fill
                .attrs("__attrs", attrs)
                .ident("__repr", quote::format_ident!("{}", repr))
                .items("__consts", consts);
            fill.into(template!(syn::File =>
                #[__attrs]
                #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, ::client_runtime::deps::serde::Serialize, ::client_runtime::deps::serde::Deserialize)]
                #[serde(crate = "::client_runtime::deps::serde")]
                #[serde(transparent)]
                pub struct __Name(pub __repr);

                impl __Name {
                    fn __consts() {}
                }
            ))?
            .items
        }
        TypeKind::Union {
            variants,
            other_name,
            tag,
        } => {
            let decls = variants
                .iter()
                .map(|v| {
                    let mut t = paths.ty_tree(&v.ty);
                    if v.boxed {
                        t = generic(paths.std_path("Box"), vec![t]);
                    }
                    let doc = match (tag, &v.tag_value) {
                        (Some(tag), Some(value)) => code(&format!("{tag}: {value:?}")) + ".",
                        _ => format!("The {} alternative.", code(&v.name)),
                    };
                    Fill::new(paths)
                        .attrs("__attrs", doc_tree(Some(&doc)))
                        .ident("__id", ident(&v.name))
                        .ty("__T", t)
                        .into(template!(syn::Variant =>
                            #[__attrs]
                            __id(__T)
                        ))
                })
                .collect::<Built<Vec<_>>>()?;
            let other = ident(other_name);
            let mut impls = Vec::new();
            match tag {
                None => attrs.extend([
                    attr_list(
                        "derive",
                        quote!(
                            Debug,
                            Clone,
                            PartialEq,
                            ::client_runtime::deps::serde::Serialize,
                            ::client_runtime::deps::serde::Deserialize
                        ),
                    ),
                    attr_word("non_exhaustive"),
                    serde_crate(),
                    attr_list("serde", quote!(untagged)),
                ]),
                Some(tag) => {
                    attrs.extend([
                        attr_list("derive", quote!(Debug, Clone, PartialEq,)),
                        attr_word("non_exhaustive"),
                    ]);
                    impls = tagged_impls(&name, tag, variants, &other, paths)?;
                }
            }
            let fill = fill
                .attrs("__attrs", attrs)
                .variants("__variants", decls)
                .ident("__other", other);
            let mut items = fill
                .into(template!(syn::File =>
                    #[__attrs]
                    pub enum __Name {
                        __variants,
                        /// A value matching none of the alternatives above, kept as JSON.
                        __other(::client_runtime::deps::serde_json::Value),
                    }
                ))?
                .items;
            items.extend(impls);
            items
        }
    })
}

/// `Serialize` and `Deserialize` for an internally tagged union: decoding reads the tag and
/// decodes the selected variant (an unknown or missing tag keeps the value as JSON);
/// encoding writes the payload with its tag.
fn tagged_impls(
    name: &Ident,
    tag: &str,
    variants: &[crate::ir::UnionVariant],
    other: &Ident,
    paths: &Paths,
) -> Built<Vec<syn::Item>> {
    let tagged = || {
        variants
            .iter()
            .filter_map(|v| Some((v, v.tag_value.as_deref()?)))
    };
    let arms = tagged()
        .map(|(v, value)| {
            let fill = Fill::new(paths)
                .ident("__id", ident(&v.name))
                .str("__value", value);
            if v.boxed {
                fill.into(template!(syn::Arm =>
                    Some("__value") => Self::__id(::std::boxed::Box::new(::client_runtime::codegen::variant(value)?)),
                ))
            } else {
                fill.into(template!(syn::Arm =>
                    Some("__value") => Self::__id(::client_runtime::codegen::variant(value)?),
                ))
            }
        })
        .collect::<Built<Vec<_>>>()?;
    let encode = tagged()
        .map(|(v, value)| {
            Fill::new(paths)
                .ident("__id", ident(&v.name))
                .str("__tag", tag)
                .str("__value", value)
                .into(template!(syn::Arm =>
                    Self::__id(payload) => ::client_runtime::codegen::tagged(payload, "__tag", "__value", serializer),
                ))
        })
        .collect::<Built<Vec<_>>>()?;
    Fill::new(paths)
        .ident("__Name", name.clone())
        .ident("__other", other.clone())
        .str("__tag", tag)
        .arms("__encode", encode)
        .arms("__arms", arms)
        .into(template!(syn::File =>
            impl ::client_runtime::deps::serde::Serialize for __Name {
                fn serialize<S: ::client_runtime::deps::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        __encode => (),
                        Self::__other(value) => ::client_runtime::deps::serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for __Name {
                fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::client_runtime::deps::serde_json::Value as ::client_runtime::deps::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(match ::client_runtime::codegen::tag(&value, "__tag") {
                        __arms => (),
                        _ => Self::__other(value),
                    })
                }
            }
        ))
        .map(|file| file.items)
}

/// `new(required fields)` for a struct without `Default` (non-exhaustive structs cannot be
/// built with a struct expression outside the crate); optional fields start absent.
fn constructor(
    ty_name: &Ident,
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    paths: &Paths,
) -> Built<syn::Item> {
    let args = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let mut t = paths.ty_tree(&f.ty);
            if f.nullable {
                t = generic(paths.std_path("Option"), vec![t]);
            }
            Fill::new(paths)
                .ident("__name", ident(&f.name))
                .ty("__T", t)
                .into(template!(syn::FnArg => __name: __T))
        })
        .collect::<Built<Vec<_>>>()?;
    let mut inits: Vec<syn::FieldValue> = fields
        .iter()
        .map(|f| {
            let fill = Fill::new(paths).ident("__name", ident(&f.name));
            match (f.required, f.boxed && !f.nullable) {
                (true, true) => fill.into(template!(syn::FieldValue => __name: Box::new(__name))),
                (true, false) if f.boxed => fill.into(template!(syn::FieldValue =>
                    __name: __name.map(::std::boxed::Box::new)
                )),
                (true, false) => fill.into(template!(syn::FieldValue => __name)),
                (false, _) => fill.into(template!(syn::FieldValue =>
                    __name: ::std::default::Default::default()
                )),
            }
        })
        .collect::<Built<Vec<_>>>()?;
    if !matches!(extra, Extra::None) {
        inits.push(
            Fill::new(paths)
                .ident("__name", ident(extra_name))
                .into(template!(syn::FieldValue => __name: ::std::default::Default::default()))?,
        );
    }
    Fill::new(paths)
        .ident("__Name", ty_name.clone())
        .args("__args", args)
        .inits("__inits", inits)
        .into(template!(syn::Item =>
            impl __Name {
                /// A value with the required properties; the optional ones are absent.
                #[allow(clippy::too_many_arguments)]
                pub fn new(__args: ()) -> Self {
                    Self { __inits, }
                }
            }
        ))
}

fn field(f: &Field, rename_all: bool, paths: &Paths) -> Built<syn::Field> {
    let fallback = match &f.ty {
        TypeRef::Named(target) => {
            format!("The {} property (see [`{target}`]).", code(&f.json_name))
        }
        _ => format!("The {} property.", code(&f.json_name)),
    };
    let mut attrs = doc_tree(Some(f.doc.as_deref().unwrap_or(&fallback)));
    if f.deprecated {
        attrs.push(attr_word("deprecated"));
    }
    let mut inner = paths.ty_tree(&f.ty);
    if f.boxed {
        inner = generic(paths.std_path("Box"), vec![inner]);
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
    let option = paths.std_path("Option");
    let (field_ty, serde) = match (f.required, f.nullable) {
        (true, false) => (inner, None),
        (true, true) => (generic(option, vec![inner]), None),
        (false, false) => {
            let skip =
                format!("{}::is_none", quote::ToTokens::to_token_stream(&option)).replace(' ', "");
            (
                generic(option, vec![inner]),
                Some(quote!(skip_serializing_if = #skip,)),
            )
        }
        (false, true) => (
            generic(super::paths::path("crate::Nullable"), vec![inner]),
            Some(quote!(skip_serializing_if = "crate::Nullable::is_absent",)),
        ),
    };
    if rename.is_some() || serde.is_some() {
        attrs.push(attr_list("serde", quote!(#rename #serde)));
    }
    named_field(
        Fill::new(paths)
            .attrs("__attrs", attrs)
            .ident("__name", ident(&f.name))
            .ty("__T", field_ty),
        template!(syn::FieldsNamed => { #[__attrs] pub __name: __T, }),
    )
}

/// The one field of `fields`, filled.
fn named_field(fill: Fill<'_>, fields: Built<syn::FieldsNamed>) -> Built<syn::Field> {
    fill.into(fields)?
        .named
        .into_iter()
        .next()
        .ok_or_else(|| unparsable(file!(), line!(), "a field template declares no field"))
}

/// The struct's `Deserialize`: one pass over the object that routes declared keys to
/// fields and the rest to the catch-all map (through the runtime's `Object`), instead of
/// serde's `flatten`, which buffers the whole object first.
fn deserialize_object(
    name: &Ident,
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    defaultable: bool,
    paths: &Paths,
) -> Built<Vec<syn::Item>> {
    let visit = if defaultable && !fields.iter().any(|f| f.required && !f.nullable) {
        fill_in_default(fields, extra, extra_name, paths)?
    } else {
        collect_then_build(fields, extra, extra_name, paths)?
    };
    Fill::new(paths)
        .ident("__Name", name.clone())
        .stmts("__locals", visit.locals)
        .arms("__arms", visit.arms)
        .expr("__other", visit.other)
        .expr("__result", visit.result)
        .into(template!(syn::File =>
            impl<'de> ::client_runtime::deps::serde::Deserialize<'de> for __Name {
                fn deserialize<D: ::client_runtime::deps::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    ::client_runtime::codegen::object(deserializer)
                }
            }

            impl ::client_runtime::codegen::Object for __Name {
                fn visit<'de, M: ::client_runtime::deps::serde::de::MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
                    __locals;
                    while let Some(key) = map.next_key::<::client_runtime::codegen::Key<'de>>()? {
                        match key.as_str() {
                            __arms => (),
                            _ => __other,
                        }
                    }
                    Ok(__result)
                }
            }
        ))
        .map(|file| file.items)
}

/// The parts of an `Object::visit` body: statements before the loop over the entries, an
/// arm per declared key, what an undeclared key does, and the value returned.
struct Visit {
    locals: Vec<syn::Stmt>,
    arms: Vec<syn::Arm>,
    other: syn::Expr,
    result: syn::Expr,
}

/// Without required fields, decoding fills in a default value: one line per field.
fn fill_in_default(
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    paths: &Paths,
) -> Built<Visit> {
    let arms = fields
        .iter()
        .map(|f| {
            Fill::new(paths)
                .str("__json", f.json_name.as_str())
                .ident("__id", ident(&f.name))
                .into(template!(syn::Arm => "__json" => value.__id = map.next_value()?,))
        })
        .collect::<Built<Vec<_>>>()?;
    let other =
        match extra {
            Extra::None => template!(syn::Expr => ::client_runtime::codegen::skip(&mut map)?)?,
            Extra::Json | Extra::Typed(_) => Fill::new(paths)
                .ident("__id", ident(extra_name))
                .into(template!(syn::Expr =>
                    ::client_runtime::codegen::keep(&mut value.__id, key, &mut map)?
                ))?,
        };
    Ok(Visit {
        locals: vec![template!(syn::Stmt =>
            let mut value = <Self as ::std::default::Default>::default();
        )?],
        arms,
        other,
        result: template!(syn::Expr => value)?,
    })
}

/// With required fields: one local per field, checked and moved into the struct at the end.
fn collect_then_build(
    fields: &[Field],
    extra: &Extra,
    extra_name: &str,
    paths: &Paths,
) -> Built<Visit> {
    // Locals take a `_` suffix, so none can be named like `map` or `key`.
    let local = |f: &Field| ident(&format!("{}_", f.name));
    let mut locals: Vec<syn::Stmt> = fields
        .iter()
        .map(|f| {
            Fill::new(paths)
                .ident("__id", local(f))
                .into(template!(syn::Stmt => let mut __id = None;))
        })
        .collect::<Built<Vec<_>>>()?;
    let arms = fields
        .iter()
        .map(|f| {
            Fill::new(paths)
                .str("__json", f.json_name.as_str())
                .ident("__id", local(f))
                .into(template!(syn::Arm => "__json" => __id = Some(map.next_value()?),))
        })
        .collect::<Built<Vec<_>>>()?;
    let mut inits: Vec<syn::FieldValue> = fields
        .iter()
        .map(|f| {
            let fill = Fill::new(paths)
                .ident("__id", ident(&f.name))
                .str("__json", f.json_name.as_str())
                .ident("__value", local(f));
            if f.required && !f.nullable {
                fill.into(template!(syn::FieldValue =>
                    __id: ::client_runtime::codegen::required(__value, "__json")?
                ))
            } else {
                fill.into(template!(syn::FieldValue =>
                    __id: ::client_runtime::codegen::optional(__value)
                ))
            }
        })
        .collect::<Built<Vec<_>>>()?;
    let other = match extra {
        Extra::None => template!(syn::Expr => ::client_runtime::codegen::skip(&mut map)?)?,
        Extra::Json | Extra::Typed(_) => {
            let (id, value) = (ident(extra_name), ident(&format!("{extra_name}_")));
            locals.push(Fill::new(paths).ident("__value", value.clone()).into(
                template!(syn::Stmt => let mut __value = ::std::default::Default::default();),
            )?);
            inits.push(
                Fill::new(paths)
                    .ident("__id", id)
                    .ident("__value", value.clone())
                    .into(template!(syn::FieldValue => __id: __value))?,
            );
            Fill::new(paths)
                .ident("__value", value)
                .into(template!(syn::Expr =>
                    ::client_runtime::codegen::keep(&mut __value, key, &mut map)?
                ))?
        }
    };
    let result = Fill::new(paths)
        .inits("__inits", inits)
        .into(template!(syn::Expr => Self { __inits, }))?;
    Ok(Visit {
        locals,
        arms,
        other,
        result,
    })
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

fn extra_field(extra: &Extra, name: &str, paths: &Paths) -> Built<Option<syn::Field>> {
    let fill = Fill::new(paths).ident("__name", ident(name));
    Ok(match extra {
        Extra::None => None,
        Extra::Json => Some(named_field(
            fill,
            template!(syn::FieldsNamed => {
                /// Properties the schema does not declare (custom attributes, newer fields), kept
                /// in order as JSON text so that a read-modify-write round trip loses nothing;
                /// read one with `get_as::<T>(name)`.
                #[serde(flatten)]
                pub __name: crate::Extra,
            }),
        )?),
        Extra::Typed(t) => Some(named_field(
            fill.ty("__T", paths.ty_tree(t)),
            template!(syn::FieldsNamed => {
                /// Properties beyond the declared ones (`additionalProperties`).
                #[serde(flatten)]
                pub __name: ::std::collections::BTreeMap<String, __T>,
            }),
        )?),
    })
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
