//! Access tokens: where they come from (a login grant, or the program's own [`TokenSource`]), and
//! the cache every call goes through, which shares one token between concurrent calls and gets a
//! new one shortly before it expires or once when the API refuses it.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::AuthError;
use crate::wire::transport;
use crate::{Error, SecretString};

/// A boxed future, as [`TokenSource::fetch`] returns (so the trait can be a `dyn` object).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a login returned: an access token, how long it lives, and the refresh token that gets
/// the next one, when the grant gives one.
///
/// `Debug` shows neither token (they are [`SecretString`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tokens {
    /// The bearer token calls send.
    pub access_token: SecretString,
    /// How long the access token lives, as the login host said; `None` when it did not say (the
    /// client then assumes 5 minutes).
    pub expires_in: Option<Duration>,
    /// The token that gets the next access token without the user, when there is one. Store it
    /// (encrypted, as you would a password) to start the next run from it.
    pub refresh_token: Option<SecretString>,
}

impl Tokens {
    /// An access token of unknown lifetime, without a refresh token.
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self {
            access_token: access_token.into(),
            expires_in: None,
            refresh_token: None,
        }
    }

    /// The same tokens, with the access token's lifetime.
    #[must_use]
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// The same tokens, with a refresh token.
    #[must_use]
    pub fn with_refresh_token(mut self, refresh_token: impl Into<SecretString>) -> Self {
        self.refresh_token = Some(refresh_token.into());
        self
    }
}

/// Where access tokens come from. The built-in logins implement it, and a program can too (a
/// vault, a token broker) and hand it to `ClientBuilder::token_source`: the client then caches
/// what it returns and asks again as it does for its own logins.
///
/// The client calls [`fetch`](Self::fetch) when it has no token, shortly before the last one
/// expires (a tenth of its lifetime, at most a minute, before), and once more when the API answers
/// 401 to a call; never twice at the same time, however many calls are waiting for a token. An
/// error it returns is the error of the calls that waited for it; the next call asks again.
pub trait TokenSource: Send + Sync + std::fmt::Debug {
    /// A fresh access token.
    fn fetch(&self) -> BoxFuture<'_, Result<Tokens, Error>>;
}

/// Called with every set of tokens a client gets, so the program can store the refresh token.
pub(crate) type TokenHook = Arc<dyn Fn(&Tokens) + Send + Sync>;

/// How the client authenticates.
pub(crate) enum Auth {
    /// A token the caller obtained; never refreshed.
    Static(SecretString),
    /// Tokens from a source, cached and renewed.
    Cached(TokenCache),
}

/// How the client logs in, for the `Debug` of a client: the kind of login and what the program
/// configured for it, secrets redacted.
impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Static(token) => f.debug_tuple("AccessToken").field(token).finish(),
            Auth::Cached(cache) => cache.source.fmt(f),
        }
    }
}

/// A token and the generation it belongs to, so that many calls answered 401 with the same token
/// cause one refresh, not one each.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) value: SecretString,
    pub(crate) generation: u64,
}

impl Auth {
    pub(crate) async fn token(&self) -> Result<Token, Error> {
        match self {
            Auth::Static(token) => Ok(Token {
                value: token.clone(),
                generation: 0,
            }),
            Auth::Cached(cache) => cache.token().await,
        }
    }

    /// Drops `token` if it is still the cached one. Returns whether a fresh token can be had, that
    /// is whether retrying after a 401 makes sense.
    pub(crate) async fn invalidate(&self, token: &Token) -> bool {
        match self {
            Auth::Static(_) => false,
            Auth::Cached(cache) => {
                let mut cached = cache.cached.lock().await;
                if cached
                    .as_ref()
                    .is_some_and(|c| c.token.generation == token.generation)
                {
                    *cached = None;
                }
                true
            }
        }
    }
}

