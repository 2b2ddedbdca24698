//! Doc examples as Rust: each operation's example call (and, for an operation whose ids are
//! taken typed only, a doctest of a swap that does not compile), and the quick start's call.
//! Arguments are built from the spec's example values, the models' constructors and the enums'
//! first variants.

use crate::ident as names;
use crate::ir;
use crate::types::RustType;

impl ir::Api {
    /// The lines of an operation's doc example, which its docs' "# Example" heading introduces.
    pub fn doc_example(&self, op: &ir::Operation) -> Vec<String> {
        let lib = &self.package.lib_name;
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: &{lib}::Client) -> Result<(), {lib}::Error> {{"),
        ];
        let (call, args) = self.example_call(op);
        let mut chained = String::new();
        if let Some(option) = op
            .options
            .first()
            .filter(|o| o.value_type == RustType::String)
        {
            chained = format!(".{}({:?})", option.ident, option.example);
        }
        match &op.output_type {
            Some(_) => {
                lines.push(format!("let response = {call}{chained}.await?;"));
                lines.push("println!(\"{response:?}\");".to_owned());
            }
            None => lines.push(format!("{call}{chained}.await?;")),
        }
        lines.push("# Ok(())".to_owned());
        lines.push("# }".to_owned());
        lines.push("```".to_owned());
        lines.extend(self.swap_example(op, &args));
        lines
    }

    /// The call the README's quick start makes (`client.get_oauth_scopes()`): the operation
    /// lowering chose, with example arguments.
    pub fn quick_start(&self) -> String {
        match self.operations.get(self.quick_start_operation) {
            Some(op) => self.example_call(op).0,
            None => "client".to_owned(),
        }
    }

    /// The operation's client method called with example arguments, and those arguments.
    fn example_call(&self, op: &ir::Operation) -> (String, Vec<String>) {
        let args: Vec<String> = op.args.iter().map(|arg| self.example_value(arg)).collect();
        let call = format!("client.{}({})", op.method_name, args.join(", "));
        (call, args)
    }

    /// Whether the quick start's call returns a body to print.
    pub fn quick_start_returns(&self) -> bool {
        self.operations
            .get(self.quick_start_operation)
            .is_some_and(|op| op.output_type.is_some())
    }

    /// For an operation that takes ids of several kinds typed only: the paragraph that says so,
    /// and a doctest that fails to compile because two of them are swapped.
    fn swap_example(&self, op: &ir::Operation, args: &[String]) -> Vec<String> {
        let typed: Vec<usize> = (0..op.args.len())
            .filter(|&i| op.args[i].typed_only)
            .collect();
        let [first, second, ..] = typed[..] else {
            return Vec::new();
        };
        let lib = &self.package.lib_name;
        let mut swapped = args.to_vec();
        swapped.swap(first, second);
        vec![
            String::new(),
            "Its ids are of different kinds, so they are taken typed (by value or by reference), \
             never as strings: two of them swapped do not compile."
                .to_owned(),
            String::new(),
            "```compile_fail".to_owned(),
            format!("# async fn example(client: &{lib}::Client) -> Result<(), {lib}::Error> {{"),
            format!("client.{}({}).await?;", op.method_name, swapped.join(", ")),
            "# Ok(())".to_owned(),
            "# }".to_owned(),
            "```".to_owned(),
        ]
    }

    fn example_value(&self, arg: &ir::Param) -> String {
        let lib = &self.package.lib_name;
        if let (RustType::Id(kind), true) = (&arg.value_type, arg.typed_only) {
            return format!("{lib}::models::{kind}::from({:?})", arg.example);
        }
        if matches!(arg.value_type, RustType::String | RustType::Id(_)) {
            return format!("{:?}", arg.example);
        }
        self.example_of_type(&arg.value_type, &arg.wire_name, 0)
    }

    /// An expression that an argument of type `ty` accepts, built from constructors and first enum
    /// values. `name` is what the value is called on the wire, for a placeholder string.
    fn example_of_type(&self, ty: &RustType, name: &str, depth: usize) -> String {
        let lib = &self.package.lib_name;
        match ty {
            RustType::String | RustType::Secret | RustType::Id(_) => {
                format!("{:?}", names::placeholder(name))
            }
            // A boxed field's constructor argument and setter take the value unboxed.
            RustType::Boxed(inner) => self.example_of_type(inner, name, depth),
            RustType::Named(type_name) => {
                if let Some(e) = self.enums.iter().find(|e| &e.name == type_name) {
                    return format!("{lib}::models::{}::{}", e.name, e.variants[0].ident);
                }
                // Only a spec whose models require themselves goes this deep; such a value cannot
                // be built at all.
                let model = self.models.iter().find(|m| &m.name == type_name);
                let Some(model) = model.filter(|_| depth < 4) else {
                    return "todo!()".to_owned();
                };
                let args: Vec<String> = model
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| {
                        let example = f.example.as_ref().and_then(serde_json::Value::as_str);
                        match (f.nullable, example) {
                            // A required nullable field takes an `Option`.
                            (true, _) => "None".to_owned(),
                            (false, Some(example)) if f.value_type == RustType::String => {
                                format!("{example:?}")
                            }
                            (false, _) => {
                                self.example_of_type(&f.value_type, &f.json_name, depth + 1)
                            }
                        }
                    })
                    .collect();
                format!("{lib}::models::{type_name}::new({})", args.join(", "))
            }
            _ => "Default::default()".to_owned(),
        }
    }
}
