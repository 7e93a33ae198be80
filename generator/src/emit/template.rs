//! Syntax-tree templates: emitted code is built as `syn` trees, never as tokens parsed back.
//!
//! A template is Rust code written with [`template!`]: parsed once per thread, then cloned
//! for each use and completed by a [`Fill`], which replaces placeholder names (`__name`) with
//! the pieces built from the IR: identifiers, string literals, types, expressions, and lists
//! of attributes, fields, variants, match arms, statements, struct-expression fields,
//! function arguments or impl items. Replaced pieces are never visited again, so nothing
//! coming from a spec can be taken for a placeholder. The filled trees go to `prettyplease`
//! as they are: generating a type costs a clone and one walk, not a `quote!` token stream
//! and a parse of it.
//!
//! Where a placeholder may stand:
//! - identifier: anywhere an identifier is (`pub struct __Name`, `Self::__variant`);
//! - string: a string literal whose value is the placeholder (`"__json"`);
//! - type or expression: a bare path (`Option<__T>`, `value = __decoded`);
//! - attributes: an attribute that is only the name (`#[__attrs]`);
//! - fields / variants: a field or unit variant of that name (`__fields: ()`, `__variants`);
//! - match arms: an arm whose pattern is the name (`__arms => ()`);
//! - statements: the name as a statement (`__stmts;`);
//! - struct-expression fields: the name as a shorthand field (`Self { __inits }`);
//! - function arguments: an argument of that name (`fn new(__args: ())`);
//! - impl items: a method of that name (`fn __items() {}`);
//! - array elements: the name as an element (`[__exprs]`).
//!
//! Paths starting with a prelude item (`Option`, `Some`, `Result`, `Box::new`, …) are
//! qualified when the emitted module shadows the item (see [`Paths`]).

use super::paths::Paths;
use crate::diagnostics::Diagnostic;
use proc_macro2::Ident;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

/// A `syn` node of type `$ty` parsed from the Rust code after `=>`, once per thread;
/// evaluates to a fresh clone, or to an internal-error diagnostic naming the template when
/// its code does not parse (a bug of ours, caught by any test that reaches it). (`=>` rather
/// than a comma, so that rustfmt, which cannot read `Type => code` as arguments, leaves
/// templates as written: it once put a `,` after an item and once deleted a template's
/// items. An empty template does not compile.)
macro_rules! template {
    ($ty:ty => $($code:tt)+) => {{
        ::std::thread_local! {
            static TEMPLATE: ::std::result::Result<$ty, ::std::string::String> =
                ::syn::parse2(::quote::quote!($($code)+)).map_err(|e| e.to_string());
        }
        TEMPLATE.with(|t| {
            t.clone().map_err(|e| $crate::emit::template::unparsable(file!(), line!(), &e))
        })
    }};
}
pub(crate) use template;

/// A tree built from templates, or the internal error of one that does not parse.
pub(crate) type Built<T> = Result<T, Diagnostic>;

/// The diagnostic for a template at `file:line` whose code does not parse.
pub(crate) fn unparsable(file: &str, line: u32, error: &str) -> Diagnostic {
    Diagnostic::error(
        "#",
        format!("internal error: the template at {file}:{line} does not parse: {error}"),
    )
}

/// What replaces one placeholder, and for each kind of list placeholder its element
/// type ([`Element`]) and the `Fill` method that supplies it.
macro_rules! pieces {
    ($($variant:ident($element:ty) => $method:ident,)*) => {
        enum Piece {
            Ident(Ident),
            Str(String),
            Type(Box<syn::Type>),
            Expr(Box<syn::Expr>),
            $($variant(Vec<$element>),)*
        }

        $(impl Element for $element {
            fn piece(list: Vec<Self>) -> Piece {
                Piece::$variant(list)
            }
            fn list(piece: Piece) -> Result<Vec<Self>, Piece> {
                match piece {
                    Piece::$variant(list) => Ok(list),
                    other => Err(other),
                }
            }
        })*

        impl Fill<'_> {
            $(pub(crate) fn $method(self, name: &'static str, list: Vec<$element>) -> Self {
                self.with(name, <$element as Element>::piece(list))
            })*
        }
    };
}

