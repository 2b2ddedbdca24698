//! What a spec change means for the generated crate's users: one line per change of its public
//! API, each classed the way semver sees it.
//!
//! Both specs are lowered to the IR first, so changes are named as users see them
//! (`Client::get_oauth_scope`, `models::OAuthClient::description`) and a spec edit that changes
//! nothing in Rust (a schema renamed under the same `x-rust-name`, say) reports nothing.
//!
//! # The rules, and why
//!
//! The crate is designed so that the common growth of an API is not breaking: models are
//! `#[non_exhaustive]` structs built with `new` (required fields) and `with_*` setters (the rest),
//! enums are `#[non_exhaustive]` with an `Unknown` variant, optional parameters are setters on
//! the request value, and `Region` is `#[non_exhaustive]`. Against that design:
//!
//! - **breaking**: a user's program that compiles today may not compile after the change, or an
//!   existing call silently sends a different request:
//!   - anything removed: an operation, model, field, enum value, parameter, region, waiter,
//!     conversion, error helper;
//!   - a renamed Rust item (an `operationId` renamed is a method renamed), a changed type (of a
//!     field, parameter or return value);
//!   - a **new required field**, in a request model or a response model alike: `new` gains an
//!     argument, and a model that had no required field loses `Default`. Response models are
//!     built by users too, in tests and with the fake;
//!   - a field **becoming optional**, in a response or a request: its type becomes `Option<T>`,
//!     so every reader of the field breaks (and `new` loses an argument). A field becoming
//!     required is the converse: `new` gains an argument and the type loses its `Option`;
//!   - a **new required parameter**, or a parameter becoming required or optional: the method's
//!     arguments change (optional parameters are setters, required ones are arguments);
//!   - **arguments in another order**: required parameters (the method's) or required fields
//!     (`new`'s) reordered in the spec. Calls whose types happen to agree still compile, and
//!     then send each value as the other one. Renaming a required parameter in Rust is only
//!     `docs`: arguments are positional;
//!   - a **path or HTTP method change** of an existing operation, a parameter or field sent
//!     under another wire name, a region's URL changing: the Rust signature may be unchanged,
//!     but the same call now sends another request. Users' mocks, proxies and allow-lists match
//!     on exactly that, and a method that was retried as idempotent may no longer be;
//!   - the default region changing, or the package being renamed;
//!   - an `x-poll` whose status field or pending or failed values change: every waiter on the
//!     operation returns at another moment, or fails where it succeeded.
//! - **compatible**: only additions the design absorbs: a new operation, model, enum, optional
//!   field (a setter), optional parameter (a setter), enum value (a new variant of a
//!   `#[non_exhaustive]` enum; before the change the value arrived as `Unknown`), region, waiter,
//!   conversion or error helper; marking something deprecated (a warning, not an error).
//! - **docs**: descriptions, summaries, documented error statuses and their error codes (the
//!   error type is one flat enum: a status is documentation, not a type; codes are text), and
//!   required permissions and OAuth scopes (checked by the service, not by the client). The
//!   constants of `scopes` and `error_codes` are items, though: one removed, or holding another
//!   value, is **breaking**, one added **compatible**. A new operation is a new variant of the
//!   `#[non_exhaustive]` `scopes::Operation`, part of the operation's own addition.
//!
//! What this cannot see: a change of the generator or the templates (both specs are lowered by
//! the same, current generator). `cargo semver-checks` on two generated crates covers that side;
//! BENCHMARKS.md compares the two.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::{self, Api};
use crate::types::{Scope, optional};

/// How a change affects the crate's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Needs a major version (a minor one before 1.0).
    Breaking,
    /// An addition: a minor version (a patch before 1.0).
    Compatible,
    /// Documentation only.
    Docs,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Docs => "docs",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    /// The Rust item, as a user writes it: `Client::get_oauth_scope`.
    pub item: String,
    /// What happened to it: `field removed`, `enum value "x" added`.
    pub what: String,
    /// Where in the spec: the new spec's pointer, or the old one's for something removed.
    pub pointer: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<10} {}: {} ({})",
            self.class, self.item, self.what, self.pointer
        )
    }
}

