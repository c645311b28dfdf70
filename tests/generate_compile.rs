//! Compiles every module snapshot of `tests/generate/` (see `tests/generate_snapshots.rs`)
//! with warnings denied, and uses a few generated items for real: builders and their
//! violations, enum decoding, recursive types, unions and shared types.
//!
//! The snapshots are not listed here: `build.rs` lists the folder into
//! `OUT_DIR/tests/generate_snapshots.rs`, an `include!` of each `.rs` file and `SNAPSHOTS`.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/tests/generate_snapshots.rs"));

use hwcloud::validation::{Validate, ValidationError, Violations};
use serde_json::json;

fn messages(error: &ValidationError) -> Vec<String> {
    error.violations.iter().map(|v| v.to_string()).collect()
}

/// Every violation of a generated type validated at the root.
fn violations_of(value: &impl Validate) -> Vec<String> {
    let mut out = Violations::new();
    value.validate_at("", &mut out);
    match out.into_result() {
        Ok(()) => Vec::new(),
        Err(e) => messages(&e),
    }
}

/// The `.rs` files under `tests/generate/`, relative to it, sorted.
fn snapshot_files() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("generate");
    let mut out = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("list the snapshot folder") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).expect("under the folder");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_module_snapshot_is_compiled() {
    assert_eq!(SNAPSHOTS, snapshot_files());
}

fn valid_attach() -> parameters::AttachVolumeRequestBuilder {
    parameters::AttachVolumeRequest::builder()
        .server_id("srv-01")
        .slot(3)
        .dry_run(true)
        .x_retry_count(0)
}

#[test]
fn builder_accepts_valid_input() {
    let request = valid_attach()
        .limit(999)
        .step(1.5)
        .order(parameters::types::AttachVolumeOrder::Desc)
        .tag(vec!["a".into(), "b".into()])
        .x_client_token("12345678")
        .build()
        .expect("valid request");
    assert_eq!(request.server_id, "srv-01");
    assert_eq!(request.slot, 3);
    assert_eq!(request.limit, Some(999));
    assert_eq!(
        request.tag.as_deref(),
        Some(&["a".to_string(), "b".to_string()][..])
    );
    assert_eq!(request.body, None);
    assert!(request.validate().is_ok());
}

#[test]
fn builder_reports_every_broken_constraint() {
    let error = parameters::AttachVolumeRequest::builder()
        .server_id("x".repeat(37))
        .slot(17)
        .limit(1000)
        .step(0.75)
        .tag(vec![
            "same".into(),
            "same".into(),
            "way-too-long".into(),
            "d".into(),
        ])
        .dry_run(false)
        .x_client_token("short")
        .x_retry_count(-1)
        .body(parameters::types::AttachVolumeBody {
            device: Some("/dev/1".into()),
        })
        .build()
        .expect_err("invalid request");
    assert_eq!(
        messages(&error),
        [
            "path /server_id: 37 characters, at most 36 allowed (maxLength)",
            "path /slot: 17 is greater than the maximum 16 (maximum)",
            "query /limit: 1000 is not less than 1000 (exclusiveMaximum)",
            "query /step: 0.75 is not a multiple of 0.5 (multipleOf)",
            "query /tag: 4 items, at most 3 allowed (maxItems)",
            "query /tag: items 0 and 1 are equal (uniqueItems)",
            "query /tag/2: 12 characters, at most 8 allowed (maxLength)",
            "header /X-Client-Token: 5 characters, at least 8 required (minLength)",
            "header /X-Retry-Count: -1 is less than the minimum 0 (minimum)",
            "body /device: \"/dev/1\" does not match the pattern `^/dev/[a-z]+$` (pattern)",
        ]
    );
}

#[test]
fn builder_reports_missing_required_parameters() {
    let error = parameters::AttachVolumeRequest::builder()
        .slot(1)
        .x_retry_count(0)
        .build()
        .expect_err("missing parameters");
    assert_eq!(
        messages(&error),
        [
            "path /server_id: required parameter `server_id` is not set (required)",
            "query /dry_run: required parameter `dry_run` is not set (required)",
        ]
    );
    let error = objects::CreateThingRequest::builder()
        .build()
        .expect_err("missing body");
    assert_eq!(
        messages(&error),
        ["body (root): the request body is not set (required)"]
    );
}

