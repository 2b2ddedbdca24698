//! The fake's tables as Rust: the entries of `MODELS`, `OPERATIONS` and `RESOURCES` that a
//! generated `testing/tables.rs` holds, written from the models, the operations and what
//! lowering decided the fake does with them (`ir::FakeTables`). Their types are the engine's
//! (`templates/runtime/testing/schema.rs`).
//!
//! Written as text, not with `quote`: at 3,000 operations the tables are 3 MB, and building
//! them as token trees to print them took about as long as the formatter takes to read them.
//! Every string goes through `lit`, the literal `quote` would write; the formatter parses the
//! result and lays it out like every other generated file.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;

use proc_macro2::Literal;

use crate::ir;
use crate::types::RustType;

impl ir::Api {
    /// The items of `testing/tables.rs`, one string each: per table, the `mod` of the positions
    /// something refers to, a `const` per entry (`OPERATION_GET_OAUTH_CLIENT`, so a reader finds
    /// it by name and the formatter takes it alone), and the table of them.
    pub fn fake_tables(&self) -> Vec<String> {
        let Some(tables) = &self.fake.tables else {
            return Vec::new();
        };
        let writer = Writer::new(self, tables);
        let models: Vec<String> = self.models.iter().map(|m| writer.model(m)).collect();
        let operations: Vec<String> = self
            .operations
            .iter()
            .zip(&tables.rules)
            .map(|(op, rules)| writer.operation(op, rules))
            .collect();
        let stores: Vec<String> = tables.stores.iter().map(|s| writer.store(s)).collect();
        // `testing/mod.rs` names every store (its `seed_*` and `stored_*` methods) and each
        // operation an `answer_*` method sets.
        (0..tables.stores.len()).for_each(|index| writer.stores.mark(index));
        for answer in &self.fake.answers {
            if let Some(index) = tables
                .operation_names
                .iter()
                .position(|n| n == &answer.index)
            {
                writer.operations.mark(index);
            }
        }
        let mut items = writer.models.items("MODELS", "Model", models);
        items.extend(
            writer
                .operations
                .items("OPERATIONS", "Operation", operations),
        );
        items.extend(writer.stores.items("RESOURCES", "Resource", stores));
        items
    }
}

/// A string literal, escaped as `quote` escapes one.
fn lit(value: &str) -> String {
    Literal::string(value).to_string()
}

/// `[a, b, c]`, each item already written.
fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[{}]", items.join(", "))
}

/// `["a", "b"]`: string literals.
fn strings<'s>(values: impl IntoIterator<Item = &'s String>) -> String {
    list(values.into_iter().map(|v| lit(v)))
}

/// `[("a", "b"), ...]`: pairs of string literals.
fn pairs<'s>(values: impl IntoIterator<Item = &'s (String, String)>) -> String {
    list(
        values
            .into_iter()
            .map(|(a, b)| format!("({}, {})", lit(a), lit(b))),
    )
}

/// `Some(value)` or `None`, the value already written.
fn optional(value: Option<String>) -> String {
    match value {
        Some(value) => format!("Some({value})"),
        None => "None".to_owned(),
    }
}

/// Writes the entries, and remembers which positions they refer to.
struct Writer<'a> {
    tables: &'a ir::FakeTables,
    models: Refs<'a>,
    operations: Refs<'a>,
    stores: Refs<'a>,
    /// Positions in `MODELS`, by the model's Rust name.
    model_index: HashMap<&'a str, usize>,
    enums: HashMap<&'a str, &'a ir::Enum>,
}

