//! Configuring a client: where it calls, how it logs in, and how its HTTP client is made.

use std::sync::Arc;
use std::time::Duration;

use crate::auth::{
    Auth, ClientCredentials, LoginHost, OAuthApp, RefreshToken, Saml2Bearer, TokenCache, TokenHook,
    TokenSource, Tokens,
};
use crate::login::AuthorizationCodeLogin;
use crate::{Client, Error, Region, RetryPolicy, SecretString};

/// The default of [`ClientBuilder::max_response_bytes`]: 32 MiB, far more than the largest page
/// of results the API returns, far less than what would hurt a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// What every clone of a client shares.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// `base_url` parsed once, so a call parses only its own path.
    pub(crate) base: reqwest::Url,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

/// Credentials as configured on the builder.
#[derive(Debug, Clone)]
enum Login {
    AccessToken(SecretString),
    ClientCredentials(OAuthApp),
    RefreshToken {
        app: OAuthApp,
        refresh_token: SecretString,
    },
    Saml2Bearer {
        app: OAuthApp,
        org_name: String,
        assertion: SecretString,
    },
    Source(Arc<dyn TokenSource>),
}

/// A `reqwest::Client` the caller brought; shown without reqwest's insides.
#[derive(Clone)]
struct HttpClient(reqwest::Client);

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reqwest::Client(..)")
    }
}

/// The caller's adjustments to the HTTP client the builder makes.
#[derive(Clone)]
struct ConfigureHttp(Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>);

impl std::fmt::Debug for ConfigureHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfigureHttp(..)")
    }
}

/// The program's hook for new tokens.
#[derive(Clone)]
struct OnTokens(TokenHook);

impl std::fmt::Debug for OnTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnTokens(..)")
    }
}

/// Configures a [`Client`]. Start with [`Client::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    region: Region,
    base_url: Option<String>,
    login_url: Option<String>,
    credentials: Option<Login>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    http: Option<HttpClient>,
    configure_http: Option<ConfigureHttp>,
    on_tokens: Option<OnTokens>,
    max_response_bytes: usize,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            region: Region::default(),
            base_url: None,
            login_url: None,
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            http: None,
            configure_http: None,
            on_tokens: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
        }
    }
}