/// Every change from `old` to `new`, breaking ones first, then in a fixed order: the same two
/// specs always give the same report.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Report::default();
    out.package(old, new);
    out.regions(&old.regions, &new.regions);
    out.operations(&old.operations, &new.operations);
    out.models(&old.models, &new.models);
    out.enums(&old.enums, &new.enums);
    out.ids(&old.ids, &new.ids);
    out.constants(
        "scopes",
        old.scopes.iter().map(|s| (&s.ident, &s.name, &s.pointer)),
        new.scopes.iter().map(|s| (&s.ident, &s.name, &s.pointer)),
    );
    out.constants(
        "error_codes",
        old.error_codes
            .iter()
            .map(|c| (&c.ident, &c.code, &c.pointer)),
        new.error_codes
            .iter()
            .map(|c| (&c.ident, &c.code, &c.pointer)),
    );
    out.error_body(old, new);
    let mut changes = out.0;
    changes.sort();
    changes.dedup();
    changes
}

/// An operation's scopes as the docs read them: `oauth or oauth:readonly`.
fn show_scopes(alternatives: &[Vec<String>]) -> String {
    if alternatives.iter().any(Vec::is_empty) {
        return "none needed".to_owned();
    }
    let ways: Vec<String> = alternatives.iter().map(|way| way.join(" and ")).collect();
    ways.join(" or ")
}

/// A one-line count: `2 breaking, 1 compatible, 0 docs`.
pub fn tally(changes: &[Change]) -> String {
    let count = |class| changes.iter().filter(|c| c.class == class).count();
    format!(
        "{} breaking, {} compatible, {} docs",
        count(Class::Breaking),
        count(Class::Compatible),
        count(Class::Docs)
    )
}

/// Whether going from version `old` to `new` is allowed for these changes: `Err` names the
/// version semver requires and the changes that require it. Only breaking changes are enforced;
/// Cargo takes any two versions of the same major (the same minor before 1.0, the same patch
/// before 0.1) to be compatible, so a breaking change must leave that range.
pub fn check_version(old: &str, new: &str, changes: &[Change]) -> Result<String, String> {
    let parse = |which: &str, v: &str| {
        semver::Version::parse(v).map_err(|e| {
            format!(
                "the {which} spec's `info.x-rust-crate.version` {v:?} is not a semver version: {e}"
            )
        })
    };
    let (old_v, new_v) = (parse("old", old)?, parse("new", new)?);
    if new_v < old_v {
        return Err(format!("the version went down, from {old} to {new}"));
    }
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .collect();
    let same_range = if old_v.major > 0 {
        new_v.major == old_v.major
    } else if old_v.minor > 0 {
        new_v.major == 0 && new_v.minor == old_v.minor
    } else {
        new_v.major == 0 && new_v.minor == 0 && new_v.patch == old_v.patch
    };
    let minimum = if old_v.major > 0 {
        format!("{}.0.0", old_v.major + 1)
    } else if old_v.minor > 0 {
        format!("0.{}.0", old_v.minor + 1)
    } else {
        format!("0.0.{}", old_v.patch + 1)
    };
    if !breaking.is_empty() && same_range {
        let mut message = format!(
            "{} breaking change(s) but the version goes from {old} to {new}, which Cargo treats as compatible; \
             set `info.x-rust-crate.version` in the spec to {minimum} or later. The changes that need it:",
            breaking.len()
        );
        for change in breaking {
            message.push_str(&format!("\n  {change}"));
        }
        return Err(message);
    }
    Ok(match (breaking.is_empty(), old == new) {
        (false, _) => format!("breaking changes, and the version goes from {old} to {new}: fine"),
        (true, true) => format!("no breaking change; the version stays {new}"),
        (true, false) => format!("no breaking change; the version goes from {old} to {new}"),
    })
}

#[derive(Default)]
struct Report(Vec<Change>);

impl Report {
    fn push(&mut self, class: Class, item: impl Into<String>, what: impl Into<String>, at: &str) {
        self.0.push(Change {
            class,
            item: item.into(),
            what: what.into(),
            pointer: at.to_owned(),
        });
    }

