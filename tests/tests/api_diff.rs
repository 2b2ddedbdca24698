//! `cargo xtask api-diff`: each spec edit a maintainer makes, with the lines and class the report
//! must give for it. The rules are argued in `generator/src/api_diff.rs`.

use generator::api_diff::{self, Class};
use serde_yaml::{Mapping, Value};

const SPEC: &str = include_str!("../../spec/oauth.yaml");

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML in the test")
}

/// The node at a JSON pointer (`~1` is `/`), which must exist.
fn node<'v>(spec: &'v mut Value, pointer: &str) -> &'v mut Value {
    pointer.split('/').skip(1).fold(spec, |value, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match value {
            Value::Sequence(items) => &mut items[token.parse::<usize>().unwrap()],
            Value::Mapping(map) => map
                .get_mut(token.as_str())
                .unwrap_or_else(|| panic!("no `{token}` in {pointer}")),
            _ => panic!("{pointer} goes through a scalar"),
        }
    })
}

fn map(value: &mut Value) -> &mut Mapping {
    value.as_mapping_mut().expect("a mapping")
}

fn seq(value: &mut Value) -> &mut Vec<Value> {
    value.as_sequence_mut().expect("a sequence")
}

/// The report for one edit of the product spec, as printed.
fn report(edit: impl Fn(&mut Value)) -> Vec<String> {
    let mut spec = yaml(SPEC);
    edit(&mut spec);
    let edited = serde_yaml::to_string(&spec).unwrap();
    let old = generator::lower_spec("spec/oauth.yaml", SPEC).unwrap();
    let new = generator::lower_spec("spec/oauth.yaml", &edited)
        .unwrap_or_else(|e| panic!("the edited spec must be valid:\n{e}"));
    api_diff::diff(&old, &new)
        .iter()
        .map(ToString::to_string)
        .collect()
}

const CLIENT: &str = "/components/schemas/OAuthClient";
const REQUEST: &str = "/components/schemas/ApiUsageClientQuery";
const SCOPE_OP: &str = "/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get";
const CLIENTS_GET: &str = "/paths/~1api~1v2~1oauth~1clients/get";

fn add_property(spec: &mut Value, schema: &str, name: &str, required: bool) {
    map(node(spec, &format!("{schema}/properties"))).insert(
        name.into(),
        yaml("{type: string, description: Notes for the team.}"),
    );
    if required {
        seq(node(spec, &format!("{schema}/required"))).push(name.into());
    }
}

fn add_query(spec: &mut Value, operation: &str, name: &str, required: bool) {
    let params = map(node(spec, operation))
        .entry("parameters".into())
        .or_insert_with(|| Value::Sequence(Vec::new()));
    seq(params).push(yaml(&format!(
        "{{name: {name}, in: query, required: {required}, description: Filter., schema: {{type: string}}}}"
    )));
}

/// Every place the `ClientState` enum is written (inline, by title) gets the same values.
fn client_states(spec: &mut Value, edit: impl Fn(&mut Vec<Value>)) {
    for schema in ["OAuthClient", "OAuthClientRequest"] {
        edit(seq(node(
            spec,
            &format!("/components/schemas/{schema}/properties/state/enum"),
        )));
    }
}

