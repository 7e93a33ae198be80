//! The one place that turns spec names into Rust identifiers: case conversion (via `heck`),
//! keyword escaping, symbol spelling and collision handling.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::{BTreeSet, HashMap};

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Spells out symbols so that values such as `+1`, `-1` or `!=` get distinct names.
fn spell_symbols(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let chars: Vec<char> = raw.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let word = match c {
            '+' => Some("plus"),
            '-' if i == 0 => Some("minus"),
            '!' => Some("not"),
            '=' => Some("eq"),
            '<' => Some("lt"),
            '>' => Some("gt"),
            '*' => Some("star"),
            '/' if chars.len() == 1 => Some("slash"),
            '&' => Some("and"),
            '|' => Some("or"),
            '%' => Some("percent"),
            '@' => Some("at"),
            '#' => Some("hash"),
            '~' => Some("tilde"),
            _ => None,
        };
        match word {
            Some(w) => {
                out.push(' ');
                out.push_str(w);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

fn needs_spelling(raw: &str) -> bool {
    !raw.chars().any(|c| c.is_ascii_alphanumeric()) || raw.starts_with(['+', '-'])
}

/// `UpperCamelCase` name for a type or enum variant.
pub fn type_name(raw: &str) -> String {
    make_name(raw, |s| s.to_upper_camel_case(), "Empty", 'V')
}

/// `snake_case` name for a field, parameter or method.
pub fn value_name(raw: &str) -> String {
    make_name(raw, |s| s.to_snake_case(), "value", '_')
}

/// Case conversion, then only ASCII letters, digits and `_` (so every result is a valid
/// identifier), a fallback for empty names, a prefix before a leading digit, and an
/// underscore after keywords that cannot be raw identifiers.
fn make_name(raw: &str, convert: fn(&str) -> String, empty: &str, digit_prefix: char) -> String {
    let source = if needs_spelling(raw) {
        spell_symbols(raw)
    } else {
        raw.to_owned()
    };
    let mut name = convert(&source);
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        name = empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, digit_prefix);
    }
    if RESERVED.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An identifier token for a name made by [`type_name`] or [`value_name`], escaping
/// keywords as raw identifiers.
pub fn ident(name: &str) -> Ident {
    if RAW_KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A namespace in which every claimed name is unique. Collisions get `2`, `3`, … appended.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
    /// Per colliding candidate, the next suffix to try, so that `n` claims of one name
    /// take `n` steps, not `n²`.
    next_suffix: HashMap<String, usize>,
}

impl Scope {
    /// A scope with names already taken (by generated code of our own).
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            used: names.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// Claims `candidate`, or the first free `candidate2`, `candidate3`, ….
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.used.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        let sep = if candidate.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let start = self.next_suffix.get(candidate).copied().unwrap_or(2);
        let (n, name) = (start..)
            .map(|n| (n, format!("{candidate}{sep}{n}")))
            .find(|(_, name)| self.used.insert(name.clone()))
            .unwrap_or_default();
        self.next_suffix.insert(candidate.to_owned(), n + 1);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("user_type"), "UserType");
        assert_eq!(type_name("SHA-256"), "Sha256");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name("!="), "NotEq");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(value_name("type"), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("$ref"), "ref");
        assert_eq!(value_name("recovery_question"), "recovery_question");
        assert_eq!(value_name("If-Match"), "if_match");
        assert_eq!(value_name("1st"), "_1st");
        // Only ASCII survives, so every name is a valid identifier.
        assert_eq!(value_name("größe²"), "gre");
        assert_eq!(type_name("名前"), "Empty");
    }

    #[test]
    fn scope_dedups() {
        let mut s = Scope::with_reserved(&["client"]);
        assert_eq!(s.claim("client"), "client2");
        assert_eq!(s.claim("a"), "a");
        assert_eq!(s.claim("a"), "a2");
        assert_eq!(s.claim("v1"), "v1");
        assert_eq!(s.claim("v1"), "v1_2");
    }
}
