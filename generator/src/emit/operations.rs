//! Emits `src/operations.rs`: a client method and a request builder per operation, plus
//! typed accessors for declared response headers. The builders only collect arguments;
//! encoding, sending and decoding are done by the hand-written runtime. Everything is built
//! as syntax trees from the templates below (see `template.rs`).

use super::docs::{code, doc_tree};
use super::paths::{generic, path, path_type, Paths};
use super::template::{attr_list, attr_word, doc_attr, template, unparsable, Built, Fill};
use super::{Chunk, Chunks};
use crate::ir::{Api, BodyEncoding, Location, Operation, Param, Success, TypeRef};
use crate::naming::ident;
use quote::format_ident;

/// The `operations` module: the client's methods, then each operation's builder (gated by
/// its tag features, if the crate has them).
pub fn emit(api: &Api) -> Chunks<impl Fn(usize) -> Built<Chunk> + Sync + '_> {
    let declared = api.operations.iter().flat_map(|op| {
        let responses = match &op.success {
            Success::ByStatus(r) => Some(r.enum_name.as_str()),
            _ => None,
        };
        std::iter::once(op.builder_name.as_str())
            .chain(op.headers_marker.as_deref())
            .chain(responses)
    });
    let paths = Paths::for_module(declared);
    let gates: Vec<Vec<String>> = api.tag_features.as_ref().map_or_else(
        || vec![Vec::new(); api.operations.len()],
        |f| f.operations.clone(),
    );
    let chunk = move |i: usize| -> Built<Chunk> {
        Ok(match i.checked_sub(1) {
            None => Chunk::file(head(api, &paths, &gates)?),
            Some(i) => Chunk::items(builder(&api.operations[i], &paths)?, &gates[i]),
        })
    };
    (api.operations.len() + 1, chunk)
}

/// `#[cfg(…)]` for `features`, if any.
fn cfg_attr(features: &[String]) -> Option<syn::Attribute> {
    super::feature_cfg(features).map(|cfg| attr_list("cfg", cfg))
}

/// The module docs, the `types` import and the client's methods.
fn head(api: &Api, paths: &Paths, gates: &[Vec<String>]) -> Built<syn::File> {
    let methods = api
        .operations
        .iter()
        .zip(gates)
        .map(|(op, features)| client_method(op, paths, cfg_attr(features)))
        .collect::<Built<Vec<_>>>()?;
    let mut file = Fill::new(paths)
        .items("__methods", methods)
        .into(template!(syn::File =>
            //! Operations: one method on [`crate::Client`] per API operation, each returning a
            //! request builder. Required parameters are method arguments; optional ones are
            //! setters; `.send().await` performs the request.

            impl crate::Client {
                fn __methods() {}
            }
        ))?;
    // `types` is imported when some compiled operation names a type.
    let users: Vec<&Vec<String>> = api
        .operations
        .iter()
        .zip(gates)
        .filter(|(op, _)| mentions_types(op))
        .map(|(_, features)| features)
        .collect();
    if !users.is_empty() {
        let cfg = if users.iter().any(|f| f.is_empty()) {
            None
        } else {
            let mut all: Vec<String> = users.into_iter().flatten().cloned().collect();
            all.sort();
            all.dedup();
            cfg_attr(&all)
        };
        let import = Fill::new(paths)
            .attrs("__attrs", cfg.into_iter().collect())
            .into(template!(syn::Item =>
                #[__attrs]
                use crate::types;
            ))?;
        file.items.insert(0, import);
    }
    Ok(file)
}

/// A parameter's Rust type: the one the settings give it, else its schema's.
fn param_ty(p: &Param, paths: &Paths) -> syn::Type {
    match &p.rust_type {
        // Checked to be a type path when lowered.
        Some(path) => syn::parse_str(path).unwrap_or_else(|_| paths.ty_tree(&p.ty)),
        None => paths.ty_tree(&p.ty),
    }
}

/// True when the operation's signature names a type from `types`.
fn mentions_types(op: &Operation) -> bool {
    let named = |t: &TypeRef| !t.named_types(false).is_empty();
    let success = |s: &Success| matches!(s, Success::Json(t) if named(t));
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || success(&op.success)
        || matches!(&op.success, Success::ByStatus(r) if r.variants.iter().any(|v| success(&v.body)))
}

