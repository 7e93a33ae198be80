//! Typed `search` and `filter` expressions for [`crate::Client::list_users`], so that no
//! query is assembled with `format!`.
//!
//! ```
//! use okta_users::query::{filter, search, Profile};
//! use okta_users::types::UserStatus;
//!
//! let surname = "O'Brien\" or status eq \"ACTIVE"; // hostile input stays one value
//! let query = search::last_name()
//!     .eq(surname)
//!     .and(search::status().eq(UserStatus::Active).or(search::status().eq(UserStatus::Staged)))
//!     .and(search::profile(Profile::Department).sw("Eng"));
//! assert_eq!(
//!     query.as_str(),
//!     r#"profile.lastName eq "O'Brien\" or status eq \"ACTIVE" and (status eq "ACTIVE" or status eq "STAGED") and profile.department sw "Eng""#
//! );
//! let recent = filter::last_updated().gt(okta_users::chrono::DateTime::UNIX_EPOCH);
//! assert_eq!(recent.as_str(), r#"lastUpdated gt "1970-01-01T00:00:00.000Z""#);
//! ```
//!
//! What each parameter accepts is in the types: `search` attributes compare with `eq`,
//! `sw`, `lt`, `gt`, `le`, `ge` and `pr`, and only the four attributes Okta indexes for it
//! take `co` ([`search::first_name`], [`search::last_name`], [`search::email`],
//! [`search::login`]); `filter` takes `eq` on `status`, `id` and four profile attributes, and
//! comparisons on `lastUpdated` only. A misuse the types cannot see (a custom attribute
//! name that is not an attribute name, a number that is not finite) makes the expression
//! invalid: sending it fails with `Error::InvalidRequest` before anything is sent.
//!
//! Misuse the types catch does not compile:
//!
//! ```compile_fail
//! # use okta_users::query::search;
//! let _ = search::id().co("00u1"); // `co` is for firstName, lastName, email and login only
//! ```
//!
//! ```compile_fail
//! # use okta_users::query::filter;
//! let _ = filter::login().sw("isaac"); // filter takes `eq` only
//! ```
//!
//! ```compile_fail
//! # async fn f(client: okta_users::Client) {
//! let _ = client.list_users().search(r#"status eq "ACTIVE""#); // raw text needs Search::raw
//! # }
//! ```
//!
//! ```
//! # use okta_users::query::{filter, search, Search};
//! // What the three lines above meant to write:
//! let _ = search::last_name().co("Bro");
//! let _ = filter::login().eq("isaac@example.com");
//! let _ = Search::raw(r#"status eq "ACTIVE""#);
//! ```
//!
//! String values are quoted and escaped as JSON strings, the rule of SCIM filters
//! (RFC 7644 §3.4.2.2) where Okta's documentation is silent; timestamps are written as Okta
//! writes them (`2024-01-31T09:30:00.000Z`, UTC). `and` binds tighter than `or`; combining
//! expressions adds the parentheses that keep each one's meaning. A hand-written
//! expression is accepted only through [`Search::raw`] and [`Filter::raw`].

use crate::types::UserStatus;
use ::client_runtime::deps::{chrono, serde, serde_json};
use std::fmt;
use std::marker::PhantomData;

/// A `search` expression for `listUsers`.
#[derive(Clone, PartialEq, Eq)]
pub struct Search(Expr);

/// A `filter` expression for `listUsers`.
#[derive(Clone, PartialEq, Eq)]
pub struct Filter(Expr);

/// Text and shape of an expression.
#[derive(Clone, PartialEq, Eq)]
struct Expr {
    text: String,
    shape: Shape,
    /// Why the expression cannot be sent, if it cannot.
    invalid: Option<String>,
}

/// The operator at the top of an expression, which decides where parentheses go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Clause,
    And,
    Or,
    /// Hand-written: always parenthesized when combined.
    Raw,
}

impl Expr {
    fn clause(
        attribute: &Attribute,
        operator: &str,
        value: Option<Result<String, String>>,
    ) -> Self {
        let mut invalid = attribute.invalid.clone();
        let mut text = format!("{} {operator}", attribute.path);
        match value {
            Some(Ok(value)) => {
                text.push(' ');
                text.push_str(&value);
            }
            Some(Err(why)) => invalid = invalid.or(Some(why)),
            None => {}
        }
        Self {
            text,
            shape: Shape::Clause,
            invalid,
        }
    }

