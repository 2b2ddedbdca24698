//! A user's whole day against the fake: every operation of the spec, called through the
//! generated client, and every answer the fake gave checked against the response schema the spec
//! documents for that operation and status. The checker here reads `spec/oauth.yaml` itself, so it
//! shares nothing with the generator or the fake it checks.

use std::collections::BTreeSet;
use std::time::Duration;

use genesys_cloud_oauth::models::{
    ApiUsageClientQuery, AuthorizationState, ClientState, DomainEntityRef, GrantType, OAuthAuthorization,
    OAuthClient, OAuthClientRequest, OAuthScope, QueryStatus,
};
use genesys_cloud_oauth::testing::{FakeApp, FakeGenesys};
use genesys_cloud_oauth::{RetryPolicy, WaitPolicy};
use serde_json::Value;

fn spec() -> Value {
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(include_str!("../../spec/oauth.yaml")).unwrap();
    serde_json::to_value(yaml).unwrap()
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'s>(spec: &'s Value, node: &'s Value) -> &'s Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("a local reference");
            resolve(spec, spec.pointer(pointer).expect("the reference resolves"))
        }
        None => node,
    }
}

/// Every way `value` breaks `schema` (OpenAPI 3.0: `nullable`, `allOf`, formats), with where.
fn violations(spec: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            violations(spec, part, value, at, out);
        }
    }
    let format = schema.get("format").and_then(Value::as_str);
    let ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => match value.as_str() {
            None => false,
            Some(text) => match format {
                Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                _ => true,
            },
        },
        Some("integer") => match (value.as_i64(), format) {
            (Some(n), Some("int32")) => i32::try_from(n).is_ok(),
            (Some(_), _) => true,
            (None, _) => false,
        },
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(other) => panic!("type {other} at {at}"),
    };
    if !ok {
        out.push(format!(
            "{at}: {value} is not a {format:?} {:?}",
            schema.get("type")
        ));
        return;
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {values:?}"));
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            violations(spec, items, item, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = required.as_str().unwrap();
            if !object.contains_key(name) {
                out.push(format!("{at}: misses required `{name}`"));
            }
        }
        for (name, field) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(property) => violations(spec, property, field, &format!("{at}.{name}"), out),
                None if schema.get("additionalProperties").is_some() => {
                    let extra = &schema["additionalProperties"];
                    if extra.is_object() {
                        violations(spec, extra, field, &format!("{at}.{name}"), out);
                    }
                }
                // A property the spec does not list: the client would ignore it, but the fake
                // should only send what the spec says.
                None if properties.is_some() => {
                    out.push(format!("{at}: `{name}` is not in the schema"))
                }
                None => {}
            }
        }
    }
}

