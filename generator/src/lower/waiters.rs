//! Response links to operations with `x-poll` → `wait_for_*` methods.

use super::operations::{Lowered, Waiting};
use super::*;

impl<'a> Lowerer<'a> {
    /// What waiting adds to each operation, in the same order: the poll of an operation other
    /// operations' links lead to, and the waiters of those links.
    pub(super) fn waiters(
        &mut self,
        operations: &[Lowered<'a>],
        models: &[ir::Model],
    ) -> Vec<Waiting> {
        let mut found: Vec<FoundLink> = Vec::new();
        for (route, method, operation) in self.spec.operations() {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            for (code, response) in &operation.responses.responses {
                let Ok(response) = resolve_response(self.spec, response) else {
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
                    if !found.iter().any(|f| &f.starter_id == id && &f.name == name) {
                        found.push(FoundLink {
                            starter_id: id.clone(),
                            name: name.clone(),
                            link,
                            at,
                        });
                    }
                }
            }
        }
        // Each polled operation's `x-poll` is read once, however many links lead to it (a problem
        // in it is then reported once, too).
        let mut polled: Vec<&String> = Vec::new();
        for FoundLink { link, .. } in &found {
            if let openapiv3::LinkOperation::OperationId(target) = &link.operation
                && !polled.contains(&target)
            {
                polled.push(target);
            }
        }
        let mut polls: Vec<Option<ir::Poll>> = operations.iter().map(|_| None).collect();
        for target_id in polled {
            // A link to an unknown operation, or to one without `x-poll`, is reported at the link.
            if let Some((Some(poll), poll_at)) = self.x_poll(target_id)
                && let Some(index) = operations
                    .iter()
                    .position(|op| &op.operation_id == target_id)
            {
                polls[index] = self.poll(&operations[index], poll, &poll_at, models);
            }
        }
        let mut waiters: Vec<Vec<ir::Waiter>> = operations.iter().map(|_| Vec::new()).collect();
        for found in &found {
            let starter_id = &found.starter_id;
            if let Some(waiter) = self.waiter(operations, &polls, models, found)
                && let Some(starter) = operations
                    .iter()
                    .position(|op| &op.operation_id == starter_id)
            {
                let starter = &mut waiters[starter];
                if starter.iter().any(|w| w.method_name == waiter.method_name) {
                    self.error(
                        &found.at,
                        format!("another link of `{starter_id}` already makes the waiter `{}`; rename one of the links", waiter.method_name),
                    );
                    continue;
                }
                starter.push(waiter);
            }
        }
        polls
            .into_iter()
            .zip(waiters)
            .map(|(poll, waiters)| Waiting { poll, waiters })
            .collect()
    }

    /// The waiter of a link of a response; `polls` holds each operation's poll.
    fn waiter(
        &mut self,
        operations: &[Lowered<'a>],
        polls: &[Option<ir::Poll>],
        models: &[ir::Model],
        found: &FoundLink<'_>,
    ) -> Option<ir::Waiter> {
        let FoundLink {
            starter_id,
            name,
            link,
            at,
        } = found;
        let openapiv3::LinkOperation::OperationId(target_id) = &link.operation else {
            self.error(
                at,
                "name the linked operation with `operationId`; `operationRef` is not supported",
            );
            return None;
        };
        let Some(target_index) = operations
            .iter()
            .position(|op| &op.operation_id == target_id)
        else {
            let hint = did_you_mean(target_id, operations.iter().map(|op| &op.operation_id));
            self.error(
                &format!("{at}/operationId"),
                format!("no operation has the id `{target_id}`{hint}"),
            );
            return None;
        };
        let target = &operations[target_index];
        let starter = operations
            .iter()
            .find(|op| &op.operation_id == starter_id)?;
        let (ext, _) = self.x_poll(target_id)?;
        if ext.is_none() {
            self.error(at, format!("the linked operation `{target_id}` needs `x-poll` (which field says the result is final)"));
            return None;
        }
        // Its problems were reported where it is.
        let poll = polls[target_index].as_ref()?;

        let PollArguments {
            from_request,
            from_response,
            args,
        } = self.poll_arguments(link, starter, target, models, at)?;
        let method_name = format!("wait_for_{}", names::unraw(&names::snake(name)));
        let members = starter.args.iter().chain(&starter.options);
        if let Some(param) = members.into_iter().find(|p| p.ident == method_name) {
            self.error(
                at,
                format!(
                    "the waiter of this link would be `{method_name}`, which is already parameter `{}` of `{starter_id}`; rename the link",
                    param.wire_name
                ),
            );
            return None;
        }
        let docs = waiter_docs(target, poll, link);
        Some(ir::Waiter {
            method_name,
            docs,
            poll_operation_id: target.operation_id.clone(),
            poll_method: target.method_name.clone(),
            poll_request_type: target.request_type.clone(),
            output_type: target.output_type.clone(),
            from_request,
            from_response,
            args,
        })
    }

    /// Where each argument of the polled operation comes from: the starting request's path
    /// (`$request.path.<name>`) or its response (`$response.body#/<field>`).
    fn poll_arguments(
        &mut self,
        link: &openapiv3::Link,
        starter: &Lowered<'a>,
        target: &Lowered<'a>,
        models: &[ir::Model],
        at: &str,
    ) -> Option<PollArguments> {
        let starter_id = &starter.operation_id;
        let mut from_request = Vec::new();
        let mut from_response = Vec::new();
        let mut args = Vec::new();
        let starter_model = model_of(&starter.output_type, models);
        for arg in &target.args {
            let var = if crate::reserved::WAITER_LOCALS.contains(&names::unraw(&arg.ident)) {
                format!("{}_", names::unraw(&arg.ident))
            } else {
                arg.ident.clone()
            };
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
        Some(PollArguments {
            from_request,
            from_response,
            args,
        })
    }

    /// A polled operation's `x-poll` extension, if it has one, and where it is (or would be).
    fn x_poll(&self, operation_id: &str) -> Option<(Option<&'a Value>, String)> {
        self.spec.operations().find_map(|(route, method, op)| {
            (op.operation_id.as_deref() == Some(operation_id)).then(|| {
                (
                    op.extensions.get("x-poll"),
                    pointer(["paths", route, method, "x-poll"]),
                )
            })
        })
    }

    /// Reads `x-poll` of the operation `target`: which field of its result is the status, and
    /// which of the status enum's values mean pending and failed.
    fn poll(
        &mut self,
        target: &Lowered<'a>,
        poll: &Value,
        poll_at: &str,
        models: &[ir::Model],
    ) -> Option<ir::Poll> {
        let target_id = &target.operation_id;
        let list = |key: &str| -> Vec<String> {
            poll.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (status_json, pending, failed_values) = (
            poll.get("status").and_then(Value::as_str),
            list("pending"),
            list("failed"),
        );
        let Some(status_json) = status_json.filter(|_| !pending.is_empty()) else {
            self.error(
                poll_at,
                "`x-poll` needs `status` (a field of the response) and a non-empty `pending` list",
            );
            return None;
        };
        let model = model_of(&target.output_type, models);
        let Some(status_field) =
            model.and_then(|m| m.fields.iter().find(|f| f.json_name == status_json))
        else {
            self.error(
                poll_at,
                format!(
                    "`{target_id}` has no response field `{status_json}` to read the status from"
                ),
            );
            return None;
        };
        // `Option<Status>` for an optional field or a required nullable one; an optional
        // nullable field (`Option<Option<Status>>`) is not supported.
        let status_enum = match (&status_field.value_type, status_field.nullable) {
            (RustType::Named(name), false) => Some((name, !status_field.required)),
            (RustType::Named(name), true) if status_field.required => Some((name, true)),
            _ => None,
        };
        let Some(((status_enum, values, _), optional)) =
            status_enum.and_then(|(name, optional)| Some((self.find_enum(name)?, optional)))
        else {
            self.error(
                poll_at,
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
        let (Some(pending), Some(failed)) = (variants(&pending), variants(&failed_values)) else {
            self.error(
                poll_at,
                format!("`pending` and `failed` must list values of `{status_json}`: {values:?}"),
            );
            return None;
        };
        Some(ir::Poll {
            status_json: status_json.to_owned(),
            status_field: status_field.ident.clone(),
            status_optional: optional,
            status_enum: status_enum.name.clone(),
            pending,
            failed,
            failed_values,
        })
    }
}

/// The model an operation returns, if it returns one.
fn model_of<'m>(output: &Option<RustType>, models: &'m [ir::Model]) -> Option<&'m ir::Model> {
    match output {
        Some(RustType::Named(name)) => models.iter().find(|m| &m.name == name),
        _ => None,
    }
}

/// A waiter's docs: what it polls, the link's description, and how it ends.
fn waiter_docs(target: &Lowered<'_>, poll: &ir::Poll, link: &openapiv3::Link) -> Vec<String> {
    let failed_values = poll
        .failed_values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut docs = vec![format!(
        "Sends the request, then polls [`Client::{}`] until its `{}` is final.",
        target.method_name, poll.status_json
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
                format!(", and with [`Error::WaitFailed`] when the status becomes {failed_values}")
            }
        ),
    );
    docs
}

/// A link of a success response, where a waiter may come from.
struct FoundLink<'s> {
    /// The operation whose response has the link.
    starter_id: String,
    /// The link's name, which names the waiter.
    name: String,
    link: &'s openapiv3::Link,
    /// Where the link is, for reports.
    at: String,
}

/// The polled operation's arguments, as a waiter binds them.
struct PollArguments {
    /// (variable, the starting request's field) for each argument taken from its path.
    from_request: Vec<(String, String)>,
    /// Each argument taken from the starting response.
    from_response: Vec<ir::ResponseField>,
    /// The variables, in the polled operation's order.
    args: Vec<String>,
}
