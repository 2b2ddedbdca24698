//! `cargo xtask bench-codegen`: whole-process generation time of this generator and of
//! progenitor (`cargo-progenitor` from crates.io) on the same synthetic specs, side by side.
//!
//! Run it from a release build, as progenitor is installed as one:
//! `cargo run --release -p xtask --features mimalloc -- bench-codegen`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::synthetic;

/// The sizes measured, in operations.
const SIZES: [usize; 3] = [100, 1_000, 3_000];
/// Runs per size; the fastest is reported (the least disturbed by the rest of the machine).
const RUNS: usize = 3;

/// Runs the comparison and returns a Markdown table of the results.
pub fn compare(root: &Path) -> Result<String, String> {
    let progenitor = which_progenitor()?;
    let ours = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let dir = root.join("target/bench-codegen");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    let mut table = String::from(
        "| operations | this generator | per operation | progenitor | per operation | ours / progenitor |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for size in SIZES {
        let spec = dir.join(format!("synthetic-{size}.yaml"));
        std::fs::write(&spec, synthetic::spec(size))
            .map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
        let ours_out = dir.join(format!("ours-{size}"));
        let theirs_out = dir.join(format!("progenitor-{size}"));
        let ours_time = best_of(|| {
            let mut command = Command::new(&ours);
            command.arg("generate").arg(&spec).arg(&ours_out);
            command
        })?;
        let theirs_time = best_of(|| {
            let _ = std::fs::remove_dir_all(&theirs_out);
            let mut command = Command::new(&progenitor);
            command
                .args([
                    "progenitor",
                    "--interface",
                    "builder",
                    "-n",
                    "synthetic",
                    "-v",
                    "0.1.0",
                    "-i",
                ])
                .arg(&spec)
                .arg("-o")
                .arg(&theirs_out);
            command
        })?;
        let per_op = |t: Duration| t.as_secs_f64() * 1000.0 / size as f64;
        table.push_str(&format!(
            "| {size} | {:.3} s | {:.2} ms | {:.3} s | {:.2} ms | {:.2} |\n",
            ours_time.as_secs_f64(),
            per_op(ours_time),
            theirs_time.as_secs_f64(),
            per_op(theirs_time),
            ours_time.as_secs_f64() / theirs_time.as_secs_f64()
        ));
    }
    Ok(table)
}

fn best_of(mut command: impl FnMut() -> Command) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let mut command = command();
        let started = Instant::now();
        let output = command
            .output()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "{command:?} failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        best = best.min(elapsed);
    }
    Ok(best)
}

fn which_progenitor() -> Result<std::path::PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let path = home.join("bin/cargo-progenitor");
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is not installed; run `cargo install cargo-progenitor --version 0.15.1 --locked` first",
            path.display()
        ))
    }
}

/// `cargo xtask fake-cost [RUNS]`: what the fake server costs at 3,000 operations, in one
/// process. Each run generates the synthetic spec whole (load, lower, templates, format), once
/// with the fake and once without its lowering and its files (`src/testing/`), the two
/// interleaved so that a slow spell of the machine falls on both alike. Reports the fastest and
/// the median run of each and their ratios, and the peak memory of a process that generates once
/// in each case; issue 20 asks for at most 1.3.
///
/// Run it from a release build with the allocator `cargo xtask` is measured with:
/// `cargo run --release -p xtask --features mimalloc -- fake-cost 8`.
pub fn fake_cost(runs: usize) -> Result<String, String> {
    let text = synthetic::spec(3_000);
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        for (with_fake, times) in [(true, &mut with), (false, &mut without)] {
            let started = Instant::now();
            generate_with(&text, with_fake)?;
            times.push(started.elapsed());
        }
    }
    // Peak memory is per process: one child process per case, each generating once.
    let peak = |case: &str| -> Result<String, String> {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
        let output = Command::new(exe)
            .args(["fake-cost-peak", case])
            .output()
            .map_err(|e| format!("cannot run fake-cost-peak: {e}"))?;
        let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        match output.status.success() {
            true => Ok(text),
            false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
        }
    };
    let (peak_with, peak_without) = (peak("with")?, peak("without")?);
    with.sort();
    without.sort();
    let (fastest, median) = (|v: &[Duration]| v[0], |v: &[Duration]| v[v.len() / 2]);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let megabytes = |kb: &str| kb.parse::<f64>().map(|kb| kb / 1024.0).unwrap_or(f64::NAN);
    let (mb_with, mb_without) = (megabytes(&peak_with), megabytes(&peak_without));
    Ok(format!(
        "| {} runs each, interleaved | with the fake | without | ratio |\n| --- | ---: | ---: | ---: |\n\
         | fastest | {:.2} s | {:.2} s | {:.2} |\n| median | {:.2} s | {:.2} s | {:.2} |\n\
         | peak memory, one generation per process | {mb_with:.0} MB | {mb_without:.0} MB | {:.2} |\n",
        with.len(),
        fastest(&with).as_secs_f64(),
        fastest(&without).as_secs_f64(),
        ratio(fastest(&with), fastest(&without)),
        median(&with).as_secs_f64(),
        median(&without).as_secs_f64(),
        ratio(median(&with), median(&without)),
        mb_with / mb_without,
    ))
}

/// `cargo xtask fake-cost-peak with|without`: generates the 3,000-operation spec once and prints
/// this process's peak resident memory in KB (Linux: `VmHWM` of `/proc/self/status`), for
/// `fake_cost`.
pub fn fake_cost_peak(with_fake: bool) -> Result<String, String> {
    generate_with(&synthetic::spec(3_000), with_fake)?;
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| {
        format!("cannot read /proc/self/status (peak memory is measured on Linux): {e}")
    })?;
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .map(str::trim)
        .ok_or("no VmHWM in /proc/self/status")?;
    Ok(format!("{kb}\n"))
}

/// The whole pipeline on `text` (load, lower, templates, format), with the fake or without its
/// lowering and its files (`src/testing/`); the bytes generated. Also the criterion benchmark
/// `fake/3000`'s.
pub fn generate_with(text: &str, with_fake: bool) -> Result<usize, String> {
    use generator::stages;
    let spec = stages::load(text).map_err(|e| e.to_string())?;
    let api = match with_fake {
        true => stages::lower(&spec),
        false => stages::lower_without_fake(&spec),
    }
    .map_err(|e| e.to_string())?;
    let rendered = stages::templates(&api).map_err(|e| e.to_string())?;
    rendered
        .into_iter()
        .filter(|r| with_fake || !r.path.starts_with("src/testing/"))
        .map(|r| stages::finish(r).map(|file| file.contents.len()))
        .sum::<Result<usize, _>>()
        .map_err(|e| e.to_string())
}