    fn package(&mut self, old: &Api, new: &Api) {
        let item = format!("crate {}", new.package.name);
        let at = "#/info";
        if old.package.name != new.package.name {
            self.push(
                Class::Breaking,
                &item,
                format!("package renamed from `{}`", old.package.name),
                "#/info/x-rust-crate/name",
            );
        }
        if old.package.description != new.package.description
            || old.docs != new.docs
            || old.title != new.title
        {
            self.push(Class::Docs, &item, "crate docs changed", at);
        }
    }

    fn regions(&mut self, old: &[ir::Region], new: &[ir::Region]) {
        let olds: BTreeMap<&str, &ir::Region> = old.iter().map(|r| (r.name.as_str(), r)).collect();
        let news: BTreeMap<&str, &ir::Region> = new.iter().map(|r| (r.name.as_str(), r)).collect();
        for (name, o) in &olds {
            let item = format!("Region::{}", o.variant);
            let Some(n) = news.get(name) else {
                self.push(
                    Class::Breaking,
                    item,
                    format!("region `{name}` removed"),
                    &o.pointer,
                );
                continue;
            };
            let item = format!("Region::{}", n.variant);
            if o.variant != n.variant {
                self.push(
                    Class::Breaking,
                    &item,
                    format!("renamed from `Region::{}`", o.variant),
                    &n.pointer,
                );
            }
            for (what, a, b) in [
                ("API URL", &o.api_url, &n.api_url),
                ("login URL", &o.login_url, &n.login_url),
            ] {
                if a != b {
                    self.push(
                        Class::Breaking,
                        &item,
                        format!("{what} changed: {a} → {b}"),
                        &n.pointer,
                    );
                }
            }
            if o.description != n.description {
                self.push(Class::Docs, &item, "description changed", &n.pointer);
            }
        }
        for (name, n) in &news {
            if !olds.contains_key(name) {
                self.push(
                    Class::Compatible,
                    format!("Region::{}", n.variant),
                    format!("region `{name}` added"),
                    &n.pointer,
                );
            }
        }
        let default = |regions: &[ir::Region]| {
            regions
                .iter()
                .find(|r| r.is_default)
                .map(|r| r.name.clone())
        };
        if let Some(n) = new.iter().find(|r| r.is_default)
            && default(old) != Some(n.name.clone())
        {
            self.push(
                Class::Breaking,
                format!("Region::{}", n.variant),
                "became the default region",
                &n.pointer,
            );
        }
    }

    fn operations(&mut self, old: &[ir::Operation], new: &[ir::Operation]) {
        let olds: BTreeMap<&str, &ir::Operation> =
            old.iter().map(|o| (o.operation_id.as_str(), o)).collect();
        let news: BTreeMap<&str, &ir::Operation> =
            new.iter().map(|o| (o.operation_id.as_str(), o)).collect();
        // An operation that disappeared under one operationId and appeared under another at the
        // same method and path was renamed: one line says so, not a removal and an addition.
        fn route(o: &ir::Operation) -> (&str, &str) {
            (o.http_method.as_str(), &o.route)
        }
        let removed: Vec<&ir::Operation> = old
            .iter()
            .filter(|o| !news.contains_key(o.operation_id.as_str()))
            .collect();
        let added: Vec<&ir::Operation> = new
            .iter()
            .filter(|o| !olds.contains_key(o.operation_id.as_str()))
            .collect();
        // New operationId → the operation it renamed.
        let mut renamed: BTreeMap<&str, &ir::Operation> = BTreeMap::new();
        for o in &removed {
            if let Some(n) = added
                .iter()
                .find(|n| route(n) == route(o) && !renamed.contains_key(n.operation_id.as_str()))
            {
                renamed.insert(n.operation_id.as_str(), o);
            }
        }
        for o in removed {
            if !renamed.values().any(|r| r.operation_id == o.operation_id) {
                self.push(
                    Class::Breaking,
                    format!("Client::{}", o.method_name),
                    format!("operation `{}` removed", o.operation_id),
                    &o.pointer,
                );
            }
        }
        for n in new {
            let id = n.operation_id.as_str();
            if let Some(o) = olds.get(id) {
                self.operation(o, n);
            } else if let Some(o) = renamed.get(id) {
                self.push(
                    Class::Breaking,
                    format!("Client::{}", n.method_name),
                    format!(
                        "operation renamed from `{}` (`Client::{}`)",
                        o.operation_id, o.method_name
                    ),
                    &n.pointer,
                );
                self.operation(o, n);
            } else {
                self.push(
                    Class::Compatible,
                    format!("Client::{}", n.method_name),
                    format!("operation `{id}` added: {} {}", n.http_method, n.route),
                    &n.pointer,
                );
            }
        }
    }

