//! Serving an API call: finding its operation, admitting its token, checking it against the spec
//! and doing what the operation does (the `Act` of its table entry).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::schema::{Act, Field, Pick, Place, Rows, Shape};
use super::server::{Exchange, Fault, JsonBody};
use super::state::{
    Answer, Execution, FakeState, NEEDS_USER, Shared, Stored, bad_request, error, lock, not_found,
};
use super::tables::{MODELS, OPERATIONS, RESOURCES};
use super::values::{
    check, check_text, example, field_example, key_of, project, required_example, set_at,
};

/// The values of a path's parameters, by name.
pub(super) type PathValues = Vec<(&'static str, String)>;

/// Where a request goes.
pub(super) enum Route {
    Operation(usize, PathValues),
    WrongMethod,
    Unknown,
}

/// The operation for a method and a path (percent-decoded segment by segment): among the
/// routes that match, the one with the most literal segments.
pub(super) fn route(method: &str, path: &str) -> Route {
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, usize, PathValues)> = None;
    let mut path_known = false;
    for (index, op) in OPERATIONS.iter().enumerate() {
        let pattern: Vec<&'static str> = op.route.split('/').collect();
        if pattern.len() != segments.len() {
            continue;
        }
        let mut values = Vec::new();
        let mut literals = 0;
        let matched = pattern.iter().zip(&segments).all(|(expected, given)| {
            match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    let value = percent_encoding::percent_decode_str(given)
                        .decode_utf8_lossy()
                        .into_owned();
                    values.push((name, value));
                    !given.is_empty()
                }
                None => {
                    literals += 1;
                    expected == given
                }
            }
        });
        if !matched {
            continue;
        }
        path_known = true;
        if op.method.eq_ignore_ascii_case(method)
            && best.as_ref().is_none_or(|(_, most, _)| literals > *most)
        {
            best = Some((index, literals, values));
        }
    }
    match best {
        Some((index, _, values)) => Route::Operation(index, values),
        None if path_known => Route::WrongMethod,
        None => Route::Unknown,
    }
}

/// The largest request body the fake reads.
pub(super) const MAX_BODY: usize = 16 << 20;

/// Every API call: routing, queued faults, the bearer token, then the operation.
pub(super) async fn dispatch(State(state): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let found = route(parts.method.as_str(), parts.uri.path());
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error(
            413,
            "payload.too.large",
            format!("the body is over {MAX_BODY} bytes"),
        )
        .into_response();
    };
    let request_json = serde_json::from_slice::<Value>(&bytes).ok();
    let (operation_id, answer) = match found {
        Route::Unknown => (
            None,
            error(
                404,
                "not.found",
                format!("no route for {}", parts.uri.path()),
            ),
        ),
        Route::WrongMethod => (
            None,
            error(
                405,
                "method.not.allowed",
                format!("{} is not allowed here", parts.method),
            ),
        ),
        Route::Operation(index, path) => {
            let answer = match admit(&state, &parts.headers).await {
                Err(refusal) => refusal,
                Ok(user) => {
                    let query = parts.uri.query().unwrap_or_default();
                    let call = Call {
                        path,
                        query: crate::wire::parse_form(query),
                        headers: &parts.headers,
                        body: &bytes,
                        user,
                    };
                    let mut state = lock(&state);
                    serve(&mut state, index, &call).unwrap_or_else(|refusal| refusal)
                }
            };
            (Some(OPERATIONS[index].id.to_owned()), answer)
        }
    };
    let op = operation_id
        .as_deref()
        .and_then(|id| OPERATIONS.iter().find(|op| op.id == id));
    let request = request_json.map(|body| {
        JsonBody::new(
            body,
            op.and_then(|op| op.body.as_ref()).map(|body| &body.shape),
        )
    });
    let response = answer
        .body
        .clone()
        .map(|body| JsonBody::new(body, op.and_then(|op| op.output.as_ref())));
    lock(&state).journal.push(Exchange {
        operation_id,
        method: parts.method.to_string(),
        target,
        request,
        status: answer.status,
        response,
    });
    answer.into_response()
}

