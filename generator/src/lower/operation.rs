//! Lowering of `paths` to IR operations: naming, parameters (path-level merged with
//! operation-level), pagination; bodies and responses live in `body.rs` and `response.rs`.

use super::path_check;
use super::schema::SchemaLowering;
use crate::config::Config;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Location, MediaParam, Operation, Pagination, Param, Success, TypeRef};
use crate::naming::{type_name, value_name, Scope};
use crate::refs::Resolver;
use openapiv3::{Parameter, ParameterSchemaOrContent};
use serde_json::Value;

/// HTTP methods a path item may hold, as the keys the document uses.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Names the generated request builders use themselves (fields and methods).
const RESERVED_PARAMS: &[&str] = &[
    "client",
    "body",
    "send",
    "new",
    "request",
    "stream",
    "pages",
    "next_page",
    "next_url",
    "options",
    "timeout",
    "retry",
    "header",
];
/// Methods `Client` has of its own (the runtime's, public and internal) and through the
/// traits it implements; an operation named like one gets a suffix.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "http_client",
    "inner",
    "execute",
    "execute_json",
    "execute_page",
    "execute_by_status",
    "execute_empty",
    "execute_text",
    "execute_bytes",
    "exchange",
    "exchange_in_span",
    "token",
    "attempt",
    "url",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "into",
    "from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Operations found in the document and the JSON bodies of their error responses.
pub struct Lowered {
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// JSON body type of every declared non-2xx response.
    pub error_bodies: Vec<TypeRef>,
}

/// Facts from the generator settings that shape operations.
pub struct OpSettings<'c> {
    /// The settings file.
    pub config: &'c Config,
    /// Header parameter name (lower case) → typed media-type parameter it carries.
    pub media_params: Vec<(String, MediaParam)>,
}

/// Lowers every operation under `#/paths`.
pub fn lower_operations(
    resolver: &Resolver<'_>,
    schemas: &mut SchemaLowering<'_>,
    settings: &OpSettings<'_>,
    diags: &mut Diagnostics,
) -> Lowered {
    let mut out = Lowered {
        operations: Vec::new(),
        error_bodies: Vec::new(),
    };
    let Some(Value::Object(paths)) = resolver.node("#/paths") else {
        diags.warn("#/paths", "no `paths` object; the client has no operations");
        return out;
    };
    let mut method_names = Scope::with_reserved(RESERVED_METHODS);
    let mut builder_names = Scope::default();
    for key in paths.keys() {
        let item_ptr = child("#/paths", key);
        let split = path_check::split_key(key);
        let (key_parts, placeholders) = match split.and_then(|k| {
            let names = path_check::placeholders(k.path)?;
            Ok((k, names))
        }) {
            Ok(found) => found,
            Err(why) => {
                // Only this key's operations are refused: the rest of the document is
                // still a correct client (`--strict` makes this, like any warning, fatal).
                diags.warn(
                    &item_ptr,
                    format!("unusable path key: {why}; its operations are not generated"),
                );
                continue;
            }
        };
        let (item_ptr, item) = match resolver.follow(&item_ptr) {
            Ok((at, Value::Object(item))) => (at, item),
            Ok((at, _)) => {
                diags.warn(at, "path item is not an object; skipped");
                continue;
            }
            Err(d) => {
                diags.warn(&d.pointer, format!("{}; path skipped", d.message));
                continue;
            }
        };
        for method in item.keys().filter(|k| METHODS.contains(&k.as_str())) {
            let ctx = OpContext {
                resolver,
                settings,
                key,
                path: key_parts.path,
                fixed_query: &key_parts.fixed_query,
                placeholders: &placeholders,
                method,
                item_ptr: &item_ptr,
                op_ptr: child(&item_ptr, method),
            };
            if let Some(op) = ctx.lower(
                schemas,
                &mut method_names,
                &mut builder_names,
                &mut out.error_bodies,
                diags,
            ) {
                out.operations.push(op);
            }
        }
    }
    out
}

