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

    let output = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "operation=\"getOauthClient\"",
        "method=GET",
        "route=\"/api/v2/oauth/clients/{clientId}\"",
        "status=404",
        "attempt=1",
        "corr-9",
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
