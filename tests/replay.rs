//! Replay conformance: every interaction Okta's Python SDK recorded against real orgs under
//! `/api/v1/users` (`tests/recordings/`) that an operation of `spec/okta-users.yaml` serves
//! is answered again by a loopback mock with the recorded status, headers and body, and the
//! same call is made through the typed client with the recorded parameters.
//!
//! Each replayed interaction must show:
//! - **request**: the client sends the recorded method, path and query parameters (as a set);
//! - **request body**: the recorded body decodes into the client's request type, re-encodes to
//!   the same JSON value, and is what the client sends;
//! - **response**: a 2xx body decodes into the typed response and re-encodes to the same JSON
//!   value; a 4xx is `Error::Api` with the recorded `errorCode` and request id;
//! - **secrets**: secret values of the response (activation tokens, temporary passwords, reset
//!   links) never appear in the typed body's `Debug` output.
//!
//! Where a recording itself disagrees with the spec, the interaction is listed in
//! [`DISAGREEMENTS`] with the reason, and the test requires exactly that check to fail.

use okta_users::types;
use okta_users_tests::recording::{self, Interaction, Routed};
use okta_users_tests::{client_without_retries, RawPath};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How a recording disagrees with the spec, if it does: the check that must fail for it
/// and why. Every other check must pass.
fn disagreement(it: &Interaction) -> Option<(Check, &'static str)> {
    if it.path() != it.normalized_path() {
        return Some((
            Check::Request,
            "the SDK sent a doubled leading slash (`//api/v1/...`, a base URL ending in `/`); \
             the spec's paths have one and so has the client's request",
        ));
    }
    None
}

/// The verdict of one check.
#[derive(Debug)]
enum Verdict {
    Pass,
    Fail(String),
    /// The recording holds nothing to check: no request body (older cassettes store none),
    /// or no secret in the response.
    NotRecorded,
}

impl From<Result<(), String>> for Verdict {
    fn from(result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Self::Pass,
            Err(why) => Self::Fail(why),
        }
    }
}

/// The four checks made on each interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    Request,
    RequestBody,
    Response,
    Secrets,
}

const CHECKS: [Check; 4] = [
    Check::Request,
    Check::RequestBody,
    Check::Response,
    Check::Secrets,
];

/// Response properties that are secrets wherever they appear.
const SECRET_KEYS: &[&str] = &[
    "activationToken",
    "activationUrl",
    "tempPassword",
    "resetPasswordUrl",
];

/// What a typed call gave back: the typed body re-encoded, or the error.
enum Outcome {
    Body { json: Value, debug: String },
    Empty,
    Failed(okta_users::Error),
}

fn typed<T: Serialize + std::fmt::Debug, H>(
    result: Result<okta_users::Response<T, H>, okta_users::Error>,
) -> Outcome {
    match result {
        Ok(response) => {
            let body = response.into_body();
            Outcome::Body {
                json: serde_json::to_value(&body).expect("typed body re-encodes"),
                debug: format!("{body:?}"),
            }
        }
        Err(error) => Outcome::Failed(error),
    }
}

fn empty<H>(result: Result<okta_users::Response<(), H>, okta_users::Error>) -> Outcome {
    match result {
        Ok(_) => Outcome::Empty,
        Err(error) => Outcome::Failed(error),
    }
}

/// The recorded query parameters, taken one by one by the call that sets them.
struct Params(BTreeMap<String, String>);

impl Params {
    fn take(&mut self, name: &str) -> Option<String> {
        self.0.remove(name)
    }

    fn flag(&mut self, name: &str) -> Option<bool> {
        self.take(name)
            .map(|v| v.parse().expect("a recorded boolean"))
    }

    fn enumerated<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        self.take(name)
            .map(|v| serde_json::from_value(Value::String(v)).expect("a recorded enum value"))
    }
}