fn required_args(op: &Operation, paths: &Paths) -> Built<(Vec<syn::FnArg>, Vec<syn::FieldValue>)> {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let fill = Fill::new(paths).ident("__name", ident(&p.name));
        if p.required {
            args.push(
                Fill::new(paths)
                    .ident("__name", ident(&p.name))
                    .ty("__T", param_ty(p, paths))
                    .into(template!(syn::FnArg => __name: impl Into<__T>))?,
            );
            inits.push(fill.into(template!(syn::FieldValue => __name: __name.into()))?);
        } else {
            inits.push(fill.into(template!(syn::FieldValue => __name: None))?);
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            args.push(
                Fill::new(paths)
                    .ty("__T", paths.ty_tree(&body.ty))
                    .into(template!(syn::FnArg => body: __T))?,
            );
            inits.push(template!(syn::FieldValue => body)?);
        } else {
            inits.push(Fill::new(paths).into(template!(syn::FieldValue => body: None))?);
        }
    }
    if op.pagination.is_some() {
        inits.push(Fill::new(paths).into(template!(syn::FieldValue => next_url: None))?);
    }
    Ok((args, inits))
}

fn client_method(
    op: &Operation,
    paths: &Paths,
    cfg: Option<syn::Attribute>,
) -> Built<syn::ImplItem> {
    let mut attrs: Vec<syn::Attribute> = cfg.into_iter().collect();
    attrs.extend(doc_tree(op.doc.as_deref()));
    if op.doc.is_some() {
        attrs.push(doc_attr(""));
    }
    attrs.extend(doc_tree(Some(&format!(
        "{} ({})",
        code(&format!("{} {}", op.http_method, op.path)),
        code(&op.id)
    ))));
    if let Some(d) = op
        .body
        .as_ref()
        .filter(|b| b.required)
        .and_then(|b| b.doc.as_deref())
    {
        attrs.push(doc_attr(""));
        attrs.extend(doc_tree(Some(&format!("`body`: {d}"))));
    }
    if op.deprecated {
        attrs.push(attr_word("deprecated"));
    }
    let (args, inits) = required_args(op, paths)?;
    Fill::new(paths)
        .attrs("__attrs", attrs)
        .ident("__name", ident(&op.method_name))
        .ident("__Builder", ident(&op.builder_name))
        .args("__args", args)
        .inits("__inits", inits)
        .into(template!(syn::ImplItem =>
            #[__attrs]
            pub fn __name(&self, __args: ()) -> __Builder<'_> {
                __Builder {
                    client: self,
                    __inits,
                    options: ::std::default::Default::default(),
                }
            }
        ))
}

/// A private builder field `name: ty`.
fn builder_field(paths: &Paths, name: syn::Ident, ty: syn::Type) -> Built<syn::Field> {
    Fill::new(paths)
        .ident("__id", name)
        .ty("__T", ty)
        .into(template!(syn::FieldsNamed => { __id: __T, }))?
        .named
        .into_iter()
        .next()
        .ok_or_else(|| unparsable(file!(), line!(), "a field template declares no field"))
}

/// The methods of an `impl` template, filled.
fn methods(fill: Fill<'_>, template: Built<syn::ItemImpl>) -> Built<Vec<syn::ImplItem>> {
    Ok(fill.into(template)?.items)
}

