//! Spec text to rustdoc: one `#[doc]` attribute per line, made safe for rustdoc.
//!
//! Every string from a spec that reaches documentation passes through [`sanitize`], which
//! guarantees that spec text never becomes code or markup:
//! - every fenced block (backticks or tildes, at any indentation, inside blockquotes or
//!   list items, with any info string) becomes a ```` ```text ```` block that rustdoc
//!   neither compiles nor runs, and nothing inside it can close it early;
//! - no line keeps leading white space after its blockquote and list markers, so no
//!   indented code block (a doctest) can form;
//! - raw HTML (`<script>`, comments, any tag) is escaped, custom elements (`<x-lifecycle>`)
//!   are dropped, and only `http(s)`/`mailto` autolinks and link targets stay links;
//! - bare URLs become autolinks and stray `[text]` is escaped (rustdoc lints).

/// `#[doc]` attributes for `text` (nothing when there is none).
pub fn doc_tree(text: Option<&str>) -> Vec<syn::Attribute> {
    doc_lines(text)
        .iter()
        .map(|line| super::template::doc_attr(line))
        .collect()
}

/// `#![doc]` attributes (for the crate root) for `text`.
pub fn inner_doc_tree(text: &str) -> Vec<syn::Attribute> {
    doc_lines(Some(text))
        .iter()
        .map(|line| super::template::inner_doc_attr(line))
        .collect()
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

/// `text` as one inline code span: on one line (white space runs become one space), and
/// delimited by a backtick run longer than any inside it, so no spec string can end the
/// span, start a line, or open a block.
pub fn code(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return "`\"\"`".to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// An open fence of the spec's text: its character and length.
type Fence = (char, usize);

/// The lines of `text` as rustdoc-safe Markdown.
pub fn sanitize(text: &str) -> Vec<String> {
    let normal = |c: char| !c.is_control() || c == '\n' || c == '\t';
    let text: std::borrow::Cow<str> = if text.chars().all(normal) {
        text.into()
    } else {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| normal(*c))
            .collect::<String>()
            .into()
    };
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for raw in text.trim().lines() {
        let raw = raw.trim_end();
        let (markers, content) = split_containers(raw);
        match (fence_marker(content), open) {
            (Some(marker), None) => {
                out.push("```text".to_owned());
                open = Some((marker.0, marker.1));
            }
            (Some((c, n, rest)), Some((oc, on))) if c == oc && n >= on && rest.is_empty() => {
                out.push("```".to_owned());
                open = None;
            }
            (Some(_), Some(_)) => out.push(format!("    {}", raw.trim_start())),
            (None, Some(_)) => out.push(raw.to_owned()),
            // Most lines hold nothing any rewrite below would touch.
            (None, None) if !content.contains(['<', '[', ']']) && !content.contains("http") => {
                out.push(format!("{markers}{content}"));
            }
            (None, None) => out.push(format!(
                "{markers}{}",
                escape_brackets(&link_urls(&escape_html(&strip_custom_tags(content))))
            )),
        }
    }
    if open.is_some() {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Splits a line into its container markers (blockquote `>` and list markers, normalised to
/// one space each) and its content without leading white space.
fn split_containers(line: &str) -> (String, &str) {
    let mut markers = String::new();
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            markers.push_str("> ");
            rest = after.trim_start();
            continue;
        }
        let bullet = rest.starts_with(['-', '*', '+']).then_some(1);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = ((1..=9).contains(&digits)
            && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')))
        .then_some(digits + 1);
        let Some(len) = bullet.or(ordered) else {
            break;
        };
        let after = &rest[len..];
        if !(after.is_empty() || after.starts_with([' ', '\t'])) {
            break;
        }
        markers.push_str(&rest[..len]);
        markers.push(' ');
        rest = after.trim_start();
    }
    (markers, rest)
}

/// A fence line: its character, its length and what follows it.
fn fence_marker(content: &str) -> Option<(char, usize, &str)> {
    let c = content.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = content.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, content[n..].trim()))
}

/// Escapes the start of every HTML construct (`<tag`, `</tag`, `<!--`, `<?`) outside code
/// spans, keeping `http(s)`/`mailto` autolinks.
fn escape_html(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let n = rest.chars().nth(1).map_or(1, |next| 1 + next.len_utf8());
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if c == '`' {
            let run = rest.chars().take_while(|x| *x == '`').count();
            let fence = &rest[..run];
            let span_end = rest[run..].find(fence).filter(|&i| {
                let after = &rest[run + i + run..];
                !after.starts_with('`')
            });
            let end = span_end.map_or(run, |i| run + i + run);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '<' {
            let next = rest[1..].chars().next();
            let tag_like =
                next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
            if tag_like && !is_safe_autolink(rest) {
                out.push_str("&lt;");
                rest = &rest[1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// True when `text` starts with `<http://…>`, `<https://…>` or `<mailto:…>` (no spaces).
fn is_safe_autolink(text: &str) -> bool {
    let Some(end) = text.find('>') else {
        return false;
    };
    let inner = text[1..end].to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| inner.starts_with(p))
        && !inner.contains(|c: char| c.is_whitespace() || c == '<')
}

/// True for link targets that are web or mail addresses, or relative.
fn is_safe_target(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        || !lower
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':')
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
        let bare = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '"' | '\'' | '='));
        if at_url && bare {
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
                let web_link = chars.get(close + 1) == Some(&'(') && {
                    let target: String = chars[close + 2..]
                        .iter()
                        .take_while(|&&c| c != ')')
                        .collect();
                    is_safe_target(&target)
                };
                if web_link || code_link {
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
    fn spec_text_never_opens_code_or_html() {
        let text = "a\n~~~rust\nfn main() {}\n```\n~~~\n> ```\n> x\n> ```\n- ~~~sh\n    \\`\\`\\`\n  ~~~\n1.     code\n\tcode\n<script>alert(1)</script> `<b>` <https://x.y/z> [j](javascript:alert(1))";
        assert_eq!(
            sanitize(text),
            vec![
                "a",
                "```text",
                "fn main() {}",
                "    ```",
                "```",
                "```text",
                "> x",
                "```",
                "```text",
                "    \\`\\`\\`",
                "```",
                "1. code",
                "code",
                "&lt;script>alert(1)&lt;/script> `<b>` <https://x.y/z> \\[j\\](javascript:alert(1))",
            ]
        );
    }

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