/// One operation being lowered: where it is and what it can read.
pub(super) struct OpContext<'a, 'r> {
    pub(super) resolver: &'a Resolver<'r>,
    settings: &'a OpSettings<'a>,
    /// The whole path key (a fragment in it tells apart operations otherwise named alike).
    key: &'a str,
    /// Its path part, the request path template.
    path: &'a str,
    /// Its literal query, sent by every request.
    fixed_query: &'a [(String, String)],
    placeholders: &'a [String],
    method: &'a str,
    item_ptr: &'a str,
    pub(super) op_ptr: String,
}

impl OpContext<'_, '_> {
    fn lower(
        &self,
        schemas: &mut SchemaLowering<'_>,
        method_names: &mut Scope,
        builder_names: &mut Scope,
        error_bodies: &mut Vec<TypeRef>,
        diags: &mut Diagnostics,
    ) -> Option<Operation> {
        let Some(Value::Object(op)) = self.resolver.node(&self.op_ptr) else {
            diags.warn(&self.op_ptr, "operation is not an object; skipped");
            return None;
        };
        let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::trim);
        let id = match text("operationId") {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => format!("{} {}", self.method, self.key),
        };
        let method_name = method_names.claim(&value_name(&id));
        let builder_name = builder_names.claim(&type_name(&id));
        for skipped in ["callbacks"] {
            if op.contains_key(skipped) {
                diags.warn(
                    child(&self.op_ptr, skipped),
                    format!(
                        "`{skipped}` are not supported; the operation is generated without them"
                    ),
                );
            }
        }
        let doc = super::heading_doc(text("summary"), text("description"));
        let params = self.params(
            schemas,
            &builder_name,
            op.contains_key("requestBody"),
            diags,
        );
        let body = self.body(schemas, &builder_name, diags);
        let (success, response_headers) =
            self.responses(schemas, &builder_name, builder_names, error_bodies, diags);
        // Every operation has its headers type, even without declared headers, so that a
        // header the spec adds later does not change the operation's response type.
        let headers_marker = Some(builder_names.claim(&format!("{builder_name}Headers")));
        let authenticated =
            !matches!(op.get("security"), Some(Value::Array(reqs)) if reqs.is_empty());
        let pagination = self.pagination(&params, &success);
        let tags = match op.get("tags") {
            Some(Value::Array(tags)) => tags
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        Some(Operation {
            tags,
            id,
            method_name,
            builder_name,
            http_method: self.method.to_ascii_uppercase(),
            path: self.path.to_owned(),
            // A declared query parameter of the same name overrides the literal one.
            fixed_query: self
                .fixed_query
                .iter()
                .filter(|(name, _)| {
                    !params
                        .iter()
                        .any(|p| p.location == Location::Query && p.wire_name == *name)
                })
                .cloned()
                .collect(),
            doc,
            deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
            params,
            body,
            success,
            response_headers,
            headers_marker,
            authenticated,
            pagination,
        })
    }

    /// Path-level then operation-level parameters; an operation-level one with the same
    /// name and location replaces the path-level one in place.
    fn params(
        &self,
        schemas: &mut SchemaLowering<'_>,
        builder: &str,
        has_body: bool,
        diags: &mut Diagnostics,
    ) -> Vec<Param> {
        let mut found: Vec<(String, Parameter)> = Vec::new();
        for base in [self.item_ptr.to_owned(), self.op_ptr.clone()] {
            let list_ptr = child(&base, "parameters");
            let count = self
                .resolver
                .node(&list_ptr)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            for i in 0..count {
                let ptr = child(&list_ptr, &i.to_string());
                match self.resolver.get_shallow::<Parameter>(&ptr) {
                    Ok((at, p)) => {
                        let key =
                            |p: &Parameter| (p.parameter_data_ref().name.clone(), location(p));
                        match found.iter_mut().find(|(_, q)| key(q) == key(&p)) {
                            Some(slot) => *slot = (at, p),
                            None => found.push((at, p)),
                        }
                    }
                    Err(d) => diags.warn(&d.pointer, format!("{}; parameter skipped", d.message)),
                }
            }
        }
        found.retain(|(ptr, p)| {
            let name = &p.parameter_data_ref().name;
            let reserved = location(p) == Location::Header
                && path_check::reserved_header(name, has_body)
                    .map(|why| diags.warn(ptr, why))
                    .is_some();
            !reserved
        });
        let mut scope = Scope::with_reserved(RESERVED_PARAMS);
        let mut params: Vec<Param> = found
            .into_iter()
            .map(|(ptr, p)| self.param(&ptr, &p, &mut scope, schemas, builder, diags))
            .collect();
        for problem in path_check::reconcile(self.placeholders, &mut params, &mut scope) {
            diags.warn(&self.op_ptr, problem);
        }
        params.sort_by_key(|p| !p.required);
        params
    }

