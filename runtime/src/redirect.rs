//! Redirect policy. The HTTP stack never follows redirects itself; the client follows a
//! `301`/`302`/`303`/`307`/`308` only to the same origin (scheme, host and port), at most
//! [`super::limits::MAX_REDIRECTS`] times per attempt. A redirect to another origin is an
//! [`super::Error::Redirect`]: no credential, body or `Referer` ever leaves the origin the
//! client was configured for. The token endpoint follows no redirect at all.

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Method, StatusCode, Url};

/// What to do with a redirect response.
pub(crate) enum Redirect {
    /// Not a redirect (or one without a usable `Location`): handle the response as is.
    No,
    /// Follow to this same-origin URL with this method; `keep_body` is false when the
    /// redirect turns the request into a body-less `GET`.
    Follow {
        url: Url,
        method: Method,
        keep_body: bool,
    },
    /// The redirect points to another origin (shown as `scheme://host:port`).
    Refuse(String),
}

/// The decision for a response with `status` and `headers` to a `method` request of `url`.
pub(crate) fn decide(
    method: &Method,
    url: &Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Redirect {
    let code = status.as_u16();
    if !matches!(code, 301 | 302 | 303 | 307 | 308) {
        return Redirect::No;
    }
    let Some(target) = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| url.join(l.trim()).ok())
    else {
        return Redirect::No;
    };
    if target.origin() != url.origin() {
        return Redirect::Refuse(target.origin().ascii_serialization());
    }
    let to_get = code == 303 || (matches!(code, 301 | 302) && *method == Method::POST);
    if to_get && *method != Method::HEAD {
        Redirect::Follow {
            url: target,
            method: Method::GET,
            keep_body: false,
        }
    } else {
        Redirect::Follow {
            url: target,
            method: method.clone(),
            keep_body: true,
        }
    }
}
