//! The lifecycle and credential operations (`/lifecycle/*`, `/credentials/*`): Okta's status
//! transitions, their preconditions and error answers, and the one-time links they hand out.
//! Transitions complete at once, except activations and deactivations when the org runs them
//! asynchronously ([`crate::FakeOkta::set_async_transitions`], or `Prefer: respond-async` on
//! a deactivation): the user then keeps its status with `transitioningToStatus` set, the
//! first read shows that, and the transition completes before the next request.
use crate::store::{now, OktaError, Store};
use serde_json::{json, Value};

/// Lifecycle links a single read shows for a status: (link name, path under `lifecycle/`).
pub(crate) fn links(status: &str) -> &'static [(&'static str, &'static str)] {
    match status {
        "STAGED" => &[("activate", "activate"), ("deactivate", "deactivate")],
        "PROVISIONED" => &[("reactivate", "reactivate"), ("deactivate", "deactivate")],
        "DEPROVISIONED" => &[("activate", "activate")],
        "SUSPENDED" => &[("unsuspend", "unsuspend"), ("deactivate", "deactivate")],
        "LOCKED_OUT" => &[
            ("unlock", "unlock"),
            ("resetPassword", "reset_password"),
            ("deactivate", "deactivate"),
        ],
        _ => &[
            ("suspend", "suspend"),
            ("resetPassword", "reset_password"),
            ("expirePassword", "expire_password"),
            ("deactivate", "deactivate"),
        ],
    }
}

/// 403 `E0000038`, what Okta answers a transition the current status does not allow.
fn not_allowed() -> OktaError {
    OktaError::new(
        403,
        "E0000038",
        "This operation is not allowed in the user's current status.",
    )
}

/// 400 `E0000001` for `operation`, with `cause`.
fn invalid(operation: &str, cause: &str) -> OktaError {
    OktaError {
        causes: vec![cause.to_owned()],
        ..OktaError::new(
            400,
            "E0000001",
            format!("Api validation failed: {operation}"),
        )
    }
}

/// Whether a password or answer was given and equals the stored one.
fn matches_secret(given: Option<&str>, stored: Option<&str>) -> bool {
    given.is_some() && given == stored
}

/// 403 `E0000014`: the password or answer given does not match.
fn wrong_credentials(field: &str) -> OktaError {
    OktaError {
        causes: vec![format!("{field}: The credentials provided were incorrect.")],
        ..OktaError::new(403, "E0000014", "Update of credentials failed")
    }
}

impl Store {
    fn status(&self, i: usize) -> &str {
        self.users[i].user["status"].as_str().unwrap_or_default()
    }

    /// Moves user `i` to `status` and bumps its version.
    fn transition(&mut self, i: usize, status: &str) {
        let at = now();
        let stored = &mut self.users[i];
        stored.user["status"] = status.into();
        stored.user["statusChanged"] = at.clone().into();
        stored.user["lastUpdated"] = at.into();
        stored.version += 1;
    }

    /// Starts an activation or deactivation: at once, or shown as `transitioningToStatus`
    /// when `asynchronous`.
    fn transition_maybe_async(&mut self, i: usize, status: &str, asynchronous: bool) {
        if asynchronous {
            self.users[i].user["transitioningToStatus"] = status.into();
            self.users[i].shown.set(false);
        } else {
            self.transition(i, status);
        }
    }

    /// Completes the asynchronous transitions a read has shown.
    pub(crate) fn settle(&mut self) {
        for i in 0..self.users.len() {
            if !self.users[i].shown.get() {
                continue;
            }
            self.users[i].shown.set(false);
            let target = self.users[i]
                .user
                .as_object_mut()
                .and_then(|u| u.remove("transitioningToStatus"));
            if let Some(Value::String(target)) = target {
                self.transition(i, &target);
            }
        }
    }

    /// A one-time token, distinct per call.
    fn token(&mut self, prefix: &str) -> String {
        self.tokens += 1;
        format!("{prefix}{:017}", self.tokens)
    }

