//! The path every call takes: a `Request` the operation builds, sent with the login's token,
//! retried as the policy says, its answer decoded or turned into an `Error`, all inside one
//! tracing span. The generated operations (`operations.rs`) build the requests; a spec uses only
//! some of the ways to fill one (a body, headers, a query), so those are allowed to be unused.

use std::time::Instant;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::error::ApiError;
use crate::response::ApiResponse;
use crate::retry::{Failure, parse_retry_after};
use crate::wire::{BodyError, correlation_id, read_body, snippet};
use crate::{Client, Error};

/// One call, as the operation built it.
#[derive(Debug)]
pub(crate) struct Request {
    operation: &'static str,
    method: Method,
    route: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    /// Header name, the argument it came from, and its value.
    headers: Vec<(&'static str, &'static str, String)>,
    body: Option<Vec<u8>>,
    /// The success type carries secrets: a body that does not decode is not quoted in the error.
    secret_output: bool,
    /// Safe to repeat after a failure that may have reached the server: GET, HEAD, PUT, DELETE,
    /// OPTIONS and TRACE, as HTTP defines them.
    idempotent: bool,
}

impl Request {
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        route: &'static str,
        path: String,
    ) -> Self {
        let idempotent = matches!(
            method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        );
        Self {
            operation,
            method,
            route,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            secret_output: false,
            idempotent,
        }
    }

    /// Marks a request whose success body carries secrets (fields the spec marks `format:
    /// password`): if it does not decode, the error says why but quotes none of it.
    #[allow(
        dead_code,
        reason = "a spec may have no success type that carries secrets"
    )]
    pub(crate) fn secret_output(&mut self) {
        self.secret_output = true;
    }

    #[allow(dead_code, reason = "a spec may have no query parameters")]
    pub(crate) fn query(&mut self, name: &'static str, value: &impl crate::encoding::ParamValue) {
        self.query.push((name, value.to_param().into_owned()));
    }

    #[allow(dead_code, reason = "a spec may have no header parameters")]
    pub(crate) fn header(
        &mut self,
        name: &'static str,
        argument: &'static str,
        value: &impl crate::encoding::ParamValue,
    ) {
        self.headers
            .push((name, argument, value.to_param().into_owned()));
    }

    #[allow(dead_code, reason = "a spec may have no request bodies")]
    pub(crate) fn json_body(
        &mut self,
        argument: &'static str,
        body: &impl serde::Serialize,
    ) -> Result<(), Error> {
        let json = serde_json::to_vec(body).map_err(|error| Error::InvalidArgument {
            name: argument,
            reason: format!("cannot be encoded as JSON: {error}"),
        })?;
        self.body = Some(json);
        Ok(())
    }
}

/// A success response before its body is decoded.
struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    correlation_id: Option<String>,
    body: bytes::Bytes,
}

impl Client {
    #[allow(dead_code, reason = "a spec may have no operation that answers JSON")]
    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<ApiResponse<T>, Error> {
        let operation = request.operation;
        let secret_output = request.secret_output;
        let raw = self.execute(request).await?;
        match serde_json::from_slice(&raw.body) {
            Ok(body) => Ok(ApiResponse {
                status: raw.status,
                headers: raw.headers,
                correlation_id: raw.correlation_id,
                body,
            }),
            Err(error) => Err(Error::Decode {
                operation,
                status: raw.status,
                message: decode_message(&error, raw.body.is_empty(), secret_output),
                snippet: if secret_output {
                    WITHHELD.to_owned()
                } else {
                    snippet(&raw.body, &[])
                },
                correlation_id: raw.correlation_id,
            }),
        }
    }