fn builder(op: &Operation, paths: &Paths) -> Built<Vec<syn::Item>> {
    let name = ident(&op.builder_name);
    let option = |t: syn::Type| generic(paths.std_path("Option"), vec![t]);
    let doc = doc_tree(Some(&format!(
        "Request builder for {}: {}.",
        code(&op.id),
        code(&format!("{} {}", op.http_method, op.path))
    )));
    let mut fields: Vec<syn::Field> = op
        .params
        .iter()
        .map(|p| {
            let t = param_ty(p, paths);
            let t = if p.required { t } else { option(t) };
            builder_field(paths, ident(&p.name), t)
        })
        .collect::<Built<Vec<_>>>()?;
    if let Some(b) = &op.body {
        let t = paths.ty_tree(&b.ty);
        let t = if b.required { t } else { option(t) };
        fields.push(builder_field(paths, format_ident!("body"), t)?);
    }
    if op.pagination.is_some() {
        let url = path_type(path("::client_runtime::codegen::Url"));
        fields.push(builder_field(
            paths,
            format_ident!("next_url"),
            option(url),
        )?);
    }
    let mut items = Vec::new();
    for p in op.params.iter().filter(|p| !p.required) {
        items.extend(setter(p, paths)?);
    }
    for p in &op.params {
        items.extend(media_setter(p, paths)?);
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        items.extend(methods(
            Fill::new(paths)
                .attrs(
                    "__attrs",
                    doc_tree(b.doc.as_deref().or(Some("The request body."))),
                )
                .ty("__T", paths.ty_tree(&b.ty)),
            template!(syn::ItemImpl => impl X {
                #[__attrs]
                pub fn body(mut self, value: __T) -> Self {
                    self.body = Some(value);
                    self
                }
            }),
        )?);
    }
    items.extend(options_methods(paths)?);
    items.extend(send_fn(op, paths)?);
    let mut out = Fill::new(paths)
        .attrs("__attrs", doc)
        .ident("__Name", name)
        .fields("__fields", fields)
        .items("__items", items)
        .into(template!(syn::File =>
            #[__attrs]
            #[derive(Debug, Clone)]
            #[must_use = "a request does nothing until `.send().await`"]
            pub struct __Name<'a> {
                client: &'a crate::Client,
                __fields: (),
                options: crate::RequestOptions,
            }

            impl<'a> __Name<'a> {
                fn __items() {}
            }
        ))?
        .items;
    out.extend(headers_marker(op, paths)?);
    out.extend(status_enum(op, paths)?);
    out.push(mock_impl(op, paths)?);
    Ok(out)
}

/// The builder as a typed mock (feature `mocks`): the runtime matches what `request()`
/// would send, and responders take the success body's type.
fn mock_impl(op: &Operation, paths: &Paths) -> Built<syn::Item> {
    let json = |s: &Success| match s {
        Success::Json(t) => Some(paths.ty_tree(t)),
        _ => None,
    };
    let body = match &op.success {
        Success::ByStatus(r) => r.variants.iter().find_map(|v| json(&v.body)),
        other => json(other),
    }
    .unwrap_or_else(unit);
    Fill::new(paths)
        .ident("__Name", ident(&op.builder_name))
        .ty("__Body", body)
        .into(template!(syn::Item =>
            #[cfg(feature = "mocks")]
            impl ::client_runtime::mocks::Operation for __Name<'_> {
                type Body = __Body;
                fn expected_request(&self) -> Result<::client_runtime::codegen::Request, String> {
                    self.request().map_err(|e| e.to_string())
                }
            }
        ))
}

/// `()`.
fn unit() -> syn::Type {
    syn::Type::Tuple(syn::TypeTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: syn::punctuated::Punctuated::new(),
    })
}

fn setter(p: &Param, paths: &Paths) -> Built<Vec<syn::ImplItem>> {
    let id = ident(&p.name);
    let t = param_ty(p, paths);
    let mut doc = p
        .doc
        .clone()
        .unwrap_or_else(|| format!("Sets {}.", code(&p.wire_name)));
    if let Some(default) = &p.default {
        doc.push_str(&format!(
            "\n\nServer default: {}.",
            code(&default.to_string())
        ));
    }
    let deprecated = p.deprecated.then(|| attr_word("deprecated"));
    let mut attrs = doc_tree(Some(&doc));
    attrs.extend(deprecated.clone());
    let mut items = methods(
        Fill::new(paths)
            .attrs("__attrs", attrs)
            .ident("__id", id.clone())
            .ty("__T", t.clone()),
        template!(syn::ItemImpl => impl X {
            #[__attrs]
            pub fn __id(mut self, value: impl Into<__T>) -> Self {
                self.__id = Some(value.into());
                self
            }
        }),
    )?;
    if let Some(name) = &p.option_setter {
        let text = format!(
            "Sets or clears {} (`None` leaves it unset).",
            code(&p.wire_name)
        );
        let mut attrs = doc_tree(Some(&text));
        attrs.extend(deprecated);
        items.extend(methods(
            Fill::new(paths)
                .attrs("__attrs", attrs)
                .ident("__name", ident(name))
                .ident("__id", id)
                .ty("__T", t),
            template!(syn::ItemImpl => impl X {
                #[__attrs]
                pub fn __name(mut self, value: Option<__T>) -> Self {
                    self.__id = value;
                    self
                }
            }),
        )?);
    }
    Ok(items)
}

