//! A user's lifecycle against the fake org: create staged, activate, suspend, find among the
//! suspended, unsuspend, deactivate, delete. `cargo run -p fake-okta --example lifecycle`
//! prints each status; it needs no Okta org and no network beyond loopback.

use okta_users::query::filter;
use okta_users::types::{
    CreateUserRequest, PasswordCredential, UserCredentialsWritable, UserStatus,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), okta_users::Error> {
    let okta = fake_okta::FakeOkta::start().await;
    let client = okta.client();

    let mut request = CreateUserRequest::default();
    request.profile.login = Some("isaac@example.com".into());
    request.profile.email = Some("isaac@example.com".into());
    let mut password = PasswordCredential::default();
    password.value = Some("Correct-h0rse".into());
    let mut credentials = UserCredentialsWritable::default();
    credentials.password = Some(password);
    request.credentials = Some(credentials.into());
    let user = client
        .create_user(request)
        .activate(false)
        .send()
        .await?
        .into_body();
    let id = user.id.clone().unwrap_or_default();
    println!("created {id}: {:?}", user.status);

    let link = client
        .activate_user(&id)
        .send_email(false)
        .send()
        .await?
        .into_body();
    println!(
        "activated; the activation link prints as {:?}",
        link.activation_url
    );
    client.suspend_user(&id).send().await?;
    let suspended = client
        .list_users()
        .filter(filter::status().eq(UserStatus::Suspended))
        .send()
        .await?;
    println!("suspended users: {}", suspended.body().len());
    client.unsuspend_user(&id).send().await?;
    let status = client.get_user(&id).send().await?.into_body().status;
    println!("unsuspended: {status:?}");
    client.deactivate_user(&id).send().await?;
    client.delete_user(&id).send().await?;
    println!("deleted; the org holds {} users", okta.users().await.len());
    Ok(())
}
