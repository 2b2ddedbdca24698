//! `cargo xtask <task>`: the repository's own commands.

use std::path::Path;
use std::process::ExitCode;

use xtask::codegen::{self, Mode};

/// Generation allocates many small token trees; mimalloc makes a 3,000-operation spec a fifth
/// faster than the system allocator (BENCHMARKS.md). Off by default: the OAuth spec takes a few
/// milliseconds either way, and mimalloc is a C build every first run would pay for.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask generate <spec.yaml> <output-dir>
       cargo xtask synthetic <operations> <spec.yaml>
       cargo xtask corpus <output-dir>
       cargo run --release -p xtask -- bench-codegen

  codegen              regenerate generated-client/ from spec/oauth.yaml and templates/
  codegen --check      fail, with a diff, if generated-client/ is not what they produce
  generate SPEC DIR    generate a crate from another spec into DIR, which must be new, empty, or
                       hold only files generated earlier (it never removes anything else)
  synthetic N SPEC     write a synthetic spec of N operations in the real one's shape
  corpus DIR           generate every spec of tests/fixtures/corpus/accepted into one workspace
  bench-codegen        time this generator and progenitor on synthetic specs (see BENCHMARKS.md)";

/// Prints what a one-shot command produced, or its error, and exits accordingly.
fn report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => Mode::Write,
        ["codegen", "--check"] => Mode::Check,
        ["generate", spec, out] => {
            let generated = codegen::generate_into(Path::new(spec), Path::new(out));
            return report(generated.map(|_| format!("generated {out} from {spec}\n")));
        }
        ["synthetic", operations, spec] => {
            let Ok(operations) = operations.parse::<usize>() else {
                eprintln!("`{operations}` is not a number of operations\n\n{USAGE}");
                return ExitCode::from(2);
            };
            let written = std::fs::write(spec, xtask::synthetic::spec(operations))
                .map_err(|error| format!("cannot write {spec}: {error}"));
            return report(written.map(|()| format!("wrote {spec}: {operations} operations\n")));
        }
        ["corpus", out] => {
            return report(xtask::corpus::write(
                &codegen::workspace_root(),
                Path::new(out),
            ));
        }
        ["bench-codegen"] => return report(xtask::bench::compare(&codegen::workspace_root())),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = codegen::workspace_root();
    let changes = match codegen::run(&root, mode) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("generated-client/ was left as it was.");
            return ExitCode::FAILURE;
        }
    };
    let summary = |verb: &str, files: &[std::path::PathBuf]| {
        for file in files {
            println!("{verb} {}/{}", codegen::OUTPUT, file.display());
        }
    };
    match mode {
        Mode::Write => {
            summary("updated", &changes.changed);
            summary("created", &changes.added);
            summary("removed", &changes.stale);
            if changes.is_empty() {
                println!("{}/ is up to date", codegen::OUTPUT);
            }
            ExitCode::SUCCESS
        }
        Mode::Check if changes.is_empty() => ExitCode::SUCCESS,
        Mode::Check => {
            print!("{}", changes.diff);
            eprintln!();
            for (what, files) in [
                ("differs", &changes.changed),
                ("is missing", &changes.added),
                ("is stale", &changes.stale),
            ] {
                for file in files {
                    eprintln!("error: {}/{} {what}", codegen::OUTPUT, file.display());
                }
            }
            eprintln!(
                "{}/ is out of date with {} and templates/: run `cargo xtask codegen` and commit the result.",
                codegen::OUTPUT,
                codegen::SPEC
            );
            ExitCode::FAILURE
        }
    }
}
