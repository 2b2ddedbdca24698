//! The documentation of each operation, with an example that compiles.

use super::operations::{Documented, Lowered, Waiting};
use super::*;

impl<'a> Lowerer<'a> {
    /// The docs of every operation, in the same order, and the error statuses every operation
    /// documents alike, listed once in the `operations` module's docs (one list item each).
    pub(super) fn document(
        &self,
        operations: &[Lowered<'a>],
        waiting: &[Waiting],
    ) -> (Vec<Documented>, Vec<String>) {
        let common: Vec<ir::ErrorStatus> = match operations.split_first() {
            Some((first, rest)) if !rest.is_empty() => first
                .error_statuses
                .iter()
                .filter(|status| rest.iter().all(|op| op.error_statuses.contains(status)))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        let documented = operations
            .iter()
            .zip(waiting)
            .map(|(op, waiting)| self.document_one(op, &waiting.waiters, &common))
            .collect();
        (documented, common.iter().map(status_line).collect())
    }

    /// The documentation of the client method and of the request value: the description, the
    /// waiters it offers, the route, notes, permissions, scopes and arguments, the errors beyond
    /// `common`, and an example.
    fn document_one(
        &self,
        op: &Lowered<'a>,
        waiters: &[ir::Waiter],
        common: &[ir::ErrorStatus],
    ) -> Documented {
        let operation = op.spec;
        let mut description = Vec::new();
        let summary = operation.summary.as_deref().unwrap_or(&op.operation_id);
        description.extend(docs::lines(summary));
        if let Some(text) = &operation.description {
            description.push(String::new());
            description.extend(docs::lines(text));
        }
        let mut lines = description.clone();
        // Right after the description, before the route line, where a reader looks first.
        for waiter in waiters {
            let paragraph = format!(
                "The result comes later: [`{}`](crate::operations::{}::{}) on the returned request sends it and waits for the result.",
                waiter.method_name, op.request_type, waiter.method_name
            );
            push_paragraph(&mut lines, &paragraph);
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(route_line(op));
        if op.http_method == ir::HttpMethod::Put
            && let Some(body) = &op.body
        {
            let mut note = "A PUT replaces what is there: a field left out of the body is sent as absent, not kept as it was.".to_owned();
            if let RustType::Named(target) = &body.value_type
                && let Some(source) = self.converts_from.get(target).and_then(|s| s.first())
            {
                note.push_str(&format!(
                    " To change a few fields of a [`{source}`](crate::models::{source}) you read, build the body with [`{target}::from`](crate::models::{target}) (every field, as read), then set those fields."
                ));
            }
            push_paragraph(&mut lines, &note);
        }
        if operation.deprecated {
            push_paragraph(&mut lines, "Deprecated by the API.");
        }
        let permissions = permissions_line(operation);
        if let Some(required) = &permissions {
            push_paragraph(&mut lines, required);
        }
        if let Some(scopes) = scopes_line(&op.scopes) {
            push_paragraph(&mut lines, &scopes);
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
        errors_section(&mut lines, &op.error_statuses, common);
        // The example itself is Rust, written at the render stage (`Api::doc_example`).
        push_paragraph(&mut lines, "# Example");
        lines.push(String::new());

        let request_docs = vec![
            format!("A request for [`Client::{}`]: {}", op.method_name, docs::lines(summary).join(" ")),
            String::new(),
            "`.await` it for the decoded body, or call [`send_with_response`](Self::send_with_response) for the status and headers too."
                .to_owned(),
        ];
        Documented {
            description,
            permissions,
            docs: lines,
            request_docs,
        }
    }
}

/// The operation of the README's quick start, which logs in with client credentials: the first
/// that needs no arguments, returns a body and does not act for the calling user (the fake's
/// `owner` rule, from `x-fake.owner`), else the first that returns one, else the first (its
/// position in `operations`). Without the fake's tables (a benchmark's), no operation counts as
/// acting for a user.
pub(super) fn quick_start(operations: &[ir::Operation], fake: &ir::Fake) -> usize {
    let for_user = |i: usize| {
        fake.tables
            .as_ref()
            .is_some_and(|tables| tables.rules[i].owner.is_some())
    };
    operations
        .iter()
        .enumerate()
        .position(|(i, op)| op.args.is_empty() && op.output_type.is_some() && !for_user(i))
        .or_else(|| operations.iter().position(|op| op.output_type.is_some()))
        .unwrap_or(0)
}

/// "Requires any of these permissions: ...", from `x-inin-requires-permissions`.
fn permissions_line(operation: &openapiv3::Operation) -> Option<String> {
    match permissions(operation.extensions.get("x-inin-requires-permissions")) {
        Some((_, perms)) if perms.is_empty() => Some("Requires no permissions.".to_owned()),
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
            Some(format!("Requires {which} of these permissions: {list}."))
        }
        None => None,
    }
}

/// The "Errors" section: the statuses the operation documents beyond those every operation
/// documents alike (`common`, listed once in the `operations` module's docs).
fn errors_section(
    lines: &mut Vec<String>,
    statuses: &[ir::ErrorStatus],
    common: &[ir::ErrorStatus],
) {
    push_paragraph(lines, "# Errors");
    lines.push(String::new());
    let own: Vec<&ir::ErrorStatus> = statuses
        .iter()
        .filter(|status| !common.contains(status))
        .collect();
    lines.push(match (common.is_empty(), own.is_empty()) {
        (true, true) => "[`Error::Api`](crate::Error::Api) for an error status.".to_owned(),
        (true, false) => "[`Error::Api`](crate::Error::Api) for an error status. The API documents:".to_owned(),
        (false, true) => "[`Error::Api`](crate::Error::Api) for an error status: those [every operation documents](crate::operations#errors-every-operation-documents).".to_owned(),
        (false, false) => "[`Error::Api`](crate::Error::Api) for an error status: those [every operation documents](crate::operations#errors-every-operation-documents), and:".to_owned(),
    });
    if !own.is_empty() {
        lines.push(String::new());
        for status in own {
            lines.push(status_line(status));
        }
    }
}

/// An error status as an item of a docs list: `` * `400`: text. Codes: [`BAD_REQUEST`](…). ``
fn status_line(status: &ir::ErrorStatus) -> String {
    let mut line = format!(
        "* {}: {}",
        escape::md_code(&status.status),
        status.description
    );
    if !status.codes.is_empty() {
        let codes: Vec<String> = status
            .codes
            .iter()
            .map(|c| {
                format!(
                    "[{}](crate::error_codes::{})",
                    escape::md_code(&c.code),
                    c.ident
                )
            })
            .collect();
        line.push_str(&format!(" Error codes: {}.", codes.join(", ")));
    }
    line
}

/// The paragraph that states an operation's OAuth scopes, if it needs any: one way to be allowed
/// per alternative, each naming all the scopes it needs.
fn scopes_line(alternatives: &[Vec<String>]) -> Option<String> {
    if alternatives.iter().any(Vec::is_empty) {
        return None;
    }
    let ways: Vec<String> = alternatives
        .iter()
        .map(|scopes| {
            let names: Vec<String> = scopes.iter().map(|s| escape::md_code(s)).collect();
            names.join(" and ")
        })
        .collect();
    let many = alternatives.len() > 1 || alternatives.iter().any(|a| a.len() > 1);
    let what = if many {
        "these OAuth scopes"
    } else {
        "this OAuth scope"
    };
    Some(format!(
        "A token for a user needs {what}: {} ([`scopes::minimal`](crate::scopes::minimal) gives the fewest for the operations a program calls).",
        ways.join(", or ")
    ))
}

/// The line of an operation's docs that names its method, route and id.
fn route_line(op: &Lowered<'_>) -> String {
    format!("`{} {}` (`{}`)", op.http_method, op.route, op.operation_id)
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
