//! The fake's tables as Rust: the entries of `MODELS`, `OPERATIONS` and `RESOURCES` that a
//! generated `testing/tables.rs` holds, written from the models, the operations and what
//! lowering decided the fake does with them (`ir::FakeTables`). Their types are the engine's
//! (`templates/runtime/testing/schema.rs`).

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir;
use crate::types::{RustType, text};

impl ir::Api {
    /// The items of `testing/tables.rs`, one string each: per table, the `mod` of the positions
    /// something refers to, a `const` per entry (`OPERATION_GET_OAUTH_CLIENT`, so a reader finds
    /// it by name and the formatter takes it alone), and the table of them.
    pub fn fake_tables(&self) -> Vec<String> {
        let Some(tables) = &self.fake.tables else {
            return Vec::new();
        };
        let writer = Writer::new(self, tables);
        let models: Vec<TokenStream> = self.models.iter().map(|m| writer.model(m)).collect();
        let operations: Vec<TokenStream> = self
            .operations
            .iter()
            .zip(&tables.rules)
            .map(|(op, rules)| writer.operation(op, rules))
            .collect();
        let stores: Vec<TokenStream> = tables.stores.iter().map(|s| writer.store(s)).collect();
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

/// Writes the entries, and remembers which positions they refer to.
struct Writer<'a> {
    tables: &'a ir::FakeTables,
    models: Refs,
    operations: Refs,
    stores: Refs,
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
    fn shape(&self, ty: &RustType) -> TokenStream {
        match ty {
            RustType::String | RustType::Id(_) => quote!(Shape::Text),
            RustType::Secret => quote!(Shape::Secret),
            RustType::I32 => quote!(Shape::Int32),
            RustType::I64 => quote!(Shape::Int64),
            RustType::F32 | RustType::F64 => quote!(Shape::Number),
            RustType::Bool => quote!(Shape::Bool),
            RustType::DateTime => quote!(Shape::DateTime),
            RustType::Date => quote!(Shape::Date),
            RustType::Json => quote!(Shape::Any),
            RustType::Vec(inner) => {
                let inner = self.shape(inner);
                quote!(Shape::List(&#inner))
            }
            RustType::Map(inner) => {
                let inner = self.shape(inner);
                quote!(Shape::Map(&#inner))
            }
            RustType::Boxed(inner) => self.shape(inner),
            RustType::Named(name) => {
                if let Some(e) = self.enums.get(name.as_str()) {
                    let values = e.variants.iter().map(|v| &v.value);
                    quote!(Shape::OneOf(&[#(#values),*]))
                } else {
                    let index = self.model_index.get(name.as_str()).copied();
                    let index = self.models.get(index.unwrap_or_default());
                    quote!(Shape::Model(#index))
                }
            }
        }
    }

    /// A model's entry: its name, its fields as the spec states them, its example.
    fn model(&self, model: &ir::Model) -> TokenStream {
        let name = &model.name;
        let fields = model.fields.iter().map(|f| self.field(f));
        let example = optional(model.example.as_ref().map(|value| value.to_string()));
        quote!(Model { name: #name, fields: &[#(#fields),*], example: #example })
    }

    /// A field's entry, as the spec states it: `Field::new("id", Shape::Text).required()`.
    fn field(&self, f: &ir::Field) -> TokenStream {
        let (json, shape) = (&f.json_name, self.shape(&f.value_type));
        let mut field = quote!(Field::new(#json, #shape));
        for (set, method) in [
            (f.required, quote!(required)),
            (f.nullable, quote!(nullable)),
            (f.read_only, quote!(read_only)),
        ] {
            if set {
                field = quote!(#field.#method());
            }
        }
        for (value, method) in [
            (&f.example, quote!(with_example)),
            (&f.default, quote!(with_default)),
        ] {
            if let Some(value) = value {
                let json = value.to_string();
                field = quote!(#field.#method(#json));
            }
        }
        for (bound, method) in [
            (f.limits.minimum, quote!(at_least)),
            (f.limits.maximum, quote!(at_most)),
        ] {
            if let Some(bound) = bound {
                let bound = Literal::f64_suffixed(bound);
                field = quote!(#field.#method(#bound));
            }
        }
        if let Some(pattern) = &f.limits.pattern {
            field = quote!(#field.matching(#pattern));
        }
        field
    }

    /// An operation's entry: what the spec says of its request and answer, then what lowering
    /// decided the fake does with it, as calls of `Operation`'s builder.
    fn operation(&self, op: &ir::Operation, rules: &ir::FakeRules) -> TokenStream {
        let (id, method, route, status) = (
            &op.operation_id,
            op.http_method.as_str(),
            &op.route,
            Literal::u16_unsuffixed(op.success_status),
        );
        let params = op
            .args
            .iter()
            .chain(&op.options)
            .filter(|p| p.place != ir::ParamPlace::Body)
            .map(|p| {
                let (name, shape) = (&p.wire_name, self.shape(&p.value_type));
                let param = match p.place {
                    ir::ParamPlace::Path => return quote!(Param::path(#name, #shape)),
                    ir::ParamPlace::Query => quote!(Param::query(#name, #shape)),
                    _ => quote!(Param::header(#name, #shape)),
                };
                match p.required {
                    true => quote!(#param.required()),
                    false => param,
                }
            });
        // Only what differs from `Operation::new`'s defaults is written.
        let mut entry = quote!(Operation::new(#id, #method, #route, #status));
        let params: Vec<TokenStream> = params.collect();
        if !params.is_empty() {
            entry = quote!(#entry.params(&[#(#params),*]));
        }
        if let Some(body) = &op.body {
            let shape = self.shape(&body.value_type);
            entry = match body.required {
                true => quote!(#entry.body(#shape)),
                false => quote!(#entry.optional_body(#shape)),
            };
        }
        if let Some(ty) = &op.output_type {
            let shape = self.shape(ty);
            entry = quote!(#entry.output(#shape));
        }
        if !matches!(rules.act, ir::FakeAct::Example) {
            let act = self.act(&rules.act);
            entry = quote!(#entry.act(#act));
        }
        if let Some(store) = rules.within {
            let param = &self.tables.stores[store].param;
            let store = self.stores.get(store);
            entry = quote!(#entry.within(#store, #param));
        }
        if let Some(requirement) = &rules.requires {
            let requirement = requirement_entry(requirement);
            entry = quote!(#entry.requires(#requirement));
        }
        if let Some(owner) = &rules.owner {
            entry = quote!(#entry.owner(#owner));
        }
        if let Some(rows) = &rules.rows {
            let rows = rows_entry(rows);
            entry = quote!(#entry.rows(#rows));
        }
        entry
    }

    fn act(&self, act: &ir::FakeAct) -> TokenStream {
        match act {
            ir::FakeAct::Example => quote!(Act::Example),
            ir::FakeAct::List {
                store,
                entities,
                item,
                paged,
            } => {
                let (store, item) = (self.stores.get(*store), self.models.get(*item));
                quote!(Act::List { resource: #store, entities: #entities, item: #item, paged: #paged })
            }
            ir::FakeAct::Create(store) => self.store_act(quote!(Create), *store),
            ir::FakeAct::Read(store) => self.store_act(quote!(Read), *store),
            ir::FakeAct::Replace(store) => self.store_act(quote!(Replace), *store),
            ir::FakeAct::Update(store) => self.store_act(quote!(Update), *store),
            ir::FakeAct::Delete(store) => self.store_act(quote!(Delete), *store),
            ir::FakeAct::Renew { store, fields } => {
                let store = self.stores.get(*store);
                quote!(Act::Renew { resource: #store, fields: &[#(#fields),*] })
            }
            ir::FakeAct::Start { poll, bind, carry } => {
                let poll = self.operations.get(*poll);
                let bind = bind.iter().map(|(from, to)| quote!((#from, #to)));
                let carry = carry.iter().map(|(from, to)| quote!((#from, #to)));
                quote!(Act::Start { poll: #poll, bind: &[#(#bind),*], carry: &[#(#carry),*] })
            }
            ir::FakeAct::Poll {
                status,
                pending,
                done,
            } => quote!(Act::Poll { status: #status, pending: &[#(#pending),*], done: #done }),
        }
    }

    /// `Act::Read(resource::CLIENTS)`, and the like.
    fn store_act(&self, act: TokenStream, store: usize) -> TokenStream {
        let store = self.stores.get(store);
        quote!(Act::#act(#store))
    }

    /// A resource's entry.
    fn store(&self, store: &ir::FakeStore) -> TokenStream {
        let model = self.models.get(store.model);
        let (route, param, key, scope) =
            (&store.item_route, &store.param, &store.key, &store.scope);
        let body_model = optional(store.body_model.map(|m| self.models.get(m)));
        quote!(Resource {
            model: #model, item_route: #route, param: #param, key: &[#(#key),*],
            scope: &[#(#scope),*], body_model: #body_model
        })
    }
}

fn requirement_entry(requirement: &ir::FakeRequirement) -> TokenStream {
    let ir::FakeRequirement {
        field,
        value,
        code,
        message,
        ..
    } = requirement;
    let status = Literal::u16_unsuffixed(requirement.status);
    quote!(Requirement { field: #field, value: #value, status: #status, code: #code, message: #message })
}

fn rows_entry(rows: &ir::FakeRows) -> TokenStream {
    let ir::FakeRows { at, interval, .. } = rows;
    let granularity = optional(rows.granularity.as_ref());
    let date = optional(rows.date.as_ref());
    let [metrics, group_by] = [&rows.metrics, &rows.group_by].map(|pick| {
        let from = &pick.from;
        let fields = pick
            .fields
            .iter()
            .map(|(value, field)| quote!((#value, #field)));
        quote!(Pick { from: #from, fields: &[#(#fields),*] })
    });
    quote!(Rows { at: #at, interval: #interval, granularity: #granularity, date: #date, metrics: #metrics, group_by: #group_by })
}

/// `Some(value)` or `None`.
fn optional(value: Option<impl quote::ToTokens>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// The names of one table's positions (`model::OAUTH_CLIENT`), and which of them are referred
/// to: only those are written.
struct Refs {
    module: Ident,
    /// The prefix of the entries' own `const` names: `MODEL` for `MODEL_ROLE_DIVISION`.
    prefix: &'static str,
    names: Vec<Ident>,
    used: RefCell<Vec<bool>>,
}

impl Refs {
    fn new(module: &str, prefix: &'static str, names: &[String]) -> Refs {
        Refs {
            module: Ident::new(module, Span::call_site()),
            prefix,
            names: names
                .iter()
                .map(|n| Ident::new(n, Span::call_site()))
                .collect(),
            used: RefCell::new(vec![false; names.len()]),
        }
    }

    /// The reference to entry `index`, whose position is then written.
    fn get(&self, index: usize) -> TokenStream {
        self.mark(index);
        let (module, name) = (&self.module, &self.names[index]);
        quote!(#module::#name)
    }

    /// Entry `index` is referred to from elsewhere.
    fn mark(&self, index: usize) {
        self.used.borrow_mut()[index] = true;
    }

    /// The table's items: the positions used, a `const` per entry
    /// (`const MODEL_ROLE_DIVISION: Model = ...;`) and the table of them
    /// (`static MODELS: &[Model] = &[MODEL_..., ...];`).
    fn items(&self, table: &str, ty: &str, entries: Vec<TokenStream>) -> Vec<String> {
        let ty = Ident::new(ty, Span::call_site());
        let table_ident = Ident::new(table, Span::call_site());
        let consts: Vec<Ident> = self
            .names
            .iter()
            .map(|name| Ident::new(&format!("{}_{name}", self.prefix), name.span()))
            .collect();
        let mut items = vec![text(self.module(table))];
        items.extend(
            consts
                .iter()
                .zip(entries)
                .map(|(name, entry)| text(quote!(const #name: #ty = #entry;))),
        );
        items.push(text(
            quote!(pub(super) static #table_ident: &[#ty] = &[#(#consts),*];),
        ));
        items
    }

    /// `mod module { const NAME: usize = index; ... }` for the names used.
    fn module(&self, table: &str) -> TokenStream {
        let used = self.used.borrow();
        let consts = self
            .names
            .iter()
            .enumerate()
            .filter(|(i, _)| used[*i])
            .map(|(i, name)| {
                let i = Literal::usize_unsuffixed(i);
                quote!(pub(crate) const #name: usize = #i;)
            });
        let module = &self.module;
        let doc = format!(" Positions in `{table}`.");
        quote!(#[doc = #doc] pub(super) mod #module { #(#consts)* })
    }
}