/// The cache in front of a [`TokenSource`].
pub(crate) struct TokenCache {
    source: Arc<dyn TokenSource>,
    hook: Option<TokenHook>,
    /// Held across `fetch`, so concurrent calls wait for one request and share its token.
    cached: tokio::sync::Mutex<Option<CachedToken>>,
    /// The last generation handed out. It only grows, so a 401 for a token that was dropped and
    /// replaced can never be taken for a 401 of its replacement.
    generations: AtomicU64,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct CachedToken {
    token: Token,
    refresh_at: Instant,
}

impl TokenCache {
    /// A cache that asks `source` on first use. `hook` hears of every set of tokens.
    pub(crate) fn new(source: Arc<dyn TokenSource>, hook: Option<TokenHook>) -> Self {
        Self {
            source,
            hook,
            cached: tokio::sync::Mutex::new(None),
            generations: AtomicU64::new(0),
        }
    }

    /// A cache that starts with `tokens` (those a login just returned): the hook hears of them
    /// now, and the source is asked when they run out.
    pub(crate) fn seeded(
        source: Arc<dyn TokenSource>,
        hook: Option<TokenHook>,
        tokens: Tokens,
    ) -> Self {
        let mut cache = Self::new(source, hook);
        let cached = cache.remember(tokens);
        *cache.cached.get_mut() = Some(cached);
        cache
    }

    async fn token(&self) -> Result<Token, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(current.token.clone());
        }
        let tokens = self.source.fetch().await?;
        if tokens.access_token.expose_secret().is_empty() {
            return Err(Error::token_source(
                "the token source returned an empty access token",
            ));
        }
        let fresh = self.remember(tokens);
        let token = fresh.token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    /// Tells the hook, numbers the token, and decides when to replace it.
    fn remember(&self, tokens: Tokens) -> CachedToken {
        if let Some(hook) = &self.hook {
            hook(&tokens);
        }
        let lifetime = tokens
            .expires_in
            .unwrap_or(DEFAULT_TOKEN_LIFETIME)
            .min(MAX_TOKEN_LIFETIME);
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        // Refresh when a tenth of the lifetime (at most a minute) is left, so a call never starts
        // with a token about to expire. The lifetime is clamped, and the sum checked all the same.
        let margin = (lifetime / 10).min(Duration::from_secs(60));
        let now = Instant::now();
        let refresh_at = now
            .checked_add(lifetime.saturating_sub(margin))
            .unwrap_or(now);
        CachedToken {
            token: Token {
                value: tokens.access_token,
                generation,
            },
            refresh_at,
        }
    }
}

/// The lifetime assumed when the token response gives none: the shortest Genesys issues.
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// The longest lifetime believed, whatever the token response says: Genesys issues tokens for
/// at most 48 hours, and a larger or absurd value (10^19 seconds) must not make a token be kept
/// forever, or overflow the clock.
pub(crate) const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(48 * 3600);

/// The lifetime of a token from the `expires_in` of its response: seconds as a JSON number or a
/// numeric string, fractions rounded down, clamped to `MAX_TOKEN_LIFETIME`. Missing or `null`
/// means `DEFAULT_TOKEN_LIFETIME`; zero, negative, or anything else means the token is used for
/// the call that asked for it and replaced on the next one.
pub(crate) fn token_lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
    let seconds = match expires_in {
        None | Some(serde_json::Value::Null) => return DEFAULT_TOKEN_LIFETIME,
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match seconds {
        Some(s) if s.is_finite() && s > 0.0 => {
            Duration::from_secs(s.min(MAX_TOKEN_LIFETIME.as_secs() as f64) as u64)
        }
        _ => Duration::ZERO,
    }
}

/// An OAuth client of the organization as a login presents it: its id, and its secret when it
/// has one (a confidential client, such as a web server's). A program a person runs on their own
/// machine cannot keep a secret: register it as a public client and log in with PKCE alone.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub(crate) client_id: String,
    pub(crate) client_secret: Option<SecretString>,
}

impl OAuthApp {
    /// A client without a secret: it logs in with PKCE alone, and sends its id in the form.
    pub fn public(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
        }
    }

    /// A client with a secret, which it sends with HTTP Basic authentication.
    pub fn confidential(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: Some(client_secret.into()),
        }
    }

    /// The client's id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

