//! The intermediate representation: everything the emitters need, nothing from `openapiv3`.
//!
//! Lowering (`crate::lower`) builds an [`Api`]; emitting (`crate::emit`) only reads it. Names
//! here are final Rust names (already made unique by `crate::naming`); wire names are kept
//! beside them.

/// A whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.license.name`.
    pub license: Option<String>,
    /// First server URL with variables replaced by their defaults.
    pub default_base_url: Option<String>,
    /// Named types in spec order (components first, then inline types as met).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (paths, then methods in the order the document lists them).
    pub operations: Vec<Operation>,
    /// Security schemes that map to a credential the client can send.
    pub security: Vec<SecurityScheme>,
    /// The body type shared by every declared error response, if they all agree.
    pub error_body: Option<TypeRef>,
    /// OAuth 2.0 token endpoint declared by the spec (client-credentials flow preferred).
    pub token_url: Option<String>,
    /// Cargo features per tag, when the settings ask for them (`tag_features`).
    pub tag_features: Option<TagFeatures>,
}

/// Cargo features per OpenAPI tag: which operations and types each one compiles.
#[derive(Debug, Clone, Default)]
pub struct TagFeatures {
    /// Feature name and the tag it stands for, in order of first use.
    pub features: Vec<(String, String)>,
    /// Per operation, in [`Api::operations`] order: the features that compile it (any of
    /// them); empty for an operation without tags, which always compiles.
    pub operations: Vec<Vec<String>>,
    /// Per type name: the features that compile it (any of them); types not listed always
    /// compile.
    pub types: std::collections::BTreeMap<String, Vec<String>>,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A string holding a secret (`format: password`): redacted in `Debug`.
    Secret,
    /// `bool`.
    Bool,
    /// An integer of the given Rust type name (`i32`, `u64`, …).
    Int(&'static str),
    /// A float of the given Rust type name (`f32`, `f64`).
    Float(&'static str),
    /// RFC 3339 timestamp.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object of anything.
    JsonObject,
    /// Raw bytes (request or response bodies only).
    Bytes,
    /// A multipart form built by the caller (request bodies only).
    Multipart,
    /// A named type defined in [`Api::types`].
    Named(String),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `(A, B, …)`: a fixed-length array of typed positions (OpenAPI 3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
}

impl TypeRef {
    /// The named types this reference mentions: every one, or (`inline_only`) only those a
    /// value holds inline, not behind a `Vec` or a map.
    pub fn named_types(&self, inline_only: bool) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            match t {
                TypeRef::Named(n) => out.push(n.as_str()),
                TypeRef::List(inner) | TypeRef::Map(inner) if !inline_only => stack.push(inner),
                TypeRef::Tuple(items) => stack.extend(items),
                _ => {}
            }
        }
        out
    }
}

impl TypeKind {
    /// The references a definition holds: field and variant types (without the boxed ones
    /// when `unboxed_only`), alias and newtype targets; not a typed catch-all map.
    pub fn refs(&self, unboxed_only: bool) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct { fields, .. } => fields
                .iter()
                .filter(|f| !(unboxed_only && f.boxed))
                .map(|f| &f.ty)
                .collect(),
            TypeKind::Union { variants, .. } => variants
                .iter()
                .filter(|v| !(unboxed_only && v.boxed))
                .map(|v| &v.ty)
                .collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => vec![t],
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
        }
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// JSON pointer of the schema it was declared for (none for types from settings and
    /// for the intersections of several `allOf` definitions).
    pub pointer: Option<String>,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Declared properties in spec order.
        fields: Vec<Field>,
        /// Where undeclared properties go.
        extra: Extra,
        /// Rust name of the field that holds undeclared properties.
        extra_name: String,
    },
    /// A string enum that also accepts values the spec does not list.
    Enum {
        /// Known values in spec order.
        variants: Vec<Variant>,
        /// Rust name of the catch-all variant holding unknown values.
        unknown_name: String,
    },
    /// An integer enum: a newtype over the integer with one constant per known value, so
    /// unknown values still decode.
    IntEnum {
        /// Integer type (`i64`, `i32`, …).
        repr: &'static str,
        /// Known values and their constant names.
        values: Vec<(i64, String)>,
    },
    /// A value that is one of several types, decoded in order.
    Union {
        /// Alternatives in decode order.
        variants: Vec<UnionVariant>,
        /// Rust name of the catch-all variant holding any other JSON value.
        other_name: String,
        /// Property whose value selects the variant (internally tagged), if any.
        tag: Option<String>,
    },
    /// Another name for a type.
    Alias(TypeRef),
    /// A type of its own wrapping another (`struct Name(pub T)`, transparent in JSON): an
    /// alias that would refer to itself (`type List = Vec<List>` does not compile).
    Newtype(TypeRef),
}

