//! What every exchange with a server needs, whoever the server is (the API or the login host):
//! bounded body reading, the correlation id, and error text that never carries a secret.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::Error;

/// The header in which Genesys Cloud returns the id of a request for support cases.
pub(crate) const CORRELATION_ID: &str = "inin-correlation-id";

/// How much of a body an error keeps.
pub(crate) const SNIPPET_BYTES: usize = 4096;

pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CORRELATION_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Why a body could not be read.
pub(crate) enum BodyError {
    /// It is larger than the limit; what came of it was dropped.
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads a body chunk by chunk, refusing it as soon as it is larger than `limit` (by its
/// `Content-Length`, or by what arrived): the memory a response takes is bounded by the limit,
/// whatever the server sends. The request's time-out covers this reading too.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<bytes::Bytes, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body: Vec<u8> = Vec::with_capacity(
        response
            .content_length()
            .map_or(0, |length| length as usize),
    );
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        let needed = body.len() + chunk.len();
        if needed > limit {
            return Err(BodyError::TooLarge);
        }
        if needed > body.capacity() {
            // Doubling, as a `Vec` does, but never past the limit.
            let capacity = needed.max(body.capacity() * 2).min(limit);
            body.reserve_exact(capacity - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}

/// Secrets shorter than this are not searched for: real ones are far longer, and replacing every
/// `t` of a message because a test's token is `t` would only garble it.
const SCRUB_MIN_LEN: usize = 8;

/// `text` with every occurrence of each secret replaced by `<redacted>`.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|secret| secret.len() >= SCRUB_MIN_LEN)
        .fold(text.to_owned(), |text, secret| {
            text.replace(secret, "<redacted>")
        })
}

/// The start of a body as text, for error messages, without `secrets` (the call's own
/// credentials, should the server echo them).
pub(crate) fn snippet(body: &[u8], secrets: &[&str]) -> String {
    // Scrubbed before it is cut, so a secret that straddles the cut is still found.
    let longest = secrets.iter().map(|s| s.len()).max().unwrap_or(0);
    let window = &body[..body.len().min(SNIPPET_BYTES + longest)];
    let mut text = scrub(&String::from_utf8_lossy(window), secrets);
    if text.len() > SNIPPET_BYTES {
        let mut cut = SNIPPET_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// The error of a request that got no complete response.
pub(crate) fn transport(
    operation: &'static str,
    error: reqwest::Error,
    timeout: Duration,
) -> Error {
    if error.is_timeout() {
        Error::Timeout { operation, timeout }
    } else {
        Error::Transport {
            operation,
            source: error,
        }
    }
}

/// What a form value keeps as it is: the characters the URL standard's form encoding leaves
/// alone (letters, digits, `*-._`); everything else is percent-encoded.
const FORM_ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// `fields` as an `application/x-www-form-urlencoded` body.
pub(crate) fn form(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| percent_encoding::utf8_percent_encode(text, FORM_ENCODED).to_string();
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The pairs of an `application/x-www-form-urlencoded` text (a form body or a URL's query),
/// decoded, in order; empty pairs are skipped.
pub(crate) fn parse_form(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}
