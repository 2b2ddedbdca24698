//! The one error type of the crate.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error_body::{self, ErrorBody};

/// Everything that can go wrong with a call, in a form a person can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// Getting an access token failed: wrong client id or secret, or the login host refused.
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// The request was not sent, or the response not received: DNS, connection, TLS, or the
    /// connection closing mid-response.
    #[error("{operation}: the request failed: {source}")]
    Transport {
        /// The operation's id, as in the spec.
        operation: &'static str,
        /// What the HTTP stack reported.
        #[source]
        source: reqwest::Error,
    },
    /// No complete response within the configured time-out.
    #[error("{operation}: no response within {timeout:?}")]
    Timeout {
        /// The operation's id, as in the spec.
        operation: &'static str,
        /// The time-out that ran out.
        timeout: Duration,
    },
    /// A response body larger than the client's limit (`ClientBuilder::max_response_bytes`); it
    /// was not read further.
    #[error("{operation}: the response is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operation's id, as in the spec (`login` for the token request).
        operation: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// A success response whose body is not what the spec describes.
    #[error("{operation}: cannot decode the {status} response ({message}){}; the body starts: {snippet:?}", correlation(.correlation_id))]
    Decode {
        /// The operation's id, as in the spec.
        operation: &'static str,
        /// The response's status.
        status: StatusCode,
        /// What the decoder reported.
        message: String,
        /// The start of the body, for diagnosis.
        snippet: String,
        /// The `inin-correlation-id` header of the response.
        correlation_id: Option<String>,
    },
    /// An asynchronous result ended in a failed state (for example a usage query whose status
    /// became `Failed`).
    #[error("{operation}: the result is final with the status `{status}`")]
    WaitFailed {
        /// The polled operation's id.
        operation: &'static str,
        /// The status it reported.
        status: String,
    },
    /// An asynchronous result was still not final when the wait's time ran out.
    #[error(
        "{operation}: the wait ran out after {waited:?} and {polls} polls, during or before this call (the wait's time-out, {timeout:?}, covers the request that starts the work and every poll)"
    )]
    WaitTimeout {
        /// The call that was in flight, or next, when the time ran out: the request that starts
        /// the work if that was the slow one, else the polled operation.
        operation: &'static str,
        /// How long the wait lasted.
        waited: Duration,
        /// How many times the result was polled.
        polls: u32,
        /// The wait's time-out (`WaitPolicy::new`), which covers the request that starts the
        /// work and every poll.
        timeout: Duration,
    },
    /// An argument was refused before anything was sent.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The argument's name as the caller wrote it: the client method's or the setter's
        /// parameter (`client_id`).
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// The client could not be built.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// An error status from the API.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation's id, as in the spec.
    pub operation: &'static str,
    /// The response's status.
    pub status: StatusCode,
    /// The decoded error body, when the response had one the spec describes.
    pub body: Option<ErrorBody>,
    /// The body as text (at most 4 KiB), for bodies that are not JSON, such as a proxy's HTML page.
    pub raw_body: String,
    /// The `inin-correlation-id` header: quote it to Genesys support.
    pub correlation_id: Option<String>,
    /// How long the server asked the client to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
    /// The response's headers.
    pub headers: HeaderMap,
}

impl ApiError {
    /// The API's error code, such as `cannot.delete.client`.
    pub fn code(&self) -> Option<&str> {
        self.body.as_ref().and_then(error_body::code)
    }

    /// The API's message, or the start of the raw body when there is no decoded message.
    pub fn message(&self) -> Option<&str> {
        if let Some(message) = self.body.as_ref().and_then(error_body::message) {
            return Some(message);
        }
        let raw = self.raw_body.trim();
        (!raw.is_empty()).then_some(raw)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = self.code() {
            write!(f, " [{code}]")?;
        }
        if let Some(message) = self.message() {
            let message: String = message.chars().take(300).collect();
            write!(f, ": {message}")?;
        }
        f.write_str(&correlation(&self.correlation_id))
    }
}

impl std::error::Error for ApiError {}

/// A refused token request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthError {
    /// The login host's status, when it answered.
    pub status: Option<StatusCode>,
    /// The OAuth `error` code, such as `invalid_client`.
    pub error: Option<String>,
    /// The OAuth `error_description`.
    pub description: Option<String>,
    /// The `inin-correlation-id` header of the response.
    pub correlation_id: Option<String>,
}

impl AuthError {
    /// A refused login that did not come from a login host's answer: an OAuth `error` code, if
    /// there is one that fits, and what went wrong. A [`TokenSource`](crate::TokenSource) of the
    /// program's own returns it as [`Error::Auth`] (see [`Error::token_source`]).
    pub fn new(error: Option<&str>, description: impl Into<String>) -> Self {
        Self {
            status: None,
            error: error.map(str::to_owned),
            description: Some(description.into()),
            correlation_id: None,
        }
    }

    /// The OAuth `error` code, such as `invalid_client` or `invalid_grant`.
    pub fn code(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("authentication failed")?;
        if let Some(status) = self.status {
            write!(f, ": HTTP {status}")?;
        }
        if let Some(error) = &self.error {
            write!(f, " [{error}]")?;
        }
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        f.write_str(&correlation(&self.correlation_id))
    }
}

impl std::error::Error for AuthError {}

fn correlation(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (correlation id {id})"))
        .unwrap_or_default()
}

impl Error {
    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Auth(error) => error.status,
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The `inin-correlation-id` of the response, where there was one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.correlation_id.as_deref(),
            Error::Auth(error) => error.correlation_id.as_deref(),
            Error::Decode { correlation_id, .. } => correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The API's error code, such as `cannot.delete.client`, or for a refused login the OAuth
    /// `error` code, such as `invalid_client` or `invalid_grant`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.code(),
            Error::Auth(error) => error.code(),
            _ => None,
        }
    }

    /// A login that failed in a [`TokenSource`](crate::TokenSource) of the program's own, with
    /// what went wrong: an [`Error::Auth`] without status or OAuth code.
    pub fn token_source(description: impl Into<String>) -> Self {
        Error::Auth(Box::new(AuthError::new(None, description)))
    }

    /// Whether the API answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the API answered 429 Too Many Requests (after any retries).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the API answered 401 or 403, or the login failed.
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Auth(_))
            || matches!(
                self.status(),
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// Whether the call, or a wait for an asynchronous result, ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. } | Error::WaitTimeout { .. })
    }

    /// Whether the API answered with a 5xx status (after any retries).
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|status| status.is_server_error())
    }

    /// Whether the request or its response was lost on the way: DNS, connection, TLS, or the
    /// connection closing mid-response.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// Whether a success response's body was not what the spec describes.
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode { .. })
    }

    /// Whether the response was larger than the client's limit.
    pub fn is_response_too_large(&self) -> bool {
        matches!(self, Error::ResponseTooLarge { .. })
    }

    /// Whether an asynchronous result became final in a failed state.
    pub fn is_wait_failed(&self) -> bool {
        matches!(self, Error::WaitFailed { .. })
    }

    /// Whether an argument was refused before anything was sent.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. })
    }

    /// The refused argument's name as the caller wrote it (`client_id`), for
    /// [`Error::InvalidArgument`].
    pub fn invalid_argument(&self) -> Option<&'static str> {
        match self {
            Error::InvalidArgument { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Whether the client could not be built from its configuration.
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config(_))
    }
}
