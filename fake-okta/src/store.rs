//! The org's users and what the seven operations do to them, with Okta's semantics: create
//! with or without activation, partial update against replace, delete that deprovisions
//! first, versions behind `ETag`/`If-Match`, `search`/`filter`/`q` and cursors.
use crate::eval::{self, Param};
use crate::expr;
use serde_json::{json, Map, Value};

/// An error answer: status and Okta's error body.
#[derive(Debug)]
pub(crate) struct OktaError {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) summary: String,
    pub(crate) causes: Vec<String>,
}

impl OktaError {
    pub(crate) fn new(status: u16, code: &'static str, summary: impl Into<String>) -> Self {
        Self {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    pub(crate) fn validation(cause: impl Into<String>) -> Self {
        Self {
            causes: vec![cause.into()],
            ..Self::new(400, "E0000001", "Api validation failed: user")
        }
    }

    pub(crate) fn not_found(id: &str) -> Self {
        Self::new(
            404,
            "E0000007",
            format!("Not found: Resource not found: {id} (User)"),
        )
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(401, "E0000011", "Invalid token provided")
    }
}

pub(crate) struct Stored {
    pub(crate) user: Value,
    pub(crate) version: u64,
    /// The password and recovery answer, kept to check the credential operations; never
    /// answered.
    pub(crate) password: Option<String>,
    pub(crate) answer: Option<String>,
    /// An asynchronous transition (`transitioningToStatus`) has been shown by a read; it
    /// completes before the next request.
    pub(crate) shown: std::cell::Cell<bool>,
}

pub(crate) struct Store {
    base_url: String,
    pub(crate) users: Vec<Stored>,
    created: u64,
    /// Counter of the one-time tokens the lifecycle operations hand out.
    pub(crate) tokens: u64,
    /// Whether activations and deactivations answer before they complete.
    pub(crate) async_transitions: bool,
}

/// Most users on one page, and the default.
const MAX_LIMIT: usize = 200;

pub(crate) fn now() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn etag(version: u64) -> String {
    format!("W/\"{version}\"")
}

impl Store {
    pub(crate) fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            users: Vec::new(),
            created: 0,
            tokens: 0,
            async_transitions: false,
        }
    }

