//! Unit tests of the logins and the token cache (`auth.rs`, `login.rs`, `wire.rs`), against raw
//! local servers that answer as a login host would, or misbehave.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::auth::{
    Auth, ClientCredentials, DEFAULT_TOKEN_LIFETIME, LoginHost, MAX_TOKEN_LIFETIME, RefreshToken,
    Saml2Bearer, TokenCache, token_lifetime,
};
use crate::error::ApiError;
use crate::error_body::ErrorBody;
use crate::login::pkce_challenge;
use crate::wire::{SNIPPET_BYTES, scrub, snippet};
use crate::{ClientBuilder, Error, OAuthApp, SecretString, Tokens};

const SECRET: &str = "client-secret-0123456789";

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    authorization: Option<String>,
    body: String,
}

impl Seen {
    fn form(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (n, v) = pair.split_once('=')?;
            (n == name).then(|| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }
}

type Handler = Box<dyn Fn(usize, &Seen) -> String + Send + Sync>;

/// A login host on 127.0.0.1 that answers each request with what `handler` makes of it (given
/// the request's number, from 0), and keeps every request.
struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    async fn start(handler: impl Fn(usize, &Seen) -> String + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(Box::new(handler));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, handler) = (log.clone(), handler.clone());
                tokio::spawn(async move { serve_one(stream, &log, &handler).await });
            }
        });
        Self { url, seen }
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn host(&self) -> LoginHost {
        builder(&self.url)
            .max_response_bytes(1 << 20)
            .login_host()
            .unwrap()
    }
}

