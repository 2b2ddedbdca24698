//! The reserved-name tables (`generator::reserved`) list every name the templates define in the
//! scopes spec names enter. Renders real crates, reads what they define with `syn`, takes away
//! what came from the spec, and fails on any name left that its table does not list: a template
//! change that adds a method or import cannot leave the naming rules behind.

use std::collections::BTreeSet;
use std::path::Path;

use generator::ir::Api;
use generator::reserved;
use syn::{ImplItem, Item, Type};
use xtask::codegen::workspace_root;

const SPECS: &[&str] = &[
    "spec/oauth.yaml",
    "tests/fixtures/specs/edge-cases.yaml",
    "tests/fixtures/specs/authorization-roles.yaml",
];

struct Crate {
    api: Api,
    files: Vec<(String, String)>,
}

fn render(spec: &str) -> Crate {
    let text = std::fs::read_to_string(workspace_root().join(spec)).unwrap();
    let api = generator::lower_spec(spec, &text).unwrap_or_else(|e| panic!("{e}"));
    let files = generator::generate(spec, &text)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path.display().to_string(), f.contents))
        .collect();
    Crate { api, files }
}

impl Crate {
    fn file(&self, path: &str) -> &str {
        &self.files.iter().find(|(p, _)| p == path).unwrap().1
    }

    fn items(&self) -> Vec<Item> {
        self.files
            .iter()
            .filter(|(path, _)| path.starts_with("src/"))
            .flat_map(|(_, text)| syn::parse_file(text).unwrap().items)
            .collect()
    }
}

fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// What each derive defines as a method or associated function.
fn derived(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta.path.segments.last().unwrap().ident.to_string();
            out.extend(
                match name.as_str() {
                    "Clone" => &["clone", "clone_from"][..],
                    "Debug" => &["fmt"],
                    "Default" => &["default"],
                    "PartialEq" => &["eq", "ne"],
                    "Hash" => &["hash"],
                    "Serialize" => &["serialize"],
                    "Deserialize" => &["deserialize"],
                    _ => &[],
                }
                .iter()
                .map(|s| s.to_string()),
            );
            Ok(())
        });
    }
    out
}

/// Every method and associated function the crate defines on `name` (inherent and trait impls,
/// derives), and its field names if it is a struct.
fn members(items: &[Item], name: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut functions, mut fields) = (BTreeSet::new(), BTreeSet::new());
    for item in items {
        match item {
            Item::Impl(imp) if type_name(&imp.self_ty).as_deref() == Some(name) => {
                for member in &imp.items {
                    if let ImplItem::Fn(f) = member {
                        functions.insert(unraw(&f.sig.ident.to_string()));
                    }
                }
            }
            Item::Struct(s) if s.ident == name => {
                functions.extend(derived(&s.attrs));
                fields.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref())
                        .map(|i| unraw(&i.to_string())),
                );
            }
            Item::Enum(e) if e.ident == name => {
                functions.extend(derived(&e.attrs));
                fields.extend(e.variants.iter().map(|v| v.ident.to_string()));
            }
            _ => {}
        }
    }
    (functions, fields)
}

fn unraw(name: &str) -> String {
    name.trim_start_matches("r#").to_owned()
}

fn assert_listed(scope: &str, found: impl IntoIterator<Item = String>, table: &[&str]) {
    let missing: Vec<String> = found
        .into_iter()
        .filter(|name| !table.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "the templates define {missing:?} in {scope}, which generator/src/reserved.rs does not list"
    );
}

#[test]
fn client_methods_are_listed() {
    for spec in SPECS {
        let krate = render(spec);
        let items = krate.items();
        let operations: BTreeSet<String> = krate
            .api
            .operations
            .iter()
            .map(|op| unraw(&op.method_name))
            .collect();
        let (methods, _) = members(&items, "Client");
        assert!(methods.contains("builder"), "{spec}: Client was not found");
        assert_listed(
            "`Client`'s methods",
            methods.into_iter().filter(|m| !operations.contains(m)),
            reserved::CLIENT_METHODS,
        );
    }
}

#[test]
fn request_type_members_are_listed() {
    for spec in SPECS {
        let krate = render(spec);
        let items = krate.items();
        for op in &krate.api.operations {
            let params: BTreeSet<String> = op
                .args
                .iter()
                .chain(&op.options)
                .chain(&op.body)
                .map(|p| unraw(&p.ident))
                .chain(op.waiters.iter().map(|w| w.method_name.clone()))
                .collect();
            let (functions, fields) = members(&items, &op.request_type);
            assert!(
                fields.contains("client"),
                "{spec}: {} was not found",
                op.request_type
            );
            assert_listed(
                &format!("{}'s members", op.request_type),
                functions
                    .into_iter()
                    .chain(fields)
                    .filter(|m| !params.contains(m)),
                reserved::REQUEST_MEMBERS,
            );
        }
    }
}