pieces! {
    Attrs(syn::Attribute) => attrs,
    Fields(syn::Field) => fields,
    Variants(syn::Variant) => variants,
    Arms(syn::Arm) => arms,
    Stmts(syn::Stmt) => stmts,
    Inits(syn::FieldValue) => inits,
    Args(syn::FnArg) => args,
    Items(syn::ImplItem) => items,
    Exprs(syn::Expr) => exprs,
}

/// An element of a list placeholder: how a list of them becomes a [`Piece`] and back.
trait Element: Sized {
    fn piece(list: Vec<Self>) -> Piece;
    fn list(piece: Piece) -> Result<Vec<Self>, Piece>;
}

/// The pieces for a template's placeholders, and the module's path spelling.
pub(crate) struct Fill<'a> {
    paths: &'a Paths,
    pieces: Vec<(&'static str, Piece)>,
}

impl<'a> Fill<'a> {
    pub(crate) fn new(paths: &'a Paths) -> Self {
        Self {
            paths,
            pieces: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, piece: Piece) -> Self {
        debug_assert!(name.starts_with("__"), "placeholder `{name}`");
        self.pieces.push((name, piece));
        self
    }

    pub(crate) fn ident(self, name: &'static str, ident: Ident) -> Self {
        self.with(name, Piece::Ident(ident))
    }
    pub(crate) fn str(self, name: &'static str, value: impl Into<String>) -> Self {
        self.with(name, Piece::Str(value.into()))
    }
    pub(crate) fn ty(self, name: &'static str, ty: syn::Type) -> Self {
        self.with(name, Piece::Type(Box::new(ty)))
    }
    pub(crate) fn expr(self, name: &'static str, expr: syn::Expr) -> Self {
        self.with(name, Piece::Expr(Box::new(expr)))
    }

    /// Fills `node` (a clone of a template) in place.
    pub(crate) fn apply<T>(mut self, node: &mut T)
    where
        T: Visitable,
    {
        node.accept(&mut self);
    }

    /// `node` (a template instance, or the error of one that does not parse), filled.
    pub(crate) fn into<T: Visitable>(self, node: Built<T>) -> Built<T> {
        let mut node = node?;
        self.apply(&mut node);
        Ok(node)
    }

    fn piece(&self, name: &Ident) -> Option<&Piece> {
        self.pieces
            .iter()
            .find(|(n, _)| name == n)
            .map(|(_, piece)| piece)
    }

    /// Takes the list piece named `name`, if it is a list of `T`.
    fn take<T: Element>(&mut self, name: &Ident) -> Option<Vec<T>> {
        let at = self.pieces.iter().position(|(n, _)| name == n)?;
        let (n, piece) = self.pieces.swap_remove(at);
        match T::list(piece) {
            Ok(elements) => Some(elements),
            Err(piece) => {
                self.pieces.push((n, piece));
                None
            }
        }
    }
}

/// A node a [`Fill`] can complete.
pub(crate) trait Visitable {
    fn accept(&mut self, fill: &mut Fill<'_>);
}

macro_rules! visitable {
    ($($ty:ty => $visit:ident),* $(,)?) => {$(
        impl Visitable for $ty {
            fn accept(&mut self, fill: &mut Fill<'_>) {
                fill.$visit(self);
            }
        }
    )*};
}
visitable! {
    syn::File => visit_file_mut,
    syn::Item => visit_item_mut,
    syn::ItemImpl => visit_item_impl_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::Field => visit_field_mut,
    syn::FieldsNamed => visit_fields_named_mut,
    syn::Variant => visit_variant_mut,
    syn::Arm => visit_arm_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Expr => visit_expr_mut,
    syn::FieldValue => visit_field_value_mut,
    syn::FnArg => visit_fn_arg_mut,
    syn::Type => visit_type_mut,
}

/// The single identifier of a path like `__name` (no leading `::`, no arguments).
fn lone_ident(path: &syn::Path) -> Option<&Ident> {
    match (path.leading_colon, path.segments.len()) {
        (None, 1) => {
            let segment = &path.segments[0];
            segment.arguments.is_none().then_some(&segment.ident)
        }
        _ => None,
    }
}

fn expr_ident(expr: &syn::Expr) -> Option<&Ident> {
    match expr {
        syn::Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => lone_ident(&p.path),
        _ => None,
    }
}

fn pat_ident(pat: &syn::Pat) -> Option<&Ident> {
    match pat {
        syn::Pat::Ident(p) if p.subpat.is_none() => Some(&p.ident),
        _ => None,
    }
}

/// Replaces each element of `list` that names a list placeholder with the placeholder's
/// elements (not visited); visits the others.
fn splice<T: Element, P: Default>(
    fill: &mut Fill<'_>,
    list: &mut Punctuated<T, P>,
    name: impl Fn(&T) -> Option<&Ident>,
    visit: impl Fn(&mut Fill<'_>, &mut T),
) {
    let trailing = list.trailing_punct();
    let old = std::mem::take(list);
    for mut element in old {
        if let Some(new) = name(&element).and_then(|n| fill.take::<T>(n)) {
            list.extend(new);
        } else {
            visit(fill, &mut element);
            list.push(element);
        }
    }
    if trailing && !list.empty_or_trailing() {
        list.push_punct(P::default());
    }
}

/// [`splice`] for a `Vec`.
fn splice_vec<T: Element>(
    fill: &mut Fill<'_>,
    list: &mut Vec<T>,
    name: impl Fn(&T) -> Option<&Ident>,
    visit: impl Fn(&mut Fill<'_>, &mut T),
) {
    let old = std::mem::take(list);
    list.reserve(old.len());
    for mut element in old {
        if let Some(new) = name(&element).and_then(|n| fill.take(n)) {
            list.extend(new);
        } else {
            visit(fill, &mut element);
            list.push(element);
        }
    }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, i: &mut Ident) {
        if let Some(Piece::Ident(new)) = self.piece(i) {
            *i = new.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, i: &mut syn::LitStr) {
        let value = i.value();
        if !value.starts_with("__") {
            return;
        }
        if let Some((_, Piece::Str(new))) = self.pieces.iter().find(|(n, _)| *n == value) {
            *i = syn::LitStr::new(new, i.span());
        }
    }

    fn visit_type_mut(&mut self, i: &mut syn::Type) {
        if let syn::Type::Path(p) = i {
            if p.qself.is_none() {
                if let Some(Piece::Type(new)) = lone_ident(&p.path).and_then(|n| self.piece(n)) {
                    *i = (**new).clone();
                    return;
                }
            }
        }
        visit_mut::visit_type_mut(self, i);
    }

    fn visit_expr_mut(&mut self, i: &mut syn::Expr) {
        if let Some(Piece::Expr(new)) = expr_ident(i).and_then(|n| self.piece(n)) {
            *i = (**new).clone();
            return;
        }
        visit_mut::visit_expr_mut(self, i);
    }

    fn visit_path_mut(&mut self, i: &mut syn::Path) {
        if i.leading_colon.is_none() {
            if let Some(qualified) = i
                .segments
                .first()
                .and_then(|s| self.paths.qualified(&s.ident))
            {
                // `Box::new` → `::std::boxed::Box::new`: the first segment's arguments stay
                // on the last segment of its qualified path.
                let mut rest = std::mem::take(&mut i.segments).into_iter();
                let first = rest.next().map(|s| s.arguments).unwrap_or_default();
                let mut segments = qualified.segments;
                if let Some(last) = segments.last_mut() {
                    last.arguments = first;
                }
                segments.extend(rest);
                *i = syn::Path {
                    leading_colon: qualified.leading_colon,
                    segments,
                };
            }
        }
        visit_mut::visit_path_mut(self, i);
    }

    fn visit_attributes_mut(&mut self, i: &mut Vec<syn::Attribute>) {
        splice_vec(
            self,
            i,
            |a| match (&a.meta, a.style) {
                (syn::Meta::Path(p), syn::AttrStyle::Outer) => lone_ident(p),
                _ => None,
            },
            |fill, a| fill.visit_attribute_mut(a),
        );
    }

    fn visit_fields_named_mut(&mut self, i: &mut syn::FieldsNamed) {
        splice(
            self,
            &mut i.named,
            |f| f.ident.as_ref(),
            |fill, f| fill.visit_field_mut(f),
        );
    }

    fn visit_item_enum_mut(&mut self, i: &mut syn::ItemEnum) {
        self.visit_attributes_mut(&mut i.attrs);
        self.visit_ident_mut(&mut i.ident);
        self.visit_generics_mut(&mut i.generics);
        splice(
            self,
            &mut i.variants,
            |v| matches!(v.fields, syn::Fields::Unit).then_some(&v.ident),
            |fill, v| fill.visit_variant_mut(v),
        );
    }

    fn visit_expr_match_mut(&mut self, i: &mut syn::ExprMatch) {
        self.visit_attributes_mut(&mut i.attrs);
        self.visit_expr_mut(&mut i.expr);
        splice_vec(
            self,
            &mut i.arms,
            |a| pat_ident(&a.pat),
            |fill, a| fill.visit_arm_mut(a),
        );
    }

    fn visit_block_mut(&mut self, i: &mut syn::Block) {
        splice_vec(
            self,
            &mut i.stmts,
            |s| match s {
                syn::Stmt::Expr(e, Some(_)) => expr_ident(e),
                _ => None,
            },
            |fill, s| fill.visit_stmt_mut(s),
        );
    }

    fn visit_expr_struct_mut(&mut self, i: &mut syn::ExprStruct) {
        self.visit_attributes_mut(&mut i.attrs);
        self.visit_path_mut(&mut i.path);
        splice(
            self,
            &mut i.fields,
            |f| match (&f.member, f.colon_token) {
                (syn::Member::Named(n), None) => Some(n),
                _ => None,
            },
            |fill, f| fill.visit_field_value_mut(f),
        );
        if let Some(rest) = &mut i.rest {
            self.visit_expr_mut(rest);
        }
    }

    fn visit_signature_mut(&mut self, i: &mut syn::Signature) {
        self.visit_ident_mut(&mut i.ident);
        self.visit_generics_mut(&mut i.generics);
        splice(
            self,
            &mut i.inputs,
            |a| match a {
                syn::FnArg::Typed(t) => pat_ident(&t.pat),
                syn::FnArg::Receiver(_) => None,
            },
            |fill, a| fill.visit_fn_arg_mut(a),
        );
        self.visit_return_type_mut(&mut i.output);
    }

    fn visit_expr_array_mut(&mut self, i: &mut syn::ExprArray) {
        self.visit_attributes_mut(&mut i.attrs);
        splice(self, &mut i.elems, expr_ident, |fill, e| {
            fill.visit_expr_mut(e)
        });
    }

    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        self.visit_attributes_mut(&mut i.attrs);
        self.visit_generics_mut(&mut i.generics);
        if let Some((path, _)) = &mut i.trait_ {
            self.visit_path_mut(path);
        }
        self.visit_type_mut(&mut i.self_ty);
        splice_vec(
            self,
            &mut i.items,
            |item| match item {
                syn::ImplItem::Fn(f) => Some(&f.sig.ident),
                _ => None,
            },
            |fill, item| fill.visit_impl_item_mut(item),
        );
    }
}

/// `#[name(tokens)]`; the tokens are kept as they are (as `syn` keeps them when parsing).
pub(crate) fn attr_list(name: &str, tokens: proc_macro2::TokenStream) -> syn::Attribute {
    outer(syn::Meta::List(syn::MetaList {
        path: super::paths::path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name]`.
pub(crate) fn attr_word(name: &str) -> syn::Attribute {
    outer(syn::Meta::Path(super::paths::path(name)))
}

/// `#[doc = "line"]`, which `prettyplease` prints as `///line`.
pub(crate) fn doc_attr(line: &str) -> syn::Attribute {
    attr_str("doc", line)
}

/// `#![doc = "line"]`, which `prettyplease` prints as `//!line`.
pub(crate) fn inner_doc_attr(line: &str) -> syn::Attribute {
    syn::Attribute {
        style: syn::AttrStyle::Inner(Default::default()),
        ..doc_attr(line)
    }
}

/// `#[name = "value"]`.
pub(crate) fn attr_str(name: &str, value: &str) -> syn::Attribute {
    outer(syn::Meta::NameValue(syn::MetaNameValue {
        path: super::paths::path(name),
        eq_token: Default::default(),
        value: str_expr(value),
    }))
}

/// A string literal expression.
pub(crate) fn str_expr(value: &str) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(value, proc_macro2::Span::call_site())),
    })
}

fn outer(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

#[cfg(test)]
mod tests {
    use super::{Built, Fill};
    use crate::emit::paths::{path_type, Paths};
    use quote::{format_ident, ToTokens};

    fn text(file: &syn::File) -> String {
        file.to_token_stream().to_string()
    }

    #[test]
    fn fills_every_kind_of_placeholder() -> Built<()> {
        let paths = Paths::for_module(std::iter::empty());
        let arms = ["a", "b"]
            .iter()
            .map(|v| {
                Fill::new(&paths)
                    .str("__v", *v)
                    .into(template! { syn::Arm => "__v" => 1, })
            })
            .collect::<Built<Vec<_>>>()?;
        let file = Fill::new(&paths)
            .ident("__Name", format_ident!("Pet"))
            .ty("__T", path_type(syn::Path::from(format_ident!("u8"))))
            .arms("__arms", arms)
            .attrs("__attrs", Vec::new())
            .into(template! { syn::File =>
                #[__attrs]
                struct __Name(__T);
                fn f(x: &str) -> u8 { match x { __arms => (), _ => 0 } }
            })?;
        assert_eq!(
            text(&file),
            "struct Pet (u8) ; fn f (x : & str) -> u8 { match x { \"a\" => 1 , \"b\" => 1 , _ => 0 } }"
        );
        Ok(())
    }

    #[test]
    fn filled_pieces_are_never_taken_for_placeholders() -> Built<()> {
        // Spec text that spells a placeholder stays what it is.
        let paths = Paths::for_module(std::iter::empty());
        let arm = Fill::new(&paths)
            .str("__v", "__arms")
            .ident("__id", format_ident!("__w"))
            .into(template! { syn::Arm => "__v" => __id, })?;
        let file = Fill::new(&paths)
            .str("__a", "__b")
            .str("__b", "x")
            .ident("__w", format_ident!("y"))
            .arms("__arms", vec![arm])
            .into(template! { syn::File =>
                fn f(s: &str) { g("__a", "__b"); match s { __arms => (), _ => () } }
            })?;
        assert_eq!(
            text(&file),
            "fn f (s : & str) { g (\"__b\" , \"x\") ; match s { \"__arms\" => __w , _ => () } }"
        );
        Ok(())
    }

    #[test]
    fn prelude_paths_are_qualified_only_where_shadowed() -> Built<()> {
        let code = |paths: &Paths| -> Built<String> {
            Ok(text(&Fill::new(paths).into(template! { syn::File =>
                fn f() -> Option<String> { Some(Box::new(1)).map(|_| String::new()) }
            })?))
        };
        assert_eq!(
            code(&Paths::for_module(std::iter::empty()))?,
            "fn f () -> Option < String > { Some (Box :: new (1)) . map (| _ | String :: new ()) }"
        );
        assert_eq!(
            code(&Paths::for_module(["Option", "Box"].into_iter()))?,
            "fn f () -> :: std :: option :: Option < String > { :: std :: option :: Option :: Some (:: std :: boxed :: Box :: new (1)) . map (| _ | String :: new ()) }"
        );
        Ok(())
    }
}