/// A typed setter for a media-type parameter carried by a header parameter.
fn media_setter(p: &Param, paths: &Paths) -> Built<Option<syn::ImplItem>> {
    let Some(media) = p.media_param.as_ref() else {
        return Ok(None);
    };
    let (base, name) = (&media.media_type, &media.parameter);
    let text = format!(
        "Sets {} from typed values.{}",
        code(&format!("{}: {base}; {name}=<values>", p.wire_name)),
        media
            .doc
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    );
    Fill::new(paths)
        .attrs("__attrs", doc_tree(Some(&text)))
        .ident("__setter", ident(&media.setter))
        .ident("__field", ident(&p.name))
        .ident("__Values", ident(&media.values_type))
        .str("__base", base.as_str())
        .str("__name", name.as_str())
        .into(template!(syn::ImplItem =>
            #[__attrs]
            pub fn __setter(
                mut self,
                values: impl IntoIterator<Item = types::__Values>,
            ) -> Self {
                self.__field = Some(::client_runtime::codegen::Request::media_type(
                    "__base", "__name", values,
                ));
                self
            }
        ))
        .map(Some)
}

/// A `true` or `false` literal.
fn bool_expr(value: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, proc_macro2::Span::call_site())),
    })
}

/// The statement of `request()` that adds one parameter.
fn param_stmt(p: &Param, paths: &Paths) -> Built<syn::Stmt> {
    let value = if p.json_content {
        template!(syn::Expr =>
            &::client_runtime::codegen::json_text(&self.__field)?
        )
    } else {
        template!(syn::Expr => &self.__field)
    };
    let value = Fill::new(paths)
        .ident("__field", ident(&p.name))
        .into(value)?;
    let fill = Fill::new(paths)
        .str("__wire", p.wire_name.as_str())
        .expr("__value", value);
    match p.location {
        Location::Path => fill.into(template!(syn::Stmt => request.path("__wire", __value)?;)),
        Location::Query if p.deep_object => {
            fill.into(template!(syn::Stmt => request.query_deep("__wire", __value)?;))
        }
        Location::Query => fill
            .expr("__explode", bool_expr(p.explode))
            .into(template!(syn::Stmt => request.query("__wire", __value, __explode)?;)),
        Location::Header => fill.into(template!(syn::Stmt => request.header("__wire", __value)?;)),
        Location::Cookie => fill.into(template!(syn::Stmt => request.cookie("__wire", __value)?;)),
    }
}

