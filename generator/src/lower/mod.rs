//! Validation and lowering: `openapiv3` → IR, collecting every problem instead of stopping at the
//! first. Names and Rust types are decided here and nowhere else.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Errors, pointer};
use crate::ir;
use crate::types::RustType;
use crate::{docs, escape, ident as names};

mod document;
mod fake;
mod models;
mod operations;
mod security;
mod waiters;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Lowers a parsed spec, or returns every problem found in it.
pub fn lower(spec_file: &str, spec: &OpenAPI) -> Result<ir::Api, Errors> {
    lower_with(spec_file, spec, true)
}

/// `lower`, with the fake's tables left out unless `fake`: only the benchmarks do that, to
/// measure what the fake costs.
pub fn lower_with(spec_file: &str, spec: &OpenAPI, fake: bool) -> Result<ir::Api, Errors> {
    let mut lowerer = Lowerer::new(spec_file, spec);
    lowerer.with_fake = fake;
    let api = lowerer.api();
    if lowerer.diagnostics.is_empty() {
        Ok(api)
    } else {
        Err(Errors(lowerer.diagnostics))
    }
}

struct Lowerer<'a> {
    file: &'a str,
    spec: &'a OpenAPI,
    diagnostics: Vec<Diagnostic>,
    /// Schema name in `components/schemas` → Rust type name, for every schema that becomes a type.
    schema_types: BTreeMap<String, String>,
    /// The Rust name of each schema in `schema_types` → the schema's name.
    type_schemas: BTreeMap<String, String>,
    /// Enums in order of first use, with their values and where they were defined.
    enums: Vec<(ir::Enum, Vec<String>, String)>,
    /// Position in `enums` by Rust name.
    enum_index: BTreeMap<String, usize>,
    /// The generated crate's name in Rust paths, for doc examples (set first, from the package).
    lib_name: String,
    /// For each model, the models that convert to it (`x-rust-from`), for the docs of PUT.
    converts_from: BTreeMap<String, Vec<String>>,
    /// The id types `x-rust-id` asks for (`ClientId`).
    id_types: BTreeSet<String>,
    /// Each `oauth2` security scheme with the scopes its flows declare.
    oauth2_schemes: BTreeMap<String, BTreeSet<String>>,
    /// Each documented error code: its constant's name, its message and where it is first.
    code_messages: BTreeMap<String, (String, String, String)>,
    /// The error code constants' names, with the code that took each.
    code_idents: BTreeMap<String, String>,
    /// Whether to lower the fake server's tables (always, but in a benchmark).
    with_fake: bool,
}

impl<'a> Lowerer<'a> {
    fn new(file: &'a str, spec: &'a OpenAPI) -> Self {
        Lowerer {
            file,
            spec,
            diagnostics: Vec::new(),
            schema_types: BTreeMap::new(),
            type_schemas: BTreeMap::new(),
            enums: Vec::new(),
            enum_index: BTreeMap::new(),
            lib_name: String::new(),
            converts_from: BTreeMap::new(),
            id_types: BTreeSet::new(),
            oauth2_schemes: BTreeMap::new(),
            code_messages: BTreeMap::new(),
            code_idents: BTreeMap::new(),
            with_fake: true,
        }
    }

    fn find_enum(&self, name: &str) -> Option<&(ir::Enum, Vec<String>, String)> {
        self.enum_index.get(name).map(|&i| &self.enums[i])
    }

