//! The mock on a document of someone else's: a FastAPI-made OpenAPI 3.1 document, served and
//! judged like the project's own (its 422 is the status it documents for a bad request, with
//! FastAPI's `detail` list as the body).

use hwcloud_mock::MockServer;

use super::support::send;

fn inventory() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/fastapi/inventory.json")
}

#[tokio::test]
async fn a_fastapi_document_is_served_and_judged() {
    let mock = MockServer::builder()
        .documents(vec![inventory()])
        .start()
        .await
        .expect("a document `generate` accepts is served");
    let body = r#"{"sku": "bad", "name": "", "price": 0, "quantity": 1, "weight_kg": 1, "supplier_id": null}"#;
    let answer = send(&mock, "POST", "/items", &[], Some(body)).await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    // In FastAPI's own shape (its documented `HTTPValidationError`), one entry per field.
    let detail = answer.body["detail"].as_array().expect("a detail list");
    let locs: Vec<String> = detail.iter().map(|d| d["loc"].to_string()).collect();
    assert_eq!(
        locs,
        [
            r#"["body","sku"]"#,
            r#"["body","name"]"#,
            r#"["body","price"]"#
        ]
    );
    let answer = send(&mock, "GET", "/items?limit=500", &[], None).await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(
        answer.body["detail"][0]["loc"].to_string(),
        r#"["query","limit"]"#
    );
    // The journal keeps the violations as the client prints them.
    let refused = mock.requests();
    assert!(
        format!("{refused:?}").contains("body /price: 0 is not greater than 0 (exclusiveMinimum)"),
        "{refused:?}"
    );
}

/// A query parameter whose schema is a `$ref` to a tuple is typed by the tuple's positions,
/// as the client sends it (`near=52.5&near=13.4`), not as strings.
#[tokio::test]
async fn a_tuple_query_parameter_behind_a_ref_is_typed_by_position() {
    let dir = std::env::temp_dir().join(format!("hwcloud-mock-tuple-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let document = dir.join("clinics.yaml");
    std::fs::write(
        &document,
        "openapi: 3.1.0\ninfo: {title: Clinics, version: '1'}\npaths:\n  /clinics:\n    get:\n      \
         operationId: near\n      parameters:\n        - name: near\n          in: query\n          \
         required: true\n          schema: {$ref: '#/components/schemas/Point'}\n      \
         responses:\n        '200': {description: ok}\n        '400': {description: bad}\n\
         components:\n  schemas:\n    Point:\n      type: array\n      \
         prefixItems: [{type: number, maximum: 90}, {type: number}]\n      minItems: 2\n      maxItems: 2\n",
    )
    .expect("write");
    let mock = MockServer::builder()
        .documents(vec![document])
        .start()
        .await
        .expect("served");
    let answer = send(&mock, "GET", "/clinics?near=52.5&near=13.4", &[], None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = send(&mock, "GET", "/clinics?near=95&near=13.4", &[], None).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        answer
            .message()
            .contains("/near/0: 95 is greater than the maximum 90"),
        "{}",
        answer.body
    );
}
