//! The hostile-docs fixture (every fence style and raw HTML in every position) yields docs
//! with no raw HTML: outside inline code, every `<` that could open a tag is escaped, and
//! only `http(s)`/`mailto` autolinks remain. (That it yields no doctest is checked by the
//! standalone build, which runs `cargo test --doc` on its crate.)

use generator::{generate, Config};

/// The doc text of a generated line (`///`, `//!`, or a `#[doc = "..."]` attribute).
fn doc_text(line: &str) -> Option<&str> {
    let line = line.trim_start();
    line.strip_prefix("///")
        .or_else(|| line.strip_prefix("//!"))
        .or_else(|| line.strip_prefix("#[doc = \""))
}

/// `text` without its inline code spans.
fn outside_code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = &rest[start..start + run];
        match rest[start + run..].find(fence) {
            Some(end) => rest = &rest[start + run + end + run..],
            None => {
                out.push_str(fence);
                rest = &rest[start + run..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn no_raw_html_reaches_the_docs() {
    let spec = include_str!("../../tests/fixtures/hostile-docs.yaml");
    let generated = generate(spec, &Config::default()).expect("generates");
    let mut checked = 0;
    for file in generated
        .files
        .iter()
        .filter(|f| !f.path.contains("runtime"))
    {
        // Inside the sanitizer's ```text blocks everything is literal text.
        let mut in_text_block = false;
        for line in file.contents.lines() {
            let Some(text) = doc_text(line) else {
                in_text_block = false;
                continue;
            };
            match text.trim() {
                "```text" => in_text_block = true,
                "```" => in_text_block = false,
                _ => {}
            }
            if in_text_block {
                continue;
            }
            checked += 1;
            let text = outside_code(text);
            for (i, _) in text.match_indices('<') {
                let after = &text[i + 1..];
                let tag_like =
                    after.starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c));
                let autolink = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| after.starts_with(p));
                assert!(!tag_like || autolink, "{}: raw HTML in `{line}`", file.path);
            }
            for (i, _) in text.match_indices("](javascript:") {
                let escaped = text[..i].ends_with('\\');
                assert!(escaped, "{}: script link in `{line}`", file.path);
            }
        }
    }
    assert!(checked > 50, "only {checked} doc lines found");
}
