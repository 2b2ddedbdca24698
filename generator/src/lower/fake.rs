//! The fake server of the `testing` feature, derived from the spec like the rest of the crate.
//!
//! Every operation gets routing, authentication, request checks and an answer. What the answer
//! is follows from the spec's shape, not from hand-written code:
//!
//! - **Resources.** An item path (`/clients/{clientId}`) whose GET returns a model, with the
//!   collection path above it, is a resource kept in memory: POST on the collection creates,
//!   GET lists (its listing's array of the same model family, or a bare array of it),
//!   GET/PUT/PATCH/DELETE on the item read, replace, update and delete. An item is found by its
//!   `id` field, else a field named like the path parameter, or by the field `x-fake.key`
//!   names. The server owns the item's fields its request model lacks, and those marked
//!   `readOnly`.
//! - **Operations under an item** (`/clients/{clientId}/secret`) answer 404 when the item does
//!   not exist.
//! - **Polling.** An operation whose response links to an `x-poll` operation starts an
//!   execution; the polled operation answers a pending status a few times, then a final one.
//! - **Anything else** answers an example built from its response schema: a schema's or
//!   property's `example` where the spec gives one, else its `default`, else a value made up
//!   from its type.
//!
//! What no shape can say is declared on the operation with `x-fake`:
//! `requires: {field: value}` with `otherwise: {status, code, message}` refuses a call on an
//! item whose field has another value (only an inactive OAuth client can be deleted), and
//! `renew: [field, ...]` makes an operation under an item regenerate those server-owned fields
//! and answer the item (a client's secret), and `owner: /pointer` makes an operation act for the
//! calling user: it needs a user's token and sees only the items whose string at the pointer is
//! that user's id (the authorizations a user granted). `rows` on a polled operation builds its
//! final result's rows from the query that started the work: one per bucket of its interval,
//! with the metrics and group-by fields it names (see `Lowerer::rows`).

use super::*;
use crate::types::RustType;

/// What `x-fake.renew` must be, said when it is not.
const RENEW_SHAPE: &str =
    "`x-fake.renew` is a list of fields, on an operation under an item path that answers the item";

/// The keys `x-fake` takes.
const X_FAKE_KEYS: &[&str] = &["key", "requires", "otherwise", "renew", "owner", "rows"];

/// Names for the positions of one table's entries (`O_AUTH_CLIENT` for the model `OAuthClient`),
/// so that the tables point at each other by name: a spec edit that moves entries changes one
/// line per moved entry in the `mod` of names, not every reference. Unique, in
/// SHOUTY_SNAKE_CASE.
fn table_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    use heck::ToShoutySnakeCase;
    names::dedupe(names.into_iter().map(|name| {
        let mut ident = names::unraw(&name).to_shouty_snake_case();
        ident.retain(|c| c.is_ascii_alphanumeric() || c == '_');
        match ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
            true => ident,
            false => format!("N{ident}"),
        }
    }))
}

