//! Access tokens: a fixed one, or one from the client-credentials grant, cached and refreshed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::AuthError;
use crate::wire::transport;
use crate::{Error, SecretString};

/// How the client authenticates.
#[derive(Debug)]
pub(crate) enum Auth {
    /// A token the caller obtained; never refreshed.
    Static(SecretString),
    /// The client-credentials grant against the region's login host.
    ClientCredentials(TokenSource),
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
            Auth::ClientCredentials(source) => source.token().await,
        }
    }

    /// Drops `token` if it is still the cached one. Returns whether a fresh token can be had, that
    /// is whether retrying after a 401 makes sense.
    pub(crate) async fn invalidate(&self, token: &Token) -> bool {
        match self {
            Auth::Static(_) => false,
            Auth::ClientCredentials(source) => {
                let mut cached = source.cached.lock().await;
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

/// The client-credentials grant, with the token cached until shortly before it expires.
#[derive(Debug)]
pub(crate) struct TokenSource {
    pub(crate) http: reqwest::Client,
    pub(crate) token_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) timeout: Duration,
    /// The most bytes a token response may have.
    pub(crate) max_response_bytes: usize,
    /// Held across the token request, so concurrent calls wait for one request and share its token.
    pub(crate) cached: tokio::sync::Mutex<Option<CachedToken>>,
    /// The last generation handed out. It only grows, so a 401 for a token that was dropped and
    /// replaced can never be taken for a 401 of its replacement.
    pub(crate) generations: AtomicU64,
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

#[derive(Debug)]
pub(crate) struct CachedToken {
    token: Token,
    refresh_at: Instant,
}

/// The token endpoint's answer. Only what the client needs is read.
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    /// Any JSON value: servers send numbers, strings, fractions; `token_lifetime` decides.
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// The token endpoint's error body (RFC 6749, section 5.2).
#[derive(serde::Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    description: Option<String>,
}

impl TokenSource {
    async fn token(&self) -> Result<Token, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(current.token.clone());
        }
        let span = tracing::debug_span!("token_request", url = %self.token_url, status = tracing::field::Empty);
        let (value, lifetime) = tracing::Instrument::instrument(self.request(), span).await?;
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        // Refresh when a tenth of the lifetime (at most a minute) is left, so a call never starts
        // with a token about to expire. The lifetime is clamped, and the sum checked all the same.
        let margin = (lifetime / 10).min(Duration::from_secs(60));
        let now = Instant::now();
        let refresh_at = now
            .checked_add(lifetime.saturating_sub(margin))
            .unwrap_or(now);
        let token = Token { value, generation };
        *cached = Some(CachedToken {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    async fn request(&self) -> Result<(SecretString, Duration), Error> {
        let response = self
            .http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout)
            .body("grant_type=client_credentials")
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
        // The server's words, with our own secret taken out should it echo it back.
        let secret = [self.client_secret.expose_secret()];
        let refused = |error: Option<String>, description: Option<String>| {
            let scrub = |text: String| crate::wire::scrub(&text, &secret);
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
                Err(_) => refused(None, Some(crate::wire::snippet(&body, &secret))),
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
        Ok((
            token.access_token,
            token_lifetime(token.expires_in.as_ref()),
        ))
    }
}
