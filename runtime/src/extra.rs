//! [`Extra`]: the properties of an object that its schema does not declare (custom profile
//! attributes, fields newer than the spec), kept so that a read-modify-write round trip
//! loses nothing, and kept cheaply: each value is held as its JSON text ([`RawJson`]) rather
//! than as a tree of maps and vectors, and is decoded only when asked for (`get_as`). From
//! serde_json the text is copied as received; from other deserializers, and into any
//! serializer, values are transcoded, never buffered as trees.
//!
//! Order is kept, and so are duplicate keys (as sent); `get` sees the last occurrence,
//! like a JSON parser that keeps the last value.
//!
//! Nesting is bounded as for typed fields: serde_json stops those at 128 levels, but hands
//! a kept value's text over unchecked, so a kept value that nests as deep as the limit
//! ([`DEFAULT_MAX_DEPTH`], lowered per client by `ClientBuilder::max_json_depth`) is a
//! decode error, whatever deserializer it came from.

use compact_str::CompactString;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::cell::Cell;
use std::fmt;

/// The nesting limit of kept values: serde_json's recursion limit, 128. A value with 128
/// levels of arrays and objects or more is refused (so every kept value re-encodes through
/// serde_json, which refuses the same).
pub const DEFAULT_MAX_DEPTH: usize = 128;

thread_local! {
    static MAX_DEPTH: Cell<usize> = const { Cell::new(DEFAULT_MAX_DEPTH) };
}

/// Runs `decode` (on this thread) with kept values refused from `levels` of nesting on;
/// `levels` above [`DEFAULT_MAX_DEPTH`] count as that. The client runs every body it
/// decodes this way, with its configured limit.
pub fn with_max_depth<R>(levels: usize, decode: impl FnOnce() -> R) -> R {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            MAX_DEPTH.set(self.0);
        }
    }
    let _restore = Restore(MAX_DEPTH.replace(levels.min(DEFAULT_MAX_DEPTH)));
    decode()
}

