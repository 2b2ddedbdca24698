//! What a test holds: the builder, the running fake, its faults and its journal. The generated
//! `testing/mod.rs` adds the typed `seed_*`, `answer_*` and `stored_*` methods of its spec's
//! resources and operations, through `FakeGenesysBuilder::seed`, `FakeGenesysBuilder::answer`
//! and `FakeGenesys::stored`.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::dispatch::dispatch;
use super::login_host::{FakeApp, Logins, authorize, token};
use super::schema::Shape;
use super::state::{FakeState, Stored, lock};
use super::tables::{MODELS, RESOURCES};
use super::values::{key_of, set_at};
use crate::{Client, ClientBuilder, SecretString};

/// Something the fake answers instead of serving a call, for testing retry and time-out handling.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// 429 Too Many Requests, with `Retry-After` in whole seconds.
    RateLimited {
        /// The wait the fake asks for.
        retry_after: Duration,
    },
    /// 503 Service Unavailable, without `Retry-After`.
    Unavailable,
    /// The call is served, but only after this delay.
    Delay(Duration),
}

/// One call the fake answered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Exchange {
    /// The operation's `operationId`, or `None` for a path the API does not have.
    pub operation_id: Option<String>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path and query as sent (percent-encoded).
    pub target: String,
    /// The JSON body sent, if any.
    pub request: Option<JsonBody>,
    /// The status answered.
    pub status: u16,
    /// The JSON body answered, if any.
    pub response: Option<JsonBody>,
}

/// A JSON body of the journal. Printed (`Debug`, `Display`), the fields the spec marks as secret
/// (`format: password`, such as a client's `secret`) show as `"<redacted>"`, as everywhere else
/// in the crate; [`value`](Self::value) reads the body as it was, secrets included, on purpose.
#[derive(Clone, PartialEq)]
pub struct JsonBody {
    value: Value,
    shown: Value,
}

impl JsonBody {
    /// The body with the secrets of `shape` redacted for printing.
    pub(super) fn new(value: Value, shape: Option<&Shape>) -> Self {
        let mut shown = value.clone();
        if let Some(shape) = shape {
            redact(shape, &mut shown);
        }
        Self { value, shown }
    }

    /// The body as sent or answered, secrets included.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The body as it prints, secrets redacted.
    pub fn redacted(&self) -> &Value {
        &self.shown
    }
}

impl std::fmt::Debug for JsonBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.shown.fmt(f)
    }
}

impl std::fmt::Display for JsonBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.shown, f)
    }
}

/// Replaces what `shape` says is secret in `value` by `"<redacted>"`.
fn redact(shape: &Shape, value: &mut Value) {
    match (shape, value) {
        (Shape::Secret, value @ Value::String(_)) => *value = json!("<redacted>"),
        (Shape::List(inner), Value::Array(items)) => {
            items.iter_mut().for_each(|item| redact(inner, item))
        }
        (Shape::Map(inner), Value::Object(entries)) => {
            entries.values_mut().for_each(|item| redact(inner, item))
        }
        (Shape::Model(model), Value::Object(fields)) => {
            for field in MODELS[*model].fields {
                if let Some(value) = fields.get_mut(field.name) {
                    redact(&field.shape, value);
                }
            }
        }
        _ => {}
    }
}

/// Configures a [`FakeGenesys`] before it starts.
#[derive(Debug, Clone)]
#[must_use]
pub struct FakeGenesysBuilder {
    client_id: String,
    client_secret: SecretString,
    apps: Vec<FakeApp>,
    seeds: Vec<(usize, Value)>,
    answers: BTreeMap<usize, Value>,
    pending_polls: u32,
}

impl Default for FakeGenesysBuilder {
    fn default() -> Self {
        Self {
            client_id: "fake-client-id".to_owned(),
            client_secret: SecretString::new("fake-client-secret"),
            apps: Vec::new(),
            seeds: Vec::new(),
            answers: BTreeMap::new(),
            pending_polls: 1,
        }
    }
}

