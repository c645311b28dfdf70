//! Clients generated from documents FastAPI made (`tests/fixtures/fastapi/`: each app, the
//! JSON its `app.openapi()` gave, and the Rust generated from it, checked in side by side so
//! a reviewer sees the whole chain). pydantic's `Field(...)` constraints are enforced by the
//! generated validators, its `Decimal`, `Optional`, `Literal` unions and tuples decode and
//! encode as FastAPI sends them, a webhook payload decodes by its name, and a client
//! authenticates with the document's own schemes against `hwcloud-mock` serving the document.
#![deny(warnings)]

mod snapshot;

use std::path::PathBuf;

use hwcloud::validation::{Validate, Violations};
use hwcloud_codegen::{generate_with, Options};
use serde_json::json;

#[allow(deprecated, dead_code)]
mod inventory {
    include!("fixtures/fastapi/inventory.rs");
}
#[allow(deprecated, dead_code)]
mod pets {
    include!("fixtures/fastapi/pets.rs");
}
#[allow(deprecated, dead_code)]
mod secured {
    include!("fixtures/fastapi/secured.rs");
}
#[allow(deprecated, dead_code)]
mod webhooks_only {
    include!("fixtures/fastapi/webhooks_only.rs");
}

const MODULES: [&str; 4] = ["inventory", "pets", "secured", "webhooks_only"];

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("fastapi")
}

fn violations_of(value: &impl Validate) -> Vec<String> {
    let mut out = Violations::new();
    value.validate_at("", &mut out);
    match out.into_result() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(|v| v.to_string()).collect(),
    }
}

/// `hwcloud-mock` serving the FastAPI document `name` (`pets.json`).
async fn mock_of(name: &str) -> hwcloud_mock::MockServer {
    hwcloud_mock::MockServer::builder()
        .documents(vec![folder().join(name)])
        .start()
        .await
        .expect("the mock serves the document")
}

/// A configuration for calls to `mock` that sends no credentials.
fn anonymous(mock: &hwcloud_mock::MockServer) -> hwcloud::config::Config {
    hwcloud::config::Config::builder()
        .endpoint(&mock.url())
        .without_proxy()
        .without_credentials()
        .build()
        .expect("a valid configuration")
}

/// The checked-in Rust is what the generator makes of the checked-in JSON today
/// (`EXPECTORATE=overwrite` rewrites it).
#[test]
fn the_generated_modules_are_fresh() {
    snapshot::assert_files(MODULES.iter().map(|module| {
        let document = folder().join(format!("{module}.json"));
        let options = Options {
            regenerate: Some("EXPECTORATE=overwrite cargo test --test fastapi".into()),
            ..Options::default()
        };
        let generation =
            generate_with(std::slice::from_ref(&document), &options).expect("generates");
        assert_eq!(generation.report.errors(), 0, "{module}: errors");
        let content = generation
            .files
            .into_iter()
            .find(|(name, _)| *name == format!("{module}.rs"))
            .map(|(_, content)| content)
            .expect("the module");
        (folder().join(format!("{module}.rs")), content)
    }));
}

#[test]
fn pydantic_field_constraints_are_enforced_before_sending() {
    use inventory::types::{ItemCreate, ItemCreateDiscount, ItemCreatePrice};
    use inventory::CreateItemItemsPostRequest;
    let item: ItemCreate = serde_json::from_value(json!({
        "sku": "tsh-42",
        "name": "",
        "price": 0,
        "discount": 1.5,
        "quantity": -1,
        "weight_kg": 0.005,
        "tags": ["a-tag-much-longer-than-twenty"],
        "attributes": {"fabric": "cotton", "care_instructions_for_wash": "30"},
        "supplier_id": null,
    }))
    .expect("decodes");
    assert_eq!(item.price, ItemCreatePrice::Number(0.into()));
    assert_eq!(
        item.discount,
        Some(ItemCreateDiscount::Number("1.5".parse().expect("a number")))
    );
    let refused = CreateItemItemsPostRequest::builder()
        .body(item)
        .build()
        .expect_err("every field breaks its Field(...)");
    let messages: Vec<String> = refused.violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        messages,
        [
            "body /sku: \"tsh-42\" does not match the pattern `^[A-Z]{3}-[0-9]{4}$` (pattern)",
            "body /name: 0 characters, at least 1 required (minLength)",
            "body /price: 0 is not greater than 0 (exclusiveMinimum)",
            "body /discount: 1.5 is greater than the maximum 1 (maximum)",
            "body /quantity: -1 is less than the minimum 0 (minimum)",
            "body /weight_kg: 0.005 is not a multiple of 0.01 (multipleOf)",
            "body /tags/0: 29 characters, at most 20 allowed (maxLength)",
            "body /attributes: property name \"care_instructions_for_wash\": 26 characters, at most 24 allowed (propertyNames)",
        ]
    );
}

