//! The fake is generated from the spec: an operation added to a spec is served by the fake of
//! the crate generated from it, and a second API (the Authorization Roles fixture) gets a working
//! fake with no code written for it.

use std::path::Path;
use std::process::Command;

const ROLES: &str = include_str!("../fixtures/specs/authorization-roles.yaml");

/// The Authorization Roles fixture with one more operation, under the role item, an `example`
/// on the role schema, and resources of other shapes (labels, and notes that belong to a label).
fn roles_with_summary() -> String {
    let mut spec: serde_yaml::Value = serde_yaml::from_str(ROLES).unwrap();
    let operation: serde_yaml::Value = serde_yaml::from_str(
        r##"
get:
  operationId: getAuthorizationRoleSummary
  summary: A role's summary
  parameters:
  - $ref: '#/components/parameters/RoleId'
  responses:
    '200':
      description: successful operation
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/DomainOrganizationRole'
    '404':
      $ref: '#/components/responses/NotFound'
"##,
    )
    .unwrap();
    spec["paths"].as_mapping_mut().unwrap().insert(
        "/api/v2/authorization/roles/{roleId}/summary".into(),
        operation,
    );
    // A second resource in other shapes: listed as a bare array, changed with PATCH, found by
    // a field named like its path parameter, whose key the server owns.
    let labels: serde_yaml::Mapping = serde_yaml::from_str(
        r##"
/api/v2/authorization/labels:
  get:
    operationId: getAuthorizationLabels
    summary: Labels
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              type: array
              items:
                $ref: '#/components/schemas/Label'
  post:
    operationId: postAuthorizationLabels
    summary: Create a label
    requestBody:
      required: true
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Label'
    responses:
      '201':
        description: created
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Label'
/api/v2/authorization/labels/{labelId}:
  get:
    operationId: getAuthorizationLabel
    summary: A label
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Label'
  patch:
    operationId: patchAuthorizationLabel
    summary: Change a label
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    requestBody:
      required: true
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/LabelUpdate'
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Label'
  delete:
    operationId: deleteAuthorizationLabel
    summary: Delete a label
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    responses:
      '204':
        description: deleted
/api/v2/authorization/labels/{labelId}/notes:
  get:
    operationId: getAuthorizationLabelNotes
    summary: A label's notes
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              type: array
              items:
                $ref: '#/components/schemas/Note'
  post:
    operationId: postAuthorizationLabelNotes
    summary: Add a note to a label
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    requestBody:
      required: true
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Note'
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Note'
/api/v2/authorization/labels/{labelId}/notes/{noteId}:
  get:
    operationId: getAuthorizationLabelNote
    summary: A note of a label
    parameters:
    - {name: labelId, in: path, required: true, schema: {type: string}}
    - {name: noteId, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: successful operation
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Note'
"##,
    )
    .unwrap();
    spec["paths"].as_mapping_mut().unwrap().extend(labels);
    let schemas: serde_yaml::Mapping = serde_yaml::from_str(
        r##"
Label:
  type: object
  required: [name]
  properties:
    labelId: {type: string, readOnly: true}
    name: {type: string}
    colour: {type: string}
Note:
  type: object
  required: [text]
  properties:
    id: {type: string, readOnly: true}
    text: {type: string}
LabelUpdate:
  type: object
  properties:
    name: {type: string}
    colour: {type: string}
"##,
    )
    .unwrap();
    spec["components"]["schemas"]
        .as_mapping_mut()
        .unwrap()
        .extend(schemas);
    // The spec's own example is what the fake answers first.
    spec["components"]["schemas"]["DomainOrganizationRole"]
        .as_mapping_mut()
        .unwrap()
        .insert(
            "example".into(),
            serde_yaml::from_str("{name: Example role, userCount: 3}").unwrap(),
        );
    serde_yaml::to_string(&spec).unwrap()
}

/// The fake's tables generated from spec text.
fn fake_tables(spec: &str) -> String {
    let files = generator::generate("spec.yaml", spec).unwrap();
    files
        .into_iter()
        .find(|f| f.path == Path::new("src/testing/tables.rs"))
        .unwrap()
        .contents
}

#[test]
fn an_added_operation_is_in_the_fakes_tables() {
    let before = fake_tables(ROLES);
    let after = fake_tables(&roles_with_summary());
    let entry = "\"getAuthorizationRoleSummary\",";
    assert!(!before.contains(entry));
    assert!(after.contains(entry));
    assert!(after.contains("\"/api/v2/authorization/roles/{roleId}/summary\","));
}

/// Builds the crate generated from the edited fixture and runs a program against its fake
/// (`tests/fixtures/fake/authorization_roles.rs`): the roles resource, paging, 404s, request
/// checks, and the added operation.
#[test]
fn the_authorization_roles_fake_serves_every_operation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("roles.yaml");
    std::fs::write(&spec, roles_with_summary()).unwrap();
    let crate_dir = dir.path().join("crate");
    xtask::codegen::generate_into(&spec, &crate_dir).unwrap();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/fake/authorization_roles.rs"),
        crate_dir.join("examples/check_fake.rs"),
    )
    .unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // The workspace's target directory (cargo releases its lock once the tests are built), so
    // the dependencies the workspace built are reused, not built a second time.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map_or_else(|| root.join("target"), |dir| root.join(dir));
    let output = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--offline",
            "--example",
            "check_fake",
            "--features",
            "testing",
        ])
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("the Authorization Roles fake works"),
        "{stdout}"
    );
}

/// A polled operation's path looks like an item's (`…/results/{executionId}`), and its result may
/// even carry that id; it is still an execution the fake runs, never a stored item.
#[test]
fn a_polled_result_is_not_a_resource() {
    let mut spec: serde_yaml::Value =
        serde_yaml::from_str(include_str!("../../spec/oauth.yaml")).unwrap();
    spec["components"]["schemas"]["ApiUsageQueryResult"]["properties"]
        .as_mapping_mut()
        .unwrap()
        .insert(
            "executionId".into(),
            serde_yaml::from_str("{type: string}").unwrap(),
        );
    let testing = fake_tables(&serde_yaml::to_string(&spec).unwrap());
    let resources = &testing[testing.find("static RESOURCES").unwrap()..];
    assert!(!resources.contains("results/{executionId}"), "{resources}");
    let polled = include_str!("../../spec/oauth.yaml").matches("\n      x-poll:").count();
    assert_eq!(
        testing.matches(".act(Act::Poll").count(),
        polled,
        "the fake runs exactly the operations with `x-poll` as executions"
    );
    assert!(polled >= 1);
}