impl FakeGenesysBuilder {
    /// The client credentials `/oauth/token` accepts (by default `fake-client-id` and
    /// `fake-client-secret`, which [`FakeGenesys::client`] uses).
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self.client_id = client_id.into();
        self.client_secret = client_secret.into();
        self
    }

    /// An OAuth client the login host knows from the start, for user logins (see [User
    /// logins](crate::testing#user-logins)). Clients created through the fake's API are known too.
    pub fn app(mut self, app: FakeApp) -> Self {
        self.apps.push(app);
        self
    }

    /// How many times a polled operation answers a pending status before its final one
    /// (default 1).
    pub fn pending_polls(mut self, polls: u32) -> Self {
        self.pending_polls = polls;
        self
    }

    /// Items of the resource at `resource` in `RESOURCES` that exist from the start: what a
    /// generated `seed_*` method adds.
    #[allow(dead_code, reason = "a spec may have no resources")]
    pub(super) fn seed<T: serde::Serialize>(
        mut self,
        resource: usize,
        items: impl IntoIterator<Item = T>,
    ) -> Self {
        let items = items
            .into_iter()
            .map(|item| (resource, serde_json::to_value(item).unwrap_or(Value::Null)));
        self.seeds.extend(items);
        self
    }

    /// What the operation at `operation` in `OPERATIONS` answers: what a generated `answer_*`
    /// method sets.
    #[allow(
        dead_code,
        reason = "a spec may have no operations that answer an example"
    )]
    pub(super) fn answer<T: serde::Serialize>(mut self, operation: usize, answer: T) -> Self {
        self.answers.insert(
            operation,
            serde_json::to_value(answer).unwrap_or(Value::Null),
        );
        self
    }

    /// Starts serving on 127.0.0.1 at a free port. Needs a Tokio runtime.
    pub async fn start(self) -> FakeGenesys {
        let mut state = FakeState {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            tokens: Vec::new(),
            login: Logins {
                apps: self.apps,
                user: Some(FakeGenesys::DEFAULT_USER.to_owned()),
                ..Logins::default()
            },
            items: RESOURCES.iter().map(|_| Vec::new()).collect(),
            answers: self.answers,
            executions: Vec::new(),
            pending_polls: self.pending_polls,
            faults: VecDeque::new(),
            journal: Vec::new(),
            next_id: 0,
        };
        for (resource, mut item) in self.seeds {
            let key = match key_of(&item, RESOURCES[resource].key) {
                Some(key) => key,
                None => {
                    let key = state.new_id();
                    set_at(&mut item, RESOURCES[resource].key, json!(key));
                    key
                }
            };
            state.items[resource].retain(|stored| stored.key != key);
            state.items[resource].push(Stored {
                key,
                scope: Vec::new(),
                item,
            });
        }
        let state = Arc::new(Mutex::new(state));
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("binding 127.0.0.1:0 for the fake server");
        let address = listener.local_addr().expect("the fake server's address");
        let app = Router::new()
            .route("/oauth/token", post(token))
            .route("/oauth/authorize", get(authorize))
            .fallback(dispatch)
            .with_state(state.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        FakeGenesys {
            address,
            state,
            client_id: self.client_id,
            client_secret: self.client_secret,
            stop: Some(stop),
        }
    }
}

/// A running fake. It stops serving when dropped.
///
/// It serves every operation of the spec, and a login host (`/oauth/authorize`, `/oauth/token`):
///
/// - A call needs a bearer token from `/oauth/token`: without one it is 401, as in the service.
///   The fake logs in with client credentials (by default the ones [`FakeGenesys::client`]
///   uses), and logs users in as the service does (see [User logins](#user-logins)).
/// - Parameters and bodies are checked against the spec: a missing required field or parameter,
///   a value of the wrong type or an unknown enum value is a 400 whose error body names it.
/// - Resources are kept in memory: a collection path with its item path (`/things` and
///   `/things/{id}`) creates, lists, reads, replaces, updates and deletes; an unknown id is a 404,
///   also for the operations under an item. Seed them with the builder's `seed_*` methods and
///   read them back with `stored_*`. Listings are paged by `pageSize` and `pageNumber` where the
///   operation takes them; other query parameters are checked, but do not filter.
/// - An operation that starts work the client polls answers a pending status a few times (see
///   [`FakeGenesysBuilder::pending_polls`]), then a final one.
/// - Any other operation answers an example built from its response schema, or what the
///   builder's `answer_*` method for it set.
/// - Rules of the API the spec declares (`x-fake`) are kept, and [`FakeGenesys::fail_next`]
///   queues faults (429, 503, delays) to test retry and time-out handling.
/// - [`FakeGenesys::journal`] lists every call it answered, with what was sent and answered.
///
/// # User logins
///
/// The login host knows the OAuth clients registered with [`FakeGenesysBuilder::app`] and those
/// created through the fake's own API (their `authorizedGrantType`, `secret` and
/// `registeredRedirectUri`), and checks them as the service does:
///
/// - `/oauth/authorize` approves the login as the fake's user ([`FakeGenesys::DEFAULT_USER`], or
///   the one [`FakeGenesys::log_in_as`] chooses; `None` refuses with `access_denied`) for a
///   client of the `CODE` grant and one of its registered redirect URIs, and redirects there
///   with a code and the `state`. A public client (one without a secret) must send a PKCE
///   challenge, and only `S256` is accepted. [`FakeGenesys::authorize`] does what a browser does.
/// - `/oauth/token` takes `authorization_code` (the code once, with the same `redirect_uri`, and
///   the verifier of its challenge), `refresh_token` (rotating: each refresh token works once),
///   the SAML2 bearer grant (for assertions [`FakeGenesys::accept_saml2_assertion`] names), and
///   `client_credentials`. Tokens from a user's login act as that user; others act as no one.
/// - Operations that act for the calling user (`x-fake.owner` in the spec) answer only that
///   user's items. With a token of no user (client credentials) they answer 400 `bad.request`,
///   "This request requires a user context": the Genesys documentation states that such tokens
///   cannot use user-specific APIs, but not the answer; this is the one the service is reported
///   to give, chosen for the fake.
/// - [`FakeGenesys::expire_access_tokens`] and [`FakeGenesys::revoke_refresh_tokens`] end every
///   session at once, to test what a program does then.
pub struct FakeGenesys {
    address: SocketAddr,
    state: Arc<Mutex<FakeState>>,
    client_id: String,
    client_secret: SecretString,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeGenesys {
    /// Configures a fake: credentials, seed data, answers.
    pub fn builder() -> FakeGenesysBuilder {
        FakeGenesysBuilder::default()
    }

    /// Starts a fake with the default configuration.
    pub async fn start() -> FakeGenesys {
        Self::builder().start().await
    }

    /// The URL the fake serves the API and `/oauth/token` at.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client builder pointed at the fake, with its credentials: add your own settings (retry
    /// policy, time-outs) before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .login_url(self.base_url())
            .client_credentials(self.client_id.clone(), self.client_secret.clone())
    }