    /// `activateUser`: from `STAGED` or `DEPROVISIONED`; with a password the user is
    /// `ACTIVE`, without `PROVISIONED` until they follow the link.
    pub(crate) fn activate(&mut self, id: &str, send_email: bool) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        match self.status(i) {
            "STAGED" | "DEPROVISIONED" => {}
            "ACTIVE" => {
                return Err(OktaError::new(
                    403,
                    "E0000016",
                    "Activation failed because the user is already active",
                ))
            }
            _ => return Err(not_allowed()),
        }
        let status = if self.users[i].password.is_some() {
            "ACTIVE"
        } else {
            "PROVISIONED"
        };
        self.transition_maybe_async(i, status, self.async_transitions);
        self.users[i].user["activated"] = now().into();
        Ok(self.activation_link(send_email))
    }

    /// What activating answers: `{}` when an email was sent, else a new link and its token.
    fn activation_link(&mut self, send_email: bool) -> Value {
        if send_email {
            return json!({});
        }
        let token = self.token("act");
        json!({
            "activationUrl": format!("{}/tokens/{token}/verify", self.base_url()),
            "activationToken": token,
        })
    }

    /// `reactivateUser`: only `PROVISIONED` or `RECOVERY` users.
    pub(crate) fn reactivate(&mut self, id: &str, send_email: bool) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if !matches!(self.status(i), "PROVISIONED" | "RECOVERY") {
            return Err(not_allowed());
        }
        Ok(self.activation_link(send_email))
    }

    /// `deactivateUser`: any status but `DEPROVISIONED`; asynchronous when the org is, or
    /// when the caller asked (`Prefer: respond-async`).
    pub(crate) fn deactivate(&mut self, id: &str, respond_async: bool) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if self.status(i) == "DEPROVISIONED" {
            return Err(not_allowed());
        }
        let asynchronous = respond_async || self.async_transitions;
        self.transition_maybe_async(i, "DEPROVISIONED", asynchronous);
        Ok(json!({}))
    }

    /// Moves the user from `from` to `to`, or answers `refusal` in any other status.
    fn step(
        &mut self,
        id: &str,
        from: &str,
        to: &str,
        refusal: impl FnOnce() -> OktaError,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if self.status(i) != from {
            return Err(refusal());
        }
        self.transition(i, to);
        Ok(json!({}))
    }

    /// `suspendUser`: only `ACTIVE` users.
    pub(crate) fn suspend(&mut self, id: &str) -> Result<Value, OktaError> {
        self.step(id, "ACTIVE", "SUSPENDED", || {
            invalid("suspendUser", "Cannot suspend a user that is not active")
        })
    }

    /// `unsuspendUser`: only `SUSPENDED` users, back to `ACTIVE`.
    pub(crate) fn unsuspend(&mut self, id: &str) -> Result<Value, OktaError> {
        self.step(id, "SUSPENDED", "ACTIVE", || {
            invalid(
                "unsuspendUser",
                "Cannot unsuspend a user that is not suspended",
            )
        })
    }

    /// `unlockUser`: only `LOCKED_OUT` users, back to `ACTIVE`.
    pub(crate) fn unlock(&mut self, id: &str) -> Result<Value, OktaError> {
        self.step(id, "LOCKED_OUT", "ACTIVE", || OktaError {
            causes: vec!["The user is not locked out.".into()],
            ..OktaError::new(403, "E0000032", "Unlock is not allowed for this user.")
        })
    }

    /// What too many failed sign-ins do: an `ACTIVE` user becomes `LOCKED_OUT`.
    pub(crate) fn lock_out(&mut self, id: &str) -> bool {
        match self.find(id) {
            Ok(i) if self.status(i) == "ACTIVE" => {
                self.transition(i, "LOCKED_OUT");
                true
            }
            _ => false,
        }
    }

    /// `resetFactors`: any user not deprovisioned; the status stays.
    pub(crate) fn reset_factors(&mut self, id: &str) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if self.status(i) == "DEPROVISIONED" {
            return Err(not_allowed());
        }
        Ok(json!({}))
    }

    /// `expirePassword` (the user) and `expirePasswordWithTempPassword` (a temporary
    /// password): a user with a password becomes `PASSWORD_EXPIRED`.
    pub(crate) fn expire_password(
        &mut self,
        id: &str,
        temporary: bool,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if matches!(self.status(i), "STAGED" | "DEPROVISIONED" | "SUSPENDED") {
            return Err(not_allowed());
        }
        self.transition(i, "PASSWORD_EXPIRED");
        if temporary {
            let password = self.token("Tmp");
            self.users[i].password = Some(password.clone());
            return Ok(json!({ "tempPassword": password }));
        }
        Ok(self.view(i, true))
    }

    /// `resetPassword`: the user is in `RECOVERY` until they follow the link.
    pub(crate) fn reset_password(
        &mut self,
        id: &str,
        send_email: bool,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if matches!(self.status(i), "STAGED" | "DEPROVISIONED" | "SUSPENDED") {
            return Err(not_allowed());
        }
        self.transition(i, "RECOVERY");
        if send_email {
            return Ok(json!({}));
        }
        let token = self.token("rst");
        Ok(json!({ "resetPasswordUrl": format!("{}/reset_password/{token}", self.base_url()) }))
    }

    /// `forgotPassword`: an `ACTIVE` user gets a link; the status stays.
    pub(crate) fn forgot_password(
        &mut self,
        id: &str,
        send_email: bool,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if self.status(i) != "ACTIVE" {
            return Err(OktaError::new(
                403,
                "E0000034",
                "Forgot password not allowed on specified user.",
            ));
        }
        if send_email {
            return Ok(json!({}));
        }
        let token = self.token("dfp");
        Ok(json!({
            "resetPasswordUrl": format!("{}/signin/reset-password/{token}", self.base_url())
        }))
    }

    /// Stores user `i`'s new password and stamps `passwordChanged`.
    fn set_password(&mut self, i: usize, new: &str) {
        self.users[i].password = Some(new.to_owned());
        self.users[i].user["passwordChanged"] = now().into();
    }

    /// `changePassword`: `oldPassword` must match; `RECOVERY` and `PASSWORD_EXPIRED` users
    /// become `ACTIVE`.
    pub(crate) fn change_password(&mut self, id: &str, body: &Value) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        if !matches!(
            self.status(i),
            "STAGED" | "ACTIVE" | "PASSWORD_EXPIRED" | "RECOVERY"
        ) {
            return Err(not_allowed());
        }
        let old = body["oldPassword"]["value"].as_str();
        if !matches_secret(old, self.users[i].password.as_deref()) {
            return Err(wrong_credentials("oldPassword"));
        }
        let Some(new) = body["newPassword"]["value"].as_str() else {
            return Err(invalid(
                "changePassword",
                "newPassword: The field cannot be left blank",
            ));
        };
        self.set_password(i, new);
        if matches!(self.status(i), "PASSWORD_EXPIRED" | "RECOVERY") {
            self.transition(i, "ACTIVE");
        }
        Ok(self.users[i].user["credentials"].clone())
    }

    /// `changeRecoveryQuestion`: `password.value` must match.
    pub(crate) fn change_recovery_question(
        &mut self,
        id: &str,
        body: &Value,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        let password = body["password"]["value"].as_str();
        if !matches_secret(password, self.users[i].password.as_deref()) {
            return Err(wrong_credentials("password"));
        }
        let question = &body["recovery_question"];
        let (Some(q), Some(a)) = (question["question"].as_str(), question["answer"].as_str())
        else {
            return Err(invalid(
                "changeRecoveryQuestion",
                "recovery_question: The field cannot be left blank",
            ));
        };
        self.users[i].answer = Some(a.to_owned());
        self.users[i].user["credentials"]["recovery_question"] = json!({ "question": q });
        Ok(self.users[i].user["credentials"].clone())
    }

    /// `forgotPasswordSetNewPassword`: the recovery answer must match.
    pub(crate) fn forgot_password_set(
        &mut self,
        id: &str,
        body: &Value,
    ) -> Result<Value, OktaError> {
        let i = self.find(id)?;
        let answer = body["recovery_question"]["answer"].as_str();
        if !matches_secret(answer, self.users[i].answer.as_deref()) {
            return Err(wrong_credentials("recovery_question.answer"));
        }
        let Some(new) = body["password"]["value"].as_str() else {
            return Err(invalid(
                "forgotPasswordSetNewPassword",
                "password: The field cannot be left blank",
            ));
        };
        self.set_password(i, new);
        Ok(self.users[i].user["credentials"].clone())
    }
}
