//! Logging a user in: the authorization code grant with PKCE (RFC 7636), in a program's own web
//! server or through a one-shot listener on the loopback interface (RFC 8252).
//!
//! The implicit grant (`response_type=token`) is not offered: RFC 9700 advises against it, as
//! the token travels in the browser's URL. The authorization code grant with PKCE does what it
//! did, for public clients too.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use sha2::Digest as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::auth::{Auth, LoginHost, OAuthApp, RefreshToken, TokenCache, Tokens};
use crate::error::AuthError;
use crate::{Client, ClientBuilder, Error, SecretString};

/// The first step of a user's login: the OAuth client, where the browser comes back to, and the
/// scopes asked for. Start it from `ClientBuilder::authorization_code`; everything else about
/// the client (region, time-outs, the token hook) comes from that builder.
#[derive(Debug)]
#[must_use]
pub struct AuthorizationCodeLogin {
    builder: ClientBuilder,
    app: OAuthApp,
    redirect_uri: Option<String>,
    scopes: Vec<String>,
}

impl AuthorizationCodeLogin {
    pub(crate) fn new(builder: ClientBuilder, app: OAuthApp) -> Self {
        Self {
            builder,
            app,
            redirect_uri: None,
            scopes: Vec::new(),
        }
    }

    /// Where the login host sends the browser back: one of the client's registered redirect
    /// URIs, exactly as registered. Needed for [`start`](Self::start); for
    /// [`loopback`](Self::loopback) it is optional and chooses the port and path.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// The scopes to ask for (by default none: the client's own). `scopes::minimal` gives the
    /// fewest that allow the operations a program calls.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Makes the login's secrets (the `state` and the PKCE verifier) and the URL to send the
    /// user's browser to. Fails without a redirect URI, or with a login host the builder refuses.
    pub fn start(self) -> Result<PendingLogin, Error> {
        let Some(redirect_uri) = self.redirect_uri.clone() else {
            return Err(Error::Config(
                "no redirect URI: call `redirect_uri` with one the OAuth client registers"
                    .to_owned(),
            ));
        };
        let host = self.builder.login_host()?;
        let state = random_token()?;
        let verifier = SecretString::new(random_token()? + &random_token()?);
        let challenge = pkce_challenge(verifier.expose_secret());
        let mut url = reqwest::Url::parse(&host.authorize_url())
            .map_err(|error| Error::Config(format!("the login URL is not a URL: {error}")))?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.app.client_id)
                .append_pair("redirect_uri", &redirect_uri)
                .append_pair("state", &state)
                .append_pair("code_challenge", &challenge)
                .append_pair("code_challenge_method", "S256");
            if !self.scopes.is_empty() {
                query.append_pair("scope", &self.scopes.join(" "));
            }
        }
        Ok(PendingLogin {
            builder: self.builder,
            host,
            app: self.app,
            redirect_uri,
            state,
            verifier,
            url: url.into(),
        })
    }

    /// Logs the user in through their browser and a listener on this machine, for command-line
    /// and desktop programs: binds `127.0.0.1` (the port and path of the redirect URI if one is
    /// set, which must then be a loopback `http://` URI; else a free port and `/callback`), and
    /// returns the URL to open. [`LoopbackLogin::finish`] then waits for the one redirect.
    pub async fn loopback(mut self) -> Result<LoopbackLogin, Error> {
        let (port, path) = match &self.redirect_uri {
            Some(uri) => loopback_address(uri)?,
            None => (0, "/callback".to_owned()),
        };
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|error| {
                Error::Config(format!("cannot listen on 127.0.0.1:{port}: {error}"))
            })?;
        let port = listener
            .local_addr()
            .map_err(|error| Error::Config(format!("cannot read the listener's address: {error}")))?
            .port();
        if self.redirect_uri.is_none() {
            self.redirect_uri = Some(format!("http://127.0.0.1:{port}{path}"));
        }
        let pending = self.start()?;
        Ok(LoopbackLogin {
            pending,
            listener,
            path,
        })
    }
}