/// The recorded request body decoded into `T`, and whether it re-encodes unchanged. Older
/// cassettes stored no request body (`body: null`): the call is then made with the
/// recorded response's `profile` (what the SDK's test sent) or an empty body, and the body
/// check is counted as not recorded.
fn request_body<T: DeserializeOwned + Serialize + Default>(
    it: &Interaction,
) -> Result<(T, Option<bool>), String> {
    let Some(recorded) = it.request_json() else {
        let profile = it.response_json().and_then(|r| r.get("profile").cloned());
        let body = match profile {
            Some(profile) => serde_json::from_value(serde_json::json!({ "profile": profile }))
                .map_err(|e| e.to_string())?,
            None => T::default(),
        };
        return Ok((body, None));
    };
    let typed: T = serde_json::from_value(recorded.clone()).map_err(|e| e.to_string())?;
    let round_trips = serde_json::to_value(&typed).map_err(|e| e.to_string())? == recorded;
    Ok((typed, Some(round_trips)))
}

/// Issues the recorded call through the typed client. Returns the outcome, whether the
/// recorded request body round-tripped through the request type (`None`: no body), and the
/// recorded query parameters no operation parameter took.
async fn call(
    client: &okta_users::Client,
    routed: &Routed,
    it: &Interaction,
) -> Result<(Outcome, Option<bool>, Vec<String>), String> {
    let mut q = Params(it.query().into_iter().collect());
    let id = routed.id.clone().unwrap_or_default();
    let mut round_trip = None;
    macro_rules! body {
        ($ty:ty) => {{
            let (body, ok) = request_body::<$ty>(it)?;
            round_trip = ok;
            body
        }};
    }
    let outcome = match routed.operation.as_str() {
        "listUsers" => {
            let mut call = client.list_users();
            if let Some(v) = q.take("limit") {
                call = call.limit(v.parse::<i32>().map_err(|e| e.to_string())?);
            }
            call = call
                .set_after(q.take("after"))
                .set_q(q.take("q"))
                .set_search(q.take("search").map(okta_users::query::Search::raw))
                .set_filter(q.take("filter").map(okta_users::query::Filter::raw))
                .set_sort_by(q.take("sortBy"))
                .set_sort_order(q.take("sortOrder"))
                .set_expand(q.take("expand"))
                .set_fields(q.take("fields"));
            match call.send().await {
                Ok(page) => {
                    let items = page.into_body().into_items();
                    Outcome::Body {
                        json: serde_json::to_value(&items).expect("users re-encode"),
                        debug: format!("{items:?}"),
                    }
                }
                Err(error) => Outcome::Failed(error),
            }
        }
        "createUser" => {
            let call = client
                .create_user(body!(types::CreateUserRequest))
                .set_activate(q.flag("activate"))
                .set_provider(q.flag("provider"))
                .set_next_login(q.enumerated("nextLogin"));
            typed(call.send().await)
        }
        "getUser" => typed(
            client
                .get_user(id)
                .set_expand(q.take("expand"))
                .send()
                .await,
        ),
        "replaceUser" => {
            let call = client.replace_user(id, body!(types::UpdateUserRequest));
            typed(call.set_strict(q.flag("strict")).send().await)
        }
        "updateUser" => {
            let call = client.update_user(id, body!(types::UpdateUserRequest));
            typed(call.set_strict(q.flag("strict")).send().await)
        }
        "deleteUser" => {
            let call = client.delete_user(id).set_send_email(q.flag("sendEmail"));
            empty(call.send().await)
        }
        "listUserBlocks" => typed(client.list_user_blocks(id).send().await),
        "activateUser" => {
            let call = client.activate_user(id).set_send_email(q.flag("sendEmail"));
            typed(call.send().await)
        }
        "deactivateUser" => {
            let call = client
                .deactivate_user(id)
                .set_send_email(q.flag("sendEmail"));
            empty(call.send().await)
        }
        "reactivateUser" => {
            let call = client
                .reactivate_user(id)
                .set_send_email(q.flag("sendEmail"));
            typed(call.send().await)
        }
        "suspendUser" => empty(client.suspend_user(id).send().await),
        "unsuspendUser" => empty(client.unsuspend_user(id).send().await),
        "unlockUser" => empty(client.unlock_user(id).send().await),
        "resetFactors" => empty(client.reset_factors(id).send().await),
        "expirePassword" => typed(client.expire_password(id).send().await),
        "expirePasswordWithTempPassword" => {
            let call = client
                .expire_password_with_temp_password(id)
                .set_revoke_sessions(q.flag("revokeSessions"));
            typed(call.send().await)
        }
        "resetPassword" => {
            let send_email = q.flag("sendEmail").ok_or("sendEmail is required")?;
            let call = client
                .reset_password(id, send_email)
                .set_revoke_sessions(q.flag("revokeSessions"));
            typed(call.send().await)
        }
        "changePassword" => {
            let call = client.change_password(id, body!(types::ChangePasswordRequest));
            typed(call.set_strict(q.flag("strict")).send().await)
        }
        "changeRecoveryQuestion" => {
            let call = client.change_recovery_question(id, body!(types::UserCredentials));
            typed(call.send().await)
        }
        "forgotPassword" => {
            let call = client
                .forgot_password(id)
                .set_send_email(q.flag("sendEmail"));
            typed(call.send().await)
        }
        "forgotPasswordSetNewPassword" => {
            let call = client
                .forgot_password_set_new_password(id, body!(types::UserCredentials))
                .set_send_email(q.flag("sendEmail"));
            typed(call.send().await)
        }
        other => return Err(format!("no replay written for `{other}`")),
    };
    Ok((outcome, round_trip, q.0.into_keys().collect()))
}