/// The login host as the client reaches it: the HTTP client, its URL and the limits of a call.
#[derive(Clone)]
pub(crate) struct LoginHost {
    pub(crate) http: reqwest::Client,
    /// The login host's base URL, without a trailing `/`.
    pub(crate) url: String,
    pub(crate) timeout: Duration,
    /// The most bytes a token response may have.
    pub(crate) max_response_bytes: usize,
}

/// The URL and limits, not the HTTP library's insides.
impl std::fmt::Debug for LoginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginHost")
            .field("url", &self.url)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// The token endpoint's answer. Only what the client needs is read.
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    /// Any JSON value: servers send numbers, strings, fractions; `token_lifetime` decides.
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<SecretString>,
}

/// The token endpoint's error body (RFC 6749, section 5.2).
#[derive(serde::Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    description: Option<String>,
}

impl LoginHost {
    /// The authorize endpoint, where a browser logs a user in.
    pub(crate) fn authorize_url(&self) -> String {
        format!("{}/oauth/authorize", self.url)
    }

    /// Posts `form` to the token endpoint as `app`: with HTTP Basic when it has a secret, else
    /// with `client_id` in the form. Every value of `form` is kept out of what an error shows.
    pub(crate) async fn token_request(
        &self,
        app: &OAuthApp,
        form: &[(&str, &str)],
    ) -> Result<Tokens, Error> {
        let span = tracing::debug_span!(
            "token_request",
            url = %self.url,
            grant_type = form.iter().find(|(name, _)| *name == "grant_type").map(|(_, value)| *value),
            status = tracing::field::Empty,
        );
        tracing::Instrument::instrument(self.send(app, form), span).await
    }

    async fn send(&self, app: &OAuthApp, form: &[(&str, &str)]) -> Result<Tokens, Error> {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        let mut request = self
            .http
            .post(format!("{}/oauth/token", self.url))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout);
        match &app.client_secret {
            Some(secret) => {
                request = request.basic_auth(&app.client_id, Some(secret.expose_secret()))
            }
            None => fields.push(("client_id", &app.client_id)),
        }
        let response = request
            .body(crate::wire::form(&fields))
            .send()
            .await
            .map_err(|error| transport("login", error, self.timeout))?;
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let correlation_id = crate::wire::correlation_id(response.headers());
        let body = match crate::wire::read_body(response, self.max_response_bytes).await {
            Ok(body) => body,
            Err(crate::wire::BodyError::Transport(error)) => {
                return Err(transport("login", error, self.timeout));
            }
            Err(crate::wire::BodyError::TooLarge) => {
                return Err(Error::ResponseTooLarge {
                    operation: "login",
                    limit: self.max_response_bytes,
                });
            }
        };
        // The server's words, with what we sent taken out should it echo it back: the secret,
        // the code, the verifier, the refresh token, the assertion.
        let mut secrets: Vec<&str> = form
            .iter()
            .filter(|(name, _)| *name != "grant_type")
            .map(|(_, value)| *value)
            .collect();
        if let Some(secret) = &app.client_secret {
            secrets.push(secret.expose_secret());
        }
        let refused = |error: Option<String>, description: Option<String>| {
            let scrub = |text: String| crate::wire::scrub(&text, &secrets);
            Error::Auth(Box::new(AuthError {
                status: Some(status),
                error: error.map(scrub),
                description: description.map(scrub),
                correlation_id: correlation_id.clone(),
            }))
        };
        if !status.is_success() {
            return Err(match serde_json::from_slice::<TokenError>(&body) {
                Ok(e) => refused(e.error, e.error_description.or(e.description)),
                Err(_) => refused(None, Some(crate::wire::snippet(&body, &secrets))),
            });
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            refused(
                Some("invalid_token_response".to_owned()),
                Some(e.to_string()),
            )
        })?;
        if token.access_token.expose_secret().is_empty() {
            return Err(refused(
                Some("invalid_token_response".to_owned()),
                Some("empty access_token".to_owned()),
            ));
        }
        Ok(Tokens {
            access_token: token.access_token,
            expires_in: Some(token_lifetime(token.expires_in.as_ref())),
            refresh_token: token
                .refresh_token
                .filter(|t| !t.expose_secret().is_empty()),
        })
    }
}