    fn raw(text: String) -> Self {
        Self {
            text,
            shape: Shape::Raw,
            invalid: None,
        }
    }

    /// `self <operator> other`, parenthesized so that the text parses back to exactly this
    /// tree: a side is grouped when it is hand-written, when it is an `or` under an `and`,
    /// and, on the right, when it has the same operator (`a and (b and c)`).
    fn join(self, operator: Shape, other: Self) -> Self {
        let word = if operator == Shape::And { "and" } else { "or" };
        let group = |e: &Self, right: bool| {
            e.shape == Shape::Raw
                || (operator == Shape::And && e.shape == Shape::Or)
                || (right && e.shape == operator)
        };
        let side = |e: Self, right: bool| {
            if group(&e, right) {
                format!("({})", e.text)
            } else {
                e.text
            }
        };
        let invalid = self.invalid.clone().or_else(|| other.invalid.clone());
        Self {
            text: format!("{} {word} {}", side(self, false), side(other, true)),
            shape: operator,
            invalid,
        }
    }

    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.invalid {
            Some(why) => Err(serde::ser::Error::custom(why)),
            None => serializer.serialize_str(&self.text),
        }
    }
}

macro_rules! expression {
    ($name:ident, $param:literal) => {
        impl $name {
            #[doc = concat!("A hand-written `", $param, "` expression, sent as it is.")]
            pub fn raw(text: impl Into<String>) -> Self {
                Self(Expr::raw(text.into()))
            }

            /// Both expressions.
            pub fn and(self, other: Self) -> Self {
                Self(self.0.join(Shape::And, other.0))
            }

            /// Either expression.
            pub fn or(self, other: Self) -> Self {
                Self(self.0.join(Shape::Or, other.0))
            }

            /// The expression as sent.
            pub fn as_str(&self) -> &str {
                &self.0.text
            }

            /// Why the expression cannot be sent, if it cannot.
            pub fn invalid_reason(&self) -> Option<&str> {
                self.0.invalid.as_deref()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0.text)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name))
                    .field(&self.0.text)
                    .finish()
            }
        }

        impl serde::Serialize for $name {
            /// The expression's text; an invalid expression fails to encode, so the request
            /// is refused before it is sent.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }
    };
}

expression!(Search, "search");
expression!(Filter, "filter");

/// An attribute path (`profile.lastName`, `status`).
#[derive(Clone)]
struct Attribute {
    path: String,
    invalid: Option<String>,
}

