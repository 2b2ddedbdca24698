//! What the client tells `tracing`: the call, its status and correlation id, never a secret.
//!
//! Alone in its own test binary: `tracing` caches per call site whether anyone listens, and a
//! test running beside this one without a subscriber can make it cache "no one" just as this
//! test's subscriber is being set, which silences the span here now and then.

use genesys_cloud_oauth::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn tracing_shows_the_call_but_no_secret() {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "token-abc-123", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    // The scopes answer 503 once, then 200: one call, two attempts.
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).insert_header("inin-correlation-id", "corr-9"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("id", "secret-xyz-789")
        .build()
        .unwrap();
    client.get_oauth_client("c-1").await.unwrap_err();
    client.get_oauth_scopes().await.unwrap();

    let output = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "operation=\"getOauthClient\"",
        "method=GET",
        "route=\"/api/v2/oauth/clients/{clientId}\"",
        "status=404",
        "corr-9",
        "call failed",
        "call succeeded",
        // The retried call: the retry's event, then the span closing with its final status and
        // the number of attempts, recorded once.
        "attempt=1",
        "retrying",
        "status=200",
        "attempts=2",
        "token_request",
        "grant_type=\"client_credentials\"",
    ] {
        assert!(
            output.contains(expected),
            "tracing output lacks `{expected}`:\n{output}"
        );
    }
    for secret in ["token-abc-123", "secret-xyz-789"] {
        assert!(
            !output.contains(secret),
            "tracing output leaks `{secret}`:\n{output}"
        );
    }
}

/// `Debug` of a client shows what the program configured, secrets redacted, and none of the HTTP
/// library's insides.
#[test]
fn a_clients_debug_shows_its_configuration() {
    let client = Client::builder()
        .base_url("https://api.example.com")
        .client_credentials("my-id", "secret-xyz-789")
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    for expected in ["https://api.example.com", "https://login.example.com", "my-id", "<redacted>", "timeout", "retry"] {
        assert!(shown.contains(expected), "`{expected}` missing: {shown}");
    }
    for hidden in ["secret-xyz-789", "accepts", "proxies", "hyper"] {
        assert!(!shown.contains(hidden), "`{hidden}` shown: {shown}");
    }
}