#[test]
fn query_and_path_constraints_are_enforced_too() {
    use inventory::{ListItemsItemsGetRequest, ShelfStockWarehousesCodeShelvesShelfGetRequest};
    let refused = ListItemsItemsGetRequest::builder()
        .q("x".into())
        .limit(500)
        .offset(-3)
        .build()
        .expect_err("Query(min_length=2), Query(le=100), Query(ge=0)");
    let messages: Vec<String> = refused.violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        messages,
        [
            "query /q: 1 characters, at least 2 required (minLength)",
            "query /limit: 500 is greater than the maximum 100 (maximum)",
            "query /offset: -3 is less than the minimum 0 (minimum)",
        ]
    );
    let refused = ShelfStockWarehousesCodeShelvesShelfGetRequest::builder()
        .code("berlin")
        .shelf(0)
        .build()
        .expect_err("Path(pattern=...), Path(gt=0)");
    let messages: Vec<String> = refused.violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        messages,
        [
            "path /code: 6 characters, at most 4 allowed (maxLength)",
            "path /code: \"berlin\" does not match the pattern `^[A-Z]{3}[0-9]$` (pattern)",
            "path /shelf: 0 is not greater than 0 (exclusiveMinimum)",
        ]
    );
}

#[test]
fn decimals_keep_the_form_and_digits_they_came_in() {
    use inventory::types::{Item, ItemCreatePrice};
    // FastAPI sends a Decimal as a string; it goes back out exactly as it came.
    let sent = json!({
        "id": "0b6f", "sku": "TSH-0042", "name": "T-shirt", "price": "19.990",
        "discount": null, "quantity": 3, "color": "blue", "tags": [],
        "supplier_id": null, "created_at": "2026-12-03T08:00:00Z",
    });
    let item: Item = serde_json::from_value(sent).expect("decodes");
    assert_eq!(item.price, "19.990");
    assert_eq!(
        serde_json::to_value(&item).expect("encodes")["price"],
        "19.990"
    );
    // A request may give it as text (exact) or as a number, as pydantic accepts both.
    for (given, form) in [(json!("0.10"), "\"0.10\""), (json!(12.5), "12.5")] {
        let price: ItemCreatePrice = serde_json::from_value(given).expect("decodes");
        assert_eq!(serde_json::to_string(&price).expect("encodes"), form);
        assert!(violations_of(&price).is_empty(), "{form}");
    }
    // A number keeps the digits an f64 would drop, and its trailing zeros, both ways.
    for text in [
        "12.30",
        "0.1000000000000000055511151231257827",
        "99999999999999999.99",
    ] {
        let price: ItemCreatePrice = serde_json::from_str(text).expect("decodes");
        assert!(matches!(&price, ItemCreatePrice::Number(n) if n.as_str() == text));
        assert_eq!(serde_json::to_string(&price).expect("encodes"), text);
    }
    let create: inventory::types::ItemCreate = serde_json::from_str(
        r#"{"sku":"TSH-0042","name":"T","price":12.30,"discount":0.050,"quantity":1,"weight_kg":0.25,"tags":[],"supplier_id":null}"#,
    )
    .expect("decodes");
    let sent = serde_json::to_string(&create).expect("encodes");
    assert!(
        sent.contains(r#""price":12.30"#) && sent.contains(r#""discount":0.050"#),
        "{sent}"
    );
    // The bounds are checked on the number's value: 0 is not above `gt=0`.
    let zero: ItemCreatePrice = serde_json::from_str("0.000").expect("decodes");
    assert_eq!(
        violations_of(&zero),
        ["body (root): 0 is not greater than 0 (exclusiveMinimum)"]
    );
}

#[test]
fn literal_tagged_unions_tuples_and_plain_unions_decode() {
    use pets::types::{ByChipChipsChipGetChip, PatientCreate, PatientCreatePet, Visit};
    let patient: PatientCreate = serde_json::from_value(json!({
        "pet": {"kind": "parrot", "name": "Polly", "vocabulary": ["hello"]},
        "owner": {"name": "Ann", "email": "ann@example.com"},
        "chip": "A-17",
    }))
    .expect("decodes");
    let PatientCreatePet::Parrot(parrot) = &patient.pet else {
        panic!("the `kind` tag picks the parrot: {:?}", patient.pet);
    };
    assert_eq!(
        parrot.vocabulary.as_deref(),
        Some(&["hello".to_string()][..])
    );
    assert_eq!(patient.chip, ByChipChipsChipGetChip::String("A-17".into()));

    let visit: Visit = serde_json::from_value(json!({
        "at": "2026-12-03T08:00:00Z",
        "reason": "check-up",
        "vitals": [38.5, 90, 20],
        "codes": [7, "B"],
        "fee_cents": 4500,
    }))
    .expect("decodes");
    assert_eq!(visit.vitals, (38.5, 90, 20));
    let codes = visit.codes.as_deref().expect("codes");
    assert_eq!(codes[0], ByChipChipsChipGetChip::Integer(7));
    // A tuple's length is its schema's: a fourth vital is refused at decoding.
    let longer = json!({"at": "x", "reason": "r", "vitals": [38.5, 90, 20, 1], "fee_cents": 0});
    assert!(serde_json::from_value::<Visit>(longer).is_err());
}

#[test]
fn a_webhook_only_document_decodes_its_payloads() {
    use webhooks_only::types::PaymentSucceededAmount;
    use webhooks_only::webhooks::Webhook;
    assert_eq!(
        Webhook::NAMES,
        ["all-events", "payment-succeeded", "refund-issued"]
    );
    let body = br#"{"type": "payment.succeeded", "payment_id": "pay_0123456789abcdef",
        "amount": "42.00", "currency": "EUR", "created": "2026-12-03T08:00:00Z"}"#;
    let Webhook::PaymentSucceeded(payment) =
        Webhook::decode("payment-succeeded", body).expect("decodes")
    else {
        panic!("decoded as another webhook");
    };
    assert_eq!(
        payment.amount,
        PaymentSucceededAmount::String("42.00".into())
    );
}