fn send_fn(op: &Operation, paths: &Paths) -> Built<Vec<syn::ImplItem>> {
    let method = match op.http_method.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "OPTIONS" | "PATCH" | "TRACE" => {
            Fill::new(paths)
                .ident("__METHOD", format_ident!("{}", op.http_method))
                .into(template!(syn::Expr =>
                    ::client_runtime::codegen::Method::__METHOD
                ))?
        }
        other => Fill::new(paths)
            .str("__method", other)
            .into(template!(syn::Expr =>
                ::client_runtime::codegen::Method::from_bytes("__method".as_bytes())
                    .unwrap_or(::client_runtime::codegen::Method::GET)
            ))?,
    };
    // The literal query of the path key: sent by every request, encoded like a parameter.
    let mut stmts: Vec<syn::Stmt> = op
        .fixed_query
        .iter()
        .map(|(name, value)| {
            Fill::new(paths)
                .str("__name", name.as_str())
                .str("__value", value.as_str())
                .into(template!(syn::Stmt => request.query("__name", &"__value", true)?;))
        })
        .collect::<Built<Vec<_>>>()?;
    for p in &op.params {
        stmts.push(param_stmt(p, paths)?);
    }
    if let Some(b) = &op.body {
        let encode = match b.encoding {
            BodyEncoding::Json => "json",
            BodyEncoding::Form => "form",
            BodyEncoding::Text => "text",
            BodyEncoding::Bytes => "bytes",
            BodyEncoding::Multipart => "multipart",
        };
        let fill = Fill::new(paths)
            .ident("__encode", format_ident!("{}", encode))
            .str("__content_type", b.content_type.as_str());
        stmts.push(if b.required {
            fill.into(template!(syn::Stmt => request.__encode("__content_type", &self.body)?;))?
        } else {
            fill.into(template!(syn::Stmt =>
                if let Some(body) = &self.body {
                    request.__encode("__content_type", body)?;
                }
            ))?
        });
    }
    let mut tail = vec![template!(syn::Stmt => request.options(&self.options)?;)?];
    if op.pagination.is_some() {
        tail.push(template!(syn::Stmt => request.set_url(self.next_url.clone());)?);
    }
    let marker = match &op.headers_marker {
        Some(m) => path_type(syn::Path::from(ident(m))),
        None => unit(),
    };
    let call = |name: &str| {
        Fill::new(paths)
            .ident("__execute", format_ident!("{}", name))
            .into(template!(syn::Expr =>
                self.client.__execute(self.request())
            ))
    };
    let (out, call) = match (&op.pagination, &op.success) {
        (Some(page), _) => (
            generic(path("crate::Page"), vec![paths.ty_tree(&page.item)]),
            Fill::new(paths)
                .str("__cursor", page.cursor_param.as_str())
                .into(template!(syn::Expr =>
                    self.client.execute_page(self.request(), "__cursor")
                ))?,
        ),
        (None, Success::Json(t)) => (paths.ty_tree(t), call("execute_json")?),
        (None, Success::Text) => (paths.ty_tree(&TypeRef::String), call("execute_text")?),
        (None, Success::Bytes) => (paths.ty_tree(&TypeRef::Bytes), call("execute_bytes")?),
        (None, Success::Empty) => (unit(), call("execute_empty")?),
        (None, Success::ByStatus(responses)) => (
            path_type(syn::Path::from(ident(&responses.enum_name))),
            Fill::new(paths)
                .expr("__decode", status_decoder(responses, paths)?)
                .into(template!(syn::Expr =>
                    self.client.execute_by_status(self.request(), __decode)
                ))?,
        ),
    };
    let send_doc = if op.pagination.is_some() {
        " Sends the request and returns one page: its items and the next cursor."
    } else {
        " Sends the request and decodes the response."
    };
    let mut items = methods(
        Fill::new(paths)
            .attrs("__doc", vec![doc_attr(send_doc)])
            .ty("__Out", out)
            .ty("__Marker", marker)
            .expr("__call", call),
        template!(syn::ItemImpl => impl X {
            #[__doc]
            #[inline]
            pub fn send(self) -> impl ::std::future::Future<Output = Result<crate::Response<__Out, __Marker>, crate::Error>> + 'a {
                __call
            }
        }),
    )?;
    if let Some(page) = &op.pagination {
        items.extend(methods(
            Fill::new(paths)
                .ty("__Item", paths.ty_tree(&page.item))
                .str("__cursor", page.cursor_param.as_str()),
            template!(syn::ItemImpl => impl X {
                /// Every item of every page, following the `Link: <…>; rel="next"` header from this
                /// request on until the server announces no next page. One page is held in memory
                /// at a time; the stream ends after the first error.
                #[inline]
                pub fn stream(self) -> impl ::client_runtime::deps::futures_util::Stream<Item = Result<__Item, crate::Error>> + Unpin + Send + 'static {
                    ::client_runtime::codegen::paginate(self.client.0.clone(), self.request(), "__cursor")
                }

                /// Every page from this request on, each a [`crate::Response`] with its items, status,
                /// headers, request id and rate limit; ends like [`Self::stream`].
                #[inline]
                pub fn pages(self) -> crate::PageStream<__Item> {
                    ::client_runtime::codegen::pages(self.client.0.clone(), self.request(), "__cursor")
                }

                /// This request continued at `page`'s next-page URL exactly as the server sent it
                /// (the cursor is not re-encoded); `None` after the last page.
                pub fn next_page(mut self, page: &crate::Page<__Item>) -> Option<Self> {
                    self.next_url = Some(page.next_url()?.clone());
                    Some(self)
                }
            }),
        )?);
    }
    // `request`, `stream` and `pages` are `#[inline]`, like the runtime's generics: an
    // operation a program never sends costs it no code generation (only `send`, an async fn,
    // would otherwise defer its work to the caller).
    items.extend(methods(
        Fill::new(paths)
            .expr("__method", method)
            .str("__id", op.id.as_str())
            .str("__path", op.path.as_str())
            .expr("__auth", bool_expr(op.authenticated))
            .stmts("__params", stmts)
            .stmts("__tail", tail),
        template!(syn::ItemImpl => impl X {
            #[inline]
            fn request(&self) -> Result<::client_runtime::codegen::Request, crate::Error> {
                let mut request = ::client_runtime::codegen::Request::new(__method, "__id", "__path", __auth);
                __params;
                __tail;
                Ok(request)
            }
        }),
    )?);
    Ok(items)
}

