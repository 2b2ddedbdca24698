//! IR → file contents through the askama templates in `templates/`.

use askama::Template;

use crate::ir::{Api, PathPart};
use crate::{Error, GeneratedFile, format};

/// The template filters that place spec text, one per place it can land (see `escape`). A test
/// (`escape_audit` below) fails if a template places a value without one, unless the value is
/// made of names and types the IR built as Rust tokens.
mod filters {
    use std::fmt::Display;

    use crate::escape;

    /// A Rust string literal.
    #[askama::filter_fn]
    pub fn rust_str<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::rust_str(&value.to_string()))
    }

    /// A Rust character literal of a one-character string.
    #[askama::filter_fn]
    pub fn rust_char<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        let value = value.to_string();
        let mut chars = value.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(proc_macro2::Literal::character(c).to_string()),
            _ => Err(askama::Error::custom(format!(
                "{value:?} is not one character"
            ))),
        }
    }

    /// The text of one doc-comment line.
    #[askama::filter_fn]
    pub fn doc<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::doc_line(&value.to_string()))
    }

    /// Markdown text, in a doc comment or the README.
    #[askama::filter_fn]
    pub fn md<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::md_text(&value.to_string()))
    }

    /// A Markdown code span.
    #[askama::filter_fn]
    pub fn code<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::md_code(&value.to_string()))
    }

    /// A TOML string.
    #[askama::filter_fn]
    pub fn toml_str<T: Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::toml_str(&value.to_string()))
    }
}

/// How a template's output is finished before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rust,
    Toml,
    Markdown,
    /// Plain text, such as a licence: the header goes in `#` lines.
    Text,
    /// A runtime file copied as it is (`RUNTIME`).
    VerbatimRust,
    /// A text file copied as it is (`RUNTIME`): the header goes in `#` lines.
    VerbatimText,
}

/// The files of generated crates that do not depend on the spec: ordinary Rust in
/// `templates/runtime/`, compiled, linted and unit-tested there as a workspace crate, and the
/// Apache licence, each copied with only the `@generated` header added (path in the generated
/// crate, source). `needed` says which files a crate has.
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "LICENSE-APACHE",
        include_str!("../../templates/runtime/LICENSE-APACHE"),
    ),
    (
        "src/auth.rs",
        include_str!("../../templates/runtime/auth.rs"),
    ),
    (
        "src/builder.rs",
        include_str!("../../templates/runtime/builder.rs"),
    ),
    (
        "src/call.rs",
        include_str!("../../templates/runtime/call.rs"),
    ),
    (
        "src/client.rs",
        include_str!("../../templates/runtime/client.rs"),
    ),
    (
        "src/encoding/enums.rs",
        include_str!("../../templates/runtime/encoding/enums.rs"),
    ),
    (
        "src/encoding/ids.rs",
        include_str!("../../templates/runtime/encoding/ids.rs"),
    ),
    (
        "src/encoding/params.rs",
        include_str!("../../templates/runtime/encoding/params.rs"),
    ),
    (
        "src/encoding/segment.rs",
        include_str!("../../templates/runtime/encoding/segment.rs"),
    ),
    (
        "src/response.rs",
        include_str!("../../templates/runtime/response.rs"),
    ),
    (
        "src/wait/polling.rs",
        include_str!("../../templates/runtime/wait/polling.rs"),
    ),
    (
        "src/wait/required.rs",
        include_str!("../../templates/runtime/wait/required.rs"),
    ),
    (
        "src/error.rs",
        include_str!("../../templates/runtime/error.rs"),
    ),
    (
        "src/interval.rs",
        include_str!("../../templates/runtime/interval.rs"),
    ),
    (
        "src/login.rs",
        include_str!("../../templates/runtime/login.rs"),
    ),
    (
        "src/nullable.rs",
        include_str!("../../templates/runtime/nullable.rs"),
    ),
    (
        "src/retry.rs",
        include_str!("../../templates/runtime/retry.rs"),
    ),
    (
        "src/secret.rs",
        include_str!("../../templates/runtime/secret.rs"),
    ),
    (
        "src/wire.rs",
        include_str!("../../templates/runtime/wire.rs"),
    ),
    (
        "src/testing/dispatch.rs",
        include_str!("../../templates/runtime/testing/dispatch.rs"),
    ),
    (
        "src/testing/login_host.rs",
        include_str!("../../templates/runtime/testing/login_host.rs"),
    ),
    (
        "src/testing/schema.rs",
        include_str!("../../templates/runtime/testing/schema.rs"),
    ),
    (
        "src/testing/server.rs",
        include_str!("../../templates/runtime/testing/server.rs"),
    ),
    (
        "src/testing/state.rs",
        include_str!("../../templates/runtime/testing/state.rs"),
    ),
    (
        "src/testing/values.rs",
        include_str!("../../templates/runtime/testing/values.rs"),
    ),
];

