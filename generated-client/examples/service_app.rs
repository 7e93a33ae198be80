//! A service app (OAuth 2.0 client credentials with a `private_key_jwt` assertion) configured
//! entirely from the environment:
//!
//! ```sh
//! OKTA_CLIENT_ORGURL=https://example.okta.com \
//! OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey \
//! OKTA_CLIENT_CLIENTID=0oa… OKTA_CLIENT_SCOPES=okta.users.read \
//! OKTA_CLIENT_PRIVATEKEY=/path/to/key.pem OKTA_CLIENT_KEYID=kid-1 \
//! cargo run --example service_app
//! ```

use okta_users::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let page = client.list_users().limit(10).send().await?;
    println!(
        "{} users; rate limit {:?}",
        page.body().len(),
        page.rate_limit()
    );
    Ok(())
}