    /// One operation present in both (possibly under another operationId).
    fn operation(&mut self, o: &ir::Operation, n: &ir::Operation) {
        let item = format!("Client::{}", n.method_name);
        let at = n.pointer.as_str();
        // A renamed operationId is reported by the caller; an `x-rust-name` change is not.
        if o.operation_id == n.operation_id && o.method_name != n.method_name {
            self.push(
                Class::Breaking,
                &item,
                format!("method renamed from `Client::{}`", o.method_name),
                at,
            );
        }
        if o.request_type != n.request_type {
            self.push(
                Class::Breaking,
                format!("operations::{}", n.request_type),
                format!("request type renamed from `operations::{}`", o.request_type),
                at,
            );
        }
        if o.http_method != n.http_method {
            self.push(
                Class::Breaking,
                &item,
                format!("HTTP method changed: {} → {}", o.http_method, n.http_method),
                at,
            );
        }
        if o.route != n.route {
            self.push(
                Class::Breaking,
                &item,
                format!("path changed: {} → {}", o.route, n.route),
                at,
            );
        }
        if o.output_type != n.output_type {
            let shown = |op: &ir::Operation| {
                op.output_type
                    .as_ref()
                    .map_or("()".to_owned(), |ty| ty.shown(Scope::Crate))
            };
            self.push(
                Class::Breaking,
                &item,
                format!("return type changed: `{}` → `{}`", shown(o), shown(n)),
                at,
            );
        }
        if !o.deprecated && n.deprecated {
            self.push(Class::Compatible, &item, "deprecated", at);
        } else if o.deprecated && !n.deprecated {
            self.push(Class::Docs, &item, "no longer deprecated", at);
        }
        if o.description != n.description {
            self.push(Class::Docs, &item, "docs changed", at);
        }
        if o.permissions != n.permissions {
            let show = |p: &Option<String>| p.clone().unwrap_or_else(|| "none stated".to_owned());
            self.push(
                Class::Docs,
                &item,
                format!(
                    "permissions changed: {} → {}",
                    show(&o.permissions),
                    show(&n.permissions)
                ),
                &format!("{at}/x-inin-requires-permissions"),
            );
        }
        if o.scopes != n.scopes {
            self.push(
                Class::Docs,
                &item,
                format!(
                    "OAuth scopes changed: {} → {}",
                    show_scopes(&o.scopes),
                    show_scopes(&n.scopes)
                ),
                &format!("{at}/security"),
            );
        }
        self.error_statuses(o, n, &item, at);
        self.waiting(o, n, &item, at);
    }

    /// The error statuses an operation documents, and their codes.
    fn error_statuses(&mut self, o: &ir::Operation, n: &ir::Operation, item: &str, at: &str) {
        let statuses = |op: &ir::Operation| -> BTreeMap<String, (String, Vec<String>)> {
            op.error_statuses
                .iter()
                .map(|s| {
                    let codes = s.codes.iter().map(|c| c.code.clone()).collect();
                    (s.status.clone(), (s.description.clone(), codes))
                })
                .collect()
        };
        let (os, ns) = (statuses(o), statuses(n));
        for status in os.keys().filter(|s| !ns.contains_key(*s)) {
            self.push(
                Class::Docs,
                item,
                format!("error status {status} no longer documented"),
                &format!("{at}/responses"),
            );
        }
        for (status, (description, codes)) in &ns {
            let Some((old_description, old_codes)) = os.get(status) else {
                self.push(
                    Class::Docs,
                    item,
                    format!("error status {status} documented"),
                    &format!("{at}/responses"),
                );
                continue;
            };
            if old_description != description {
                self.push(
                    Class::Docs,
                    item,
                    format!("error status {status} description changed"),
                    &format!("{at}/responses"),
                );
            }
            if old_codes != codes {
                self.push(
                    Class::Docs,
                    item,
                    format!(
                        "error codes of {status}: [{}] → [{}]",
                        old_codes.join(", "),
                        codes.join(", ")
                    ),
                    &format!("{at}/responses/{status}/x-inin-error-codes"),
                );
            }
        }
        self.params(o, n);
    }

