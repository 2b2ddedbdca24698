//! The types of the tables that a generated crate's `testing/tables.rs` fills in from its spec:
//! the models, operations and resources the engine serves. Entries read as the spec states them
//! (`Field::new("id", Shape::Text).required()`), and point at each other by named positions
//! (`Shape::Model(model::OAUTH_CLIENT)`).

use serde_json::Value;

/// The shape of a value, from the spec's schema.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec's tables use only some of the shapes")]
pub(super) enum Shape {
    Text,
    Secret,
    Int32,
    Int64,
    Number,
    Bool,
    DateTime,
    Date,
    Any,
    OneOf(&'static [&'static str]),
    List(&'static Shape),
    Map(&'static Shape),
    /// An index into `MODELS`.
    Model(usize),
}

#[derive(Debug)]
pub(super) struct Model {
    pub(super) name: &'static str,
    pub(super) fields: &'static [Field],
    /// The schema's `example`, as JSON.
    pub(super) example: Option<&'static str>,
}

#[derive(Debug)]
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) shape: Shape,
    pub(super) required: bool,
    pub(super) nullable: bool,
    /// Set by the server only (`readOnly`).
    pub(super) read_only: bool,
    /// The spec's `example`, as JSON.
    pub(super) example: Option<&'static str>,
    /// The spec's `default`, as JSON.
    pub(super) default: Option<&'static str>,
    /// The schema's `minimum` and `maximum`.
    pub(super) minimum: Option<f64>,
    pub(super) maximum: Option<f64>,
    /// The schema's `pattern`.
    pub(super) pattern: Option<&'static str>,
}

/// Table entries read as the spec states a field: `Field::new("id", Shape::Text).required()`.
#[allow(dead_code, reason = "a spec's fields use only some of these")]
impl Field {
    /// An optional field the caller may send, with no example or default.
    pub(super) const fn new(name: &'static str, shape: Shape) -> Self {
        Field {
            name,
            shape,
            required: false,
            nullable: false,
            read_only: false,
            example: None,
            default: None,
            minimum: None,
            maximum: None,
            pattern: None,
        }
    }

    pub(super) const fn required(self) -> Self {
        Field {
            required: true,
            ..self
        }
    }

    pub(super) const fn nullable(self) -> Self {
        Field {
            nullable: true,
            ..self
        }
    }

    pub(super) const fn at_least(self, minimum: f64) -> Self {
        Field {
            minimum: Some(minimum),
            ..self
        }
    }

    pub(super) const fn at_most(self, maximum: f64) -> Self {
        Field {
            maximum: Some(maximum),
            ..self
        }
    }

    pub(super) const fn matching(self, pattern: &'static str) -> Self {
        Field {
            pattern: Some(pattern),
            ..self
        }
    }

    /// What the schema allows beyond the type: within the bounds, matching the pattern.
    pub(super) fn check_limits(&self, value: &Value, at: &str) -> Result<(), String> {
        if let Some(number) = value.as_f64() {
            if let Some(minimum) = self.minimum.filter(|minimum| number < *minimum) {
                return Err(format!("`{at}` must be at least {minimum}; it is {number}"));
            }
            if let Some(maximum) = self.maximum.filter(|maximum| number > *maximum) {
                return Err(format!("`{at}` must be at most {maximum}; it is {number}"));
            }
        }
        // The generator compiled the pattern already; one that fails here refuses nothing.
        if let (Some(pattern), Some(text)) = (self.pattern, value.as_str())
            && regex_lite::Regex::new(pattern).is_ok_and(|regex| !regex.is_match(text))
        {
            return Err(format!("`{at}` must match `{pattern}`; it is {text:?}"));
        }
        Ok(())
    }

    pub(super) const fn read_only(self) -> Self {
        Field {
            read_only: true,
            ..self
        }
    }

    pub(super) const fn with_example(self, json: &'static str) -> Self {
        Field {
            example: Some(json),
            ..self
        }
    }

    pub(super) const fn with_default(self, json: &'static str) -> Self {
        Field {
            default: Some(json),
            ..self
        }
    }
}

#[derive(Debug)]
pub(super) struct Operation {
    pub(super) id: &'static str,
    pub(super) method: &'static str,
    pub(super) route: &'static str,
    pub(super) params: &'static [Param],
    pub(super) body: Option<Body>,
    /// The success status.
    pub(super) status: u16,
    pub(super) output: Option<Shape>,
    pub(super) act: Act,
    /// The resource whose item this operation's path is under: it must exist.
    pub(super) within: Option<Within>,
    pub(super) requires: Option<Requirement>,
    /// Where an item holds the id of the user it belongs to, for an operation that acts for the
    /// calling user (`x-fake.owner`): it needs a user's token and sees only that user's items.
    pub(super) owner: Option<&'static str>,
    /// How a polled result's rows follow from the query that started the work (`x-fake.rows`).
    pub(super) rows: Option<Rows>,
}

/// Table entries read as the spec states an operation, then what the fake does with it:
/// `Operation::new("getThing", "GET", "/things/{thingId}", 200).params(...).act(...)`.
#[allow(dead_code, reason = "a spec's operations use only some of these")]
impl Operation {
    /// An operation that takes no parameters and no body, answers nothing and acts as an
    /// example.
    pub(super) const fn new(
        id: &'static str,
        method: &'static str,
        route: &'static str,
        status: u16,
    ) -> Self {
        Operation {
            id,
            method,
            route,
            params: &[],
            body: None,
            status,
            output: None,
            act: Act::Example,
            within: None,
            requires: None,
            owner: None,
            rows: None,
        }
    }

    pub(super) const fn params(self, params: &'static [Param]) -> Self {
        Operation { params, ..self }
    }