impl<'a> Lowerer<'a> {
    pub(super) fn fake(
        &mut self,
        operations: &[ir::Operation],
        models: &[ir::Model],
        enums: &[ir::Enum],
    ) -> ir::Fake {
        let named = Named::new(models);
        let model_names = table_names(models.iter().map(|m| m.name.clone()));
        let operation_names = table_names(operations.iter().map(|o| o.method_name.clone()));
        // Each operation's `x-fake`, found by operationId in one pass over the spec.
        let declared: BTreeMap<&str, &'a Value> = self
            .spec
            .operations()
            .filter_map(|(_, _, o)| Some((o.operation_id.as_deref()?, o.extensions.get("x-fake")?)))
            .collect();
        let x_fake: Vec<Option<&Value>> = operations
            .iter()
            .map(|op| self.x_fake(op, declared.get(op.operation_id.as_str()).copied()))
            .collect();

        let mut resources = self.resources(operations, models, &x_fake, &named);
        // Named after the collection (`/oauth/clients/{clientId}`: `clients`), which is plural
        // already; the item model's name where the path has no literal segment before the id.
        let plurals =
            names::dedupe(
                resources
                    .iter()
                    .map(|r| match collection_segment(&r.item_path) {
                        Some(segment) => names::unraw(&names::snake(segment)).to_owned(),
                        None => plural(&names::snake(&models[r.model].name)),
                    }),
            );
        let store_names = table_names(plurals.iter().cloned());

        // What each operation does, and whether an `answer_*` method can set its answer.
        let inputs = Inputs {
            operations,
            models,
            enums,
            named: &named,
        };
        let (rules, uses_answer): (Vec<ir::FakeRules>, Vec<bool>) = operations
            .iter()
            .zip(&x_fake)
            .map(|(op, x_fake)| self.rules(op, *x_fake, &mut resources, &inputs))
            .unzip();

        // The typed part of the fake's API: seeding and reading each resource, answering each
        // operation with a value of its own output type.
        let fake_resources = typed_resources(&resources, plurals, &store_names, models);
        let answers = typed_answers(operations, &uses_answer, &operation_names);
        let (example_call, user_call) = example_calls(operations, &rules);
        ir::Fake {
            tables: Some(ir::FakeTables {
                model_names,
                operation_names,
                store_names,
                rules,
                stores: resources,
            }),
            resources: fake_resources,
            answers,
            example_call,
            user_call,
        }
    }

    /// What `op` does in the fake: its act on the stores (or its example, its polls), the item
    /// it is under, and the rules `x-fake` declares for it. Also whether an `answer_*` method
    /// can set its answer (stateful acts answer what the store holds).
    fn rules(
        &mut self,
        op: &ir::Operation,
        x_fake: Option<&Value>,
        stores: &mut [ir::FakeStore],
        inputs: &Inputs,
    ) -> (ir::FakeRules, bool) {
        let StoreAct {
            mut act,
            under,
            listed,
            mut answered,
        } = store_act(op, stores, inputs.models, inputs.named);
        let under = under.or_else(|| enclosing_item(op, stores));
        let (models, named) = (inputs.models, inputs.named);
        if let Some(renew) = self.renew(op, x_fake, under, stores, models, named) {
            act = renew;
            answered = false;
        }
        if !op.waiters.is_empty() {
            act = start(op, inputs.operations);
        }
        if let Some(poll) = &op.poll {
            act = poll_act(poll, inputs.enums);
        }
        let acted_on = under.or(listed).map(|r| stores[r].model);
        let owner = self.owner(op, x_fake, acted_on, models);
        let rows = self.rows(op, x_fake, models, named);
        let requires = self.requirement(op, x_fake, under.map(|r| stores[r].model), models);
        let rules = ir::FakeRules {
            act,
            within: under,
            requires,
            owner,
            rows,
        };
        (rules, answered)
    }