    /// What waiting for an operation's result means: its final statuses and its waiters.
    fn waiting(&mut self, o: &ir::Operation, n: &ir::Operation, item: &str, at: &str) {
        // When a polled result counts as final decides what every waiter on it returns.
        let poll = |op: &ir::Operation| {
            op.poll.as_ref().map(|p| {
                let list = |values: &[String]| match values.join(", ") {
                    joined if joined.is_empty() => "none".to_owned(),
                    joined => joined,
                };
                format!(
                    "`{}`: pending {}; failed {}",
                    p.status_json,
                    list(&p.pending),
                    list(&p.failed_values)
                )
            })
        };
        match (poll(o), poll(n)) {
            (Some(a), Some(b)) if a != b => self.push(
                Class::Breaking,
                item,
                format!("polling changed: {a} → {b}"),
                &format!("{at}/x-poll"),
            ),
            (Some(_), None) => self.push(
                Class::Breaking,
                item,
                "no longer polled (`x-poll` removed)",
                &format!("{at}/x-poll"),
            ),
            (None, Some(_)) => self.push(
                Class::Compatible,
                item,
                "polled (`x-poll` added)",
                &format!("{at}/x-poll"),
            ),
            _ => {}
        }
        let waiters = |op: &ir::Operation| -> BTreeSet<String> {
            op.waiters.iter().map(|w| w.method_name.clone()).collect()
        };
        let (ow, nw) = (waiters(o), waiters(n));
        for w in ow.difference(&nw) {
            self.push(
                Class::Breaking,
                format!("operations::{}::{w}", n.request_type),
                "waiter removed",
                at,
            );
        }
        for w in nw.difference(&ow) {
            self.push(
                Class::Compatible,
                format!("operations::{}::{w}", n.request_type),
                "waiter added",
                at,
            );
        }
    }

    fn params(&mut self, o: &ir::Operation, n: &ir::Operation) {
        let all = |op: &ir::Operation| -> BTreeMap<(&'static str, String), ir::Param> {
            op.args
                .iter()
                .chain(&op.options)
                .map(|p| ((p.place.as_str(), p.wire_name.clone()), p.clone()))
                .collect()
        };
        let (olds, news) = (all(o), all(n));
        self.argument_order(o, n);
        for (key, op) in &olds {
            if !news.contains_key(key) {
                self.push(
                    Class::Breaking,
                    param_item(o, op),
                    format!("{} removed", param_name(op)),
                    &op.pointer,
                );
            }
        }
        for (key, np) in &news {
            match olds.get(key) {
                Some(op) => self.param(n, op, np),
                None => {
                    let (class, how) = if np.required {
                        (Class::Breaking, "required: a new argument of the method")
                    } else {
                        (Class::Compatible, "optional: a setter")
                    };
                    self.push(
                        class,
                        param_item(n, np),
                        format!("{} added, {how}", param_name(np)),
                        &np.pointer,
                    );
                }
            }
        }
    }

