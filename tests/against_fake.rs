//! The client against the stateful fake Okta (`fake-okta`) rather than canned mocks: whole
//! user journeys whose steps depend on what earlier steps did.
use fake_okta::FakeOkta;
use futures_util::TryStreamExt;
use okta_users::query::search;
use okta_users::types::{CreateUserRequest, UpdateUserRequest, UserProfile, UserStatus};
use okta_users::{Error, Nullable};

async fn create(client: &okta_users::Client, login: &str) -> String {
    let mut request = CreateUserRequest::default();
    request.profile.login = Some(login.to_owned());
    request.profile.email = Some(login.to_owned());
    request
        .profile
        .additional_properties
        .insert("skills", &["rust", "go"])
        .unwrap();
    let user = client
        .create_user(request)
        .send()
        .await
        .unwrap()
        .into_body();
    user.id.unwrap()
}

/// The journey of the closing note: deactivate then delete a user found by email.
#[tokio::test]
async fn deactivate_then_delete_a_user_found_by_email() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    create(&client, "isaac@example.com").await;
    create(&client, "ada@example.com").await;

    let found = client
        .list_users()
        .search(search::email().eq("isaac@example.com"))
        .send()
        .await
        .unwrap()
        .into_body();
    let id = found[0].id.clone().unwrap();
    client.delete_user(&id).send().await.unwrap(); // deactivates
    client.delete_user(&id).send().await.unwrap(); // deletes

    let left: Vec<_> = client.list_users().stream().try_collect().await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(matches!(
        client.get_user(&id).send().await,
        Err(Error::Api { status, .. }) if status == 404
    ));
}

/// Read, change one attribute, write back with the ETag: custom attributes survive, and a
/// second writer with the old ETag is refused.
#[tokio::test]
async fn read_modify_write_keeps_custom_attributes_and_refuses_stale_writes() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create(&client, "isaac@example.com").await;
    let read = client.get_user(&id).send().await.unwrap();
    let etag = read.etag().unwrap().to_owned();
    let mut profile: UserProfile = *read.into_body().profile.unwrap();
    profile.title = Nullable::Value("Engineer".into());
    let mut change = UpdateUserRequest::default();
    change.profile = Some(profile.into());
    let updated = client
        .replace_user(&id, change.clone())
        .if_match(etag.clone())
        .send()
        .await
        .unwrap()
        .into_body();
    let profile = updated.profile.unwrap();
    assert_eq!(profile.title, Nullable::Value("Engineer".into()));
    assert_eq!(
        profile
            .additional_properties
            .get_as::<Vec<String>>("skills")
            .unwrap()
            .unwrap(),
        ["rust", "go"]
    );
    let stale = client.replace_user(&id, change).if_match(etag).send().await;
    assert!(matches!(stale, Err(Error::Api { status, .. }) if status == 412));
    // Created without a password: activated but not set up yet.
    assert_eq!(updated.status, Some(UserStatus::Provisioned));
}