    /// The resources: an item path's GET that answers a model, found by its `key`. Also reports
    /// an `x-fake.key` where no resource can have one.
    fn resources(
        &mut self,
        operations: &[ir::Operation],
        models: &[ir::Model],
        x_fake: &[Option<&Value>],
        named: &Named,
    ) -> Vec<ir::FakeStore> {
        let mut resources: Vec<ir::FakeStore> = Vec::new();
        for (i, op) in operations.iter().enumerate() {
            let Some(model) = named.model(op.output_type.as_ref()) else {
                continue;
            };
            // A polled result is an execution's, not an item anyone stores.
            if op.http_method != ir::HttpMethod::Get
                || !ends_in_param(&op.path)
                || op.poll.is_some()
            {
                continue;
            }
            // The item's own parameter is the last; those before it are its parent's.
            let mut scope: Vec<String> = op
                .path
                .iter()
                .filter_map(|part| match part {
                    ir::PathPart::Param { name, .. } => Some(name.clone()),
                    ir::PathPart::Literal(_) => None,
                })
                .collect();
            let Some(param) = scope.pop() else {
                continue;
            };
            let at = format!("{}/x-fake/key", op.pointer);
            let key = match x_fake[i].and_then(|x| x.get("key")) {
                Some(Value::String(pointer)) if pointer.starts_with('/') => {
                    let path = pointer_tokens(pointer);
                    if !string_at(&path, model, models) {
                        self.error(
                            &at,
                            format!(
                                "`x-fake.key` `{pointer}` is not a string field of `{}`",
                                models[model].name
                            ),
                        );
                        continue;
                    }
                    path
                }
                Some(_) => {
                    self.error(
                        &at,
                        "`x-fake.key` is a JSON pointer into the item, such as `/client/id`",
                    );
                    continue;
                }
                // By default `id`, else a field named like the path parameter (`roleId`).
                None => match [&"id".to_owned(), &param]
                    .into_iter()
                    .find(|name| string_at(std::slice::from_ref(*name), model, models))
                {
                    Some(name) => vec![name.clone()],
                    None => continue,
                },
            };
            resources.push(ir::FakeStore {
                model,
                item_route: op.route.clone(),
                item_path: op.path.clone(),
                param,
                scope,
                key,
                body_model: None,
            });
        }

        for (i, op) in operations.iter().enumerate() {
            // Where `key` can apply, a wrong one was reported above.
            let is_item_get = op.http_method == ir::HttpMethod::Get
                && ends_in_param(&op.path)
                && op.poll.is_none()
                && named.model(op.output_type.as_ref()).is_some();
            if x_fake[i].and_then(|x| x.get("key")).is_some() && !is_item_get {
                self.error(
                    &format!("{}/x-fake/key", op.pointer),
                    "`x-fake.key` belongs on the GET of an item path (`/things/{id}`) that answers a model",
                );
            }
        }
        resources
    }

    /// `renew` of `x-fake`: an operation under the item path of store `under` that regenerates
    /// those of the item's fields and answers it.
    fn renew(
        &mut self,
        op: &ir::Operation,
        x_fake: Option<&Value>,
        under: Option<usize>,
        stores: &[ir::FakeStore],
        models: &[ir::Model],
        named: &Named,
    ) -> Option<ir::FakeAct> {
        let renew = x_fake.and_then(|x| x.get("renew"))?;
        let at = format!("{}/x-fake/renew", op.pointer);
        let output = named.model(op.output_type.as_ref());
        let (Some(r), Some(fields)) = (under, renew.as_array()) else {
            self.error(&at, RENEW_SHAPE);
            return None;
        };
        let model = &models[stores[r].model];
        if output != Some(stores[r].model) {
            self.error(&at, RENEW_SHAPE);
            return None;
        }
        let mut names = Vec::new();
        for (n, field) in fields.iter().enumerate() {
            match field.as_str() {
                Some(name) if model.fields.iter().any(|f| f.json_name == name) => {
                    names.push(name.to_owned())
                }
                _ => self.error(
                    &format!("{at}/{n}"),
                    format!(
                        "`x-fake.renew` lists {field}, which is not a field of `{}`",
                        model.name
                    ),
                ),
            }
        }
        Some(ir::FakeAct::Renew {
            store: r,
            fields: names,
        })
    }