#[tokio::test]
async fn a_client_authenticates_with_the_documents_schemes_against_the_mock() {
    use hwcloud::config::Config;
    use hwcloud::error::Error;
    use hwcloud::transport::TransportError;
    use secured::{
        Client, DeleteUserAdminUsersUsernameDeleteRequest, ExportExportGetRequest,
        GetNoteNotesNoteIdGetRequest, MeMeGetRequest,
    };
    let mock = mock_of("secured.json").await;
    let config = Config::builder()
        .endpoint(&mock.url())
        .without_proxy()
        .bearer_token("HTTPBearer", "pat-123")
        .api_key("APIKeyQuery", "key-456")
        .basic_auth("HTTPBasic", "ana", "pw-789")
        .build()
        .expect("a valid configuration");
    let client = Client::new(config).expect("a client");

    let note = GetNoteNotesNoteIdGetRequest::builder().note_id(7).build();
    let note = client
        .get_note_notes_note_id_get(&note.expect("valid"))
        .await
        .expect("a bearer token (HTTPBearer) is accepted");
    assert!(note.body.id >= 1, "{:?}", note.body);
    let export = ExportExportGetRequest::builder().build().expect("valid");
    client
        .export_export_get(&export)
        .await
        .expect("the key in the query (APIKeyQuery) is accepted");
    let delete = DeleteUserAdminUsersUsernameDeleteRequest::builder().username("bob");
    client
        .delete_user_admin_users_username_delete(&delete.build().expect("valid"))
        .await
        .expect("basic authentication (HTTPBasic) is accepted");

    let sent = mock.requests();
    assert_eq!(sent.len(), 3, "{sent:?}");
    // What was sent is where the document says; the journal shows none of the secrets.
    assert_eq!(sent[0].header("authorization"), Some("Bearer ***"));
    assert_eq!(sent[1].query.as_deref(), Some("api_key=***"));
    assert_eq!(sent[2].header("authorization"), Some("Basic ***"));
    let journal = format!("{sent:?}");
    for secret in ["pat-123", "key-456", "pw-789"] {
        assert!(!journal.contains(secret), "{secret} in {journal}");
    }

    // No session cookie is configured: refused before anything is sent.
    mock.clear_requests();
    let me = MeMeGetRequest::builder().build().expect("valid");
    let refused = client.me_me_get(&me).await.expect_err("no cookie");
    assert!(
        matches!(
            refused,
            Error::Transport(TransportError::MissingCredentials { .. })
        ),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("APIKeyCookie"), "{refused}");
    assert!(mock.requests().is_empty());

    // And the mock refuses a request without the credentials, naming what is needed.
    let raw = reqwest::get(format!("{}/me", mock.url()))
        .await
        .expect("answered");
    assert_eq!(raw.status(), 401);
    let text = raw.text().await.expect("a body");
    assert!(
        text.contains("an API key in the cookie `session`"),
        "{text}"
    );
}