    fn error(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            position: None,
            pointer: Some(at.to_owned()),
            message: message.into(),
        });
    }

    fn api(&mut self) -> ir::Api {
        if !self.spec.openapi.starts_with("3.0.") {
            let found = self.spec.openapi.clone();
            self.error(
                "#/openapi",
                format!("expected an OpenAPI 3.0.x document, found version `{found}`"),
            );
        }
        let package = self.package();
        self.lib_name = package.lib_name.clone();
        let regions = self.regions();
        let scopes = self.scopes();
        let models = self.models();
        self.converts_from = models
            .iter()
            .filter(|m| !m.conversions.is_empty())
            .map(|m| {
                let sources = m.conversions.iter().map(|c| c.source.clone()).collect();
                (m.name.clone(), sources)
            })
            .collect();
        // Operations in phases: each alone, then what needs them all (waiters, then docs).
        let lowered = self.operations();
        if self.spec.operations().next().is_none() {
            self.error(
                "#/paths",
                "the spec has no operations; a client needs at least one",
            );
        }
        let waiting = self.waiters(&lowered, &models);
        let (documented, common_errors) = self.document(&lowered, &waiting);
        let operations: Vec<ir::Operation> = lowered
            .into_iter()
            .zip(waiting)
            .zip(documented)
            .map(|((op, waiting), documented)| {
                let secrets = op
                    .output_type
                    .as_ref()
                    .is_some_and(|ty| carries_secrets(ty, &models, &mut BTreeSet::new()));
                op.finish(waiting, documented, secrets)
            })
            .collect();
        let error_codes = self.error_codes(&operations);
        let uses = uses(&models, &operations);
        let error_body = self.error_body(&models);
        let enums: Vec<ir::Enum> = self.enums.iter().map(|(e, _, _)| e.clone()).collect();
        let fake = match self.with_fake {
            true => self.fake(&operations, &models, &enums),
            false => ir::Fake::default(),
        };
        let quick_start_operation = document::quick_start(&operations, &fake);
        let info = &self.spec.info;
        let mut crate_docs = vec![format!("Client for the {}.", info.title)];
        if let Some(description) = &info.description {
            crate_docs.push(String::new());
            crate_docs.extend(docs::lines(description));
        }
        ir::Api {
            spec_file: self.file.to_owned(),
            package,
            title: info.title.clone(),
            docs: crate_docs,
            regions,
            models,
            enums,
            fake,
            ids: self.id_types.iter().cloned().collect(),
            operations,
            uses,
            quick_start_operation,
            error_body,
            common_errors,
            scopes,
            error_codes,
        }
    }

    fn package(&mut self) -> ir::Package {
        let at = "#/info/x-rust-crate";
        let ext = self.spec.info.extensions.get("x-rust-crate");
        let field = |name: &str| {
            ext.and_then(|e| e.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let (name, version) = (field("name"), field("version"));
        match &name {
            None => self.error(
                at,
                "`info.x-rust-crate` must give the generated package's `name` and `version`",
            ),
            Some(name) => {
                if let Err(problem) = crate::reserved::package_name_problem(name) {
                    self.error(
                        &format!("{at}/name"),
                        format!("`{name}` cannot be a package name: {problem}"),
                    );
                }
            }
        }
        match &version {
            None if name.is_some() => self.error(
                at,
                "`info.x-rust-crate` must give the generated package's `version`",
            ),
            Some(version) => {
                if let Err(error) = semver::Version::parse(version) {
                    self.error(
                        &format!("{at}/version"),
                        format!("`{version}` is not a semantic version such as `1.0.0`, as cargo requires ({error})"),
                    );
                }
            }
            None => {}
        }
        let repository = field("repository");
        if let Some(url) = &repository
            && let Err(problem) = https_url_problem(url)
        {
            self.error(
                &format!("{at}/repository"),
                format!("{url:?} is not a usable https URL: {problem}"),
            );
        }
        // `fake` (which named a hand-written fake) is ignored: every crate's fake is generated
        // now, and older specs must still lower for `api-diff`.
        let name = name.unwrap_or_else(|| "generated-client".to_owned());
        ir::Package {
            lib_name: name.replace('-', "_"),
            name,
            version: version.unwrap_or_else(|| "0.0.0".to_owned()),
            repository,
            description: self
                .spec
                .info
                .description
                .clone()
                .unwrap_or_else(|| self.spec.info.title.clone()),
        }
    }

    /// A spec item's `x-rust-name`: `Ok(None)` where it has none, `Err` (reported) where it is not
    /// a usable name. `upper` asks for a type name, else a method or field name.
    fn explicit_name(
        &mut self,
        extensions: &IndexMap<String, Value>,
        at: &str,
        upper: bool,
    ) -> Result<Option<String>, ()> {
        let Some(value) = extensions.get("x-rust-name") else {
            return Ok(None);
        };
        let at = format!("{at}/x-rust-name");
        let Some(name) = value.as_str() else {
            self.error(&at, "`x-rust-name` must be a string");
            return Err(());
        };
        if let Some(problem) = names::explicit_name_problem(name, upper) {
            self.error(&at, problem);
            return Err(());
        }
        Ok(Some(name.to_owned()))
    }

    fn regions(&mut self) -> Vec<ir::Region> {
        if self.spec.servers.is_empty() {
            self.error(
                "#/servers",
                "at least one server is needed: the first is the client's default region",
            );
        }
        let mut regions = Vec::new();
        let mut taken = Taken::default();
        for (i, server) in self.spec.servers.iter().enumerate() {
            let at = pointer(["servers", &i.to_string()]);
            let ext = |key: &str| {
                server
                    .extensions
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let (Some(name), Some(login_url)) = (ext("x-region"), ext("x-login-url")) else {
                self.error(&at, "each server needs `x-region` (its region name) and `x-login-url` (its login host)");
                continue;
            };
            for (key, url) in [("url", &server.url), ("x-login-url", &login_url)] {
                if let Err(problem) = https_url_problem(url) {
                    self.error(
                        &format!("{at}/{key}"),
                        format!("{:?} is not a usable https URL: {problem}", url),
                    );
                }
            }
            if name.is_empty()
                || escape::has_line_break(&name)
                || name.chars().any(char::is_control)
            {
                self.error(
                    &format!("{at}/x-region"),
                    "a region name must be one line of text without control characters",
                );
            }
            let variant = names::upper_camel(&name, "Region");
            let what = format!("region `{name}`");
            if let Err(message) = taken.claim(&variant, &what, &at, "`Region` variant") {
                let message =
                    message.replace("another name with `x-rust-name`", "another `x-region`");
                self.error(&format!("{at}/x-region"), message);
            }
            regions.push(ir::Region {
                variant,
                description: server.description.clone().unwrap_or_else(|| name.clone()),
                name,
                api_url: server.url.trim_end_matches('/').to_owned(),
                login_url: login_url.trim_end_matches('/').to_owned(),
                is_default: i == 0,
                pointer: at,
            });
        }
        regions
    }
}

/// The Rust names taken in one scope, each with what took it and where, so that a second claim
/// can name both.
#[derive(Default)]
struct Taken {
    owners: std::collections::HashMap<String, (String, String)>,
}

impl Taken {
    /// Takes `name` for `what` (at `at`), or says who has it.
    fn claim(&mut self, name: &str, what: &str, at: &str, kind: &str) -> Result<(), String> {
        match self.owners.get(name) {
            Some((other, other_at)) => Err(format!(
                "{what} and {other} (at {other_at}) would both be the {kind} `{name}` in Rust; give one of them another name with `x-rust-name`"
            )),
            None => {
                self.owners
                    .insert(name.to_owned(), (what.to_owned(), at.to_owned()));
                Ok(())
            }
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.owners.contains_key(name)
    }
}

fn uses(models: &[ir::Model], operations: &[ir::Operation]) -> ir::Uses {
    let path_params = operations.iter().any(|op| {
        op.path
            .iter()
            .any(|p| matches!(p, ir::PathPart::Param { .. }))
    });
    ir::Uses {
        // Only a field that may be absent and may be `null` needs three states on the wire.
        nullable: models
            .iter()
            .flat_map(|m| &m.fields)
            .any(|f| f.nullable && !f.required),
        path_params,
        waiters: operations.iter().any(|op| !op.waiters.is_empty()),
        waiter_required_fields: operations
            .iter()
            .flat_map(|op| &op.waiters)
            .flat_map(|w| &w.from_response)
            .any(|f| f.optional),
    }
}

/// Whether a value of `ty` can hold a secret: a `format: password` string, at any depth.
fn carries_secrets(ty: &RustType, models: &[ir::Model], seen: &mut BTreeSet<String>) -> bool {
    match ty {
        RustType::Secret => true,
        RustType::Vec(inner) | RustType::Map(inner) | RustType::Boxed(inner) => {
            carries_secrets(inner, models, seen)
        }
        RustType::Named(name) => {
            seen.insert(name.clone())
                && models.iter().find(|m| &m.name == name).is_some_and(|m| {
                    m.fields
                        .iter()
                        .any(|f| carries_secrets(&f.value_type, models, seen))
                })
        }
        _ => false,
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(n) => *n == 2,
    }
}

/// `item` itself, or the component its `$ref` names in `components` (the section of
/// `#/components` that `prefix` names). For a reference that leads nowhere: the message to report,
/// with the closest existing name.
fn resolve<'s, T>(
    item: &'s ReferenceOr<T>,
    prefix: &str,
    what: &str,
    components: Option<&'s IndexMap<String, ReferenceOr<T>>>,
) -> Result<&'s T, String> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let name = reference.strip_prefix(prefix);
    if let Some(ReferenceOr::Item(found)) = name.and_then(|name| components?.get(name)) {
        return Ok(found);
    }
    let hint = did_you_mean(
        name.unwrap_or(reference),
        components.into_iter().flat_map(|c| c.keys()),
    );
    Err(format!(
        "`{reference}` does not name {what} in `{prefix}...`{hint}"
    ))
}

/// A response, following a `$ref` to `#/components/responses`; for a reference that leads nowhere,
/// the message that the operation's responses report.
fn resolve_response<'s>(
    spec: &'s OpenAPI,
    response: &'s ReferenceOr<Response>,
) -> Result<&'s Response, String> {
    resolve(
        response,
        "#/components/responses/",
        "a response",
        spec.components.as_ref().map(|c| &c.responses),
    )
}

