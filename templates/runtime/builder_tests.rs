//! Unit tests of the builder (`builder.rs`): what a built client keeps, what is refused, and the
//! safety settings a program's HTTP configuration cannot undo.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::{ClientBuilder, Error, OAuthApp, RetryPolicy};

#[test]
fn a_built_client_keeps_what_was_configured_and_shows_no_secret() {
    let client = ClientBuilder::default()
        .base_url("https://gateway.example.com/genesys/")
        .client_credentials("my-id", "secret-0123456789")
        .timeout(Duration::from_secs(7))
        .max_response_bytes(1024)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let inner = &client.inner;
    assert_eq!(inner.base_url, "https://gateway.example.com/genesys");
    assert_eq!(inner.base.path(), "/genesys/");
    assert_eq!(
        (inner.timeout, inner.max_response_bytes),
        (Duration::from_secs(7), 1024)
    );
    let shown = format!("{client:?}");
    assert!(
        shown.contains("my-id") && shown.contains("<redacted>"),
        "{shown}"
    );
    assert!(!shown.contains("secret-0123456789"), "{shown}");
}

#[test]
fn the_login_host_follows_the_base_url_or_the_region() {
    let host = |builder: ClientBuilder| builder.login_host().unwrap().url;
    assert_eq!(host(ClientBuilder::default()), "https://login.example.test");
    assert_eq!(
        host(ClientBuilder::default().base_url("https://api.proxy.example")),
        "https://login.proxy.example"
    );
    assert_eq!(
        host(ClientBuilder::default().login_url("https://sso.example/")),
        "https://sso.example"
    );
}

#[test]
fn what_cannot_work_is_refused_when_building() {
    let refused = |builder: ClientBuilder| builder.build().unwrap_err();
    assert!(
        refused(ClientBuilder::default())
            .to_string()
            .contains("no credentials")
    );
    let plain = refused(
        ClientBuilder::default()
            .base_url("http://api.example.com")
            .access_token("t"),
    );
    assert!(
        matches!(plain, Error::Config(ref m) if m.contains("plain http")),
        "{plain:?}"
    );
    let login = refused(
        ClientBuilder::default()
            .login_url("http://login.example.com")
            .refresh_token(OAuthApp::public("app"), "r"),
    );
    assert!(login.is_config(), "{login:?}");
    // Loopback is a trusted network for tests; anything else needs the explicit switch.
    ClientBuilder::default()
        .base_url("http://127.0.0.1:9")
        .access_token("t")
        .build()
        .unwrap();
    ClientBuilder::default()
        .base_url("http://10.0.0.1")
        .allow_insecure_http(true)
        .access_token("t")
        .build()
        .unwrap();
}

#[tokio::test]
async fn a_programs_http_configuration_cannot_turn_redirects_back_on() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0; 1024];
            let _ = stream.read(&mut buffer).await;
            let answer = "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/elsewhere\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    let client = ClientBuilder::default()
        .base_url(url.clone())
        .access_token("t")
        .configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
        .build()
        .unwrap();
    let response = client.inner.http.get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 302, "the redirect was followed");
}
