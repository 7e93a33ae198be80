//! Link-header pagination: [`Page`] (one page and where the next one is), parsing of
//! `Link: <…>; rel="next"` in every form servers send it, and the item stream that follows
//! the links.
//!
//! The next URL is followed as the server gives it (the cursor stays opaque and is never
//! re-encoded), but only on the client's own origin, so credentials never go elsewhere. A
//! rejected link does not lose its page: the page's items come first, then the error. A
//! stream ends with [`Error::Pagination`] when a next URL repeats one it already fetched
//! (a server looping on itself) or when the client's page limit is reached.

use super::request::Request;
use super::settings::Api;
use super::{Client, Error, Response};
use futures_util::Stream;
use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use url::Url;

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    /// The next page's URL, or why the server's link to it was not accepted.
    next: Option<Result<Url, String>>,
    cursor_param: &'static str,
}

impl<T> Page<T> {
    pub(crate) fn new(
        items: Vec<T>,
        next: Option<Result<Url, String>>,
        cursor_param: &'static str,
    ) -> Self {
        Self {
            items,
            next,
            cursor_param,
        }
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, consuming it.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The URL of the next page (`Link: <…>; rel="next"`), if there is one and it is on
    /// the client's origin.
    pub fn next_url(&self) -> Option<&Url> {
        self.next.as_ref()?.as_ref().ok()
    }

    /// Why the server's next-page link was not followed (another origin, unparsable), if
    /// it sent one that was refused.
    pub fn next_link_error(&self) -> Option<&str> {
        self.next.as_ref()?.as_ref().err().map(String::as_str)
    }

    /// The opaque cursor of the next page, decoded, ready to pass to the cursor setter.
    pub fn next_cursor(&self) -> Option<String> {
        let next = self.next_url()?;
        next.query_pairs()
            .find(|(k, _)| k == self.cursor_param)
            .map(|(_, v)| v.into_owned())
    }

    /// True when the server announced no next page.
    pub fn is_last(&self) -> bool {
        self.next.is_none()
    }
}

impl<T> std::ops::Deref for Page<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The target of the first `rel="next"` link over all `Link` header lines, each of which
/// may hold several comma-separated links.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(split_links)
        .find_map(|link| {
            let (target, params) = parse_link(link)?;
            params
                .iter()
                .any(|(k, v)| {
                    k.eq_ignore_ascii_case("rel")
                        && v.split_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
                })
                .then(|| target.to_owned())
        })
}

/// Splits a header value at the commas that separate links (not those inside `<…>` or quotes).
fn split_links(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut in_uri, mut in_quotes) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            '<' if !in_quotes => in_uri = true,
            '>' if !in_quotes => in_uri = false,
            '"' if !in_uri => in_quotes = !in_quotes,
            ',' if !in_uri && !in_quotes => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// `<target>; name="value"; name=value` → the target and the parameters, unquoted.
fn parse_link(link: &str) -> Option<(&str, Vec<(&str, &str)>)> {
    let link = link.trim();
    let rest = link.strip_prefix('<')?;
    let end = rest.find('>')?;
    let target = rest[..end].trim();
    let params = rest[end + 1..]
        .split(';')
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim(), v.trim().trim_matches('"')))
        })
        .collect();
    Some((target, params))
}

/// Resolves a next link against the URL it came from and keeps it only on the same origin.
pub(crate) fn resolve_next(current: &Url, target: &str) -> Result<Url, String> {
    let next = current
        .join(target)
        .map_err(|e| format!("unusable next-page link: {e}"))?;
    if next.origin() != current.origin() {
        return Err(format!(
            "next-page link points to another origin ({}); not followed",
            next.origin().ascii_serialization()
        ));
    }
    Ok(next)
}

/// Every page of a list as a stream: each with its items, status, headers, request id and
/// rate limit. Returned by the `pages()` method of paged operations.
pub type PageStream<T, A> =
    std::pin::Pin<Box<dyn Stream<Item = Result<Response<Page<T>>, Error<A>>> + Send + 'static>>;

/// Where a stream stands between pages.
struct Cursor<A: Api> {
    /// The request for the next page; `None` once the stream is over.
    next: Option<Result<Request, Error<A>>>,
    /// An error to yield after the page just yielded (a refused or looping next link).
    pending: Option<Error<A>>,
    /// Hashes of the next-page URLs fetched so far, to detect a server that loops.
    seen: HashSet<u64>,
    pages: u64,
}

