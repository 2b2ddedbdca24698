//! Schemas → models and enums, with the Rust types of their fields.

use super::*;

/// The Rust name of a model or enum: never one of the prelude's, which generated code in `models`
/// writes unqualified (a schema `String` becomes `StringModel`).
pub(super) fn model_name(schema_name: &str) -> String {
    names::type_name(schema_name, "Type", "Model", &[])
}

/// A model field before recursion is known (whether it needs a `Box`).
#[derive(Clone)]
struct FieldDraft {
    json_name: String,
    read_only: bool,
    example: Option<Value>,
    default: Option<Value>,
    limits: ir::Limits,
    pointer: String,
    ident: String,
    ty: RustType,
    required: bool,
    nullable: bool,
    docs: Vec<String>,
    deprecated: bool,
}

struct ModelDraft {
    name: String,
    pointer: String,
    example: Option<Value>,
    docs: Vec<String>,
    fields: Vec<FieldDraft>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn models(&mut self) -> Vec<ir::Model> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        // Names first, so references can be resolved in any order.
        let mut taken = Taken::default();
        for (schema_name, schema) in &components.schemas {
            let at = pointer(["components", "schemas", schema_name]);
            let explicit = match schema {
                ReferenceOr::Item(schema) => {
                    self.explicit_name(&schema.schema_data.extensions, &at, true)
                }
                ReferenceOr::Reference { .. } => Ok(None),
            };
            let rust = match explicit {
                Ok(Some(name)) => name,
                Ok(None) => model_name(schema_name),
                Err(()) => continue,
            };
            let what = format!("schema `{schema_name}`");
            if let Err(message) = taken.claim(&rust, &what, &at, "type") {
                self.error(&at, message);
                continue;
            }
            self.type_schemas.insert(rust.clone(), schema_name.clone());
            self.schema_types.insert(schema_name.clone(), rust);
        }

