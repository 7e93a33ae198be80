//! Spec descriptions to rustdoc: one `#[doc]` attribute per line, made safe for rustdoc.
//!
//! Descriptions are Markdown written for web pages. Indented blocks and untagged fences
//! would become doctests, custom HTML elements (`<x-lifecycle>`) and bare URLs trigger
//! rustdoc lints, and `[text]` reads as an intra-doc link; all are rewritten here.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text` (nothing when there is none).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc]` attributes (for the crate root) for `text`.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(Some(text));
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    sanitize(text)
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// The lines of `text` as rustdoc-safe Markdown.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let trimmed = raw.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                let lang = lang.trim();
                out.push(if lang == "rust" {
                    "```rust,ignore".to_owned()
                } else {
                    "```text".to_owned()
                });
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        out.push(escape_brackets(&link_urls(&strip_custom_tags(
            trimmed.trim_end(),
        ))));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Removes HTML tags whose name contains `-` (custom elements), keeping their content.
fn strip_custom_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        match after.find('>') {
            Some(end) if name.contains('-') => rest = &after[end + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Wraps bare `http(s)://` URLs in `<…>` so rustdoc renders them as links.
fn link_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut prev: Option<char> = None;
    let mut rest = line;
    while !rest.is_empty() {
        let at_url = rest.starts_with("http://") || rest.starts_with("https://");
        if at_url && prev.is_none_or(char::is_whitespace) {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            prev = Some('>');
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Escapes `[` and `]` unless they form a Markdown link `[text](url)` or an intra-doc
/// link to code, ``[`Item`]``.
fn escape_brackets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut keep = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            if let Some(close) = chars[i + 1..]
                .iter()
                .position(|&c| c == ']')
                .map(|p| p + i + 1)
            {
                let code_link = close > i + 2 && chars[i + 1] == '`' && chars[close - 1] == '`';
                if chars.get(close + 1) == Some(&'(') || code_link {
                    keep[i] = true;
                    keep[close] = true;
                    i = close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if (c == '[' || c == ']') && !keep[i] && (i == 0 || chars[i - 1] != '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn rewrites_markdown_hazards() {
        let text = "See <x-lifecycle class=\"ea\"></x-lifecycle>EA at https://example.com/a.\n    indented\n```\ncode\n```\n[link](u) and [x]";
        assert_eq!(
            sanitize(text),
            vec![
                "See EA at <https://example.com/a>.",
                "indented",
                "```text",
                "code",
                "```",
                "[link](u) and \\[x\\]",
            ]
        );
    }
}
