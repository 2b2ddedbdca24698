//! A program that depends on this crate can build its own `reqwest::Client`, with any TLS
//! features of its own, in any order: this test's reqwest has `default-features = false` and no
//! TLS feature, and it builds its client first, before the crate has built anything, in a
//! process (this test binary) where nothing installed a rustls crypto provider. Before, the
//! crate's `rustls-no-provider` made that panic inside reqwest.

use genesys_cloud_oauth::Client;

#[test]
fn a_programs_own_reqwest_client_builds_before_and_after_ours() {
    let before = reqwest::Client::builder().build();
    assert!(before.is_ok(), "{before:?}");
    let ours = Client::builder()
        .access_token("token")
        .configure_http(|http| http.pool_max_idle_per_host(2))
        .build();
    assert!(ours.is_ok(), "{ours:?}");
    assert!(reqwest::Client::builder().build().is_ok());
}
