//! The client against servers that misbehave: absurd token lifetimes, secrets echoed back,
//! redirects, plain http, body-less requests, revoked tokens under load, huge and dripping
//! responses. No panic, no leaked secret, hard limits. Servers are wiremock where it can
//! misbehave enough, else a raw TCP server on 127.0.0.1 (`RawServer`). Every server stops with
//! its test, and every loop in them is bounded.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud_oauth::{Client, Error, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How long past a time-out a call may end on a busy machine. Every slow server below is far
/// slower than time-out plus margin, so a limit that does not hold fails by a wide margin.
const MARGIN: Duration = Duration::from_secs(5);

fn credentials_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("id", "client-secret-value-123")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count()
}

async fn serve_scopes(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn odd_token_lifetimes_never_panic() {
    // (expires_in, token requests for two calls): a lifetime believed keeps the token for the
    // second call; zero, negative or unreadable ones make it good for one call only.
    let cases = [
        (json!(1e19), 1),
        (json!(u64::MAX), 1),
        (json!(1e300), 1),
        (json!(i64::MAX), 1),
        (json!(3600.75), 1),
        (json!("3600"), 1),
        (json!(null), 1),
        (json!(0), 2),
        (json!(-5), 2),
        (json!(-1e300), 2),
        (json!(0.5), 2),
        (json!("soon"), 2),
        (json!([1]), 2),
    ];
    for (expires_in, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(
                    json!({"access_token": "tok-abcdefgh", "expires_in": expires_in}),
                ),
            )
            .mount(&server)
            .await;
        serve_scopes(&server).await;
        let client = credentials_client(&server);
        client.get_oauth_scopes().await.unwrap();
        client.get_oauth_scopes().await.unwrap();
        assert_eq!(
            token_requests(&server).await,
            expected,
            "expires_in: {expires_in}"
        );
    }
}

#[tokio::test]
async fn huge_retry_after_values_never_panic() {
    for retry_after in [
        "18446744073709551615",
        "99999999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", retry_after))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .access_token("tok-abcdefgh")
            .retry_policy(
                RetryPolicy::default()
                    .with_max_retry_after(Duration::MAX)
                    .with_max_elapsed(Duration::MAX),
            )
            .build()
            .unwrap();
        // Too long to wait for is not retried: the 429 comes back at once.
        let started = Instant::now();
        let result = tokio::time::timeout(MARGIN, client.get_oauth_scopes().send()).await;
        if let Ok(result) = result {
            assert!(result.unwrap_err().is_rate_limited());
        }
        assert!(started.elapsed() <= MARGIN + Duration::from_secs(1));
    }
}

#[tokio::test]
async fn a_decode_error_never_shows_a_secret_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"name": "n", "secret": "the-client-secret-xyz", "authorizedGrantType": 42"#,
        ))
        .mount(&server)
        .await;
    let error = Client::builder()
        .base_url(server.uri())
        .access_token("tok-abcdefgh")
        .build()
        .unwrap()
        .get_oauth_client("c-1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("the-client-secret-xyz"), "{shown}");
    }
}

#[tokio::test]
async fn errors_never_echo_our_credentials() {
    let server = MockServer::start().await;
    // The token endpoint refuses, quoting the secret it was sent.
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_client",
            "error_description": "bad secret client-secret-value-123 for id"
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let client = credentials_client(&server);
    let error = client.get_oauth_scopes().await.unwrap_err();
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("client-secret-value-123"), "{shown}");
        assert!(shown.contains("invalid_client"), "{shown}");
    }

    // The API refuses, quoting the bearer token in a non-JSON body.
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"access_token": "bearer-token-value-456", "expires_in": 600}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string("<p>token bearer-token-value-456 may not</p>"),
        )
        .mount(&server)
        .await;
    let error = client.get_oauth_scopes().await.unwrap_err();
    let api = error.api_error().unwrap();
    assert!(
        !api.raw_body.contains("bearer-token-value-456"),
        "{}",
        api.raw_body
    );
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("bearer-token-value-456"), "{shown}");
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "stolen-token", "total": 0})),
        )
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    for (route, status) in [("/oauth/token", 307), ("/api/v2/oauth/scopes", 302)] {
        Mock::given(path(route))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}{route}", elsewhere.uri()).as_str()),
            )
            .mount(&server)
            .await;
    }
    // A token request answered with a redirect fails; its form body goes nowhere else.
    let error = credentials_client(&server)
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Auth(auth) if auth.status.map(|s| s.as_u16()) == Some(307)),
        "{error:?}"
    );
    // An API call answered with a redirect is an error with that status.
    let error = Client::builder()
        .base_url(server.uri())
        .access_token("tok-abcdefgh")
        .build()
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    // Nor when the caller's HTTP configuration asks for them: the builder's settings come last.
    let error = Client::builder()
        .base_url(server.uri())
        .access_token("tok-abcdefgh")
        .configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
        .build()
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "a redirect was followed"
    );
}