/// The recorded response, served from `server` for any request. The recorded org's
/// origin in `Link` headers becomes the mock's, since a client follows links only on its
/// own origin.
async fn serve(server: &MockServer, it: &Interaction) {
    server.reset().await;
    let content_type = it.header("content-type").unwrap_or("application/json");
    let mut template = ResponseTemplate::new(it.status).set_body_raw(it.body.clone(), content_type);
    let (origin, mock) = (it.origin(), server.uri());
    for (name, value) in &it.headers {
        if ["content-type", "content-length"].contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let value = value.replace(&origin, &mock);
        template = template.append_header(name.as_str(), value.as_str());
    }
    Mock::given(any())
        .respond_with(template)
        .mount(server)
        .await;
}

/// The secret values in a recorded response body.
fn secrets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(s) if SECRET_KEYS.contains(&key.as_str()) && !s.is_empty() => {
                        out.push(s.clone())
                    }
                    other => secrets(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secrets(v, out)),
        _ => {}
    }
}

/// Replays one interaction; returns the result of each check (`Err` with the reason).
async fn replay(
    server: &MockServer,
    client: &okta_users::Client,
    routed: &Routed,
    it: &Interaction,
) -> BTreeMap<Check, Verdict> {
    serve(server, it).await;
    let mut results = BTreeMap::new();
    let (outcome, round_trip, unused) = match call(client, routed, it).await {
        Ok(called) => called,
        Err(why) => {
            for check in CHECKS {
                results.insert(check, Verdict::Fail(format!("not called: {why}")));
            }
            return results;
        }
    };
    let received = server.received_requests().await.expect("recording on");
    let sent = received.last();

    // The request: method, path, query parameters as a set.
    let request = match sent {
        None => Err("nothing was sent".to_owned()),
        Some(_) if !unused.is_empty() => Err(format!(
            "recorded parameters {unused:?} are not in the spec"
        )),
        Some(sent) => {
            let query = recording::query_set(&sent.url);
            let path = decoded(sent.url.path());
            if sent.method.as_str() != it.method {
                Err(format!("method {} instead of {}", sent.method, it.method))
            } else if path != decoded(&it.normalized_path()) {
                Err(format!("path {path} instead of {}", it.normalized_path()))
            } else if it.path() != it.normalized_path() {
                Err(format!(
                    "the SDK sent {}; the client {}",
                    it.path(),
                    sent.url.path()
                ))
            } else if query != it.query() {
                Err(format!("query {query:?} instead of {:?}", it.query()))
            } else {
                Ok(())
            }
        }
    };
    results.insert(Check::Request, request.into());

    // The request body: round trip through the request type, and what was sent.
    let body = match (it.request_json(), round_trip, sent) {
        (None, None, Some(sent)) if !sent.body.is_empty() => {
            results.insert(Check::RequestBody, Verdict::NotRecorded);
            Ok(())
        }
        (None, _, Some(sent)) if sent.body.is_empty() => Ok(()),
        (None, _, _) => Err("a body was sent where none was recorded".to_owned()),
        (Some(_), Some(false), _) => Err("the request type changes the recorded body".to_owned()),
        (Some(recorded), _, Some(sent)) => match serde_json::from_slice::<Value>(&sent.body) {
            Ok(sent) if sent == recorded => Ok(()),
            Ok(sent) => Err(format!("sent {sent} instead of {recorded}")),
            Err(e) => Err(format!("sent body is not JSON: {e}")),
        },
        (Some(_), _, None) => Err("nothing was sent".to_owned()),
    };
    results
        .entry(Check::RequestBody)
        .or_insert_with(|| body.into());

    // The response.
    let response = match (&outcome, it.is_success()) {
        (Outcome::Body { json, .. }, true) => match it.response_json() {
            Some(recorded) if *json == recorded => Ok(()),
            Some(recorded) => Err(format!(
                "re-encoded differently: {}",
                difference(json, &recorded)
            )),
            None => Err("typed body from an empty recorded body".to_owned()),
        },
        (Outcome::Empty, true) => Ok(()),
        (Outcome::Failed(error), true) => Err(format!("a recorded success failed: {error}")),
        (
            Outcome::Failed(okta_users::Error::Api {
                status,
                body,
                request_id,
                ..
            }),
            false,
        ) => {
            let recorded = it.response_json().unwrap_or_default();
            let code = recorded["errorCode"].as_str();
            if status.as_u16() != it.status {
                Err(format!("status {status} instead of {}", it.status))
            } else if body.error_code.as_deref() != code {
                Err(format!(
                    "errorCode {:?} instead of {code:?}",
                    body.error_code
                ))
            } else if request_id.as_deref() != it.header("x-okta-request-id") {
                Err(format!(
                    "request id {request_id:?} instead of {:?}",
                    it.header("x-okta-request-id")
                ))
            } else {
                Ok(())
            }
        }
        (Outcome::Failed(error), false) => Err(format!("not Error::Api: {error:?}")),
        (_, false) => Err("a recorded error succeeded".to_owned()),
    };
    results.insert(Check::Response, response.into());

    // Secrets of the response never show in Debug.
    let mut values = Vec::new();
    if let Some(recorded) = it.response_json() {
        secrets(&recorded, &mut values);
    }
    if values.is_empty() {
        results.insert(Check::Secrets, Verdict::NotRecorded);
        return results;
    }
    let shown = match &outcome {
        Outcome::Body { debug, .. } => values.iter().find(|s| debug.contains(s.as_str())),
        _ => None,
    };
    let secrets = match shown {
        Some(_) => Err(format!("a secret of {:?} shows in Debug", SECRET_KEYS)),
        None => Ok(()),
    };
    results.insert(Check::Secrets, secrets.into());
    results
}