/// A login waiting for the browser to come back. It holds the PKCE verifier and the `state`: a
/// web server keeps it (in memory, keyed by the `state`) between the redirect to the login host
/// and the request that comes back.
#[derive(Debug)]
pub struct PendingLogin {
    builder: ClientBuilder,
    host: LoginHost,
    app: OAuthApp,
    redirect_uri: String,
    state: String,
    verifier: SecretString,
    url: String,
}

impl PendingLogin {
    /// The URL to send the user's browser to.
    pub fn authorize_url(&self) -> &str {
        &self.url
    }

    /// The `state` the browser must bring back: random, and used once.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The redirect URI the login host sends the browser back to.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Finishes the login from the URL the browser came back to (or its query string alone):
    /// checks the `state`, exchanges the code for tokens and builds the client. The login host's
    /// refusal (`?error=access_denied`) is an [`Error::Auth`] with that code.
    pub async fn finish(self, redirect: &str) -> Result<Client, Error> {
        let callback = Callback::parse(redirect);
        let code = callback.code(&self.state)?;
        self.exchange_checked(&code).await
    }

    /// Finishes the login with the `code` and `state` the browser brought back, for a web
    /// framework that has parsed the query already. A `state` other than this login's is refused
    /// (`state_mismatch`) and the code is not used.
    pub async fn exchange(self, code: &str, state: &str) -> Result<Client, Error> {
        if !constant_time_eq(state.as_bytes(), self.state.as_bytes()) {
            return Err(state_mismatch());
        }
        self.exchange_checked(code).await
    }

    async fn exchange_checked(self, code: &str) -> Result<Client, Error> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_verifier", self.verifier.expose_secret()),
        ];
        let tokens = self.host.token_request(&self.app, &form).await?;
        user_client(self.builder, self.host, self.app, tokens)
    }
}

/// A client that renews the user's tokens with the refresh token of `tokens`.
pub(crate) fn user_client(
    builder: ClientBuilder,
    host: LoginHost,
    app: OAuthApp,
    tokens: Tokens,
) -> Result<Client, Error> {
    let source = Arc::new(RefreshToken::new(
        host.clone(),
        app,
        tokens.refresh_token.clone(),
    ));
    let cache = TokenCache::seeded(source, builder.token_hook(), tokens);
    builder.build_with(host, Auth::Cached(cache))
}

/// A loopback login: a listener on 127.0.0.1 waiting for the browser's one redirect.
#[derive(Debug)]
pub struct LoopbackLogin {
    pending: PendingLogin,
    listener: TcpListener,
    path: String,
}

/// The most bytes of a request the listener reads: a redirect is one short line and a few
/// headers.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

impl LoopbackLogin {
    /// The URL to open in the user's browser.
    pub fn authorize_url(&self) -> &str {
        self.pending.authorize_url()
    }

    /// The redirect URI the listener answers, to register on the OAuth client.
    pub fn redirect_uri(&self) -> &str {
        self.pending.redirect_uri()
    }

    /// Waits, at most `timeout`, for the browser's redirect; answers it with a short page, stops
    /// listening, and finishes the login. Any other request (a browser's `/favicon.ico`, a
    /// stranger) gets 404 and nothing else. Running out of time is an [`Error::Timeout`].
    pub async fn finish(self, timeout: Duration) -> Result<Client, Error> {
        let callback = tokio::time::timeout(timeout, self.accept_redirect())
            .await
            .map_err(|_| Error::Timeout {
                operation: "login",
                timeout,
            })??;
        let code = callback.code(&self.pending.state)?;
        self.pending.exchange_checked(&code).await
    }

    /// The redirect's query, once the browser has been answered.
    async fn accept_redirect(&self) -> Result<Callback, Error> {
        loop {
            let (mut stream, _) =
                self.listener.accept().await.map_err(|error| {
                    Error::Config(format!("the login listener failed: {error}"))
                })?;
            let Some(target) = read_request_target(&mut stream).await else {
                continue;
            };
            let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
            if path != self.path {
                let _ = stream
                    .write_all(page("404 Not Found", "Not found.").as_bytes())
                    .await;
                continue;
            }
            let callback = Callback::parse(query);
            let (status, text) = match callback.code(&self.pending.state) {
                Ok(_) => (
                    "200 OK",
                    "You are logged in. You can close this tab and return to the program.",
                ),
                Err(_) => (
                    "400 Bad Request",
                    "The login did not succeed. Return to the program for details.",
                ),
            };
            let _ = stream.write_all(page(status, text).as_bytes()).await;
            let _ = stream.shutdown().await;
            return Ok(callback);
        }
    }
}