    fn param(
        &self,
        ptr: &str,
        p: &Parameter,
        scope: &mut Scope,
        schemas: &mut SchemaLowering<'_>,
        builder: &str,
        diags: &mut Diagnostics,
    ) -> Param {
        let data = p.parameter_data_ref();
        let location = location(p);
        let hint = format!("{builder}{}", type_name(&data.name));
        let mut json_content = false;
        let (ty, schema_ptr) = match &data.format {
            ParameterSchemaOrContent::Schema(_) => {
                let schema_ptr = child(ptr, "schema");
                (
                    schemas.type_ref(&schema_ptr, &hint, diags),
                    Some(schema_ptr),
                )
            }
            ParameterSchemaOrContent::Content(content) => {
                // The parameter was read shallowly: its media types' schemas are looked up in
                // the document itself.
                let schema_of =
                    |media: &str| child(&child(&child(ptr, "content"), media), "schema");
                let json = content.keys().find(|media| {
                    let essence = media
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase();
                    let json = essence == "application/json" || essence.ends_with("+json");
                    json && self.resolver.node(&schema_of(media)).is_some()
                });
                match json {
                    Some(media) => {
                        json_content = true;
                        let schema_ptr = schema_of(media);
                        (
                            schemas.type_ref(&schema_ptr, &hint, diags),
                            Some(schema_ptr),
                        )
                    }
                    None => {
                        diags.warn(
                            ptr,
                            "parameter `content` without a JSON media type and schema is sent as a plain string",
                        );
                        (TypeRef::String, None)
                    }
                }
            }
        };
        let explode = data
            .explode
            .unwrap_or(matches!(location, Location::Query | Location::Cookie));
        let deep_object = matches!(
            p,
            Parameter::Query {
                style: openapiv3::QueryStyle::DeepObject,
                ..
            }
        );
        // A `default` beside a `$ref` (OpenAPI 3.1) wins over the referenced schema's.
        let default = schema_ptr.and_then(|s| {
            let sibling = self
                .resolver
                .node(&s)
                .and_then(|n| n.get("default").cloned());
            sibling
                .or_else(|| self.resolver.follow(&s).ok()?.1.get("default").cloned())
                .map(|v| v.to_string())
        });
        let doc = data
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let media_param = if ty == TypeRef::String {
            self.media_param(location, &data.name, scope)
        } else {
            None
        };
        let required = data.required || location == Location::Path;
        let name = scope.claim(&value_name(&data.name));
        let option_setter = (!required).then(|| scope.claim(&format!("set_{name}")));
        Param {
            rust_type: None,
            wire_name: data.name.clone(),
            name,
            option_setter,
            json_content,
            location,
            ty,
            required,
            explode,
            deep_object,
            default,
            doc,
            deprecated: data.deprecated == Some(true),
            media_param,
        }
    }

    fn media_param(&self, location: Location, name: &str, scope: &mut Scope) -> Option<MediaParam> {
        if location != Location::Header {
            return None;
        }
        let (_, param) = self
            .settings
            .media_params
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(name))?;
        Some(MediaParam {
            setter: scope.claim(&param.setter),
            ..param.clone()
        })
    }

    /// Link-header pagination applies to a GET returning a JSON array that takes the
    /// configured cursor parameter.
    fn pagination(&self, params: &[Param], success: &Success) -> Option<Pagination> {
        let cursor = &self.settings.config.pagination.as_ref()?.cursor_param;
        let Success::Json(TypeRef::List(item)) = success else {
            return None;
        };
        let takes_cursor = params
            .iter()
            .any(|p| p.location == Location::Query && p.wire_name == *cursor);
        (self.method == "get" && takes_cursor).then(|| Pagination {
            cursor_param: cursor.clone(),
            item: (**item).clone(),
        })
    }
}

fn location(p: &Parameter) -> Location {
    match p {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}