struct Case {
    edit: &'static str,
    apply: fn(&mut Value),
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        edit: "add an optional field to a request model",
        apply: |s| add_property(s, REQUEST, "notes", false),
        expect: &[
            "compatible models::ApiUsageClientQuery::notes: field `notes` added, optional: a setter (#/components/schemas/ApiUsageClientQuery/properties/notes)",
        ],
    },
    Case {
        edit: "add a required field to a request model",
        apply: |s| add_property(s, REQUEST, "notes", true),
        expect: &[
            "breaking   models::ApiUsageClientQuery::notes: field `notes` added, required: a new argument of `new` (#/components/schemas/ApiUsageClientQuery/properties/notes)",
        ],
    },
    Case {
        edit: "add an optional field to a response model",
        apply: |s| add_property(s, CLIENT, "notes", false),
        expect: &[
            "compatible models::OAuthClient::notes: field `notes` added, optional: a setter (#/components/schemas/OAuthClient/properties/notes)",
        ],
    },
    Case {
        edit: "add a required field to a response model",
        apply: |s| add_property(s, CLIENT, "notes", true),
        expect: &[
            "breaking   models::OAuthClient::notes: field `notes` added, required: a new argument of `new` (#/components/schemas/OAuthClient/properties/notes)",
        ],
    },
    Case {
        edit: "remove an optional field from a request model",
        apply: |s| {
            map(node(s, &format!("{REQUEST}/properties"))).remove("granularity");
        },
        expect: &[
            "breaking   models::ApiUsageClientQuery::granularity: field `granularity` removed (#/components/schemas/ApiUsageClientQuery/properties/granularity)",
            "breaking   models::Granularity: enum removed (#/components/schemas/ApiUsageClientQuery/properties/granularity)",
        ],
    },
    Case {
        edit: "remove an optional field from a response model",
        apply: |s| {
            map(node(s, &format!("{CLIENT}/properties"))).remove("description");
        },
        expect: &[
            "breaking   models::OAuthClient::description: field `description` removed (#/components/schemas/OAuthClient/properties/description)",
        ],
    },
    Case {
        edit: "remove a required field from a request model",
        apply: |s| {
            map(node(s, &format!("{REQUEST}/properties"))).remove("interval");
            map(node(s, REQUEST)).remove("required");
        },
        expect: &[
            "breaking   models::ApiUsageClientQuery::interval: field `interval` removed (#/components/schemas/ApiUsageClientQuery/properties/interval)",
        ],
    },
    Case {
        edit: "remove a required field from a response model",
        apply: |s| {
            let grant = "/components/schemas/RoleDivision";
            map(node(s, &format!("{grant}/properties"))).remove("divisionId");
            seq(node(s, &format!("{grant}/required"))).retain(|v| v != "divisionId");
        },
        expect: &[
            "breaking   models::RoleDivision::division_id: field `divisionId` removed (#/components/schemas/RoleDivision/properties/divisionId)",
        ],
    },
    Case {
        edit: "a field of a response becomes optional",
        apply: |s| {
            seq(node(s, "/components/schemas/OAuthClient/x-always-present")).clear();
        },
        expect: &[
            "breaking   models::OAuthClient::id: field became optional: `new` loses the argument; type `ClientId` → `Option<ClientId>` (#/components/schemas/OAuthClient/properties/id)",
        ],
    },
    Case {
        edit: "an optional field of a request becomes required",
        apply: |s| seq(node(s, &format!("{REQUEST}/required"))).push("granularity".into()),
        expect: &[
            "breaking   models::ApiUsageClientQuery::granularity: field became required: a new argument of `new`; type `Option<Granularity>` → `Granularity` (#/components/schemas/ApiUsageClientQuery/properties/granularity)",
        ],
    },
    Case {
        edit: "change a field's type",
        apply: |s| {
            // Both sides of `x-rust-from` must agree, so both change.
            for schema in [CLIENT, "/components/schemas/OAuthClientRequest"] {
                *node(
                    s,
                    &format!("{schema}/properties/accessTokenValiditySeconds/format"),
                ) = "int32".into();
            }
        },
        expect: &[
            "breaking   models::OAuthClient::access_token_validity_seconds: field type changed: `Option<i64>` → `Option<i32>` (#/components/schemas/OAuthClient/properties/accessTokenValiditySeconds)",
            "breaking   models::OAuthClientRequest::access_token_validity_seconds: field type changed: `Option<i64>` → `Option<i32>` (#/components/schemas/OAuthClientRequest/properties/accessTokenValiditySeconds)",
        ],
    },
    Case {
        edit: "add an enum value",
        apply: |s| client_states(s, |values| values.push("suspended".into())),
        expect: &[
            "compatible models::ClientState::Suspended: enum value \"suspended\" added (#/components/schemas/OAuthClient/properties/state)",
        ],
    },
    Case {
        edit: "remove an enum value",
        apply: |s| client_states(s, |values| values.retain(|v| v != "disabled")),
        expect: &[
            "breaking   models::ClientState::Disabled: enum value \"disabled\" removed (#/components/schemas/OAuthClient/properties/state)",
        ],
    },
    Case {
        edit: "add an operation",
        apply: |s| {
            let mut item = node(s, "/paths/~1api~1v2~1oauth~1scopes~1{scopeId}").clone();
            *node(&mut item, "/get/operationId") = "getOauthScopeDetails".into();
            map(node(s, "/paths")).insert("/api/v2/oauth/scopes/{scopeId}/details".into(), item);
        },
        expect: &[
            "compatible Client::get_oauth_scope_details: operation `getOauthScopeDetails` added: GET /api/v2/oauth/scopes/{scopeId}/details (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}~1details/get)",
        ],
    },
    Case {
        edit: "remove an operation",
        apply: |s| {
            map(node(s, "/paths")).remove("/api/v2/oauth/scopes/{scopeId}");
        },
        expect: &[
            "breaking   Client::get_oauth_scope: operation `getOauthScope` removed (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get)",
        ],
    },
    Case {
        edit: "rename an operationId",
        apply: |s| *node(s, &format!("{SCOPE_OP}/operationId")) = "getOauthScopeById".into(),
        expect: &[
            "breaking   Client::get_oauth_scope_by_id: operation renamed from `getOauthScope` (`Client::get_oauth_scope`) (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get)",
            "breaking   operations::GetOauthScopeById: request type renamed from `operations::GetOauthScope` (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get)",
        ],
    },
    Case {
        edit: "add an optional parameter",
        apply: |s| add_query(s, CLIENTS_GET, "nameFilter", false),
        expect: &[
            "compatible operations::GetOauthClients::name_filter: query parameter `nameFilter` added, optional: a setter (#/paths/~1api~1v2~1oauth~1clients/get/parameters/0)",
        ],
    },
    Case {
        edit: "add a required parameter",
        apply: |s| add_query(s, CLIENTS_GET, "nameFilter", true),
        expect: &[
            "breaking   Client::get_oauth_clients(name_filter): query parameter `nameFilter` added, required: a new argument of the method (#/paths/~1api~1v2~1oauth~1clients/get/parameters/0)",
        ],
    },
    Case {
        edit: "an optional parameter becomes required",
        apply: |s| *node(s, &format!("{SCOPE_OP}/parameters/1/required")) = true.into(),
        expect: &[
            "breaking   Client::get_oauth_scope(accept_language): header parameter `Accept-Language` became required: a new argument of the method instead of a setter (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get/parameters/1)",
        ],
    },
    Case {
        edit: "change a path",
        apply: |s| {
            let paths = map(node(s, "/paths"));
            let item = paths.remove("/api/v2/oauth/scopes/{scopeId}").unwrap();
            paths.insert("/api/v2/oauth/scope/{scopeId}".into(), item);
        },
        expect: &[
            "breaking   Client::get_oauth_scope: path changed: /api/v2/oauth/scopes/{scopeId} → /api/v2/oauth/scope/{scopeId} (#/paths/~1api~1v2~1oauth~1scope~1{scopeId}/get)",
        ],
    },
    Case {
        edit: "change an HTTP method",
        apply: |s| {
            let item = map(node(s, "/paths/~1api~1v2~1oauth~1scopes~1{scopeId}"));
            let get = item.remove("get").unwrap();
            item.insert("post".into(), get);
        },
        expect: &[
            "breaking   Client::get_oauth_scope: HTTP method changed: GET → POST (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/post)",
        ],
    },
    Case {
        edit: "add a region",
        apply: |s| {
            seq(node(s, "/servers")).push(yaml(
                "{url: 'https://api.example.genesys.cloud', description: Example, x-region: xx-example-1, x-login-url: 'https://login.example.genesys.cloud'}",
            ))
        },
        expect: &["compatible Region::XxExample1: region `xx-example-1` added (#/servers/18)"],
    },
    Case {
        edit: "remove a region",
        apply: |s| {
            seq(node(s, "/servers")).remove(1);
        },
        expect: &["breaking   Region::EuWest1: region `eu-west-1` removed (#/servers/1)"],
    },
    Case {
        edit: "change the default region",
        apply: |s| {
            let servers = seq(node(s, "/servers"));
            let dublin = servers.remove(1);
            servers.insert(0, dublin);
        },
        expect: &["breaking   Region::EuWest1: became the default region (#/servers/0)"],
    },
    Case {
        edit: "change only a description",
        apply: |s| {
            *node(s, &format!("{CLIENT}/properties/name/description")) =
                "The client's name, shown in the admin UI.".into();
            *node(s, &format!("{SCOPE_OP}/summary")) = "One OAuth scope".into();
        },
        expect: &[
            "docs       Client::get_oauth_scope: docs changed (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get)",
            "docs       models::OAuthClient::name: docs changed (#/components/schemas/OAuthClient/properties/name)",
        ],
    },
    Case {
        edit: "change permissions",
        apply: |s| {
            seq(node(
                s,
                &format!("{CLIENTS_GET}/x-inin-requires-permissions/permissions"),
            ))
            .push("oauth:client:edit".into())
        },
        expect: &[
            "docs       Client::get_oauth_clients: permissions changed: Requires any of these permissions: `oauth:client:view`. → Requires any of these permissions: `oauth:client:view`, `oauth:client:edit`. (#/paths/~1api~1v2~1oauth~1clients/get/x-inin-requires-permissions)",
        ],
    },
    Case {
        edit: "stop documenting an error status",
        apply: |s| {
            map(node(s, &format!("{SCOPE_OP}/responses"))).remove("409");
        },
        expect: &[
            "docs       Client::get_oauth_scope: error status 409 no longer documented (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get/responses)",
        ],
    },
    Case {
        edit: "reorder a method's required parameters",
        apply: |s| {
            seq(node(
                s,
                "/paths/~1api~1v2~1oauth~1clients~1{clientId}~1usage~1query~1results~1{executionId}/get/parameters",
            ))
            .swap(0, 1)
        },
        expect: &[
            "breaking   Client::get_oauth_client_usage_query_result: arguments reordered: (execution_id, client_id) → (client_id, execution_id) (#/paths/~1api~1v2~1oauth~1clients~1{clientId}~1usage~1query~1results~1{executionId}/get)",
        ],
    },
    Case {
        edit: "reorder a model's required fields",
        apply: |s| {
            let properties = map(node(s, "/components/schemas/OAuthClientRequest/properties"));
            let name = properties.remove("name").unwrap();
            properties.insert("name".into(), name);
        },
        expect: &[
            "breaking   models::OAuthClientRequest::new: arguments reordered: (name, authorizedGrantType) → (authorizedGrantType, name) (#/components/schemas/OAuthClientRequest)",
        ],
    },
    Case {
        edit: "rename a required parameter in Rust",
        apply: |s| {
            let param = yaml(
                "{name: scopeId, in: path, required: true, description: Scope ID, x-rust-name: id, schema: {type: string, x-rust-id: Scope}}",
            );
            *node(s, &format!("{SCOPE_OP}/parameters/0")) = param;
        },
        expect: &[
            "docs       Client::get_oauth_scope(id): path parameter `scopeId` renamed in Rust from `scope_id` (#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get/parameters/0)",
        ],
    },
    Case {
        edit: "stop treating a polled status as failed",
        apply: |s| {
            seq(node(
                s,
                "/paths/~1api~1v2~1oauth~1clients~1{clientId}~1usage~1query~1results~1{executionId}/get/x-poll/failed",
            ))
            .clear()
        },
        expect: &[
            "breaking   Client::get_oauth_client_usage_query_result: polling changed: `queryStatus`: pending Running; failed Failed → `queryStatus`: pending Running; failed none (#/paths/~1api~1v2~1oauth~1clients~1{clientId}~1usage~1query~1results~1{executionId}/get/x-poll)",
        ],
    },
    Case {
        edit: "change only the version",
        apply: |s| *node(s, "/info/x-rust-crate/version") = "0.4.0".into(),
        expect: &[],
    },
];

