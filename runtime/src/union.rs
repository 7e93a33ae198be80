//! Helpers for internally tagged unions (`oneOf` with a discriminator): read the tag,
//! decode the variant it selects.

use serde::de::{DeserializeOwned, Error};
use serde::Serialize;
use serde_json::Value;

/// The string value of `property` in a JSON object.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// Decodes the variant a tag selected; a mismatch is a decoding error of the union.
pub fn variant<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Serializes a variant with its tag: the payload's own `property` if it has one, else
/// `property: value` added, so that a variant built in code still says what it is.
pub fn tagged<T: Serialize, S: serde::Serializer>(
    payload: &T,
    property: &str,
    value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(property)
            .or_insert_with(|| Value::String(value.to_owned()));
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Bird {
        sings: bool,
    }

    #[test]
    fn encoding_adds_a_missing_tag_and_keeps_a_present_one() {
        let encode =
            |v: &dyn Fn(serde_json::value::Serializer) -> Result<Value, serde_json::Error>| {
                v(serde_json::value::Serializer).expect("encodes")
            };
        let added = encode(&|s| tagged(&Bird { sings: true }, "petType", "bird", s));
        assert_eq!(added, serde_json::json!({"sings": true, "petType": "bird"}));
        let kept = encode(&|s| {
            tagged(
                &serde_json::json!({"petType": "BIRD"}),
                "petType",
                "bird",
                s,
            )
        });
        assert_eq!(kept, serde_json::json!({"petType": "BIRD"}));
        assert_eq!(tag(&kept, "petType"), Some("BIRD"));
    }
}