/// Per-call settings every builder has: timeout, retry policy and extra headers.
fn options_methods(paths: &Paths) -> Built<Vec<syn::ImplItem>> {
    methods(
        Fill::new(paths),
        template!(syn::ItemImpl => impl X {
            /// Time limit for each attempt of this call, instead of the client's.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout(timeout);
                self
            }

            /// Retry policy of this call, instead of the client's.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry(policy);
                self
            }

            /// Adds a header to this call; it cannot replace credentials or other headers the
            /// client sets itself.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options.header(name, value);
                self
            }
        }),
    )
}

/// The payload type of one status variant (`None` for a bodiless one).
fn variant_payload(body: &Success, paths: &Paths) -> Option<syn::Type> {
    match body {
        Success::Json(t) => Some(paths.ty_tree(t)),
        Success::Text => Some(paths.ty_tree(&TypeRef::String)),
        Success::Bytes => Some(paths.ty_tree(&TypeRef::Bytes)),
        Success::Empty | Success::ByStatus(_) => None,
    }
}

/// The enum of an operation's 2xx responses, with a catch-all for undeclared 2xx statuses.
fn status_enum(op: &Operation, paths: &Paths) -> Built<Option<syn::Item>> {
    let Success::ByStatus(responses) = &op.success else {
        return Ok(None);
    };
    let doc = doc_tree(Some(&format!(
        "The 2xx responses of {}, which carry different bodies.",
        code(&op.id)
    )));
    let variants = responses
        .variants
        .iter()
        .map(|v| {
            let text = format!("`{}`: {}", v.status, v.doc.as_deref().unwrap_or("response"));
            let fill = Fill::new(paths)
                .attrs("__attrs", doc_tree(Some(&text)))
                .ident("__id", ident(&v.name));
            match variant_payload(&v.body, paths) {
                Some(t) => fill.ty("__T", t).into(template!(syn::Variant =>
                    #[__attrs]
                    __id(__T)
                )),
                None => fill.into(template!(syn::Variant =>
                    #[__attrs]
                    __id
                )),
            }
        })
        .collect::<Built<Vec<_>>>()?;
    Fill::new(paths)
        .attrs("__attrs", doc)
        .ident("__Name", ident(&responses.enum_name))
        .variants("__variants", variants)
        .into(template!(syn::Item =>
            #[__attrs]
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum __Name {
                __variants,
                /// Another 2xx status the spec does not declare: the status and the raw body.
                Other(u16, Vec<u8>),
            }
        ))
        .map(Some)
}