#[test]
fn each_edit_reports_its_lines_and_class() {
    assert!(CASES.len() >= 20);
    let mut failures = Vec::new();
    for case in CASES {
        let got = report(case.apply);
        if got != case.expect {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                case.edit,
                case.expect.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_report_is_deterministic() {
    // The same pair gives the same bytes, run after run; and an edit that only reorders the spec
    // (schemas, paths, servers' keys) is no API change at all.
    let many_changes = |s: &mut Value| {
        add_property(s, REQUEST, "notes", true);
        client_states(s, |values| values.push("suspended".into()));
        map(node(s, "/paths")).remove("/api/v2/oauth/scopes/{scopeId}");
        add_query(s, CLIENTS_GET, "nameFilter", false);
        seq(node(s, "/servers")).remove(1);
    };
    let first = report(many_changes);
    assert_eq!(first.len(), 5, "{first:#?}");
    for _ in 0..3 {
        assert_eq!(report(many_changes), first);
    }
    let reordered = report(|s| {
        for key in ["/components/schemas", "/paths"] {
            let entries: Vec<(Value, Value)> =
                std::mem::take(map(node(s, key))).into_iter().collect();
            let entries = entries.into_iter().rev();
            map(node(s, key)).extend(entries);
        }
    });
    assert_eq!(reordered, Vec::<String>::new());
    // Breaking changes come first, so a reviewer reads them first.
    let classes: Vec<&str> = first.iter().map(|l| l.split(' ').next().unwrap()).collect();
    let mut sorted = classes.clone();
    sorted.sort_by_key(|c| {
        ["breaking", "compatible", "docs"]
            .iter()
            .position(|k| k == c)
    });
    assert_eq!(classes, sorted);
}

#[test]
fn the_version_must_follow_breaking_changes() {
    let change = |class| api_diff::Change {
        class,
        item: "Client::get_oauth_scope".into(),
        what: "operation `getOauthScope` removed".into(),
        pointer: "#/paths/~1api~1v2~1oauth~1scopes~1{scopeId}/get".into(),
    };
    let breaking = [change(Class::Breaking), change(Class::Compatible)];
    let compatible = [change(Class::Compatible), change(Class::Docs)];
    for (old, new, changes, ok) in [
        ("0.1.0", "0.1.0", &breaking[..], false),
        ("0.1.0", "0.1.7", &breaking[..], false),
        ("0.1.0", "0.2.0", &breaking[..], true),
        ("0.1.3", "1.0.0", &breaking[..], true),
        ("1.2.3", "1.9.0", &breaking[..], false),
        ("1.2.3", "2.0.0", &breaking[..], true),
        ("0.0.3", "0.0.4", &breaking[..], true),
        ("0.1.0", "0.1.0", &compatible[..], true),
        ("1.2.3", "1.2.4", &compatible[..], true),
        ("0.2.0", "0.1.9", &compatible[..], false),
    ] {
        let verdict = api_diff::check_version(old, new, changes);
        assert_eq!(verdict.is_ok(), ok, "{old} → {new}: {verdict:?}");
        if let Err(message) = verdict
            && new >= old
        {
            // The message names what to set and each change that needs it.
            assert!(message.contains("info.x-rust-crate.version"), "{message}");
            assert!(
                message.contains("Client::get_oauth_scope: operation `getOauthScope` removed"),
                "{message}"
            );
        }
    }
    let bad = api_diff::check_version("0.1", "0.2.0", &breaking);
    assert!(bad.unwrap_err().contains("\"0.1\" is not a semver version"));
}

/// `cargo xtask api-diff --check` against a git revision, as CI runs it: a repository whose spec
/// drops an enum value fails until the version says so; one with no change passes.
#[test]
fn check_against_a_git_revision() {
    use xtask::api_diff::{Base, compare};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    let spec = root.join("spec/oauth.yaml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    // A known version, whatever the product's is now.
    let mut base = yaml(SPEC);
    *node(&mut base, "/info/x-rust-crate/version") = "0.4.2".into();
    let base = serde_yaml::to_string(&base).unwrap();
    std::fs::write(&spec, &base).unwrap();
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "the spec"]);

    // A fresh clone of one commit: nothing changed, nothing to bump.
    let same = compare(root, Base::Revision("HEAD"), &spec, "spec/oauth.yaml").unwrap();
    assert!(same.changes.is_empty());
    assert!(
        same.report()
            .contains("no API changes since spec/oauth.yaml at HEAD")
    );
    assert!(same.check().is_ok());
    assert!(
        xtask::api_diff::summary(root).contains("API: no changes since spec/oauth.yaml at HEAD")
    );

    let mut edited = yaml(&base);
    client_states(&mut edited, |values| values.retain(|v| v != "disabled"));
    std::fs::write(&spec, serde_yaml::to_string(&edited).unwrap()).unwrap();
    let broken = compare(root, Base::Revision("HEAD"), &spec, "spec/oauth.yaml").unwrap();
    let problem = broken.check().unwrap_err();
    // What `cargo xtask codegen` ends with, ready for a PR's description.
    let summary = xtask::api_diff::summary(root);
    assert!(
        summary.contains("API changes since spec/oauth.yaml at HEAD"),
        "{summary}"
    );
    assert!(
        summary.contains("  breaking   models::ClientState::Disabled: enum value"),
        "{summary}"
    );
    assert!(
        summary.contains("1 breaking, 0 compatible, 0 docs"),
        "{summary}"
    );
    assert!(
        summary.contains("warning: 1 breaking change(s)"),
        "{summary}"
    );
    assert!(
        problem.contains("set `info.x-rust-crate.version` in the spec to 0.5.0 or later"),
        "{problem}"
    );
    assert!(
        problem.contains("models::ClientState::Disabled: enum value \"disabled\" removed"),
        "{problem}"
    );

    *node(&mut edited, "/info/x-rust-crate/version") = "0.5.0".into();
    std::fs::write(&spec, serde_yaml::to_string(&edited).unwrap()).unwrap();
    let bumped = compare(root, Base::Revision("HEAD"), &spec, "spec/oauth.yaml").unwrap();
    assert_eq!(bumped.changes.len(), 1);
    assert!(bumped.check().is_ok());

    // Two files, no git: the same report.
    let old = root.join("old.yaml");
    std::fs::write(&old, &base).unwrap();
    let files = compare(root, Base::File(&old), &spec, "new.yaml").unwrap();
    assert_eq!(files.changes, bumped.changes);

    let missing = compare(
        root,
        Base::Revision("no-such-branch"),
        &spec,
        "spec/oauth.yaml",
    );
    assert!(
        missing
            .err()
            .unwrap()
            .contains("cannot read spec/oauth.yaml at no-such-branch")
    );
}