/// The builder promises "every missing or invalid value at once", but when a required value
/// is missing it returns before checking the values that were set.
#[test]
fn builder_reports_missing_and_invalid_values_together() {
    let error = parameters::AttachVolumeRequest::builder()
        .server_id("x".repeat(37))
        .slot(1)
        .x_retry_count(0)
        .build()
        .expect_err("invalid request");
    assert_eq!(
        messages(&error),
        [
            "query /dry_run: required parameter `dry_run` is not set (required)",
            "path /server_id: 37 characters, at most 36 allowed (maxLength)",
        ]
    );
}

#[test]
fn unknown_enum_values_and_fields_are_kept_or_ignored() {
    use enums::types::{Color, Level, Priority, Settings, SettingsMode};
    let settings: Settings = serde_json::from_value(json!({
        "color": "purple",
        "level": 5,
        "priority": 7,
        "mode": "fast",
        "not_in_the_document": {"any": "thing"},
    }))
    .expect("decodes");
    assert_eq!(settings.color, Some(Color::Unknown("purple".into())));
    assert_eq!(settings.level, Some(Level::High));
    assert_eq!(settings.priority, Some(Priority::Unknown(7)));
    assert_eq!(settings.mode, Some(SettingsMode::Fast));
    // Unknown values survive a round trip and are refused when sent.
    assert_eq!(
        serde_json::to_value(&settings).expect("encodes"),
        json!({"color": "purple", "level": 5, "priority": 7, "mode": "fast"})
    );
    assert_eq!(
        violations_of(&settings),
        [
            "body /color: \"purple\" is not one of \"red\", \"dark-green\", \"LIGHT_BLUE\", \"self\", \"+1\", \"-1\" (enum)",
            "body /priority: 7 is not one of -1, 0, 2 (enum)",
        ]
    );
    let decoded: Color = serde_json::from_value(json!("dark-green")).expect("decodes");
    assert_eq!(decoded, Color::DarkGreen);
    assert_eq!(Color::Self_.as_str(), "self");
    assert_eq!(Color::Minus1.to_string(), "-1");
}

#[test]
fn integer_enums_are_numbers_on_the_wire() {
    use enums::types::{Level, Priority};
    assert_eq!(serde_json::to_string(&Level::Low).expect("encodes"), "1");
    assert_eq!(
        serde_json::to_string(&Priority::Minus1).expect("encodes"),
        "-1"
    );
    let level: Level = serde_json::from_str("5").expect("decodes");
    assert_eq!(level, Level::High);
    assert_eq!(level.value(), 5);
    let priority: Priority = serde_json::from_str("-1").expect("decodes");
    assert_eq!(priority, Priority::Minus1);
    assert!(serde_json::from_str::<Level>("\"5\"").is_err());
}

#[test]
fn recursive_types_round_trip_and_validate_deeply() {
    use recursive::types::{ListNode, TreeNode};
    let list = json!({"value": 1, "next": {"value": 2, "next": {"value": 101}}});
    let node: ListNode = serde_json::from_value(list.clone()).expect("decodes");
    let second = node.next.as_deref().expect("second node");
    assert_eq!(second.value, 2);
    assert_eq!(second.next.as_deref().map(|n| n.value), Some(101));
    assert_eq!(serde_json::to_value(&node).expect("encodes"), list);
    assert_eq!(
        violations_of(&node),
        ["body /next/next/value: 101 is greater than the maximum 100 (maximum)"]
    );

    let tree = json!({
        "name": "root",
        "children": [{"name": "a"}, {"name": "b", "children": [{"name": "much-too-long"}]}],
    });
    let root: TreeNode = serde_json::from_value(tree.clone()).expect("decodes");
    let children = root.children.as_ref().expect("children");
    assert_eq!(children.len(), 2);
    assert_eq!(
        children[1].children.as_ref().map(|c| c[0].name.as_str()),
        Some("much-too-long")
    );
    assert_eq!(serde_json::to_value(&root).expect("encodes"), tree);
    assert_eq!(
        violations_of(&root),
        ["body /children/1/children/0/name: 13 characters, at most 10 allowed (maxLength)"]
    );
}

