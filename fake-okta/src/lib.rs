//! A stateful fake of the Okta Users API, for the tests of code that calls Okta: one line
//! starts it on a loopback port and hands back a configured [`okta_users::Client`].
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use okta_users::types::{CreateUserRequest, UserProfile, UserStatus};
//!
//! let okta = fake_okta::FakeOkta::start().await;
//! let client = okta.client();
//! let mut profile = UserProfile::default();
//! profile.login = Some("isaac@example.com".into());
//! profile.email = Some("isaac@example.com".into());
//! let mut request = CreateUserRequest::default();
//! request.profile = profile;
//! let created = client
//!     .create_user(request)
//!     .activate(false)
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(created.body().status, Some(UserStatus::Staged));
//! # }
//! ```
//!
//! What it implements, and what it does not, is in this crate's README.
mod eval;
pub mod expr;
mod faults;
mod lifecycle;
mod server;
mod store;

pub use faults::Fault;

use std::sync::Arc;
use tokio::sync::Mutex;

/// The API token the fake accepts (`Authorization: SSWS <token>`).
pub const TOKEN: &str = "00fake-okta-token";

/// A running fake Okta org. Dropping it stops the server.
pub struct FakeOkta {
    base_url: String,
    shared: Arc<server::Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeOkta {
    /// Starts a fake org on a free loopback port.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let shared = Arc::new(server::Shared {
            store: Mutex::new(store::Store::new(&base_url)),
            faults: Mutex::new(faults::Faults::default()),
            requests: std::sync::atomic::AtomicU64::new(0),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let app = server::router(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            base_url,
            shared,
            stop: Some(stop),
        }
    }

    /// The org's base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client for this org: its base URL, the fake's API token, plain HTTP on loopback
    /// allowed, and no retries (a test that wants them sets its own policy).
    pub fn client(&self) -> okta_users::Client {
        self.client_builder().build().expect("a valid client")
    }

    /// A client builder preset like [`FakeOkta::client`], to change before building.
    pub fn client_builder(&self) -> okta_users::ClientBuilder {
        okta_users::Client::builder()
            .base_url(self.base_url.clone())
            .api_key(TOKEN)
            .allow_http_on_loopback()
            .retry(okta_users::RetryPolicy::none())
    }

    /// Makes the next requests fail as `fault` says, one request per fault, in order.
    pub async fn inject(&self, fault: Fault) {
        self.shared.faults.lock().await.push(fault);
    }

    /// Every user the org holds, as stored (deprovisioned ones included).
    pub async fn users(&self) -> Vec<serde_json::Value> {
        self.shared.store.lock().await.all()
    }

    /// Locks `id_or_login` out, as too many failed sign-ins would (the fake has no
    /// sign-in): an `ACTIVE` user becomes `LOCKED_OUT`. Returns whether it did.
    pub async fn lock_out(&self, id_or_login: &str) -> bool {
        self.shared.store.lock().await.lock_out(id_or_login)
    }

    /// Makes activations and deactivations asynchronous, as real orgs may run them: the
    /// user keeps its status with `transitioningToStatus` set, the first read shows that,
    /// and the transition completes before the next request. (`Prefer: respond-async` makes
    /// one deactivation asynchronous without this.)
    pub async fn set_async_transitions(&self, on: bool) {
        self.shared.store.lock().await.async_transitions = on;
    }

    /// Requests served so far (faults included).
    pub fn requests(&self) -> u64 {
        self.shared
            .requests
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for FakeOkta {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
