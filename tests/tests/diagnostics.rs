//! A maintainer's mistakes in the spec come back as errors that name the file, line, column and
//! JSON pointer, all of them in one run.

use xtask::codegen::{SPEC, workspace_root};

fn spec() -> String {
    std::fs::read_to_string(workspace_root().join(SPEC)).unwrap()
}

/// The spec with `from` (which must occur) replaced by `to`, once.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the spec has no `{from}`");
    text.replacen(from, to, 1)
}

/// The 1-based line of the first occurrence of `needle` after `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let offset = start
        + text[start..]
            .find(needle)
            .unwrap_or_else(|| panic!("no `{needle}` after `{after}`"));
    text[..offset].matches('\n').count() + 1
}

fn errors(text: &str) -> String {
    match generator::generate(SPEC, text) {
        Ok(_) => panic!("the edited spec generated without an error"),
        Err(error) => error.to_string(),
    }
}

fn assert_has(report: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            report.contains(part),
            "the report lacks `{part}`:\n{report}"
        );
    }
}

#[test]
fn bad_yaml_names_the_line() {
    let text = edited(&spec(), "  version: v2", "   version: v2");
    let line = line_of(&text, "info:", "version:");
    assert_has(
        &errors(&text),
        &[&format!(
            "{SPEC}:{line}:11: mapping values are not allowed in this context\n"
        )],
    );
}

#[test]
fn a_wrong_value_type_names_the_line() {
    let text = edited(
        &spec(),
        "  /api/v2/oauth/scopes:\n",
        "  /api/v2/oauth/scopes: 42\n  /unused:\n",
    );
    let report = errors(&text);
    assert_has(&report, &[&format!("{SPEC}:"), "invalid type"]);
}

#[test]
fn a_dangling_reference_suggests_the_right_name() {
    let text = edited(
        &spec(),
        "$ref: '#/components/schemas/OAuthScopeListing'",
        "$ref: '#/components/schemas/OAuthScopeListin'",
    );
    let line = line_of(&text, "operationId: getOauthScopes", "OAuthScopeListin'");
    assert_has(
        &errors(&text),
        &[
            &format!("{SPEC}:{line}:"),
            "#/paths/~1api~1v2~1oauth~1scopes/get/responses/200/content/application~1json/schema/$ref:",
            "`#/components/schemas/OAuthScopeListin` does not exist (did you mean `OAuthScopeListing`?)",
        ],
    );
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let mut text = spec();
    // A duplicate operationId.
    text = edited(
        &text,
        "operationId: getOauthScope\n",
        "operationId: getOauthScopes\n",
    );
    // A path placeholder with no parameter, and a path parameter not in the path.
    text = edited(
        &text,
        "/api/v2/oauth/clients/{clientId}/secret:",
        "/api/v2/oauth/clients/{id}/secret:",
    );
    // An enum with no values.
    text = edited(
        &text,
        "          enum:\n          - Day\n          - Week\n          - Month\n",
        "          enum: []\n",
    );
    // Constructs the generator does not support.
    text = edited(
        &text,
        "        pageCount:\n          type: integer\n          format: int32\n",
        "        pageCount:\n          oneOf:\n          - type: integer\n          - type: string\n",
    );
    text = edited(
        &text,
        "          application/json:\n            schema:\n              $ref: '#/components/schemas/OAuthClientRequest'\n",
        "          multipart/form-data:\n            schema:\n              $ref: '#/components/schemas/OAuthClientRequest'\n",
    );
    text = edited(&text, "        in: header\n", "        in: cookie\n");

    let report = errors(&text);
    assert_has(
        &report,
        &[
            "`getOauthScopes` is used twice",
            "the path has `{id}` but the operation has no path parameter `id`",
            "path parameter `clientId` does not appear in the path `/api/v2/oauth/clients/{id}/secret`",
            "#/components/schemas/ApiUsageClientQuery/properties/granularity/enum: an enum needs at least one value",
            "#/components/schemas/OAuthClientEntityListing/properties/pageCount: `oneOf`, `anyOf` and `not` are not supported",
            "only JSON request bodies (`application/json`) are supported",
            "cookie parameters are not supported",
        ],
    );
    assert!(report.starts_with("7 errors in the spec"), "{report}");
    // Every error names a position, and they come in the order of the text.
    let mut positions = Vec::new();
    for line in report.lines().skip(1) {
        let position: Option<Vec<usize>> = line
            .trim_start()
            .strip_prefix(&format!("error: {SPEC}:"))
            .and_then(|rest| rest.split(':').take(2).map(|n| n.parse().ok()).collect());
        positions.push(position.unwrap_or_else(|| panic!("no line and column in `{line}`")));
    }
    assert!(positions.is_sorted(), "not in the order of the text:\n{report}");
}