impl ClientBuilder {
    /// The region to call (default: [`Region::default`]). Sets both the API and the login host.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Calls the API at this base URL instead of the region's: a gateway, a proxy, a test server.
    /// Unless [`login_url`](Self::login_url) is set too, tokens come from the same URL with
    /// `//api.` replaced by `//login.`, or from the URL itself when it has no `api.` host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Gets tokens from this base URL (`/oauth/token` is appended) instead of the region's.
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = Some(url.into());
        self
    }

    /// Authenticates with an access token obtained elsewhere. It is never refreshed.
    pub fn access_token(mut self, token: impl Into<SecretString>) -> Self {
        self.credentials = Some(Login::AccessToken(token.into()));
        self
    }

    /// Authenticates with the client-credentials grant: the token is requested on first use,
    /// cached, refreshed before it expires, and refreshed once more if the API answers 401.
    ///
    /// The token's lifetime is the response's `expires_in` in seconds (a number or a numeric
    /// string, fractions rounded down), at most 48 hours whatever the server says; without one,
    /// 5 minutes. A lifetime of zero, a negative one or one that is not a number makes the token
    /// good for the call that fetched it only. Many calls answered 401 with the same token cause
    /// one refresh between them.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self.credentials = Some(Login::ClientCredentials(OAuthApp::confidential(
            client_id,
            client_secret,
        )));
        self
    }

    /// Logs a user in with the authorization code grant and PKCE: returns the login to finish,
    /// in a web server ([`AuthorizationCodeLogin::start`]) or through a listener on this machine
    /// ([`AuthorizationCodeLogin::loopback`]). The client it builds acts as that user, and renews
    /// the user's access token with the refresh token, before it expires and once on a 401. The
    /// implicit grant is not offered (RFC 9700 advises against it); this grant replaces it.
    pub fn authorization_code(self, app: OAuthApp) -> AuthorizationCodeLogin {
        AuthorizationCodeLogin::new(self, app)
    }

    /// Acts as the user whose refresh token this is (one stored from an earlier login; see
    /// [`on_tokens`](Self::on_tokens)): the first call gets an access token with it. If the
    /// login host rotates the refresh token, the client uses the new one from then on. A refresh
    /// token the login host refuses ends in an [`Error::Auth`] whose `code()` is
    /// `invalid_grant`, for that call and every later one: the user must log in again.
    pub fn refresh_token(mut self, app: OAuthApp, refresh_token: impl Into<SecretString>) -> Self {
        self.credentials = Some(Login::RefreshToken {
            app,
            refresh_token: refresh_token.into(),
        });
        self
    }

    /// Acts as the user of a SAML2 assertion from the organization's identity provider (the
    /// SAML2 bearer grant, `urn:ietf:params:oauth:grant-type:saml2-bearer`): `org_name` is the
    /// organization's short name, `assertion` the base64-encoded assertion. The OAuth client needs
    /// the `SAML2-BEARER` grant. Genesys issues no refresh token here: when the access token
    /// expires, the same assertion is sent again, which works while the assertion is valid.
    pub fn saml2_bearer(
        mut self,
        app: OAuthApp,
        org_name: impl Into<String>,
        assertion: impl Into<SecretString>,
    ) -> Self {
        self.credentials = Some(Login::Saml2Bearer {
            app,
            org_name: org_name.into(),
            assertion: assertion.into(),
        });
        self
    }

    /// Gets access tokens from the program's own source (a vault, a token broker), cached and
    /// renewed like the built-in logins': see [`TokenSource`].
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.credentials = Some(Login::Source(Arc::new(source)));
        self
    }

    /// Calls `hook` with every set of tokens the client gets: at login and at each renewal.
    /// Store `tokens.refresh_token` there (as securely as a password) to start the next run with
    /// [`refresh_token`](Self::refresh_token) instead of a new login; with rotation, each new
    /// refresh token replaces the last. The hook runs while calls wait for the token: keep it
    /// short (hand the value to a task to write it out).
    pub fn on_tokens(mut self, hook: impl Fn(&Tokens) + Send + Sync + 'static) -> Self {
        self.on_tokens = Some(OnTokens(Arc::new(hook)));
        self
    }

    /// How long to wait for a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The most bytes a response body may have (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A larger
    /// one is not read further and the call fails with [`Error::ResponseTooLarge`], so a broken or
    /// hostile server cannot make the client hold gigabytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allows `http://` base and login URLs on hosts other than loopback ones, where credentials
    /// and tokens travel in clear (default: refused; `http://127.0.0.1`, `[::1]` and `localhost`
    /// are always allowed, for tests and local fakes). Only for a trusted network, such as a
    /// proxy on the same machine reached by another name.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How long one attempt may take, from sending to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adjusts the HTTP client this builder makes: a proxy, a client certificate (mTLS), extra
    /// root certificates, pool or keep-alive settings. `configure` gets a `reqwest::ClientBuilder`
    /// that already has this crate's settings (user agent, connect time-out) and returns it
    /// changed; what keeps calls safe is applied after it and cannot be undone: no redirect is
    /// followed (a redirect could take credentials or a token to another host), and each
    /// request keeps the builder's [`timeout`](Self::timeout). The TLS crypto provider is set up
    /// before the client is built, so this path never meets rustls's "no crypto provider" panic.
    ///
    /// [`ClientBuilder`]'s docs have an example.
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(ConfigureHttp(Arc::new(configure)));
        self
    }

    /// Sends requests with this `reqwest` client instead of one built here; prefer
    /// [`configure_http`](Self::configure_http), which keeps this crate's safety settings. A
    /// client given here is used as it is: configure it to follow no redirects
    /// (`reqwest::redirect::Policy::none()`), as a redirect could send the token request's
    /// credentials to another host. With the `rustls-ring` feature, call
    /// `install_crypto_provider()` before building it.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(HttpClient(client));
        self
    }

    /// Builds the client. Fails without credentials, with a base URL that is not http(s), or
    /// with an `http://` URL on a host that is not loopback (see
    /// [`allow_insecure_http`](Self::allow_insecure_http)).
    pub fn build(self) -> Result<Client, Error> {
        let host = self.login_host()?;
        let source: Arc<dyn TokenSource> = match self.credentials.clone() {
            Some(Login::AccessToken(token)) => return self.build_with(host, Auth::Static(token)),
            None => {
                return Err(Error::Config(
                    "no credentials: call `access_token`, `client_credentials`, `refresh_token`, `saml2_bearer` or `token_source` on the builder, or log a user in with `authorization_code`".to_owned(),
                ));
            }
            Some(Login::ClientCredentials(app)) => Arc::new(ClientCredentials {
                host: host.clone(),
                app,
            }),
            Some(Login::RefreshToken { app, refresh_token }) => {
                Arc::new(RefreshToken::new(host.clone(), app, Some(refresh_token)))
            }
            Some(Login::Saml2Bearer {
                app,
                org_name,
                assertion,
            }) => Arc::new(Saml2Bearer {
                host: host.clone(),
                app,
                org_name,
                assertion,
            }),
            Some(Login::Source(source)) => source,
        };
        let cache = TokenCache::new(source, self.token_hook());
        self.build_with(host, Auth::Cached(cache))
    }

    /// The login host as configured, with the HTTP client every call of the client shares.
    pub(crate) fn login_host(&self) -> Result<LoginHost, Error> {
        let insecure = self.allow_insecure_http;
        let base_url = match &self.base_url {
            Some(url) => Some(normalize_url(url, insecure)?.0),
            None => None,
        };
        let url = match (&self.login_url, &base_url) {
            (Some(url), _) => normalize_url(url, insecure)?.0,
            (None, Some(base_url)) => base_url.replacen("//api.", "//login.", 1),
            (None, None) => self.region.login_url().to_owned(),
        };
        Ok(LoginHost {
            http: self.http_client_to_use()?,
            url,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
        })
    }

    pub(crate) fn token_hook(&self) -> Option<TokenHook> {
        self.on_tokens.as_ref().map(|hook| hook.0.clone())
    }

    /// The client, calling the API with `auth` through the login host's HTTP client.
    pub(crate) fn build_with(self, host: LoginHost, auth: Auth) -> Result<Client, Error> {
        let (base_url, base) = normalize_url(
            self.base_url.as_deref().unwrap_or(self.region.api_url()),
            self.allow_insecure_http,
        )?;
        Ok(Client::from_inner(Inner {
            http: host.http,
            base_url,
            base,
            auth,
            retry: self.retry,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
        }))
    }

    fn http_client_to_use(&self) -> Result<reqwest::Client, Error> {
        if let Some(http) = &self.http {
            return Ok(http.0.clone());
        }
        #[cfg(feature = "rustls-ring")]
        install_crypto_provider();
        let builder = reqwest::Client::builder()
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            .connect_timeout(self.connect_timeout);
        let builder = match &self.configure_http {
            Some(configure) => (configure.0)(builder),
            None => builder,
        };
        builder
            // Last, so no configuration undoes it: a redirect could take the token request's
            // credentials, or a bearer token, to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))
    }
}

