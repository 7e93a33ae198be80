//! Reads a user, then changes one profile attribute with `If-Match`, so that a concurrent
//! change made in between fails (HTTP 412) instead of being overwritten.
//!
//! `OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=… cargo run --example get_then_update -- <user id or login>`

use okta_users::types::{UpdateUserRequest, UserProfile};
use okta_users::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let id = std::env::args().nth(1).unwrap_or_else(|| "me".to_owned());
    let user = client.get_user(&id).send().await?;
    let etag = user.etag().map(str::to_owned);
    let mut profile = UserProfile::default();
    profile.nick_name = "Ada".to_owned().into();
    let mut update = UpdateUserRequest::default();
    update.profile = Some(profile.into());
    let updated = client
        .update_user(&id, update)
        .set_if_match(etag)
        .send()
        .await?;
    println!(
        "updated {:?} (request id {:?})",
        updated.body().id,
        updated.request_id()
    );
    Ok(())
}
