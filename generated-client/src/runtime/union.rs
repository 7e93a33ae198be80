// Copied by `cargo xtask generate` from generator/runtime/. Do not edit.

//! Helpers for internally tagged unions (`oneOf` with a discriminator): read the tag,
//! decode the variant it selects.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The string value of `property` in a JSON object.
pub(crate) fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// Decodes the variant a tag selected; a mismatch is a decoding error of the union.
pub(crate) fn variant<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}
