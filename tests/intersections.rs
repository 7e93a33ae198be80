//! Random pairs of compatible object schemas and a value valid for both: the inputs of the
//! `allOf`-intersection property (`allof_property.rs` checks the generator keeps every
//! pair typed; `standalone_crates.rs` compiles a sample and round-trips each value).
//!
//! Compatible means some value satisfies both, which is how the pairs are built: from one
//! value outward, each side adds what JSON Schema lets it add without excluding that value
//! (an annotation format, a constraint, an enum holding it, `number` where the other says
//! `integer`, a property of its own, `nullable`).

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Two schemas and a value both accept.
#[derive(Debug, Clone)]
pub struct Pair {
    pub a: Value,
    pub b: Value,
    pub value: Value,
}

const ANNOTATION_FORMATS: [&str; 6] = ["", "uri", "email", "hostname", "uuid", "uri-template"];

/// A string schema accepting `value`: maybe a format that only annotates, a length bound,
/// an enum holding `value` and one value of its own (`tag` tells the sides' enums apart).
fn string_side(value: &'static str, tag: u8) -> impl Strategy<Value = Value> {
    (0..ANNOTATION_FORMATS.len(), any::<bool>(), any::<bool>()).prop_map(
        move |(format, with_enum, bounded)| {
            let mut s = json!({"type": "string"});
            if format > 0 {
                s["format"] = json!(ANNOTATION_FORMATS[format]);
            }
            if with_enum {
                s["enum"] = json!([value, format!("{value}-{tag}")]);
            }
            if bounded {
                s["maxLength"] = json!(64);
            }
            s
        },
    )
}

fn strings() -> impl Strategy<Value = Pair> {
    prop::sample::select(vec!["alpha", "beta", "gamma-ray"]).prop_flat_map(|v| {
        (string_side(v, 1), string_side(v, 2)).prop_map(move |(a, b)| Pair {
            a,
            b,
            value: json!(v),
        })
    })
}

/// A timestamp on one side or both; the other side a plain (maybe bounded) string.
fn timestamps() -> impl Strategy<Value = Pair> {
    (0..3u8, any::<bool>()).prop_map(|(which, bounded)| {
        let stamp = json!({"type": "string", "format": "date-time"});
        let plain = if bounded {
            json!({"type": "string", "minLength": 1})
        } else {
            json!({"type": "string"})
        };
        let (a, b) = match which {
            0 => (stamp.clone(), stamp),
            1 => (stamp, plain),
            _ => (plain, stamp),
        };
        Pair {
            a,
            b,
            value: json!("2024-02-29T23:59:59.125+01:00"),
        }
    })
}

const NUMERIC: [(&str, &str); 6] = [
    ("integer", ""),
    ("integer", "int32"),
    ("integer", "int64"),
    ("number", ""),
    ("number", "double"),
    ("number", "float"),
];

/// `integer` and `number` in any formats; an integer value when either side is an integer.
fn numbers() -> impl Strategy<Value = Pair> {
    (0..NUMERIC.len(), 0..NUMERIC.len(), -1000i64..1000).prop_map(|(a, b, n)| {
        let side = |i: usize| {
            let (ty, format) = NUMERIC[i];
            let mut s = json!({"type": ty, "minimum": -5000});
            if !format.is_empty() {
                s["format"] = json!(format);
            }
            s
        };
        let integer = NUMERIC[a].0 == "integer" || NUMERIC[b].0 == "integer";
        Pair {
            a: side(a),
            b: side(b),
            value: if integer { json!(n) } else { json!(2.5) },
        }
    })
}

fn booleans() -> impl Strategy<Value = Pair> {
    any::<bool>().prop_map(|v| Pair {
        a: json!({"type": "boolean"}),
        b: json!({"type": "boolean", "description": "a flag"}),
        value: json!(v),
    })
}

fn leaves() -> impl Strategy<Value = Pair> {
    prop_oneof![strings(), timestamps(), numbers(), booleans()]
}

/// Arrays of a compatible pair of items, holding 0–2 copies of the items' value.
fn arrays(items: impl Strategy<Value = Pair>) -> impl Strategy<Value = Pair> {
    (items, 0..3usize, any::<bool>()).prop_map(|(item, n, bounded)| {
        let mut a = json!({"type": "array", "items": item.a});
        if bounded {
            a["maxItems"] = json!(10);
        }
        Pair {
            a,
            b: json!({"type": "array", "items": item.b}),
            value: Value::Array(vec![item.value; n]),
        }
    })
}

const NAMES: [&str; 6] = ["id", "name", "url", "kind", "count", "nested"];

/// One property: its pair, which sides define it (0 both, 1 only `a`, 2 only `b`),
/// nullable on `a` / on `b`, required, present in the value, null in the value.
type Prop = (usize, Pair, u8, bool, bool, bool, bool, bool);

/// Objects whose shared properties are compatible pairs and whose other properties belong
/// to one side; the value holds every required property, some optional ones, null where
/// every defining side allows it, and sometimes a property neither declares.
fn objects(inner: impl Strategy<Value = Pair>) -> impl Strategy<Value = Pair> {
    let prop = (
        0..NAMES.len(),
        inner,
        0..3u8,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    (prop::collection::vec(prop, 1..4), any::<bool>())
        .prop_map(|(props, undeclared)| object_pair(&props, undeclared))
}

fn object_pair(props: &[Prop], undeclared: bool) -> Pair {
    let (mut pa, mut pb, mut value) = (Map::new(), Map::new(), Map::new());
    let (mut required_a, mut required_b) = (Vec::new(), Vec::new());
    for (name, pair, sides, null_a, null_b, required, present, null) in props {
        let name = NAMES[*name];
        if pa.contains_key(name) || pb.contains_key(name) {
            continue;
        }
        let nullable = |mut s: Value, on: bool| {
            if on {
                s["nullable"] = json!(true);
            }
            s
        };
        let (in_a, in_b) = (*sides != 2, *sides != 1);
        if in_a {
            pa.insert(name.into(), nullable(pair.a.clone(), *null_a));
        }
        if in_b {
            pb.insert(name.into(), nullable(pair.b.clone(), *null_b));
        }
        if *required {
            if in_a {
                required_a.push(name);
            } else {
                required_b.push(name);
            }
        }
        let null_allowed = (!in_a || *null_a) && (!in_b || *null_b);
        if *required || *present {
            let v = if *null && null_allowed {
                Value::Null
            } else {
                pair.value.clone()
            };
            value.insert(name.into(), v);
        }
    }
    if undeclared {
        value.insert("undeclared_extra".into(), json!({"kept": [1, "two"]}));
    }
    let side = |props: Map<String, Value>, required: Vec<&str>| {
        let mut s = json!({"type": "object", "properties": props});
        if !required.is_empty() {
            s["required"] = json!(required);
        }
        s
    };
    Pair {
        a: side(pa, required_a),
        b: side(pb, required_b),
        value: Value::Object(value),
    }
}

/// Compatible pairs of object schemas, nested up to three levels through arrays and objects.
pub fn object_pairs() -> impl Strategy<Value = Pair> {
    let nested = leaves().prop_recursive(3, 24, 3, |inner| {
        prop_oneof![arrays(inner.clone()), objects(inner)]
    });
    objects(nested)
}

/// An OpenAPI document with a component `Case{i}: allOf [a, b]` per pair, its value as the
/// example.
pub fn spec(pairs: &[Pair]) -> Value {
    let schemas: Map<String, Value> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let case = json!({"allOf": [p.a, p.b], "example": p.value});
            (format!("Case{i}"), case)
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "allOf intersections", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    })
}
