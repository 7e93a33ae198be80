//! [`Request`]: what a generated request builder hands to the client — method, path with
//! parameters filled in, query pairs, headers and body — and how each is encoded.
//!
//! Path segments and query values are percent-encoded exactly once, here: everything but
//! RFC 3986 unreserved characters is escaped, so `a/b@c.com` becomes `a%2Fb%40c.com` and a
//! space becomes `%20`. A path parameter is data, never structure: `.` and `..` (the only
//! values URL normalisation would resolve once `%` itself is escaped) are refused, so no
//! value can change which endpoint is called.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

/// Characters escaped in path segments and query components: all but `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A parameter, header or body that cannot be encoded; becomes the API's
/// `Error::InvalidRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub(crate) String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Headers that parameters can never set: the HTTP stack derives them, or the runtime sets
/// them itself (credentials, `User-Agent`, cookies). `Content-Type` is also the runtime's
/// when the request has a body.
pub(crate) const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "cookie",
    "host",
    "proxy-authorization",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

/// One request, ready to be sent by [`super::Client`]: what a generated request builder
/// fills in.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    /// The spec's `operationId`, for errors and logs.
    pub(crate) operation: &'static str,
    /// The path template, for logs.
    pub(crate) template: &'static str,
    /// Path with parameters substituted and encoded.
    pub(crate) path: String,
    /// A whole URL to use instead of base URL + path + query (a next-page link).
    pub(crate) url: Option<url::Url>,
    /// Encoded `name=value` query pairs in the order they were added.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) cookies: Vec<String>,
    /// Content type and encoded body.
    pub(crate) body: Option<(HeaderValue, bytes::Bytes)>,
    /// False for operations that declare `security: []`.
    pub(crate) authenticated: bool,
    /// Settings of this one call.
    pub(crate) options: RequestOptions,
}

/// Settings of one call that override the client's: set through the `timeout`, `retry` and
/// `header` methods of every operation builder.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<std::time::Duration>,
    pub(crate) retry: Option<super::RetryPolicy>,
    /// Extra headers; they cannot replace the runtime's own (credentials, `User-Agent`, …).
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// Time limit for each attempt of this call, instead of the client's.
    pub fn timeout(&mut self, timeout: std::time::Duration) {
        self.timeout = Some(timeout);
    }

    /// Retry policy of this call, instead of the client's.
    pub fn retry(&mut self, policy: super::RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Adds a header to this call (checked when the request is built).
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }
}

impl Request {
    /// A request for `template` (e.g. `/users/{id}`), to be filled by [`Request::path`].
    pub fn new(
        method: Method,
        operation: &'static str,
        template: &'static str,
        authenticated: bool,
    ) -> Self {
        Self {
            method,
            operation,
            template,
            path: template.to_owned(),
            url: None,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            authenticated,
            options: RequestOptions::default(),
        }
    }

