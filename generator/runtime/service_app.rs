//! OAuth 2.0 client credentials with `private_key_jwt` client authentication, for service
//! apps: a signed assertion (RS256/384/512 or ES256/384 from a PEM key, RSA from a JWK) is
//! exchanged at the token endpoint for an access token, which is cached until shortly
//! before it expires. Concurrent callers share one refresh; a `401` forces one refresh.

use super::{Error, Secret};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Url;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Lifetime of a client assertion (providers accept at most one hour).
const ASSERTION_LIFETIME: Duration = Duration::from_secs(300);

/// Settings of a service app: client id, scopes and signing key.
#[derive(Clone)]
pub struct PrivateKeyJwt {
    client_id: String,
    scopes: Vec<String>,
    key: EncodingKey,
    algorithm: Algorithm,
    key_id: Option<String>,
    token_url: Option<String>,
    renew_before: Duration,
}

impl fmt::Debug for PrivateKeyJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeyJwt")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("algorithm", &self.algorithm)
            .field("key_id", &self.key_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl PrivateKeyJwt {
    /// A service app signing with a PEM private key (PKCS#1 or PKCS#8 RSA, or EC), using
    /// RS256 for RSA keys and ES256 for EC keys unless [`PrivateKeyJwt::algorithm`] says otherwise.
    pub fn from_pem(
        client_id: impl Into<String>,
        scopes: &[&str],
        pem: &str,
    ) -> Result<Self, Error> {
        let (key, algorithm) = match EncodingKey::from_rsa_pem(pem.as_bytes()) {
            Ok(key) => (key, Algorithm::RS256),
            Err(_) => match EncodingKey::from_ec_pem(pem.as_bytes()) {
                Ok(key) => (key, Algorithm::ES256),
                Err(_) => {
                    return Err(Error::Config(
                        "the private key is not a PEM RSA or EC private key".to_owned(),
                    ))
                }
            },
        };
        Ok(Self::with_key(
            client_id.into(),
            scopes,
            key,
            algorithm,
            None,
        ))
    }

    /// A service app signing with an RSA private key in JWK form (`kty: RSA` with `n`, `e`,
    /// `d`, `p`, `q`, `dp`, `dq`, `qi`); its `kid` and `alg` are used when present.
    pub fn from_jwk(
        client_id: impl Into<String>,
        scopes: &[&str],
        jwk: &str,
    ) -> Result<Self, Error> {
        let invalid = |why: &str| Error::Config(format!("the private key JWK is unusable: {why}"));
        let jwk: serde_json::Value = serde_json::from_str(jwk).map_err(|_| invalid("not JSON"))?;
        if jwk.get("kty").and_then(|v| v.as_str()) != Some("RSA") {
            return Err(invalid(
                "only `kty: RSA` keys are supported as JWK; use PEM for EC keys",
            ));
        }
        let der = rsa_jwk_to_der(&jwk).map_err(|why| invalid(&why))?;
        let algorithm = match jwk.get("alg").and_then(|v| v.as_str()) {
            None | Some("RS256") => Algorithm::RS256,
            Some("RS384") => Algorithm::RS384,
            Some("RS512") => Algorithm::RS512,
            Some(other) => return Err(invalid(&format!("unsupported `alg` {other}"))),
        };
        let kid = jwk.get("kid").and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Self::with_key(
            client_id.into(),
            scopes,
            EncodingKey::from_rsa_der(&der),
            algorithm,
            kid,
        ))
    }

    fn with_key(
        client_id: String,
        scopes: &[&str],
        key: EncodingKey,
        algorithm: Algorithm,
        key_id: Option<String>,
    ) -> Self {
        Self {
            client_id,
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            key,
            algorithm,
            key_id,
            token_url: None,
            renew_before: Duration::from_secs(300),
        }
    }

    /// Sets the `kid` header of the assertion.
    pub fn key_id(mut self, kid: impl Into<String>) -> Self {
        self.key_id = Some(kid.into());
        self
    }

    /// Signs with RS256, RS384, RS512, ES256 or ES384 (must match the key).
    pub fn algorithm(mut self, algorithm: &str) -> Result<Self, Error> {
        self.algorithm = match algorithm {
            "RS256" => Algorithm::RS256,
            "RS384" => Algorithm::RS384,
            "RS512" => Algorithm::RS512,
            "ES256" => Algorithm::ES256,
            "ES384" => Algorithm::ES384,
            other => {
                return Err(Error::Config(format!(
                    "unsupported signing algorithm `{other}`"
                )))
            }
        };
        Ok(self)
    }

    /// Overrides the token endpoint (default: the spec's, relative to the base URL).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Renews a cached token this long before it expires (default 5 minutes).
    pub fn renew_before(mut self, margin: Duration) -> Self {
        self.renew_before = margin;
        self
    }
}