/// A string value, quoted and escaped as a JSON string.
fn quoted(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

/// A timestamp as Okta writes them: UTC, milliseconds, `Z`.
fn timestamp<Tz: chrono::TimeZone>(value: &chrono::DateTime<Tz>) -> String {
    let utc = value.with_timezone(&chrono::Utc);
    quoted(&utc.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

/// A value compared with a custom attribute: a string, a number or a boolean.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string, quoted.
    Text(String),
    /// An integer.
    Integer(i64),
    /// A finite number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Literal {
    fn render(&self) -> Result<String, String> {
        match self {
            Literal::Text(text) => Ok(quoted(text)),
            Literal::Integer(n) => Ok(n.to_string()),
            Literal::Number(n) if n.is_finite() => Ok(serde_json::Value::from(*n).to_string()),
            Literal::Number(n) => Err(format!("{n} is not a number a query can compare with")),
            Literal::Bool(b) => Ok(b.to_string()),
        }
    }
}

impl From<&str> for Literal {
    fn from(value: &str) -> Self {
        Literal::Text(value.to_owned())
    }
}

impl From<String> for Literal {
    fn from(value: String) -> Self {
        Literal::Text(value)
    }
}

impl From<i64> for Literal {
    fn from(value: i64) -> Self {
        Literal::Integer(value)
    }
}

impl From<i32> for Literal {
    fn from(value: i32) -> Self {
        Literal::Integer(value.into())
    }
}

impl From<f64> for Literal {
    fn from(value: f64) -> Self {
        Literal::Number(value)
    }
}

impl From<bool> for Literal {
    fn from(value: bool) -> Self {
        Literal::Bool(value)
    }
}

/// What an attribute compares with; the marker types below select the operators.
pub struct Attr<Kind, Out> {
    attribute: Attribute,
    kind: PhantomData<fn() -> (Kind, Out)>,
}

/// Marker: a string attribute (`eq`, `sw`, `lt`, `gt`, `le`, `ge`, `pr`).
pub struct Text;
/// Marker: a string attribute that also takes `co`.
pub struct Contains;
/// Marker: a timestamp (`eq`, `lt`, `gt`, `le`, `ge`, `pr`).
pub struct Time;
/// Marker: the lifecycle status (`eq`, `pr`).
pub struct Status;
/// Marker: a custom profile attribute (any literal; `sw` on strings).
pub struct Custom;
/// Marker: a `filter` attribute that takes only `eq`.
pub struct Equals;

impl<Kind, Out> Attr<Kind, Out> {
    fn new(path: impl Into<String>) -> Self {
        Self {
            attribute: Attribute {
                path: path.into(),
                invalid: None,
            },
            kind: PhantomData,
        }
    }
}

impl<Kind> Attr<Kind, Search> {
    fn clause(&self, operator: &str, value: Result<String, String>) -> Search {
        Search(Expr::clause(&self.attribute, operator, Some(value)))
    }
}

impl<Kind> Attr<Kind, Filter> {
    fn clause(&self, operator: &str, value: Result<String, String>) -> Filter {
        Filter(Expr::clause(&self.attribute, operator, Some(value)))
    }
}

impl<Kind> Attr<Kind, Search> {
    /// The attribute is present (`pr`).
    pub fn pr(&self) -> Search {
        Search(Expr::clause(&self.attribute, "pr", None))
    }
}

macro_rules! string_operators {
    ($kind:ty) => {
        impl Attr<$kind, Search> {
            /// Equal to `value`.
            pub fn eq(&self, value: &str) -> Search {
                self.clause("eq", Ok(quoted(value)))
            }
            /// Starts with `value`.
            pub fn sw(&self, value: &str) -> Search {
                self.clause("sw", Ok(quoted(value)))
            }
            /// Sorts before `value`.
            pub fn lt(&self, value: &str) -> Search {
                self.clause("lt", Ok(quoted(value)))
            }
            /// Sorts after `value`.
            pub fn gt(&self, value: &str) -> Search {
                self.clause("gt", Ok(quoted(value)))
            }
            /// Sorts before or equal to `value`.
            pub fn le(&self, value: &str) -> Search {
                self.clause("le", Ok(quoted(value)))
            }
            /// Sorts after or equal to `value`.
            pub fn ge(&self, value: &str) -> Search {
                self.clause("ge", Ok(quoted(value)))
            }
        }
    };
}

string_operators!(Text);
string_operators!(Contains);

impl Attr<Contains, Search> {
    /// Contains `value` (only these attributes support it).
    pub fn co(&self, value: &str) -> Search {
        self.clause("co", Ok(quoted(value)))
    }
}

macro_rules! time_and_status_operators {
    ($out:ty) => {
        impl Attr<Time, $out> {
            /// At `value`.
            pub fn eq<Tz: chrono::TimeZone>(&self, value: chrono::DateTime<Tz>) -> $out {
                self.clause("eq", Ok(timestamp(&value)))
            }
            /// Before `value`.
            pub fn lt<Tz: chrono::TimeZone>(&self, value: chrono::DateTime<Tz>) -> $out {
                self.clause("lt", Ok(timestamp(&value)))
            }
            /// After `value`.
            pub fn gt<Tz: chrono::TimeZone>(&self, value: chrono::DateTime<Tz>) -> $out {
                self.clause("gt", Ok(timestamp(&value)))
            }
            /// At or before `value`.
            pub fn le<Tz: chrono::TimeZone>(&self, value: chrono::DateTime<Tz>) -> $out {
                self.clause("le", Ok(timestamp(&value)))
            }
            /// At or after `value`.
            pub fn ge<Tz: chrono::TimeZone>(&self, value: chrono::DateTime<Tz>) -> $out {
                self.clause("ge", Ok(timestamp(&value)))
            }
        }

        impl Attr<Status, $out> {
            /// In lifecycle status `value`.
            pub fn eq(&self, value: UserStatus) -> $out {
                self.clause("eq", Ok(quoted(value.as_str())))
            }
        }
    };
}

time_and_status_operators!(Search);
time_and_status_operators!(Filter);

impl Attr<Equals, Filter> {
    /// Equal to `value`.
    pub fn eq(&self, value: &str) -> Filter {
        self.clause("eq", Ok(quoted(value)))
    }
}

impl Attr<Custom, Search> {
    /// Equal to `value` (a string, number or boolean).
    pub fn eq(&self, value: impl Into<Literal>) -> Search {
        self.clause("eq", value.into().render())
    }
    /// Starts with `value`.
    pub fn sw(&self, value: &str) -> Search {
        self.clause("sw", Ok(quoted(value)))
    }
    /// Less than `value`.
    pub fn lt(&self, value: impl Into<Literal>) -> Search {
        self.clause("lt", value.into().render())
    }
    /// Greater than `value`.
    pub fn gt(&self, value: impl Into<Literal>) -> Search {
        self.clause("gt", value.into().render())
    }
    /// Less than or equal to `value`.
    pub fn le(&self, value: impl Into<Literal>) -> Search {
        self.clause("le", value.into().render())
    }
    /// Greater than or equal to `value`.
    pub fn ge(&self, value: impl Into<Literal>) -> Search {
        self.clause("ge", value.into().render())
    }
}

/// The standard profile attributes of the spec's `UserProfile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// `profile.city`
    City,
    /// `profile.costCenter`
    CostCenter,
    /// `profile.countryCode`
    CountryCode,
    /// `profile.department`
    Department,
    /// `profile.displayName`
    DisplayName,
    /// `profile.division`
    Division,
    /// `profile.email`
    Email,
    /// `profile.employeeNumber`
    EmployeeNumber,
    /// `profile.firstName`
    FirstName,
    /// `profile.honorificPrefix`
    HonorificPrefix,
    /// `profile.honorificSuffix`
    HonorificSuffix,
    /// `profile.lastName`
    LastName,
    /// `profile.locale`
    Locale,
    /// `profile.login`
    Login,
    /// `profile.manager`
    Manager,
    /// `profile.managerId`
    ManagerId,
    /// `profile.middleName`
    MiddleName,
    /// `profile.mobilePhone`
    MobilePhone,
    /// `profile.nickName`
    NickName,
    /// `profile.organization`
    Organization,
    /// `profile.postalAddress`
    PostalAddress,
    /// `profile.preferredLanguage`
    PreferredLanguage,
    /// `profile.primaryPhone`
    PrimaryPhone,
    /// `profile.profileUrl`
    ProfileUrl,
    /// `profile.secondEmail`
    SecondEmail,
    /// `profile.state`
    State,
    /// `profile.streetAddress`
    StreetAddress,
    /// `profile.timezone`
    Timezone,
    /// `profile.title`
    Title,
    /// `profile.userType`
    UserType,
    /// `profile.zipCode`
    ZipCode,
}

impl Profile {
    /// Every standard attribute.
    pub const ALL: &'static [Profile] = &[
        Profile::City,
        Profile::CostCenter,
        Profile::CountryCode,
        Profile::Department,
        Profile::DisplayName,
        Profile::Division,
        Profile::Email,
        Profile::EmployeeNumber,
        Profile::FirstName,
        Profile::HonorificPrefix,
        Profile::HonorificSuffix,
        Profile::LastName,
        Profile::Locale,
        Profile::Login,
        Profile::Manager,
        Profile::ManagerId,
        Profile::MiddleName,
        Profile::MobilePhone,
        Profile::NickName,
        Profile::Organization,
        Profile::PostalAddress,
        Profile::PreferredLanguage,
        Profile::PrimaryPhone,
        Profile::ProfileUrl,
        Profile::SecondEmail,
        Profile::State,
        Profile::StreetAddress,
        Profile::Timezone,
        Profile::Title,
        Profile::UserType,
        Profile::ZipCode,
    ];

    /// The attribute's name in the profile (`lastName`).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::City => "city",
            Profile::CostCenter => "costCenter",
            Profile::CountryCode => "countryCode",
            Profile::Department => "department",
            Profile::DisplayName => "displayName",
            Profile::Division => "division",
            Profile::Email => "email",
            Profile::EmployeeNumber => "employeeNumber",
            Profile::FirstName => "firstName",
            Profile::HonorificPrefix => "honorificPrefix",
            Profile::HonorificSuffix => "honorificSuffix",
            Profile::LastName => "lastName",
            Profile::Locale => "locale",
            Profile::Login => "login",
            Profile::Manager => "manager",
            Profile::ManagerId => "managerId",
            Profile::MiddleName => "middleName",
            Profile::MobilePhone => "mobilePhone",
            Profile::NickName => "nickName",
            Profile::Organization => "organization",
            Profile::PostalAddress => "postalAddress",
            Profile::PreferredLanguage => "preferredLanguage",
            Profile::PrimaryPhone => "primaryPhone",
            Profile::ProfileUrl => "profileUrl",
            Profile::SecondEmail => "secondEmail",
            Profile::State => "state",
            Profile::StreetAddress => "streetAddress",
            Profile::Timezone => "timezone",
            Profile::Title => "title",
            Profile::UserType => "userType",
            Profile::ZipCode => "zipCode",
        }
    }
}

