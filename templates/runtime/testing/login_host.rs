//! The login host: `/oauth/token` and `/oauth/authorize`, and the OAuth clients it knows (see
//! [User logins](crate::testing#user-logins)).

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

use super::state::{FakeState, Shared, lock};
use crate::{OAuthApp, SecretString};

pub(super) async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    form: String,
) -> Response {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(basic_credentials);
    let (status, body) = match lock(&state).token(basic, &crate::wire::parse_form(&form)) {
        Ok(body) => (StatusCode::OK, body),
        Err(refusal) => {
            let status = if refusal.error == "invalid_client" {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            (
                status,
                json!({"error": refusal.error, "error_description": refusal.description}),
            )
        }
    };
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        "inin-correlation-id",
        header::HeaderValue::from_static("fake-correlation-id"),
    );
    response
}

pub(super) async fn authorize(State(state): State<Shared>, request: Request) -> Response {
    let query = crate::wire::parse_form(request.uri().query().unwrap_or_default());
    match lock(&state).authorize(&query) {
        Ok(location) => match header::HeaderValue::from_str(&location) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => (
                StatusCode::BAD_REQUEST,
                "the redirect URI is not a valid header value",
            )
                .into_response(),
        },
        Err(page) => (StatusCode::BAD_REQUEST, page).into_response(),
    }
}

/// The id and secret of an HTTP Basic `Authorization` header.
pub(super) fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// An access token the fake handed out, and the user it acts for.
#[derive(Debug)]
pub(super) struct FakeToken {
    pub(super) value: SecretString,
    pub(super) user: Option<String>,
    pub(super) expired: bool,
}

/// An OAuth client the fake's login host knows (see [User logins](crate::testing#user-logins)).
#[derive(Debug, Clone)]
pub struct FakeApp {
    pub(super) client_id: String,
    pub(super) secret: Option<SecretString>,
    pub(super) grant_type: String,
    pub(super) redirect_uris: Vec<String>,
}

impl FakeApp {
    /// A client of the authorization code grant (`CODE`) that sends browsers back to
    /// `redirect_uri`: public (PKCE alone) unless given a secret.
    pub fn code(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: None,
            grant_type: "CODE".to_owned(),
            redirect_uris: vec![redirect_uri.into()],
        }
    }

    /// A client of the SAML2 bearer grant (`SAML2-BEARER`).
    pub fn saml2_bearer(client_id: impl Into<String>, secret: impl Into<SecretString>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: Some(secret.into()),
            grant_type: "SAML2-BEARER".to_owned(),
            redirect_uris: Vec::new(),
        }
    }

    /// The same client, with a secret (a confidential client).
    #[must_use]
    pub fn with_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// The same client, with one more registered redirect URI.
    #[must_use]
    pub fn with_redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uris.push(redirect_uri.into());
        self
    }

    /// The client as a login of the crate names it.
    pub fn oauth_app(&self) -> OAuthApp {
        match &self.secret {
            Some(secret) => OAuthApp::confidential(self.client_id.clone(), secret.clone()),
            None => OAuthApp::public(self.client_id.clone()),
        }
    }
}

/// What the login host keeps of user logins.
#[derive(Debug, Default)]
pub(super) struct Logins {
    pub(super) apps: Vec<FakeApp>,
    /// Who approves `/oauth/authorize`; `None` refuses.
    pub(super) user: Option<String>,
    pub(super) codes: Vec<IssuedCode>,
    pub(super) refresh_tokens: Vec<IssuedRefresh>,
    /// SAML2 assertions and the users they log in.
    pub(super) assertions: Vec<(String, String)>,
}

#[derive(Debug)]
pub(super) struct IssuedCode {
    pub(super) code: SecretString,
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) challenge: Option<String>,
    pub(super) user: String,
}

#[derive(Debug)]
pub(super) struct IssuedRefresh {
    pub(super) value: SecretString,
    pub(super) client_id: String,
    pub(super) user: String,
    /// Issued to a login with PKCE alone: it can be used without the client's secret.
    pub(super) public: bool,
    pub(super) revoked: bool,
}

/// A refused token request (RFC 6749, section 5.2).
pub(super) struct Refusal {
    pub(super) error: &'static str,
    pub(super) description: String,
}

pub(super) fn refuse(error: &'static str, description: impl Into<String>) -> Refusal {
    Refusal {
        error,
        description: description.into(),
    }
}