    /// An operation's `x-fake`, checked for unknown keys.
    fn x_fake(&mut self, op: &ir::Operation, found: Option<&'a Value>) -> Option<&'a Value> {
        let found = found?;
        let at = format!("{}/x-fake", op.pointer);
        let Some(map) = found.as_object() else {
            self.error(
                &at,
                "`x-fake` is a mapping with any of `key`, `requires`, `otherwise`, `renew`, `owner`",
            );
            return None;
        };
        for key in map.keys() {
            if !X_FAKE_KEYS.contains(&key.as_str()) {
                self.error(
                    &format!("{at}/{}", crate::diagnostics::escape_token(key)),
                    format!("`x-fake` has no `{key}`; it takes {X_FAKE_KEYS:?}"),
                );
            }
        }
        Some(found)
    }

    /// `owner` of `x-fake`, as a table entry: a pointer to a string field of the item `model` the
    /// operation lists or acts on.
    fn owner(
        &mut self,
        op: &ir::Operation,
        x_fake: Option<&Value>,
        model: Option<usize>,
        models: &[ir::Model],
    ) -> Option<String> {
        let owner = x_fake.and_then(|x| x.get("owner"))?;
        let at = format!("{}/x-fake/owner", op.pointer);
        let Some(model) = model else {
            self.error(
                &at,
                "`x-fake.owner` needs an operation that lists the items of a resource or acts on one",
            );
            return None;
        };
        let Some(pointer) = owner.as_str().filter(|p| p.starts_with('/')) else {
            self.error(
                &at,
                "`x-fake.owner` is a JSON pointer into the item to its user's id, such as `/resourceOwner/id`",
            );
            return None;
        };
        if !string_at(&pointer_tokens(pointer), model, models) {
            self.error(
                &at,
                format!(
                    "`x-fake.owner` `{pointer}` is not a string field of `{}`",
                    models[model].name
                ),
            );
            return None;
        }
        Some(pointer.to_owned())
    }

    /// `rows` of `x-fake`, as a table entry. On a polled operation, it says how its final result's
    /// rows follow from the request body that started the work:
    ///
    /// ```yaml
    /// rows:
    ///   at: results                  # the result's array of row models
    ///   interval: /interval          # `start/end` in the starting body: one row per bucket
    ///   granularity: /granularity    # Day (the default), Week or Month
    ///   date: date                   # the row field that gets the bucket's start
    ///   metrics: {from: /metrics, fields: {Requests: requests}}   # counts, all when none named
    ///   group-by: {from: /groupBy, fields: {TemplateUri: templateUri}}
    /// ```
    fn rows(
        &mut self,
        op: &ir::Operation,
        x_fake: Option<&Value>,
        models: &[ir::Model],
        named: &Named,
    ) -> Option<ir::FakeRows> {
        let rows = x_fake.and_then(|x| x.get("rows"))?;
        let at = format!("{}/x-fake/rows", op.pointer);
        let output = named.model(op.output_type.as_ref());
        let text = |key: &str| rows.get(key).and_then(Value::as_str);
        // The array field of the result, and the model of its rows.
        let row_model = output.zip(text("at")).and_then(|(model, field)| {
            let field = models[model].fields.iter().find(|f| f.json_name == field)?;
            match &field.value_type {
                RustType::Vec(inner) => named.model(Some(inner)),
                _ => None,
            }
        });
        let (Some(row_model), Some(field_at), Some(interval)) = (
            row_model,
            text("at"),
            text("interval").filter(|p| p.starts_with('/')),
        ) else {
            self.error(&at, "`x-fake.rows` needs `at`, an array field of models in the operation's result, and `interval`, a JSON pointer into the starting request's body");
            return None;
        };
        let row_fields = &models[row_model].fields;
        // Fields the rule names that the row model lacks, and where: reported at the end.
        let mut unknown: Vec<(String, String)> = Vec::new();
        let mut field_of_row = |name: &str, where_: String| -> bool {
            let known = row_fields.iter().any(|f| f.json_name == name);
            if !known {
                unknown.push((
                    where_,
                    format!("`{name}` is not a field of `{}`", models[row_model].name),
                ));
            }
            known
        };
        let date = match text("date") {
            Some(name) if field_of_row(name, format!("{at}/date")) => Some(name.to_owned()),
            _ => None,
        };
        let granularity = text("granularity").map(str::to_owned);
        let mut picks = Vec::new();
        let mut malformed = Vec::new();
        for key in ["metrics", "group-by"] {
            let pick = rows.get(key);
            let from = pick
                .and_then(|p| p.get("from"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut fields = Vec::new();
            if let Some(map) = pick
                .and_then(|p| p.get("fields"))
                .and_then(Value::as_object)
            {
                for (value, field) in map {
                    let field = field.as_str().unwrap_or_default();
                    if field_of_row(field, format!("{at}/{key}/fields")) {
                        fields.push((value.clone(), field.to_owned()));
                    }
                }
            }
            if pick.is_some() && !from.starts_with('/') {
                malformed.push(key);
            }
            picks.push(ir::FakePick {
                from: from.to_owned(),
                fields,
            });
        }
        for (where_, message) in unknown {
            self.error(&where_, message);
        }
        for key in malformed {
            self.error(
                &format!("{at}/{key}"),
                format!("`x-fake.rows.{key}` is `{{from: /pointer, fields: {{value: field}}}}`"),
            );
        }
        let [metrics, group_by] = <[ir::FakePick; 2]>::try_from(picks).ok()?;
        Some(ir::FakeRows {
            at: field_at.to_owned(),
            interval: interval.to_owned(),
            granularity,
            date,
            metrics,
            group_by,
        })
    }

    /// `requires` and `otherwise` of `x-fake`, as a table entry.
    fn requirement(
        &mut self,
        op: &ir::Operation,
        x_fake: Option<&Value>,
        model: Option<usize>,
        models: &[ir::Model],
    ) -> Option<ir::FakeRequirement> {
        let requires = x_fake.and_then(|x| x.get("requires"))?;
        let at = format!("{}/x-fake", op.pointer);
        let Some(model) = model else {
            self.error(
                &format!("{at}/requires"),
                "`x-fake.requires` needs an operation on an item path of a resource, or under one",
            );
            return None;
        };
        let pair = requires
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
            .and_then(|(field, value)| Some((field.clone(), value.as_str()?.to_owned())));
        let Some((field, value)) = pair else {
            self.error(&format!("{at}/requires"), "`x-fake.requires` is one field and the string value it must have: `{state: inactive}`");
            return None;
        };
        if !models[model].fields.iter().any(|f| f.json_name == field) {
            self.error(
                &format!("{at}/requires"),
                format!("`{field}` is not a field of `{}`", models[model].name),
            );
        }
        let otherwise = x_fake.and_then(|x| x.get("otherwise"));
        let get = |key: &str| otherwise.and_then(|o| o.get(key));
        let status = get("status")
            .and_then(Value::as_u64)
            .filter(|s| (400..500).contains(s));
        let (Some(status), Some(code), Some(message)) = (
            status,
            get("code").and_then(Value::as_str),
            get("message").and_then(Value::as_str),
        ) else {
            self.error(
                &format!("{at}/otherwise"),
                "`x-fake.otherwise` gives the refusal: `status` (4xx), `code` and `message`",
            );
            return None;
        };
        Some(ir::FakeRequirement {
            field,
            value,
            status: status as u16,
            code: code.to_owned(),
            message: message.to_owned(),
        })
    }
}

/// What the fake does with an operation on a store's item path or collection path.
struct StoreAct {
    act: ir::FakeAct,
    /// The store whose item path the operation is on.
    under: Option<usize>,
    /// The store it lists.
    listed: Option<usize>,
    /// Whether `answer_*` can set what it answers: stateful acts answer what the store holds.
    answered: bool,
}

/// The act of an operation on an item path (read, replace, update, delete) or a collection path
/// (create, list) of a store; an example for any other. A create, replace or update tells the
/// store its request model.
fn store_act(
    op: &ir::Operation,
    stores: &mut [ir::FakeStore],
    models: &[ir::Model],
    named: &Named,
) -> StoreAct {
    let body_model = named.model(op.body.as_ref().map(|b| &b.value_type));
    let stateful = |act, under, listed| StoreAct {
        act,
        under,
        listed,
        answered: false,
    };
    let take_body = |store: &mut ir::FakeStore| store.body_model = store.body_model.or(body_model);
    let collection_of = |r: &ir::FakeStore| is_collection_of(&op.path, &r.item_path);
    if let Some(r) = stores
        .iter()
        .position(|r| same_path(&r.item_path, &op.path))
    {
        let output_is_item = named.model(op.output_type.as_ref()) == Some(stores[r].model);
        let act = match op.http_method {
            ir::HttpMethod::Get if output_is_item => {
                return stateful(ir::FakeAct::Read(r), Some(r), None);
            }
            ir::HttpMethod::Put if body_model.is_some() => {
                take_body(&mut stores[r]);
                return stateful(ir::FakeAct::Replace(r), Some(r), None);
            }
            ir::HttpMethod::Patch if body_model.is_some() => {
                take_body(&mut stores[r]);
                return stateful(ir::FakeAct::Update(r), Some(r), None);
            }
            ir::HttpMethod::Delete => ir::FakeAct::Delete(r),
            _ => ir::FakeAct::Example,
        };
        return StoreAct {
            act,
            under: Some(r),
            listed: None,
            answered: true,
        };
    }
    if let Some(r) = stores.iter().position(collection_of) {
        match op.http_method {
            ir::HttpMethod::Post if body_model.is_some() => {
                take_body(&mut stores[r]);
                return stateful(ir::FakeAct::Create(r), None, None);
            }
            ir::HttpMethod::Get => {
                if let Some((entities, item)) = listing(&op.output_type, stores[r].model, models) {
                    let paged = ["pageSize", "pageNumber"].iter().all(|name| {
                        op.options
                            .iter()
                            .chain(&op.args)
                            .any(|p| p.place == ir::ParamPlace::Query && p.wire_name == *name)
                    });
                    let act = ir::FakeAct::List {
                        store: r,
                        entities,
                        item,
                        paged,
                    };
                    return StoreAct {
                        act,
                        under: None,
                        listed: Some(r),
                        answered: true,
                    };
                }
            }
            _ => {}
        }
    }
    StoreAct {
        act: ir::FakeAct::Example,
        under: None,
        listed: None,
        answered: true,
    }
}

/// The deepest item path the operation's path is under (a collection's parent included): that
/// item must exist.
fn enclosing_item(op: &ir::Operation, stores: &[ir::FakeStore]) -> Option<usize> {
    stores
        .iter()
        .enumerate()
        .filter(|(_, r)| is_under(&op.path, &r.item_path))
        .max_by_key(|(_, r)| r.item_route.len())
        .map(|(r, _)| r)
}

/// An operation whose response links to a polled one: what of its request and response the
/// polled operation's parameters take.
fn start(op: &ir::Operation, operations: &[ir::Operation]) -> ir::FakeAct {
    let waiter = &op.waiters[0];
    let Some(poll) = operations
        .iter()
        .position(|o| o.operation_id == waiter.poll_operation_id)
    else {
        return ir::FakeAct::Example;
    };
    let poll_params: Vec<&ir::Param> = operations[poll].args.iter().collect();
    let mut bind = Vec::new();
    let mut carry = Vec::new();
    for (var, param) in waiter.args.iter().zip(poll_params) {
        let target = param.wire_name.clone();
        if let Some(field) = waiter.from_response.iter().find(|f| &f.var == var) {
            bind.push((field.json_name.clone(), target));
        } else if let Some((_, field)) = waiter.from_request.iter().find(|(v, _)| v == var)
            && let Some(source) = op
                .args
                .iter()
                .chain(&op.options)
                .find(|p| &p.ident == field)
        {
            carry.push((source.wire_name.clone(), target));
        }
    }
    ir::FakeAct::Start { poll, bind, carry }
}

/// The table entry of a polled operation: its status field and which values are final.
fn poll_act(poll: &ir::Poll, enums: &[ir::Enum]) -> ir::FakeAct {
    let Some(e) = enums.iter().find(|e| e.name == poll.status_enum) else {
        return ir::FakeAct::Example;
    };
    let value = |ident: &String| {
        e.variants
            .iter()
            .find(|v| &v.ident == ident)
            .map(|v| v.value.clone())
    };
    let pending: Vec<String> = poll.pending.iter().filter_map(value).collect();
    let failed: Vec<String> = poll.failed.iter().filter_map(value).collect();
    let done = e
        .variants
        .iter()
        .map(|v| &v.value)
        .find(|v| !pending.contains(v) && !failed.contains(v))
        .cloned()
        .unwrap_or_default();
    ir::FakeAct::Poll {
        status: poll.status_json.clone(),
        pending,
        done,
    }
}

/// The models by Rust name, with their positions.
/// The `seed_*` and `stored_*` methods of each store, named after its plural.
fn typed_resources(
    stores: &[ir::FakeStore],
    plurals: Vec<String>,
    store_names: &[String],
    models: &[ir::Model],
) -> Vec<ir::FakeResource> {
    stores
        .iter()
        .zip(plurals)
        .zip(store_names)
        .map(|((r, plural), index)| ir::FakeResource {
            index: index.clone(),
            seed: format!("seed_{}", names::unraw(&plural)),
            stored: format!("stored_{}", names::unraw(&plural)),
            model: RustType::Named(models[r.model].name.clone()),
            model_name: models[r.model].name.clone(),
            item_route: r.item_route.clone(),
            key: format!("/{}", r.key.join("/")),
        })
        .collect()
}

/// The `answer_*` method of each operation whose answer can be set and that has one.
fn typed_answers(
    operations: &[ir::Operation],
    uses_answer: &[bool],
    operation_names: &[String],
) -> Vec<ir::FakeAnswer> {
    operations
        .iter()
        .zip(uses_answer)
        .zip(operation_names)
        .filter(|((_, uses_answer), _)| **uses_answer)
        .filter_map(|((op, _), index)| {
            Some(ir::FakeAnswer {
                output: op.output_type.clone()?,
                index: index.clone(),
                method: format!("answer_{}", names::unraw(&op.method_name)),
                client_method: op.method_name.clone(),
            })
        })
        .collect()
}

/// The calls the docs show: the example's, one that succeeds on an empty fake with the client's
/// own token (no arguments, nothing stored to find, no execution to poll, no user needed); and
/// the README's for a user's login, one that acts for the calling user.
fn example_calls(
    operations: &[ir::Operation],
    rules: &[ir::FakeRules],
) -> (Option<String>, Option<String>) {
    let find = |wanted: &dyn Fn(&ir::Operation, &ir::FakeRules) -> bool| {
        operations
            .iter()
            .zip(rules)
            .find(|(op, rules)| wanted(op, rules))
            .map(|(op, _)| op.method_name.clone())
    };
    let example = find(&|op, rules| {
        op.args.is_empty() && rules.within.is_none() && op.poll.is_none() && rules.owner.is_none()
    });
    let user =
        find(&|op, rules| rules.owner.is_some() && op.args.is_empty() && op.output_type.is_some());
    (example, user)
}

/// The IR the fake is lowered from.
struct Inputs<'m> {
    operations: &'m [ir::Operation],
    models: &'m [ir::Model],
    enums: &'m [ir::Enum],
    named: &'m Named<'m>,
}

struct Named<'m> {
    models: std::collections::HashMap<&'m str, usize>,
}

impl<'m> Named<'m> {
    fn new(models: &'m [ir::Model]) -> Self {
        Named {
            models: models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.name.as_str(), i))
                .collect(),
        }
    }

    /// The position of the model a value of type `ty` is, if it is one.
    fn model(&self, ty: Option<&RustType>) -> Option<usize> {
        match ty {
            Some(RustType::Named(name)) => self.models.get(name.as_str()).copied(),
            _ => None,
        }
    }
}

