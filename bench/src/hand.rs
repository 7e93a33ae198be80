//! The baseline: what a careful person writes by hand with reqwest + serde for the same
//! calls. Plain structs declaring the attributes the fixture fills (unknown keys are
//! dropped, as serde does by default), the token in a header, `Link` parsed for `next`.
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

type Time = DateTime<FixedOffset>;

/// A user as a hand-written client declares it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct User {
    pub id: String,
    pub status: String,
    pub created: Option<Time>,
    pub activated: Option<Time>,
    pub status_changed: Option<Time>,
    pub last_login: Option<Time>,
    pub last_updated: Option<Time>,
    pub password_changed: Option<Time>,
    pub realm_id: Option<String>,
    pub r#type: Option<UserType>,
    pub profile: Profile,
    pub credentials: Option<Credentials>,
    #[serde(rename = "_links")]
    pub links: Option<Links>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct UserType {
    pub id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Profile {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub login: String,
    pub mobile_phone: Option<String>,
    pub second_email: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub cost_center: Option<String>,
    pub employee_number: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Credentials {
    pub provider: Option<Provider>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Provider {
    pub r#type: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Links {
    #[serde(rename = "self")]
    pub self_link: Option<Link>,
    pub deactivate: Option<Link>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Link {
    pub href: String,
    pub method: Option<String>,
}

/// The hand-written client.
pub struct Client {
    http: reqwest::Client,
    base: String,
    auth: String,
}

impl Client {
    pub fn new(base: &str, token: &str) -> Self {
        Client {
            http: reqwest::Client::new(),
            base: base.to_owned(),
            auth: format!("SSWS {token}"),
        }
    }

    pub async fn get_user(&self, id: &str) -> Result<User, reqwest::Error> {
        self.http
            .get(format!("{}/api/v1/users/{id}", self.base))
            .header("authorization", &self.auth)
            .header("accept", "application/json")
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }

    /// One page: its users and the `next` link, if any.
    pub async fn list_page(
        &self,
        url: &str,
    ) -> Result<(Vec<User>, Option<String>), reqwest::Error> {
        let response = self
            .http
            .get(url)
            .header("authorization", &self.auth)
            .header("accept", "application/json")
            .send()
            .await?
            .error_for_status()?;
        let next = response
            .headers()
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("rel=\"next\""))
            .and_then(|v| Some(v[v.find('<')? + 1..v.find('>')?].to_owned()));
        Ok((response.json().await?, next))
    }

    pub fn first_page_url(&self, limit: usize) -> String {
        format!("{}/api/v1/users?limit={limit}", self.base)
    }

    /// Every user of every page, page by page.
    pub async fn collect_all(&self, limit: usize) -> Result<usize, reqwest::Error> {
        let mut url = Some(self.first_page_url(limit));
        let mut count = 0;
        while let Some(next) = url {
            let (users, following) = self.list_page(&next).await?;
            count += users.len();
            url = following;
        }
        Ok(count)
    }
}
