//! A stand-in for the tables a generated crate's `testing/tables.rs` holds (the generator writes
//! them from the spec; this file is not copied): a small API of "things", enough for the engine
//! to compile here and for its unit tests (`testing_tests.rs`) to serve.

use super::schema::{Act, Field, Model, Operation, Param, Requirement, Resource, Shape};

/// Positions in `MODELS`.
pub(super) mod model {
    pub(crate) const THING: usize = 0;
    pub(crate) const THING_REQUEST: usize = 1;
    pub(crate) const THING_LISTING: usize = 2;
    pub(crate) const STATUS: usize = 3;
}

const MODEL_THING: Model = Model {
    name: "Thing",
    fields: &[
        Field::new("id", Shape::Text).required().read_only(),
        Field::new("name", Shape::Text).required(),
        Field::new("secret", Shape::Secret),
        Field::new("state", Shape::OneOf(&["active", "inactive"])).with_default("\"active\""),
        Field::new("size", Shape::Int32).at_least(1.0).at_most(10.0),
        Field::new("selfUri", Shape::Text).read_only(),
    ],
    example: None,
};

const MODEL_THING_REQUEST: Model = Model {
    name: "ThingRequest",
    fields: &[
        Field::new("name", Shape::Text).required(),
        Field::new("secret", Shape::Secret),
        Field::new("state", Shape::OneOf(&["active", "inactive"])),
        Field::new("size", Shape::Int32).at_least(1.0).at_most(10.0),
    ],
    example: None,
};

const MODEL_THING_LISTING: Model = Model {
    name: "ThingListing",
    fields: &[
        Field::new("entities", Shape::List(&Shape::Model(model::THING))),
        Field::new("pageSize", Shape::Int32),
        Field::new("pageNumber", Shape::Int32),
        Field::new("total", Shape::Int64),
    ],
    example: None,
};

const MODEL_STATUS: Model = Model {
    name: "Status",
    fields: &[
        Field::new("healthy", Shape::Bool)
            .required()
            .with_example("true"),
        Field::new("version", Shape::Text),
    ],
    example: None,
};

pub(super) static MODELS: &[Model] = &[
    MODEL_THING,
    MODEL_THING_REQUEST,
    MODEL_THING_LISTING,
    MODEL_STATUS,
];

/// Positions in `OPERATIONS`.
pub(super) mod operation {
    pub(crate) const GET_STATUS: usize = 4;
}

const THING_PARAM: &[Param] = &[Param::path("thingId", Shape::Text)];

const OPERATION_POST_THINGS: Operation =
    Operation::new("postThings", "POST", "/api/v2/things", 200)
        .body(Shape::Model(model::THING_REQUEST))
        .output(Shape::Model(model::THING))
        .act(Act::Create(resource::THINGS));

const OPERATION_GET_THINGS: Operation = Operation::new("getThings", "GET", "/api/v2/things", 200)
    .params(&[
        Param::query("pageSize", Shape::Int32),
        Param::query("pageNumber", Shape::Int32),
    ])
    .output(Shape::Model(model::THING_LISTING))
    .act(Act::List {
        resource: resource::THINGS,
        entities: "entities",
        item: model::THING,
        paged: true,
    });

const OPERATION_GET_THING: Operation =
    Operation::new("getThing", "GET", "/api/v2/things/{thingId}", 200)
        .params(THING_PARAM)
        .output(Shape::Model(model::THING))
        .act(Act::Read(resource::THINGS))
        .within(resource::THINGS, "thingId");

const OPERATION_DELETE_THING: Operation =
    Operation::new("deleteThing", "DELETE", "/api/v2/things/{thingId}", 204)
        .params(THING_PARAM)
        .act(Act::Delete(resource::THINGS))
        .within(resource::THINGS, "thingId")
        .requires(Requirement {
            field: "state",
            value: "inactive",
            status: 400,
            code: "cannot.delete.thing",
            message: "The thing must be inactive before it can be deleted.",
        });

const OPERATION_GET_STATUS: Operation = Operation::new("getStatus", "GET", "/api/v2/status", 200)
    .params(&[Param::header("X-Trace", Shape::Text)])
    .output(Shape::Model(model::STATUS));

pub(super) static OPERATIONS: &[Operation] = &[
    OPERATION_POST_THINGS,
    OPERATION_GET_THINGS,
    OPERATION_GET_THING,
    OPERATION_DELETE_THING,
    OPERATION_GET_STATUS,
];

/// Positions in `RESOURCES`.
pub(super) mod resource {
    pub(crate) const THINGS: usize = 0;
}

const RESOURCE_THINGS: Resource = Resource {
    model: model::THING,
    item_route: "/api/v2/things/{thingId}",
    param: "thingId",
    key: &["id"],
    scope: &[],
    body_model: Some(model::THING_REQUEST),
};

pub(super) static RESOURCES: &[Resource] = &[RESOURCE_THINGS];