/// True for names Okta accepts as profile attribute names: a letter, then letters, digits
/// and `_` (no spaces, dots, quotes or operators).
fn attribute_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Attributes of `search` expressions.
pub mod search {
    use super::{attribute_name, Attr, Contains, Custom, Profile, Search, Status, Text, Time};

    /// The user's `id`.
    pub fn id() -> Attr<Text, Search> {
        Attr::new("id")
    }
    /// The lifecycle `status`.
    pub fn status() -> Attr<Status, Search> {
        Attr::new("status")
    }
    /// `created`.
    pub fn created() -> Attr<Time, Search> {
        Attr::new("created")
    }
    /// `activated`.
    pub fn activated() -> Attr<Time, Search> {
        Attr::new("activated")
    }
    /// `statusChanged`.
    pub fn status_changed() -> Attr<Time, Search> {
        Attr::new("statusChanged")
    }
    /// `lastUpdated`.
    pub fn last_updated() -> Attr<Time, Search> {
        Attr::new("lastUpdated")
    }
    /// The user type's id, `type.id`.
    pub fn type_id() -> Attr<Text, Search> {
        Attr::new("type.id")
    }
    /// `profile.firstName` (also takes `co`).
    pub fn first_name() -> Attr<Contains, Search> {
        Attr::new("profile.firstName")
    }
    /// `profile.lastName` (also takes `co`).
    pub fn last_name() -> Attr<Contains, Search> {
        Attr::new("profile.lastName")
    }
    /// `profile.email` (also takes `co`).
    pub fn email() -> Attr<Contains, Search> {
        Attr::new("profile.email")
    }
    /// `profile.login` (also takes `co`).
    pub fn login() -> Attr<Contains, Search> {
        Attr::new("profile.login")
    }
    /// A standard profile attribute, `profile.<name>` (for `co`, use [`first_name`],
    /// [`last_name`], [`email`] or [`login`]).
    pub fn profile(attribute: Profile) -> Attr<Text, Search> {
        Attr::new(format!("profile.{}", attribute.as_str()))
    }
    /// A custom profile attribute, `profile.<name>`. A name that is not an attribute name
    /// makes every expression built from it invalid.
    pub fn custom(name: &str) -> Attr<Custom, Search> {
        let mut attr = Attr::new(format!("profile.{name}"));
        if !attribute_name(name) {
            attr.attribute.invalid = Some(format!("`{name}` is not a profile attribute name"));
            attr.attribute.path = "profile.invalid".to_owned();
        }
        attr
    }
}

/// Attributes of `filter` expressions (Okta's filter takes only these, with `eq`, and
/// comparisons on `lastUpdated`).
pub mod filter {
    use super::{Attr, Equals, Filter, Status, Time};

    /// The lifecycle `status`.
    pub fn status() -> Attr<Status, Filter> {
        Attr::new("status")
    }
    /// `lastUpdated`.
    pub fn last_updated() -> Attr<Time, Filter> {
        Attr::new("lastUpdated")
    }
    /// The user's `id`.
    pub fn id() -> Attr<Equals, Filter> {
        Attr::new("id")
    }
    /// `profile.login`.
    pub fn login() -> Attr<Equals, Filter> {
        Attr::new("profile.login")
    }
    /// `profile.email`.
    pub fn email() -> Attr<Equals, Filter> {
        Attr::new("profile.email")
    }
    /// `profile.firstName`.
    pub fn first_name() -> Attr<Equals, Filter> {
        Attr::new("profile.firstName")
    }
    /// `profile.lastName`.
    pub fn last_name() -> Attr<Equals, Filter> {
        Attr::new("profile.lastName")
    }
}
