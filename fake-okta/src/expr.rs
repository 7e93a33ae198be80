//! Okta's `search` and `filter` expressions: a parser into [`Expr`] and its errors.
//!
//! Grammar (operators and keywords case-insensitive, attribute names case-sensitive;
//! `and` binds tighter than `or`; values are JSON literals, as in SCIM filters,
//! RFC 7644 §3.4.2.2):
//!
//! ```text
//! expr    = and ("or" and)*
//! and     = primary ("and" primary)*
//! primary = "(" expr ")" | attr "pr" | attr op value
//! op      = eq | sw | co | lt | gt | le | ge
//! value   = JSON string | JSON number | true | false | null
//! ```

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `attr op value`.
    Compare {
        /// Attribute path (`profile.lastName`).
        attr: String,
        /// The operator.
        op: Op,
        /// The value.
        value: Value,
    },
    /// `attr pr`.
    Present(String),
    /// Both.
    And(Box<Expr>, Box<Expr>),
    /// Either.
    Or(Box<Expr>, Box<Expr>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `eq`
    Eq,
    /// `sw`
    Sw,
    /// `co`
    Co,
    /// `lt`
    Lt,
    /// `gt`
    Gt,
    /// `le`
    Le,
    /// `ge`
    Ge,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A number.
    Number(serde_json::Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// Why an expression does not parse, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid expression at byte {at}: {reason}")]
pub struct ParseError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What is wrong.
    pub reason: String,
}

/// Longest expression accepted; deeper nesting than this many parentheses is refused too.
const MAX_LEN: usize = 64 * 1024;
const MAX_DEPTH: usize = 64;

/// Parses an expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.len() > MAX_LEN {
        return Err(ParseError {
            at: MAX_LEN,
            reason: "expression too long".into(),
        });
    }
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    parser.skip_space();
    if parser.at < text.len() {
        return Err(parser.error("unexpected text after the expression"));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &str) -> ParseError {
        ParseError {
            at: self.at,
            reason: reason.to_owned(),
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start_matches(' ');
        self.at = self.text.len() - trimmed.len();
    }

    /// A word: letters, digits, `_` and `.`.
    fn word(&mut self) -> &str {
        self.skip_space();
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        let start = self.at;
        self.at += len;
        &self.text[start..self.at]
    }

    /// Consumes `keyword` (case-insensitive, as a whole word) if it comes next.
    fn keyword(&mut self, keyword: &str) -> bool {
        let at = self.at;
        if self.word().eq_ignore_ascii_case(keyword) {
            true
        } else {
            self.at = at;
            false
        }
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.primary()?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        self.skip_space();
        if let Some(rest) = self.rest().strip_prefix('(') {
            if self.depth == MAX_DEPTH {
                return Err(self.error("too deeply nested"));
            }
            self.at = self.text.len() - rest.len();
            self.depth += 1;
            let inner = self.or()?;
            self.depth -= 1;
            self.skip_space();
            let Some(rest) = self.rest().strip_prefix(')') else {
                return Err(self.error("expected `)`"));
            };
            self.at = self.text.len() - rest.len();
            return Ok(inner);
        }
        let attr_at = self.at;
        let attr = self.word().to_owned();
        let valid = attr.starts_with(|c: char| c.is_ascii_alphabetic())
            && !attr.ends_with('.')
            && !attr.contains("..");
        if !valid {
            self.at = attr_at;
            return Err(self.error("expected an attribute"));
        }
        self.skip_space();
        let op_at = self.at;
        let op = match self.word().to_ascii_lowercase().as_str() {
            "pr" => return Ok(Expr::Present(attr)),
            "eq" => Op::Eq,
            "sw" => Op::Sw,
            "co" => Op::Co,
            "lt" => Op::Lt,
            "gt" => Op::Gt,
            "le" => Op::Le,
            "ge" => Op::Ge,
            _ => {
                self.at = op_at;
                return Err(self.error("expected an operator"));
            }
        };
        let value = self.value()?;
        Ok(Expr::Compare { attr, op, value })
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        self.skip_space();
        let rest = self.rest();
        if let Some(body) = rest.strip_prefix('"') {
            // The end of the JSON string: the first `"` not escaped by a backslash.
            let mut escaped = false;
            let end = body.char_indices().find_map(|(i, c)| match (escaped, c) {
                (true, _) => {
                    escaped = false;
                    None
                }
                (false, '\\') => {
                    escaped = true;
                    None
                }
                (false, '"') => Some(i + 2),
                _ => None,
            });
            let Some(end) = end else {
                return Err(self.error("unterminated string"));
            };
            let literal = &rest[..end];
            let text: String =
                serde_json::from_str(literal).map_err(|_| self.error("invalid string"))?;
            self.at += end;
            return Ok(Value::Str(text));
        }
        let word_at = self.at;
        let word = self.rest();
        let len = word.find([' ', ')']).unwrap_or(word.len());
        let token = &word[..len];
        let value = match token {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            number => match serde_json::from_str::<serde_json::Number>(number) {
                Ok(n) => Value::Number(n),
                Err(_) => {
                    self.at = word_at;
                    return Err(self.error("expected a value"));
                }
            },
        };
        self.at += len;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(attr: &str, op: Op, value: Value) -> Expr {
        Expr::Compare {
            attr: attr.into(),
            op,
            value,
        }
    }

    #[test]
    fn precedence_grouping_and_case() {
        let e = parse(r#"a eq "1" OR b Eq 2 and (c pr or d gt true)"#).unwrap();
        let right = Expr::And(
            Box::new(cmp("b", Op::Eq, Value::Number(2.into()))),
            Box::new(Expr::Or(
                Box::new(Expr::Present("c".into())),
                Box::new(cmp("d", Op::Gt, Value::Bool(true))),
            )),
        );
        assert_eq!(
            e,
            Expr::Or(
                Box::new(cmp("a", Op::Eq, Value::Str("1".into()))),
                Box::new(right)
            )
        );
    }

    #[test]
    fn strings_are_json_strings() {
        let e = parse(r#"profile.lastName eq "O'Brien\" or x eq \"y\\""#).unwrap();
        assert_eq!(
            e,
            cmp(
                "profile.lastName",
                Op::Eq,
                Value::Str(r#"O'Brien" or x eq "y\"#.into())
            )
        );
    }

    #[test]
    fn malformed_expressions_are_located_errors() {
        for (text, at) in [
            (r#"status eq "ACTIVE"#, 10),
            ("status ne \"ACTIVE\"", 7),
            ("(status pr", 10),
            ("status eq ACTIVE", 10),
            ("", 0),
            ("status pr pr", 10),
            (".a pr", 0),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text}: {e}");
        }
        let deep = "(".repeat(100) + "a pr" + &")".repeat(100);
        assert!(parse(&deep).is_err());
    }
}
