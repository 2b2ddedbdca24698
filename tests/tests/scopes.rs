//! The scopes and error codes the generated crate offers follow the spec, and `scopes::minimal`
//! answers the fewest scopes, least privilege first.

use genesys_cloud_oauth::error_codes;
use genesys_cloud_oauth::scopes::{self, Operation};
use serde_yaml::Value;

fn spec() -> Value {
    let root = xtask::codegen::workspace_root();
    serde_yaml::from_str(&std::fs::read_to_string(root.join("spec/oauth.yaml")).unwrap()).unwrap()
}

/// The spec's operations by id, with their `security` as lists of scopes.
fn spec_scopes() -> Vec<(String, Vec<Vec<String>>)> {
    let spec = spec();
    let mut out = Vec::new();
    for item in spec["paths"].as_mapping().unwrap().values() {
        for op in item.as_mapping().unwrap().values() {
            let ways = op["security"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|requirement| {
                    requirement["PureCloudOAuth"]
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_owned())
                        .collect()
                })
                .collect();
            out.push((op["operationId"].as_str().unwrap().to_owned(), ways));
        }
    }
    out.sort();
    out
}

#[test]
fn every_operation_states_the_scopes_of_its_security() {
    let mut ours: Vec<(String, Vec<Vec<String>>)> = Operation::ALL
        .iter()
        .map(|op| {
            let ways = op
                .scopes()
                .iter()
                .map(|way| way.iter().map(|s| s.to_string()).collect())
                .collect();
            (op.operation_id().to_owned(), ways)
        })
        .collect();
    ours.sort();
    assert_eq!(ours, spec_scopes());
}

#[test]
fn reads_need_only_the_read_only_scope() {
    let reads = Operation::ALL
        .iter()
        .copied()
        .filter(|op| op.allowed_by(&[scopes::OAUTH_READONLY]));
    assert_eq!(scopes::minimal(reads.clone()), [scopes::OAUTH_READONLY]);
    // `oauth` allows every read too, but also every write: least privilege picks the other.
    assert_eq!(scopes::minimal([Operation::GetOauthAuthorizations]), ["oauth:readonly"]);
    assert!(reads.count() >= 9);
}

#[test]
fn one_write_among_reads_needs_only_the_write_scope() {
    let wanted = [
        Operation::GetOauthClients,
        Operation::PostOauthClientSecret,
        Operation::GetOauthScopes,
    ];
    assert_eq!(scopes::minimal(wanted), [scopes::OAUTH]);
    assert_eq!(scopes::minimal(Operation::ALL.iter().copied()), ["oauth"]);
}

#[test]
fn nothing_wanted_needs_nothing_and_repeats_count_once() {
    assert!(scopes::minimal([]).is_empty());
    let twice = [Operation::DeleteOauthClient, Operation::DeleteOauthClient];
    assert_eq!(scopes::minimal(twice), ["oauth"]);
}

#[test]
fn every_pair_gets_the_least_privilege_that_allows_both() {
    for a in Operation::ALL {
        for b in Operation::ALL {
            let answer = scopes::minimal([*a, *b]);
            assert!(a.allowed_by(&answer) && b.allowed_by(&answer), "{a:?} {b:?}: {answer:?}");
            assert!(!(a.allowed_by(&[]) && b.allowed_by(&[])), "every operation needs a scope");
            let read_only = [scopes::OAUTH_READONLY];
            let expected: &[&str] = match a.allowed_by(&read_only) && b.allowed_by(&read_only) {
                true => &read_only,
                false => &[scopes::OAUTH],
            };
            assert_eq!(answer, expected, "{a:?} {b:?}");
        }
    }
}

#[test]
fn error_code_constants_are_the_codes_the_spec_documents() {
    let text = std::fs::read_to_string(
        xtask::codegen::workspace_root().join("spec/oauth.yaml"),
    )
    .unwrap();
    for code in [
        error_codes::CANNOT_DELETE_CLIENT,
        error_codes::BAD_GRANT_TYPE,
        error_codes::AUTH_TOO_MANY_CLIENTS,
        error_codes::MISSING_CLIENT_ROLES,
        error_codes::MISSING_PERMISSIONS,
        error_codes::TOO_MANY_REQUESTS,
    ] {
        assert!(
            text.contains(&format!("\n            {code}: ")) || text.contains(&format!("\n        {code}: ")),
            "{code} is not an x-inin-error-codes key of the spec"
        );
    }
    assert_eq!(error_codes::CANNOT_DELETE_CLIENT, "cannot.delete.client");
}
