//! The HTTP side: one handler that counts the request, applies an injected fault, checks
//! the API token, routes the operations to the store and answers with Okta's headers
//! (`X-Okta-Request-Id`, `X-Rate-Limit-*`, `ETag`, `Link`) and error bodies.
use crate::faults::{Fault, Faults};
use crate::store::{ListQuery, OktaError, Store};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::Mutex;

/// What the handler shares with [`crate::FakeOkta`].
pub(crate) struct Shared {
    pub(crate) store: Mutex<Store>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) requests: AtomicU64,
}

/// Requests per rate-limit window the fake reports.
const RATE_LIMIT: u64 = 600;
/// Largest request body read.
const MAX_BODY: usize = 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .fallback(handle)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("fake{n:020}");
    let fault = shared.faults.lock().await.next();
    match fault {
        Some(Fault::RateLimited { reset_in }) => {
            let error = OktaError {
                status: 429,
                code: "E0000047",
                summary: "API call exceeded rate limit due to too many requests.".into(),
                causes: Vec::new(),
            };
            return error_response(&error, &request_id, Some(reset_in), 0);
        }
        Some(Fault::Status(status)) => {
            let error = OktaError {
                status,
                code: "E0000009",
                summary: "Internal Server Error".into(),
                causes: Vec::new(),
            };
            return error_response(&error, &request_id, None, RATE_LIMIT - 1);
        }
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::DropConnection) => {
            let broken = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            return Response::builder()
                .status(StatusCode::OK)
                .body(Body::from_stream(broken))
                .unwrap_or_default();
        }
        None => {}
    }
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("SSWS "))
        .is_some_and(|token| token == crate::TOKEN);
    if !authorized {
        return error_response(
            &OktaError::unauthorized(),
            &request_id,
            None,
            RATE_LIMIT - 1,
        );
    }
    match route(&shared, &method, &uri, &headers, &body).await {
        Ok(answer) => answer.into_response(&request_id),
        Err(error) => error_response(&error, &request_id, None, RATE_LIMIT - 1),
    }
}

/// A successful answer before the common headers.
struct Answer {
    status: StatusCode,
    body: Option<Value>,
    etag: Option<String>,
    links: Vec<String>,
}