/// A path with its percent-encoding undone: the client encodes `@` in a path segment
/// where the SDK sent it bare; both name the same resource.
fn decoded(path: &str) -> String {
    reqwest::Url::parse(&format!("http://x{path}"))
        .ok()
        .and_then(|u| {
            let segments = u.path_segments()?;
            let decoded = segments.map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned());
            Some(decoded.collect::<Vec<_>>().join("/"))
        })
        .unwrap_or_else(|| path.to_owned())
}

/// Where two JSON values first differ: the JSON pointer and both sides.
fn difference(got: &Value, want: &Value) -> String {
    fn walk(got: &Value, want: &Value, at: String) -> Option<String> {
        match (got, want) {
            (Value::Object(g), Value::Object(w)) => {
                let keys: std::collections::BTreeSet<&String> = g.keys().chain(w.keys()).collect();
                keys.into_iter().find_map(|k| {
                    let (a, b) = (g.get(k), w.get(k));
                    match (a, b) {
                        (Some(a), Some(b)) => walk(a, b, format!("{at}/{k}")),
                        _ => Some(format!("{at}/{k}: {a:?} instead of {b:?}")),
                    }
                })
            }
            (Value::Array(g), Value::Array(w)) if g.len() == w.len() => g
                .iter()
                .zip(w)
                .enumerate()
                .find_map(|(i, (a, b))| walk(a, b, format!("{at}/{i}"))),
            _ if got == want => None,
            _ => Some(format!("{at}: {got} instead of {want}")),
        }
    }
    walk(got, want, String::new()).unwrap_or_else(|| "no difference".to_owned())
}

