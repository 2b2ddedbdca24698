//! What the fake holds while it runs, and the answers it gives.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::dispatch::Call;
use super::login_host::{FakeToken, Logins};
use super::server::{Exchange, Fault};
use crate::SecretString;

#[derive(Debug)]
pub(super) struct Execution {
    pub(super) poll: usize,
    /// The body of the request that started the work: the query the result answers.
    pub(super) query: Option<Value>,
    /// The polled operation's parameters that find this execution.
    pub(super) values: Vec<(&'static str, String)>,
    pub(super) pending: u32,
}

/// An item of a resource.
#[derive(Debug)]
pub(super) struct Stored {
    pub(super) key: String,
    /// The values of the resource's `scope` it was created under; a seeded item has none and is
    /// seen under every parent.
    pub(super) scope: Vec<(&'static str, String)>,
    pub(super) item: Value,
}

impl Stored {
    /// Whether the call's path is this item's (its key, under its parent).
    pub(super) fn is(&self, key: &str, call: &Call<'_>) -> bool {
        self.key == key && self.under(call)
    }

    pub(super) fn under(&self, call: &Call<'_>) -> bool {
        self.scope
            .iter()
            .all(|(name, value)| call.value(name) == Some(value.as_str()))
    }
}

#[derive(Debug)]
pub(super) struct FakeState {
    pub(super) client_id: String,
    pub(super) client_secret: SecretString,
    pub(super) tokens: Vec<FakeToken>,
    pub(super) login: Logins,
    /// Per resource, oldest first.
    pub(super) items: Vec<Vec<Stored>>,
    pub(super) answers: BTreeMap<usize, Value>,
    pub(super) executions: Vec<Execution>,
    pub(super) pending_polls: u32,
    pub(super) faults: VecDeque<Fault>,
    pub(super) journal: Vec<Exchange>,
    pub(super) next_id: u64,
}

impl FakeState {
    pub(super) fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!(
            "{:08x}-0000-4000-8000-{:012x}",
            fastrand::u32(..),
            self.next_id
        )
    }

    pub(super) fn item(&self, resource: usize, key: &str, call: &Call<'_>) -> Option<&Value> {
        self.items[resource]
            .iter()
            .find(|stored| stored.is(key, call))
            .map(|stored| &stored.item)
    }

    /// Replaces an item the call found.
    pub(super) fn put(&mut self, resource: usize, key: &str, call: &Call<'_>, item: Value) {
        if let Some(stored) = self.items[resource]
            .iter_mut()
            .find(|stored| stored.is(key, call))
        {
            stored.item = item;
        }
    }
}

pub(super) type Shared = Arc<Mutex<FakeState>>;

/// The state, even if a handler panicked while holding it (the data is still usable for a fake).
pub(super) fn lock(state: &Shared) -> MutexGuard<'_, FakeState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What the fake answers: a status, a JSON body or none, and for 429 a `Retry-After`.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) body: Option<Value>,
    pub(super) retry_after: Option<u64>,
}

impl Answer {
    pub(super) fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            body: Some(body),
            retry_after: None,
        }
    }

    pub(super) fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = match self.body {
            Some(body) => (status, Json(body)).into_response(),
            None => status.into_response(),
        };
        let headers = response.headers_mut();
        headers.insert(
            "inin-correlation-id",
            header::HeaderValue::from_static("fake-correlation-id"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

/// What the fake answers a call that acts for the calling user when the token has none. The
/// Genesys documentation says only that a client-credentials token "is not in the context of a
/// user and therefore will not be able to access user-specific APIs"; this answer is the one the
/// service is reported to give, chosen for the fake.
pub(super) const NEEDS_USER: &str = "This request requires a user context. Client credentials cannot be used for requests to this resource.";

/// An error answer, shaped like the spec's error body.
pub(super) fn error(status: u16, code: &str, message: impl Into<String>) -> Answer {
    Answer::json(
        status,
        json!({
            "status": status,
            "code": code,
            "message": message.into(),
            "contextId": format!("fake-{:016x}", fastrand::u64(..)),
        }),
    )
}

pub(super) fn bad_request(message: impl Into<String>) -> Answer {
    error(400, "bad.request", message)
}

pub(super) fn not_found(what: &str, id: &str) -> Answer {
    error(404, "not.found", format!("{what} `{id}` was not found"))
}