    /// A body the request must have.
    pub(super) const fn body(self, shape: Shape) -> Self {
        let body = Some(Body {
            shape,
            required: true,
        });
        Operation { body, ..self }
    }

    /// A body the request may have.
    pub(super) const fn optional_body(self, shape: Shape) -> Self {
        let body = Some(Body {
            shape,
            required: false,
        });
        Operation { body, ..self }
    }

    pub(super) const fn output(self, shape: Shape) -> Self {
        Operation {
            output: Some(shape),
            ..self
        }
    }

    pub(super) const fn act(self, act: Act) -> Self {
        Operation { act, ..self }
    }

    /// The operation's path is under the item of `resource` that its parameter `param` names.
    pub(super) const fn within(self, resource: usize, param: &'static str) -> Self {
        let within = Some(Within { resource, param });
        Operation { within, ..self }
    }

    pub(super) const fn requires(self, requirement: Requirement) -> Self {
        Operation {
            requires: Some(requirement),
            ..self
        }
    }

    pub(super) const fn owner(self, pointer: &'static str) -> Self {
        Operation {
            owner: Some(pointer),
            ..self
        }
    }

    pub(super) const fn rows(self, rows: Rows) -> Self {
        Operation {
            rows: Some(rows),
            ..self
        }
    }
}

/// The rows of a polled result, built from the starting request's body: one per bucket of its
/// interval, with the metrics and the group-by fields it names.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec may declare no rows")]
pub(super) struct Rows {
    /// The result's field that holds the rows.
    pub(super) at: &'static str,
    /// Pointers into the starting body.
    pub(super) interval: &'static str,
    pub(super) granularity: Option<&'static str>,
    /// The row field that gets the bucket's start.
    pub(super) date: Option<&'static str>,
    pub(super) metrics: Pick,
    pub(super) group_by: Pick,
}

/// Values the query names (at `from` in its body), and the row field each one fills.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec may declare no rows")]
pub(super) struct Pick {
    pub(super) from: &'static str,
    pub(super) fields: &'static [(&'static str, &'static str)],
}

#[derive(Debug)]
pub(super) struct Param {
    pub(super) name: &'static str,
    pub(super) place: Place,
    pub(super) shape: Shape,
    pub(super) required: bool,
}

/// Table entries read as the spec states a parameter: `Param::query("days", Shape::Int32)`.
#[allow(dead_code, reason = "a spec's parameters use only some of these")]
impl Param {
    pub(super) const fn path(name: &'static str, shape: Shape) -> Self {
        Param {
            name,
            place: Place::Path,
            shape,
            required: true,
        }
    }

    pub(super) const fn query(name: &'static str, shape: Shape) -> Self {
        Param {
            name,
            place: Place::Query,
            shape,
            required: false,
        }
    }

    pub(super) const fn header(name: &'static str, shape: Shape) -> Self {
        Param {
            name,
            place: Place::Header,
            shape,
            required: false,
        }
    }

    pub(super) const fn required(self) -> Self {
        Param {
            required: true,
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "a spec may have no parameters in some place")]
pub(super) enum Place {
    Path,
    Query,
    Header,
}

#[derive(Debug)]
#[allow(dead_code, reason = "a spec may have no request bodies")]
pub(super) struct Body {
    pub(super) shape: Shape,
    pub(super) required: bool,
}

/// What an operation does.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec's operations use only some of the acts")]
pub(super) enum Act {
    /// Answers an example of its output.
    Example,
    /// Lists a resource's items in `entities` (or as a bare array when it is empty), projected
    /// on the model `item`.
    List {
        resource: usize,
        entities: &'static str,
        item: usize,
        paged: bool,
    },
    Create(usize),
    Read(usize),
    Replace(usize),
    /// Changes the fields the body has (PATCH).
    Update(usize),
    Delete(usize),
    /// Regenerates server-owned fields of an item (`x-fake.renew`) and answers it.
    Renew {
        resource: usize,
        fields: &'static [&'static str],
    },
    /// Starts an execution the operation `poll` answers: response fields bound to its
    /// parameters (`bind`), request parameters carried to its parameters (`carry`).
    Start {
        poll: usize,
        bind: &'static [(&'static str, &'static str)],
        carry: &'static [(&'static str, &'static str)],
    },
    /// Answers an execution's status: pending, then `done`.
    Poll {
        status: &'static str,
        pending: &'static [&'static str],
        done: &'static str,
    },
}

#[derive(Debug)]
#[allow(dead_code, reason = "a spec may have no operations under an item")]
pub(super) struct Within {
    pub(super) resource: usize,
    pub(super) param: &'static str,
}

/// `x-fake.requires`: the item's field must have this value, or the call is refused.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec may declare no requirements")]
pub(super) struct Requirement {
    pub(super) field: &'static str,
    pub(super) value: &'static str,
    pub(super) status: u16,
    pub(super) code: &'static str,
    pub(super) message: &'static str,
}

/// Items kept in memory, at `item_route`, found by the string at `key`.
#[derive(Debug)]
#[allow(dead_code, reason = "a spec may have no resources")]
pub(super) struct Resource {
    pub(super) model: usize,
    pub(super) item_route: &'static str,
    pub(super) param: &'static str,
    pub(super) key: &'static [&'static str],
    /// The path parameters of the parent an item belongs to (`userId` in
    /// `/users/{userId}/addresses/{addressId}`): items are kept apart by them.
    pub(super) scope: &'static [&'static str],
    /// The model of its create and replace bodies: the fields the caller owns. The item's other
    /// fields are the server's.
    pub(super) body_model: Option<usize>,
}