    #[allow(
        dead_code,
        reason = "a spec may have no operation that answers nothing"
    )]
    pub(crate) async fn send_empty(&self, request: Request) -> Result<ApiResponse<()>, Error> {
        let raw = self.execute(request).await?;
        if !raw.body.is_empty() {
            // The spec documents no body for this operation: one sent anyway is dropped, not an error.
            tracing::debug!(
                bytes = raw.body.len(),
                "ignoring a response body the API does not document"
            );
        }
        Ok(ApiResponse {
            status: raw.status,
            headers: raw.headers,
            correlation_id: raw.correlation_id,
            body: (),
        })
    }

    /// Sends `request` until it succeeds, fails for good, or the retry policy gives up.
    ///
    /// One INFO span per call, `call`, whose fields say what was called and, once it is over, the
    /// last status, the correlation id and how many attempts it took; one DEBUG event at its end.
    /// The README's "Logging" section lists them.
    async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let span = tracing::info_span!(
            "call",
            operation = request.operation,
            method = %request.method,
            route = request.route,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            correlation_id = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut attempts = 0;
        let result = self
            .execute_in_span(request, &mut attempts)
            .instrument(span.clone())
            .await;
        span.record("attempts", attempts);
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(parent: &span, elapsed_ms, "call succeeded"),
            Err(error) => tracing::debug!(parent: &span, elapsed_ms, %error, "call failed"),
        }
        result
    }

    async fn execute_in_span(
        &self,
        request: Request,
        attempts: &mut u32,
    ) -> Result<RawResponse, Error> {
        let headers = self.request_headers(&request)?;
        let url = self.url(&request);
        let started = Instant::now();
        let mut refreshed = false;
        loop {
            *attempts += 1;
            let attempt = *attempts;
            let span = tracing::Span::current();
            let token = self.inner.auth.token().await?;
            let result = self
                .attempt(&request, &url, &headers, token.value.expose_secret())
                .await;
            let failure = match result {
                Ok(mut response) if response.status().is_success() => {
                    let status = response.status();
                    // Taken, not cloned: the body is read from the connection, not from the headers.
                    let headers = std::mem::take(response.headers_mut());
                    let correlation_id = correlation_id(&headers);
                    record_response(&span, status, correlation_id.as_deref());
                    match read_body(response, self.inner.max_response_bytes).await {
                        Ok(body) => {
                            return Ok(RawResponse {
                                status,
                                headers,
                                correlation_id,
                                body,
                            });
                        }
                        Err(BodyError::TooLarge) => {
                            return Err(Error::ResponseTooLarge {
                                operation: request.operation,
                                limit: self.inner.max_response_bytes,
                            });
                        }
                        Err(BodyError::Transport(error)) => {
                            self.transport_failure(&request, error)?
                        }
                    }
                }
                Ok(response) => {
                    let error = self
                        .api_error(&request, response, token.value.expose_secret())
                        .await;
                    record_response(&span, error.status, error.correlation_id.as_deref());
                    // A 401 with a cached token most likely means the token was revoked or expired
                    // early: get a new one and try once more.
                    if error.status == StatusCode::UNAUTHORIZED
                        && !refreshed
                        && self.inner.auth.invalidate(&token).await
                    {
                        refreshed = true;
                        tracing::debug!("401 with a cached token; refreshing it and retrying once");
                        continue;
                    }
                    (
                        Failure::Status {
                            status: error.status,
                            retry_after: error.retry_after,
                        },
                        Error::Api(Box::new(error)),
                    )
                }
                Err(error) => self.transport_failure(&request, error)?,
            };
            match self
                .inner
                .retry
                .delay(&failure.0, request.idempotent, attempt, started.elapsed())
            {
                Some(delay) => {
                    tracing::debug!(attempt, error = %failure.1, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(failure.1),
            }
        }
    }

    /// Classifies a transport error: the failure for the retry policy and the error to return if
    /// it gives up. Errors that retrying cannot fix are returned at once.
    fn transport_failure(
        &self,
        request: &Request,
        error: reqwest::Error,
    ) -> Result<(Failure, Error), Error> {
        let operation = request.operation;
        if error.is_timeout() {
            Ok((
                Failure::Timeout,
                Error::Timeout {
                    operation,
                    timeout: self.inner.timeout,
                },
            ))
        } else if error.is_connect() || error.is_request() || error.is_body() {
            Ok((
                Failure::Connection,
                Error::Transport {
                    operation,
                    source: error,
                },
            ))
        } else {
            Err(Error::Transport {
                operation,
                source: error,
            })
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        url: &reqwest::Url,
        headers: &HeaderMap,
        token: &str,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url.clone())
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            .bearer_auth(token)
            .timeout(self.inner.timeout);
        if !headers.is_empty() {
            builder = builder.headers(headers.clone());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        } else if request.method == Method::POST
            || request.method == Method::PUT
            || request.method == Method::PATCH
        {
            // Without a body the HTTP stack sends no length at all, which some proxies answer
            // with 411 Length Required.
            builder = builder.header(header::CONTENT_LENGTH, "0");
        }
        builder.send().await
    }

    fn url(&self, request: &Request) -> reqwest::Url {
        // The path goes after the base's own path (a proxy's prefix, say); `request.path` is
        // already percent-encoded segment by segment.
        let path = format!(
            "{}{}",
            self.inner.base.path().trim_end_matches('/'),
            request.path
        );
        let mut url = self.inner.base.clone();
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(
                request
                    .query
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            );
        }
        url
    }

    /// The operation's header parameters, checked once before the first attempt.
    fn request_headers(&self, request: &Request) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::with_capacity(request.headers.len());
        for (name, argument, value) in &request.headers {
            let value = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                name: argument,
                reason: format!("is not a valid value of the `{name}` header (control characters are not allowed)"),
            })?;
            // The generator accepts only header names that are HTTP tokens, so this holds.
            let header =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidArgument {
                    name: argument,
                    reason: format!("`{name}` is not a valid header name"),
                })?;
            headers.insert(header, value);
        }
        Ok(headers)
    }

    /// The error of a response with an error status. Its body is read up to the size limit; the
    /// bearer `token` the call sent is taken out of the text should the server echo it.
    async fn api_error(
        &self,
        request: &Request,
        response: reqwest::Response,
        token: &str,
    ) -> ApiError {
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_body(response, self.inner.max_response_bytes)
            .await
            .unwrap_or_default();
        let retry_after = headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
        ApiError {
            operation: request.operation,
            status,
            body: serde_json::from_slice(&body).ok(),
            raw_body: snippet(&body, &[token]),
            correlation_id: correlation_id(&headers),
            retry_after,
            headers,
        }
    }
}

/// Puts what the response said on the call's span.
fn record_response(span: &tracing::Span, status: StatusCode, correlation_id: Option<&str>) {
    span.record("status", status.as_u16());
    if let Some(id) = correlation_id {
        span.record("correlation_id", id);
    }
}

/// Why a body did not decode. serde's own message quotes the value it could not take, which
/// in a body that may hold secrets may be one: then only where it failed is said.
fn decode_message(error: &serde_json::Error, empty: bool, secret_output: bool) -> String {
    if empty {
        "the body is empty".to_owned()
    } else if secret_output {
        let (line, column) = (error.line(), error.column());
        let what = match error.classify() {
            serde_json::error::Category::Data => "a value of the wrong type or shape",
            serde_json::error::Category::Syntax => "text that is not JSON",
            serde_json::error::Category::Eof => "text that ends too early",
            serde_json::error::Category::Io => "a read that failed",
        };
        format!(
            "{what} at line {line} column {column} (the value is withheld: the response type carries secrets)"
        )
    } else {
        error.to_string()
    }
}

/// What a decode error shows of a body that may hold secrets.
const WITHHELD: &str = "<withheld: the response type carries secrets>";
