//! Typed `search`/`filter` expressions on the wire: exact encoding, values that cannot widen
//! a query, errors before anything is sent, and standard profile attributes kept in step
//! with the spec.
use okta_users::query::{filter, search, Filter, Profile, Search};
use okta_users::types::UserStatus;
use okta_users::Error;
use okta_users_tests::{client, root, RawQuery};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn expressions_are_sent_encoded_once() {
    let server = MockServer::start().await;
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-31T10:30:00+01:00").unwrap();
    Mock::given(RawQuery(Some(
        "search=profile.lastName%20eq%20%22O%27Brien%5C%22%20or%20status%20eq%20%5C%22ACTIVE%22%20and%20profile.costCenter%20sw%20%22R%26D%22\
         &filter=lastUpdated%20gt%20%222024-01-31T09%3A30%3A00.000Z%22%20or%20status%20eq%20%22STAGED%22",
    )))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
    .expect(1)
    .mount(&server)
    .await;
    client(&server)
        .list_users()
        .search(
            search::last_name()
                .eq(r#"O'Brien" or status eq "ACTIVE"#)
                .and(search::profile(Profile::CostCenter).sw("R&D")),
        )
        .filter(
            filter::last_updated()
                .gt(since)
                .or(filter::status().eq(UserStatus::Staged)),
        )
        .send()
        .await
        .expect("sent as built");
}

#[tokio::test]
async fn invalid_expressions_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;
    let bad_name = search::custom("costCenter eq \"x\" or id").eq("1");
    assert!(bad_name.invalid_reason().is_some());
    assert!(
        !bad_name.as_str().contains("or id"),
        "{}",
        bad_name.as_str()
    );
    let not_a_number = search::custom("score").gt(f64::NAN);
    for query in [bad_name, not_a_number.and(search::id().pr())] {
        let error = client(&server)
            .list_users()
            .search(query)
            .send()
            .await
            .expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
}

#[test]
fn grouping_keeps_each_expression_s_meaning() {
    let a = || search::status().eq(UserStatus::Active);
    let b = || search::type_id().eq("oty1");
    let c = || search::created().pr();
    assert_eq!(
        a().or(b()).and(c()).as_str(),
        r#"(status eq "ACTIVE" or type.id eq "oty1") and created pr"#
    );
    assert_eq!(
        a().and(b()).or(c()).as_str(),
        r#"status eq "ACTIVE" and type.id eq "oty1" or created pr"#
    );
    assert_eq!(
        a().and(Search::raw("x eq 1 or y eq 2")).as_str(),
        r#"status eq "ACTIVE" and (x eq 1 or y eq 2)"#
    );
    assert_eq!(
        Filter::raw("status eq \"STAGED\"").to_string(),
        "status eq \"STAGED\""
    );
    assert_eq!(
        search::custom("level")
            .eq(3)
            .or(search::custom("remote").eq(true))
            .as_str(),
        "profile.level eq 3 or profile.remote eq true"
    );
}

#[test]
fn profile_attributes_are_those_the_spec_declares() {
    let spec = std::fs::read_to_string(root().join("spec/okta-users.yaml")).expect("spec");
    let doc = generator::load_document(&spec).expect("spec parses");
    let declared = doc["components"]["schemas"]["UserProfile"]["properties"]
        .as_object()
        .expect("UserProfile properties");
    let mut in_spec: Vec<&str> = declared.keys().map(String::as_str).collect();
    let mut in_query: Vec<&str> = Profile::ALL.iter().map(|p| p.as_str()).collect();
    in_spec.sort_unstable();
    in_query.sort_unstable();
    assert_eq!(
        in_query, in_spec,
        "spec/query.rs's Profile is out of step with the spec"
    );
}
