//! What the fake does with a parsed `search` or `filter`: checks it against what the
//! parameter allows, and evaluates it on a stored user.
use crate::expr::{Expr, Op, Value};
use std::cmp::Ordering;

/// The two query parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    Search,
    Filter,
}

/// Profile attributes Okta indexes for `co`.
const CONTAINS: &[&str] = &[
    "profile.firstName",
    "profile.lastName",
    "profile.email",
    "profile.login",
];

/// Attributes `filter` accepts.
const FILTERABLE: &[&str] = &[
    "status",
    "lastUpdated",
    "id",
    "profile.login",
    "profile.email",
    "profile.firstName",
    "profile.lastName",
];

/// Why `expr` is not allowed in `param`, if it is not.
pub(crate) fn check(expr: &Expr, param: Param) -> Result<(), String> {
    match expr {
        Expr::And(a, b) | Expr::Or(a, b) => {
            check(a, param)?;
            check(b, param)
        }
        Expr::Present(attr) => match param {
            Param::Search => Ok(()),
            Param::Filter => Err(format!("`pr` is not supported by filter ({attr})")),
        },
        Expr::Compare { attr, op, .. } => match param {
            Param::Search if *op == Op::Co && !CONTAINS.contains(&attr.as_str()) => {
                Err(format!("`co` is not supported for {attr}"))
            }
            Param::Search => Ok(()),
            Param::Filter if !FILTERABLE.contains(&attr.as_str()) => {
                Err(format!("{attr} cannot be filtered"))
            }
            Param::Filter if *op != Op::Eq && attr != "lastUpdated" => {
                Err(format!("only `eq` is supported for {attr} in filter"))
            }
            Param::Filter => Ok(()),
        },
    }
}

/// True when `user` satisfies `expr`.
pub(crate) fn matches(expr: &Expr, user: &serde_json::Value) -> bool {
    match expr {
        Expr::And(a, b) => matches(a, user) && matches(b, user),
        Expr::Or(a, b) => matches(a, user) || matches(b, user),
        Expr::Present(attr) => lookup(user, attr).is_some_and(|v| match v {
            serde_json::Value::Null => false,
            serde_json::Value::String(s) => !s.is_empty(),
            _ => true,
        }),
        Expr::Compare { attr, op, value } => match lookup(user, attr) {
            // Array attributes match when one element does.
            Some(serde_json::Value::Array(items)) => items.iter().any(|v| compare(v, *op, value)),
            Some(v) => compare(v, *op, value),
            None => *value == Value::Null && *op == Op::Eq,
        },
    }
}

fn lookup<'a>(user: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(user, |node, key| node.get(key))
}

fn compare(field: &serde_json::Value, op: Op, value: &Value) -> bool {
    match (field, value) {
        (serde_json::Value::String(field), Value::Str(value)) => {
            // Values compare case-insensitively.
            let (field, value) = (field.to_lowercase(), value.to_lowercase());
            match op {
                Op::Eq => field == value,
                Op::Sw => field.starts_with(&value),
                Op::Co => field.contains(&value),
                _ => ordered(field.cmp(&value), op),
            }
        }
        (serde_json::Value::Number(field), Value::Number(value)) => {
            match (field.as_f64(), value.as_f64()) {
                (Some(a), Some(b)) => a.partial_cmp(&b).is_some_and(|o| ordered(o, op)),
                _ => false,
            }
        }
        (serde_json::Value::Bool(field), Value::Bool(value)) => op == Op::Eq && field == value,
        (serde_json::Value::Null, Value::Null) => op == Op::Eq,
        _ => false,
    }
}

fn ordered(ordering: Ordering, op: Op) -> bool {
    match op {
        Op::Eq => ordering == Ordering::Equal,
        Op::Lt => ordering == Ordering::Less,
        Op::Gt => ordering == Ordering::Greater,
        Op::Le => ordering != Ordering::Greater,
        Op::Ge => ordering != Ordering::Less,
        Op::Sw | Op::Co => false,
    }
}