/// Whether the crate of `api` has the runtime file at `path`: most are in every crate, these
/// only where the spec uses what they implement.
fn needed(path: &str, api: &Api) -> bool {
    match path {
        "src/encoding/segment.rs" => api.uses.path_params,
        "src/encoding/enums.rs" => !api.enums.is_empty(),
        "src/encoding/ids.rs" => !api.ids.is_empty(),
        "src/nullable.rs" => api.uses.nullable,
        "src/wait/polling.rs" => api.uses.waiters,
        "src/wait/required.rs" => api.uses.waiters && api.uses.waiter_required_fields,
        _ => true,
    }
}

/// A template's output, before it is checked and laid out.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub path: &'static str,
    pub kind: Kind,
    pub source: String,
}

macro_rules! templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path)]
            struct $name<'a> {
                api: &'a Api,
            }
        )*
    };
}

templates! {
    CargoToml => "Cargo.toml.txt",
    Readme => "README.md.txt",
    Lib => "lib.rs.txt",
    Region => "region.rs.txt",
    ErrorBody => "error_body.rs.txt",
    Encoding => "encoding_mod.rs.txt",
    Models => "models.rs.txt",
    Operations => "operations.rs.txt",
    Wait => "wait_mod.rs.txt",
    Scopes => "scopes.rs.txt",
    ErrorCodes => "error_codes.rs.txt",
    LicenseMit => "LICENSE-MIT.txt",
}

templates! {
    Fake => "testing_mod.rs.txt",
    FakeTables => "testing_tables.rs.txt",
    FakeExample => "example_fake_server.rs.txt",
}

/// Renders every file and finishes it: the whole back end of the pipeline.
pub fn render(api: &Api) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = templates(api)?
        .into_iter()
        .map(|rendered| finish(rendered, &api.spec_file))
        .collect::<Result<Vec<_>, _>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Runs the templates that apply to this API.
pub fn templates(api: &Api) -> Result<Vec<Rendered>, Error> {
    let mut out = Vec::new();
    let mut add =
        |path: &'static str, kind: Kind, rendered: askama::Result<String>| -> Result<(), Error> {
            let source = rendered.map_err(|error| Error::Render {
                file: path.to_owned(),
                message: error.to_string(),
            })?;
            out.push(Rendered { path, kind, source });
            Ok(())
        };
    add("Cargo.toml", Kind::Toml, CargoToml { api }.render())?;
    add("README.md", Kind::Markdown, Readme { api }.render())?;
    add("LICENSE-MIT", Kind::Text, LicenseMit { api }.render())?;
    add("src/lib.rs", Kind::Rust, Lib { api }.render())?;
    add("src/region.rs", Kind::Rust, Region { api }.render())?;
    add("src/error_body.rs", Kind::Rust, ErrorBody { api }.render())?;
    add("src/encoding/mod.rs", Kind::Rust, Encoding { api }.render())?;
    add("src/models.rs", Kind::Rust, Models { api }.render())?;
    add("src/operations.rs", Kind::Rust, Operations { api }.render())?;
    add("src/scopes.rs", Kind::Rust, Scopes { api }.render())?;
    add(
        "src/error_codes.rs",
        Kind::Rust,
        ErrorCodes { api }.render(),
    )?;
    if api.uses.waiters {
        add("src/wait/mod.rs", Kind::Rust, Wait { api }.render())?;
    }
    add("src/testing/mod.rs", Kind::Rust, Fake { api }.render())?;
    add(
        "src/testing/tables.rs",
        Kind::Rust,
        FakeTables { api }.render(),
    )?;
    if api.fake.example_call.is_some() {
        add(
            "examples/fake_server.rs",
            Kind::Rust,
            FakeExample { api }.render(),
        )?;
    }
    for (path, source) in RUNTIME.iter().filter(|(path, _)| needed(path, api)) {
        let kind = match path.ends_with(".rs") {
            true => Kind::VerbatimRust,
            false => Kind::VerbatimText,
        };
        add(path, kind, Ok((*source).to_owned()))?;
    }
    Ok(out)
}