/// Every page, starting with `first` and following `rel="next"` links. The stream ends
/// after the last page or the first error; a page whose next link is refused or repeats
/// one already fetched comes first, then the error.
pub fn pages<T: DeserializeOwned + Send + 'static, A: Api>(
    client: Client<A>,
    first: Result<Request, Error<A>>,
    cursor_param: &'static str,
) -> PageStream<T, A> {
    let state = Cursor {
        next: Some(first),
        pending: None,
        seen: HashSet::new(),
        pages: 0,
    };
    Box::pin(futures_util::stream::unfold(state, move |mut state| {
        let client = client.clone();
        async move {
            if let Some(e) = state.pending.take() {
                state.next = None;
                return Some((Err(e), state));
            }
            let request = match state.next.take()? {
                Ok(request) => request,
                Err(e) => return Some((Err(e), state)),
            };
            if let Some(limit) = client.inner.max_pages.filter(|&l| state.pages >= l) {
                let e = Error::Pagination(format!("stopped after the page limit of {limit}"));
                return Some((Err(e), state));
            }
            state.pages += 1;
            let follow = request.clone();
            match client.execute_page::<T, ()>(request, cursor_param).await {
                Ok(response) => {
                    match &response.body().next {
                        Some(Ok(url)) if !state.seen.insert(url_hash(url)) => {
                            state.pending = Some(Error::Pagination(
                                "the next-page link repeats a page already fetched; the server is looping".to_owned(),
                            ));
                        }
                        Some(Ok(url)) => state.next = Some(Ok(follow.with_url(url.clone()))),
                        Some(Err(why)) => state.pending = Some(Error::Pagination(why.clone())),
                        None => {}
                    }
                    Some((Ok(response), state))
                }
                Err(e) => Some((Err(e), state)),
            }
        }
    }))
}

/// Every item of every page (see [`pages`]); one page is held in memory at a time. It is
/// boxed once so that callers can poll it without pinning it themselves.
pub fn paginate<T: DeserializeOwned + Send + 'static, A: Api>(
    client: Client<A>,
    first: Result<Request, Error<A>>,
    cursor_param: &'static str,
) -> impl Stream<Item = Result<T, Error<A>>> + Unpin + Send + 'static {
    use futures_util::future::{ready, Either};
    use futures_util::{stream, StreamExt};
    // Items are yielded from the page's own vector, not copied into a second one.
    pages::<T, A>(client, first, cursor_param).flat_map(|page| match page {
        Ok(response) => Either::Left(stream::iter(response.into_body().items.into_iter().map(Ok))),
        Err(e) => Either::Right(stream::once(ready(Err(e)))),
    })
}

fn url_hash(url: &Url) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    url.as_str().hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(LINK, HeaderValue::from_str(v).expect("header"));
        }
        map
    }

    #[test]
    fn finds_next_in_any_header_form() {
        let next = Some("https://o/u?after=a%2Cb".to_owned());
        assert_eq!(
            next_link(&headers(&[
                "<https://o/u>; rel=\"self\"",
                "<https://o/u?after=a%2Cb>; rel=\"next\""
            ])),
            next
        );
        assert_eq!(
            next_link(&headers(&[
                "<https://o/u>; rel=\"self\", <https://o/u?after=a%2Cb>; rel=next"
            ])),
            next
        );
        assert_eq!(
            next_link(&headers(&[
                "<https://o/u?after=a%2Cb>; title=\"a, b\"; rel=\"prev next\""
            ])),
            next
        );
        assert_eq!(next_link(&headers(&["<https://o/u>; rel=\"self\""])), None);
        assert_eq!(
            next_link(&headers(&["garbage", "<unterminated; rel=next"])),
            None
        );
    }

    #[test]
    fn next_links_stay_on_the_same_origin() {
        let current = Url::parse("https://org.example.com/api/v1/users?limit=2").expect("url");
        let relative = resolve_next(&current, "/api/v1/users?after=x").expect("same origin");
        assert_eq!(
            relative.as_str(),
            "https://org.example.com/api/v1/users?after=x"
        );
        assert!(resolve_next(&current, "https://evil.example.com/x").is_err());
        assert!(resolve_next(&current, "http://org.example.com/x").is_err());
    }
}