#[test]
fn a_mapping_by_bare_name_selects_that_schema() {
    use compositions::types::{BoatSail, Rowboat, Vessel};
    // Both shapes fit both values, and the first fit is `Rowboat`: only the mapping (`sail`
    // names `Boat~Sail`, whose reference is escaped as `Boat~0Sail`) picks `BoatSail`.
    let sail: Vessel =
        serde_json::from_value(json!({"type": "sail", "masts": 2})).expect("decodes");
    assert!(
        matches!(sail, Vessel::BoatSail(BoatSail { masts: Some(2), .. })),
        "{sail:?}"
    );
    let row: Vessel = serde_json::from_value(json!({"type": "row", "oars": 2})).expect("decodes");
    assert!(
        matches!(row, Vessel::Rowboat(Rowboat { oars: Some(2), .. })),
        "{row:?}"
    );
}

#[test]
fn a_discriminator_picks_the_variant_its_property_names() {
    use compositions::types::{Cat, Dog, Pet};
    // Both shapes would fit either value: the tag decides, through the mapping (`cat`) or
    // the schema name (`Dog`).
    let dog: Pet = serde_json::from_value(json!({"kind": "Dog", "name": "Rex"})).expect("decodes");
    assert!(
        matches!(&dog, Pet::Dog(Dog { name: Some(n), .. }) if n == "Rex"),
        "{dog:?}"
    );
    let cat: Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).expect("decodes");
    assert!(
        matches!(cat, Pet::Cat(Cat { lives: Some(9), .. })),
        "{cat:?}"
    );
    // The mapping replaces the schema name of the schemas it names.
    let other: Pet = serde_json::from_value(json!({"kind": "Cat", "good": true})).expect("decodes");
    assert!(
        matches!(other, Pet::Cat(_)),
        "an unknown tag falls back to the first fit"
    );
    // A tagged value that does not fit its variant is an error naming the tag.
    let error = serde_json::from_value::<Pet>(json!({"kind": "Dog", "good": "yes"}))
        .expect_err("`good` is no boolean");
    assert!(
        error
            .to_string()
            .starts_with("`kind` is `Dog`, but the value is no `Dog`: invalid type"),
        "{error}"
    );
    // Encoding writes the variant as it is (its own `kind` included).
    assert_eq!(
        serde_json::to_value(&dog).expect("encodes"),
        json!({"kind": "Dog", "name": "Rex"})
    );
}

#[test]
fn untagged_unions_decode_as_the_first_fitting_variant() {
    use compositions::types::{Circle, IdOrName, IdOrNameVariant3, Shape, Square};
    let square: Shape = serde_json::from_value(json!({"side": 2})).expect("decodes");
    assert_eq!(square, Shape::Square(Square { side: 2 }));
    let circle: Shape = serde_json::from_value(json!({"radius": 0.5})).expect("decodes");
    assert_eq!(circle, Shape::Circle(Circle { radius: 0.5 }));
    assert_eq!(
        serde_json::to_value(&square).expect("encodes"),
        json!({"side": 2})
    );
    assert!(serde_json::from_value::<Shape>(json!({"edge": 1})).is_err());
    assert_eq!(
        violations_of(&Shape::Circle(Circle { radius: 0.0 })),
        ["body /radius: 0 is not greater than 0 (exclusiveMinimum)"]
    );

    let cases = [
        (json!(7), IdOrName::Integer(7)),
        (json!("seven"), IdOrName::String("seven".into())),
        (
            json!(["a", "b"]),
            IdOrName::StringList(vec!["a".into(), "b".into()]),
        ),
        (
            json!({"nickname": "sev"}),
            IdOrName::IdOrNameVariant3(IdOrNameVariant3 {
                nickname: Some("sev".into()),
            }),
        ),
    ];
    for (value, expected) in cases {
        let decoded: IdOrName = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(decoded, expected);
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
    }
}