/// A queued fault, then the bearer token: the user it acts for, if any.
pub(super) async fn admit(state: &Shared, headers: &HeaderMap) -> Result<Option<String>, Answer> {
    let fault = lock(state).faults.pop_front();
    match fault {
        Some(Fault::RateLimited { retry_after }) => {
            let mut answer = error(429, "too.many.requests", "Rate limit exceeded the maximum");
            answer.retry_after = Some(retry_after.as_secs());
            return Err(answer);
        }
        Some(Fault::Unavailable) => {
            return Err(error(
                503,
                "service.unavailable",
                "The service is unavailable",
            ));
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(token) => match lock(state)
            .tokens
            .iter()
            .find(|t| t.value.expose_secret() == token)
        {
            Some(found) if !found.expired => Ok(found.user.clone()),
            _ => Err(error(401, "bad.credentials", "Invalid login credentials.")),
        },
        None => Err(error(
            401,
            "authentication.required",
            "No authentication bearer token specified in authorization header.",
        )),
    }
}

/// A request as the operation sees it.
pub(super) struct Call<'r> {
    pub(super) path: PathValues,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: &'r HeaderMap,
    pub(super) body: &'r [u8],
    /// The user the token acts for, if any.
    pub(super) user: Option<String>,
}

impl Call<'_> {
    /// A path or query parameter's first value.
    pub(super) fn value(&self, name: &str) -> Option<&str> {
        self.path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .or_else(|| {
                self.query
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            })
    }
}

