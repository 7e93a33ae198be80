//! URLs as they may be shown: user name and password (`https://user:pass@host`) replaced,
//! so `Debug` output and error messages never carry credentials embedded in a URL.

use url::Url;

/// `url` with any user info replaced by `<redacted>`.
pub(crate) fn url(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.as_str().to_owned();
    }
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    let _ = shown.set_username("redacted");
    shown.as_str().replacen("redacted@", "<redacted>@", 1)
}

/// A URL given as text: parsed and redacted, or a placeholder when it does not parse (an
/// unparsable string may still hold a password).
pub(crate) fn url_text(text: &str) -> String {
    match Url::parse(text) {
        Ok(parsed) => url(&parsed),
        Err(_) if text.contains('@') => "<unparsable URL with user info>".to_owned(),
        Err(_) => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_info_is_redacted() {
        assert_eq!(
            super::url_text("https://admin:hunter2@org.example.com/api"),
            "https://<redacted>@org.example.com/api"
        );
        assert_eq!(
            super::url_text("https://org.example.com/api"),
            "https://org.example.com/api"
        );
        assert!(!super::url_text("https://a:hunter2 x@y").contains("hunter2"));
    }
}