#[derive(Default)]
struct Tally {
    interactions: usize,
    passed: BTreeMap<Check, usize>,
    not_recorded: BTreeMap<Check, usize>,
}

#[tokio::test]
async fn every_recorded_users_interaction_replays_through_the_typed_client() {
    let recordings = recording::load();
    let routes = recording::routes();
    let server = MockServer::start().await;
    let client = client_without_retries(&server);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unrouted: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut disagreements_seen = Vec::new();
    let mut disagreements_expected = 0;
    for it in &recordings.interactions {
        let Some(routed) = it.route(&routes) else {
            // `GET /api/v1/users/{id}/factors`: the sub-resource, ids left out.
            let path = it.normalized_path();
            let mut segments: Vec<&str> = path.split('/').take(6).collect();
            if let Some(id) = segments.get_mut(4) {
                *id = "{id}";
            }
            let shape = format!("{} {}", it.method, segments.join("/"));
            *unrouted.entry(shape).or_default() += 1;
            continue;
        };
        let results = replay(&server, &client, &routed, it).await;
        let tally = tallies.entry(routed.operation.clone()).or_default();
        tally.interactions += 1;
        for (check, result) in results {
            let known = disagreement(it).filter(|(c, _)| *c == check);
            disagreements_expected += usize::from(known.is_some());
            match (result, known) {
                (Verdict::Pass, None) => *tally.passed.entry(check).or_default() += 1,
                (Verdict::NotRecorded, _) => *tally.not_recorded.entry(check).or_default() += 1,
                (Verdict::Fail(why), Some((_, reason))) => {
                    disagreements_seen.push(format!("{} {check:?}: {why} ({reason})", it.label()))
                }
                (Verdict::Pass, Some(_)) => failures.push(format!(
                    "{} {check:?} passes although the recording disagrees with the spec",
                    it.label()
                )),
                (Verdict::Fail(why), None) => failures.push(format!(
                    "{} {} {check:?}: {why}",
                    it.label(),
                    routed.operation
                )),
            }
        }
    }
    eprintln!("operation: interactions / request / request body / response / secrets passed");
    eprintln!("(n/a: no request body recorded, or no secret in the response)");
    for (operation, tally) in &tallies {
        let passed: Vec<String> = CHECKS
            .iter()
            .map(|c| {
                let passed = tally.passed.get(c).copied().unwrap_or_default();
                match tally.not_recorded.get(c) {
                    Some(n) => format!("{passed} (+{n} n/a)"),
                    None => passed.to_string(),
                }
            })
            .collect();
        eprintln!(
            "  {operation}: {} / {}",
            tally.interactions,
            passed.join(" / ")
        );
    }
    eprintln!("recorded but not in the spec: {unrouted:?}");
    eprintln!("disagreements of the recordings with the spec:");
    for line in &disagreements_seen {
        eprintln!("  {line}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let seed = [
        "createUser",
        "deleteUser",
        "getUser",
        "listUserBlocks",
        "listUsers",
        "replaceUser",
        "updateUser",
    ];
    for operation in seed {
        assert!(
            tallies.contains_key(operation),
            "no recording of {operation}"
        );
    }
    assert_eq!(disagreements_seen.len(), disagreements_expected);
}

#[tokio::test]
async fn the_recorded_paging_sequence_streams_each_page_once_in_order() {
    use futures_util::StreamExt as _;
    let recordings = recording::load();
    let pages: Vec<&Interaction> = recordings
        .interactions
        .iter()
        .filter(|it| {
            it.cassette.ends_with("test_user_pagination.yaml")
                && it.method == "GET"
                && it.path() == "/api/v1/users"
        })
        .collect();
    assert_eq!(
        pages.len(),
        2,
        "the recording pages through two users one by one"
    );
    let server = MockServer::start().await;
    for (n, page) in pages.iter().enumerate() {
        let link = page
            .header("link")
            .expect("recorded Link")
            .replace(&page.origin(), &server.uri());
        let after: Vec<(String, String)> = page.query();
        Mock::given(wiremock::matchers::method("GET"))
            .and(RawPath("/api/v1/users"))
            .and(QueryIs(after))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(page.body.clone(), "application/json")
                    .insert_header("link", link.as_str()),
            )
            .expect(1)
            .named(format!("recorded page {n}"))
            .mount(&server)
            .await;
    }
    let client = client_without_retries(&server);
    let first_limit: i32 = pages[0].query()[0].1.parse().expect("limit");
    let streamed: Vec<okta_users::Page<types::User>> = client
        .list_users()
        .limit(first_limit)
        .pages()
        .take(pages.len())
        .map(|page| page.expect("recorded page").into_body())
        .collect()
        .await;
    let mut ids = Vec::new();
    for (page, recorded) in streamed.iter().zip(&pages) {
        let body: Vec<Value> = serde_json::from_str(&recorded.body).expect("recorded page");
        let recorded_ids: Vec<&str> = body.iter().filter_map(|u| u["id"].as_str()).collect();
        let got: Vec<&str> = page
            .items()
            .iter()
            .filter_map(|u| u.id.as_deref())
            .collect();
        assert_eq!(got, recorded_ids, "{}", recorded.label());
        ids.extend(got.into_iter().map(str::to_owned));
    }
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "each user once");
    // The last recorded page announces a next one the SDK did not fetch: the client would
    // ask for exactly the recorded URL, cursor untouched.
    let last = pages.last().expect("a page");
    let next = last
        .header("link")
        .expect("Link")
        .replace(&last.origin(), &server.uri());
    let announced = streamed
        .last()
        .and_then(|p| p.next_url())
        .expect("a next page");
    assert_eq!(format!("<{announced}>; rel=\"next\""), next);
    let sent = server.received_requests().await.expect("recording on");
    let queries: Vec<Vec<(String, String)>> =
        sent.iter().map(|r| recording::query_set(&r.url)).collect();
    let recorded: Vec<Vec<(String, String)>> = pages.iter().map(|p| p.query()).collect();
    assert_eq!(
        queries, recorded,
        "pages requested once each, in recorded order"
    );
}

