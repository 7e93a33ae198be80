//! Lists every active user, following `Link` headers page by page with one page in memory.
//!
//! `OKTA_CLIENT_ORGURL=https://example.okta.com OKTA_CLIENT_TOKEN=… cargo run --example stream_users`

use futures_util::TryStreamExt;
use okta_users::query::search;
use okta_users::types::UserStatus;
use okta_users::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut users = client
        .list_users()
        .search(search::status().eq(UserStatus::Active))
        .limit(200)
        .stream();
    let mut count = 0;
    while let Some(user) = users.try_next().await? {
        count += 1;
        println!("{}", user.id.as_deref().unwrap_or("?"));
    }
    println!("{count} active users");
    Ok(())
}
