//! The mock on a document of someone else's: a FastAPI-made OpenAPI 3.1 document, served and
//! judged like the project's own (its 422 is the status it documents for a bad request).

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
    let text = answer.body.to_string();
    for pointer in ["/sku", "/name", "/price"] {
        assert!(text.contains(pointer), "{pointer} in {text}");
    }
    let answer = send(&mock, "GET", "/items?limit=500", &[], None).await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.to_string().contains("limit"), "{}", answer.body);
}