/// The JSON media type of a body, and its schema.
fn json_content(content: &openapiv3::Content) -> Option<(&str, &ReferenceOr<Schema>)> {
    content.iter().find_map(|(media, body)| {
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let is_json =
            essence == "application/json" || essence.ends_with("+json") || essence == "*/*";
        if is_json {
            Some((media.as_str(), body.schema.as_ref()?))
        } else {
            None
        }
    })
}

fn pointer_join(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&crate::diagnostics::escape_token(token));
    }
    out
}

fn describe(description: &Option<String>) -> Vec<String> {
    description.as_deref().map(docs::lines).unwrap_or_default()
}

/// Appends a paragraph, separated from what is there by a blank doc line.
fn push_paragraph(lines: &mut Vec<String>, paragraph: &str) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(paragraph.to_owned());
}

/// A JSON default as a person writes it: `7` for the string `"7"`.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// ` (did you mean `X`?)` for the known name closest to `name`, when one is close.
fn did_you_mean<'n>(name: &str, known: impl Iterator<Item = &'n String>) -> String {
    // The distance takes time in proportion to the product of the lengths: a name of thousands
    // of characters is no typo of a real one, and is not compared.
    if name.len() > 256 {
        return String::new();
    }
    known
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min()
        .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default()
}

/// What a URL path may hold besides letters and digits without escaping: RFC 3986's unreserved
/// and sub-delimiter characters, `:`, `@`, `/` and `%` (escapes the author wrote).
const URL_PATH_PUNCTUATION: &str = "/-._~%!$&'()*+,;=:@";