    /// Applies the call's options: its extra headers join the request's.
    pub fn options(&mut self, options: &RequestOptions) -> Result<(), Error> {
        for (name, value) in &options.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error(format!("invalid header name `{name}`")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error(format!("header `{name}` has a value that cannot be sent")))?;
            self.headers.push((name, value));
        }
        self.options = options.clone();
        Ok(())
    }

    /// Replaces `{name}` in the path with the encoded value.
    pub fn path(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        // A string (nearly every path parameter) is used as it is; anything else is
        // comma-joined like a non-exploded array.
        let text = match json(value)? {
            Value::String(text) => text,
            other => scalars_of(other, false).join(","),
        };
        if text.is_empty() {
            return Err(Error(format!("path parameter `{name}` is empty")));
        }
        if text == "." || text == ".." {
            return Err(Error(format!(
                "path parameter `{name}` is `{text}`, which would change the endpoint"
            )));
        }
        let encoded: std::borrow::Cow<'_, str> = utf8_percent_encode(&text, COMPONENT).into();
        // Every `{name}` of the template, replaced in place.
        let mut from = 0;
        while let Some(at) = self.path[from..].find('{').map(|i| i + from) {
            let end = at + 1 + name.len();
            let is_name = self.path.get(at + 1..end) == Some(name)
                && self.path.as_bytes().get(end) == Some(&b'}');
            if is_name {
                self.path.replace_range(at..=end, &encoded);
                from = at + encoded.len();
            } else {
                from = at + 1;
            }
        }
        Ok(())
    }

    /// Adds a query parameter; `None` adds nothing. With `explode`, arrays repeat the key
    /// and objects become one pair per property; without, both are comma-joined
    /// (`name=a,b` / `name=k1,v1,k2,v2`).
    pub fn query(
        &mut self,
        name: &str,
        value: &impl Serialize,
        explode: bool,
    ) -> Result<(), Error> {
        if explode {
            if let Ok(Value::Object(map)) = serde_json::to_value(value) {
                // `style: form, explode: true` object: one `property=value` pair each.
                for (key, item) in &map {
                    self.query(key, item, true)?;
                }
                return Ok(());
            }
        }
        for v in scalars(value, !explode)? {
            self.query.push(query_pair(name, &v));
        }
        Ok(())
    }

    /// Adds an object as `name[key]=value` pairs (`style: deepObject`); `None` adds nothing,
    /// and a value that is not an object is added like [`Request::query`].
    pub fn query_deep(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(value)
            .map_err(|e| Error(format!("cannot encode parameter: {e}")))?;
        let Value::Object(map) = value else {
            return self.query(name, &value, true);
        };
        for (key, item) in &map {
            self.query_deep(&format!("{name}[{key}]"), item)?;
        }
        Ok(())
    }

    /// Sets a header (replacing one set before); `None` sets nothing.
    pub fn header(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let values = scalars(value, true)?;
        let Some(text) = values.first() else {
            return Ok(());
        };
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error(format!("invalid header name `{name}`")))?;
        let value = HeaderValue::from_str(text)
            .map_err(|_| Error(format!("header `{name}` has a value that cannot be sent")))?;
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds a cookie; `None` adds nothing.
    pub fn cookie(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        for v in scalars(value, true)? {
            self.cookies
                .push(format!("{name}={}", utf8_percent_encode(&v, COMPONENT)));
        }
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json(&mut self, content_type: &str, body: &impl Serialize) -> Result<(), Error> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| Error(format!("cannot encode body: {e}")))?;
        self.set_body(content_type, bytes)
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object.
    pub fn form(&mut self, content_type: &str, body: &impl Serialize) -> Result<(), Error> {
        let value =
            serde_json::to_value(body).map_err(|e| Error(format!("cannot encode body: {e}")))?;
        let Value::Object(map) = value else {
            return Err(Error("a form body must be an object".to_owned()));
        };
        let mut pairs = Vec::with_capacity(map.len());
        for (key, value) in &map {
            for v in scalars(value, false)? {
                pairs.push(query_pair(key, &v));
            }
        }
        self.set_body(content_type, pairs.join("&").into_bytes())
    }

    /// Sets a text body.
    pub fn text(&mut self, content_type: &str, body: &str) -> Result<(), Error> {
        self.set_body(content_type, body.as_bytes().to_vec())
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, _content_type: &str, body: &super::Multipart) -> Result<(), Error> {
        let (content_type, bytes) = body.encode();
        self.set_body(&content_type, bytes)
    }

    /// Sets a raw body.
    pub fn bytes(&mut self, content_type: &str, body: &[u8]) -> Result<(), Error> {
        self.set_body(content_type, body.to_vec())
    }

    /// Sends the request to `url` (a next-page link as the server sent it) instead of
    /// base URL + path + query; `None` keeps the built URL.
    pub fn set_url(&mut self, url: Option<url::Url>) {
        self.url = url;
    }

    /// The same request sent to `url` instead (headers, body and credentials unchanged).
    pub(crate) fn with_url(mut self, url: url::Url) -> Self {
        self.url = Some(url);
        self
    }

    /// `Content-Type: <base>; <name>=<v1>,<v2>` from typed media-type parameter values.
    pub fn media_type(
        base: &str,
        name: &str,
        values: impl IntoIterator<Item = impl std::fmt::Display>,
    ) -> String {
        let values: Vec<String> = values.into_iter().map(|v| v.to_string()).collect();
        if values.is_empty() {
            base.to_owned()
        } else {
            format!("{base}; {name}={}", values.join(","))
        }
    }

    fn set_body(&mut self, content_type: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let content_type = HeaderValue::from_str(content_type)
            .map_err(|_| Error(format!("invalid content type `{content_type}`")))?;
        // `Bytes`: each attempt shares the encoded body instead of copying it.
        self.body = Some((content_type, bytes.into()));
        Ok(())
    }
}

