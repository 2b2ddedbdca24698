//! The repository's tasks, as a library so the tests can run them too.

pub mod api_diff;
pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod synthetic;