    /// The same arguments in another order: calls still compile when the types agree, and then
    /// send each value as the other parameter.
    fn argument_order(&mut self, o: &ir::Operation, n: &ir::Operation) {
        let order = |op: &ir::Operation| -> Vec<(&'static str, String)> {
            op.args
                .iter()
                .map(|p| (p.place.as_str(), p.wire_name.clone()))
                .collect()
        };
        let (old_order, new_order) = (order(o), order(n));
        let kept = |list: &[(&'static str, String)],
                    other: &[(&'static str, String)]|
         -> Vec<(&'static str, String)> {
            list.iter().filter(|k| other.contains(k)).cloned().collect()
        };
        if kept(&old_order, &new_order) != kept(&new_order, &old_order) {
            let names = |op: &ir::Operation| {
                op.args
                    .iter()
                    .map(|p| p.arg_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.push(
                Class::Breaking,
                format!("Client::{}", n.method_name),
                format!("arguments reordered: ({}) → ({})", names(o), names(n)),
                &n.pointer,
            );
        }
    }

    /// What changed in one parameter of operation `n` that both versions have.
    fn param(&mut self, n: &ir::Operation, op: &ir::Param, np: &ir::Param) {
        let at = np.pointer.as_str();
        let it = param_item(n, np);
        let name = param_name(np);
        if op.required != np.required {
            let what = if np.required {
                "became required: a new argument of the method instead of a setter"
            } else {
                "became optional: a setter instead of an argument of the method"
            };
            self.push(Class::Breaking, &it, format!("{name} {what}"), at);
        } else if op.arg_name != np.arg_name {
            // Arguments are positional: only a setter's name is part of the API.
            let class = if np.required {
                Class::Docs
            } else {
                Class::Breaking
            };
            self.push(
                class,
                &it,
                format!("{name} renamed in Rust from `{}`", op.arg_name),
                at,
            );
        }
        if op.value_type != np.value_type {
            self.push(
                Class::Breaking,
                &it,
                format!(
                    "{name} type changed: `{}` → `{}`",
                    param_type(op),
                    param_type(np)
                ),
                at,
            );
        }
        if op.typed_only != np.typed_only {
            let (class, what) = if np.typed_only {
                (
                    Class::Breaking,
                    "takes the typed id only (by value or by reference), no longer a string",
                )
            } else {
                (
                    Class::Compatible,
                    "takes a string too, not only the typed id",
                )
            };
            self.push(class, &it, format!("{name} {what}"), at);
        }
        if op.docs != np.docs {
            self.push(Class::Docs, &it, format!("{name} docs changed"), at);
        }
    }

    fn models(&mut self, old: &[ir::Model], new: &[ir::Model]) {
        let olds: BTreeMap<&str, &ir::Model> = old.iter().map(|m| (m.name.as_str(), m)).collect();
        let news: BTreeMap<&str, &ir::Model> = new.iter().map(|m| (m.name.as_str(), m)).collect();
        for (name, o) in &olds {
            if !news.contains_key(name) {
                self.push(
                    Class::Breaking,
                    format!("models::{name}"),
                    "model removed",
                    &o.pointer,
                );
            }
        }
        for (name, n) in &news {
            let item = format!("models::{name}");
            let Some(o) = olds.get(name) else {
                self.push(Class::Compatible, item, "model added", &n.pointer);
                continue;
            };
            if o.docs != n.docs {
                self.push(Class::Docs, &item, "docs changed", &n.pointer);
            }
            let sources = |m: &ir::Model| -> BTreeSet<String> {
                m.conversions.iter().map(|c| c.source.clone()).collect()
            };
            let (os, ns) = (sources(o), sources(n));
            for s in os.difference(&ns) {
                self.push(
                    Class::Breaking,
                    &item,
                    format!("`From<{s}>` removed"),
                    &format!("{}/x-rust-from", n.pointer),
                );
            }
            for s in ns.difference(&os) {
                self.push(
                    Class::Compatible,
                    &item,
                    format!("`From<{s}>` added"),
                    &format!("{}/x-rust-from", n.pointer),
                );
            }
            self.fields(name, o, n);
        }
    }

    fn fields(&mut self, model: &str, o: &ir::Model, n: &ir::Model) {
        let olds: BTreeMap<&str, &ir::Field> =
            o.fields.iter().map(|f| (f.json_name.as_str(), f)).collect();
        let news: BTreeMap<&str, &ir::Field> =
            n.fields.iter().map(|f| (f.json_name.as_str(), f)).collect();
        let item = |f: &ir::Field| format!("models::{model}::{}", crate::ident::unraw(&f.ident));
        // `new` takes the required fields in the spec's order.
        fn required<'m>(m: &'m ir::Model, other: &ir::Model) -> Vec<&'m str> {
            m.fields
                .iter()
                .filter(|f| {
                    f.required
                        && other
                            .fields
                            .iter()
                            .any(|g| g.required && g.json_name == f.json_name)
                })
                .map(|f| f.json_name.as_str())
                .collect()
        }
        if required(o, n) != required(n, o) {
            self.push(
                Class::Breaking,
                format!("models::{model}::new"),
                format!(
                    "arguments reordered: ({}) → ({})",
                    required(o, n).join(", "),
                    required(n, o).join(", ")
                ),
                &n.pointer,
            );
        }
        for (json, f) in &olds {
            if !news.contains_key(json) {
                self.push(
                    Class::Breaking,
                    item(f),
                    format!("field `{json}` removed"),
                    &f.pointer,
                );
            }
        }
        for (json, nf) in &news {
            let Some(of) = olds.get(json) else {
                let (class, how) = if nf.required {
                    (Class::Breaking, "required: a new argument of `new`")
                } else {
                    (Class::Compatible, "optional: a setter")
                };
                self.push(
                    class,
                    item(nf),
                    format!("field `{json}` added, {how}"),
                    &nf.pointer,
                );
                continue;
            };
            let it = item(nf);
            let at = nf.pointer.as_str();
            if of.ident != nf.ident {
                self.push(
                    Class::Breaking,
                    &it,
                    format!(
                        "field renamed in Rust from `{}`",
                        crate::ident::unraw(&of.ident)
                    ),
                    at,
                );
            }
            let (old_type, new_type) = (field_type(of), field_type(nf));
            let types = format!("`{old_type}` → `{new_type}`");
            if of.required != nf.required {
                let what = if nf.required {
                    "field became required: a new argument of `new`"
                } else {
                    "field became optional: `new` loses the argument"
                };
                let what = if old_type != new_type {
                    format!("{what}; type {types}")
                } else {
                    what.to_owned()
                };
                self.push(Class::Breaking, &it, what, at);
            } else if old_type != new_type {
                self.push(
                    Class::Breaking,
                    &it,
                    format!("field type changed: {types}"),
                    at,
                );
            }
            if of.deprecated.is_none() && nf.deprecated.is_some() {
                self.push(Class::Compatible, &it, "deprecated", at);
            }
            if of.docs != nf.docs {
                self.push(Class::Docs, &it, "docs changed", at);
            }
        }
    }

    fn enums(&mut self, old: &[ir::Enum], new: &[ir::Enum]) {
        let olds: BTreeMap<&str, &ir::Enum> = old.iter().map(|e| (e.name.as_str(), e)).collect();
        let news: BTreeMap<&str, &ir::Enum> = new.iter().map(|e| (e.name.as_str(), e)).collect();
        for (name, o) in &olds {
            if !news.contains_key(name) {
                self.push(
                    Class::Breaking,
                    format!("models::{name}"),
                    "enum removed",
                    &o.pointer,
                );
            }
        }
        for (name, n) in &news {
            let Some(o) = olds.get(name) else {
                self.push(
                    Class::Compatible,
                    format!("models::{name}"),
                    "enum added",
                    &n.pointer,
                );
                continue;
            };
            if o.docs != n.docs {
                self.push(
                    Class::Docs,
                    format!("models::{name}"),
                    "docs changed",
                    &n.pointer,
                );
            }
            let values = |e: &ir::Enum| -> BTreeMap<String, String> {
                e.variants
                    .iter()
                    .map(|v| (v.value.clone(), v.ident.clone()))
                    .collect()
            };
            let (ov, nv) = (values(o), values(n));
            for (value, ident) in &ov {
                match nv.get(value) {
                    None => self.push(
                        Class::Breaking,
                        format!("models::{name}::{ident}"),
                        format!("enum value {value:?} removed"),
                        &o.pointer,
                    ),
                    Some(new_ident) if new_ident != ident => self.push(
                        Class::Breaking,
                        format!("models::{name}::{new_ident}"),
                        format!("variant for {value:?} renamed from `{ident}`"),
                        &n.pointer,
                    ),
                    Some(_) => {}
                }
            }
            for (value, ident) in &nv {
                if !ov.contains_key(value) {
                    self.push(
                        Class::Compatible,
                        format!("models::{name}::{ident}"),
                        format!("enum value {value:?} added"),
                        &n.pointer,
                    );
                }
            }
        }
    }

    fn ids(&mut self, old: &[String], new: &[String]) {
        let (o, n): (BTreeSet<&String>, BTreeSet<&String>) =
            (old.iter().collect(), new.iter().collect());
        for id in o.difference(&n) {
            self.push(
                Class::Breaking,
                format!("models::{id}"),
                "id type removed",
                "#/components/schemas",
            );
        }
        for id in n.difference(&o) {
            self.push(
                Class::Compatible,
                format!("models::{id}"),
                "id type added",
                "#/components/schemas",
            );
        }
    }

    /// The string constants of a module (`scopes::OAUTH`): one removed or holding another value
    /// breaks the code that names it; a new one is an addition.
    fn constants<'a>(
        &mut self,
        module: &str,
        old: impl Iterator<Item = (&'a String, &'a String, &'a String)>,
        new: impl Iterator<Item = (&'a String, &'a String, &'a String)>,
    ) {
        let old: BTreeMap<&String, (&String, &String)> =
            old.map(|(ident, value, at)| (ident, (value, at))).collect();
        let new: BTreeMap<&String, (&String, &String)> =
            new.map(|(ident, value, at)| (ident, (value, at))).collect();
        for (ident, (value, at)) in &old {
            match new.get(ident) {
                None => self.push(
                    Class::Breaking,
                    format!("{module}::{ident}"),
                    format!("constant `{value}` removed"),
                    at,
                ),
                Some((now, new_at)) if now != value => self.push(
                    Class::Breaking,
                    format!("{module}::{ident}"),
                    format!("value changed: `{value}` → `{now}`"),
                    new_at,
                ),
                Some(_) => {}
            }
        }
        for (ident, (value, at)) in &new {
            if !old.contains_key(ident) {
                self.push(
                    Class::Compatible,
                    format!("{module}::{ident}"),
                    format!("constant `{value}` added"),
                    at,
                );
            }
        }
    }

    fn error_body(&mut self, old: &Api, new: &Api) {
        let at = "#/paths";
        match (&old.error_body, &new.error_body) {
            (None, None) => {}
            (None, Some(n)) => self.push(
                Class::Compatible,
                "Error::Api::body",
                format!("error type: error bodies decode as `models::{}`", n.model),
                at,
            ),
            (Some(o), None) => self.push(
                Class::Breaking,
                "Error::Api::body",
                format!(
                    "error type: error bodies no longer decode as `models::{}`",
                    o.model
                ),
                at,
            ),
            (Some(o), Some(n)) => {
                if o.model != n.model {
                    self.push(
                        Class::Breaking,
                        "Error::Api::body",
                        format!(
                            "error type: error body type changed: `models::{}` → `models::{}`",
                            o.model, n.model
                        ),
                        at,
                    );
                }
                for (helper, a, b) in [
                    ("code", &o.code_field, &n.code_field),
                    ("message", &o.message_field, &n.message_field),
                ] {
                    match (a, b) {
                        (Some(_), None) => self.push(
                            Class::Breaking,
                            format!("Error::{helper}"),
                            "error type: helper removed",
                            at,
                        ),
                        (None, Some(_)) => self.push(
                            Class::Compatible,
                            format!("Error::{helper}"),
                            "error type: helper added",
                            at,
                        ),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The item a parameter is part of: required parameters are the method's arguments, optional
/// ones its request's setters.
fn param_item(op: &ir::Operation, p: &ir::Param) -> String {
    if p.required {
        format!("Client::{}({})", op.method_name, p.arg_name)
    } else {
        format!("operations::{}::{}", op.request_type, p.arg_name)
    }
}

/// A parameter as the report names it.
fn param_name(p: &ir::Param) -> String {
    match p.place {
        ir::ParamPlace::Body => "the request body".to_owned(),
        place => format!("{} parameter `{}`", place.as_str(), p.wire_name),
    }
}

/// A parameter's type as its request value holds it: `Option<...>` when it is optional.
fn param_type(param: &ir::Param) -> String {
    let shown = param.value_type.shown(Scope::Crate);
    match param.required {
        true => shown,
        false => optional(shown),
    }
}

/// A field's declared type: `Option<...>` when it may be absent, twice when it may also be
/// `null`, once when it is required but may be `null`.
fn field_type(field: &ir::Field) -> String {
    let shown = field.value_type.shown(Scope::Models);
    match (field.required, field.nullable) {
        (true, false) => shown,
        (true, true) | (false, false) => optional(shown),
        (false, true) => optional(optional(shown)),
    }
}