/// The target of a `GET` request (`/callback?code=...`), or `None` for anything else.
async fn read_request_target(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut request = Vec::new();
    let mut buffer = [0_u8; 2048];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        if request.len() > MAX_REQUEST_BYTES {
            return None;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let line = request.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    }
}

/// A minimal HTML answer for the browser.
fn page(status: &str, text: &str) -> String {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Login</title></head><body><p>{text}</p></body></html>"
    );
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The port and path of a loopback redirect URI; anything else is refused, so the listener can
/// only ever bind this machine's loopback interface.
fn loopback_address(uri: &str) -> Result<(u16, String), Error> {
    let refused = || {
        Error::Config(format!(
            "`{uri}` is not a loopback redirect URI such as http://127.0.0.1:8080/callback"
        ))
    };
    let url = reqwest::Url::parse(uri).map_err(|_| refused())?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost"));
    if url.scheme() != "http" || !loopback || url.query().is_some() || url.fragment().is_some() {
        return Err(refused());
    }
    Ok((url.port().unwrap_or(80), url.path().to_owned()))
}

/// What the browser brought back.
#[derive(Debug, Default)]
struct Callback {
    code: Option<SecretString>,
    state: Option<String>,
    error: Option<String>,
    description: Option<String>,
}

impl Callback {
    /// From a whole URL, or from its query string alone.
    fn parse(redirect: &str) -> Self {
        let query = match reqwest::Url::parse(redirect) {
            Ok(url) => url.query().unwrap_or_default().to_owned(),
            // A path with its query, or the query alone.
            Err(_) => redirect
                .split_once('?')
                .map_or(redirect, |(_, query)| query)
                .to_owned(),
        };
        let mut callback = Callback::default();
        for (name, value) in crate::wire::parse_form(&query) {
            match name.as_str() {
                "code" => callback.code = Some(SecretString::new(value)),
                "state" => callback.state = Some(value),
                "error" => callback.error = Some(value),
                "error_description" => callback.description = Some(value),
                _ => {}
            }
        }
        callback
    }

    /// The code, if the state is the login's own and the login host did not refuse.
    fn code(&self, expected_state: &str) -> Result<String, Error> {
        let state_matches = self
            .state
            .as_deref()
            .is_some_and(|s| constant_time_eq(s.as_bytes(), expected_state.as_bytes()));
        if !state_matches {
            return Err(state_mismatch());
        }
        if let Some(error) = &self.error {
            let description = self
                .description
                .clone()
                .unwrap_or_else(|| "the login host refused the login".to_owned());
            return Err(Error::Auth(Box::new(AuthError::new(
                Some(error),
                description,
            ))));
        }
        match &self.code {
            Some(code) if !code.expose_secret().is_empty() => Ok(code.expose_secret().to_owned()),
            _ => Err(Error::Auth(Box::new(AuthError::new(
                Some("invalid_request"),
                "the redirect has no code",
            )))),
        }
    }
}

fn state_mismatch() -> Error {
    Error::Auth(Box::new(AuthError::new(
        Some("state_mismatch"),
        "the redirect's `state` is not this login's: it was not started here, or was forged; the code was not used",
    )))
}

/// Compares without stopping at the first difference, so the time taken says nothing of how
/// much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 bytes from the operating system's cryptographic generator, base64url without padding
/// (43 characters). Never a weaker generator: if the OS has none to give, the login fails.
fn random_token() -> Result<String, Error> {
    let mut bytes = [0_u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|error| {
        Error::Config(format!(
            "the operating system's random number generator failed: {error}"
        ))
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The S256 challenge of a PKCE verifier (RFC 7636, section 4.2).
pub(crate) fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}