/// Whether `given` is the registered redirect URI: the same text, or for a loopback IP address
/// (`http://127.0.0.1:PORT/path`) the same but for the port, which a native program picks when it
/// runs (RFC 8252, section 7.3).
pub(super) fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    let (Ok(registered), Ok(mut given)) =
        (reqwest::Url::parse(registered), reqwest::Url::parse(given))
    else {
        return false;
    };
    let loopback = matches!(registered.host_str(), Some("127.0.0.1" | "[::1]"));
    loopback
        && registered.scheme() == "http"
        && given.set_port(registered.port()).is_ok()
        && given == registered
}

impl FakeState {
    /// The OAuth client `client_id`: the fake's own client credentials, one registered with the
    /// builder, or one created through the API (an item with that `id` and an
    /// `authorizedGrantType`).
    pub(super) fn app(&self, client_id: &str) -> Option<FakeApp> {
        if client_id == self.client_id {
            return Some(FakeApp {
                client_id: client_id.to_owned(),
                secret: Some(self.client_secret.clone()),
                grant_type: "CLIENT-CREDENTIALS".to_owned(),
                redirect_uris: Vec::new(),
            });
        }
        if let Some(app) = self
            .login
            .apps
            .iter()
            .find(|app| app.client_id == client_id)
        {
            return Some(app.clone());
        }
        let item = self
            .items
            .iter()
            .flatten()
            .map(|stored| &stored.item)
            .find(|item| {
                item.get("id").and_then(Value::as_str) == Some(client_id)
                    && item
                        .get("authorizedGrantType")
                        .is_some_and(Value::is_string)
            })?;
        let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(FakeApp {
            client_id: client_id.to_owned(),
            secret: text("secret").map(SecretString::new),
            grant_type: text("authorizedGrantType").unwrap_or_default(),
            redirect_uris: item
                .get("registeredRedirectUri")
                .and_then(Value::as_array)
                .map(|uris| {
                    uris.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// `/oauth/authorize`: where to send the browser, or the page of a login that cannot be
    /// sent back anywhere.
    pub(super) fn authorize(&mut self, query: &[(String, String)]) -> Result<String, String> {
        let get = |name: &str| {
            query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let client_id = get("client_id").unwrap_or_default();
        let Some(app) = self.app(client_id) else {
            return Err(format!("Unknown OAuth client `{client_id}`."));
        };
        let redirect_uri = get("redirect_uri").unwrap_or_default();
        if !app
            .redirect_uris
            .iter()
            .any(|uri| redirect_matches(uri, redirect_uri))
        {
            return Err(format!(
                "`{redirect_uri}` is not a redirect URI of the OAuth client `{client_id}`."
            ));
        }
        let back = |fields: &[(&str, &str)]| {
            let mut fields = fields.to_vec();
            if let Some(state) = get("state") {
                fields.push(("state", state));
            }
            let separator = if redirect_uri.contains('?') { '&' } else { '?' };
            format!("{redirect_uri}{separator}{}", crate::wire::form(&fields))
        };
        if get("response_type") != Some("code") {
            return Ok(back(&[("error", "unsupported_response_type")]));
        }
        if app.grant_type != "CODE" {
            return Ok(back(&[
                ("error", "unauthorized_client"),
                (
                    "error_description",
                    "the client does not use the authorization code grant",
                ),
            ]));
        }
        let challenge = get("code_challenge");
        if challenge.is_some() && get("code_challenge_method") != Some("S256") {
            return Ok(back(&[
                ("error", "invalid_request"),
                ("error_description", "code_challenge_method must be S256"),
            ]));
        }
        if challenge.is_none() && app.secret.is_none() {
            return Ok(back(&[
                ("error", "invalid_request"),
                (
                    "error_description",
                    "a client without a secret must use PKCE",
                ),
            ]));
        }
        let Some(user) = self.login.user.clone() else {
            return Ok(back(&[
                ("error", "access_denied"),
                ("error_description", "the user refused the login"),
            ]));
        };
        let code = format!("fake-code-{}", self.new_id());
        self.login.codes.push(IssuedCode {
            code: SecretString::new(code.clone()),
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            challenge: challenge.map(str::to_owned),
            user,
        });
        Ok(back(&[("code", &code)]))
    }

    /// `/oauth/token`: the token response, or why not.
    pub(super) fn token(
        &mut self,
        basic: Option<(String, String)>,
        form: &[(String, String)],
    ) -> Result<Value, Refusal> {
        let get = |name: &str| {
            form.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let grant_type = get("grant_type").unwrap_or_default();
        // The client: with its secret (HTTP Basic), or by its id alone (PKCE).
        let (app, with_secret) = match &basic {
            Some((id, secret)) => match self.app(id) {
                Some(app)
                    if app
                        .secret
                        .as_ref()
                        .is_some_and(|s| s.expose_secret() == secret) =>
                {
                    (app, true)
                }
                _ => return Err(refuse("invalid_client", "client not found")),
            },
            None => match get("client_id").and_then(|id| self.app(id)) {
                Some(app) => (app, false),
                None => return Err(refuse("invalid_client", "client not found")),
            },
        };
        let user = match grant_type {
            "client_credentials" if with_secret && app.grant_type == "CLIENT-CREDENTIALS" => None,
            "client_credentials" => {
                return Err(refuse(
                    "unauthorized_client",
                    "the client does not use the client credentials grant",
                ));
            }
            "authorization_code" => Some(self.redeem_code(
                &app,
                with_secret,
                get("code"),
                get("redirect_uri"),
                get("code_verifier"),
            )?),
            "refresh_token" => {
                let given = get("refresh_token").unwrap_or_default();
                let found = self.login.refresh_tokens.iter_mut().find(|t| {
                    t.value.expose_secret() == given && !t.revoked && t.client_id == app.client_id
                });
                match found {
                    Some(token) if with_secret || token.public => {
                        // Rotation: this refresh token is spent.
                        token.revoked = true;
                        Some(token.user.clone())
                    }
                    _ => {
                        return Err(refuse(
                            "invalid_grant",
                            "the refresh token is invalid, revoked or already used",
                        ));
                    }
                }
            }
            "urn:ietf:params:oauth:grant-type:saml2-bearer" => {
                if !with_secret || app.grant_type != "SAML2-BEARER" {
                    return Err(refuse(
                        "unauthorized_client",
                        "the client does not use the SAML2 bearer grant",
                    ));
                }
                if get("orgName").is_none_or(str::is_empty) {
                    return Err(refuse("invalid_request", "orgName is missing"));
                }
                let assertion = get("assertion").unwrap_or_default();
                match self.login.assertions.iter().find(|(a, _)| a == assertion) {
                    Some((_, user)) => Some(user.clone()),
                    None => return Err(refuse("invalid_grant", "the assertion is not valid")),
                }
            }
            other => {
                return Err(refuse(
                    "unsupported_grant_type",
                    format!("`{other}` is not a grant type of this login host"),
                ));
            }
        };
        let access = format!("fake-token-{}", self.new_id());
        self.tokens.push(FakeToken {
            value: SecretString::new(access.clone()),
            user: user.clone(),
            expired: false,
        });
        let mut body = json!({"access_token": access, "token_type": "bearer", "expires_in": 86399});
        if let Some(user) = user
            && matches!(grant_type, "authorization_code" | "refresh_token")
        {
            let refresh = format!("fake-refresh-{}", self.new_id());
            self.login.refresh_tokens.push(IssuedRefresh {
                value: SecretString::new(refresh.clone()),
                client_id: app.client_id.clone(),
                user,
                public: !with_secret,
                revoked: false,
            });
            body["refresh_token"] = json!(refresh);
        }
        Ok(body)
    }

    /// The user of an authorization code, which is spent whatever the outcome.
    pub(super) fn redeem_code(
        &mut self,
        app: &FakeApp,
        with_secret: bool,
        code: Option<&str>,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<String, Refusal> {
        let at = self
            .login
            .codes
            .iter()
            .position(|c| Some(c.code.expose_secret()) == code);
        let Some(issued) = at.map(|at| self.login.codes.remove(at)) else {
            return Err(refuse(
                "invalid_grant",
                "the code is invalid or already used",
            ));
        };
        if issued.client_id != app.client_id || redirect_uri != Some(issued.redirect_uri.as_str()) {
            return Err(refuse(
                "invalid_grant",
                "the code was issued to another client or redirect URI",
            ));
        }
        match (&issued.challenge, verifier) {
            (Some(challenge), Some(verifier))
                if &crate::login::pkce_challenge(verifier) == challenge => {}
            (Some(_), _) => {
                return Err(refuse(
                    "invalid_grant",
                    "the code_verifier does not match the code_challenge",
                ));
            }
            (None, _) if !with_secret => {
                return Err(refuse(
                    "invalid_client",
                    "a client without a secret must use PKCE",
                ));
            }
            (None, _) => {}
        }
        Ok(issued.user)
    }
}
