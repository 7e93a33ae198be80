//! Generation settings that are not in the OpenAPI document: crate metadata and API
//! conventions (credential prefixes, request-id header). Read from a YAML file beside the spec.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Settings for one generated crate. Every field has a default, so an empty file is valid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// Cargo package name of the generated crate.
    #[serde(default = "default_name")]
    pub crate_name: String,
    /// Cargo package version.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// `User-Agent` sent by default; `{version}` is replaced by the crate version.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Response header holding the server's request id, surfaced on responses and errors.
    #[serde(default)]
    pub request_id_header: Option<String>,
    /// Per security scheme (key in `components.securitySchemes`) settings.
    #[serde(default)]
    pub security: BTreeMap<String, SchemeConfig>,
}

/// Settings for one security scheme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct SchemeConfig {
    /// Text placed before an API key (e.g. `"SSWS "`).
    #[serde(default)]
    pub prefix: String,
    /// Name of the client-builder method (defaults to the scheme key in snake case).
    #[serde(default)]
    pub method: Option<String>,
}

fn default_name() -> String {
    "api-client".to_owned()
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Default for Config {
    fn default() -> Self {
        Self {
            crate_name: default_name(),
            crate_version: default_version(),
            user_agent: None,
            request_id_header: None,
            security: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Parses a settings file (YAML).
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml::from_str(text).map_err(|e| format!("invalid generator settings: {e}"))
    }
}