// Paths are compared piece by piece (`ir::PathPart`, from the route parsed once in lowering):
// literal text, and placeholders by their names in the route.

/// Whether two paths are the same route.
fn same_path(a: &[ir::PathPart], b: &[ir::PathPart]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_part(a, b))
}

fn same_part(a: &ir::PathPart, b: &ir::PathPart) -> bool {
    match (a, b) {
        (ir::PathPart::Literal(a), ir::PathPart::Literal(b)) => a == b,
        (ir::PathPart::Param { name: a, .. }, ir::PathPart::Param { name: b, .. }) => a == b,
        _ => false,
    }
}

/// Whether the path ends in a placeholder: `/things/{thingId}`.
fn ends_in_param(path: &[ir::PathPart]) -> bool {
    matches!(path.last(), Some(ir::PathPart::Param { .. }))
}

/// Whether `path` is the collection of the item path `item`: the same but for the item's last
/// segment (`/things` for `/things/{thingId}`).
fn is_collection_of(path: &[ir::PathPart], item: &[ir::PathPart]) -> bool {
    let [
        parent @ ..,
        ir::PathPart::Literal(last),
        ir::PathPart::Param { .. },
    ] = item
    else {
        return false;
    };
    // The last segment starts after the last `/`, which is in the last literal piece.
    let Some((head, _)) = last.rsplit_once('/') else {
        return false;
    };
    match path {
        _ if head.is_empty() => same_path(path, parent),
        [path_parent @ .., ir::PathPart::Literal(path_last)] => {
            path_last == head && same_path(path_parent, parent)
        }
        _ => false,
    }
}