/// The closure that turns a 2xx status and body into the operation's response enum.
fn status_decoder(responses: &crate::ir::StatusResponses, paths: &Paths) -> Built<syn::Expr> {
    let name = ident(&responses.enum_name);
    let arms = responses
        .variants
        .iter()
        .map(|v| {
            let fill = Fill::new(paths)
                .ident("__Name", name.clone())
                .ident("__id", ident(&v.name));
            let arm = match &v.body {
                Success::Json(_) => {
                    template!(syn::Arm => 0 => __Name::__id(::client_runtime::codegen::json_body(body)?),)
                }
                Success::Text => template!(syn::Arm =>
                    0 => __Name::__id(::std::string::String::from_utf8_lossy(body).into_owned()),
                ),
                Success::Bytes => template!(syn::Arm => 0 => __Name::__id(body.to_vec()),),
                Success::Empty | Success::ByStatus(_) => template!(syn::Arm => 0 => __Name::__id,),
            };
            let mut arm = fill.into(arm)?;
            arm.pat = match v.status.parse::<u16>() {
                Ok(code) => syn::Pat::Lit(syn::ExprLit {
                    attrs: Vec::new(),
                    lit: syn::Lit::new(proc_macro2::Literal::u16_unsuffixed(code)),
                }),
                Err(_) => template!(syn::Arm => 200..=299 => (),)?.pat,
            };
            Ok(arm)
        })
        .collect::<Built<Vec<_>>>()?;
    Fill::new(paths)
        .ident("__Name", name)
        .arms("__arms", arms)
        .into(template!(syn::Expr => |status, body| Ok(match status {
            __arms => (),
            other => __Name::Other(other, body.to_vec()),
        })))
}

fn headers_marker(op: &Operation, paths: &Paths) -> Built<Vec<syn::Item>> {
    let Some(marker) = &op.headers_marker else {
        return Ok(Vec::new());
    };
    let doc = doc_tree(Some(&format!(
        "The typed headers of {}'s responses, reached through the response (`Deref`).",
        code(&op.id)
    )));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut accessors = Vec::new();
    for h in &op.response_headers {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        let text = h
            .doc
            .clone()
            .unwrap_or_else(|| format!("The {} response header.", code(wire)));
        let doc = doc_tree(Some(&format!("{text}\n\nHeader {}.", code(wire))));
        let fill = || {
            Fill::new(paths)
                .ident("__name", name.clone())
                .str("__wire", wire.as_str())
        };
        let option = |t| generic(paths.std_path("Option"), vec![t]);
        match &h.ty {
            TypeRef::String => {
                fields.push(builder_field(
                    paths,
                    name.clone(),
                    option(paths.ty_tree(&h.ty)),
                )?);
                reads.push(fill().into(template!(syn::FieldValue =>
                    __name: ::client_runtime::codegen::header(headers, "__wire")
                ))?);
                accessors.push(
                    fill()
                        .attrs("__attrs", doc)
                        .into(template!(syn::ImplItem =>
                            #[__attrs]
                            pub fn __name(&self) -> Option<&str> {
                                self.__name.as_deref()
                            }
                        ))?,
                );
            }
            t => {
                let t = paths.ty_tree(t);
                fields.push(builder_field(paths, name.clone(), option(t.clone()))?);
                reads.push(fill().into(template!(syn::FieldValue =>
                    __name: ::client_runtime::codegen::header(headers, "__wire").and_then(|value| value.trim().parse().ok())
                ))?);
                accessors.push(fill().attrs("__attrs", doc).ty("__T", t).into(
                    template!(syn::ImplItem =>
                        #[__attrs]
                        pub fn __name(&self) -> Option<__T> {
                            self.__name.clone()
                        }
                    ),
                )?);
            }
        }
    }
    let headers_arg = if reads.is_empty() {
        "_headers"
    } else {
        "headers"
    };
    let has_accessors = !accessors.is_empty();
    let mut items = Fill::new(paths)
        .attrs("__attrs", doc)
        .ident("__Marker", ident(marker))
        .fields("__fields", fields)
        .ident("__headers", format_ident!("{}", headers_arg))
        .inits("__reads", reads)
        .items("__accessors", accessors)
        .into(template!(syn::File =>
            #[__attrs]
            #[derive(Debug, Clone, Default)]
            #[non_exhaustive]
            pub struct __Marker {
                __fields: (),
            }

            impl ::client_runtime::codegen::FromHeaders for __Marker {
                fn from_headers(__headers: &::client_runtime::codegen::HeaderMap) -> Self {
                    Self { __reads, }
                }
            }

            impl __Marker {
                fn __accessors() {}
            }
        ))?
        .items;
    if !has_accessors {
        items.pop();
    }
    Ok(items)
}