/// FastAPI's `UploadFile` is a 3.1 string with a `contentMediaType` and no `contentEncoding`:
/// raw bytes in a file part, not text.
#[tokio::test]
async fn an_upload_goes_as_a_file_part_of_raw_bytes() {
    use inventory::types::UploadPhotoItemsItemIdPhotoPutBody;
    use inventory::{Client, UploadPhotoItemsItemIdPhotoPutRequest};
    let mock = mock_of("inventory.json").await;
    let client = Client::new(anonymous(&mock)).expect("a client");
    // PNG's signature: not UTF-8, so no text field could carry it.
    let photo = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let body = UploadPhotoItemsItemIdPhotoPutBody {
        photo: photo.clone(),
        caption: Some("front".into()),
    };
    let request = UploadPhotoItemsItemIdPhotoPutRequest::builder()
        .item_id("a1")
        .body(body)
        .build()
        .expect("valid");
    let _ = client.upload_photo_items_item_id_photo_put(&request).await;
    let sent = mock.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let text = &sent[0].body;
    assert!(
        text.contains(
            "name=\"photo\"; filename=\"photo\"\r\nContent-Type: application/octet-stream"
        ),
        "{text}"
    );
    // The bytes went as they are (the journal shows invalid UTF-8 as U+FFFD).
    assert!(text.contains("\u{fffd}PNG\r\n\u{1a}\n"), "{text}");
}

