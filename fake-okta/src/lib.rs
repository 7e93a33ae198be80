//! A stateful fake of the Okta Users API, for the tests of code that calls Okta.
//!
//! In progress: [`expr`], the `search` and `filter` expression language as Okta accepts it,
//! which the fake evaluates and which pins down what `okta_users::query` writes.
pub mod expr;
