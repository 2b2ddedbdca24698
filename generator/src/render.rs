//! IR → file contents through the askama templates in `templates/`.

use askama::Template;

use crate::ir::{Api, PathPart};
use crate::{Error, GeneratedFile, format};

/// How a template's output is finished before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rust,
    Toml,
    Markdown,
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

/// Templates whose output does not depend on the spec: the runtime support every client needs.
macro_rules! static_templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path)]
            struct $name;
        )*
    };
}

templates! {
    CargoToml => "Cargo.toml.txt",
    Readme => "README.md.txt",
    Lib => "lib.rs.txt",
    Client => "client.rs.txt",
    Region => "region.rs.txt",
    Error_ => "error.rs.txt",
    Encoding => "encoding.rs.txt",
    Models => "models.rs.txt",
    Operations => "operations.rs.txt",
}

static_templates! {
    Auth => "auth.rs.txt",
    Retry => "retry.rs.txt",
    Secret => "secret.rs.txt",
    Nullable => "nullable.rs.txt",
    Wait => "wait.rs.txt",
}

templates! {
    FakeOauth => "fake_oauth.rs.txt",
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
    add("src/lib.rs", Kind::Rust, Lib { api }.render())?;
    add("src/client.rs", Kind::Rust, Client { api }.render())?;
    add("src/region.rs", Kind::Rust, Region { api }.render())?;
    add("src/error.rs", Kind::Rust, Error_ { api }.render())?;
    add("src/auth.rs", Kind::Rust, Auth.render())?;
    add("src/retry.rs", Kind::Rust, Retry.render())?;
    add("src/encoding.rs", Kind::Rust, Encoding { api }.render())?;
    add("src/secret.rs", Kind::Rust, Secret.render())?;
    add("src/models.rs", Kind::Rust, Models { api }.render())?;
    add("src/operations.rs", Kind::Rust, Operations { api }.render())?;
    if api.uses.nullable {
        add("src/nullable.rs", Kind::Rust, Nullable.render())?;
    }
    if api.uses.waiters {
        add("src/wait.rs", Kind::Rust, Wait.render())?;
    }
    // `lower` accepts only the fakes named here.
    if api.package.fake.as_deref() == Some("oauth") {
        add("src/testing.rs", Kind::Rust, FakeOauth { api }.render())?;
        add(
            "examples/fake_server.rs",
            Kind::Rust,
            FakeExample { api }.render(),
        )?;
    }
    Ok(out)
}

/// Checks and lays out one template output, and adds the header.
pub fn finish(rendered: Rendered, spec_file: &str) -> Result<GeneratedFile, Error> {
    let contents = match rendered.kind {
        Kind::Rust => format::rust(rendered.path, &rendered.source, spec_file)?,
        Kind::Toml => format::toml(&rendered.source, spec_file),
        Kind::Markdown => format::markdown(&rendered.source, spec_file),
    };
    Ok(GeneratedFile {
        path: rendered.path.into(),
        contents,
    })
}