/// An error when `text` (one JSON value) nests as deep as the current limit.
fn check_depth<E: de::Error>(text: &str) -> Result<(), E> {
    let limit = MAX_DEPTH.get();
    // A complete value `limit` levels deep holds `limit` opening and `limit` closing
    // brackets, so anything shorter cannot reach the limit: most kept values (custom
    // attributes) are read without a scan.
    if text.len() < limit.saturating_mul(2) {
        return Ok(());
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth >= limit {
                    return Err(E::custom(format_args!(
                        "a kept JSON value nests {limit} levels deep or more (the limit)"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One JSON value as JSON text: as received from serde_json, compact otherwise. Short
/// values (up to 24 bytes: most custom attributes) are held inline, without an allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawJson(CompactString);

impl RawJson {
    /// The value's JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value decoded as `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The value as a `serde_json::Value`.
    pub fn to_value(&self) -> serde_json::Value {
        // The text is JSON this type wrote itself.
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// `value` encoded as JSON.
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(|text| Self(text.into()))
    }

    /// JSON text, checked to hold exactly one value and stored compact.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let raw = Self::deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(raw)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&serde_json::Value> for RawJson {
    fn from(value: &serde_json::Value) -> Self {
        Self(value.to_string().into())
    }
}

/// The name under which serde_json hands a value's raw text to a visitor (its `RawValue`
/// protocol). Any other deserializer, or a future serde_json that renames it, takes the
/// transcoding path instead: slower, same result.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

impl<'de> Deserialize<'de> for RawJson {
    /// From serde_json: the value's text as received, copied once. From anything else
    /// (serde's buffered content, a `serde_json::Value`): the value transcoded to compact
    /// JSON, without building it first.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_TOKEN, RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawJson, D::Error> {
        let mut text = Vec::with_capacity(16);
        let mut json = serde_json::Serializer::new(&mut text);
        serde_transcode::transcode(deserializer, &mut json).map_err(de::Error::custom)?;
        // serde_json writes UTF-8 only.
        let text = String::from_utf8(text).map_err(de::Error::custom)?;
        check_depth(&text)?;
        Ok(RawJson(text.into()))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<RawJson, M::Error> {
        let Some(key) = map.next_key::<crate::object::Key<'de>>()? else {
            return Ok(RawJson(CompactString::const_new("{}")));
        };
        if key.as_str() == RAW_TOKEN {
            let raw: crate::object::Key<'de> = map.next_value()?;
            check_depth(raw.as_str())?;
            return Ok(RawJson(CompactString::new(raw.as_str())));
        }
        // A format that answers the newtype hint with a plain map: rebuilt as an object.
        let mut object = serde_json::Map::new();
        object.insert(key.into_string(), map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(k, v);
        }
        let text = serde_json::Value::Object(object).to_string();
        check_depth(&text)?;
        Ok(RawJson(text.into()))
    }
}

impl Serialize for RawJson {
    /// Replays the JSON text into any serializer.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(&self.0);
        serde_transcode::transcode(&mut deserializer, serializer)
    }
}

/// The undeclared properties of an object, in the order received, each as [`RawJson`].
/// Keys up to 24 bytes are held inline, like short values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra {
    entries: Vec<(CompactString, RawJson)>,
}

impl Extra {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of properties (duplicates counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key` as JSON text (its last occurrence).
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value of `key` decoded as `T`: `None` when absent, an error when it is not a `T`.
    pub fn get_as<T: DeserializeOwned>(&self, key: &str) -> Option<Result<T, serde_json::Error>> {
        self.get(key).map(RawJson::decode)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Sets `key` to `value` encoded as JSON: in place when present (its last occurrence),
    /// else at the end. Returns the previous value.
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<Option<RawJson>, serde_json::Error> {
        Ok(self.insert_raw(key, RawJson::encode(value)?))
    }

    /// Like [`Extra::insert`], with the value already JSON.
    pub fn insert_raw(&mut self, key: impl Into<String>, value: RawJson) -> Option<RawJson> {
        let key = CompactString::from(key.into());
        match self.entries.iter_mut().rev().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Removes every occurrence of `key`; the last value, if any.
    pub fn remove(&mut self, key: &str) -> Option<RawJson> {
        let last = self.entries.iter().rposition(|(k, _)| k == key)?;
        let (_, value) = self.entries.remove(last);
        self.entries.retain(|(k, _)| k != key);
        Some(value)
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The properties in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The properties as a JSON object (the last of duplicate keys wins).
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl crate::object::CatchAll for Extra {
    type Value = RawJson;

    fn push(&mut self, key: crate::object::Key<'_>, value: RawJson) {
        self.entries.push((CompactString::new(key.as_str()), value));
    }
}

impl Extend<(String, RawJson)> for Extra {
    /// Appends, keeping duplicates as received (constant time per property, whatever a
    /// server sends).
    fn extend<I: IntoIterator<Item = (String, RawJson)>>(&mut self, iter: I) {
        self.entries
            .extend(iter.into_iter().map(|(k, v)| (CompactString::from(k), v)));
    }
}

impl FromIterator<(String, RawJson)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, RawJson)>>(iter: I) -> Self {
        Self {
            entries: iter
                .into_iter()
                .map(|(k, v)| (CompactString::from(k), v))
                .collect(),
        }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        map.iter()
            .map(|(k, v)| (k.clone(), RawJson::from(v)))
            .collect()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a str, &'a RawJson);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        Iter(self.entries.iter())
    }
}

/// The properties of an [`Extra`] in order, as `(key, value)`.
#[derive(Clone, Debug)]
pub struct Iter<'a>(std::slice::Iter<'a, (CompactString, RawJson)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a RawJson);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_str(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k.as_str(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExtraVisitor;
        impl<'de> Visitor<'de> for ExtraVisitor {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Extra, M::Error> {
                let mut extra = Extra::new();
                while let Some(key) = map.next_key::<crate::object::Key<'de>>()? {
                    let value = map.next_value::<RawJson>()?;
                    extra
                        .entries
                        .push((CompactString::new(key.as_str()), value));
                }
                Ok(extra)
            }
        }
        deserializer.deserialize_map(ExtraVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn kept_values_are_bounded_like_typed_fields() {
        // serde_json's own limit: 127 levels decode, 128 do not; kept values alike.
        assert!(serde_json::from_str::<serde_json::Value>(&nested(127)).is_ok());
        assert!(serde_json::from_str::<serde_json::Value>(&nested(128)).is_err());
        let within = format!(r#"{{"deep": {}}}"#, nested(127));
        let extra: Extra = serde_json::from_str(&within).expect("127 levels are kept");
        let again = serde_json::to_string(&extra).expect("and re-encode");
        assert_eq!(again.len(), within.len() - 1);
        for levels in [128, 10_000, 100_000] {
            let text = format!(r#"{{"ok": 1, "deep": {}}}"#, nested(levels));
            let error = serde_json::from_str::<Extra>(&text).expect_err("refused");
            assert!(error.to_string().contains("128 levels"), "{error}");
            // Brackets inside strings are not nesting.
            let quoted = format!(r#"{{"s": "{}"}}"#, "[{".repeat(levels));
            assert!(serde_json::from_str::<Extra>(&quoted).is_ok());
        }
        // From another deserializer (transcoded): the same bound.
        let value = serde_json::json!({"deep": [[[[1]]]]});
        let lowered = with_max_depth(4, || serde_json::from_value::<Extra>(value.clone()));
        assert!(lowered.is_err());
        let raw = with_max_depth(5, || serde_json::from_value::<Extra>(value.clone()));
        assert!(raw.is_ok());
        // The limit is restored after the scope, and cannot be raised above serde_json's.
        assert!(serde_json::from_value::<Extra>(value).is_ok());
        let deep = format!(r#"{{"deep": {}}}"#, nested(200));
        assert!(with_max_depth(1000, || serde_json::from_str::<Extra>(&deep)).is_err());
        // The shortest values of each depth (empty innermost arrays, 2 bytes per level)
        // sit exactly on the length below which no scan is needed.
        for (levels, refused) in [(3, false), (4, true), (5, true)] {
            let text = format!(
                r#"{{"deep": {}{}}}"#,
                "[".repeat(levels),
                "]".repeat(levels)
            );
            let kept = with_max_depth(4, || serde_json::from_str::<Extra>(&text));
            assert_eq!(kept.is_err(), refused, "{levels} levels");
        }
    }

    #[test]
    fn values_are_kept_as_json_text_and_replayed_exactly() {
        let text =
            r#"{"b": [1, 2.5, "x\"y", null, {"c": true}], "a": {"z": 1, "y": {}}, "n": -0.0}"#;
        let extra: Extra = serde_json::from_str(text).unwrap();
        assert_eq!(extra.keys().collect::<Vec<_>>(), ["b", "a", "n"]);
        // As received from serde_json; written back compact.
        assert_eq!(
            extra.get("b").unwrap().as_str(),
            r#"[1, 2.5, "x\"y", null, {"c": true}]"#
        );
        assert_eq!(extra.get("a").unwrap().as_str(), r#"{"z": 1, "y": {}}"#);
        let again = serde_json::to_string(&extra).unwrap();
        assert_eq!(
            again,
            r#"{"b":[1,2.5,"x\"y",null,{"c":true}],"a":{"z":1,"y":{}},"n":-0.0}"#
        );
        // Any serde format: a `serde_json::Value` here.
        let value = serde_json::to_value(&extra).unwrap();
        assert_eq!(value["a"]["z"], 1);
    }

    #[test]
    fn typed_reads_inserts_and_removals() {
        let mut extra: Extra = serde_json::from_str(r#"{"color":"teal","n":7}"#).unwrap();
        assert_eq!(extra.get_as::<String>("color").unwrap().unwrap(), "teal");
        assert!(extra.get_as::<String>("n").unwrap().is_err());
        assert!(extra.get_as::<u8>("missing").is_none());
        extra.insert("color", "red").unwrap();
        extra.insert("new", &serde_json::json!({"k": [1]})).unwrap();
        assert_eq!(
            serde_json::to_string(&extra).unwrap(),
            r#"{"color":"red","n":7,"new":{"k":[1]}}"#
        );
        assert_eq!(extra.remove("n").unwrap().as_str(), "7");
        assert_eq!(extra.len(), 2);
        assert!(RawJson::parse("1 2").is_err());
    }

    #[test]
    fn duplicate_keys_round_trip_and_the_last_one_reads() {
        let text = r#"{"k":1,"k":2}"#;
        let extra: Extra = serde_json::from_str(text).unwrap();
        assert_eq!(extra.get("k").unwrap().as_str(), "2");
        assert_eq!(serde_json::to_string(&extra).unwrap(), text);
    }

    #[test]
    fn values_decode_from_buffered_content_too() {
        // What an untagged union hands a struct: serde's buffered content.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Either {
            Extra(Extra),
        }
        let Either::Extra(extra) = serde_json::from_str(r#"{"x":{"y":[true]}}"#).unwrap();
        assert_eq!(extra.get("x").unwrap().as_str(), r#"{"y":[true]}"#);
        let from_value: Extra = serde_json::from_value(serde_json::json!({"q": 1})).unwrap();
        assert_eq!(from_value.get("q").unwrap().as_str(), "1");
    }
}