/// Checks the call against the operation's parameters and body, then does what the operation
/// does.
pub(super) fn serve(
    state: &mut FakeState,
    index: usize,
    call: &Call<'_>,
) -> Result<Answer, Answer> {
    let op = &OPERATIONS[index];
    for param in op.params {
        let (place, values): (&str, Vec<&str>) = match param.place {
            Place::Path => (
                "path",
                call.path
                    .iter()
                    .filter(|(n, _)| *n == param.name)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            Place::Query => (
                "query",
                call.query
                    .iter()
                    .filter(|(n, _)| n == param.name)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            Place::Header => (
                "header",
                call.headers
                    .get_all(param.name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect(),
            ),
        };
        if values.is_empty() && param.required {
            return Err(bad_request(format!(
                "missing {place} parameter `{}`",
                param.name
            )));
        }
        for value in values {
            check_text(&param.shape, value).map_err(|problem| {
                bad_request(format!("{place} parameter `{}`: {problem}", param.name))
            })?;
        }
    }
    let body = match &op.body {
        Some(body) if call.body.is_empty() => {
            if body.required {
                return Err(bad_request("the request needs a JSON body"));
            }
            None
        }
        Some(body) => {
            let value: Value = serde_json::from_slice(call.body)
                .map_err(|e| bad_request(format!("the body is not JSON: {e}")))?;
            check(&body.shape, &value, "").map_err(bad_request)?;
            Some(value)
        }
        None => None,
    };
    if op.owner.is_some() && call.user.is_none() {
        return Err(error(400, "bad.request", NEEDS_USER));
    }
    // An item of another user is as good as absent.
    let owned = |item: &Value| {
        op.owner
            .is_none_or(|owner| item.pointer(owner).and_then(Value::as_str) == call.user.as_deref())
    };
    if let Some(within) = &op.within {
        let resource = &RESOURCES[within.resource];
        let key = call.value(within.param).unwrap_or_default();
        let item = state
            .item(within.resource, key, call)
            .filter(|item| owned(item))
            .ok_or_else(|| not_found(MODELS[resource.model].name, key))?;
        if let Some(rule) = &op.requires
            && item.get(rule.field).and_then(Value::as_str) != Some(rule.value)
        {
            return Err(error(rule.status, rule.code, rule.message));
        }
    }
    let answer = state.answers.get(&index).cloned();
    let output_model = match &op.output {
        Some(Shape::Model(model)) => Some(*model),
        _ => None,
    };
    // An object with the output's required fields, for answers the fake fills in itself.
    let skeleton = || output_model.map_or_else(|| json!({}), |model| required_example(model, 0));
    let output = |item: &Value| match &op.output {
        Some(Shape::Model(model)) => Some(project(item, *model)),
        Some(other) => Some(answer.clone().unwrap_or_else(|| example(other, 0))),
        None => None,
    };
    let body_of = |answer: Option<Value>| {
        answer.or_else(|| op.output.as_ref().map(|shape| example(shape, 0)))
    };
    let done = |body: Option<Value>| {
        Ok(Answer {
            status: op.status,
            body,
            retry_after: None,
        })
    };
    match op.act {
        Act::Example => done(body_of(answer)),
        Act::List {
            resource,
            entities,
            item,
            paged,
        } => {
            if let Some(answer) = answer {
                return done(Some(answer));
            }
            let all: Vec<Value> = state.items[resource]
                .iter()
                .filter(|stored| stored.under(call) && owned(&stored.item))
                .map(|stored| project(&stored.item, item))
                .collect();
            let total = all.len();
            let number = |name: &str, default: usize| {
                call.value(name)
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|n| *n > 0)
                    .unwrap_or(default)
            };
            let (size, page) = if paged {
                (number("pageSize", 25), number("pageNumber", 1))
            } else {
                (total.max(1), 1)
            };
            let shown: Vec<Value> = all
                .into_iter()
                .skip(size.saturating_mul(page - 1))
                .take(size)
                .collect();
            if entities.is_empty() {
                return done(Some(Value::Array(shown)));
            }
            let mut listing = skeleton();
            let has = |name: &str| {
                output_model.is_some_and(|m| MODELS[m].fields.iter().any(|f| f.name == name))
            };
            if let Value::Object(fields) = &mut listing {
                fields.insert(entities.to_owned(), Value::Array(shown));
                for (name, value) in [
                    ("total", json!(total)),
                    ("pageSize", json!(size)),
                    ("pageNumber", json!(page)),
                    ("pageCount", json!(total.div_ceil(size.max(1)).max(1))),
                    ("selfUri", json!(op.route)),
                ] {
                    if has(name) {
                        fields.insert(name.to_owned(), value);
                    }
                }
            }
            done(Some(listing))
        }
        Act::Create(resource) => {
            let mut item = body.unwrap_or_else(|| json!({}));
            // A key the server owns (`readOnly`) is never taken from the body.
            let keys = RESOURCES[resource].key;
            let server_key = MODELS[RESOURCES[resource].model]
                .fields
                .iter()
                .any(|f| Some(&f.name) == keys.first() && f.read_only);
            let given = if server_key {
                None
            } else {
                key_of(&item, keys)
            };
            let key = match given {
                Some(key) if state.item(resource, &key, call).is_some() => {
                    return Err(error(409, "conflict", format!("`{key}` already exists")));
                }
                Some(key) => key,
                None => state.new_id(),
            };
            fill_server_fields(state, resource, &mut item, &key, None, &[]);
            let scope = RESOURCES[resource]
                .scope
                .iter()
                .map(|name| (*name, call.value(name).unwrap_or_default().to_owned()))
                .collect();
            state.items[resource].push(Stored {
                key,
                scope,
                item: item.clone(),
            });
            done(output(&item))
        }
        Act::Read(resource) => {
            let key = call.value(RESOURCES[resource].param).unwrap_or_default();
            let item = state.item(resource, key, call).cloned().unwrap_or_default();
            done(output(&item))
        }
        Act::Replace(resource) => {
            let item = rewrite(state, resource, call, &[], |_| {
                body.unwrap_or_else(|| json!({}))
            });
            done(output(&item))
        }
        Act::Update(resource) => {
            let item = rewrite(state, resource, call, &[], |existing| {
                let mut item = existing.clone();
                if let (Value::Object(fields), Some(Value::Object(changes))) = (&mut item, body) {
                    fields.extend(changes);
                }
                item
            });
            done(output(&item))
        }
        Act::Delete(resource) => {
            let key = call.value(RESOURCES[resource].param).unwrap_or_default();
            state.items[resource].retain(|stored| !stored.is(key, call));
            done(body_of(answer))
        }
        Act::Renew { resource, fields } => {
            let item = rewrite(state, resource, call, fields, Value::clone);
            done(output(&item))
        }
        Act::Start { poll, bind, carry } => {
            let mut handle = body_of(answer).unwrap_or_else(|| json!({}));
            let mut values = Vec::new();
            for (field, param) in bind {
                let id = state.new_id();
                if let Value::Object(fields) = &mut handle {
                    fields.insert((*field).to_owned(), json!(id));
                }
                values.push((*param, id));
            }
            for (source, param) in carry {
                values.push((*param, call.value(source).unwrap_or_default().to_owned()));
            }
            let pending = state.pending_polls;
            state.executions.push(Execution {
                poll,
                query: body.clone(),
                values,
                pending,
            });
            done(Some(handle))
        }
        Act::Poll {
            status,
            pending,
            done: final_status,
        } => {
            let execution = state.executions.iter_mut().find(|e| {
                e.poll == index
                    && e.values
                        .iter()
                        .all(|(name, value)| call.value(name) == Some(value.as_str()))
            });
            let Some(execution) = execution else {
                let id = call
                    .path
                    .last()
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                return Err(not_found("execution", id));
            };
            let (mut result, value) = if execution.pending > 0 {
                execution.pending -= 1;
                (skeleton(), pending.first().copied().unwrap_or(final_status))
            } else {
                let built = match (&answer, &op.rows, &execution.query) {
                    (None, Some(rules), Some(query)) => {
                        rules.build(query, call).map(|rows| (rules.at, rows))
                    }
                    _ => None,
                };
                let mut result = body_of(answer).unwrap_or_else(|| json!({}));
                if let (Some((at, rows)), Value::Object(fields)) = (built, &mut result) {
                    fields.insert(at.to_owned(), Value::Array(rows));
                }
                (result, final_status)
            };
            if let Value::Object(fields) = &mut result {
                fields.insert(status.to_owned(), json!(value));
            }
            done(Some(result))
        }
    }
}

impl Rows {
    /// The most rows a result has, whatever its interval.
    const MAX: usize = 1000;

    /// The rows for `query`, or `None` when its interval cannot be read (the fake then answers
    /// its example, as for any other result).
    pub(super) fn build(&self, query: &Value, call: &Call<'_>) -> Option<Vec<Value>> {
        let interval: crate::Interval = query.pointer(self.interval)?.as_str()?.parse().ok()?;
        let (mut bucket, end) = (interval.start(), interval.end());
        let granularity = self
            .granularity
            .and_then(|g| query.pointer(g))
            .and_then(Value::as_str)
            .unwrap_or("Day");
        let named = |pick: &Pick| -> Vec<&'static str> {
            let wanted: Vec<&str> = query
                .pointer(pick.from)
                .and_then(Value::as_array)
                .map(|values| values.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            pick.fields
                .iter()
                .filter(|(value, _)| wanted.contains(value))
                .map(|(_, field)| *field)
                .collect()
        };
        // All metrics when the query names none, as the API documents; only the dimensions named.
        let mut metrics = named(&self.metrics);
        if metrics.is_empty() {
            metrics = self
                .metrics
                .fields
                .iter()
                .map(|(_, field)| *field)
                .collect();
        }
        let dimensions = named(&self.group_by);
        let mut rows = Vec::new();
        while bucket < end && rows.len() < Self::MAX {
            let mut row = Map::new();
            if let Some(date) = self.date {
                row.insert(
                    date.to_owned(),
                    json!(bucket.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                );
            }
            for (j, field) in metrics.iter().enumerate() {
                row.insert((*field).to_owned(), json!(10 * (rows.len() + 1) + j));
            }
            for field in &dimensions {
                // A dimension named like a path parameter (the client's id) is that parameter.
                let value = call
                    .value(field)
                    .map_or_else(|| format!("fake-{field}"), str::to_owned);
                row.insert((*field).to_owned(), json!(value));
            }
            rows.push(Value::Object(row));
            bucket = match granularity {
                "Week" => bucket.checked_add_signed(chrono::TimeDelta::days(7))?,
                "Month" => bucket.checked_add_months(chrono::Months::new(1))?,
                _ => bucket.checked_add_signed(chrono::TimeDelta::days(1))?,
            };
        }
        Some(rows)
    }
}

/// Writes back the item the call's path names: `change` makes it from the stored one, then the
/// server's fields are kept (or, those in `renew`, made again). Returns what was stored.
pub(super) fn rewrite(
    state: &mut FakeState,
    resource: usize,
    call: &Call<'_>,
    renew: &[&str],
    change: impl FnOnce(&Value) -> Value,
) -> Value {
    let key = call
        .value(RESOURCES[resource].param)
        .unwrap_or_default()
        .to_owned();
    let existing = state
        .item(resource, &key, call)
        .cloned()
        .unwrap_or_default();
    let mut item = change(&existing);
    fill_server_fields(state, resource, &mut item, &key, Some(&existing), renew);
    state.put(resource, &key, call, item.clone());
    item
}

/// Completes an item the caller wrote: the key, and the fields the server owns (those not in
/// the request model, and those marked `readOnly`): kept from `existing` on a write, else made up as the service would (a
/// new id, a secret, the time, its own URI). Fields in `renew` are made up again, and a time
/// the server keeps of the last change (a name with "modified") is the time of this write.
pub(super) fn fill_server_fields(
    state: &mut FakeState,
    resource: usize,
    item: &mut Value,
    key: &str,
    existing: Option<&Value>,
    renew: &[&str],
) {
    let r = &RESOURCES[resource];
    let model = &MODELS[r.model];
    let caller_owns = |field: &Field| {
        !renew.contains(&field.name)
            && !field.read_only
            && r.body_model.is_some_and(|m| {
                MODELS[m]
                    .fields
                    .iter()
                    .any(|f| f.name == field.name && !f.read_only)
            })
    };
    let Value::Object(fields) = item else {
        return;
    };
    // Only the model's fields are kept.
    fields.retain(|name, _| model.fields.iter().any(|f| f.name == name));
    for field in model.fields {
        let name = field.name;
        if caller_owns(field) {
            // What the service assumes for a field the caller left out: the request model's
            // `default`, else the item model's.
            let request_field = r
                .body_model
                .and_then(|m| MODELS[m].fields.iter().find(|f| f.name == name));
            let default = request_field.and_then(|f| f.default).or(field.default);
            if !fields.contains_key(name)
                && let Some(default) = default.and_then(|d| serde_json::from_str(d).ok())
            {
                fields.insert(name.to_owned(), default);
            }
            continue;
        }
        let kept = existing
            .and_then(|e| e.get(name))
            .filter(|_| !renew.contains(&name))
            .cloned();
        let made = match (&field.shape, name) {
            (Shape::DateTime, _)
                if kept.is_none() || name.to_ascii_lowercase().contains("modified") =>
            {
                Some(json!(
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                ))
            }
            (_, "selfUri") => Some(json!(
                r.item_route.replace(&["{", r.param, "}"].concat(), key)
            )),
            (Shape::Secret, _) if kept.is_none() => Some(json!(
                std::iter::repeat_with(fastrand::alphanumeric)
                    .take(43)
                    .collect::<String>()
            )),
            (Shape::Text, _) if kept.is_none() && renew.contains(&name) => {
                Some(json!(state.new_id()))
            }
            _ => None,
        };
        if let Some(value) = made
            .or(kept)
            .or_else(|| field.default.and_then(|d| serde_json::from_str(d).ok()))
        {
            fields.insert(name.to_owned(), value);
        }
    }
    set_at(item, r.key, json!(key));
    if let Value::Object(fields) = item {
        for field in model.fields.iter().filter(|f| f.required) {
            if !fields.contains_key(field.name) {
                fields.insert(field.name.to_owned(), field_example(field, 1));
            }
        }
    }
}