#[test]
fn every_duplicate_key_is_reported_where_it_is() {
    let mut text = edited(
        &spec(),
        "      summary: Regenerate Client Secret\n",
        "      summary: Regenerate Client Secret\n      summary: Again\n",
    );
    text = edited(
        &text,
        "  title: Genesys Cloud OAuth API\n",
        "  title: Genesys Cloud OAuth API\n  title: Again\n",
    );
    let report = errors(&text);
    let title = line_of(&text, "title: Again", "title");
    let summary = line_of(&text, "summary: Again", "summary");
    assert_has(
        &report,
        &[
            "2 errors in the spec",
            &format!("{SPEC}:{title}:3: #/info/title: this key appears twice"),
            &format!(
                "{SPEC}:{summary}:7: #/paths/~1api~1v2~1oauth~1clients~1{{clientId}}~1secret/post/summary: this key appears twice"
            ),
        ],
    );
}

#[test]
fn keys_that_are_equal_as_text_are_duplicates() {
    // YAML reads `200` as a number and `'200'` as a string, but JSON (and OpenAPI) has only
    // string keys: one of the two responses would silently disappear.
    let text = edited(
        &spec(),
        "        '200':\n",
        "        200:\n          description: Twin\n        '200':\n",
    );
    let line = line_of(&text, "description: Twin", "'200'");
    assert_has(
        &errors(&text),
        &[
            "1 error in the spec",
            &format!("{SPEC}:{line}:9: #/paths/"),
            "/responses/200: this key appears twice",
        ],
    );
}

#[test]
fn a_poll_status_must_be_an_enum_field_of_the_result() {
    let poll = "      x-poll:\n        status: queryStatus\n";
    for (status, message) in [
        ("results", "the status field `results` must be an enum"),
        (
            "state",
            "has no response field `state` to read the status from",
        ),
    ] {
        let text = edited(
            &spec(),
            poll,
            &format!("      x-poll:\n        status: {status}\n"),
        );
        let line = line_of(&text, "/usage/query/results/{executionId}:", "x-poll");
        // Two operations link to the polled one; its `x-poll` is still one error.
        assert_has(
            &errors(&text),
            &[
                "1 error in the spec",
                &format!("{SPEC}:{line}:7: #/paths/"),
                "/get/x-poll: ",
                message,
            ],
        );
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(spec().as_bytes());
    let files = generator::generate_bytes(SPEC, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let plain = generator::generate(SPEC, &spec()).unwrap();
    assert_eq!(files, plain);
}

#[test]
fn invalid_utf8_names_its_line_column_and_byte() {
    let text = spec();
    let line = line_of(&text, "info:", "title:");
    let offset = text.find("title:").unwrap() + "title: ".len();
    let mut bytes = text.into_bytes();
    bytes.insert(offset, 0xFF);
    let report = match generator::generate_bytes(SPEC, &bytes) {
        Ok(_) => panic!("invalid UTF-8 was accepted"),
        Err(error) => error.to_string(),
    };
    assert_has(
        &report,
        &[&format!(
            "{SPEC}:{line}:10: the spec is not UTF-8: byte {offset} (0xFF)"
        )],
    );
    // Behind a byte-order mark, the byte offset counts it and the column does not.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(&bytes);
    let report = generator::generate_bytes(SPEC, &with_bom)
        .unwrap_err()
        .to_string();
    assert_has(
        &report,
        &[&format!(
            "{SPEC}:{line}:10: the spec is not UTF-8: byte {} (0xFF)",
            offset + 3
        )],
    );
}

#[test]
fn a_utf16_spec_is_named_as_such() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(spec().encode_utf16().flat_map(u16::to_le_bytes));
    let report = generator::generate_bytes(SPEC, &bytes)
        .unwrap_err()
        .to_string();
    assert_has(
        &report,
        &[&format!("{SPEC}:1:1:"), "UTF-16", "save it as UTF-8"],
    );
}

#[test]
fn yaml_the_data_cannot_hold_is_refused_where_it_is() {
    let line = line_of(&spec(), "info:", "version:");
    for (value, column, message) in [
        (
            "'v\u{7}2'",
            14,
            "the character U+0007 is not allowed in YAML; write it as an escape",
        ),
        ("!custom v2", 20, "the YAML tag `!custom` is not supported here"),
        (
            "18446744073709551616",
            12,
            "the integer 18446744073709551616 does not fit in 64 bits",
        ),
    ] {
        let text = edited(&spec(), "  version: v2\n", &format!("  version: {value}\n"));
        assert_has(
            &errors(&text),
            &["1 error in the spec", &format!("{SPEC}:{line}:{column}: {message}")],
        );
    }
    let text = format!("{}---\nopenapi: 3.0.3\n", spec());
    let second = text.lines().count() - 1;
    assert_has(
        &errors(&text),
        &[&format!(
            "{SPEC}:{second}:1: the spec holds a second YAML document"
        )],
    );
}