/// An `allOf` with properties of its own beside the member: the generated validator and the
/// generator's evaluator (which examples and the mock use) list the same violations in the
/// same order, the member's first.
#[test]
fn all_of_and_own_properties_are_reported_in_one_order_by_both_sides() {
    use compositions::types::Tagged;
    use hwcloud_codegen::instance::Evaluator;
    use hwcloud_codegen::load::DocSet;
    let sent = json!({"id": "much-too-long", "tag": "xyz"});
    let tagged: Tagged = serde_json::from_value(sent.clone()).expect("decodes");
    let client = violations_of(&tagged);
    assert_eq!(
        client,
        [
            "body /id: 13 characters, at most 6 allowed (maxLength)",
            "body /tag: 3 characters, at most 2 allowed (maxLength)",
        ]
    );
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generate/compositions.yaml");
    let docs = DocSet::load(&[path]).expect("compositions.yaml");
    let schema = docs
        .resolve(docs.entries[0], "#/components/schemas/Tagged")
        .expect("Tagged");
    let judged: Vec<String> = Evaluator::new(&docs)
        .validate(schema.file, schema.node, &sent)
        .iter()
        .map(|v| format!("body {v}"))
        .collect();
    assert_eq!(judged, client);
}

#[test]
fn all_of_members_are_merged() {
    use compositions::types::Labelled;
    let labelled: Labelled =
        serde_json::from_value(json!({"id": "abcd", "created": "now", "label": "x"}))
            .expect("decodes");
    assert_eq!(labelled.created.as_deref(), Some("now"));
    assert_eq!(
        violations_of(&labelled),
        [
            "body /id: 4 characters, at most 3 allowed (maxLength)",
            "body /label: 1 characters, at least 2 required (minLength)",
        ]
    );
    // `id` is defined by both members: the earlier one's minLength still applies.
    let short = Labelled {
        id: "a".into(),
        ..labelled
    };
    assert_eq!(
        violations_of(&short),
        [
            "body /id: 1 characters, at least 2 required (minLength)",
            "body /label: 1 characters, at least 2 required (minLength)",
        ]
    );
}

