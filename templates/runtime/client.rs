//! The client: what the builder configured. Its methods, one per operation of the API, are in
//! the generated `operations.rs`, and the path every call takes (auth, retries, errors, tracing)
//! in `call.rs`.

use std::sync::Arc;

use crate::builder::{ClientBuilder, Inner};

/// The client of the API: one method per operation, each returning a request to set options on
/// and `.await` (the crate's docs list them). Cheap to clone: clones share one connection pool and
/// one token cache.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client the builder configured.
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }
}

/// What the program configured: the API's URL, how the client logs in (credentials redacted),
/// the time-out, the response limit and the retry policy; not the HTTP library's insides.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("login", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("retry", &self.inner.retry)
            .finish()
    }
}