impl<'a> Writer<'a> {
    fn new(api: &'a ir::Api, tables: &'a ir::FakeTables) -> Self {
        Writer {
            tables,
            models: Refs::new("model", "MODEL", &tables.model_names),
            operations: Refs::new("operation", "OPERATION", &tables.operation_names),
            stores: Refs::new("resource", "RESOURCE", &tables.store_names),
            model_index: api
                .models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.name.as_str(), i))
                .collect(),
            enums: api.enums.iter().map(|e| (e.name.as_str(), e)).collect(),
        }
    }

    /// A `Shape` expression for a Rust type.
    fn shape(&self, ty: &RustType) -> String {
        match ty {
            RustType::String | RustType::Id(_) => "Shape::Text".to_owned(),
            RustType::Secret => "Shape::Secret".to_owned(),
            RustType::I32 => "Shape::Int32".to_owned(),
            RustType::I64 => "Shape::Int64".to_owned(),
            RustType::F32 | RustType::F64 => "Shape::Number".to_owned(),
            RustType::Bool => "Shape::Bool".to_owned(),
            RustType::DateTime => "Shape::DateTime".to_owned(),
            RustType::Date => "Shape::Date".to_owned(),
            RustType::Json => "Shape::Any".to_owned(),
            RustType::Vec(inner) => format!("Shape::List(&{})", self.shape(inner)),
            RustType::Map(inner) => format!("Shape::Map(&{})", self.shape(inner)),
            RustType::Boxed(inner) => self.shape(inner),
            RustType::Named(name) => {
                if let Some(e) = self.enums.get(name.as_str()) {
                    format!(
                        "Shape::OneOf(&{})",
                        strings(e.variants.iter().map(|v| &v.value))
                    )
                } else {
                    let index = self.model_index.get(name.as_str()).copied();
                    format!(
                        "Shape::Model({})",
                        self.models.get(index.unwrap_or_default())
                    )
                }
            }
        }
    }

    /// A model's entry: its name, its fields as the spec states them, its example.
    fn model(&self, model: &ir::Model) -> String {
        let fields = list(model.fields.iter().map(|f| self.field(f)));
        let example = optional(model.example.as_ref().map(|value| lit(&value.to_string())));
        format!(
            "Model {{ name: {}, fields: &{fields}, example: {example} }}",
            lit(&model.name)
        )
    }

    /// A field's entry, as the spec states it: `Field::new("id", Shape::Text).required()`.
    fn field(&self, f: &ir::Field) -> String {
        let mut field = format!(
            "Field::new({}, {})",
            lit(&f.json_name),
            self.shape(&f.value_type)
        );
        for (set, method) in [
            (f.required, "required"),
            (f.nullable, "nullable"),
            (f.read_only, "read_only"),
        ] {
            if set {
                let _ = write!(field, ".{method}()");
            }
        }
        for (value, method) in [(&f.example, "with_example"), (&f.default, "with_default")] {
            if let Some(value) = value {
                let _ = write!(field, ".{method}({})", lit(&value.to_string()));
            }
        }
        for (bound, method) in [
            (f.limits.minimum, "at_least"),
            (f.limits.maximum, "at_most"),
        ] {
            if let Some(bound) = bound {
                let _ = write!(field, ".{method}({})", Literal::f64_suffixed(bound));
            }
        }
        if let Some(pattern) = &f.limits.pattern {
            let _ = write!(field, ".matching({})", lit(pattern));
        }
        field
    }

    /// An operation's entry: what the spec says of its request and answer, then what lowering
    /// decided the fake does with it, as calls of `Operation`'s builder.
    fn operation(&self, op: &ir::Operation, rules: &ir::FakeRules) -> String {
        let params: Vec<String> = op
            .args
            .iter()
            .chain(&op.options)
            .filter(|p| p.place != ir::ParamPlace::Body)
            .map(|p| {
                let (name, shape) = (lit(&p.wire_name), self.shape(&p.value_type));
                match (p.place, p.required) {
                    (ir::ParamPlace::Path, _) => format!("Param::path({name}, {shape})"),
                    (ir::ParamPlace::Query, true) => {
                        format!("Param::query({name}, {shape}).required()")
                    }
                    (ir::ParamPlace::Query, false) => format!("Param::query({name}, {shape})"),
                    (_, true) => format!("Param::header({name}, {shape}).required()"),
                    (_, false) => format!("Param::header({name}, {shape})"),
                }
            })
            .collect();
        // Only what differs from `Operation::new`'s defaults is written.
        let mut entry = format!(
            "Operation::new({}, {}, {}, {})",
            lit(&op.operation_id),
            lit(op.http_method.as_str()),
            lit(&op.route),
            op.success_status
        );
        if !params.is_empty() {
            let _ = write!(entry, ".params(&{})", list(params));
        }
        if let Some(body) = &op.body {
            let method = match body.required {
                true => "body",
                false => "optional_body",
            };
            let _ = write!(entry, ".{method}({})", self.shape(&body.value_type));
        }
        if let Some(ty) = &op.output_type {
            let _ = write!(entry, ".output({})", self.shape(ty));
        }
        if !matches!(rules.act, ir::FakeAct::Example) {
            let _ = write!(entry, ".act({})", self.act(&rules.act));
        }
        if let Some(store) = rules.within {
            let param = lit(&self.tables.stores[store].param);
            let _ = write!(entry, ".within({}, {param})", self.stores.get(store));
        }
        if let Some(requirement) = &rules.requires {
            let _ = write!(entry, ".requires({})", requirement_entry(requirement));
        }
        if let Some(owner) = &rules.owner {
            let _ = write!(entry, ".owner({})", lit(owner));
        }
        if let Some(rows) = &rules.rows {
            let _ = write!(entry, ".rows({})", rows_entry(rows));
        }
        entry
    }

    fn act(&self, act: &ir::FakeAct) -> String {
        match act {
            ir::FakeAct::Example => "Act::Example".to_owned(),
            ir::FakeAct::List {
                store,
                entities,
                item,
                paged,
            } => format!(
                "Act::List {{ resource: {}, entities: {}, item: {}, paged: {paged} }}",
                self.stores.get(*store),
                lit(entities),
                self.models.get(*item)
            ),
            ir::FakeAct::Create(store) => self.store_act("Create", *store),
            ir::FakeAct::Read(store) => self.store_act("Read", *store),
            ir::FakeAct::Replace(store) => self.store_act("Replace", *store),
            ir::FakeAct::Update(store) => self.store_act("Update", *store),
            ir::FakeAct::Delete(store) => self.store_act("Delete", *store),
            ir::FakeAct::Renew { store, fields } => format!(
                "Act::Renew {{ resource: {}, fields: &{} }}",
                self.stores.get(*store),
                strings(fields)
            ),
            ir::FakeAct::Start { poll, bind, carry } => format!(
                "Act::Start {{ poll: {}, bind: &{}, carry: &{} }}",
                self.operations.get(*poll),
                pairs(bind),
                pairs(carry)
            ),
            ir::FakeAct::Poll {
                status,
                pending,
                done,
            } => format!(
                "Act::Poll {{ status: {}, pending: &{}, done: {} }}",
                lit(status),
                strings(pending),
                lit(done)
            ),
        }
    }

    /// `Act::Read(resource::CLIENTS)`, and the like.
    fn store_act(&self, act: &str, store: usize) -> String {
        format!("Act::{act}({})", self.stores.get(store))
    }

    /// A resource's entry.
    fn store(&self, store: &ir::FakeStore) -> String {
        let body_model = optional(store.body_model.map(|m| self.models.get(m)));
        format!(
            "Resource {{ model: {}, item_route: {}, param: {}, key: &{}, scope: &{}, body_model: {body_model} }}",
            self.models.get(store.model),
            lit(&store.item_route),
            lit(&store.param),
            strings(&store.key),
            strings(&store.scope)
        )
    }
}