/// Real orgs send `"method"` on every lifecycle link; the spec declares it (Okta's own spec
/// does not), so each recorded one lands in the typed field as a known value, not in the
/// link's catch-all.
#[test]
fn recorded_lifecycle_links_carry_a_typed_method() {
    let recordings = recording::load();
    let mut seen = 0;
    for it in &recordings.interactions {
        let Some(Value::Object(body)) = it.response_json().filter(|_| it.is_success()) else {
            continue;
        };
        let Some(Value::Object(links)) = body.get("_links") else {
            continue;
        };
        if !body.contains_key("profile") {
            continue;
        }
        let user: types::User = serde_json::from_value(Value::Object(body.clone()))
            .unwrap_or_else(|e| panic!("{}: {e}", it.label()));
        let typed = serde_json::to_value(user.links.as_deref().expect("links")).expect("encodes");
        for (name, link) in links {
            let Some(Value::String(method)) = link.get("method") else {
                continue;
            };
            seen += 1;
            let decoded: types::HrefObject =
                serde_json::from_value(link.clone()).expect("a link decodes");
            assert_eq!(
                decoded.method.as_ref().map(types::HttpMethod::as_str),
                Some(method.as_str()),
                "{} `{name}`",
                it.label()
            );
            assert!(
                !matches!(decoded.method, Some(types::HttpMethod::Unknown(_))),
                "{} `{name}`: {method} is not a known method",
                it.label()
            );
            assert!(!decoded.additional_properties.contains_key("method"));
            assert_eq!(typed[name.as_str()]["method"], link["method"]);
        }
    }
    assert!(seen > 100, "only {seen} recorded links carry a method");
}

/// Matches a request whose decoded query parameters are exactly `0` (as a set).
struct QueryIs(Vec<(String, String)>);

impl wiremock::Match for QueryIs {
    fn matches(&self, request: &wiremock::Request) -> bool {
        recording::query_set(&request.url) == self.0
    }
}