#[test]
fn plain_http_is_refused_off_loopback() {
    for url in [
        "http://api.example.com",
        "http://10.0.0.1:8080",
        "http://[2001:db8::1]",
    ] {
        let error = Client::builder()
            .base_url(url)
            .access_token("t")
            .build()
            .unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains("allow_insecure_http"), "{shown}");
        let error = Client::builder()
            .login_url(url)
            .client_credentials("id", "secret")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("plain http"), "{error}");
        Client::builder()
            .base_url(url)
            .login_url(url)
            .client_credentials("id", "secret")
            .allow_insecure_http(true)
            .build()
            .unwrap();
    }
    for url in [
        "http://127.0.0.1:1",
        "http://127.8.9.10",
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://[::1]:9",
    ] {
        Client::builder()
            .base_url(url)
            .client_credentials("id", "secret")
            .build()
            .unwrap();
    }
}

/// A server on 127.0.0.1 that answers each connection with `respond`, which gets the request's
/// head and the stream. Stops when dropped.
struct RawServer {
    url: String,
    heads: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RawServer {
    async fn start<F, Fut>(respond: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
        let recorded = heads.clone();
        let respond = Arc::new(respond);
        let task = tokio::spawn(async move {
            // Bounded: a test makes a handful of connections.
            for _ in 0..64 {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let respond = respond.clone();
                tokio::spawn(async move {
                    let head = read_head(&mut stream).await;
                    recorded.lock().unwrap().push(head);
                    respond(stream).await;
                });
            }
        });
        RawServer { url, heads, task }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Reads a request's head (up to the blank line), and its body if it says how long it is.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length.min(1 << 20)];
    let _ = stream.read_exact(&mut body).await;
    head
}

fn raw_client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .access_token("tok-abcdefgh")
        .retry_policy(RetryPolicy::disabled())
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap()
}

#[tokio::test]
async fn body_less_posts_say_their_length_is_zero() {
    let server = RawServer::start(|mut stream| async move {
        let body = br#"{"id": "c-1", "name": "n", "authorizedGrantType": "CLIENT-CREDENTIALS"}"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(body).await;
    })
    .await;
    raw_client(&server)
        .post_oauth_client_secret("c-1")
        .await
        .unwrap();
    let heads = server.heads();
    assert!(
        heads[0].starts_with("post /api/v2/oauth/clients/c-1/secret "),
        "{heads:?}"
    );
    assert!(heads[0].contains("\r\ncontent-length: 0\r\n"), "{heads:?}");
}

#[tokio::test]
async fn a_declared_huge_body_is_refused_unread() {
    let server = RawServer::start(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(b"{\"entities\": [").await;
        // Then nothing: the client must not wait for the gigabyte.
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let started = Instant::now();
    let error = raw_client(&server).get_oauth_scopes().await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit, .. } if limit == genesys_cloud_oauth::DEFAULT_MAX_RESPONSE_BYTES),
        "{error:?}"
    );
    assert!(error.is_response_too_large() && !error.is_transport());
    assert!(started.elapsed() < MARGIN, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_streamed_huge_body_is_cut_at_the_limit() {
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let server = RawServer::start(move |mut stream| {
        let counter = counter.clone();
        async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            // Up to 1 GiB in 64 KiB chunks, until the client hangs up.
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..(1 << 14) {
                let frame = format!("{:x}\r\n", chunk.len());
                if stream.write_all(frame.as_bytes()).await.is_err()
                    || stream.write_all(&chunk).await.is_err()
                    || stream.write_all(b"\r\n").await.is_err()
                {
                    return;
                }
                counter.fetch_add(chunk.len(), Ordering::Relaxed);
            }
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .access_token("tok-abcdefgh")
        .max_response_bytes(1024 * 1024)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{error:?}"
    );
    // The client stopped reading: the server could not push much more than the limit and the
    // socket buffers.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        sent.load(Ordering::Relaxed) < 64 * 1024 * 1024,
        "{} bytes sent",
        sent.load(Ordering::Relaxed)
    );
}

/// A call to `server` with a 1 s time-out fails with a time-out, soon after that second.
async fn assert_times_out(server: &RawServer) {
    let started = Instant::now();
    let error = raw_client(server).get_oauth_scopes().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(1) + MARGIN, "{elapsed:?}");
}

#[tokio::test]
async fn a_dripping_body_is_cut_by_the_time_out() {
    let server = RawServer::start(|mut stream| async move {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        // One byte a second, for far longer than the client's time-out.
        for _ in 0..100 {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await;
    assert_times_out(&server).await;
}

#[tokio::test]
async fn a_dripping_head_is_cut_by_the_time_out() {
    let server = RawServer::start(|mut stream| async move {
        for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            .iter()
            .cycle()
            .take(200)
        {
            if stream.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    })
    .await;
    assert_times_out(&server).await;
}

/// Answers 401 to the revoked token and 200 to any other, counting nothing itself.
struct RevokedToken;

impl Respond for RevokedToken {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
        {
            Some("Bearer tok-revoked-1") => ResponseTemplate::new(401),
            _ => ResponseTemplate::new(200).set_body_json(json!({"total": 0})),
        }
    }
}

#[tokio::test]
async fn a_revocation_under_load_causes_exactly_one_refresh() {
    let server = MockServer::start().await;
    // The first token, advertised valid for a day, is revoked as soon as it is handed out.
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-revoked-1", "expires_in": 86400})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-fresh-2", "expires_in": 86400})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("accept", "application/json"))
        .respond_with(RevokedToken)
        .mount(&server)
        .await;
    let client = credentials_client(&server);
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(
        token_requests(&server).await,
        2,
        "one token, then exactly one refresh"
    );
}