/// Where an object's undeclared properties are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extra {
    /// `additionalProperties: false`: none allowed, none kept.
    None,
    /// Anything: kept as JSON so that read-modify-write loses nothing.
    Json,
    /// `additionalProperties: <schema>`: kept typed.
    Typed(TypeRef),
}

/// One property of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub json_name: String,
    /// Rust name.
    pub name: String,
    /// Value type (without optionality).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Must be boxed to break a cycle of directly nested types.
    pub boxed: bool,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// One known value of an open enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Value on the wire.
    pub value: String,
    /// Rust name.
    pub name: String,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Payload type.
    pub ty: TypeRef,
    /// Value of the union's tag property that selects this variant.
    pub tag_value: Option<String>,
    /// Held in a `Box` because the payload contains the union again (recursion).
    pub boxed: bool,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operation's `tags`.
    pub tags: Vec<String>,
    /// `operationId` (or the name derived from method and path).
    pub id: String,
    /// Rust method name on the client.
    pub method_name: String,
    /// Rust name of the request builder type.
    pub builder_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template, e.g. `/api/v1/users/{id}`.
    pub path: String,
    /// Query parameters every request sends, from a literal `?query` in the path key
    /// (percent-decoded; encoded again like any parameter), less those a declared query
    /// parameter overrides.
    pub fixed_query: Vec<(String, String)>,
    /// Rustdoc text (summary and description).
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters: required ones first in spec order, then optional ones in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// What a success response carries.
    pub success: Success,
    /// Response headers declared on the success response.
    pub response_headers: Vec<ResponseHeader>,
    /// Name of the marker type for typed response headers, when there are any.
    pub headers_marker: Option<String>,
    /// False when the operation declares `security: []`.
    pub authenticated: bool,
    /// Set when the operation pages by `Link: <…>; rel="next"`.
    pub pagination: Option<Pagination>,
}

/// How a list operation pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Wire name of the cursor query parameter.
    pub cursor_param: String,
    /// Type of one item.
    pub item: TypeRef,
}

/// A typed media-type parameter carried by a header parameter.
#[derive(Debug, Clone)]
pub struct MediaParam {
    /// Media type before the parameter.
    pub media_type: String,
    /// Parameter name.
    pub parameter: String,
    /// Enum type of the values.
    pub values_type: String,
    /// Setter name.
    pub setter: String,
    /// Rustdoc text.
    pub doc: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// A Rust type path given by the settings (`parameter_types`), used instead of `ty`.
    pub rust_type: Option<String>,
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name (builder field and setter).
    pub name: String,
    /// Where it goes.
    pub location: Location,
    /// Value type.
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// Arrays as repeated keys (`true`) or comma-joined (`false`).
    pub explode: bool,
    /// `style: deepObject`: an object as `name[key]=value` pairs.
    pub deep_object: bool,
    /// Default value from the spec, for documentation.
    pub default: Option<String>,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// A typed setter for a media-type parameter carried by this header.
    pub media_param: Option<MediaParam>,
    /// For an optional parameter, the name of its setter that takes an `Option`.
    pub option_setter: Option<String>,
    /// Declared with `content: application/json`: sent as JSON text.
    pub json_content: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Raw text.
    Text,
    /// Raw bytes.
    Bytes,
    /// `multipart/form-data`.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Media type sent in `Content-Type`.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Value type.
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// Rustdoc text.
    pub doc: Option<String>,
}

/// What a success (2xx) response decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body.
    Text,
    /// A raw body.
    Bytes,
    /// No body.
    Empty,
    /// Different bodies for different 2xx statuses: a per-operation enum.
    ByStatus(StatusResponses),
}

/// The 2xx responses of an operation whose bodies differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusResponses {
    /// Rust name of the enum (in the `operations` module).
    pub enum_name: String,
    /// One variant per declared 2xx status (exact codes before ranges).
    pub variants: Vec<StatusVariant>,
}

/// One declared 2xx response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusVariant {
    /// The status key as written in the spec (`200`, `2XX`).
    pub status: String,
    /// Rust variant name.
    pub name: String,
    /// Its body (never `ByStatus`).
    pub body: Success,
    /// The response description.
    pub doc: Option<String>,
}

/// A declared response header, readable through a typed accessor.
#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// Header name on the wire.
    pub wire_name: String,
    /// Accessor method name.
    pub name: String,
    /// Value type (`String`, `Int`, `Bool`, … or `Json` for anything else).
    pub ty: TypeRef,
    /// Rustdoc text.
    pub doc: Option<String>,
}

/// A credential the client can send.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub key: String,
    /// Rust name of the client-builder method that sets it.
    pub method_name: String,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// How the credential is sent.
    pub kind: SecurityKind,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header, with an optional prefix such as `SSWS `.
    ApiKeyHeader {
        /// Header name.
        header: String,
        /// Text placed before the key.
        prefix: String,
    },
    /// An API key in the query string.
    ApiKeyQuery {
        /// Query parameter name.
        param: String,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}