impl Answer {
    fn json(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            etag: None,
            links: Vec::new(),
        }
    }

    fn into_response(self, request_id: &str) -> Response {
        let mut response = Response::builder()
            .status(self.status)
            .header("x-okta-request-id", request_id);
        response = rate_limit_headers(response, None, RATE_LIMIT - 1);
        if let Some(etag) = &self.etag {
            response = response.header("etag", etag);
        }
        for link in &self.links {
            response = response.header("link", link);
        }
        let body = match &self.body {
            Some(body) => {
                response = response.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        response.body(body).unwrap_or_default()
    }
}

fn rate_limit_headers(
    response: axum::http::response::Builder,
    reset_in: Option<u64>,
    remaining: u64,
) -> axum::http::response::Builder {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let reset = now + reset_in.unwrap_or(60);
    response
        .header("x-rate-limit-limit", RATE_LIMIT)
        .header("x-rate-limit-remaining", remaining)
        .header("x-rate-limit-reset", reset)
}

fn error_response(
    error: &OktaError,
    request_id: &str,
    reset_in: Option<u64>,
    remaining: u64,
) -> Response {
    let body = json!({
        "errorCode": error.code,
        "errorSummary": error.summary,
        "errorLink": error.code,
        "errorId": format!("oae{request_id}"),
        "errorCauses": error
            .causes
            .iter()
            .map(|c| json!({ "errorSummary": c }))
            .collect::<Vec<_>>(),
    });
    let response = Response::builder()
        .status(StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("x-okta-request-id", request_id)
        .header("content-type", "application/json");
    rate_limit_headers(response, reset_in, remaining)
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

async fn route(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Answer, OktaError> {
    let query = query_pairs(uri.query().unwrap_or(""));
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let rest = match uri.path().strip_prefix("/api/v1/users") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return Err(OktaError::not_found(uri.path())),
    };
    let segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let json_body = || -> Result<Value, OktaError> {
        serde_json::from_slice(body).map_err(|e| OktaError {
            status: 400,
            code: "E0000003",
            summary: "The request body was not well-formed.".into(),
            causes: vec![e.to_string()],
        })
    };
    let if_match = headers.get("if-match").and_then(|v| v.to_str().ok());
    let mut store = shared.store.lock().await;
    store.settle();
    match (method.as_str(), segments.as_slice()) {
        ("GET", []) => {
            let list = ListQuery {
                search: param("search").map(str::to_owned),
                filter: param("filter").map(str::to_owned),
                q: param("q").map(str::to_owned),
                after: param("after").map(str::to_owned),
                limit: param("limit").and_then(|l| l.parse().ok()),
            };
            let (users, next) = store.list(&list)?;
            let base = store.base_url();
            let mut keep: Vec<String> = query
                .iter()
                .filter(|(k, _)| k != "after")
                .map(|(k, v)| format!("{k}={}", percent_encode(v)))
                .collect();
            let self_link = format!("<{base}/api/v1/users?{}>; rel=\"self\"", keep.join("&"));
            let mut links = vec![self_link];
            if let Some(cursor) = next {
                keep.insert(0, format!("after={}", percent_encode(&cursor)));
                links.push(format!(
                    "<{base}/api/v1/users?{}>; rel=\"next\"",
                    keep.join("&")
                ));
            }
            Ok(Answer {
                links,
                ..Answer::json(Value::Array(users))
            })
        }
        ("POST", []) => {
            let activate = param("activate") != Some("false");
            let user = store.create(&json_body()?, activate, param("nextLogin"))?;
            Ok(Answer::json(user))
        }
        ("GET", [id]) => {
            let (user, etag) = store.get(id, param("expand") == Some("blocks"))?;
            Ok(Answer {
                etag: Some(etag),
                ..Answer::json(user)
            })
        }
        ("POST", [id]) | ("PUT", [id]) => {
            let replace = method == Method::PUT;
            let (user, etag) = store.update(id, &json_body()?, if_match, replace)?;
            Ok(Answer {
                etag: Some(etag),
                ..Answer::json(user)
            })
        }
        ("DELETE", [id]) => {
            store.delete(id)?;
            Ok(Answer {
                status: StatusCode::NO_CONTENT,
                body: None,
                etag: None,
                links: Vec::new(),
            })
        }
        ("GET", [id, blocks]) if blocks == "blocks" => Ok(Answer::json(store.blocks(id)?)),
        ("POST", [id, group, action]) => {
            let send_email = |default: bool| param("sendEmail").map_or(default, |v| v == "true");
            let answer = match (group.as_str(), action.as_str()) {
                ("lifecycle", "activate") => store.activate(id, send_email(true))?,
                ("lifecycle", "reactivate") => store.reactivate(id, send_email(false))?,
                ("lifecycle", "deactivate") => {
                    let prefer = headers.get("prefer").and_then(|v| v.to_str().ok());
                    store.deactivate(id, prefer == Some("respond-async"))?
                }
                ("lifecycle", "suspend") => store.suspend(id)?,
                ("lifecycle", "unsuspend") => store.unsuspend(id)?,
                ("lifecycle", "unlock") => store.unlock(id)?,
                ("lifecycle", "reset_factors") => store.reset_factors(id)?,
                ("lifecycle", "expire_password") => store.expire_password(id, false)?,
                ("lifecycle", "expire_password_with_temp_password") => {
                    store.expire_password(id, true)?
                }
                ("lifecycle", "reset_password") => {
                    let Some(send_email) = param("sendEmail") else {
                        return Err(OktaError::validation("sendEmail: The field is required"));
                    };
                    store.reset_password(id, send_email == "true")?
                }
                ("credentials", "forgot_password") => {
                    store.forgot_password(id, send_email(true))?
                }
                ("credentials", "change_password") => store.change_password(id, &json_body()?)?,
                ("credentials", "change_recovery_question") => {
                    store.change_recovery_question(id, &json_body()?)?
                }
                ("credentials", "forgot_password_recovery_question") => {
                    store.forgot_password_set(id, &json_body()?)?
                }
                _ => return Err(OktaError::not_found(uri.path())),
            };
            Ok(Answer::json(answer))
        }
        _ => Err(OktaError::not_found(uri.path())),
    }
}

/// `a=1&b=x%20y` as decoded pairs (`+` is a space, as in forms).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Everything but RFC 3986 unreserved characters escaped, as the client escapes.
fn percent_encode(text: &str) -> String {
    const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}