/// Whether `path` goes on below the item path `item`: `/things/{thingId}/parts`.
fn is_under(path: &[ir::PathPart], item: &[ir::PathPart]) -> bool {
    path.len() > item.len()
        && same_path(&path[..item.len()], item)
        && matches!(&path[item.len()], ir::PathPart::Literal(rest) if rest.starts_with('/'))
}

/// The collection's segment of an item path (`clients` in `/oauth/clients/{clientId}`), if the
/// item's placeholder follows a literal segment.
fn collection_segment(item: &[ir::PathPart]) -> Option<&str> {
    let [.., ir::PathPart::Literal(last), ir::PathPart::Param { .. }] = item else {
        return None;
    };
    // The segment before the last one, when no placeholder is in it.
    let (head, _) = last.rsplit_once('/')?;
    let (_, segment) = head.rsplit_once('/')?;
    (!segment.is_empty()).then_some(segment)
}

/// The reference tokens of a JSON pointer that starts with `/`, unescaped.
fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer[1..]
        .split('/')
        .map(crate::diagnostics::unescape_token)
        .collect()
}

/// Whether the field path leads to a string field of the model.
fn string_at(path: &[String], model: usize, models: &[ir::Model]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let Some(field) = models[model].fields.iter().find(|f| &f.json_name == first) else {
        return false;
    };
    let mut ty = &field.value_type;
    while let RustType::Boxed(inner) = ty {
        ty = inner;
    }
    match (ty, rest.is_empty()) {
        (RustType::String | RustType::Id(_), true) => true,
        (RustType::Named(name), false) => models
            .iter()
            .position(|m| &m.name == name)
            .is_some_and(|next| string_at(rest, next, models)),
        _ => false,
    }
}

