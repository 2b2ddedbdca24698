//! `cargo xtask <task>`: the repository's own commands.

use std::path::Path;
use std::process::ExitCode;

use xtask::api_diff::{self, Base};
use xtask::codegen::{self, Mode};

/// Generation allocates many small token trees; mimalloc makes a 3,000-operation spec a fifth
/// faster than the system allocator (BENCHMARKS.md). Off by default: the OAuth spec takes a few
/// milliseconds either way, and mimalloc is a C build every first run would pay for.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask api-diff [--check] [BASE | OLD.yaml NEW.yaml]
       cargo xtask generate <spec.yaml> <output-dir>
       cargo xtask synthetic <operations> <spec.yaml>
       cargo xtask corpus <output-dir>
       cargo run --release -p xtask -- bench-codegen
       cargo run --release -p xtask --features mimalloc -- fake-cost [RUNS]

  codegen              regenerate generated-client/ from spec/oauth.yaml and templates/
  codegen --check      fail, with a diff, if generated-client/ is not what they produce
  api-diff [BASE]      list the API changes from spec/oauth.yaml at git revision BASE (default
                       HEAD) to the working tree's, each `breaking`, `compatible` or `docs`
  api-diff OLD NEW     the same between two spec files
  api-diff --check ... also fail if a breaking change lacks the version bump semver requires in
                       info.x-rust-crate.version (for 0.x, a minor bump)
  generate SPEC DIR    generate a crate from another spec into DIR, which must be new, empty, or
                       hold only files generated earlier (it never removes anything else)
  synthetic N SPEC     write a synthetic spec of N operations in the real one's shape
  corpus DIR           generate every spec of tests/fixtures/corpus/accepted into one workspace
  bench-codegen        time this generator and progenitor on synthetic specs (see BENCHMARKS.md)
  fake-cost [RUNS]     time generating 3,000 operations with and without the fake server,
                       interleaved, RUNS times each (default 8), and the peak memory of each
                       (see BENCHMARKS.md)";

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
        ["api-diff", rest @ ..] => return api_diff(rest),
        ["bench-codegen"] => return report(xtask::bench::compare(&codegen::workspace_root())),
        ["fake-cost-peak", case @ ("with" | "without")] => {
            return report(xtask::bench::fake_cost_peak(*case == "with"));
        }
        ["fake-cost", rest @ ..] => {
            let runs = match rest {
                [] => Ok(8),
                [runs] => runs.parse::<usize>().map_err(|_| runs.to_string()),
                _ => Err(rest.join(" ")),
            };
            return match runs {
                Ok(runs) => report(xtask::bench::fake_cost(runs)),
                Err(runs) => {
                    eprintln!("`{runs}` is not a number of runs\n\n{USAGE}");
                    ExitCode::from(2)
                }
            };
        }
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
            print!("{}", api_diff::summary(&root));
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

/// `cargo xtask api-diff [--check] [BASE | OLD NEW]`.
fn api_diff(args: &[&str]) -> ExitCode {
    let (check, args) = match args {
        ["--check", rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let root = codegen::workspace_root();
    let spec = root.join(codegen::SPEC);
    let compared = match args {
        [] => api_diff::compare(&root, Base::Revision("HEAD"), &spec, codegen::SPEC),
        [revision] if !revision.starts_with('-') => {
            api_diff::compare(&root, Base::Revision(revision), &spec, codegen::SPEC)
        }
        [old, new] if !old.starts_with('-') && !new.starts_with('-') => {
            api_diff::compare(&root, Base::File(Path::new(old)), Path::new(new), new)
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let comparison = match compared {
        Ok(comparison) => comparison,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", comparison.report());
    if !check {
        return ExitCode::SUCCESS;
    }
    match comparison.check() {
        Ok(verdict) => {
            println!("ok: {verdict}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}