async fn serve_one(mut stream: TcpStream, log: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut raw = Vec::new();
    let mut buf = [0; 4096];
    let head_end = loop {
        let read = stream.read(&mut buf).await.unwrap_or(0);
        if read == 0 {
            return;
        }
        raw.extend_from_slice(&buf[..read]);
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let read = stream.read(&mut buf).await.unwrap_or(0);
        if read == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..read]);
    }
    let seen = Seen {
        target: head.split(' ').nth(1).unwrap_or_default().to_owned(),
        authorization: header("authorization"),
        body: String::from_utf8_lossy(&raw[head_end..]).into_owned(),
    };
    let number = {
        let mut log = log.lock().unwrap();
        log.push(seen.clone());
        log.len() - 1
    };
    let _ = stream.write_all(handler(number, &seen).as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// A builder whose login host is at `url`.
fn builder(url: &str) -> ClientBuilder {
    ClientBuilder::default().login_url(url)
}

fn http(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ninin-correlation-id: corr-1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn ok(body: &str) -> String {
    http("200 OK", body)
}

fn cache(source: impl crate::TokenSource + 'static) -> Auth {
    Auth::Cached(TokenCache::new(Arc::new(source), None))
}

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

#[tokio::test]
async fn a_client_credentials_token_is_cached_until_a_401_drops_it() {
    let server = Server::start(|n, _| {
        ok(&format!(
            r#"{{"access_token":"token-{n}","expires_in":86399}}"#
        ))
    })
    .await;
    let auth = cache(ClientCredentials {
        host: server.host(),
        app: OAuthApp::confidential("id", SECRET),
    });
    let first = auth.token().await.unwrap();
    let again = auth.token().await.unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "the second call uses the cached token"
    );
    assert_eq!(first.generation, again.generation);
    let seen = &server.requests()[0];
    assert_eq!(seen.target, "/oauth/token");
    assert_eq!(seen.body, "grant_type=client_credentials");
    assert_eq!(
        seen.authorization.as_deref(),
        Some(basic("id", SECRET).as_str())
    );
    assert!(auth.invalidate(&first).await, "a fresh token can be had");
    let fresh = auth.token().await.unwrap();
    assert_eq!(fresh.value.expose_secret(), "token-1");
    assert!(fresh.generation > first.generation);
    // A 401 for the token already replaced drops nothing.
    assert!(auth.invalidate(&first).await);
    auth.token().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_static_token_is_never_refreshed() {
    let auth = Auth::Static(SecretString::new("fixed"));
    let token = auth.token().await.unwrap();
    assert_eq!(token.value.expose_secret(), "fixed");
    assert!(!auth.invalidate(&token).await);
}

#[tokio::test]
async fn a_refused_login_names_the_oauth_error_without_the_secret() {
    let body = format!(r#"{{"error":"invalid_client","error_description":"bad secret {SECRET}"}}"#);
    let server = Server::start(move |_, _| http("401 Unauthorized", &body)).await;
    let auth = cache(ClientCredentials {
        host: server.host(),
        app: OAuthApp::confidential("id", SECRET),
    });
    let error = auth.token().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_client"));
    assert_eq!(error.correlation_id(), Some("corr-1"));
    assert!(error.is_auth());
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn a_token_response_without_a_token_is_refused() {
    for body in [r#"{"expires_in":60}"#, r#"{"access_token":""}"#, "not json"] {
        let server = Server::start(move |_, _| ok(body)).await;
        let auth = cache(ClientCredentials {
            host: server.host(),
            app: OAuthApp::confidential("id", SECRET),
        });
        let error = auth.token().await.unwrap_err();
        assert_eq!(error.code(), Some("invalid_token_response"), "{body}");
    }
}

#[tokio::test]
async fn a_token_response_over_the_limit_is_not_read() {
    let big = format!(r#"{{"access_token":"{}"}}"#, "x".repeat(2 << 20));
    let server = Server::start(move |_, _| ok(&big)).await;
    let auth = cache(ClientCredentials {
        host: server.host(),
        app: OAuthApp::confidential("id", SECRET),
    });
    let error = auth.token().await.unwrap_err();
    assert!(error.is_response_too_large(), "{error:?}");
}

/// The query parameters of a URL, decoded.
fn query(url: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

fn param(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

#[tokio::test]
async fn pkce_login_for_a_public_client_sends_the_verifier_of_its_challenge() {
    let server = Server::start(|_, _| {
        ok(r#"{"access_token":"user-token","refresh_token":"refresh-1","expires_in":3600}"#)
    })
    .await;
    let stored = Arc::new(Mutex::new(Vec::<Tokens>::new()));
    let hook = stored.clone();
    let login = builder(&server.url)
        .on_tokens(move |tokens| hook.lock().unwrap().push(tokens.clone()))
        .authorization_code(OAuthApp::public("app-id"))
        .redirect_uri("https://app.example/callback")
        .scopes(["oauth:readonly"])
        .start()
        .unwrap();
    let url = login.authorize_url().to_owned();
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", server.url)),
        "{url}"
    );
    let pairs = query(&url);
    assert_eq!(param(&pairs, "response_type").as_deref(), Some("code"));
    assert_eq!(param(&pairs, "client_id").as_deref(), Some("app-id"));
    assert_eq!(
        param(&pairs, "redirect_uri").as_deref(),
        Some("https://app.example/callback")
    );
    assert_eq!(
        param(&pairs, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(param(&pairs, "scope").as_deref(), Some("oauth:readonly"));
    let state = param(&pairs, "state").unwrap();
    assert_eq!(state, login.state());
    assert!(state.len() >= 43, "{state}");
    let challenge = param(&pairs, "code_challenge").unwrap();
    // The verifier never shows.
    let shown = format!("{login:?}");
    assert!(shown.contains("verifier: \"<redacted>\""), "{shown}");

    let redirect = format!("https://app.example/callback?code=the-code&state={state}");
    let client = login.finish(&redirect).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.target, "/oauth/token");
    assert_eq!(seen.authorization, None, "a public client sends no secret");
    assert_eq!(
        seen.form("grant_type").as_deref(),
        Some("authorization_code")
    );
    assert_eq!(seen.form("code").as_deref(), Some("the-code"));
    assert_eq!(seen.form("client_id").as_deref(), Some("app-id"));
    assert_eq!(
        seen.form("redirect_uri").as_deref(),
        Some("https://app.example/callback")
    );
    let verifier = seen.form("code_verifier").unwrap();
    assert!((43..=128).contains(&verifier.len()), "{verifier}");
    assert_eq!(
        pkce_challenge(&verifier),
        challenge,
        "the challenge is S256 of the verifier"
    );
    // The client starts with the login's tokens, and the hook heard of them.
    assert_eq!(
        client
            .inner
            .auth
            .token()
            .await
            .unwrap()
            .value
            .expose_secret(),
        "user-token"
    );
    assert_eq!(server.requests().len(), 1);
    let heard = stored.lock().unwrap().clone();
    assert_eq!(heard.len(), 1);
    assert_eq!(
        heard[0]
            .refresh_token
            .as_ref()
            .map(SecretString::expose_secret),
        Some("refresh-1")
    );
}

#[test]
fn pkce_challenge_is_rfc_7636s_example() {
    // RFC 7636, appendix B.
    assert_eq!(
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[tokio::test]
async fn two_logins_never_share_a_state_or_a_verifier() {
    let builder = builder("https://login.example");
    let start = || {
        builder
            .clone()
            .authorization_code(OAuthApp::public("a"))
            .redirect_uri("https://a.example/cb")
            .start()
            .unwrap()
    };
    let (one, two) = (start(), start());
    assert_ne!(one.state(), two.state());
    assert_ne!(
        param(&query(one.authorize_url()), "code_challenge"),
        param(&query(two.authorize_url()), "code_challenge")
    );
}

#[tokio::test]
async fn a_confidential_client_exchanges_the_code_with_basic_authentication() {
    let server =
        Server::start(|_, _| ok(r#"{"access_token":"user-token","refresh_token":"r"}"#)).await;
    let login = builder(&server.url)
        .authorization_code(OAuthApp::confidential("web-app", SECRET))
        .redirect_uri("https://app.example/cb")
        .start()
        .unwrap();
    let state = login.state().to_owned();
    login.exchange("code-1", &state).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(
        seen.authorization.as_deref(),
        Some(basic("web-app", SECRET).as_str())
    );
    assert_eq!(seen.form("client_id"), None);
    assert_eq!(seen.form("code").as_deref(), Some("code-1"));
}

#[tokio::test]
async fn a_redirect_with_the_wrong_state_is_refused_and_its_code_never_sent() {
    let server = Server::start(|_, _| ok(r#"{"access_token":"t"}"#)).await;
    let start = || {
        builder(&server.url)
            .authorization_code(OAuthApp::public("app"))
            .redirect_uri("https://app.example/cb")
            .start()
            .unwrap()
    };
    for redirect in [
        "https://app.example/cb?code=stolen&state=forged",
        "https://app.example/cb?code=stolen",
        "?code=stolen&state=",
    ] {
        let error = start().finish(redirect).await.unwrap_err();
        assert_eq!(error.code(), Some("state_mismatch"), "{redirect}: {error}");
        assert!(!error.to_string().contains("stolen"), "{error}");
    }
    let error = start().exchange("stolen", "forged").await.unwrap_err();
    assert_eq!(error.code(), Some("state_mismatch"));
    assert!(
        server.requests().is_empty(),
        "a code with a wrong state was sent"
    );
}

#[tokio::test]
async fn a_refusal_from_the_login_page_names_its_code() {
    let login = builder("https://login.example")
        .authorization_code(OAuthApp::public("app"))
        .redirect_uri("https://app.example/cb")
        .start()
        .unwrap();
    let redirect = format!(
        "/cb?error=access_denied&error_description=The+user+said+no&state={}",
        login.state()
    );
    let error = login.finish(&redirect).await.unwrap_err();
    assert_eq!(error.code(), Some("access_denied"));
    assert!(error.to_string().contains("The user said no"), "{error}");
}

#[tokio::test]
async fn a_refresh_rotates_the_token_and_keeps_it_when_the_answer_has_none() {
    // 0: rotates to refresh-2; 1: no refresh token in the answer; 2: expects refresh-2 still.
    let server = Server::start(|n, seen| {
        let given = seen.form("refresh_token").unwrap_or_default();
        match (n, given.as_str()) {
            (0, "refresh-1") => {
                ok(r#"{"access_token":"a1","refresh_token":"refresh-2","expires_in":0}"#)
            }
            (1, "refresh-2") => ok(r#"{"access_token":"a2","expires_in":0}"#),
            (2, "refresh-2") => {
                ok(r#"{"access_token":"a3","refresh_token":"refresh-3","expires_in":0}"#)
            }
            _ => http("400 Bad Request", r#"{"error":"invalid_grant"}"#),
        }
    })
    .await;
    let heard = Arc::new(Mutex::new(Vec::<String>::new()));
    let hook = heard.clone();
    let source = RefreshToken::new(
        server.host(),
        OAuthApp::public("app"),
        Some(SecretString::new("refresh-1")),
    );
    let auth = Auth::Cached(TokenCache::new(
        Arc::new(source),
        Some(Arc::new(move |tokens: &Tokens| {
            hook.lock().unwrap().push(
                tokens
                    .refresh_token
                    .as_ref()
                    .unwrap()
                    .expose_secret()
                    .to_owned(),
            )
        })),
    ));
    // Each token has a lifetime of zero, so each call refreshes.
    for expected in ["a1", "a2", "a3"] {
        assert_eq!(auth.token().await.unwrap().value.expose_secret(), expected);
    }
    assert_eq!(
        *heard.lock().unwrap(),
        ["refresh-2", "refresh-2", "refresh-3"]
    );
    let seen = server.requests();
    assert_eq!(seen[0].form("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(seen[0].form("client_id").as_deref(), Some("app"));
}

#[tokio::test]
async fn a_refused_refresh_token_is_one_clear_error_and_never_sent_again() {
    let server = Server::start(|_, _| {
        http(
            "400 Bad Request",
            r#"{"error":"invalid_grant","error_description":"token revoked"}"#,
        )
    })
    .await;
    let source = RefreshToken::new(
        server.host(),
        OAuthApp::public("app"),
        Some(SecretString::new("revoked-refresh")),
    );
    let auth = cache(source);
    for _ in 0..3 {
        let error = auth.token().await.unwrap_err();
        assert_eq!(error.code(), Some("invalid_grant"));
        assert!(error.is_auth());
        assert!(
            error.to_string().contains("log the user in again"),
            "{error}"
        );
        assert!(!format!("{error} {error:?}").contains("revoked-refresh"));
    }
    assert_eq!(
        server.requests().len(),
        1,
        "a refused refresh token was sent again"
    );
}

#[tokio::test]
async fn an_expired_token_without_a_refresh_token_asks_for_a_new_login() {
    let server = Server::start(|_, _| ok(r#"{"access_token":"a","expires_in":0}"#)).await;
    let client = builder(&server.url)
        .authorization_code(OAuthApp::public("app"))
        .redirect_uri("https://app.example/cb")
        .start()
        .unwrap();
    let state = client.state().to_owned();
    let client = client.exchange("c", &state).await.unwrap();
    // The login's token has a lifetime of zero: the next call needs a refresh it cannot make.
    let error = client.inner.auth.token().await.unwrap_err();
    assert_eq!(error.code(), Some("no_refresh_token"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_cause_exactly_one_refresh() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counted = refreshes.clone();
    let server = Server::start(move |_, seen| {
        counted.fetch_add(1, Ordering::SeqCst);
        match seen.form("refresh_token").as_deref() {
            Some("refresh-1") => {
                ok(r#"{"access_token":"fresh","refresh_token":"refresh-2","expires_in":3600}"#)
            }
            // The rotated-away token, if a second refresh raced the first.
            _ => http("400 Bad Request", r#"{"error":"invalid_grant"}"#),
        }
    })
    .await;
    let source = Arc::new(RefreshToken::new(
        server.host(),
        OAuthApp::public("app"),
        Some(SecretString::new("refresh-1")),
    ));
    let expired = Tokens::new("expired").with_expires_in(Duration::ZERO);
    let auth = Arc::new(Auth::Cached(TokenCache::seeded(source, None, expired)));
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let auth = auth.clone();
            tokio::spawn(async move {
                auth.token()
                    .await
                    .map(|t| t.value.expose_secret().to_owned())
            })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "fresh");
    }
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn saml2_bearer_posts_the_assertion_and_the_org() {
    let server = Server::start(|_, _| ok(r#"{"access_token":"saml-user","expires_in":600}"#)).await;
    let auth = cache(Saml2Bearer {
        host: server.host(),
        app: OAuthApp::confidential("saml-app", SECRET),
        org_name: "my org".to_owned(),
        assertion: SecretString::new("PHNhbWw+YXNzZXJ0aW9uPC9zYW1sPg=="),
    });
    assert_eq!(
        auth.token().await.unwrap().value.expose_secret(),
        "saml-user"
    );
    let seen = &server.requests()[0];
    assert_eq!(
        seen.form("grant_type").as_deref(),
        Some("urn:ietf:params:oauth:grant-type:saml2-bearer")
    );
    assert_eq!(seen.form("orgName").as_deref(), Some("my org"));
    assert_eq!(
        seen.form("assertion").as_deref(),
        Some("PHNhbWw+YXNzZXJ0aW9uPC9zYW1sPg==")
    );
    assert_eq!(
        seen.authorization.as_deref(),
        Some(basic("saml-app", SECRET).as_str())
    );
}

/// What a browser does: one GET, and the page it gets back.
async fn browse(url: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    let mut stream = TcpStream::connect((url.host_str().unwrap(), url.port().unwrap()))
        .await
        .unwrap();
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let request = format!("GET {target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).await.unwrap();
    page
}

#[tokio::test]
async fn a_loopback_login_serves_only_its_redirect_then_exchanges_the_code() {
    let server =
        Server::start(|_, _| ok(r#"{"access_token":"cli-user","refresh_token":"r1"}"#)).await;
    let login = builder(&server.url)
        .authorization_code(OAuthApp::public("cli"))
        .loopback()
        .await
        .unwrap();
    let redirect_uri = login.redirect_uri().to_owned();
    assert!(
        redirect_uri.starts_with("http://127.0.0.1:") && redirect_uri.ends_with("/callback"),
        "{redirect_uri}"
    );
    let pairs = query(login.authorize_url());
    assert_eq!(param(&pairs, "redirect_uri"), Some(redirect_uri.clone()));
    let state = param(&pairs, "state").unwrap();
    let finish = tokio::spawn(login.finish(Duration::from_secs(60)));
    let base = redirect_uri.trim_end_matches("/callback");
    // The browser's other requests get nothing.
    assert!(
        browse(&format!("{base}/favicon.ico"))
            .await
            .starts_with("HTTP/1.1 404")
    );
    let page = browse(&format!("{redirect_uri}?code=loop-code&state={state}")).await;
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("You are logged in"),
        "{page}"
    );
    let client = finish.await.unwrap().unwrap();
    assert_eq!(
        client
            .inner
            .auth
            .token()
            .await
            .unwrap()
            .value
            .expose_secret(),
        "cli-user"
    );
    let seen = &server.requests()[0];
    assert_eq!(seen.form("code").as_deref(), Some("loop-code"));
    assert_eq!(seen.form("redirect_uri"), Some(redirect_uri.clone()));
    // The listener is gone once the redirect came.
    assert!(
        TcpStream::connect(base.trim_start_matches("http://"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_loopback_redirect_with_the_wrong_state_fails_the_login() {
    let server = Server::start(|_, _| ok(r#"{"access_token":"t"}"#)).await;
    let login = builder(&server.url)
        .authorization_code(OAuthApp::public("cli"))
        .loopback()
        .await
        .unwrap();
    let redirect_uri = login.redirect_uri().to_owned();
    let finish = tokio::spawn(login.finish(Duration::from_secs(60)));
    let page = browse(&format!("{redirect_uri}?code=c&state=forged")).await;
    assert!(page.starts_with("HTTP/1.1 400"), "{page}");
    let error = finish.await.unwrap().unwrap_err();
    assert_eq!(error.code(), Some("state_mismatch"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_loopback_login_that_never_gets_its_redirect_times_out() {
    let login = builder("https://login.example")
        .authorization_code(OAuthApp::public("cli"))
        .loopback()
        .await
        .unwrap();
    let error = login.finish(Duration::from_millis(50)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_loopback_redirect_uri_must_be_loopback_http() {
    for uri in [
        "https://127.0.0.1:8080/cb",
        "http://192.168.1.2:8080/cb",
        "http://example.com/cb",
        "nonsense",
    ] {
        let error = builder("https://login.example")
            .authorization_code(OAuthApp::public("cli"))
            .redirect_uri(uri)
            .loopback()
            .await
            .unwrap_err();
        assert!(error.is_config(), "{uri}: {error:?}");
    }
}

#[test]
fn tokens_never_print() {
    let tokens = Tokens::new("access-secret-value").with_refresh_token("refresh-secret-value");
    let shown = format!("{tokens:?}");
    assert!(!shown.contains("secret-value"), "{shown}");
}

#[test]
fn token_lifetimes_are_read_leniently_and_clamped() {
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(token_lifetime(None), DEFAULT_TOKEN_LIFETIME);
    assert_eq!(token_lifetime(Some(&json("null"))), DEFAULT_TOKEN_LIFETIME);
    assert_eq!(
        token_lifetime(Some(&json("86399"))),
        Duration::from_secs(86399).min(MAX_TOKEN_LIFETIME)
    );
    assert_eq!(
        token_lifetime(Some(&json("\" 600 \""))),
        Duration::from_secs(600)
    );
    assert_eq!(
        token_lifetime(Some(&json("599.9"))),
        Duration::from_secs(599)
    );
    assert_eq!(token_lifetime(Some(&json("1e19"))), MAX_TOKEN_LIFETIME);
    for useless in ["0", "-5", "\"soon\"", "[]", "true"] {
        assert_eq!(
            token_lifetime(Some(&json(useless))),
            Duration::ZERO,
            "{useless}"
        );
    }
}

#[test]
fn error_text_never_carries_a_secret() {
    assert_eq!(
        scrub("token abcdefgh here", &["abcdefgh"]),
        "token <redacted> here"
    );
    // Too short to be a real secret: replacing it would only garble the text.
    assert_eq!(scrub("a t in text", &["t"]), "a t in text");
    // A secret that straddles the cut is still found.
    let secret = "s3cr3t-s3cr3t-s3cr3t";
    let body = format!("{}{secret}", "x".repeat(SNIPPET_BYTES - 5));
    let shown = snippet(body.as_bytes(), &[secret]);
    assert!(shown.len() <= SNIPPET_BYTES);
    assert!(!shown.contains("s3cr3"), "{shown}");
    // Cut on a character boundary.
    let wide = "é".repeat(SNIPPET_BYTES);
    assert!(snippet(wide.as_bytes(), &[]).len() <= SNIPPET_BYTES);
}

#[test]
fn an_api_error_reads_code_and_message_through_the_seam() {
    let error = ApiError {
        operation: "getThing",
        status: reqwest::StatusCode::BAD_REQUEST,
        body: Some(ErrorBody {
            code: Some("bad.request".to_owned()),
            message: Some("no".to_owned()),
        }),
        raw_body: "{}".to_owned(),
        correlation_id: Some("c".to_owned()),
        retry_after: None,
        headers: Default::default(),
    };
    assert_eq!(error.code(), Some("bad.request"));
    assert_eq!(
        error.to_string(),
        "getThing: HTTP 400 Bad Request [bad.request]: no (correlation id c)"
    );
    let raw = ApiError {
        body: None,
        raw_body: " <html> ".to_owned(),
        ..error
    };
    assert_eq!(raw.code(), None);
    assert_eq!(raw.message(), Some("<html>"));
}

#[test]
fn a_programs_own_token_source_errors_are_auth_errors() {
    let error = Error::token_source("vault sealed");
    assert!(error.is_auth());
    assert_eq!(error.code(), None);
    assert!(error.to_string().contains("vault sealed"), "{error}");
}
