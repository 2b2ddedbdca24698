//! Hundreds of damaged copies of the real spec: each ends in located errors or valid output,
//! never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use xtask::codegen::{SPEC, workspace_root};

/// A small deterministic generator (xorshift64*), so every run tries the same copies and a failure
/// can be reproduced from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const VALUES: &[&str] = &[
    "[]",
    "{}",
    "42",
    "-1",
    "true",
    "null",
    "~",
    "'x'",
    "[1, {a: b}]",
    "\"#/components/schemas/Nope\"",
    "0.5",
];

fn mutate(spec: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = spec.lines().map(str::to_owned).collect();
    let i = rng.below(lines.len());
    match rng.below(8) {
        0 => {
            lines.remove(i);
        }
        1 => {
            // A value of another type.
            if let Some(colon) = lines[i].find(": ") {
                let value = VALUES[rng.below(VALUES.len())];
                lines[i] = format!("{}: {value}", &lines[i][..colon]);
            }
        }
        2 => {
            let keep = rng.below(spec.len());
            let cut = (0..=keep)
                .rev()
                .find(|&n| spec.is_char_boundary(n))
                .unwrap_or(0);
            return spec[..cut].to_owned();
        }
        3 => {
            let bytes: String = (0..1 + rng.below(8))
                .map(|_| char::from(rng.below(128) as u8))
                .collect();
            let at = rng.below(lines[i].len() + 1);
            let at = (0..=at)
                .rev()
                .find(|&n| lines[i].is_char_boundary(n))
                .unwrap_or(0);
            lines[i].insert_str(at, &bytes);
        }
        4 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        5 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
        6 => {
            if rng.below(2) == 0 {
                lines[i].insert_str(0, "  ");
            } else if let Some(rest) = lines[i].strip_prefix("  ") {
                lines[i] = rest.to_owned();
            }
        }
        _ => {
            // A key renamed, as a typo would.
            if let Some(colon) = lines[i].find(':') {
                lines[i].insert(colon, 'x');
            }
        }
    }
    lines.join("\n")
}

#[test]
fn damaged_specs_never_panic() {
    let spec = std::fs::read_to_string(workspace_root().join(SPEC)).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut errors, mut valid) = (0, 0);
    for case in 0..400 {
        let damaged = mutate(&spec, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| generator::generate(SPEC, &damaged)));
        match outcome {
            Ok(Ok(files)) => {
                assert!(!files.is_empty(), "case {case}: no files");
                valid += 1;
            }
            Ok(Err(error)) => {
                let report = error.to_string();
                assert!(
                    report.contains(SPEC),
                    "case {case}: the error does not name the spec:\n{report}"
                );
                errors += 1;
            }
            Err(_) => panic!("case {case} panicked; the damaged spec:\n{damaged}"),
        }
    }
    // Both outcomes occur, so the mutations neither always break the spec nor never do.
    assert!(errors > 100 && valid > 50, "{errors} errors, {valid} valid");
}
