//! What a call returns when asked for more than its body.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A decoded response with its status, headers and correlation id.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The response's status (a 2xx).
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The `inin-correlation-id` header: quote it to Genesys support.
    pub correlation_id: Option<String>,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }
}
