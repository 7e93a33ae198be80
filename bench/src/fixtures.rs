//! Users as Okta sends them: every standard attribute the org fills, custom profile
//! attributes of several JSON types, keys newer than the spec (Okta always sends some), and
//! `_links` as in collection responses (`self` only) or single reads (`self` + lifecycle).

/// One user object; `full_links` adds the lifecycle links a single read carries.
pub fn user(i: usize, full_links: bool) -> serde_json::Value {
    let id = format!("00u{i:017}");
    let base = format!("https://example.okta.com/api/v1/users/{id}");
    let mut links = serde_json::json!({ "self": { "href": base } });
    if full_links {
        for (name, method) in [
            ("deactivate", "POST"),
            ("suspend", "POST"),
            ("resetPassword", "POST"),
            ("expirePassword", "POST"),
            ("changeRecoveryQuestion", "POST"),
            ("schema", "GET"),
            ("type", "GET"),
        ] {
            let href = format!("{base}/lifecycle/{name}");
            links[name] = serde_json::json!({ "href": href, "method": method });
        }
    }
    serde_json::json!({
        "id": id,
        "status": "ACTIVE",
        "created": "2023-06-24T16:39:18.000Z",
        "activated": "2023-06-24T16:39:19.000Z",
        "statusChanged": "2023-06-24T16:39:19.000Z",
        "lastLogin": "2024-11-02T08:12:44.000Z",
        "lastUpdated": "2024-07-02T21:36:25.344Z",
        "passwordChanged": "2024-07-02T21:36:25.344Z",
        "realmId": "guo1bfiNtSnZYILxO0g4",
        // Newer than the spec: undeclared, kept by the generated client, dropped by the hand one.
        "transitioningToStatus": null,
        "lastLoginRegion": "eu-west-1",
        "riskLevel": { "score": 12, "reasons": ["NEW_DEVICE"] },
        "type": { "id": "oty1a2b3c4d5e6f7g8h9" },
        "profile": {
            "firstName": format!("First{i}"),
            "lastName": format!("Last{i}"),
            "email": format!("user{i}@example.com"),
            "login": format!("user{i}@example.com"),
            "mobilePhone": "555-415-1337",
            "secondEmail": null,
            "title": "Engineer",
            "department": "Identity",
            "costCenter": null,
            "employeeNumber": format!("{i}"),
            "locale": "en_US",
            "timezone": "Europe/Berlin",
            // Custom attributes.
            "favoriteColor": "teal",
            "isContractor": i.is_multiple_of(3),
            "badgeNumber": i * 7,
            "groupsOfInterest": ["security", "platform"],
        },
        "credentials": {
            "password": {},
            "provider": { "type": "OKTA", "name": "OKTA" }
        },
        "_links": links,
    })
}

/// The JSON body of one `listUsers` page of `n` users.
pub fn page(n: usize) -> Vec<u8> {
    let users: Vec<_> = (0..n).map(|i| user(i, false)).collect();
    serde_json::to_vec(&users).expect("fixture encodes")
}

/// `page` with the keys the spec does not declare removed (custom profile attributes and
/// top-level keys newer than the spec): what the generated types cost on their own.
pub fn declared_only(page: &[u8]) -> Vec<u8> {
    let users: Vec<okta_users::types::User> = serde_json::from_slice(page).expect("decodes");
    let users: Vec<okta_users::types::User> = users
        .into_iter()
        .map(|mut user| {
            user.additional_properties.clear();
            if let Some(profile) = user.profile.as_mut() {
                profile.additional_properties.clear();
            }
            user
        })
        .collect();
    serde_json::to_vec(&users).expect("encodes")
}