#[test]
fn an_all_of_of_values_is_that_value_checked_by_every_member() {
    use compositions::types::{Labelled, Tone};
    let labelled: Labelled =
        serde_json::from_value(json!({"id": "ab", "label": "xy", "code": "abcd", "tone": null}))
            .expect("decodes");
    assert_eq!(labelled.code.as_deref(), Some("abcd"));
    assert_eq!(labelled.tone, None);
    assert_eq!(
        violations_of(&labelled),
        ["body /code: 4 characters, at most 3 allowed (maxLength)"]
    );
    let upper = Labelled {
        code: Some("AB".into()),
        tone: Some(Tone::Warm),
        ..labelled
    };
    assert_eq!(
        violations_of(&upper),
        [r#"body /code: "AB" does not match the pattern `^[a-z]+$` (pattern)"#]
    );
    assert_eq!(
        serde_json::to_value(&upper).expect("encodes")["tone"],
        json!("warm")
    );
}

#[test]
fn awkward_names_keep_their_wire_names() {
    use awkward_names::types::{FooBar, FooBar2, Holder, HolderMeta2};
    let wire = json!({
        "type": "t", "self": "s", "fn": 1, "1st": true, "a-b": "dash", "A B": "space",
        "a_b": "underscore", "meta": {"inline": true}, "string": "abcd",
        "foo": {"a": "from foo_bar"}, "foo2": {"b": 2},
    });
    let holder: Holder = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(holder.r#type, "t");
    assert_eq!(holder.self_.as_deref(), Some("s"));
    assert_eq!(holder.r#fn, Some(1));
    assert_eq!(holder._1st, Some(true));
    assert_eq!(holder.a_b.as_deref(), Some("dash"));
    assert_eq!(holder.a_b2.as_deref(), Some("space"));
    assert_eq!(holder.a_b3.as_deref(), Some("underscore"));
    assert_eq!(holder.meta, Some(HolderMeta2 { inline: Some(true) }));
    assert_eq!(
        holder.foo,
        Some(FooBar2 {
            a: Some("from foo_bar".into())
        })
    );
    assert_eq!(holder.foo2, Some(FooBar { b: Some(2) }));
    assert_eq!(serde_json::to_value(&holder).expect("encodes"), wire);
    // `String` is an alias with `maxLength: 3`, checked where it is used.
    assert_eq!(
        violations_of(&holder),
        ["body /string: 4 characters, at most 3 allowed (maxLength)"]
    );
}

#[test]
fn a_parameter_named_out_is_checked_like_any_other() {
    use awkward_names::{types::Holder, MatchRequest};
    let holder: Holder = serde_json::from_value(json!({"type": "t"})).expect("decodes");
    let too_long = MatchRequest::builder()
        .out("four")
        .out2("two")
        .body(holder.clone())
        .build()
        .expect_err("both parameters are too long");
    assert_eq!(
        messages(&too_long),
        [
            "query /out: 4 characters, at most 3 allowed (maxLength)",
            "query /out_: 3 characters, at most 2 allowed (maxLength)",
        ]
    );
    let request = MatchRequest::builder()
        .out("one")
        .out2("tw")
        .body(holder)
        .build()
        .expect("valid request");
    assert_eq!(request.out.as_deref(), Some("one"));
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn maps_and_additional_properties() {
    use objects::types::{Open, Thing};
    let open: Open = serde_json::from_value(json!({"kind": "k", "x": 1, "y": 2})).expect("decodes");
    assert_eq!(open.kind.as_deref(), Some("k"));
    assert_eq!(
        open.additional_properties.into_iter().collect::<Vec<_>>(),
        [("x".to_string(), 1), ("y".to_string(), 2)]
    );
    let thing: Thing = serde_json::from_value(json!({
        "id": 0, "name": "", "tags": [], "maybe_required": null,
        "labels": {"k": "toolong"}, "extra": {"any": [1, "two"]},
    }))
    .expect("decodes");
    assert_eq!(thing.maybe_required, None);
    assert_eq!(
        thing.extra.as_ref().map(|e| e["any"].clone()),
        Some(json!([1, "two"]))
    );
    assert_eq!(
        violations_of(&thing),
        [
            "body /id: 0 is less than the minimum 1 (minimum)",
            "body /name: 0 characters, at least 1 required (minLength)",
            "body /labels/k: 7 characters, at most 5 allowed (maxLength)",
        ]
    );
    // A required nullable field is sent as `null`.
    let encoded = serde_json::to_value(&thing).expect("encodes");
    assert_eq!(encoded["maybe_required"], json!(null));
    assert!(encoded.get("maybe_optional").is_none());
}

#[test]
fn inline_schemas_defined_alike_share_one_type() {
    use shared::types::{
        ListReposOkBodyItem, ListReposOkBodyItemPermission, ListTeamsOkBody,
        ListTeamsOkBodyPermission, ListTeamsOkBodyRepo, PublicOrPrivate, Visibility,
    };
    let body: ListTeamsOkBody = serde_json::from_value(json!({
        "permission": "write",
        "repo": {"name": "hwcloud", "permission": "read", "visibility": "private", "owner": {"login": "ana"}}
    }))
    .expect("decodes");
    // The aliases are the types they name: values move between them without conversion.
    let permission: ListTeamsOkBodyPermission = ListReposOkBodyItemPermission::Write;
    assert_eq!(body.permission, Some(permission));
    let repo: Option<ListReposOkBodyItem> = body.repo;
    let repo: ListTeamsOkBodyRepo = repo.expect("repo");
    assert_eq!(repo.visibility, Some(PublicOrPrivate::Private));
    assert_eq!(repo.owner.and_then(|o| o.login).as_deref(), Some("ana"));
    // Components defined alike stay two types.
    assert_eq!(Visibility::VALUES, PublicOrPrivate::VALUES);
    assert_ne!(
        std::any::TypeId::of::<Visibility>(),
        std::any::TypeId::of::<PublicOrPrivate>()
    );
}

#[test]
fn openapi_31_schemas_decode_and_validate_like_3_0_ones() {
    use openapi31::types::{Adoption, Pet};
    let sent = json!({
        "pet": {"kind": "Cat", "name": "Tom"},
        "age": 3,
        "nickname": null,
        "location": [52.5, 13.4],
        "chip": null,
    });
    let adoption: Adoption = serde_json::from_value(sent).expect("decodes");
    assert!(matches!(adoption.pet, Pet::Cat(_)));
    // `type: [string, "null"]` and `anyOf: [Chip, {type: null}]` are both `Option`s.
    assert_eq!(adoption.nickname, None);
    assert_eq!(adoption.chip, None);
    // `prefixItems` of a fixed length is a tuple, and goes back as a JSON array.
    assert_eq!(adoption.location, (52.5, 13.4));
    assert_eq!(
        serde_json::to_value(&adoption).expect("encodes")["location"],
        json!([52.5, 13.4])
    );
    assert!(violations_of(&adoption).is_empty());

    let broken: Adoption = serde_json::from_value(json!({
        "pet": {"kind": "Dog", "name": "Rex"},
        "age": 40,
        "nickname": "Much too long a name",
        "location": [91.0, -181.0],
        "motto": "A very good boy, who never bites anyone",
        "chip": {"code": "12"},
    }))
    .expect("decodes");
    assert_eq!(
        violations_of(&broken),
        [
            "body /age: 40 is not less than 40 (exclusiveMaximum)",
            "body /nickname: 20 characters, at most 12 allowed (maxLength)",
            "body /location/0: 91 is greater than the maximum 90 (maximum)",
            "body /location/1: -181 is less than the minimum -180 (minimum)",
            "body /motto: 39 characters, at most 30 allowed (maxLength)",
            "body /chip/code: \"12\" does not match the pattern `^[0-9]{15}$` (pattern)",
            "body (root): property `shelter` is required when `chip` is present (dependentRequired)",
        ]
    );
}

#[test]
fn a_webhook_payload_decodes_by_the_webhook_name() {
    use openapi31::types::Pet;
    use openapi31::webhooks::Webhook;
    let body = br#"{"pet": {"kind": "Dog", "name": "Rex", "tricks": ["sit"]}, "adopted_at": "2026-12-03T08:00:00Z"}"#;
    let Webhook::PetAdopted(event) = Webhook::decode("petAdopted", body).expect("decodes") else {
        panic!("decoded as another webhook");
    };
    let Pet::Dog(dog) = &event.pet else {
        panic!("the pet is a dog");
    };
    assert_eq!(dog.tricks.as_deref(), Some(&["sit".to_string()][..]));
    assert_eq!(event.adopted_at, "2026-12-03T08:00:00Z");
    assert_eq!(Webhook::NAMES, ["petAdopted", "petReturned"]);

    let unknown = Webhook::decode("petLost", b"{}").expect_err("no such webhook");
    assert_eq!(
        unknown.to_string(),
        "no webhook is called `petLost`; the document has: petAdopted, petReturned"
    );
    let broken = Webhook::decode("petReturned", b"{\"kind\": \"Cat\"}").expect_err("no name");
    assert!(
        broken
            .to_string()
            .starts_with("the body is not a payload of webhook `petReturned`"),
        "{broken}"
    );
}

#[test]
fn union_members_keep_their_constraints_and_a_nullable_union_is_optional() {
    use compositions::types::{IdOrName, Tag};
    let tag: Tag = serde_json::from_value(json!({"id": 0, "pet": null})).expect("decodes");
    assert_eq!(tag.pet, None);
    assert_eq!(
        violations_of(&tag),
        ["body /id: 0 is less than the minimum 1 (minimum)"]
    );
    let tag = Tag {
        id: IdOrName::StringList(vec!["a".into(); 4]),
        pet: None,
    };
    assert_eq!(
        violations_of(&tag),
        ["body /id: 4 items, at most 3 allowed (maxItems)"]
    );
    assert_eq!(
        serde_json::to_value(&tag).expect("encodes"),
        json!({"id": ["a", "a", "a", "a"], "pet": null})
    );
}
