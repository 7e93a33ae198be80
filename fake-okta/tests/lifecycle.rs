//! The fake's lifecycle and credential operations, pinned through the generated client:
//! every transition from every status it can be reached in, the asynchronous transitions
//! (`transitioningToStatus`), and the credential checks.
use fake_okta::FakeOkta;
use okta_users::types::{
    ChangePasswordRequest, CreateUserRequest, DeactivateUserPrefer, PasswordCredential,
    RecoveryQuestionCredential, UserCredentials, UserCredentialsWritable, UserStatus,
};
use okta_users::{Client, Error};

fn password(value: &str) -> PasswordCredential {
    let mut credential = PasswordCredential::default();
    credential.value = Some(value.into());
    credential
}

/// Creates a user (`activate`, with a password or not); its id.
async fn create(client: &Client, login: &str, activate: bool, with_password: bool) -> String {
    let mut request = CreateUserRequest::default();
    request.profile.login = Some(login.to_owned());
    request.profile.email = Some(login.to_owned());
    if with_password {
        let mut credentials = UserCredentialsWritable::default();
        credentials.password = Some(password("Correct-h0rse"));
        let mut question = RecoveryQuestionCredential::default();
        question.question = Some("Favourite horse?".into());
        question.answer = Some("Shadowfax".into());
        credentials.recovery_question = Some(question);
        request.credentials = Some(credentials.into());
    }
    let created = client.create_user(request).activate(activate).send().await;
    created.expect("created").into_body().id.expect("an id")
}

async fn status(client: &Client, id: &str) -> UserStatus {
    let user = client.get_user(id).send().await.expect("read").into_body();
    user.status.expect("a status")
}

/// A user in `start`, reached through the API (and `lock_out`, the fake's stand-in for
/// failed sign-ins).
async fn user_in(okta: &FakeOkta, client: &Client, n: usize, start: &UserStatus) -> String {
    let login = format!("user{n}@example.com");
    let id = match start {
        UserStatus::Staged => return create(client, &login, false, true).await,
        UserStatus::Provisioned => return create(client, &login, true, false).await,
        _ => create(client, &login, true, true).await,
    };
    match start {
        UserStatus::Suspended => drop(client.suspend_user(&id).send().await.expect("suspend")),
        UserStatus::LockedOut => assert!(okta.lock_out(&id).await),
        UserStatus::PasswordExpired => {
            drop(client.expire_password(&id).send().await.expect("expire"))
        }
        UserStatus::Recovery => drop(
            client
                .reset_password(&id, true)
                .send()
                .await
                .expect("reset"),
        ),
        UserStatus::Deprovisioned => drop(
            client
                .deactivate_user(&id)
                .send()
                .await
                .expect("deactivate"),
        ),
        _ => {}
    }
    assert_eq!(&status(client, &id).await, start);
    id
}

async fn apply(client: &Client, op: &str, id: &str) -> Result<(), Error> {
    match op {
        "activate" => client
            .activate_user(id)
            .send_email(false)
            .send()
            .await
            .map(drop),
        "reactivate" => client
            .reactivate_user(id)
            .send_email(false)
            .send()
            .await
            .map(drop),
        "deactivate" => client.deactivate_user(id).send().await.map(drop),
        "suspend" => client.suspend_user(id).send().await.map(drop),
        "unsuspend" => client.unsuspend_user(id).send().await.map(drop),
        "unlock" => client.unlock_user(id).send().await.map(drop),
        "reset_factors" => client.reset_factors(id).send().await.map(drop),
        "expire_password" => client.expire_password(id).send().await.map(drop),
        "reset_password" => client.reset_password(id, false).send().await.map(drop),
        "forgot_password" => client
            .forgot_password(id)
            .send_email(false)
            .send()
            .await
            .map(drop),
        other => panic!("no operation {other}"),
    }
}

/// What each operation does from each status: the status after it, or the status code and
/// Okta error code of the refusal. Columns are the statuses of [`STARTS`].
#[rustfmt::skip]
const TRANSITIONS: [(&str, [&str; 8]); 10] = [
    //                  STAGED          PROVISIONED     ACTIVE          SUSPENDED       LOCKED_OUT      PASSWORD_EXPIRED RECOVERY       DEPROVISIONED
    ("activate",        ["ACTIVE",       "403 E0000038", "403 E0000016", "403 E0000038", "403 E0000038", "403 E0000038", "403 E0000038", "ACTIVE"]),
    ("reactivate",      ["403 E0000038", "PROVISIONED",  "403 E0000038", "403 E0000038", "403 E0000038", "403 E0000038", "RECOVERY",     "403 E0000038"]),
    ("deactivate",      ["DEPROVISIONED","DEPROVISIONED","DEPROVISIONED","DEPROVISIONED","DEPROVISIONED","DEPROVISIONED","DEPROVISIONED","403 E0000038"]),
    ("suspend",         ["400 E0000001", "400 E0000001", "SUSPENDED",    "400 E0000001", "400 E0000001", "400 E0000001", "400 E0000001", "400 E0000001"]),
    ("unsuspend",       ["400 E0000001", "400 E0000001", "400 E0000001", "ACTIVE",       "400 E0000001", "400 E0000001", "400 E0000001", "400 E0000001"]),
    ("unlock",          ["403 E0000032", "403 E0000032", "403 E0000032", "403 E0000032", "ACTIVE",       "403 E0000032", "403 E0000032", "403 E0000032"]),
    ("reset_factors",   ["STAGED",       "PROVISIONED",  "ACTIVE",       "SUSPENDED",    "LOCKED_OUT",   "PASSWORD_EXPIRED","RECOVERY",   "403 E0000038"]),
    ("expire_password", ["403 E0000038", "PASSWORD_EXPIRED","PASSWORD_EXPIRED","403 E0000038","PASSWORD_EXPIRED","PASSWORD_EXPIRED","PASSWORD_EXPIRED","403 E0000038"]),
    ("reset_password",  ["403 E0000038", "RECOVERY",     "RECOVERY",     "403 E0000038", "RECOVERY",     "RECOVERY",     "RECOVERY",     "403 E0000038"]),
    ("forgot_password", ["403 E0000034", "403 E0000034", "ACTIVE",       "403 E0000034", "403 E0000034", "403 E0000034", "403 E0000034", "403 E0000034"]),
];