#[test]
fn waiter_locals_are_listed() {
    let krate = render("spec/oauth.yaml");
    let items = krate.items();
    let mut checked = 0;
    for op in &krate.api.operations {
        for waiter in &op.waiters {
            let args: BTreeSet<String> = waiter.args.iter().map(|a| unraw(a)).collect();
            for item in &items {
                let Item::Impl(imp) = item else { continue };
                if type_name(&imp.self_ty).as_deref() != Some(op.request_type.as_str()) {
                    continue;
                }
                for member in &imp.items {
                    let ImplItem::Fn(f) = member else { continue };
                    if f.sig.ident != waiter.method_name {
                        continue;
                    }
                    let mut locals: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|input| match input {
                            syn::FnArg::Typed(t) => match &*t.pat {
                                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                                _ => None,
                            },
                            _ => None,
                        })
                        .collect();
                    for statement in &f.block.stmts {
                        if let syn::Stmt::Local(local) = statement
                            && let syn::Pat::Ident(i) = &local.pat
                        {
                            locals.push(i.ident.to_string());
                        }
                    }
                    checked += 1;
                    assert_listed(
                        &format!("{}'s locals", waiter.method_name),
                        locals.into_iter().filter(|l| !args.contains(l)),
                        reserved::WAITER_LOCALS,
                    );
                }
            }
        }
    }
    assert!(checked > 0, "no waiter was found");
}

#[test]
fn operations_imports_are_listed() {
    for spec in SPECS {
        let krate = render(spec);
        let file = syn::parse_file(krate.file("src/operations.rs")).unwrap();
        let mut imported = Vec::new();
        for item in &file.items {
            if let Item::Use(u) = item {
                collect_use(&u.tree, &mut imported);
            }
        }
        assert!(!imported.is_empty());
        assert_listed(
            "operations.rs's imports",
            imported,
            reserved::OPERATIONS_IMPORTS,
        );
    }
}

fn collect_use(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => collect_use(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_use(t, out)),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
    }
}

#[test]
fn model_and_enum_members_are_listed() {
    // `string_enum!` in encoding.rs writes impls for every enum; its functions are read from
    // the macro's tokens.
    let mut macro_functions = Vec::new();
    for spec in SPECS {
        let krate = render(spec);
        let items = krate.items();
        for item in &items {
            if let Item::Macro(m) = item
                && m.ident.as_ref().is_some_and(|i| i == "string_enum")
            {
                let tokens: Vec<proc_macro2::TokenTree> = flatten(m.mac.tokens.clone());
                for pair in tokens.windows(2) {
                    if let [
                        proc_macro2::TokenTree::Ident(kw),
                        proc_macro2::TokenTree::Ident(name),
                    ] = pair
                        && kw == "fn"
                    {
                        macro_functions.push(name.to_string());
                    }
                }
            }
        }
        for model in &krate.api.models {
            let setters: BTreeSet<String> = model.fields.iter().map(|f| f.setter.clone()).collect();
            let (functions, _) = members(&items, &model.name);
            assert!(
                functions.contains("new"),
                "{spec}: {} was not found",
                model.name
            );
            assert_listed(
                &format!("model {}", model.name),
                functions.into_iter().filter(|f| !setters.contains(f)),
                reserved::MODEL_FUNCTIONS,
            );
        }
        for e in &krate.api.enums {
            let spec_variants: BTreeSet<String> =
                e.variants.iter().map(|v| v.ident.clone()).collect();
            let (functions, variants) = members(&items, &e.name);
            assert_listed(
                &format!("enum {}", e.name),
                functions,
                reserved::ENUM_FUNCTIONS,
            );
            assert_listed(
                &format!("enum {}'s variants", e.name),
                variants.into_iter().filter(|v| !spec_variants.contains(v)),
                reserved::ENUM_VARIANTS,
            );
        }
    }
    assert!(!macro_functions.is_empty(), "string_enum! was not found");
    assert_listed("string_enum!", macro_functions, reserved::ENUM_FUNCTIONS);
}

fn flatten(tokens: proc_macro2::TokenStream) -> Vec<proc_macro2::TokenTree> {
    tokens
        .into_iter()
        .flat_map(|t| match t {
            proc_macro2::TokenTree::Group(g) => flatten(g.stream()),
            other => vec![other],
        })
        .collect()
}

#[test]
fn crate_root_and_dependencies_are_listed() {
    for spec in SPECS {
        let krate = render(spec);
        let lib = syn::parse_file(krate.file("src/lib.rs")).unwrap();
        let mut names = Vec::new();
        for item in &lib.items {
            match item {
                Item::Mod(m) => names.push(m.ident.to_string()),
                Item::Use(u) => collect_use(&u.tree, &mut names),
                Item::Struct(s) => names.push(s.ident.to_string()),
                Item::Enum(e) => names.push(e.ident.to_string()),
                Item::Fn(f) => names.push(f.sig.ident.to_string()),
                _ => {}
            }
        }
        assert_listed("the crate root", names, reserved::CRATE_ROOT);

        let manifest = krate.file("Cargo.toml");
        let section = manifest
            .split("\n[dependencies]\n")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap();
        let dependencies: Vec<String> = section
            .lines()
            .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.trim().to_owned()))
            .collect();
        assert!(dependencies.contains(&"reqwest".to_owned()));
        assert_listed("[dependencies]", dependencies, reserved::DEPENDENCIES);
    }
    assert!(Path::new(&workspace_root()).exists());
}