/// Checks and lays out one template output, and adds the header.
pub fn finish(rendered: Rendered, spec_file: &str) -> Result<GeneratedFile, Error> {
    let contents = match rendered.kind {
        Kind::Rust => format::rust(rendered.path, &rendered.source, spec_file)?,
        Kind::VerbatimRust => format::verbatim_rust(&rendered.source, spec_file),
        Kind::VerbatimText => format::verbatim_text(&rendered.source, spec_file),
        Kind::Toml | Kind::Text => format::toml(&rendered.source, spec_file),
        Kind::Markdown => format::markdown(&rendered.source, spec_file),
    };
    Ok(GeneratedFile {
        path: rendered.path.into(),
        contents,
    })
}

#[cfg(test)]
mod tests {
    /// What templates may place without a filter: values the IR built as Rust tokens (names from
    /// `ident.rs`), Rust text the render stage writes from typed values (`syntax.rs`), or fixed
    /// words (`GET`, `true`). Anything
    /// else a template places is spec text and must go through a filter of `escape`.
    const TOKENS: &[&str] = &[
        "api.package.lib_name",
        "arg",
        "body.ident",
        "code",
        "e.name",
        "error_body.ty.in_crate()",
        "f.arg_expr()",
        "f.arg_ty()",
        "f.field",
        "f.ident",
        "f.init()",
        "f.setter",
        "f.ty()",
        "f.var",
        "field",
        "h.ident",
        "ident",
        "m.name",
        "message",
        "op.http_method",
        "op.method_name",
        "op.output()",
        "op.request_type",
        "p.arg_expr()",
        "p.arg_ty()",
        "p.ident",
        "p.init()",
        "p.field_type()",
        "poll.status_expr()",
        "poll.status_type()",
        "q.ident",
        "r.variant",
        "serde",
        "v",
        "v.ident",
        "v.literal",
        "var",
        "w.method_name",
        "w.output()",
        "w.poll_method",
        "w.poll_request_type",
        "item",
        "r.seed",
        "r.stored",
        "r.model.in_crate()",
        "r.index",
        "a.method",
        "a.output.in_crate()",
        "a.index",
        "a.client_method",
        "call",
        // Checked by `lower` as cargo checks them (name, semver, an https URL), or built from
        // names and example values as Rust code.
        "api.package.name",
        "api.package.version",
        "repository",
        "api.quick_start()",
        "c.source",
        "id",
        "init.text()",
        // Constant names from `lower/security.rs` (SHOUTY_SNAKE_CASE of ASCII letters and digits).
        "s.ident",
        "c.ident",
        "first.ident",
        "m",
        "api.operations[0].request_type",
    ];
    const FILTERS: &[&str] = &["rust_str", "rust_char", "doc", "md", "code", "toml_str"];

    #[test]
    fn escape_audit_every_placed_value_is_a_token_or_escaped() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
        let mut bare = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            // `runtime/` holds plain Rust, which places no spec text.
            if path.is_dir() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for placed in text.split("{{").skip(1) {
                let expr = placed.split("}}").next().unwrap().trim();
                let filter = expr.rsplit_once('|').map(|(_, f)| f.trim());
                let escaped = filter.is_some_and(|f| FILTERS.contains(&f));
                if !escaped && !TOKENS.contains(&expr) {
                    bare.push(format!("{}: {{{{ {expr} }}}}", path.display()));
                }
            }
        }
        assert!(
            bare.is_empty(),
            "spec text placed without escaping:\n{}",
            bare.join("\n")
        );
    }
}