        let mut drafts = Vec::new();
        for (schema_name, schema) in &components.schemas {
            let at = pointer(["components", "schemas", schema_name]);
            let Some(rust_name) = self.schema_types.get(schema_name).cloned() else {
                continue;
            };
            let ReferenceOr::Item(schema) = schema else {
                self.error(
                    &at,
                    "a schema in `components/schemas` must be defined there, not be a `$ref`",
                );
                continue;
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    drafts.push(self.model_draft(schema_name, rust_name, schema, object, &at));
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
        // Then each model's fields, whose types need all the models (recursion), then the
        // conversions between them, then each model whole.
        let boxed = recursive_fields(&drafts);
        let mut fields: BTreeMap<String, Vec<ir::Field>> = drafts
            .iter_mut()
            .map(|draft| {
                let fields = model_fields(&draft.name, std::mem::take(&mut draft.fields), &boxed);
                (draft.name.clone(), fields)
            })
            .collect();
        let mut conversions = self.conversions(&fields);
        drafts
            .into_iter()
            .map(|draft| {
                let fields = fields.remove(&draft.name).unwrap_or_default();
                let conversions = conversions.remove(&draft.name).unwrap_or_default();
                finish_model(draft, fields, conversions)
            })
            .collect()
    }

    /// An object schema as a model, before recursion is known.
    fn model_draft(
        &mut self,
        schema_name: &str,
        rust_name: String,
        schema: &Schema,
        object: &openapiv3::ObjectType,
        at: &str,
    ) -> ModelDraft {
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
        // Fields the server always sends, though the spec (following the SDKs) does
        // not mark them required: not `Option` in Rust.
        let mut always: Vec<String> = Vec::new();
        if let Some(ext) = schema.schema_data.extensions.get("x-always-present") {
            let names = ext
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str()).collect::<Option<Vec<_>>>());
            match names.flatten() {
                Some(names) => {
                    for (i, name) in names.into_iter().enumerate() {
                        if !object.properties.contains_key(name) {
                            self.error(
                                &format!("{at}/x-always-present/{i}"),
                                format!("`{name}` is not a property of `{schema_name}`"),
                            );
                        }
                        always.push(name.to_owned());
                    }
                }
                None => self.error(
                    &format!("{at}/x-always-present"),
                    "`x-always-present` must be a list of property names",
                ),
            }
        }
        let mut taken = Taken::default();
        for (json_name, property) in &object.properties {
            let required = object.required.contains(json_name) || always.contains(json_name);
            if let Some(field) =
                self.field_draft(&rust_name, json_name, property, required, &mut taken, at)
            {
                fields.push(field);
            }
        }
        ModelDraft {
            name: rust_name,
            pointer: at.to_owned(),
            example: schema.schema_data.example.clone(),
            docs,
            fields,
        }
    }

    /// One property of a model: its Rust name (checked against the model's others), type, docs
    /// and what the fake needs of it.
    fn field_draft(
        &mut self,
        rust_name: &str,
        json_name: &String,
        property: &ReferenceOr<Box<Schema>>,
        required: bool,
        taken: &mut Taken,
        at: &str,
    ) -> Option<FieldDraft> {
        let at = format!(
            "{at}/properties/{}",
            crate::diagnostics::escape_token(json_name)
        );
        let explicit = match property {
            ReferenceOr::Item(schema) => {
                self.explicit_name(&schema.schema_data.extensions, &at, false)
            }
            ReferenceOr::Reference { .. } => Ok(None),
        };
        let ident = match explicit {
            Ok(Some(name)) => name,
            Ok(None) => names::snake(json_name),
            Err(()) => return None,
        };
        let what = format!("property `{json_name}`");
        if let Err(message) = taken.claim(names::unraw(&ident), &what, &at, "field") {
            self.error(&at, message);
            return None;
        }
        let context = format!("{rust_name}{}", names::upper_camel(json_name, "Field"));
        let (ty, data) = match property {
            ReferenceOr::Reference { reference } => (self.reference(reference, &at), None),
            ReferenceOr::Item(schema) => (
                self.schema(schema, &context, &at),
                Some(&schema.schema_data),
            ),
        };
        let ty = ty?;
        let mut docs = data.map(|d| describe(&d.description)).unwrap_or_default();
        let read_only = data.is_some_and(|d| d.read_only);
        let deprecated = data.is_some_and(|d| d.deprecated);
        if read_only {
            push_paragraph(
                &mut docs,
                "Read-only: set by the server, ignored in requests.",
            );
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
        // A `$ref`'d or `allOf` property has its examples on the schema it names.
        let (example, default) =
            data.map_or((None, None), |d| (d.example.clone(), d.default.clone()));
        if let Some(default) = &default {
            push_paragraph(
                &mut docs,
                &format!(
                    "The server assumes `{}` when it is not sent.",
                    plain(default)
                ),
            );
        }
        let limits = match property {
            ReferenceOr::Item(schema) => self.limits(schema, &at),
            ReferenceOr::Reference { .. } => ir::Limits::default(),
        };
        if let Some(line) = limits_line(&limits) {
            push_paragraph(&mut docs, &line);
        }
        Some(FieldDraft {
            json_name: json_name.clone(),
            read_only,
            example,
            default,
            limits,
            pointer: at.clone(),
            ident,
            ty,
            required,
            nullable: data.is_some_and(|d| d.nullable),
            docs,
            deprecated,
        })
    }

    /// Reads `x-rust-from` on the request models: each listed model converts to this one, field by
    /// field by JSON name. A field the target requires must be one the source always has. The
    /// conversions to each model, by its name; `fields` are every model's fields, by name.
    fn conversions(
        &mut self,
        fields: &BTreeMap<String, Vec<ir::Field>>,
    ) -> BTreeMap<String, Vec<ir::Conversion>> {
        let mut conversions: BTreeMap<String, Vec<ir::Conversion>> = BTreeMap::new();
        let Some(components) = &self.spec.components else {
            return conversions;
        };
        for (schema_name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let Some(ext) = schema.schema_data.extensions.get("x-rust-from") else {
                continue;
            };
            let at = pointer(["components", "schemas", schema_name, "x-rust-from"]);
            let Some(sources) = ext.as_array() else {
                self.error(&at, "`x-rust-from` must be a list of schema names");
                continue;
            };
            let Some(target) = self.schema_types.get(schema_name).cloned() else {
                continue;
            };
            for (i, source) in sources.iter().enumerate() {
                let at = format!("{at}/{i}");
                let Some(source_rust) = source
                    .as_str()
                    .and_then(|s| self.schema_types.get(s))
                    .cloned()
                else {
                    let hint = did_you_mean(
                        source.as_str().unwrap_or_default(),
                        self.schema_types.keys(),
                    );
                    self.error(
                        &at,
                        format!("{source} is not an object schema of `components/schemas`{hint}"),
                    );
                    continue;
                };
                let (Some(from), Some(to)) = (fields.get(&source_rust), fields.get(&target)) else {
                    self.error(&at, "`x-rust-from` converts between object schemas only");
                    continue;
                };
                let mut inits = Vec::new();
                for field in to {
                    let found = from.iter().find(|f| f.json_name == field.json_name);
                    // The same value type, wrapped in `Option` alike, or only in the target.
                    let wrapping = |f: &ir::Field| (f.required, f.nullable);
                    let init = match found {
                        Some(f)
                            if f.value_type == field.value_type
                                && wrapping(f) == wrapping(field) =>
                        {
                            Ok(ir::ConversionSource::Same(f.ident.clone()))
                        }
                        Some(f)
                            if f.value_type == field.value_type
                                && wrapping(f) == (true, false)
                                && wrapping(field) == (false, false) =>
                        {
                            Ok(ir::ConversionSource::Wrapped(f.ident.clone()))
                        }
                        Some(f) => Err(format!(
                            "`{}` is `{}` in `{source_rust}` but `{}` in `{target}`",
                            field.json_name,
                            f.ty(),
                            field.ty()
                        )),
                        None if field.required && !field.nullable => Err(format!(
                            "`{target}` requires `{}`, which `{source_rust}` does not have",
                            field.json_name
                        )),
                        None => Ok(ir::ConversionSource::Absent),
                    };
                    match init {
                        Ok(from) => inits.push(ir::ConversionInit {
                            field: field.ident.clone(),
                            from,
                        }),
                        Err(message) => self.error(
                            &at,
                            format!("`{source_rust}` cannot convert to `{target}`: {message}"),
                        ),
                    }
                }
                if inits.len() == to.len() {
                    conversions
                        .entry(target.clone())
                        .or_default()
                        .push(ir::Conversion {
                            source: source_rust,
                            inits,
                        });
                }
            }
        }
        conversions
    }

    /// The type of a `$ref`, which must name a schema in `components/schemas`.
    pub(super) fn reference(&mut self, reference: &str, at: &str) -> Option<RustType> {
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
        let name = crate::diagnostics::unescape_token(name);
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
    pub(super) fn schema(&mut self, schema: &Schema, context: &str, at: &str) -> Option<RustType> {
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    let name = match &data.title {
                        Some(title) => model_name(title),
                        None => context.to_owned(),
                    };
                    let values = string.enumeration.iter().flatten().cloned().collect();
                    return self
                        .register_enum(&name, values, &data.description, at)
                        .map(RustType::Named);
                }
                if let Some(kind) = data.extensions.get("x-rust-id") {
                    return self.id_type(kind, at);
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

    /// The id type an `x-rust-id: Client` names (`ClientId`), recorded for the models module.
    fn id_type(&mut self, kind: &Value, at: &str) -> Option<RustType> {
        let at = format!("{at}/x-rust-id");
        let Some(kind) = kind
            .as_str()
            .filter(|k| names::explicit_name_problem(k, true).is_none())
        else {
            self.error(&at, format!("`x-rust-id` names a kind of id in UpperCamelCase (`Client` for `ClientId`), not {kind}"));
            return None;
        };
        let name = format!("{kind}Id");
        if let Some(schema) = self.type_schemas.get(&name) {
            let schema = schema.clone();
            self.error(&at, format!("the id type `{name}` would have the name of schema `{schema}`; name the kind otherwise"));
            return None;
        }
        self.id_types.insert(name.clone());
        Some(RustType::Id(name))
    }

    /// Records an enum (or finds the identical one already recorded) and returns its Rust name.
    pub(super) fn register_enum(
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
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, value) in values.iter().enumerate() {
            if let Some(first) = seen.insert(value, i) {
                self.error(
                    &format!("{at}/enum/{i}"),
                    format!("the value {value:?} is listed twice (first at {at}/enum/{first})"),
                );
            }
        }
        if seen.len() != values.len() {
            return None;
        }
        // `Unknown` is the catch-all variant, so a value that would be called that is renamed.
        let reserved = crate::reserved::ENUM_VARIANTS;
        let idents = names::dedupe(
            reserved
                .iter()
                .map(|&r| r.to_owned())
                .chain(values.iter().map(|v| names::upper_camel(v, "V"))),
        );
        let variants = values
            .iter()
            .zip(idents.into_iter().skip(reserved.len()))
            .map(|(value, ident)| ir::Variant {
                ident,
                value: value.clone(),
                literal: crate::escape::rust_str(value),
                docs: format!("{} on the wire.", crate::escape::md_code(value)),
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
            "A value this version of the crate does not know is kept in `Unknown` and written back unchanged. A known value in another ASCII case is taken for the known one (unless two values differ only by case) and written back as the spec spells it.",
        );
        self.enum_index.insert(name.to_owned(), self.enums.len());
        self.enums.push((
            ir::Enum {
                name: name.to_owned(),
                pointer: at.to_owned(),
                docs: enum_docs,
                variants,
            },
            values,
            at.to_owned(),
        ));
        Some(name.to_owned())
    }

    /// The model error responses carry: the one schema every documented error status refers to.
    pub(super) fn error_body(&self, models: &[ir::Model]) -> Option<ir::ErrorBody> {
        let mut found: BTreeSet<String> = BTreeSet::new();
        for (_, _, operation) in self.spec.operations() {
            for (code, response) in &operation.responses.responses {
                if matches!(code, StatusCode::Code(n) if *n < 400)
                    || matches!(code, StatusCode::Range(n) if *n < 4)
                {
                    continue;
                }
                let Ok(response) = resolve_response(self.spec, response) else {
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
                // An `Option<String>`, which the error template reads with `as_deref()`.
                .find(|f| {
                    f.json_name == json
                        && f.value_type == RustType::String
                        && !f.required
                        && !f.nullable
                })
                .map(|f| f.ident.clone())
        };
        Some(ir::ErrorBody {
            ty: RustType::Named(name.clone()),
            model: name.clone(),
            code_field: string_field("code"),
            message_field: string_field("message"),
        })
    }
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

/// The fields of model `model`, boxed where the model contains itself through them.
fn model_fields(
    model: &str,
    drafts: Vec<FieldDraft>,
    boxed: &BTreeSet<(String, String)>,
) -> Vec<ir::Field> {
    drafts
        .into_iter()
        .map(|f| {
            let ty = if boxed.contains(&(model.to_owned(), f.ident.clone())) {
                RustType::Boxed(Box::new(f.ty))
            } else {
                f.ty
            };
            ir::Field {
                setter: format!("with_{}", names::unraw(&f.ident)),
                ident: f.ident,
                json_name: f.json_name,
                pointer: f.pointer,
                read_only: f.read_only,
                example: f.example,
                default: f.default,
                limits: f.limits,
                value_type: ty,
                nullable: f.nullable,
                docs: f.docs,
                required: f.required,
                deprecated: f.deprecated.then(|| "deprecated by the API".to_owned()),
            }
        })
        .collect()
}

fn finish_model(
    draft: ModelDraft,
    fields: Vec<ir::Field>,
    conversions: Vec<ir::Conversion>,
) -> ir::Model {
    let required_count = fields.iter().filter(|f| f.required).count();
    ir::Model {
        name: draft.name,
        pointer: draft.pointer,
        docs: draft.docs,
        fields,
        derive_default: required_count == 0,
        many_required: required_count > 7,
        conversions,
        example: draft.example,
    }
}

impl Lowerer<'_> {
    /// A property's `minimum`, `maximum` and `pattern`. A pattern the fake could not compile is a
    /// located error, as the fake would refuse every value or none.
    fn limits(&mut self, schema: &Schema, at: &str) -> ir::Limits {
        let mut limits = ir::Limits::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => {
                limits.minimum = integer.minimum.map(|n| n as f64);
                limits.maximum = integer.maximum.map(|n| n as f64);
            }
            SchemaKind::Type(Type::Number(number)) => {
                limits.minimum = number.minimum;
                limits.maximum = number.maximum;
            }
            SchemaKind::Type(Type::String(string)) => {
                if let Some(pattern) = &string.pattern {
                    match regex_lite::Regex::new(pattern) {
                        Ok(_) => limits.pattern = Some(pattern.clone()),
                        Err(error) => self.error(
                            &format!("{at}/pattern"),
                            format!("the pattern is not a regular expression: {error}"),
                        ),
                    }
                }
            }
            _ => {}
        }
        if let (Some(min), Some(max)) = (limits.minimum, limits.maximum)
            && min > max
        {
            self.error(
                at,
                format!("`minimum` {min} is larger than `maximum` {max}"),
            );
        }
        limits
    }
}

/// The docs' sentence for a field's limits: "At least 300, at most 172800."
fn limits_line(limits: &ir::Limits) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(min) = limits.minimum {
        parts.push(format!("at least {min}"));
    }
    if let Some(max) = limits.maximum {
        parts.push(format!("at most {max}"));
    }
    if let Some(pattern) = &limits.pattern {
        parts.push(format!("matching `{}`", pattern.replace('`', "'")));
    }
    let line = parts.join(", ");
    let mut chars = line.chars();
    let first = chars.next()?;
    Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
}