fn requirement_entry(requirement: &ir::FakeRequirement) -> String {
    let ir::FakeRequirement {
        field,
        value,
        code,
        message,
        status,
        ..
    } = requirement;
    format!(
        "Requirement {{ field: {}, value: {}, status: {status}, code: {}, message: {} }}",
        lit(field),
        lit(value),
        lit(code),
        lit(message)
    )
}

fn rows_entry(rows: &ir::FakeRows) -> String {
    let [metrics, group_by] = [&rows.metrics, &rows.group_by].map(|pick| {
        format!(
            "Pick {{ from: {}, fields: &{} }}",
            lit(&pick.from),
            pairs(&pick.fields)
        )
    });
    format!(
        "Rows {{ at: {}, interval: {}, granularity: {}, date: {}, metrics: {metrics}, group_by: {group_by} }}",
        lit(&rows.at),
        lit(&rows.interval),
        optional(rows.granularity.as_deref().map(lit)),
        optional(rows.date.as_deref().map(lit))
    )
}

/// The names of one table's positions (`model::OAUTH_CLIENT`), and which of them are referred
/// to: only those are written.
struct Refs<'a> {
    module: &'static str,
    /// The prefix of the entries' own `const` names: `MODEL` for `MODEL_ROLE_DIVISION`.
    prefix: &'static str,
    /// Identifiers already (`table_names` in lowering makes them).
    names: &'a [String],
    used: RefCell<Vec<bool>>,
}

impl<'a> Refs<'a> {
    fn new(module: &'static str, prefix: &'static str, names: &'a [String]) -> Self {
        Refs {
            module,
            prefix,
            names,
            used: RefCell::new(vec![false; names.len()]),
        }
    }

    /// The reference to entry `index`, whose position is then written.
    fn get(&self, index: usize) -> String {
        self.mark(index);
        format!("{}::{}", self.module, self.names[index])
    }

    /// Entry `index` is referred to from elsewhere.
    fn mark(&self, index: usize) {
        self.used.borrow_mut()[index] = true;
    }

    /// The table's items: the positions used, a `const` per entry
    /// (`const MODEL_ROLE_DIVISION: Model = ...;`) and the table of them
    /// (`static MODELS: &[Model] = &[MODEL_..., ...];`).
    fn items(&self, table: &str, ty: &str, entries: Vec<String>) -> Vec<String> {
        let consts: Vec<String> = self
            .names
            .iter()
            .map(|name| format!("{}_{name}", self.prefix))
            .collect();
        let mut items = vec![self.module(table)];
        items.extend(
            consts
                .iter()
                .zip(entries)
                .map(|(name, entry)| format!("const {name}: {ty} = {entry};")),
        );
        items.push(format!(
            "pub(super) static {table}: &[{ty}] = &[{}];",
            consts.join(", ")
        ));
        items
    }

    /// `mod module { const NAME: usize = index; ... }` for the names used.
    fn module(&self, table: &str) -> String {
        let used = self.used.borrow();
        let mut module = format!(
            "/// Positions in `{table}`.\npub(super) mod {} {{\n",
            self.module
        );
        for (i, name) in self.names.iter().enumerate().filter(|(i, _)| used[*i]) {
            let _ = writeln!(module, "pub(crate) const {name}: usize = {i};");
        }
        module.push('}');
        module
    }
}