/// A service app bound to a token endpoint, with its token cache.
pub(crate) struct ServiceApp {
    settings: PrivateKeyJwt,
    token_url: Url,
    cache: Mutex<Option<(Secret, Instant)>>,
}

impl fmt::Debug for ServiceApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceApp")
            .field("settings", &self.settings)
            .field("token_url", &self.token_url.as_str())
            .finish()
    }
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(serde::Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

impl ServiceApp {
    pub(crate) fn new(settings: PrivateKeyJwt, base_url: &Url) -> Result<Self, Error> {
        let configured = settings
            .token_url
            .as_deref()
            .or(crate::SETTINGS.token_url)
            .ok_or_else(|| {
                Error::Config(
                    "no token endpoint: the spec declares none; set PrivateKeyJwt::token_url"
                        .to_owned(),
                )
            })?;
        let token_url = base_url
            .join(configured)
            .map_err(|e| Error::Config(format!("invalid token endpoint `{configured}`: {e}")))?;
        Ok(Self {
            settings,
            token_url,
            cache: Mutex::new(None),
        })
    }

    /// A valid access token: the cached one unless it is about to expire or is `stale`
    /// (rejected by the API), else a fresh one. Callers that arrive during a refresh wait
    /// for it and share its result.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        stale: Option<&Secret>,
    ) -> Result<Secret, Error> {
        let mut cache = self.cache.lock().await;
        if let Some((token, expires)) = cache.as_ref() {
            let fresh = Instant::now() + self.settings.renew_before < *expires;
            if fresh && stale != Some(token) {
                return Ok(token.clone());
            }
        }
        let (token, lifetime) = self.fetch(http).await?;
        *cache = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<(Secret, Duration), Error> {
        let assertion = self.assertion()?;
        let scope = self.settings.scopes.join(" ");
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", scope.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion.expose()),
        ];
        let body = form
            .iter()
            .map(|(k, v)| super::request::query_pair(k, v))
            .collect::<Vec<_>>()
            .join("&");
        let response = http
            .post(self.token_url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| Error::Transport(e.without_url()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(e.without_url()))?;
        if !status.is_success() {
            let detail = serde_json::from_slice::<OAuthError>(&bytes)
                .ok()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.error.unwrap_or_default(),
                        e.error_description.unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            return Err(Error::Auth(format!(
                "token endpoint answered HTTP {}: {detail}",
                status.as_u16()
            )));
        }
        let token: TokenResponse = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Auth(format!("token endpoint answered an unreadable body: {e}")))?;
        Ok((
            token.access_token,
            Duration::from_secs(token.expires_in.unwrap_or(3600)),
        ))
    }

    fn assertion(&self) -> Result<Secret, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let claims = Claims {
            iss: &self.settings.client_id,
            sub: &self.settings.client_id,
            aud: self.token_url.as_str(),
            iat: now,
            exp: now + ASSERTION_LIFETIME.as_secs(),
            jti: unique_id(),
        };
        let mut header = Header::new(self.settings.algorithm);
        header.kid.clone_from(&self.settings.key_id);
        jsonwebtoken::encode(&header, &claims, &self.settings.key)
            .map(Secret::new)
            .map_err(|e| Error::Config(format!("cannot sign the client assertion: {e}")))
    }
}

/// An unpredictable id for `jti`.
fn unique_id() -> String {
    format!("{:016x}{:016x}", super::random_u64(), super::random_u64())
}

/// PKCS#1 `RSAPrivateKey` DER from the base64url components of an RSA JWK.
fn rsa_jwk_to_der(jwk: &serde_json::Value) -> Result<Vec<u8>, String> {
    let mut body = der_integer(&[0]);
    for name in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
        let text = jwk
            .get(name)
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("missing `{name}`"))?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| format!("`{name}` is not base64url"))?;
        body.extend(der_integer(&bytes));
    }
    let mut der = vec![0x30];
    der.extend(der_length(body.len()));
    der.extend(body);
    Ok(der)
}

fn der_integer(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len().saturating_sub(1));
    let digits = if magnitude.is_empty() {
        &[0u8][..]
    } else {
        &magnitude[start..]
    };
    let pad = digits.first().is_some_and(|b| b & 0x80 != 0);
    let mut out = vec![0x02];
    out.extend(der_length(digits.len() + usize::from(pad)));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}
