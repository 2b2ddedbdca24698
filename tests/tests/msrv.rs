//! The generated crate's `rust-version` (its MSRV) is not below what its dependencies declare.
//!
//! This is the part of the MSRV that can be checked without a second toolchain; clippy's
//! `incompatible_msrv` lint (on in CI) checks the crate's own use of the standard library. The
//! full check is a build with that toolchain, documented in BENCHMARKS.md:
//! `rustup toolchain install 1.88 && cargo +1.88 check -p genesys-cloud-oauth --all-features`.

use std::collections::{BTreeSet, VecDeque};
use std::process::Command;

use serde_json::Value;
use xtask::codegen::workspace_root;

/// `1.88` → (1, 88, 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_crate_declares() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--features",
            "genesys-cloud-oauth/native-tls,genesys-cloud-oauth/http2,genesys-cloud-oauth/system-proxy",
        ])
        .current_dir(workspace_root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let package = |id: &str| packages.iter().find(|p| p["id"] == id).unwrap();
    let root = packages
        .iter()
        .find(|p| p["name"] == "genesys-cloud-oauth")
        .unwrap();
    let msrv = version(
        root["rust_version"]
            .as_str()
            .expect("the crate declares a rust-version"),
    );
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();

    // Every package the crate builds with: normal and build dependencies, every feature on.
    let mut seen = BTreeSet::new();
    let mut pending = VecDeque::from([root["id"].as_str().unwrap().to_owned()]);
    let mut too_new = Vec::new();
    while let Some(id) = pending.pop_front() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let found = package(&id);
        if let Some(needed) = found["rust_version"].as_str()
            && version(needed) > msrv
        {
            too_new.push(format!(
                "{} {} needs {needed}",
                found["name"], found["version"]
            ));
        }
        for dep in node(&id)["deps"].as_array().unwrap() {
            let kinds = dep["dep_kinds"].as_array().unwrap();
            if kinds
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build")
            {
                pending.push_back(dep["pkg"].as_str().unwrap().to_owned());
            }
        }
    }
    assert!(seen.len() > 20, "only {} packages were found", seen.len());
    assert!(
        too_new.is_empty(),
        "dependencies newer than the crate's MSRV: {too_new:?}"
    );
}
