//! The documentation of each operation, with an example that compiles.

use super::*;

impl<'a> Lowerer<'a> {
    /// Writes the documentation of the client method and of the request value.
    pub(super) fn document(
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

    /// The README's quick start call: the first operation that needs no arguments and returns a
    /// body, else the first that returns one, else the first.
    pub(super) fn quick_start(&self, operations: &[ir::Operation]) -> (String, bool) {
        let chosen = operations
            .iter()
            .find(|op| op.args.is_empty() && op.output_type.is_some())
            .or_else(|| operations.iter().find(|op| op.output_type.is_some()))
            .or(operations.first());
        let Some(op) = chosen else {
            return ("client".to_owned(), false);
        };
        let args: Vec<String> = op.args.iter().map(|arg| self.example_value(arg)).collect();
        (
            format!("client.{}({})", op.method_name, args.join(", ")),
            op.output_type.is_some(),
        )
    }

    /// A doc example that compiles: the call with placeholder arguments.
    pub(super) fn example(&self, op: &ir::Operation, output: Option<&RustType>) -> Vec<String> {
        let lib = &self.lib_name;
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: &{lib}::Client) -> Result<(), {lib}::Error> {{"),
        ];
        let args: Vec<String> = op.args.iter().map(|arg| self.example_value(arg)).collect();
        let call = format!("client.{}({})", op.method_name, args.join(", "));
        let mut chained = String::new();
        if let Some(option) = op
            .options
            .first()
            .filter(|o| o.value_type == RustType::String)
        {
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

    fn example_value(&self, arg: &ir::Param) -> String {
        if arg.value_type == RustType::String {
            return format!("{:?}", arg.example);
        }
        self.example_of_type(&arg.value_type, &arg.wire_name, 0)
    }

    /// An expression that an argument of type `ty` accepts, built from constructors and first enum
    /// values. `name` is what the value is called on the wire, for a placeholder string.
    fn example_of_type(&self, ty: &RustType, name: &str, depth: usize) -> String {
        let lib = &self.lib_name;
        match ty {
            RustType::String | RustType::Secret => format!("{:?}", example_string(name)),
            // A boxed field's constructor argument and setter take the value unboxed.
            RustType::Boxed(inner) => self.example_of_type(inner, name, depth),
            RustType::Named(type_name) => {
                if let Some((e, _, _)) = self.find_enum(type_name) {
                    return format!("{lib}::models::{}::{}", e.name, e.variants[0].ident);
                }
                // Only a spec whose models require themselves goes this deep; such a value cannot
                // be built at all.
                let Some(args) = self.constructors.get(type_name).filter(|_| depth < 4) else {
                    return "todo!()".to_owned();
                };
                let args: Vec<String> = args
                    .iter()
                    .map(|arg| match arg.nullable {
                        // A required nullable field takes an `Option`.
                        true => "None".to_owned(),
                        false => self.example_of_type(&arg.value_type, &arg.json_name, depth + 1),
                    })
                    .collect();
                format!("{lib}::models::{type_name}::new({})", args.join(", "))
            }
            _ => "Default::default()".to_owned(),
        }
    }
}

/// A placeholder string for a doc example: `clientId` → `client-id`.
pub(super) fn example_string(name: &str) -> String {
    names::snake(name)
        .trim_start_matches("r#")
        .replace('_', "-")
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
