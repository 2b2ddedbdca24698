//! Unit tests of the token cache and the login request (`auth.rs`, `wire.rs`), against a local
//! server that answers each connection with the next of a list of canned responses.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::auth::{Auth, DEFAULT_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME, TokenSource, token_lifetime};
use crate::error::ApiError;
use crate::error_body::ErrorBody;
use crate::wire::{SNIPPET_BYTES, scrub, snippet};
use crate::{Error, SecretString};

const SECRET: &str = "client-secret-0123456789";

/// A server on 127.0.0.1 that answers the n-th request with `responses[n]` (the last one
/// repeated), and counts the requests.
async fn serve(responses: Vec<String>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/oauth/token", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let response = responses[n.min(responses.len() - 1)].clone();
            let mut request = Vec::new();
            let mut buf = [0; 4096];
            // The whole request: headers, then the body its Content-Length announces.
            loop {
                let read = stream.read(&mut buf).await.unwrap_or(0);
                request.extend_from_slice(&buf[..read]);
                let text = String::from_utf8_lossy(&request);
                if read == 0 || text.contains("grant_type=") {
                    break;
                }
            }
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (url, count)
}

fn http(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ninin-correlation-id: corr-1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn source(url: String) -> TokenSource {
    TokenSource {
        http: reqwest::Client::new(),
        token_url: url,
        client_id: "id".to_owned(),
        client_secret: SecretString::new(SECRET),
        timeout: Duration::from_secs(30),
        max_response_bytes: 1024,
        cached: tokio::sync::Mutex::new(None),
        generations: AtomicU64::new(0),
    }
}

#[tokio::test]
async fn a_token_is_cached_until_a_401_drops_it() {
    let ok = http(
        "200 OK",
        r#"{"access_token":"token-one","expires_in":86399}"#,
    );
    let (url, requests) = serve(vec![ok]).await;
    let auth = Auth::ClientCredentials(source(url));
    let first = auth.token().await.unwrap();
    let again = auth.token().await.unwrap();
    assert_eq!(
        requests.load(Ordering::SeqCst),
        1,
        "the second call uses the cached token"
    );
    assert_eq!(first.generation, again.generation);
    assert!(auth.invalidate(&first).await, "a fresh token can be had");
    let fresh = auth.token().await.unwrap();
    assert_eq!(requests.load(Ordering::SeqCst), 2);
    assert!(fresh.generation > first.generation);
    // A 401 for the token already replaced drops nothing.
    assert!(auth.invalidate(&first).await);
    auth.token().await.unwrap();
    assert_eq!(requests.load(Ordering::SeqCst), 2);
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
    let (url, _) = serve(vec![http("401 Unauthorized", &body)]).await;
    let error = Auth::ClientCredentials(source(url))
        .token()
        .await
        .unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    assert_eq!(auth.correlation_id.as_deref(), Some("corr-1"));
    assert!(error.is_auth());
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn a_token_response_without_a_token_is_refused() {
    for body in [r#"{"expires_in":60}"#, r#"{"access_token":""}"#, "not json"] {
        let (url, _) = serve(vec![http("200 OK", body)]).await;
        let error = Auth::ClientCredentials(source(url))
            .token()
            .await
            .unwrap_err();
        let Error::Auth(auth) = &error else {
            panic!("{body}: {error:?}")
        };
        assert_eq!(
            auth.error.as_deref(),
            Some("invalid_token_response"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_token_response_over_the_limit_is_not_read() {
    let big = format!(r#"{{"access_token":"{}"}}"#, "x".repeat(2048));
    let (url, _) = serve(vec![http("200 OK", &big)]).await;
    let error = Auth::ClientCredentials(source(url))
        .token()
        .await
        .unwrap_err();
    assert!(error.is_response_too_large(), "{error:?}");
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