const STARTS: [UserStatus; 8] = [
    UserStatus::Staged,
    UserStatus::Provisioned,
    UserStatus::Active,
    UserStatus::Suspended,
    UserStatus::LockedOut,
    UserStatus::PasswordExpired,
    UserStatus::Recovery,
    UserStatus::Deprovisioned,
];

#[tokio::test]
async fn every_transition_from_every_reachable_status() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let mut n = 0;
    let mut wrong = Vec::new();
    for (op, outcomes) in &TRANSITIONS {
        for (start, expected) in STARTS.iter().zip(outcomes) {
            n += 1;
            let id = user_in(&okta, &client, n, start).await;
            let got = match apply(&client, op, &id).await {
                Ok(()) => {
                    let now = serde_json::to_value(status(&client, &id).await).expect("encodes");
                    now.as_str().unwrap_or_default().to_owned()
                }
                Err(Error::Api { status, body, .. }) => {
                    format!(
                        "{} {}",
                        status.as_u16(),
                        body.error_code.unwrap_or_default()
                    )
                }
                Err(other) => panic!("{op} from {start:?}: {other}"),
            };
            if got != *expected {
                wrong.push(format!("{op} from {start:?}: {got}, expected {expected}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn asynchronous_transitions_show_transitioning_to_status_once() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create(&client, "isaac@example.com", false, true).await;
    okta.set_async_transitions(true).await;
    client.activate_user(&id).send().await.expect("activate");
    let during = client.get_user(&id).send().await.expect("read").into_body();
    assert_eq!(during.status, Some(UserStatus::Staged));
    assert_eq!(
        serde_json::to_value(&during.transitioning_to_status).expect("encodes"),
        "ACTIVE"
    );
    let after = client.get_user(&id).send().await.expect("read").into_body();
    assert_eq!(after.status, Some(UserStatus::Active));
    assert!(after.transitioning_to_status.is_absent());

    // Without the org setting, `Prefer: respond-async` makes one deactivation asynchronous.
    okta.set_async_transitions(false).await;
    client
        .deactivate_user(&id)
        .prefer(DeactivateUserPrefer::RespondAsync)
        .send()
        .await
        .expect("deactivate");
    assert_eq!(status(&client, &id).await, UserStatus::Active);
    assert_eq!(status(&client, &id).await, UserStatus::Deprovisioned);
}

#[tokio::test]
async fn credential_operations_check_the_password_and_the_answer() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create(&client, "isaac@example.com", true, true).await;
    let change = |old: &str, new: &str| {
        let mut request = ChangePasswordRequest::default();
        request.old_password = Some(password(old));
        request.new_password = Some(password(new));
        client.change_password(&id, request).send()
    };
    let wrong = change("not-it", "N3w-h0rse")
        .await
        .expect_err("wrong old password");
    assert!(matches!(&wrong, Error::Api { status, body, .. }
        if *status == 403 && body.error_code.as_deref() == Some("E0000014")));
    let credentials = change("Correct-h0rse", "N3w-h0rse")
        .await
        .expect("changed")
        .into_body();
    assert!(credentials.password.is_some());

    // A reset puts the user in RECOVERY; answering the recovery question sets a password.
    client
        .reset_password(&id, true)
        .send()
        .await
        .expect("reset");
    assert_eq!(status(&client, &id).await, UserStatus::Recovery);
    let answer = |answer: &str| {
        let mut body = UserCredentials::default();
        body.password = Some(password("Th1rd-h0rse"));
        let mut question = RecoveryQuestionCredential::default();
        question.answer = Some(answer.into());
        body.recovery_question = Some(question);
        client.forgot_password_set_new_password(&id, body).send()
    };
    assert!(answer("Bill the Pony").await.is_err());
    answer("Shadowfax").await.expect("right answer");
    let changed = change("Th1rd-h0rse", "F0urth-h0rse")
        .await
        .expect("changed");
    drop(changed);
    assert_eq!(status(&client, &id).await, UserStatus::Active);
}
