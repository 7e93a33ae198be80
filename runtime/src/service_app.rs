//! OAuth 2.0 client credentials with `private_key_jwt` client authentication, for service
//! apps: a signed assertion (RS256/384/512 or ES256/384 from a PEM key, RSA from a JWK) is
//! exchanged at the token endpoint for an access token, which is cached until shortly
//! before it expires. Concurrent callers share one refresh and its outcome, success or
//! failure; after a failure, fetches back off (1 s doubling to 60 s) and callers get the
//! failure meanwhile; a `401` forces one refresh. The renewal margin is at most a quarter
//! of the token's lifetime, so short-lived tokens are reused for most of their life.

use super::client::{api_error, decode_error, Inner};
use super::error::ConfigError;
use super::settings::Api;
use super::{redact, Error, Secret};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

/// Lifetime of a client assertion (providers accept at most one hour).
const ASSERTION_LIFETIME: Duration = Duration::from_secs(300);

/// Longest token lifetime believed (`expires_in` beyond it is clamped).
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Longest wait before the token endpoint is tried again after failures.
const MAX_FAILURE_BACKOFF: Duration = Duration::from_secs(60);

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
    ) -> Result<Self, ConfigError> {
        let (key, algorithm) = match EncodingKey::from_rsa_pem(pem.as_bytes()) {
            Ok(key) => (key, Algorithm::RS256),
            Err(_) => match EncodingKey::from_ec_pem(pem.as_bytes()) {
                Ok(key) => (key, Algorithm::ES256),
                Err(_) => {
                    return Err(ConfigError(
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
    ) -> Result<Self, ConfigError> {
        let invalid = |why: &str| ConfigError(format!("the private key JWK is unusable: {why}"));
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
    pub fn algorithm(mut self, algorithm: &str) -> Result<Self, ConfigError> {
        self.algorithm = match algorithm {
            "RS256" => Algorithm::RS256,
            "RS384" => Algorithm::RS384,
            "RS512" => Algorithm::RS512,
            "ES256" => Algorithm::ES256,
            "ES384" => Algorithm::ES384,
            other => {
                return Err(ConfigError(format!(
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

    /// Renews a cached token this long before it expires (default 5 minutes; never more
    /// than a quarter of the token's lifetime).
    pub fn renew_before(mut self, margin: Duration) -> Self {
        self.renew_before = margin;
        self
    }
}

/// A service app bound to a token endpoint, with its token cache.
pub(crate) struct ServiceApp<A: Api> {
    settings: PrivateKeyJwt,
    token_url: Url,
    state: Mutex<TokenState<A>>,
    /// Completed fetches, readable without the lock: a caller that sees it change while
    /// waiting for the lock takes the outcome of the fetch it waited for.
    fetches: AtomicU64,
}

/// The cached token and the last failure.
struct TokenState<A: Api> {
    token: Option<Cached>,
    failure: Option<Failure<A>>,
    fetches: u64,
}

struct Cached {
    token: Secret,
    renew_at: Instant,
    expires_at: Instant,
}

struct Failure<A: Api> {
    error: Arc<Error<A>>,
    retry_at: Instant,
    consecutive: u32,
}

impl<A: Api> fmt::Debug for ServiceApp<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceApp")
            .field("settings", &self.settings)
            .field("token_url", &redact::url(&self.token_url))
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

impl<A: Api> ServiceApp<A> {
    pub(crate) fn new(settings: PrivateKeyJwt, base_url: &Url) -> Result<Self, Error<A>> {
        let configured = settings
            .token_url
            .as_deref()
            .or(A::SETTINGS.token_url)
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
            state: Mutex::new(TokenState {
                token: None,
                failure: None,
                fetches: 0,
            }),
            fetches: AtomicU64::new(0),
        })
    }

    /// A valid access token: the cached one unless it is due for renewal or is `stale`
    /// (rejected by the API), else a fresh one. Callers that arrive during a fetch wait for
    /// it and share its outcome; during the backoff after a failure they get that failure
    /// (or the previous token while it has not expired).
    pub(crate) async fn token(
        &self,
        inner: &Inner<A>,
        stale: Option<&Secret>,
    ) -> Result<Secret, Error<A>> {
        let arrived = self.fetches.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let usable = |c: &Cached, until: Instant| now < until && stale != Some(&c.token);
        if state.fetches != arrived {
            // A fetch completed while this caller waited: its outcome is this caller's.
            if let Some(failure) = &state.failure {
                return Err(Error::Auth(failure.error.clone()));
            }
            if let Some(cached) = state.token.as_ref().filter(|c| usable(c, c.expires_at)) {
                return Ok(cached.token.clone());
            }
        }
        if let Some(cached) = state.token.as_ref().filter(|c| usable(c, c.renew_at)) {
            return Ok(cached.token.clone());
        }
        if let Some(failure) = state.failure.as_ref().filter(|f| now < f.retry_at) {
            if let Some(cached) = state.token.as_ref().filter(|c| usable(c, c.expires_at)) {
                return Ok(cached.token.clone());
            }
            return Err(Error::Auth(failure.error.clone()));
        }
        let outcome = self.fetch(inner).await;
        let now = Instant::now();
        state.fetches += 1;
        self.fetches.store(state.fetches, Ordering::Release);
        match outcome {
            Ok((token, lifetime)) => {
                let lifetime = lifetime.min(MAX_TOKEN_LIFETIME);
                let margin = self.settings.renew_before.min(lifetime / 4);
                state.token = Some(Cached {
                    token: token.clone(),
                    renew_at: now + (lifetime - margin),
                    expires_at: now + lifetime,
                });
                state.failure = None;
                Ok(token)
            }
            Err(error) => {
                let consecutive = state.failure.as_ref().map_or(0, |f| f.consecutive) + 1;
                let backoff =
                    Duration::from_secs(1 << (consecutive - 1).min(6)).min(MAX_FAILURE_BACKOFF);
                let error = Arc::new(error);
                state.failure = Some(Failure {
                    error: error.clone(),
                    retry_at: now + backoff,
                    consecutive,
                });
                tracing::warn!(
                    consecutive,
                    backoff_ms = backoff.as_millis() as u64,
                    "token request failed"
                );
                Err(Error::Auth(error))
            }
        }
    }

    /// One token request: the assertion, then the token endpoint's answer classified like
    /// any API response.
    async fn fetch(&self, inner: &Inner<A>) -> Result<(Secret, Duration), Error<A>> {
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
        let raw = inner.post_form(&self.token_url, body).await?;
        if !raw.status.is_success() {
            return Err(api_error(raw, inner.max_depth));
        }
        let token: TokenResponse =
            serde_json::from_slice(&raw.body).map_err(|e| decode_error(&raw, e))?;
        let lifetime = token
            .expires_in
            .map_or(Duration::from_secs(3600), Duration::from_secs);
        Ok((token.access_token, lifetime))
    }

    fn assertion(&self) -> Result<Secret, Error<A>> {
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
