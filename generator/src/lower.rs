//! Validation and lowering: `openapiv3` → IR, collecting every problem instead of stopping at the
//! first. Names and Rust types are decided here and nowhere else.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use quote::quote;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Errors, pointer};
use crate::ir;
use crate::types::{RustType, text};
use crate::{docs, ident as names};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Fake servers the templates provide, by the name a spec asks for them with (`x-rust-crate.fake`).
const KNOWN_FAKES: &[&str] = &["oauth"];

/// Lowers a parsed spec, or returns every problem found in it.
pub fn lower(spec_file: &str, spec: &OpenAPI) -> Result<ir::Api, Errors> {
    let mut lowerer = Lowerer::new(spec_file, spec);
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
}

/// A model field before recursion is known (whether it needs a `Box`).
struct FieldDraft {
    json_name: String,
    ident: String,
    ty: RustType,
    required: bool,
    nullable: bool,
    docs: Vec<String>,
    deprecated: bool,
}

struct ModelDraft {
    name: String,
    docs: Vec<String>,
    fields: Vec<FieldDraft>,
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
        let regions = self.regions();
        let models = self.models();
        let mut operations = self.operations();
        self.waiters(&mut operations, &models);
        let uses = uses(&models, &operations);
        let error_body = self.error_body(&models);
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
            enums: self.enums.iter().map(|(e, _, _)| e.clone()).collect(),
            operations,
            uses,
            error_body,
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
        let valid_name = name.as_deref().is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        if !valid_name || version.is_none() {
            self.error(
                at,
                "`info.x-rust-crate` must give the generated package's `name` (letters, digits, `-`, `_`) and `version`",
            );
        }
        let fake = field("fake");
        if let Some(kind) = fake.as_deref().filter(|kind| !KNOWN_FAKES.contains(kind)) {
            self.error(
                &format!("{at}/fake"),
                format!("there is no fake server `{kind}`; the templates provide {KNOWN_FAKES:?}"),
            );
        }
        let name = name.unwrap_or_else(|| "generated-client".to_owned());
        ir::Package {
            lib_name: name.replace('-', "_"),
            name,
            version: version.unwrap_or_else(|| "0.0.0".to_owned()),
            fake,
            description: self
                .spec
                .info
                .description
                .clone()
                .unwrap_or_else(|| self.spec.info.title.clone()),
        }
    }

    fn regions(&mut self) -> Vec<ir::Region> {
        if self.spec.servers.is_empty() {
            self.error(
                "#/servers",
                "at least one server is needed: the first is the client's default region",
            );
        }
        let mut regions = Vec::new();
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
                if !url.starts_with("https://")
                    || url.trim_end_matches('/').len() <= "https://".len()
                {
                    self.error(
                        &format!("{at}/{key}"),
                        format!("`{url}` is not an absolute https URL"),
                    );
                }
            }
            regions.push(ir::Region {
                variant: names::upper_camel(&name, "Region"),
                description: server.description.clone().unwrap_or_else(|| name.clone()),
                name,
                api_url: server.url.trim_end_matches('/').to_owned(),
                login_url: login_url.trim_end_matches('/').to_owned(),
                is_default: i == 0,
            });
        }
        let variants = names::dedupe(regions.iter().map(|r| r.variant.clone()));
        for (region, variant) in regions.iter_mut().zip(variants) {
            region.variant = variant;
        }
        regions
    }

    // ---------------------------------------------------------------- models

    fn models(&mut self) -> Vec<ir::Model> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        // Names first, so references can be resolved in any order.
        let schema_names: Vec<&String> = components.schemas.keys().collect();
        let rust_names = names::dedupe(schema_names.iter().map(|n| names::upper_camel(n, "Type")));
        for (schema, rust) in schema_names.iter().zip(rust_names) {
            self.type_schemas.insert(rust.clone(), (*schema).clone());
            self.schema_types.insert((*schema).clone(), rust);
        }

        let mut drafts = Vec::new();
        for (schema_name, schema) in &components.schemas {
            let at = pointer(["components", "schemas", schema_name]);
            let rust_name = self.schema_types[schema_name].clone();
            let ReferenceOr::Item(schema) = schema else {
                self.error(
                    &at,
                    "a schema in `components/schemas` must be defined there, not be a `$ref`",
                );
                continue;
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    let mut docs = describe(&schema.schema_data.description);
                    if docs.is_empty() {
                        docs.push(format!("The `{schema_name}` schema."));
                    }
                    let mut fields = Vec::new();
                    for required in &object.required {
                        if !object.properties.contains_key(required) {
                            self.error(
                                &format!("{at}/required"),
                                format!("`{required}` is listed as required but is not a property"),
                            );
                        }
                    }
                    let idents = names::dedupe(object.properties.keys().map(|k| names::snake(k)));
                    for ((json_name, property), ident) in object.properties.iter().zip(idents) {
                        let at = format!("{at}/properties/{}", crate::diagnostics::escape_token(json_name));
                        let context = format!("{rust_name}{}", names::upper_camel(json_name, "Field"));
                        let (ty, data) = match property {
                            ReferenceOr::Reference { reference } => (self.reference(reference, &at), None),
                            ReferenceOr::Item(schema) => (self.schema(schema, &context, &at), Some(&schema.schema_data)),
                        };
                        let Some(ty) = ty else { continue };
                        let mut docs = data.map(|d| describe(&d.description)).unwrap_or_default();
                        let read_only = data.is_some_and(|d| d.read_only);
                        let deprecated = data.is_some_and(|d| d.deprecated);
                        if read_only {
                            push_paragraph(&mut docs, "Read-only: set by the server, ignored in requests.");
                        }
                        if deprecated {
                            push_paragraph(&mut docs, "Deprecated by the API.");
                        }
                        if ty == RustType::Secret {
                            push_paragraph(
                                &mut docs,
                                "A secret: `Debug` prints it redacted; read it with [`SecretString::expose_secret`](crate::SecretString::expose_secret).",
                            );
                        }
                        if docs.is_empty() {
                            docs.push(format!("The `{json_name}` property."));
                        }
                        fields.push(FieldDraft {
                            json_name: json_name.clone(),
                            ident,
                            ty,
                            required: object.required.contains(json_name),
                            nullable: data.is_some_and(|d| d.nullable),
                            docs,
                            deprecated,
                        });
                    }
                    drafts.push(ModelDraft { name: rust_name, docs, fields });
                }
                SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                    let values = string.enumeration.iter().flatten().cloned().collect();
                    self.register_enum(&rust_name, values, &schema.schema_data.description, &at);
                }
                _ => self.error(
                    &at,
                    "only object schemas and string enums can be named in `components/schemas`; refer to other shapes inline",
                ),
            }
        }
        let boxed = recursive_fields(&drafts);
        drafts
            .into_iter()
            .map(|draft| finish_model(draft, &boxed))
            .collect()
    }

    /// The type of a `$ref`, which must name a schema in `components/schemas`.
    fn reference(&mut self, reference: &str, at: &str) -> Option<RustType> {
        let at = &format!("{at}/$ref");
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.error(
                at,
                format!(
                    "`{reference}`: only references to `{SCHEMA_PREFIX}...` are supported here"
                ),
            );
            return None;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        match self.schema_types.get(&name) {
            Some(rust) => Some(RustType::Named(rust.clone())),
            None => {
                let hint = did_you_mean(&name, self.schema_types.keys());
                self.error(at, format!("`{reference}` does not exist{hint}"));
                None
            }
        }
    }

    /// The type of an inline schema. `context` names an inline enum that has no `title`.
    fn schema(&mut self, schema: &Schema, context: &str, at: &str) -> Option<RustType> {
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    let name = match &data.title {
                        Some(title) => names::upper_camel(title, "Type"),
                        None => context.to_owned(),
                    };
                    let values = string.enumeration.iter().flatten().cloned().collect();
                    return self
                        .register_enum(&name, values, &data.description, at)
                        .map(RustType::Named);
                }
                Some(match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => RustType::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => RustType::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => RustType::Secret,
                    _ => RustType::String,
                })
            }
            SchemaKind::Type(Type::Integer(integer)) => Some(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => RustType::I32,
                _ => RustType::I64,
            }),
            SchemaKind::Type(Type::Number(number)) => Some(match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => RustType::F32,
                _ => RustType::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Some(RustType::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    None => Some(RustType::Json),
                    Some(ReferenceOr::Reference { reference }) => {
                        self.reference(reference, &format!("{at}/items"))
                    }
                    Some(ReferenceOr::Item(item)) => {
                        self.schema(item, &format!("{context}Item"), &format!("{at}/items"))
                    }
                };
                item.map(|item| RustType::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(object)) => {
                if !object.properties.is_empty() {
                    self.error(
                        at,
                        "an object with properties must be defined in `components/schemas` and referred to with `$ref`, so its type has a name",
                    );
                    return None;
                }
                let value = match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => match value.as_ref() {
                        ReferenceOr::Reference { reference } => {
                            self.reference(reference, &format!("{at}/additionalProperties"))?
                        }
                        ReferenceOr::Item(value) => self.schema(
                            value,
                            &format!("{context}Value"),
                            &format!("{at}/additionalProperties"),
                        )?,
                    },
                    Some(AdditionalProperties::Any(true)) => RustType::Json,
                    Some(AdditionalProperties::Any(false)) | None => return Some(RustType::Json),
                };
                Some(RustType::Map(Box::new(value)))
            }
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => {
                    self.reference(reference, &format!("{at}/allOf/0"))
                }
                _ => {
                    self.error(
                        at,
                        "`allOf` is supported only as a wrapper around a single `$ref` (to give it a description)",
                    );
                    None
                }
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.error(
                    at,
                    "`oneOf`, `anyOf` and `not` are not supported by this generator",
                );
                None
            }
            SchemaKind::Any(any) => {
                if any.typ.is_some()
                    || !any.properties.is_empty()
                    || any.items.is_some()
                    || !any.enumeration.is_empty()
                    || !any.one_of.is_empty()
                    || !any.all_of.is_empty()
                    || !any.any_of.is_empty()
                {
                    self.error(
                        at,
                        "this schema mixes keywords of different types (or has an unknown `type`); give it one `type` and only that type's keywords",
                    );
                    return None;
                }
                Some(RustType::Json)
            }
        }
    }

    /// Records an enum (or finds the identical one already recorded) and returns its Rust name.
    fn register_enum(
        &mut self,
        name: &str,
        values: Vec<String>,
        description: &Option<String>,
        at: &str,
    ) -> Option<String> {
        if values.is_empty() {
            self.error(at, "an enum needs at least one non-null value");
            return None;
        }
        if let Some((_, existing, first_at)) = self.find_enum(name) {
            if *existing == values {
                return Some(name.to_owned());
            }
            let first_at = first_at.clone();
            self.error(
                at,
                format!("enum `{name}` is also defined at {first_at} with other values; give one of them another `title`"),
            );
            return None;
        }
        // A schema of that name is fine only when it is this enum itself.
        let model_clash = self
            .type_schemas
            .get(name)
            .filter(|schema| !at.ends_with(schema.as_str()));
        if let Some(schema) = model_clash {
            let schema = schema.clone();
            self.error(at, format!("enum name `{name}` is already the name of schema `{schema}`; give the enum another `title`"));
            return None;
        }
        // `Unknown` is the catch-all variant, so a value that would be called that is renamed.
        let idents = names::dedupe(
            std::iter::once("Unknown".to_owned())
                .chain(values.iter().map(|v| names::upper_camel(v, "V"))),
        );
        let variants = values
            .iter()
            .zip(idents.into_iter().skip(1))
            .map(|(value, ident)| ir::Variant {
                ident,
                literal: format!("{value:?}"),
                docs: format!("`{}` on the wire.", value.replace('`', "'")),
            })
            .collect();
        let mut enum_docs = describe(description);
        if enum_docs.is_empty() {
            enum_docs.push(format!(
                "One of the values the API lists for `{}`.",
                at.rsplit('/').next().unwrap_or(name)
            ));
        }
        push_paragraph(
            &mut enum_docs,
            "A value this version of the crate does not know is kept in `Unknown` and written back unchanged.",
        );
        self.enum_index.insert(name.to_owned(), self.enums.len());
        self.enums.push((
            ir::Enum {
                name: name.to_owned(),
                docs: enum_docs,
                variants,
            },
            values,
            at.to_owned(),
        ));
        Some(name.to_owned())
    }

    /// The model error responses carry: the one schema every documented error status refers to.
    fn error_body(&self, models: &[ir::Model]) -> Option<ir::ErrorBody> {
        let mut found: BTreeSet<String> = BTreeSet::new();
        for (_, _, operation) in self.spec.operations() {
            for (code, response) in &operation.responses.responses {
                if matches!(code, StatusCode::Code(n) if *n < 400)
                    || matches!(code, StatusCode::Range(n) if *n < 4)
                {
                    continue;
                }
                let Some(response) = resolve_response(self.spec, response) else {
                    continue;
                };
                if let Some((_, ReferenceOr::Reference { reference })) =
                    json_content(&response.content)
                    && let Some(name) = reference
                        .strip_prefix(SCHEMA_PREFIX)
                        .and_then(|n| self.schema_types.get(n))
                {
                    found.insert(name.clone());
                }
            }
        }
        let name = match found.len() {
            1 => found.into_iter().next()?,
            _ => return None,
        };
        let model = models.iter().find(|m| m.name == name)?;
        let string_field = |json: &str| {
            model
                .fields
                .iter()
                .find(|f| f.json_name == json && f.ty.replace(' ', "") == "Option<String>")
                .map(|f| f.ident.clone())
        };
        Some(ir::ErrorBody {
            ty: text(RustType::Named(name.clone()).tokens()),
            code_field: string_field("code"),
            message_field: string_field("message"),
        })
    }

    // ---------------------------------------------------------------- operations

    fn operations(&mut self) -> Vec<ir::Operation> {
        let mut operations = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for (route, item) in &self.spec.paths.paths {
            let path_at = pointer(["paths", route]);
            let ReferenceOr::Item(item) = item else {
                self.error(
                    &path_at,
                    "a path item must be defined in place, not be a `$ref`",
                );
                continue;
            };
            if !route.starts_with('/') {
                self.error(&path_at, "a path must start with `/`");
            }
            for (method, operation) in item.iter() {
                let at = format!("{path_at}/{method}");
                let Some(id) = operation
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty())
                else {
                    self.error(
                        &at,
                        "every operation needs an `operationId`: it names the client method",
                    );
                    continue;
                };
                if let Some(first) = seen_ids.insert(names::snake(&id), at.clone()) {
                    self.error(
                        &format!("{at}/operationId"),
                        format!("`{id}` is used twice (first at {first})"),
                    );
                    continue;
                }
                if let Some(op) =
                    self.operation(route, method, &id, operation, &item.parameters, &at)
                {
                    operations.push(op);
                }
            }
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        operations
    }

    fn operation(
        &mut self,
        route: &str,
        method: &str,
        id: &str,
        operation: &'a openapiv3::Operation,
        shared: &[ReferenceOr<Parameter>],
        at: &str,
    ) -> Option<ir::Operation> {
        let errors_before = self.diagnostics.len();
        let method_name = names::snake(id);
        let request_type = names::upper_camel(id, "Op");

        // Parameters: the path item's, overridden by the operation's with the same name and place.
        let mut params: Vec<(Parameter, String)> = Vec::new();
        let sources = shared.iter().enumerate().map(|(i, p)| {
            (
                p,
                format!(
                    "{}/parameters/{i}",
                    at.rsplit_once('/').map_or(at, |(path, _)| path)
                ),
            )
        });
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{at}/parameters/{i}")));
        for (param, param_at) in sources.chain(own) {
            let Some(param) = self.parameter(param, &param_at) else {
                continue;
            };
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            params.retain(|(existing, _)| key(existing) != key(&param));
            params.push((param, param_at));
        }

        let placeholders = placeholders(route);
        let mut args = Vec::new();
        let mut options = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut path_params = BTreeMap::new();
        let idents = names::dedupe(
            params
                .iter()
                .map(|(p, _)| names::snake(&p.parameter_data_ref().name))
                .chain(["body".to_owned()]),
        );
        let body_ident = idents.last().cloned().unwrap_or_else(|| "body".to_owned());
        for ((param, param_at), ident) in params.iter().zip(idents) {
            let data = param.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.error(
                    param_at,
                    "parameters with `content` are not supported; give the parameter a `schema`",
                );
                continue;
            };
            let context = format!("{request_type}{}", names::upper_camel(&data.name, "Param"));
            let ty = match schema {
                ReferenceOr::Reference { reference } => {
                    self.reference(reference, &format!("{param_at}/schema"))
                }
                ReferenceOr::Item(schema) => {
                    self.schema(schema, &context, &format!("{param_at}/schema"))
                }
            };
            let Some(ty) = ty else { continue };
            let repeated = matches!(ty, RustType::Vec(_));
            let scalar = |t: &RustType| {
                !matches!(
                    t,
                    RustType::Vec(_) | RustType::Map(_) | RustType::Json | RustType::Boxed(_)
                ) && !matches!(t, RustType::Named(n) if self.find_enum(n).is_none())
            };
            let supported = match &ty {
                RustType::Vec(item) => matches!(param, Parameter::Query { .. }) && scalar(item),
                other => scalar(other),
            };
            if !supported {
                self.error(
                    &format!("{param_at}/schema"),
                    "a parameter must be a string, number, boolean, date or enum (or, in the query, an array of those)",
                );
                continue;
            }
            let mut param_docs = describe(&data.description);
            let mut example = data.example.as_ref().map(plain);
            if let ReferenceOr::Item(schema) = schema
                && let Some(default) = &schema.schema_data.default
            {
                push_paragraph(
                    &mut param_docs,
                    &format!(
                        "The server assumes `{}` when it is not sent.",
                        plain(default)
                    ),
                );
                example = example.or_else(|| Some(plain(default)));
            }
            if param_docs.is_empty() {
                param_docs.push(format!("The `{}` parameter.", data.name));
            }
            let mut lowered =
                param_ir(&ident, &data.name, &ty, data.required, repeated, param_docs);
            lowered.example = example.unwrap_or_else(|| example_string(&data.name));
            match param {
                Parameter::Path { .. } => {
                    if !placeholders.contains(&data.name) {
                        self.error(
                            param_at,
                            format!(
                                "path parameter `{}` does not appear in the path `{route}`",
                                data.name
                            ),
                        );
                        continue;
                    }
                    if !data.required {
                        self.error(param_at, "a path parameter must be `required: true`");
                        continue;
                    }
                    path_params.insert(data.name.clone(), ident.clone());
                }
                Parameter::Query { .. } => query.push(lowered.clone()),
                Parameter::Header { .. } => {
                    // OpenAPI: these three header parameters "SHALL be ignored"; the client sets them.
                    if ["accept", "content-type", "authorization"]
                        .contains(&data.name.to_ascii_lowercase().as_str())
                    {
                        continue;
                    }
                    headers.push(lowered.clone());
                }
                Parameter::Cookie { .. } => {
                    self.error(param_at, "cookie parameters are not supported");
                    continue;
                }
            }
            if data.required {
                args.push(lowered);
            } else {
                let ty_tokens = ty.tokens();
                lowered.ty = text(quote!(Option<#ty_tokens>));
                options.push(lowered);
            }
        }
        for name in &placeholders {
            if !path_params.contains_key(name) {
                self.error(
                    at,
                    format!(
                        "the path has `{{{name}}}` but the operation has no path parameter `{name}`"
                    ),
                );
            }
        }
        let path = path_parts(route, &path_params);

        let body = operation.request_body.as_ref().and_then(|body| {
            self.request_body(
                body,
                &format!("{at}/requestBody"),
                &request_type,
                &body_ident,
            )
        });
        if let Some(body) = &body {
            if body.required {
                args.push(body.clone());
            } else {
                options.push(body.clone());
            }
        }

        let (output, statuses) = self.responses(operation, at, &request_type);
        if self.diagnostics.len() > errors_before {
            return None;
        }
        let output_tokens = output.as_ref().map_or(quote!(()), RustType::tokens);
        let idempotent = matches!(
            method,
            "get" | "head" | "put" | "delete" | "options" | "trace"
        );
        let adds_to_request = !query.is_empty() || !headers.is_empty() || body.is_some();
        let op = ir::Operation {
            operation_id: id.to_owned(),
            method_name,
            request_type,
            http_method: method.to_ascii_uppercase(),
            route: route.to_owned(),
            docs: Vec::new(),
            request_docs: Vec::new(),
            path,
            args,
            options,
            query,
            headers,
            body,
            output: text(output_tokens),
            has_output: output.is_some(),
            idempotent,
            adds_to_request,
            waiters: Vec::new(),
        };
        Some(self.document(op, operation, &statuses, output.as_ref()))
    }

    /// Turns every response link whose target has `x-poll` into a `wait_for_*` method on the
    /// linking operation's request.
    fn waiters(&mut self, operations: &mut [ir::Operation], models: &[ir::Model]) {
        let mut found: Vec<(String, String, &openapiv3::Link, String)> = Vec::new();
        for (route, method, operation) in self.spec.operations() {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            for (code, response) in &operation.responses.responses {
                let Some(response) = resolve_response(self.spec, response) else {
                    continue;
                };
                if !is_success(code) {
                    continue;
                }
                for (name, link) in &response.links {
                    let at = pointer([
                        "paths",
                        route,
                        method,
                        "responses",
                        &code.to_string(),
                        "links",
                        name,
                    ]);
                    let ReferenceOr::Item(link) = link else {
                        self.error(&at, "a link must be defined in place, not be a `$ref`");
                        continue;
                    };
                    // The same link on several success statuses is one waiter.
                    if !found.iter().any(|(op, n, _, _)| op == id && n == name) {
                        found.push((id.clone(), name.clone(), link, at));
                    }
                }
            }
        }
        for (starter_id, name, link, at) in found {
            if let Some(waiter) = self.waiter(operations, models, &starter_id, &name, link, &at)
                && let Some(starter) = operations
                    .iter_mut()
                    .find(|op| op.operation_id == starter_id)
            {
                starter.waiters.push(waiter);
            }
        }
    }

    fn waiter(
        &mut self,
        operations: &[ir::Operation],
        models: &[ir::Model],
        starter_id: &str,
        name: &str,
        link: &openapiv3::Link,
        at: &str,
    ) -> Option<ir::Waiter> {
        let openapiv3::LinkOperation::OperationId(target_id) = &link.operation else {
            self.error(
                at,
                "name the linked operation with `operationId`; `operationRef` is not supported",
            );
            return None;
        };
        let Some(target) = operations.iter().find(|op| &op.operation_id == target_id) else {
            let hint = did_you_mean(target_id, operations.iter().map(|op| &op.operation_id));
            self.error(
                &format!("{at}/operationId"),
                format!("no operation has the id `{target_id}`{hint}"),
            );
            return None;
        };
        let starter = operations.iter().find(|op| op.operation_id == starter_id)?;
        let (poll, poll_at) = self.spec.operations().find_map(|(route, method, op)| {
            (op.operation_id.as_deref() == Some(target_id)).then(|| {
                (
                    op.extensions.get("x-poll"),
                    pointer(["paths", route, method, "x-poll"]),
                )
            })
        })?;
        let Some(poll) = poll else {
            self.error(at, format!("the linked operation `{target_id}` needs `x-poll` (which field says the result is final)"));
            return None;
        };
        let list = |key: &str| -> Vec<String> {
            poll.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (status_json, pending, failed) = (
            poll.get("status").and_then(Value::as_str),
            list("pending"),
            list("failed"),
        );
        let Some(status_json) = status_json.filter(|_| !pending.is_empty()) else {
            self.error(
                &poll_at,
                "`x-poll` needs `status` (a field of the response) and a non-empty `pending` list",
            );
            return None;
        };
        let output_model = target.output.replace(' ', "");
        let model = output_model
            .strip_prefix("crate::models::")
            .and_then(|name| models.iter().find(|m| m.name == name));
        let Some(status_field) =
            model.and_then(|m| m.fields.iter().find(|f| f.json_name == status_json))
        else {
            self.error(
                &poll_at,
                format!(
                    "`{target_id}` has no response field `{status_json}` to read the status from"
                ),
            );
            return None;
        };
        let status_ty = status_field.ty.replace(' ', "");
        let (enum_path, optional) = match status_ty
            .strip_prefix("Option<")
            .and_then(|t| t.strip_suffix('>'))
        {
            Some(inner) => (inner.to_owned(), true),
            None => (status_ty.clone(), false),
        };
        let Some((status_enum, values, _)) = enum_path
            .strip_prefix("crate::models::")
            .and_then(|name| self.find_enum(name))
        else {
            self.error(
                &poll_at,
                format!("the status field `{status_json}` must be an enum"),
            );
            return None;
        };
        let variants = |wanted: &[String]| -> Option<Vec<String>> {
            wanted
                .iter()
                .map(|value| {
                    let index = values.iter().position(|v| v == value);
                    index.map(|i| status_enum.variants[i].ident.clone())
                })
                .collect()
        };
        let (Some(pending), Some(failed)) = (variants(&pending), variants(&failed)) else {
            self.error(
                &poll_at,
                format!("`pending` and `failed` must list values of `{status_json}`: {values:?}"),
            );
            return None;
        };

        let mut from_request = Vec::new();
        let mut from_response = Vec::new();
        let mut args = Vec::new();
        let starter_model = starter.output.replace(' ', "");
        let starter_model = starter_model
            .strip_prefix("crate::models::")
            .and_then(|n| models.iter().find(|m| m.name == n));
        for arg in &target.args {
            let var = arg.ident.clone();
            let expression = link.parameters.get(&arg.wire_name).and_then(Value::as_str);
            if let Some(source) = expression.and_then(|e| e.strip_prefix("$request.path.")) {
                let Some(field) = starter.args.iter().find(|a| a.wire_name == source) else {
                    self.error(
                        &format!("{at}/parameters"),
                        format!("`{starter_id}` has no path parameter `{source}`"),
                    );
                    return None;
                };
                from_request.push((var.clone(), field.ident.clone()));
            } else if let Some(source) = expression.and_then(|e| e.strip_prefix("$response.body#/"))
            {
                let Some(field) =
                    starter_model.and_then(|m| m.fields.iter().find(|f| f.json_name == source))
                else {
                    self.error(
                        &format!("{at}/parameters"),
                        format!("the response of `{starter_id}` has no field `{source}`"),
                    );
                    return None;
                };
                from_response.push(ir::ResponseField {
                    var: var.clone(),
                    field: field.ident.clone(),
                    json_name: source.to_owned(),
                    optional: !field.required,
                });
            } else {
                self.error(
                    &format!("{at}/parameters"),
                    format!(
                        "give `{}` as `$request.path.<name>` or `$response.body#/<field>` (the only forms supported)",
                        arg.wire_name
                    ),
                );
                return None;
            }
            args.push(var);
        }
        let method_name = format!("wait_for_{}", names::unraw(&names::snake(name)));
        let failed_values = list("failed")
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut docs = vec![format!(
            "Sends the request, then polls [`Client::{}`] until its `{status_json}` is final.",
            target.method_name
        )];
        if let Some(description) = &link.description {
            docs.push(String::new());
            docs.extend(docs::lines(description));
        }
        push_paragraph(
            &mut docs,
            &format!(
                "Polls first after the policy's initial delay, then backs off. Fails with [`Error::WaitTimeout`] when the policy's time runs out{}.",
                if failed_values.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", and with [`Error::WaitFailed`] when the status becomes {failed_values}"
                    )
                }
            ),
        );
        Some(ir::Waiter {
            method_name,
            docs,
            poll_operation_id: target.operation_id.clone(),
            poll_method: target.method_name.clone(),
            output: target.output.clone(),
            from_request,
            from_response,
            args,
            status_expr: if optional {
                format!("result.{}.as_ref()", status_field.ident)
            } else {
                format!("Some(&result.{})", status_field.ident)
            },
            status_type: enum_path,
            pending,
            failed,
        })
    }

    fn parameter(&mut self, param: &ReferenceOr<Parameter>, at: &str) -> Option<Parameter> {
        match param {
            ReferenceOr::Item(param) => Some(param.clone()),
            ReferenceOr::Reference { reference } => {
                let prefix = "#/components/parameters/";
                let found = reference
                    .strip_prefix(prefix)
                    .and_then(|name| self.spec.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(param)) => Some(param.clone()),
                    _ => {
                        let known = self
                            .spec
                            .components
                            .iter()
                            .flat_map(|c| c.parameters.keys());
                        let hint = did_you_mean(
                            reference.strip_prefix(prefix).unwrap_or(reference),
                            known,
                        );
                        self.error(
                            at,
                            format!(
                                "`{reference}` does not name a parameter in `{prefix}...`{hint}"
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        at: &str,
        request_type: &str,
        ident: &str,
    ) -> Option<ir::Param> {
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let prefix = "#/components/requestBodies/";
                let found = reference
                    .strip_prefix(prefix)
                    .and_then(|name| self.spec.components.as_ref()?.request_bodies.get(name));
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        let known = self
                            .spec
                            .components
                            .iter()
                            .flat_map(|c| c.request_bodies.keys());
                        let hint = did_you_mean(
                            reference.strip_prefix(prefix).unwrap_or(reference),
                            known,
                        );
                        self.error(
                            at,
                            format!(
                                "`{reference}` does not name a request body in `{prefix}...`{hint}"
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let Some((media, schema)) = json_content(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                &format!("{at}/content"),
                format!("only JSON request bodies (`application/json`) are supported; this one is {types:?}"),
            );
            return None;
        };
        let schema_at = pointer_join(at, &["content", media, "schema"]);
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &schema_at),
            ReferenceOr::Item(schema) => {
                self.schema(schema, &format!("{request_type}Body"), &schema_at)
            }
        }?;
        let mut docs = describe(&body.description);
        if docs.is_empty() {
            docs.push("The request body.".to_owned());
        }
        let mut param = param_ir(ident, "body", &ty, body.required, false, docs);
        if !body.required {
            let ty_tokens = ty.tokens();
            param.ty = text(quote!(Option<#ty_tokens>));
        }
        Some(param)
    }

    /// The success type (the one 2xx body type, if any) and every documented status.
    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &str,
        request_type: &str,
    ) -> (Option<RustType>, Vec<(String, String)>) {
        let mut output: Option<(RustType, String)> = None;
        let mut statuses = Vec::new();
        let responses = operation
            .responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r));
        let default = operation.responses.default.iter().map(|r| (None, r));
        let has_success = operation.responses.responses.keys().any(is_success);
        for (code, response) in responses.chain(default) {
            let label = match code {
                Some(StatusCode::Code(n)) => n.to_string(),
                Some(StatusCode::Range(n)) => format!("{n}XX"),
                None => "default".to_owned(),
            };
            let response_at = format!("{at}/responses/{label}");
            let Some(response) = self.response(response, &response_at) else {
                continue;
            };
            statuses.push((label, response.description.clone()));
            let success = match code {
                Some(code) => is_success(code),
                // Genesys marks "successful operation" as `default` where it lists no 2xx.
                None => !has_success,
            };
            if !success || response.content.is_empty() {
                continue;
            }
            let Some((media, schema)) = json_content(&response.content) else {
                let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                self.error(
                    &format!("{response_at}/content"),
                    format!("only JSON responses are supported; this one is {types:?}"),
                );
                continue;
            };
            let schema_at = pointer_join(&response_at, &["content", media, "schema"]);
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.reference(reference, &schema_at),
                ReferenceOr::Item(schema) => {
                    self.schema(schema, &format!("{request_type}Response"), &schema_at)
                }
            };
            let Some(ty) = ty else { continue };
            match &output {
                Some((first, first_at)) if *first != ty => {
                    let first_at = first_at.clone();
                    self.error(&schema_at, format!("success responses must share one body type; this differs from {first_at}"));
                }
                Some(_) => {}
                None => output = Some((ty, schema_at)),
            }
        }
        (output.map(|(ty, _)| ty), statuses)
    }

    /// A response, or an error naming the reference that leads nowhere.
    fn response(&mut self, response: &'a ReferenceOr<Response>, at: &str) -> Option<&'a Response> {
        let found = resolve_response(self.spec, response);
        if let (None, ReferenceOr::Reference { reference }) = (found, response) {
            let prefix = "#/components/responses/";
            let known = self.spec.components.iter().flat_map(|c| c.responses.keys());
            let hint = did_you_mean(reference.strip_prefix(prefix).unwrap_or(reference), known);
            self.error(
                at,
                format!("`{reference}` does not name a response in `{prefix}...`{hint}"),
            );
        }
        found
    }

    /// Writes the documentation of the client method and of the request value.
    fn document(
        &mut self,
        mut op: ir::Operation,
        operation: &openapiv3::Operation,
        statuses: &[(String, String)],
        output: Option<&RustType>,
    ) -> ir::Operation {
        let mut lines = Vec::new();
        let summary = operation.summary.as_deref().unwrap_or(&op.operation_id);
        lines.extend(docs::lines(summary));
        if let Some(description) = &operation.description {
            lines.push(String::new());
            lines.extend(docs::lines(description));
        }
        push_paragraph(
            &mut lines,
            &format!("`{} {}` (`{}`)", op.http_method, op.route, op.operation_id),
        );
        if operation.deprecated {
            push_paragraph(&mut lines, "Deprecated by the API.");
        }
        match permissions(operation.extensions.get("x-inin-requires-permissions")) {
            Some((_, perms)) if perms.is_empty() => {
                push_paragraph(&mut lines, "Requires no permissions.")
            }
            Some((kind, perms)) => {
                let list = perms
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let which = if kind.eq_ignore_ascii_case("ALL") {
                    "all"
                } else {
                    "any"
                };
                push_paragraph(
                    &mut lines,
                    &format!("Requires {which} of these permissions: {list}."),
                );
            }
            None => {}
        }
        if !op.args.is_empty() {
            push_paragraph(&mut lines, "# Arguments");
            lines.push(String::new());
            for arg in &op.args {
                lines.push(format!(
                    "* `{}`: {}",
                    names::unraw(&arg.ident),
                    arg.docs.first().cloned().unwrap_or_default()
                ));
            }
        }
        if !op.options.is_empty() {
            push_paragraph(&mut lines, "# Optional parameters");
            lines.push(String::new());
            lines.push("Set on the returned request before awaiting it:".to_owned());
            lines.push(String::new());
            for option in &op.options {
                lines.push(format!(
                    "* [`{}`](crate::operations::{}::{}): {}",
                    names::unraw(&option.ident),
                    op.request_type,
                    names::unraw(&option.ident),
                    option.docs.first().cloned().unwrap_or_default()
                ));
            }
        }
        push_paragraph(&mut lines, "# Errors");
        lines.push(String::new());
        lines.push(
            "[`Error::Api`](crate::Error::Api) for an error status. The API documents:".to_owned(),
        );
        lines.push(String::new());
        for (status, description) in statuses
            .iter()
            .filter(|(s, _)| !s.starts_with('2') && s != "default")
        {
            let text = docs::lines(description).join(" ");
            lines.push(format!("* `{status}`: {text}"));
        }
        push_paragraph(&mut lines, "# Example");
        lines.push(String::new());
        lines.extend(self.example(&op, output));
        op.docs = lines;

        op.request_docs = vec![
            format!("A request for [`Client::{}`]: {}", op.method_name, docs::lines(summary).join(" ")),
            String::new(),
            "`.await` it for the decoded body, or call [`send_with_response`](Self::send_with_response) for the status and headers too."
                .to_owned(),
        ];
        op
    }

    /// A doc example that compiles: the call with placeholder arguments.
    fn example(&self, op: &ir::Operation, output: Option<&RustType>) -> Vec<String> {
        let lib = names::snake(&self.package_lib_name());
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: &{lib}::Client) -> Result<(), {lib}::Error> {{"),
        ];
        let args: Vec<String> = op
            .args
            .iter()
            .map(|arg| self.example_value(arg, 0))
            .collect();
        let call = format!("client.{}({})", op.method_name, args.join(", "));
        let mut chained = String::new();
        if let Some(option) = op.options.first().filter(|o| takes_string(&o.arg_ty)) {
            chained = format!(".{}({:?})", option.ident, option.example);
        }
        match output {
            Some(_) => {
                lines.push(format!("let response = {call}{chained}.await?;"));
                lines.push("println!(\"{response:?}\");".to_owned());
            }
            None => lines.push(format!("{call}{chained}.await?;")),
        }
        lines.push("# Ok(())".to_owned());
        lines.push("# }".to_owned());
        lines.push("```".to_owned());
        lines
    }

    fn package_lib_name(&self) -> String {
        self.spec
            .info
            .extensions
            .get("x-rust-crate")
            .and_then(|e| e.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("generated_client")
            .replace('-', "_")
    }

    fn example_value(&self, arg: &ir::Param, depth: usize) -> String {
        if takes_string(&arg.arg_ty) {
            return format!("{:?}", arg.example);
        }
        self.example_of_type(&arg.arg_ty, depth)
    }

    /// An expression of type `ty` (as rendered), built from constructors and first enum values.
    fn example_of_type(&self, ty: &str, depth: usize) -> String {
        let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
        let lib = self.package_lib_name();
        if let Some(name) = compact.strip_prefix("crate::models::") {
            if let Some((e, _, _)) = self.find_enum(name) {
                return format!("{lib}::models::{}::{}", e.name, e.variants[0].ident);
            }
            if let Some(model) = self.spec.components.as_ref().and_then(|c| {
                self.schema_types
                    .iter()
                    .find(|(_, rust)| rust.as_str() == name)
                    .and_then(|(schema, _)| c.schemas.get(schema))
            }) {
                let required: Vec<String> = match model {
                    ReferenceOr::Item(Schema {
                        schema_kind: SchemaKind::Type(Type::Object(object)),
                        ..
                    }) if depth < 4 => object
                        .required
                        .iter()
                        .filter_map(|field| {
                            let property = object.properties.get(field)?;
                            Some(self.example_of_property(field, property, depth + 1))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                return format!("{lib}::models::{name}::new({})", required.join(", "));
            }
        }
        "Default::default()".to_owned()
    }

    fn example_of_property(
        &self,
        name: &str,
        property: &ReferenceOr<Box<Schema>>,
        depth: usize,
    ) -> String {
        let ty = match property {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|s| self.schema_types.get(s))
                .map(|rust| RustType::Named(rust.clone())),
            // A required nullable field takes an `Option`.
            ReferenceOr::Item(schema) if schema.schema_data.nullable => return "None".to_owned(),
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(s))
                    if s.enumeration.is_empty() && s.format.is_empty() =>
                {
                    return format!("\"{}\"", example_string(name));
                }
                SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                    let title = schema
                        .schema_data
                        .title
                        .as_deref()
                        .map(|t| names::upper_camel(t, "Type"));
                    title
                        .or_else(|| {
                            self.enums
                                .iter()
                                .find(|(_, values, _)| {
                                    *values
                                        == s.enumeration
                                            .iter()
                                            .flatten()
                                            .cloned()
                                            .collect::<Vec<_>>()
                                })
                                .map(|(e, _, _)| e.name.clone())
                        })
                        .map(RustType::Named)
                }
                SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                    [ReferenceOr::Reference { reference }] => reference
                        .strip_prefix(SCHEMA_PREFIX)
                        .and_then(|s| self.schema_types.get(s))
                        .map(|rust| RustType::Named(rust.clone())),
                    _ => None,
                },
                _ => None,
            },
        };
        match ty {
            Some(ty) => self.example_of_type(&text(ty.tokens()), depth),
            None => "Default::default()".to_owned(),
        }
    }
}

/// Whether a rendered argument type is `impl Into<String>`, so a string literal can be passed.
fn takes_string(arg_ty: &str) -> bool {
    arg_ty
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        == "implInto<String>"
}

/// A placeholder string for a doc example: `clientId` → `client-id`.
fn example_string(name: &str) -> String {
    names::snake(name)
        .trim_start_matches("r#")
        .replace('_', "-")
}

fn param_ir(
    ident: &str,
    wire_name: &str,
    ty: &RustType,
    required: bool,
    repeated: bool,
    docs: Vec<String>,
) -> ir::Param {
    let (arg_ty, arg_expr) = ty.argument("value");
    let (_, init_expr) = ty.argument(ident);
    let arg_expr = if required {
        arg_expr
    } else {
        quote!(Some(#arg_expr))
    };
    ir::Param {
        ident: ident.to_owned(),
        wire_name: wire_name.to_owned(),
        ty: text(ty.tokens()),
        arg_ty: text(arg_ty),
        arg_expr: text(arg_expr),
        init: field_init(ident, &text(init_expr)),
        required,
        repeated,
        docs,
        example: example_string(wire_name),
    }
}

fn uses(models: &[ir::Model], operations: &[ir::Operation]) -> ir::Uses {
    ir::Uses {
        nullable: models.iter().flat_map(|m| &m.fields).any(|f| {
            f.serde
                .as_deref()
                .is_some_and(|s| s.contains("crate::nullable"))
        }),
        path_params: operations.iter().any(|op| {
            op.path
                .iter()
                .any(|p| matches!(p, ir::PathPart::Param { .. }))
        }),
        query: operations.iter().any(|op| !op.query.is_empty()),
        headers: operations.iter().any(|op| !op.headers.is_empty()),
        body: operations.iter().any(|op| op.body.is_some()),
        json_output: operations.iter().any(|op| op.has_output),
        empty_output: operations.iter().any(|op| !op.has_output),
        waiters: operations.iter().any(|op| !op.waiters.is_empty()),
    }
}

/// The contents of a field's `#[serde(...)]`: a rename where the struct's `rename_all =
/// "camelCase"` does not already give the JSON name, then `extra`.
fn serde_attribute(ident: &str, json_name: &str, extra: Option<&str>) -> Option<String> {
    let rename = (serde_camel_case(names::unraw(ident)) != json_name)
        .then(|| format!("rename = {json_name:?}"));
    let parts: Vec<String> = rename.into_iter().chain(extra.map(str::to_owned)).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// serde's `rename_all = "camelCase"` for a field name, computed as serde_derive does: PascalCase
/// (each `_` dropped and the next character upper-cased, the first too), then the first character
/// lower-cased.
fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.chars().next() {
        Some(first) => format!(
            "{}{}",
            first.to_ascii_lowercase(),
            &pascal[first.len_utf8()..]
        ),
        None => pascal,
    }
}

/// A struct-literal field: `name: name.into()`, or the shorthand `name` when nothing converts it.
fn field_init(ident: &str, expr: &str) -> String {
    if expr == ident {
        ident.to_owned()
    } else {
        format!("{ident}: {expr}")
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(n) => *n == 2,
    }
}

/// A response, following a `$ref` to `#/components/responses`; `None` for a reference that leads
/// nowhere (reported where the operation's responses are lowered).
fn resolve_response<'s>(
    spec: &'s OpenAPI,
    response: &'s ReferenceOr<Response>,
) -> Option<&'s Response> {
    match response {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match spec.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
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

/// `{name}` placeholders of a route, in order.
fn placeholders(route: &str) -> Vec<String> {
    route
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn path_parts(route: &str, params: &BTreeMap<String, String>) -> Vec<ir::PathPart> {
    let mut parts = Vec::new();
    let mut rest = route;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(ir::PathPart::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..start + len];
        if let Some(ident) = params.get(name) {
            parts.push(ir::PathPart::Param {
                ident: ident.clone(),
                name: name.to_owned(),
            });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(ir::PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// Genesys's `x-inin-requires-permissions: {type: ANY, permissions: [...]}`.
fn permissions(ext: Option<&Value>) -> Option<(String, Vec<String>)> {
    let ext = ext?;
    let kind = ext
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("ANY")
        .to_owned();
    let perms = ext
        .get("permissions")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    Some((kind, perms))
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
    known
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min()
        .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default()
}

/// For each model, the fields that refer to a model which contains the first one again without a
/// `Vec` or map in between: those need a `Box`, or the type would have infinite size.
fn recursive_fields(models: &[ModelDraft]) -> BTreeSet<(String, String)> {
    let direct = |model: &ModelDraft| -> Vec<(String, String)> {
        model
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                RustType::Named(target) => Some((f.ident.clone(), target.clone())),
                _ => None,
            })
            .collect()
    };
    let edges: BTreeMap<&str, Vec<(String, String)>> = models
        .iter()
        .map(|m| (m.name.as_str(), direct(m)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(
                    edges
                        .get(node.as_str())
                        .into_iter()
                        .flatten()
                        .map(|(_, target)| target.clone()),
                );
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for model in models {
        for (field, target) in &edges[model.name.as_str()] {
            if reaches(target, &model.name) {
                boxed.insert((model.name.clone(), field.clone()));
            }
        }
    }
    boxed
}

fn finish_model(draft: ModelDraft, boxed: &BTreeSet<(String, String)>) -> ir::Model {
    let required_count = draft.fields.iter().filter(|f| f.required).count();
    let fields = draft
        .fields
        .into_iter()
        .map(|f| {
            let ty = if boxed.contains(&(draft.name.clone(), f.ident.clone())) { RustType::Boxed(Box::new(f.ty)) } else { f.ty };
            let base = ty.tokens();
            let (arg_ty, arg_expr) = ty.argument("value");
            let (_, init_expr) = ty.argument(&f.ident);
            let field_ident = crate::types::ident(&f.ident);
            let (field_ty, serde, arg_ty, arg_expr, init_expr) = match (f.required, f.nullable) {
                (true, false) => (base, None, arg_ty, arg_expr, init_expr),
                (true, true) => (quote!(Option<#base>), None, quote!(Option<#base>), quote!(value), quote!(#field_ident)),
                (false, false) => (
                    quote!(Option<#base>),
                    Some("skip_serializing_if = \"Option::is_none\""),
                    arg_ty,
                    quote!(Some(#arg_expr)),
                    init_expr,
                ),
                (false, true) => (
                    quote!(Option<Option<#base>>),
                    Some("default, skip_serializing_if = \"Option::is_none\", with = \"crate::nullable\""),
                    quote!(Option<#base>),
                    quote!(Some(value)),
                    init_expr,
                ),
            };
            ir::Field {
                setter: format!("with_{}", names::unraw(&f.ident)),
                init: field_init(&f.ident, &text(init_expr)),
                serde: serde_attribute(&f.ident, &f.json_name, serde),
                ident: f.ident,
                json_name: f.json_name,
                ty: text(field_ty),
                docs: f.docs,
                required: f.required,
                arg_ty: text(arg_ty),
                arg_expr: text(arg_expr),
                deprecated: f.deprecated.then(|| "deprecated by the API".to_owned()),
            }
        })
        .collect();
    ir::Model {
        name: draft.name,
        docs: draft.docs,
        fields,
        derive_default: required_count == 0,
        many_required: required_count > 7,
    }
}

#[cfg(test)]
mod tests {
    use super::{serde_attribute, serde_camel_case};

    #[test]
    fn camel_case_as_serde_computes_it() {
        for (field, json) in [
            ("self_uri", "selfUri"),
            ("status200", "status200"),
            ("self_", "self"),
            ("n9lives", "n9lives"),
            ("a", "a"),
        ] {
            assert_eq!(serde_camel_case(field), json);
        }
    }

    #[test]
    fn renames_only_where_needed() {
        assert_eq!(serde_attribute("self_uri", "selfUri", None), None);
        assert_eq!(serde_attribute("r#type", "type", None), None);
        assert_eq!(
            serde_attribute("n9lives", "9lives", None).as_deref(),
            Some(r#"rename = "9lives""#)
        );
        assert_eq!(
            serde_attribute("first_name", "first-name", Some("x")).as_deref(),
            Some(r#"rename = "first-name", x"#)
        );
    }
}