    /// A client pointed at the fake, with the crate's default settings.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the fake's URL and credentials are valid")
    }

    /// The user the login host logs in when nothing else is chosen.
    pub const DEFAULT_USER: &str = "fake-user-id";

    /// A client builder pointed at the fake, without credentials: for a user's login
    /// (`authorization_code`, `refresh_token`, `saml2_bearer`) with one of the fake's apps.
    pub fn login_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .login_url(self.base_url())
    }

    /// A client acting as the fake's user ([`log_in_as`](Self::log_in_as)): logs in as `app`
    /// with the authorization code grant and PKCE, through the fake's `/oauth/authorize` and its
    /// first redirect URI, as a program would with a browser. Fails as that login would.
    pub async fn user_client(&self, app: &FakeApp) -> Result<Client, crate::Error> {
        let redirect_uri = app.redirect_uris.first().cloned().unwrap_or_default();
        let login = self
            .login_builder()
            .authorization_code(app.oauth_app())
            .redirect_uri(redirect_uri)
            .start()?;
        let redirect = self
            .authorize(login.authorize_url())
            .await
            .map_err(|page| {
                crate::Error::Auth(Box::new(crate::AuthError::new(
                    Some("invalid_request"),
                    page,
                )))
            })?;
        login.finish(&redirect).await
    }

    /// Who approves the logins `/oauth/authorize` is asked for from now on: a user id, or `None`
    /// for a user who refuses (`error=access_denied`).
    pub fn log_in_as(&self, user_id: Option<&str>) {
        lock(&self.state).login.user = user_id.map(str::to_owned);
    }

    /// Does what a browser does with a login's authorize URL: asks the fake's `/oauth/authorize`
    /// and returns where it sends the browser (the redirect URI with a code and the `state`, or
    /// with an `error`). A login the fake refuses to redirect at all (an unknown client, a
    /// redirect URI it does not register) is an `Err` with the fake's page.
    pub async fn authorize(&self, authorize_url: &str) -> Result<String, String> {
        let query = authorize_url.split_once('?').map_or("", |(_, query)| query);
        let mut state = lock(&self.state);
        state.authorize(&crate::wire::parse_form(query))
    }

    /// Makes the login host take this SAML2 assertion (as the grant sends it, base64-encoded)
    /// as a login of `user_id`.
    pub fn accept_saml2_assertion(&self, assertion: &str, user_id: &str) {
        lock(&self.state)
            .login
            .assertions
            .push((assertion.to_owned(), user_id.to_owned()));
    }

    /// Every access token handed out so far stops working: the next call with one is 401.
    pub fn expire_access_tokens(&self) {
        lock(&self.state)
            .tokens
            .iter_mut()
            .for_each(|token| token.expired = true);
    }

    /// Every refresh token handed out so far stops working (`invalid_grant`), as when a user's
    /// sessions are revoked.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.state)
            .login
            .refresh_tokens
            .iter_mut()
            .for_each(|token| token.revoked = true);
    }

    /// Answers the next `calls` API calls with `fault` (after any faults already queued).
    pub fn fail_next(&self, calls: usize, fault: Fault) {
        lock(&self.state)
            .faults
            .extend(std::iter::repeat_n(fault, calls));
    }

    /// Every API call answered so far, oldest first (token requests are not listed).
    pub fn journal(&self) -> Vec<Exchange> {
        lock(&self.state).journal.clone()
    }

    /// The items of the resource at `resource` in `RESOURCES`, oldest first, as `T` (those that
    /// do not read as one are left out): what a generated `stored_*` method returns.
    #[allow(dead_code, reason = "a spec may have no resources")]
    pub(super) fn stored<T: serde::de::DeserializeOwned>(&self, resource: usize) -> Vec<T> {
        let state = lock(&self.state);
        let items = state.items[resource].iter();
        items
            .filter_map(|stored| serde_json::from_value(stored.item.clone()).ok())
            .collect()
    }
}

/// Where it serves and how much it holds; not the items themselves, which may hold secrets.
impl std::fmt::Debug for FakeGenesys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("FakeGenesys")
            .field("base_url", &self.base_url())
            .field("client_id", &self.client_id)
            .field("items", &state.items.iter().map(Vec::len).sum::<usize>())
            .field("journal", &state.journal.len())
            .finish_non_exhaustive()
    }
}

impl Drop for FakeGenesys {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
