//! What the tests share: a mock with known keys, and raw requests to it.

use hwcloud::secret::Secret;
use hwcloud_mock::{Keys, MockServer};
use serde_json::Value;

pub const AK: &str = "TESTAK0123456789ABCD";
pub const SK: &str = "test-secret-key";
pub const PROJECT: &str = hwcloud_mock::PROJECT_ID;
pub const STARROCKS_INSTANCE: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";
pub const DBSS_INSTANCE: &str = "062212d8-8e30-4783-9671-43f3f1f3bb1e";
pub const SECURITY_GROUP: &str = "1d8b19c7-7c56-48f7-a99b-4b40eb390967";

/// A mock of the built-in documents accepting any token and the pair AK/SK.
pub async fn mock() -> MockServer {
    MockServer::builder()
        .keys(Keys {
            token: None,
            access: Some((AK.into(), Secret::new(SK))),
            security_token: None,
        })
        .start()
        .await
        .expect("the mock starts")
}

/// An answer: status, headers and the body as JSON (`Null` when empty or not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The error message of a body in either documented shape (flat or nested in `error`).
    pub fn message(&self) -> String {
        let flat = self.body.get("error_msg");
        let nested = self.body.pointer("/error/error_msg");
        flat.or(nested)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no error message in {}", self.body))
            .to_owned()
    }
}

/// Sends a request with a token, as a client that does not validate would.
pub async fn send(
    mock: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut all = vec![("x-auth-token", "any-token")];
    all.extend_from_slice(headers);
    send_raw(mock, method, path, &all, body).await
}

/// Sends a request with exactly `headers` (plus `Content-Type: application/json` with a body
/// unless given).
pub async fn send_raw(
    mock: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = client.request(method, format!("{}{path}", mock.url()));
    let typed = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    if body.is_some() && !typed {
        request = request.header("content-type", "application/json");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.body(body.to_owned());
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// The path of each operation with the pages' example values, and its example body.
pub fn examples() -> Vec<(&'static str, &'static str, String, Value)> {
    use serde_json::json;
    vec![
        (
            "ModifyStarRocksSecurityGroup",
            "PUT",
            format!("/v3/{PROJECT}/instances/{STARROCKS_INSTANCE}/starrocks/security-group"),
            json!({"security_group_id": "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1"}),
        ),
        (
            "UpdateStarRocksDatabaseUserPermission",
            "PUT",
            format!("/v3/{PROJECT}/instances/{STARROCKS_INSTANCE}/starrocks/users/permission"),
            json!({"user_name": "user_test", "dml": 1, "databases": ["*"]}),
        ),
        (
            "UpdateAuditSecurityGroup",
            "POST",
            format!("/v1/{PROJECT}/dbss/audit/security-group"),
            json!({"instance_id": DBSS_INSTANCE, "securitygroup_ids": ["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]}),
        ),
        (
            "UpdateAuditSecurityGroupNew",
            "POST",
            format!("/v1/{PROJECT}/audit/security-group"),
            json!({"instance_id": DBSS_INSTANCE, "securitygroup_ids": ["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]}),
        ),
        (
            "ChangeDbEncryptSecurityGroup",
            "PUT",
            format!("/v1/{PROJECT}/db-encrypt/{DBSS_INSTANCE}/security-group"),
            json!({"security_group_ids": ["9e033f2d-04a5-4bdc-858e-17e31599d052"]}),
        ),
        (
            "UpdateSecurityGroup",
            "PUT",
            format!("/v3/{PROJECT}/vpc/security-groups/{SECURITY_GROUP}"),
            json!({"security_group": {"name": "security_group_2", "description": "modified description"}}),
        ),
    ]
}