/// The URL without a trailing `/`, and parsed. `http://` is refused unless the host is loopback
/// or `insecure` is allowed.
fn normalize_url(url: &str, insecure: bool) -> Result<(String, reqwest::Url), Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| Error::Config(format!("`{url}` is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(Error::Config(format!(
            "`{url}` must be an http(s) URL without query or fragment"
        )));
    }
    if parsed.scheme() == "http" && !insecure && !is_loopback(&parsed) {
        return Err(Error::Config(format!(
            "`{url}` is plain http: credentials and tokens would travel in clear. Use https, or call `allow_insecure_http(true)` on the builder for a trusted network"
        )));
    }
    Ok((url.trim_end_matches('/').to_owned(), parsed))
}

/// Makes this crate's rustls crypto provider the process default, unless the program installed
/// one already: *ring* with the `rustls-ring` feature, aws-lc otherwise.
///
/// Only the `rustls-ring` feature needs it. It builds reqwest without a provider of its own, so
/// any `reqwest::Client` in the program, this crate's or the program's, needs a process default:
/// [`ClientBuilder::build`] installs it for the clients it makes; call it yourself before
/// building a `reqwest::Client` of your own. With the default `rustls` feature reqwest has its
/// own provider and calling this is harmless.
#[cfg(any(feature = "rustls", feature = "rustls-ring"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "rustls", feature = "rustls-ring"))))]
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        #[cfg(feature = "rustls-ring")]
        let provider = rustls::crypto::ring::default_provider();
        #[cfg(not(feature = "rustls-ring"))]
        let provider = rustls::crypto::aws_lc_rs::default_provider();
        // Losing a race with another thread installing one is fine: there is one either way.
        let _ = provider.install_default();
    }
}

/// Whether the URL's host is this machine: `localhost`, 127.0.0.0/8 or ::1.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