    /// The org's base URL, for links.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn all(&self) -> Vec<Value> {
        self.users.iter().map(|s| s.user.clone()).collect()
    }

    pub(crate) fn find(&self, id_or_login: &str) -> Result<usize, OktaError> {
        self.users
            .iter()
            .position(|s| {
                s.user["id"] == id_or_login
                    || s.user["profile"]["login"]
                        .as_str()
                        .is_some_and(|l| l.eq_ignore_ascii_case(id_or_login))
            })
            .ok_or_else(|| OktaError::not_found(id_or_login))
    }

    /// `createUser`.
    pub(crate) fn create(
        &mut self,
        body: &Value,
        activate: bool,
        next_login: Option<&str>,
    ) -> Result<Value, OktaError> {
        let Some(profile) = body.get("profile").and_then(Value::as_object) else {
            return Err(OktaError::validation(
                "profile: The field cannot be left blank",
            ));
        };
        for field in ["login", "email"] {
            if profile
                .get(field)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(OktaError::validation(format!(
                    "{field}: The field cannot be left blank"
                )));
            }
        }
        let login = profile["login"].as_str().unwrap_or_default();
        if self.find(login).is_ok() {
            return Err(OktaError::validation(
                "login: An object with this field already exists in the current organization",
            ));
        }
        let password = body["credentials"]["password"]["value"].is_string();
        if next_login == Some("changePassword") {
            if !activate {
                return Err(OktaError::new(
                    400,
                    "E0000125",
                    "Expire password requires activate=true",
                ));
            }
            if !password {
                return Err(OktaError::new(
                    400,
                    "E0000124",
                    "Expire password requires a password",
                ));
            }
        }
        let status = match (activate, password, next_login) {
            (false, _, _) => "STAGED",
            (true, true, Some("changePassword")) => "PASSWORD_EXPIRED",
            (true, true, _) => "ACTIVE",
            (true, false, _) => "PROVISIONED",
        };
        self.created += 1;
        let id = format!("00u{:017}", self.created);
        let at = now();
        let mut credentials = Map::new();
        if password {
            credentials.insert("password".into(), json!({}));
        }
        if let Some(question) = body["credentials"]["recovery_question"]["question"].as_str() {
            credentials.insert("recovery_question".into(), json!({ "question": question }));
        }
        credentials.insert("provider".into(), json!({ "type": "OKTA", "name": "OKTA" }));
        let user = json!({
            "id": id,
            "status": status,
            "created": at,
            "activated": if activate { Value::from(at.clone()) } else { Value::Null },
            "statusChanged": if activate { Value::from(at.clone()) } else { Value::Null },
            "lastLogin": null,
            "lastUpdated": at,
            "passwordChanged": if password { Value::from(at.clone()) } else { Value::Null },
            "type": { "id": body["type"]["id"].as_str().unwrap_or("oty00000000000000000") },
            "profile": profile,
            "credentials": credentials,
        });
        self.users.push(Stored {
            user,
            version: 1,
            password: body["credentials"]["password"]["value"]
                .as_str()
                .map(str::to_owned),
            answer: body["credentials"]["recovery_question"]["answer"]
                .as_str()
                .map(str::to_owned),
            shown: Default::default(),
        });
        Ok(self.view(self.users.len() - 1, false))
    }

    /// `getUser`: the user and its `ETag`.
    pub(crate) fn get(&self, id: &str, expand_blocks: bool) -> Result<(Value, String), OktaError> {
        let i = self.find(id)?;
        let mut user = self.view(i, true);
        if expand_blocks {
            user["_embedded"] = json!({ "blocks": [] });
        }
        Ok((user, etag(self.users[i].version)))
    }

    /// `listUserBlocks`.
    pub(crate) fn blocks(&self, id: &str) -> Result<Value, OktaError> {
        self.find(id).map(|_| json!([]))
    }

    /// `updateUser` (`replace: false`) and `replaceUser` (`replace: true`).
    pub(crate) fn update(
        &mut self,
        id: &str,
        body: &Value,
        if_match: Option<&str>,
        replace: bool,
    ) -> Result<(Value, String), OktaError> {
        let i = self.find(id)?;
        let stored = &mut self.users[i];
        if let Some(expected) = if_match {
            if expected != etag(stored.version) {
                return Err(OktaError::new(
                    412,
                    "E0000001",
                    "Precondition failed: the user changed since the ETag was read",
                ));
            }
        }
        if let Some(type_id) = body["type"]["id"].as_str() {
            if !replace && stored.user["type"]["id"] != type_id {
                return Err(OktaError::validation(
                    "type: The type can only be changed by replacing the user",
                ));
            }
            stored.user["type"] = json!({ "id": type_id });
        }
        match (body.get("profile"), replace) {
            (Some(Value::Object(profile)), true) => {
                // A replacement: properties left out are removed.
                stored.user["profile"] = Value::Object(profile.clone());
            }
            (Some(Value::Object(profile)), false) => {
                let current = stored.user["profile"]
                    .as_object_mut()
                    .expect("stored profiles are objects");
                for (key, value) in profile {
                    current.insert(key.clone(), value.clone());
                }
            }
            (None, false) => {}
            _ => {
                return Err(OktaError::validation(
                    "profile: The field cannot be left blank",
                ))
            }
        }
        let at = now();
        if let Some(password) = body["credentials"]["password"]["value"].as_str() {
            stored.password = Some(password.to_owned());
            stored.user["credentials"]["password"] = json!({});
            stored.user["passwordChanged"] = at.clone().into();
        }
        stored.user["lastUpdated"] = at.into();
        stored.version += 1;
        let version = stored.version;
        Ok((self.view(i, true), etag(version)))
    }

    /// `deleteUser`: deprovisions a live user; deletes a deprovisioned one.
    pub(crate) fn delete(&mut self, id: &str) -> Result<(), OktaError> {
        let i = self.find(id)?;
        let stored = &mut self.users[i];
        if stored.user["status"] == "DEPROVISIONED" {
            self.users.remove(i);
        } else {
            let at = now();
            stored.user["status"] = "DEPROVISIONED".into();
            stored.user["statusChanged"] = at.clone().into();
            stored.user["lastUpdated"] = at.into();
            stored.version += 1;
        }
        Ok(())
    }

    /// `listUsers`: one page, and the cursor of the next one.
    pub(crate) fn list(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<Value>, Option<String>), OktaError> {
        let mut conditions = Vec::new();
        for (text, param) in [
            (&query.search, Param::Search),
            (&query.filter, Param::Filter),
        ] {
            if let Some(text) = text {
                let parsed = expr::parse(text)
                    .map_err(|e| e.to_string())
                    .and_then(|e| eval::check(&e, param).map(|()| e))
                    .map_err(|reason| OktaError {
                        causes: vec![reason],
                        ..OktaError::new(400, "E0000031", "Invalid search criteria.")
                    })?;
                conditions.push(parsed);
            }
        }
        let q = query.q.as_deref().map(str::to_lowercase);
        let selected: Vec<usize> = (0..self.users.len())
            .filter(|&i| {
                let user = &self.users[i].user;
                let live = user["status"] != "DEPROVISIONED";
                let q_matches = q.as_ref().is_none_or(|q| {
                    ["firstName", "lastName", "email"].iter().any(|f| {
                        user["profile"][f]
                            .as_str()
                            .is_some_and(|v| v.to_lowercase().starts_with(q))
                    })
                });
                (live || !conditions.is_empty() && q.is_none())
                    && q_matches
                    && conditions.iter().all(|c| eval::matches(c, user))
            })
            .collect();
        let limit = query.limit.unwrap_or(MAX_LIMIT).clamp(1, MAX_LIMIT);
        // The cursor is the id of the previous page's last user.
        let start = match &query.after {
            Some(after) if q.is_none() => selected
                .iter()
                .position(|&i| self.users[i].user["id"] == after.as_str())
                .map_or(selected.len(), |p| p + 1),
            _ => 0,
        };
        let page: Vec<usize> = selected.iter().skip(start).take(limit).copied().collect();
        // `q` is not paginated.
        let more = q.is_none() && start + page.len() < selected.len();
        let next = page.last().filter(|_| more).map(|&i| {
            self.users[i].user["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        });
        Ok((
            page.into_iter().map(|i| self.view(i, false)).collect(),
            next,
        ))
    }

    /// A user as answered: with `_links` (all of them for a single read, `self` in lists).
    pub(crate) fn view(&self, i: usize, single: bool) -> Value {
        let mut user = self.users[i].user.clone();
        if user.get("transitioningToStatus").is_some() {
            self.users[i].shown.set(true);
        }
        let href = format!(
            "{}/api/v1/users/{}",
            self.base_url,
            user["id"].as_str().unwrap_or("")
        );
        let mut links = json!({ "self": { "href": href } });
        if single {
            let status = user["status"].as_str().unwrap_or_default();
            for (name, path) in crate::lifecycle::links(status) {
                links[*name] = json!({
                    "href": format!("{href}/lifecycle/{path}"),
                    "method": "POST",
                });
            }
        }
        user["_links"] = links;
        user
    }
}

/// The query parameters of `listUsers` the fake reads.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    pub(crate) search: Option<String>,
    pub(crate) filter: Option<String>,
    pub(crate) q: Option<String>,
    pub(crate) after: Option<String>,
    pub(crate) limit: Option<usize>,
}