#[tokio::test]
async fn every_operation_answers_what_its_schema_says() {
    let fake = FakeGenesys::builder()
        .pending_polls(1)
        .seed_scopes([OAuthScope::default()
            .with_id("users:readonly")
            .with_description("View users")])
        .seed_authorizations([OAuthAuthorization::default()
            .with_client(OAuthClient::new(
                "partner-1",
                "partner app",
                GrantType::Code,
            ))
            .with_resource_owner(DomainEntityRef::new().with_id(FakeGenesys::DEFAULT_USER))
            .with_state(AuthorizationState::Authorized)])
        .start()
        .await;
    let client = fake
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    // Clients: create, list, read, replace, rotate the secret.
    let created = client
        .post_oauth_clients(
            OAuthClientRequest::new("nightly export", GrantType::ClientCredentials)
                .with_description("exports"),
        )
        .await
        .unwrap();
    let id = created.id.clone();
    assert_eq!(client.get_oauth_clients().await.unwrap().total, Some(1));
    assert_eq!(
        client.get_oauth_client(id.clone()).await.unwrap().name,
        "nightly export"
    );
    let body = OAuthClientRequest::from(created.clone()).with_description("exports, nightly");
    client.put_oauth_client(id.clone(), body).await.unwrap();
    let rotated = client.post_oauth_client_secret(id.clone()).await.unwrap();
    assert_ne!(rotated.secret, created.secret);

    // Usage: a query and a summary, polled until complete.
    let handle = client
        .post_oauth_client_usage_query(
            id.clone(),
            ApiUsageClientQuery::new("2024-01-01T00:00:00/2024-01-08T00:00:00"),
        )
        .await
        .unwrap();
    let execution = handle.execution_id.unwrap();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let result = client
            .get_oauth_client_usage_query_result(execution.clone(), id.clone())
            .await
            .unwrap();
        statuses.push(result.query_status.unwrap());
    }
    assert_eq!(statuses, [QueryStatus::Running, QueryStatus::Complete]);
    let policy = WaitPolicy::new(Duration::from_secs(10))
        .with_delays(Duration::from_millis(1), Duration::from_millis(5));
    let summary = client
        .get_oauth_client_usage_summary(id.clone())
        .days(7)
        .wait_for_query_result(policy)
        .await
        .unwrap();
    assert_eq!(summary.query_status, Some(QueryStatus::Complete));

    // Authorizations, as seeded, for the user they belong to, logged in through a code client
    // created with the fake's own API; scopes, as seeded.
    let redirect_uri = "http://127.0.0.1:9/callback";
    let app = client
        .post_oauth_clients(
            OAuthClientRequest::new("admin cli", GrantType::Code)
                .with_registered_redirect_uri(vec![redirect_uri.to_owned()]),
        )
        .await
        .unwrap();
    let app = FakeApp::code(app.id.to_string(), redirect_uri).with_secret(app.secret.unwrap());
    let user = fake.user_client(&app).await.unwrap();
    assert_eq!(user.get_oauth_authorizations().await.unwrap().total, Some(1));
    user.get_oauth_authorization("partner-1").await.unwrap();
    assert_eq!(client.get_oauth_scopes().await.unwrap().total, Some(1));
    client.get_oauth_scope("users:readonly").await.unwrap();

    // Refusals are answers too: an active client cannot be deleted, an unknown one is not found.
    let refused = client.delete_oauth_client(id.clone()).await.unwrap_err();
    assert_eq!(refused.code(), Some(genesys_cloud_oauth::error_codes::CANNOT_DELETE_CLIENT));
    assert!(
        client
            .get_oauth_scope("nope")
            .await
            .unwrap_err()
            .is_not_found()
    );
    let inactive = OAuthClientRequest::from(rotated).with_state(ClientState::Inactive);
    client.put_oauth_client(id.clone(), inactive).await.unwrap();
    client.delete_oauth_client(id.clone()).await.unwrap();
    assert_eq!(fake.stored_clients().len(), 1, "only the code client is left");

    // Every answer, against the spec.
    let spec = spec();
    let mut served = BTreeSet::new();
    let mut problems = Vec::new();
    let journal = fake.journal();
    for exchange in &journal {
        let operation_id = exchange.operation_id.as_deref().expect("a known route");
        let (route, method, operation) = spec["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(route, item)| {
                item.as_object()
                    .unwrap()
                    .iter()
                    .map(move |(method, op)| (route, method, op))
            })
            .find(|(_, _, op)| op["operationId"] == operation_id)
            .unwrap();
        let what = format!(
            "{operation_id} ({} {route}) answered {}",
            method.to_uppercase(),
            exchange.status
        );
        let Some(response) = operation["responses"].get(exchange.status.to_string()) else {
            problems.push(format!("{what}: a status the spec does not document"));
            continue;
        };
        let response = resolve(&spec, response);
        let schema = response.pointer("/content/application~1json/schema");
        match (schema, exchange.response.as_ref().map(|body| body.value())) {
            (Some(schema), Some(body)) => violations(&spec, schema, body, "body", &mut problems),
            (None, None) => {}
            (Some(_), None) => {
                problems.push(format!("{what}: no body, but the spec documents one"))
            }
            (None, Some(body)) => {
                problems.push(format!("{what}: a body the spec does not document: {body}"))
            }
        }
        if (200..300).contains(&exchange.status) {
            served.insert(operation_id.to_owned());
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    let all: BTreeSet<String> = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        .collect();
    // The spec as the generator read it has the same operations.
    let generated: BTreeSet<String> = genesys_cloud_oauth::scopes::Operation::ALL
        .iter()
        .map(|op| op.operation_id().to_owned())
        .collect();
    assert_eq!(all, generated, "run `cargo xtask codegen`: the crate is not the spec's");
    let missing: Vec<&String> = all.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "the workflow never got a 2xx from {missing:?}: a new operation needs a call in the \
         workflow of tests/tests/fake_workflow.rs (its answer is then checked against the spec)"
    );
    assert!(journal.iter().any(|e| e.status == 400) && journal.iter().any(|e| e.status == 404));
}

#[test]
fn the_checker_finds_what_breaks_a_schema() {
    // The checker above must be able to fail: a wrong type, a missing required field, an unknown
    // enum value and a field the schema lacks are each found.
    let spec = spec();
    let schema = serde_json::json!({"$ref": "#/components/schemas/OAuthClient"});
    let mut problems = Vec::new();
    let body = serde_json::json!({
        "id": "c-1",
        "name": 7,
        "state": "sleeping",
        "colour": "blue",
        "dateCreated": "yesterday"
    });
    violations(&spec, &schema, &body, "body", &mut problems);
    let text = problems.join("\n");
    for expected in [
        "body.name: 7",
        "misses required `authorizedGrantType`",
        "body.state: \"sleeping\" is not one of",
        "`colour` is not in the schema",
        "body.dateCreated: \"yesterday\"",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
}