/// Why `url` cannot be a server's base URL, if it cannot: an `https` URL with a host, an optional
/// port and path, and nothing that would need escaping (it is placed in code and docs as it is).
fn https_url_problem(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .ok_or("it must start with `https://`")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
        return Err("its host must be a DNS name (letters, digits, `-` and `.`)");
    }
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err("its port must be a number up to 65535");
    }
    if !path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || URL_PATH_PUNCTUATION.contains(c))
    {
        return Err(
            "its path may hold only URL characters (no spaces, quotes, line breaks, `?` or `#`)",
        );
    }
    Ok(())
}

/// A piece of an operation's path as the spec writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RouteSegment {
    /// Text sent as it is.
    Literal(String),
    /// A `{name}` placeholder, by the name of its parameter.
    Placeholder(String),
}

/// An operation's path, read once into its pieces; or why it cannot be one: it must start with
/// `/` and hold only characters a URL path may hold unescaped, plus `{name}` placeholders.
fn parse_route(route: &str) -> Result<Vec<RouteSegment>, &'static str> {
    if !route.starts_with('/') {
        return Err("a path must start with `/`");
    }
    let mut segments = Vec::new();
    let (mut text, mut in_placeholder) = (String::new(), false);
    for c in route.chars() {
        match c {
            '{' if !in_placeholder => {
                if !text.is_empty() {
                    segments.push(RouteSegment::Literal(std::mem::take(&mut text)));
                }
                in_placeholder = true;
            }
            '}' if in_placeholder => {
                segments.push(RouteSegment::Placeholder(std::mem::take(&mut text)));
                in_placeholder = false;
            }
            '{' | '}' => return Err("`{` and `}` must pair up around a parameter name"),
            c if in_placeholder && (c.is_control() || c == '/') => {
                return Err("a parameter name in a path cannot hold `/` or control characters");
            }
            // Letters of any script are fine: the URL parser percent-encodes them.
            c if !(in_placeholder || c.is_alphanumeric() || URL_PATH_PUNCTUATION.contains(c)) => {
                return Err(
                    "a path may hold only URL characters (no spaces, quotes, line breaks, `?` or `#`) outside `{name}` placeholders",
                );
            }
            c => text.push(c),
        }
    }
    if in_placeholder {
        return Err("a `{` is not closed");
    }
    if !text.is_empty() {
        segments.push(RouteSegment::Literal(text));
    }
    Ok(segments)
}

/// Whether `name` is an HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}
