//! `Client::from_env`: a client configured from environment variables whose names the
//! generator settings give (base URL, credential mode, token, service-app settings).

use super::settings::{Api, EnvMode};
use super::{ClientBuilder, Error};

impl<A: Api> ClientBuilder<A> {
    /// A builder configured from the process environment; see [`ClientBuilder::from_vars`].
    pub fn from_env() -> Result<Self, Error<A>> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// A builder configured from variables looked up by `lookup` (the environment, a config
    /// map, …): base URL, credential mode and the settings that mode needs. Missing,
    /// unknown or contradictory settings are errors naming the variable.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error<A>> {
        let env = &A::SETTINGS.env;
        let get = |name: Option<&'static str>| -> Option<(&'static str, String)> {
            let name = name?;
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .map(|v| (name, v))
        };
        let require = |name: Option<&'static str>, why: &str| -> Result<String, Error<A>> {
            match (name, get(name)) {
                (_, Some((_, value))) => Ok(value),
                (Some(name), None) => Err(Error::Config(format!("{name} is not set ({why})"))),
                (None, None) => Err(Error::Config(format!(
                    "this client has no environment variable for {why}"
                ))),
            }
        };
        let mut builder = Self::default();
        if let Some((_, url)) = get(env.base_url) {
            builder = builder.base_url(url);
        }
        let mode = match get(env.mode) {
            Some((name, value)) => env
                .modes
                .iter()
                .find(|(label, _)| label.eq_ignore_ascii_case(&value))
                .map(|(_, mode)| *mode)
                .ok_or_else(|| {
                    let known: Vec<&str> = env.modes.iter().map(|(label, _)| *label).collect();
                    Error::Config(format!("{name}={value} is not one of {}", known.join(", ")))
                })?,
            None => env
                .modes
                .first()
                .map(|(_, mode)| *mode)
                .unwrap_or(EnvMode::Bearer),
        };
        let contradiction =
            |present: Option<&'static str>, mode_name: &str| -> Result<(), Error<A>> {
                match get(present) {
                    Some((name, _)) => Err(Error::Config(format!(
                        "{name} is set but the credential mode is {mode_name}"
                    ))),
                    None => Ok(()),
                }
            };
        match mode {
            EnvMode::ApiKey | EnvMode::Bearer => {
                contradiction(env.private_key, "a token")?;
                let token = require(env.token, "the API token")?;
                builder = match (mode, A::SETTINGS.api_keys.first()) {
                    (EnvMode::ApiKey, Some(_)) => builder.api_key(token),
                    (EnvMode::ApiKey, None) => {
                        return Err(Error::Config(
                            "the spec declares no API-key scheme".to_owned(),
                        ))
                    }
                    _ => builder.bearer_token(token),
                };
            }
            EnvMode::PrivateKeyJwt => {
                contradiction(env.token, "private key (service app)")?;
                #[cfg(feature = "private-key-jwt")]
                {
                    let client_id = require(env.client_id, "the OAuth client id")?;
                    let scopes = require(env.scopes, "the OAuth scopes")?;
                    let scopes: Vec<&str> =
                        scopes.split([',', ' ']).filter(|s| !s.is_empty()).collect();
                    let key = require(env.private_key, "the private key")?;
                    let key = if key.starts_with("-----") || key.starts_with('{') {
                        key
                    } else {
                        std::fs::read_to_string(&key).map_err(|e| {
                            Error::Config(format!("cannot read the private key file: {e}"))
                        })?
                    };
                    let mut app = if key.trim_start().starts_with('{') {
                        super::PrivateKeyJwt::from_jwk(client_id, &scopes, &key)?
                    } else {
                        super::PrivateKeyJwt::from_pem(client_id, &scopes, &key)?
                    };
                    if let Some((_, kid)) = get(env.key_id) {
                        app = app.key_id(kid);
                    }
                    builder = builder.private_key_jwt(app);
                }
                #[cfg(not(feature = "private-key-jwt"))]
                return Err(Error::Config(
                    "built without the `private-key-jwt` feature".to_owned(),
                ));
            }
        }
        Ok(builder)
    }
}
