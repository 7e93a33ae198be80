//! Emits `src/operations.rs`: a client method and a request builder per operation, plus
//! typed accessors for declared response headers. The builders only collect arguments;
//! encoding, sending and decoding are done by the hand-written runtime.

use super::docs::{code, doc_attrs};
use super::paths::Paths;
use super::{Chunk, Chunks};
use crate::ir::{Api, BodyEncoding, Location, Operation, Param, Success, TypeRef};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `operations` module: the client's methods, then each operation's builder (gated by
/// its tag features, if the crate has them).
pub fn emit(api: &Api) -> Chunks<impl Fn(usize) -> Chunk + Sync + '_> {
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
    let chunk = move |i: usize| match i.checked_sub(1) {
        None => Chunk::from(head(api, &paths, &gates)),
        Some(i) => Chunk::gated(builder(&api.operations[i], &paths), &gates[i]),
    };
    (api.operations.len() + 1, chunk)
}

/// The module docs, the `types` import and the client's methods.
fn head(api: &Api, paths: &Paths, gates: &[Vec<String>]) -> TokenStream {
    let methods = api.operations.iter().zip(gates).map(|(op, features)| {
        let cfg = super::feature_cfg(features).map(|cfg| quote!(#[cfg(#cfg)]));
        let method = client_method(op, paths);
        quote!(#cfg #method)
    });
    // `types` is imported when some compiled operation names a type.
    let users: Vec<&Vec<String>> = api
        .operations
        .iter()
        .zip(gates)
        .filter(|(op, _)| mentions_types(op))
        .map(|(_, features)| features)
        .collect();
    let import = if users.is_empty() {
        None
    } else if users.iter().any(|f| f.is_empty()) {
        Some(quote!(
            use crate::types;
        ))
    } else {
        let mut all: Vec<String> = users.into_iter().flatten().cloned().collect();
        all.sort();
        all.dedup();
        let cfg = super::feature_cfg(&all);
        Some(quote!(
            #[cfg(#cfg)]
            use crate::types;
        ))
    };
    let head = quote! {
        //! Operations: one method on [`crate::Client`] per API operation, each returning a
        //! request builder. Required parameters are method arguments; optional ones are
        //! setters; `.send().await` performs the request.

        #import

        impl crate::Client {
            #(#methods)*
        }
    };
    head
}

/// A parameter's Rust type: the one the settings give it, else its schema's.
fn param_ty(p: &Param, paths: &Paths) -> TokenStream {
    match &p.rust_type {
        // Checked to be a type path when lowered.
        Some(path) => path.parse().unwrap_or_else(|_| paths.ty(&p.ty)),
        None => paths.ty(&p.ty),
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

fn required_args(op: &Operation, paths: &Paths) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let (into, none) = (paths.std("Into"), paths.std("None"));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let name = ident(&p.name);
        if p.required {
            let t = param_ty(p, paths);
            args.push(quote!(#name: impl #into<#t>));
            inits.push(quote!(#name: #name.into()));
        } else {
            inits.push(quote!(#name: #none));
        }
    }
    if let Some(body) = &op.body {
        let t = paths.ty(&body.ty);
        if body.required {
            args.push(quote!(body: #t));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: #none));
        }
    }
    if op.pagination.is_some() {
        inits.push(quote!(next_url: #none));
    }
    (args, inits)
}

fn client_method(op: &Operation, paths: &Paths) -> TokenStream {
    let doc = doc_attrs(op.doc.as_deref());
    let summary = doc_attrs(Some(&format!(
        "{} ({})",
        code(&format!("{} {}", op.http_method, op.path)),
        code(&op.id)
    )));
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let (args, inits) = required_args(op, paths);
    let body_doc = op
        .body
        .as_ref()
        .filter(|b| b.required)
        .and_then(|b| b.doc.as_deref())
        .map(|d| {
            let lines = doc_attrs(Some(&format!("`body`: {d}")));
            quote!(#[doc = ""] #lines)
        });
    let separator = op.doc.is_some().then(|| quote!(#[doc = ""]));
    quote! {
        #doc
        #separator
        #summary
        #body_doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder<'_> {
            #builder { client: self, #(#inits,)* options: ::std::default::Default::default() }
        }
    }
}

fn builder(op: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&op.builder_name);
    let option = paths.std("Option");
    let doc = doc_attrs(Some(&format!(
        "Request builder for {}: {}.",
        code(&op.id),
        code(&format!("{} {}", op.http_method, op.path))
    )));
    let fields = op.params.iter().map(|p| {
        let id = ident(&p.name);
        let t = param_ty(p, paths);
        if p.required {
            quote!(#id: #t,)
        } else {
            quote!(#id: #option<#t>,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let t = paths.ty(&b.ty);
        if b.required {
            quote!(body: #t,)
        } else {
            quote!(body: #option<#t>,)
        }
    });
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| setter(p, paths));
    let media_setters = op.params.iter().filter_map(|p| media_setter(p, paths));
    let some = paths.std("Some");
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let t = paths.ty(&b.ty);
        let doc = doc_attrs(b.doc.as_deref().or(Some("The request body.")));
        quote! {
            #doc
            pub fn body(mut self, value: #t) -> Self {
                self.body = #some(value);
                self
            }
        }
    });
    let options_methods = options_methods(paths);
    let send = send_fn(op, paths);
    let headers = headers_marker(op, paths);
    let responses = status_enum(op, paths);
    let mock = mock_impl(op, paths);
    let next_url_field = op
        .pagination
        .is_some()
        .then(|| quote!(next_url: #option<::client_runtime::codegen::Url>,));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name<'a> {
            client: &'a crate::Client,
            #(#fields)*
            #body_field
            #next_url_field
            options: crate::RequestOptions,
        }

        impl #name<'_> {
            #(#setters)*
            #(#media_setters)*
            #body_setter
            #options_methods
            #send
        }

        #headers

        #responses

        #mock
    }
}

/// The builder as a typed mock (feature `mocks`): the runtime matches what `request()`
/// would send, and responders take the success body's type.
fn mock_impl(op: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&op.builder_name);
    let json = |s: &Success| match s {
        Success::Json(t) => Some(paths.ty(t)),
        _ => None,
    };
    let body = match &op.success {
        Success::ByStatus(r) => r.variants.iter().find_map(|v| json(&v.body)),
        other => json(other),
    }
    .unwrap_or_else(|| quote!(()));
    let (result, string) = (paths.std("Result"), paths.std("String"));
    quote! {
        #[cfg(feature = "mocks")]
        impl ::client_runtime::mocks::Operation for #name<'_> {
            type Body = #body;
            fn expected_request(&self) -> #result<::client_runtime::codegen::Request, #string> {
                self.request().map_err(|e| e.to_string())
            }
        }
    }
}

fn setter(p: &Param, paths: &Paths) -> TokenStream {
    let id = ident(&p.name);
    let t = param_ty(p, paths);
    let (into, some) = (paths.std("Into"), paths.std("Some"));
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
    let doc = doc_attrs(Some(&doc));
    let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
    let option = paths.std("Option");
    let sibling = p.option_setter.as_ref().map(|name| {
        let name = ident(name);
        let text = format!(
            "Sets or clears {} (`None` leaves it unset).",
            code(&p.wire_name)
        );
        let doc = doc_attrs(Some(&text));
        quote! {
            #doc
            #deprecated
            pub fn #name(mut self, value: #option<#t>) -> Self {
                self.#id = value;
                self
            }
        }
    });
    quote! {
        #doc
        #deprecated
        pub fn #id(mut self, value: impl #into<#t>) -> Self {
            self.#id = #some(value.into());
            self
        }

        #sibling
    }
}

/// A typed setter for a media-type parameter carried by a header parameter.
fn media_setter(p: &Param, paths: &Paths) -> Option<TokenStream> {
    let media = p.media_param.as_ref()?;
    let (setter, field) = (ident(&media.setter), ident(&p.name));
    let values = ident(&media.values_type);
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
    let doc = doc_attrs(Some(&text));
    let (into_iter, some) = (paths.std("IntoIterator"), paths.std("Some"));
    Some(quote! {
        #doc
        pub fn #setter(mut self, values: impl #into_iter<Item = types::#values>) -> Self {
            self.#field = #some(::client_runtime::codegen::Request::media_type(#base, #name, values));
            self
        }
    })
}

fn send_fn(op: &Operation, paths: &Paths) -> TokenStream {
    let method = format_ident!("{}", op.http_method);
    let method = match op.http_method.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "OPTIONS" | "PATCH" | "TRACE" => {
            quote!(::client_runtime::codegen::Method::#method)
        }
        other => {
            quote!(::client_runtime::codegen::Method::from_bytes(#other.as_bytes()).unwrap_or(::client_runtime::codegen::Method::GET))
        }
    };
    let (id, path) = (&op.id, &op.path);
    // The literal query of the path key: sent by every request, encoded like a parameter.
    let fixed_query = op
        .fixed_query
        .iter()
        .map(|(name, value)| quote!(request.query(#name, &#value, true)?;));
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let wire = &p.wire_name;
        let value = if p.json_content {
            quote!(&::client_runtime::codegen::json_text(&self.#field)?)
        } else {
            quote!(&self.#field)
        };
        match p.location {
            Location::Path => quote!(request.path(#wire, #value)?;),
            Location::Query if p.deep_object => quote!(request.query_deep(#wire, #value)?;),
            Location::Query => {
                let explode = p.explode;
                quote!(request.query(#wire, #value, #explode)?;)
            }
            Location::Header => quote!(request.header(#wire, #value)?;),
            Location::Cookie => quote!(request.cookie(#wire, #value)?;),
        }
    });
    let some = paths.std("Some");
    let body = op.body.as_ref().map(|b| {
        let content_type = &b.content_type;
        let encode = match b.encoding {
            BodyEncoding::Json => quote!(json),
            BodyEncoding::Form => quote!(form),
            BodyEncoding::Text => quote!(text),
            BodyEncoding::Bytes => quote!(bytes),
            BodyEncoding::Multipart => quote!(multipart),
        };
        if b.required {
            quote!(request.#encode(#content_type, &self.body)?;)
        } else {
            quote! {
                if let #some(body) = &self.body {
                    request.#encode(#content_type, body)?;
                }
            }
        }
    });
    let marker = match &op.headers_marker {
        Some(m) => {
            let m = ident(m);
            quote!(#m)
        }
        None => quote!(()),
    };
    let result = paths.std("Result");
    let (out, call) = match (&op.pagination, &op.success) {
        (Some(page), _) => {
            let (item, cursor) = (paths.ty(&page.item), &page.cursor_param);
            (
                quote!(crate::Page<#item>),
                quote!(self.client.execute_page(self.request()?, #cursor).await),
            )
        }
        (None, Success::Json(t)) => (
            paths.ty(t),
            quote!(self.client.execute_json(self.request()?).await),
        ),
        (None, Success::Text) => (
            paths.ty(&TypeRef::String),
            quote!(self.client.execute_text(self.request()?).await),
        ),
        (None, Success::Bytes) => (
            paths.ty(&TypeRef::Bytes),
            quote!(self.client.execute_bytes(self.request()?).await),
        ),
        (None, Success::Empty) => (
            quote!(()),
            quote!(self.client.execute_empty(self.request()?).await),
        ),
        (None, Success::ByStatus(responses)) => {
            let name = ident(&responses.enum_name);
            let decode = status_decoder(responses, paths);
            (
                quote!(#name),
                quote!(self.client.execute_by_status(self.request()?, #decode).await),
            )
        }
    };
    let stream = op.pagination.as_ref().map(|page| {
        let (item, cursor) = (paths.ty(&page.item), &page.cursor_param);
        let (unpin, send) = (paths.std("Unpin"), paths.std("Send"));
        let (option, some) = (paths.std("Option"), paths.std("Some"));
        quote! {
            /// Every item of every page, following the `Link: <…>; rel="next"` header from this
            /// request on until the server announces no next page. One page is held in memory
            /// at a time; the stream ends after the first error.
            #[inline]
            pub fn stream(self) -> impl ::client_runtime::deps::futures_util::Stream<Item = #result<#item, crate::Error>> + #unpin + #send + 'static {
                ::client_runtime::codegen::paginate(self.client.0.clone(), self.request(), #cursor)
            }

            /// Every page from this request on, each a [`crate::Response`] with its items, status,
            /// headers, request id and rate limit; ends like [`Self::stream`].
            #[inline]
            pub fn pages(self) -> crate::PageStream<#item> {
                ::client_runtime::codegen::pages(self.client.0.clone(), self.request(), #cursor)
            }

            /// This request continued at `page`'s next-page URL exactly as the server sent it
            /// (the cursor is not re-encoded); `None` after the last page.
            pub fn next_page(mut self, page: &crate::Page<#item>) -> #option<Self> {
                self.next_url = #some(page.next_url()?.clone());
                #some(self)
            }
        }
    });
    let auth = op.authenticated;
    let ok = paths.std("Ok");
    let next_url = op
        .pagination
        .is_some()
        .then(|| quote!(request.set_url(self.next_url.clone());));
    let send_doc = if op.pagination.is_some() {
        quote!(#[doc = " Sends the request and returns one page: its items and the next cursor."])
    } else {
        quote!(#[doc = " Sends the request and decodes the response."])
    };
    // `request`, `stream` and `pages` are `#[inline]`, like the runtime's generics: an
    // operation a program never sends costs it no code generation (only `send`, an async fn,
    // would otherwise defer its work to the caller).
    quote! {
        #send_doc
        pub async fn send(self) -> #result<crate::Response<#out, #marker>, crate::Error> {
            #call
        }

        #stream

        #[inline]
        fn request(&self) -> #result<::client_runtime::codegen::Request, crate::Error> {
            let mut request = ::client_runtime::codegen::Request::new(#method, #id, #path, #auth);
            #(#fixed_query)*
            #(#params)*
            #body
            request.options(&self.options)?;
            #next_url
            #ok(request)
        }
    }
}

/// Per-call settings every builder has: timeout, retry policy and extra headers.
fn options_methods(paths: &Paths) -> TokenStream {
    let into = paths.std("Into");
    let string = paths.std("String");
    quote! {
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
        pub fn header(mut self, name: impl #into<#string>, value: impl #into<#string>) -> Self {
            self.options.header(name, value);
            self
        }
    }
}

/// The payload type of one status variant (`None` for a bodiless one).
fn variant_payload(body: &Success, paths: &Paths) -> Option<TokenStream> {
    match body {
        Success::Json(t) => Some(paths.ty(t)),
        Success::Text => Some(paths.ty(&TypeRef::String)),
        Success::Bytes => Some(paths.ty(&TypeRef::Bytes)),
        Success::Empty | Success::ByStatus(_) => None,
    }
}

/// The enum of an operation's 2xx responses, with a catch-all for undeclared 2xx statuses.
fn status_enum(op: &Operation, paths: &Paths) -> TokenStream {
    let Success::ByStatus(responses) = &op.success else {
        return TokenStream::new();
    };
    let name = ident(&responses.enum_name);
    let doc = doc_attrs(Some(&format!(
        "The 2xx responses of {}, which carry different bodies.",
        code(&op.id)
    )));
    let variants = responses.variants.iter().map(|v| {
        let id = ident(&v.name);
        let text = format!("`{}`: {}", v.status, v.doc.as_deref().unwrap_or("response"));
        let vdoc = doc_attrs(Some(&text));
        match variant_payload(&v.body, paths) {
            Some(t) => quote! { #vdoc #id(#t), },
            None => quote! { #vdoc #id, },
        }
    });
    let vec = paths.std("Vec");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// Another 2xx status the spec does not declare: the status and the raw body.
            Other(u16, #vec<u8>),
        }
    }
}

/// The closure that turns a 2xx status and body into the operation's response enum.
fn status_decoder(responses: &crate::ir::StatusResponses, paths: &Paths) -> TokenStream {
    let name = ident(&responses.enum_name);
    let arms = responses.variants.iter().map(|v| {
        let id = ident(&v.name);
        let pattern = match v.status.parse::<u16>() {
            Ok(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Err(_) => quote!(200..=299),
        };
        let value = match &v.body {
            Success::Json(_) => quote!(#name::#id(::client_runtime::codegen::json_body(body)?)),
            Success::Text => {
                quote!(#name::#id(::std::string::String::from_utf8_lossy(body).into_owned()))
            }
            Success::Bytes => quote!(#name::#id(body.to_vec())),
            Success::Empty | Success::ByStatus(_) => quote!(#name::#id),
        };
        quote! { #pattern => #value, }
    });
    let ok = paths.std("Ok");
    quote! {
        |status, body| #ok(match status {
            #(#arms)*
            other => #name::Other(other, body.to_vec()),
        })
    }
}

fn headers_marker(op: &Operation, paths: &Paths) -> TokenStream {
    let Some(marker) = &op.headers_marker else {
        return TokenStream::new();
    };
    let marker = ident(marker);
    let doc = doc_attrs(Some(&format!(
        "The typed headers of {}'s responses, reached through the response (`Deref`).",
        code(&op.id)
    )));
    let option = paths.std("Option");
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
        let doc = doc_attrs(Some(&format!("{text}\n\nHeader {}.", code(wire))));
        let read = quote!(::client_runtime::codegen::header(headers, #wire));
        match &h.ty {
            TypeRef::String => {
                let string = paths.std("String");
                fields.push(quote!(#name: #option<#string>,));
                reads.push(quote!(#name: #read,));
                accessors.push(quote! {
                    #doc
                    pub fn #name(&self) -> #option<&str> {
                        self.#name.as_deref()
                    }
                });
            }
            t => {
                let t = paths.ty(t);
                fields.push(quote!(#name: #option<#t>,));
                reads.push(quote!(#name: #read.and_then(|value| value.trim().parse().ok()),));
                accessors.push(quote! {
                    #doc
                    pub fn #name(&self) -> #option<#t> {
                        self.#name.clone()
                    }
                });
            }
        }
    }
    let headers_arg = if reads.is_empty() {
        quote!(_headers)
    } else {
        quote!(headers)
    };
    let accessors_impl =
        (!accessors.is_empty()).then(|| quote! { impl #marker { #(#accessors)* } });
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        #[non_exhaustive]
        pub struct #marker {
            #(#fields)*
        }

        impl ::client_runtime::codegen::FromHeaders for #marker {
            fn from_headers(#headers_arg: &::client_runtime::codegen::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }

        #accessors_impl
    }
}
