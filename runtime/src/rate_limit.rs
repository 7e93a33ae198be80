//! [`RateLimit`]: the rate-limit state a response reports, and the wait a `429` asks for.
//!
//! The wait is `reset − Date + 1 s`, measured against the server's clock (the `Date`
//! header), or `Retry-After` when the server sends that instead. Missing, malformed or
//! duplicated headers yield no wait, so the caller falls back to bounded backoff. All
//! arithmetic on server-supplied numbers saturates: no value can overflow or panic.

use crate::settings::RateLimitHeaders;
use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use std::time::Duration;

/// Rate-limit state reported by a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// The state in `headers`, if any rate-limit header is present.
    pub(crate) fn from_headers(headers: &HeaderMap, names: &RateLimitHeaders) -> Option<Self> {
        let state = Self {
            limit: names.limit.and_then(|n| single_u64(headers, n)),
            remaining: names.remaining.and_then(|n| single_u64(headers, n)),
            reset: names.reset.and_then(|n| single_u64(headers, n)),
        };
        (state != Self::default()).then_some(state)
    }
}

/// The value of header `name` as an integer, if it occurs exactly once and parses.
fn single_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    single_header(headers, name)?.trim().parse().ok()
}

/// How long a `429` response asks the client to wait, if its headers say so unambiguously.
pub(crate) fn wait_from_headers(headers: &HeaderMap, names: &RateLimitHeaders) -> Option<Duration> {
    if let Some(reset_name) = names.reset {
        if headers.contains_key(reset_name) {
            let reset = single_u64(headers, reset_name)?;
            let date = single_header(headers, DATE.as_str())?;
            let now = chrono::DateTime::parse_from_rfc2822(date.trim())
                .ok()?
                .timestamp();
            let now = u64::try_from(now).ok()?;
            return Some(Duration::from_secs(
                reset.saturating_sub(now).saturating_add(1),
            ));
        }
    }
    let retry_after = single_header(headers, RETRY_AFTER.as_str())?;
    if let Ok(seconds) = retry_after.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(retry_after.trim())
        .ok()?
        .timestamp();
    let date = single_header(headers, DATE.as_str())?;
    let now = chrono::DateTime::parse_from_rfc2822(date.trim())
        .ok()?
        .timestamp();
    Some(Duration::from_secs(
        u64::try_from(at.saturating_sub(now)).unwrap_or(0),
    ))
}

fn single_header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return None;
    }
    first.to_str().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn extreme_values_saturate_instead_of_panicking() {
        let date = "Thu, 01 Jan 1970 00:00:00 GMT";
        let names = RateLimitHeaders {
            limit: None,
            remaining: None,
            reset: Some("x-rate-limit-reset"),
        };
        if let Some(reset) = names.reset {
            let max = u64::MAX.to_string();
            let wait =
                wait_from_headers(&headers(&[(reset, max.as_str()), ("date", date)]), &names);
            assert_eq!(wait, Some(Duration::from_secs(u64::MAX)));
            let past = headers(&[(reset, "0"), ("date", "Fri, 31 Dec 9999 23:59:59 GMT")]);
            assert_eq!(
                wait_from_headers(&past, &names),
                Some(Duration::from_secs(1))
            );
        }
        let far = headers(&[
            ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"),
            ("date", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ]);
        assert!(wait_from_headers(&far, &names).is_some());
        let before_epoch = headers(&[
            ("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT"),
            ("date", "Fri, 31 Dec 9999 23:59:59 GMT"),
        ]);
        assert_eq!(
            wait_from_headers(&before_epoch, &names),
            Some(Duration::ZERO)
        );
        let huge = headers(&[("retry-after", "99999999999999999999999")]);
        assert_eq!(wait_from_headers(&huge, &names), None);
    }
}
