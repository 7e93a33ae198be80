//! What `okta_users::query` builds is what the fake's parser reads: any string value comes
//! back unchanged (quotes, backslashes, control characters, any Unicode), and the parsed
//! tree is the tree that was built, however the expressions were combined.
use fake_okta::expr::{parse, Expr, Op, Value};
use okta_users::query::{search, Profile, Search};
use okta_users::types::UserStatus;
use proptest::prelude::*;

/// One clause, built with the query builder, and the tree the parser must read from it.
fn clause() -> impl Strategy<Value = (Search, Expr)> {
    // Any Unicode scalar values, control characters, quotes and backslashes included
    // (`any::<String>()` would leave out control characters).
    let text = prop::collection::vec(any::<char>(), 0..24)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let profile = prop::sample::select(Profile::ALL.to_vec());
    prop_oneof![
        text.clone().prop_map(|v| (
            search::last_name().co(&v),
            compare("profile.lastName", Op::Co, Value::Str(v))
        )),
        (profile, text.clone()).prop_map(|(p, v)| (
            search::profile(p).eq(&v),
            compare(&format!("profile.{}", p.as_str()), Op::Eq, Value::Str(v))
        )),
        text.clone()
            .prop_map(|v| (search::id().sw(&v), compare("id", Op::Sw, Value::Str(v)))),
        any::<i64>().prop_map(|n| (
            search::custom("badgeNumber").ge(n),
            compare("profile.badgeNumber", Op::Ge, Value::Number(n.into()))
        )),
        any::<bool>().prop_map(|b| (
            search::custom("isContractor").eq(b),
            compare("profile.isContractor", Op::Eq, Value::Bool(b))
        )),
        Just((
            search::status().eq(UserStatus::LockedOut),
            compare("status", Op::Eq, Value::Str("LOCKED_OUT".into()))
        )),
        Just((search::email().pr(), Expr::Present("profile.email".into()))),
    ]
}

fn compare(attr: &str, op: Op, value: Value) -> Expr {
    Expr::Compare {
        attr: attr.to_owned(),
        op,
        value,
    }
}

/// Clauses combined with `and`/`or` in any shape.
fn expression() -> impl Strategy<Value = (Search, Expr)> {
    clause().prop_recursive(4, 24, 2, |inner| {
        (inner.clone(), inner, any::<bool>()).prop_map(|((a, ea), (b, eb), and)| {
            if and {
                (a.and(b), Expr::And(Box::new(ea), Box::new(eb)))
            } else {
                (a.or(b), Expr::Or(Box::new(ea), Box::new(eb)))
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn built_expressions_parse_back_to_what_was_built((built, tree) in expression()) {
        let parsed = parse(built.as_str());
        prop_assert_eq!(parsed, Ok(tree), "{}", built.as_str());
    }
}

#[test]
fn a_value_cannot_widen_the_query() {
    let hostile = r#"x" or status eq "ACTIVE"#;
    let built = search::last_name().eq(hostile);
    assert_eq!(
        parse(built.as_str()),
        Ok(compare(
            "profile.lastName",
            Op::Eq,
            Value::Str(hostile.into())
        ))
    );
}
