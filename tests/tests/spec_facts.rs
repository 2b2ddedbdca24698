//! `spec/oauth.yaml` agrees, field for field, with what the official SDKs say of the API
//! (`tests/fixtures/reference`, copied from the shared reference material).

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

fn spec() -> Yaml {
    let root = xtask::codegen::workspace_root();
    serde_yaml::from_str(&std::fs::read_to_string(root.join("spec/oauth.yaml")).unwrap()).unwrap()
}

fn reference(name: &str) -> Json {
    let path = xtask::codegen::workspace_root()
        .join("tests/fixtures/reference")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(value: &Yaml) -> Option<&str> {
    value.as_str()
}

/// The schema a property refers to, through `$ref` or a one-element `allOf`.
fn reference_name(property: &Yaml) -> Option<String> {
    let reference = property
        .get("$ref")
        .or_else(|| property.get("allOf")?.get(0)?.get("$ref"))?;
    Some(
        reference
            .as_str()?
            .strip_prefix("#/components/schemas/")?
            .to_owned(),
    )
}

fn strings(value: Option<&Yaml>) -> Vec<String> {
    value
        .and_then(Yaml::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn models_match_the_sdk_facts() {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_mapping().unwrap();
    let facts = reference("models.json");
    let models = facts["models"].as_object().unwrap();
    assert_eq!(schemas.len(), 18);
    assert_eq!(models.len(), 18);

    for (name, model) in models {
        let schema = &spec["components"]["schemas"][name.as_str()];
        assert_eq!(text(&schema["type"]), Some("object"), "{name}");
        let properties = schema["properties"]
            .as_mapping()
            .unwrap_or_else(|| panic!("{name} has no properties"));
        let facts = model["properties"].as_array().unwrap();
        let spec_names: Vec<&str> = properties.keys().filter_map(Yaml::as_str).collect();
        let fact_names: Vec<&str> = facts.iter().map(|p| p["json"].as_str().unwrap()).collect();
        assert_eq!(spec_names, fact_names, "{name}: properties and their order");

        let mut required: Vec<String> = facts
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| p["json"].as_str().unwrap().to_owned())
            .collect();
        let mut spec_required = strings(schema.get("required"));
        required.sort();
        spec_required.sort();
        assert_eq!(spec_required, required, "{name}: required");

        for fact in facts {
            let field = fact["json"].as_str().unwrap();
            let at = format!("{name}.{field}");
            let property = &properties[field];
            let read_only = property
                .get("readOnly")
                .and_then(Yaml::as_bool)
                .unwrap_or(false);
            assert_eq!(read_only, fact["readonly"] == true, "{at}: readOnly");

            let python = fact["python_type"].as_str().unwrap();
            let enum_values: Vec<String> = fact["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            match python {
                "str" if enum_values.is_empty() => {
                    assert_eq!(text(&property["type"]), Some("string"), "{at}");
                    // Only secrets carry a format, and every secret does.
                    let format = property.get("format").and_then(Yaml::as_str);
                    assert_eq!(
                        format,
                        (field == "secret").then_some("password"),
                        "{at}: format"
                    );
                }
                "str" => {
                    assert_eq!(text(&property["type"]), Some("string"), "{at}");
                    assert_eq!(strings(property.get("enum")), enum_values, "{at}: enum");
                }
                "int" => {
                    assert_eq!(text(&property["type"]), Some("integer"), "{at}");
                    assert_eq!(
                        text(&property["format"]),
                        fact["int_format"].as_str(),
                        "{at}: width"
                    );
                }
                "bool" => assert_eq!(text(&property["type"]), Some("boolean"), "{at}"),
                "datetime" => {
                    assert_eq!(text(&property["type"]), Some("string"), "{at}");
                    assert_eq!(text(&property["format"]), Some("date-time"), "{at}");
                }
                list if list.starts_with("list[") => {
                    assert_eq!(text(&property["type"]), Some("array"), "{at}");
                    let items = &property["items"];
                    let inner = &list[5..list.len() - 1];
                    if fact["enum_on"] == "items" {
                        assert_eq!(strings(items.get("enum")), enum_values, "{at}: item enum");
                    } else if inner == "str" {
                        assert_eq!(text(&items["type"]), Some("string"), "{at}: items");
                    } else {
                        assert_eq!(reference_name(items).as_deref(), Some(inner), "{at}: items");
                    }
                }
                dict if dict.starts_with("dict(") => {
                    assert_eq!(text(&property["type"]), Some("object"), "{at}");
                    assert_eq!(
                        text(&property["additionalProperties"]["type"]),
                        Some("string"),
                        "{at}"
                    );
                }
                model => assert_eq!(reference_name(property).as_deref(), Some(model), "{at}"),
            }
        }
    }
}

#[test]
fn operations_match_the_sdk_facts() {
    let spec = spec();
    let facts = reference("operations.json");
    let operations = facts["operations"].as_array().unwrap();
    assert_eq!(operations.len(), 13);
    let mut count = 0;
    for path in spec["paths"].as_mapping().unwrap().values() {
        count += path.as_mapping().unwrap().len();
    }
    assert_eq!(count, 13, "the spec has exactly the 13 operations");

    for fact in operations {
        let id = fact["js_name"].as_str().unwrap();
        let verb = fact["method"].as_str().unwrap().to_lowercase();
        let op = &spec["paths"][fact["path"].as_str().unwrap()][verb.as_str()];
        assert_eq!(text(&op["operationId"]), Some(id));
        assert_eq!(
            text(&op["summary"]),
            fact["summary"].as_str(),
            "{id}: summary"
        );

        // Parameters, in order, resolving shared ones.
        let params: Vec<(String, String, bool)> = op
            .get("parameters")
            .and_then(Yaml::as_sequence)
            .into_iter()
            .flatten()
            .map(|p| {
                let p = match p.get("$ref").and_then(Yaml::as_str) {
                    Some(r) => &spec["components"]["parameters"][r.rsplit('/').next().unwrap()],
                    None => p,
                };
                (
                    p["name"].as_str().unwrap().to_owned(),
                    p["in"].as_str().unwrap().to_owned(),
                    p["required"] == Yaml::Bool(true),
                )
            })
            .collect();
        let expected: Vec<(String, String, bool)> = fact["params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_owned(),
                    p["in"].as_str().unwrap().to_owned(),
                    p["required"] == true,
                )
            })
            .collect();
        assert_eq!(params, expected, "{id}: parameters");

        let body = op
            .get("requestBody")
            .map(|b| reference_name(&b["content"]["application/json"]["schema"]).unwrap());
        assert_eq!(body.as_deref(), fact["body"]["type"].as_str(), "{id}: body");
        let returns =
            reference_name(&op["responses"]["200"]["content"]["application/json"]["schema"]);
        assert_eq!(
            returns.as_deref(),
            fact["returns"].as_str(),
            "{id}: 200 body"
        );

        let permissions = strings(
            op.get("x-inin-requires-permissions")
                .and_then(|p| p.get("permissions")),
        );
        let expected: Vec<String> = fact["permissions"]["any_of"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(permissions, expected, "{id}: permissions");

        for status in [
            "400", "401", "403", "404", "408", "409", "413", "415", "429", "500", "503", "504",
        ] {
            assert!(
                op["responses"].get(status).is_some(),
                "{id}: documents {status}"
            );
        }
    }
}

#[test]
fn servers_are_the_fifteen_regions() {
    let spec = spec();
    let servers = spec["servers"].as_sequence().unwrap();
    assert_eq!(servers.len(), 15);
    assert_eq!(
        text(&servers[0]["url"]),
        Some("https://api.mypurecloud.com")
    );
    for server in servers {
        let api = text(&server["url"]).unwrap();
        let login = text(&server["x-login-url"]).unwrap();
        assert_eq!(login, api.replacen("//api.", "//login.", 1));
    }
}
