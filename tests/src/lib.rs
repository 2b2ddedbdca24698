//! End-to-end tests live in `tests/`. The repository README is included here so that its usage
//! example is compiled as a doctest and cannot go stale.
#![doc = include_str!("../../README.md")]