/// A listing of a resource: the output model's one array of models of the item's family (the
/// item model, or one whose fields the item has), as (array field, item model); or a bare array
/// of them, as (`""`, item model).
fn listing(
    output: &Option<RustType>,
    item: usize,
    models: &[ir::Model],
) -> Option<(String, usize)> {
    let family = |entry: usize| {
        entry == item
            || models[entry].fields.iter().all(|f| {
                models[item]
                    .fields
                    .iter()
                    .any(|g| g.json_name == f.json_name)
            })
    };
    // A bare array of items: `entities` is empty.
    if let Some(RustType::Vec(inner)) = output
        && let RustType::Named(name) = inner.as_ref()
    {
        let entry = models.iter().position(|m| &m.name == name)?;
        return family(entry).then(|| (String::new(), entry));
    }
    let Some(RustType::Named(name)) = output else {
        return None;
    };
    let listing = models.iter().find(|m| &m.name == name)?;
    let arrays: Vec<(String, usize)> = listing
        .fields
        .iter()
        .filter_map(|f| match &f.value_type {
            RustType::Vec(inner) => match inner.as_ref() {
                RustType::Named(n) => Some((
                    f.json_name.clone(),
                    models.iter().position(|m| &m.name == n)?,
                )),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let [(field, entry)] = arrays.as_slice() else {
        return None;
    };
    family(*entry).then(|| (field.clone(), *entry))
}

/// `oauth_client` → `oauth_clients`.
fn plural(name: &str) -> String {
    if name.ends_with('s') || name.ends_with('x') || name.ends_with("ch") || name.ends_with("sh") {
        format!("{name}es")
    } else if let Some(stem) = name
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{name}s")
    }
}