/// The client-credentials grant: the application logs in as itself.
#[derive(Debug)]
pub(crate) struct ClientCredentials {
    pub(crate) host: LoginHost,
    pub(crate) app: OAuthApp,
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> BoxFuture<'_, Result<Tokens, Error>> {
        Box::pin(
            self.host
                .token_request(&self.app, &[("grant_type", "client_credentials")]),
        )
    }
}

/// The refresh-token grant: new tokens for the user who logged in, without the user.
///
/// The refresh token in use is the last one the login host gave: Genesys may rotate it on every
/// refresh, and then the old one stops working. Answers without one keep the current one. The
/// cache asks one refresh at a time, so a rotated token is never raced by its predecessor.
#[derive(Debug)]
pub(crate) struct RefreshToken {
    host: LoginHost,
    app: OAuthApp,
    state: Mutex<RefreshState>,
}

#[derive(Debug)]
struct RefreshState {
    refresh_token: Option<SecretString>,
    /// Why the refresh token stopped working (`invalid_grant`): every later call gets this error
    /// at once, instead of asking the login host again with a token it refused.
    refused: Option<AuthError>,
}

impl RefreshToken {
    pub(crate) fn new(host: LoginHost, app: OAuthApp, refresh_token: Option<SecretString>) -> Self {
        Self {
            host,
            app,
            state: Mutex::new(RefreshState {
                refresh_token,
                refused: None,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, RefreshState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn refresh(&self) -> Result<Tokens, Error> {
        let current = {
            let state = self.state();
            if let Some(refused) = &state.refused {
                return Err(Error::Auth(Box::new(refused.clone())));
            }
            state.refresh_token.clone()
        };
        let Some(current) = current else {
            return Err(Error::Auth(Box::new(AuthError::new(
                Some("no_refresh_token"),
                "the access token expired and the login gave no refresh token: log the user in again",
            ))));
        };
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", current.expose_secret()),
        ];
        match self.host.token_request(&self.app, &form).await {
            Ok(mut tokens) => {
                let mut state = self.state();
                match &tokens.refresh_token {
                    Some(rotated) => state.refresh_token = Some(rotated.clone()),
                    None => tokens.refresh_token = Some(current),
                }
                Ok(tokens)
            }
            Err(Error::Auth(refused)) if refused.error.as_deref() == Some("invalid_grant") => {
                let mut refused = *refused;
                refused.description = Some(format!(
                    "the refresh token was refused (revoked, expired or already used): log the user in again{}",
                    refused
                        .description
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()
                ));
                self.state().refused = Some(refused.clone());
                Err(Error::Auth(Box::new(refused)))
            }
            Err(error) => Err(error),
        }
    }
}

impl TokenSource for RefreshToken {
    fn fetch(&self) -> BoxFuture<'_, Result<Tokens, Error>> {
        Box::pin(self.refresh())
    }
}

/// The SAML2 bearer grant: a user's SAML assertion from the organization's identity provider is
/// exchanged for tokens (Genesys issues no refresh token for it).
#[derive(Debug)]
pub(crate) struct Saml2Bearer {
    pub(crate) host: LoginHost,
    pub(crate) app: OAuthApp,
    pub(crate) org_name: String,
    /// Base64-encoded, as the login host expects it.
    pub(crate) assertion: SecretString,
}

/// The grant type of RFC 7522.
pub(crate) const SAML2_BEARER: &str = "urn:ietf:params:oauth:grant-type:saml2-bearer";

impl TokenSource for Saml2Bearer {
    fn fetch(&self) -> BoxFuture<'_, Result<Tokens, Error>> {
        Box::pin(async move {
            let form = [
                ("grant_type", SAML2_BEARER),
                ("orgName", self.org_name.as_str()),
                ("assertion", self.assertion.expose_secret()),
            ];
            self.host.token_request(&self.app, &form).await
        })
    }
}