/// A parameter declared with `content: application/json`: its value as JSON text, `None`
/// for an absent value (which then adds nothing).
pub fn json_text(value: &impl Serialize) -> Result<Option<String>, Error> {
    match serde_json::to_value(value) {
        Ok(Value::Null) => Ok(None),
        Ok(value) => Ok(Some(value.to_string())),
        Err(e) => Err(Error(format!("cannot encode parameter: {e}"))),
    }
}

/// One encoded `name=value` query pair.
pub(crate) fn query_pair(name: &str, value: &str) -> String {
    format!(
        "{}={}",
        utf8_percent_encode(name, COMPONENT),
        utf8_percent_encode(value, COMPONENT)
    )
}

/// The textual values of a parameter: nothing for `null`, one for a scalar, one per item
/// for an array (or one comma-joined value when `join`), key and value alternating for an
/// object.
fn json(value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error(format!("cannot encode parameter: {e}")))
}

fn scalars(value: &impl Serialize, join: bool) -> Result<Vec<String>, Error> {
    Ok(scalars_of(json(value)?, join))
}

fn scalars_of(value: Value, join: bool) -> Vec<String> {
    let items: Vec<String> = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| scalar(v).map(|v| [k.clone(), v]))
            .flatten()
            .collect(),
        other => scalar(&other).into_iter().collect(),
    };
    if join && items.len() > 1 {
        return vec![items.join(",")];
    }
    items
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(value: serde_json::Value, explode: bool) -> String {
        let mut request = Request::new(Method::GET, "op", "/x", true);
        request.query("p", &value, explode).expect("encodes");
        request.query.join("&")
    }

    #[test]
    fn query_styles() {
        assert_eq!(query(json!("a b/\"c\""), true), "p=a%20b%2F%22c%22");
        assert_eq!(query(json!(null), true), "");
        assert_eq!(query(json!([1, 2]), true), "p=1&p=2");
        assert_eq!(query(json!([1, 2]), false), "p=1%2C2");
        assert_eq!(query(json!({"k": "v", "n": 1}), true), "k=v&n=1");
        assert_eq!(query(json!({"k": "v", "n": 1}), false), "p=k%2Cv%2Cn%2C1");
        let mut request = Request::new(Method::GET, "op", "/x", true);
        request
            .query_deep("f", &json!({"color": "red", "size": {"min": 1}}))
            .expect("encodes");
        assert_eq!(
            request.query.join("&"),
            "f%5Bcolor%5D=red&f%5Bsize%5D%5Bmin%5D=1"
        );
    }

    #[test]
    fn json_content_parameters_are_json_text() {
        let mut request = Request::new(Method::GET, "op", "/x", true);
        let filter = json!({"color": "red", "sizes": [1, 2]});
        request
            .query("filter", &json_text(&Some(filter)).expect("encodes"), true)
            .expect("query");
        request
            .query("none", &json_text(&None::<Value>).expect("encodes"), true)
            .expect("query");
        assert_eq!(
            request.query.join("&"),
            "filter=%7B%22color%22%3A%22red%22%2C%22sizes%22%3A%5B1%2C2%5D%7D"
        );
    }

    #[test]
    fn path_segments_are_encoded_once() {
        let mut request = Request::new(Method::GET, "op", "/users/{id}", true);
        request.path("id", &"a/b@c.com").expect("encodes");
        assert_eq!(request.path, "/users/a%2Fb%40c.com");
        for refused in ["", ".", ".."] {
            assert!(Request::new(Method::GET, "op", "/u/{id}", true)
                .path("id", &refused)
                .is_err());
        }
        // Encoded forms stay data: `%` is escaped, so they never decode to dot segments.
        for (value, encoded) in [("%2e%2e", "%252e%252e"), ("...", "..."), (".a", ".a")] {
            let mut request = Request::new(Method::GET, "op", "/u/{id}", true);
            request.path("id", &value).expect("encodes");
            assert_eq!(request.path, format!("/u/{encoded}"));
        }
    }
}
