//! Decoding generated structs without serde's `flatten`: a generated [`Object::visit`] routes
//! each declared key to its field and every other key to the struct's catch-all map (or
//! skips it when the struct keeps none), in one pass and without buffering.
//! `#[serde(flatten)]` would first copy the whole object into serde's internal buffer and
//! then decode the fields from the copy.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// An object key: borrowed from the input when the input allows it, so declared keys cost
/// no allocation; only keys kept in a catch-all map are copied.
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned (for a catch-all map).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated struct decoded by [`object`]: `visit` reads the object's entries, routing
/// declared keys to fields (through [`required`] and [`optional`]) and the rest to the
/// catch-all map ([`keep`]) or nowhere ([`skip`]).
pub trait Object: Sized {
    /// Reads the object's entries from `map`.
    fn visit<'de, M: MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

/// `Deserialize::deserialize` of a generated open string enum: reads the string where it
/// lies (borrowed from the input, or the decoder's scratch buffer) and turns it into the
/// enum with `From<&str>`, so a known value costs no allocation (an unknown one is kept by
/// the enum's own `From`).
pub fn string_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    struct StringVisitor<T>(PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str>> Visitor<'de> for StringVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a `{}` string", short_name::<T>())
        }
        fn visit_str<E>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(StringVisitor(PhantomData))
}

/// `Deserialize::deserialize` of an [`Object`]: expects a JSON object.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a `{}` object", short_name::<T>())
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
            T::visit(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// The type's name without its module path, for error messages.
fn short_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// A required field's value; an error naming `key` when the object lacks it.
pub fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// An optional field's value: its type's default (`None`, `Nullable::Absent`) when absent.
pub fn optional<T: Default>(value: Option<T>) -> T {
    value.unwrap_or_default()
}

/// A catch-all map: where [`keep`] puts the undeclared keys of an object.
pub trait CatchAll {
    /// What each value is decoded as.
    type Value;
    /// Adds `key` (copied only now, as it is kept) with its `value`.
    fn push(&mut self, key: Key<'_>, value: Self::Value);
}

impl<V> CatchAll for std::collections::BTreeMap<String, V> {
    type Value = V;
    fn push(&mut self, key: Key<'_>, value: V) {
        self.insert(key.into_string(), value);
    }
}

impl CatchAll for serde_json::Map<String, serde_json::Value> {
    type Value = serde_json::Value;
    fn push(&mut self, key: Key<'_>, value: serde_json::Value) {
        self.insert(key.into_string(), value);
    }
}

/// Reads the value of an undeclared `key` into the catch-all map. A key given twice keeps
/// its last value in a typed map (as for declared fields, and as `serde_json::Value` does);
/// [`crate::Extra`] keeps both, in order.
pub fn keep<'de, M, C>(extra: &mut C, key: Key<'de>, map: &mut M) -> Result<(), M::Error>
where
    M: MapAccess<'de>,
    C: CatchAll,
    C::Value: Deserialize<'de>,
{
    let value = map.next_value()?;
    extra.push(key, value);
    Ok(())
}

/// Skips the value of an undeclared key (structs that keep none).
pub fn skip<'de, M: MapAccess<'de>>(map: &mut M) -> Result<(), M::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator emits for `{id (required), name, + additional properties}`.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: String,
        name: Option<String>,
        extra: serde_json::Map<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Object for Thing {
        fn visit<'de, M: MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
            let (mut id_, mut name_, mut extra_) = (None, None, serde_json::Map::new());
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => id_ = Some(map.next_value()?),
                    "name" => name_ = Some(map.next_value()?),
                    _ => keep(&mut extra_, key, &mut map)?,
                }
            }
            Ok(Self {
                id: required(id_, "id")?,
                name: optional(name_),
                extra: extra_,
            })
        }
    }

    #[test]
    fn declared_keys_reach_fields_and_the_rest_is_kept_in_order() {
        let text = r#"{"z":1,"id":"a","\u006eame":"escaped key","y":{"b":[null]},"x":null}"#;
        let thing: Thing = serde_json::from_str(text).unwrap();
        assert_eq!(thing.id, "a");
        assert_eq!(thing.name.as_deref(), Some("escaped key"));
        let kept: Vec<&str> = thing.extra.keys().map(String::as_str).collect();
        assert_eq!(kept, ["z", "y", "x"]);
        assert_eq!(thing.extra["x"], serde_json::Value::Null);
        // From a reader keys cannot be borrowed; the result is the same.
        let again: Thing = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(again, thing);
    }

    #[test]
    fn missing_required_fields_and_wrong_shapes_are_errors() {
        let missing = serde_json::from_str::<Thing>(r#"{"name":"x"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        let shape = serde_json::from_str::<Thing>(r#"["a"]"#).unwrap_err();
        assert!(shape.to_string().contains("a `Thing` object"), "{shape}");
        let duplicate: Thing = serde_json::from_str(r#"{"id":"a","id":"b"}"#).unwrap();
        assert_eq!(duplicate.id, "b");
    }

    #[test]
    fn objects_decode_from_buffered_content_too() {
        // Untagged unions hand a struct serde's buffered content, not the input.
        #[derive(Debug, serde::Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u32),
            Thing(Thing),
        }
        let number: Either = serde_json::from_str("7").unwrap();
        assert!(matches!(number, Either::Number(7)));
        let either: Either = serde_json::from_str(r#"{"id":"a","k":true}"#).unwrap();
        let Either::Thing(thing) = either else {
            panic!("decoded as {either:?}")
        };
        assert_eq!(thing.extra["k"], serde_json::Value::Bool(true));
    }

    /// What the generator emits for a string enum with one known value.
    #[derive(Debug, PartialEq)]
    enum Status {
        Active,
        Unknown(String),
    }

    impl From<&str> for Status {
        fn from(value: &str) -> Self {
            match value {
                "ACTIVE" => Self::Active,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            string_enum(deserializer)
        }
    }

    #[test]
    fn string_enums_read_borrowed_escaped_and_unknown_values() {
        let read = |json: &str| serde_json::from_str::<Status>(json);
        assert_eq!(read(r#""ACTIVE""#).unwrap(), Status::Active);
        // An escape makes serde_json hand over its scratch buffer, not the input.
        assert_eq!(read(r#""\u0041CTIVE""#).unwrap(), Status::Active);
        assert_eq!(
            read(r#""LOCKED_OUT""#).unwrap(),
            Status::Unknown("LOCKED_OUT".to_owned())
        );
        // From an owned tree too (`serde_json::Value` hands over `String`s).
        let value = serde_json::json!("ACTIVE");
        assert_eq!(
            serde_json::from_value::<Status>(value).unwrap(),
            Status::Active
        );
        let error = read("3").unwrap_err().to_string();
        assert!(error.contains("a `Status` string"), "{error}");
    }
}