#[tokio::test]
async fn the_mock_refuses_a_bad_request_as_fastapi_does() {
    let mock = mock_of("inventory.json").await;
    let http = reqwest::Client::new();
    let item = json!({
        "sku": "TSH-0042", "name": "", "price": 0, "quantity": 1, "weight_kg": 0.25,
        "tags": ["ok", "a-tag-much-longer-than-twenty"], "supplier_id": null,
    });
    let refused = http
        .post(format!("{}/items", mock.url()))
        .header("content-type", "application/json")
        .body(item.to_string())
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value =
        serde_json::from_slice(&refused.bytes().await.expect("a body")).expect("JSON");
    // pydantic's list, each entry with the message the client prints for it.
    assert_eq!(
        body,
        json!({"detail": [
            {"loc": ["body", "name"], "msg": "0 characters, at least 1 required", "type": "string_too_short"},
            {"loc": ["body", "price"], "msg": "0 is not greater than 0", "type": "greater_than"},
            {"loc": ["body", "tags", 1], "msg": "29 characters, at most 20 allowed", "type": "string_too_long"},
        ]})
    );
    // The generated error type decodes it, as it would FastAPI's own answer.
    let decoded: inventory::types::HttpValidationError =
        serde_json::from_value(body).expect("decodes as HTTPValidationError");
    assert_eq!(decoded.detail.map(|d| d.len()), Some(3));

    let limit = http
        .get(format!("{}/items?limit=500", mock.url()))
        .send()
        .await
        .expect("answered");
    assert_eq!(limit.status(), 422);
    let body: serde_json::Value =
        serde_json::from_slice(&limit.bytes().await.expect("a body")).expect("JSON");
    assert_eq!(body["detail"][0]["loc"], json!(["query", "limit"]));
    assert_eq!(body["detail"][0]["type"], "less_than_equal");

    let garbled = http
        .post(format!("{}/items", mock.url()))
        .header("content-type", "application/json")
        .body("{\"sku\": ")
        .send()
        .await
        .expect("answered");
    assert_eq!(garbled.status(), 422);
    let body: serde_json::Value =
        serde_json::from_slice(&garbled.bytes().await.expect("a body")).expect("JSON");
    assert_eq!(body["detail"][0]["type"], "json_invalid");
    assert_eq!(body["detail"][0]["loc"], json!(["body"]));
}

/// FastAPI's `tuple[float, float]` query parameter is `prefixItems` in a `form` query: the
/// tuple goes as the key repeated, once per position, as FastAPI reads it (not as JSON text),
/// and the mock, judging by the same document, takes it.
#[tokio::test]
async fn a_tuple_query_parameter_goes_as_a_repeated_key() {
    use pets::{Client, ClinicsNearClinicsGetRequest};
    let mock = mock_of("pets.json").await;
    let client = Client::new(anonymous(&mock)).expect("a client");
    let request = ClinicsNearClinicsGetRequest::builder()
        .near((52.52, 13.405))
        .within_km(10.0)
        .build()
        .expect("valid");
    let answer = client.clinics_near_clinics_get(&request).await;
    let sent = mock.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0].query.as_deref(),
        Some("near=52.52&near=13.405&within_km=10.0")
    );
    assert_eq!(sent[0].status, 200, "{sent:?}");
    assert!(answer.is_ok(), "{answer:?}");
}

/// A `Decimal` inside a member of a discriminated union (the `all-events` webhook) keeps its
/// digits, as it does on its own: the tag is read from the JSON text, and the member decoded
/// from it, not through a `serde_json::Value`, which would hold the number as an `f64`.
#[test]
fn a_decimal_in_a_tagged_union_member_keeps_its_digits() {
    use webhooks_only::types::{AllEventsPayload, PaymentSucceededAmount};
    use webhooks_only::webhooks::Webhook;
    let body = br#"{"type": "payment.succeeded", "payment_id": "pay_0123456789abcdef",
        "amount": 12345678901234567.30, "currency": "EUR", "created": "2026-12-03T08:00:00Z"}"#;
    let Webhook::AllEvents(AllEventsPayload::PaymentSucceeded(payment)) =
        Webhook::decode("all-events", body).expect("decodes")
    else {
        panic!("decoded as another event");
    };
    let PaymentSucceededAmount::Number(amount) = &payment.amount else {
        panic!("a number: {:?}", payment.amount);
    };
    assert_eq!(amount.to_string(), "12345678901234567.30");
    let sent = serde_json::to_string(&payment).expect("encodes");
    assert!(sent.contains(r#""amount":12345678901234567.30"#), "{sent}");
    // A tag naming a member the value does not fit is an error naming both.
    let wrong = br#"{"type": "payment.succeeded", "payment_id": 7}"#;
    let error = Webhook::decode("all-events", wrong).expect_err("no payment");
    assert!(
        error
            .to_string()
            .contains("`type` is `payment.succeeded`, but the value is no `PaymentSucceeded`"),
        "{error}"
    );
}
