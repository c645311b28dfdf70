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
