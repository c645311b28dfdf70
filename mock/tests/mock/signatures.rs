//! Credentials as Huawei's gateway checks them: the signature verified byte for byte, the
//! date within 15 minutes, `host` and `x-sdk-date` signed, the token as configured.

use hwcloud::secret::Secret;
use hwcloud::signing::Signer;
use hwcloud_mock::{Keys, MockServer, Verdict};
use time::OffsetDateTime;

use crate::support::{examples, mock, send_raw, Answer, AK, SK};

/// The VPC example request signed with `signer` at `date`, changed by `tamper` after
/// signing, and sent.
async fn signed(
    mock: &MockServer,
    signer: &Signer,
    date: OffsetDateTime,
    tamper: impl FnOnce(&mut http::Request<Vec<u8>>),
) -> Answer {
    let (_, _, path, body) = examples().remove(5);
    let mut request = http::Request::builder()
        .method("PUT")
        .uri(format!("{}{path}", mock.url()))
        .header("content-type", "application/json")
        .body(body.to_string().into_bytes())
        .expect("request");
    signer
        .sign_request(&mut request, None, date)
        .expect("signs");
    tamper(&mut request);
    let request = reqwest::Request::try_from(request).expect("a reqwest request");
    let response = reqwest::Client::new()
        .execute(request)
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn refused(answer: &Answer, reason: &str) {
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert_eq!(answer.body["error_code"], "APIGW.0301", "{}", answer.body);
    assert!(
        answer.message().contains(reason),
        "{reason:?} not in {}",
        answer.body
    );
}

#[tokio::test]
async fn a_good_signature_is_accepted() {
    let mock = mock().await;
    let answer = signed(&mock, &Signer::new(AK, SK), now(), |_| {}).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn a_wrong_key_or_a_changed_request_is_refused_with_the_canonical_request() {
    let mock = mock().await;
    let answer = signed(&mock, &Signer::new(AK, "another-secret"), now(), |_| {}).await;
    refused(&answer, "verify aksk signature fail");
    // The canonical request as computed here, so a client can compare it with its own.
    assert!(answer.message().contains("PUT\n/v3/"), "{}", answer.body);
    assert!(
        answer.message().contains(";host;x-sdk-date\n"),
        "{}",
        answer.body
    );

    let changed_body = signed(&mock, &Signer::new(AK, SK), now(), |r| {
        r.body_mut().extend_from_slice(b" ");
    })
    .await;
    refused(&changed_body, "verify aksk signature fail");
    let changed_path = signed(&mock, &Signer::new(AK, SK), now(), |r| {
        let uri = r
            .uri()
            .to_string()
            .replace("security-groups/", "security-groups/x");
        *r.uri_mut() = uri.parse().expect("uri");
    })
    .await;
    refused(&changed_path, "verify aksk signature fail");
    let changed_header = signed(&mock, &Signer::new(AK, SK), now(), |r| {
        r.headers_mut().insert(
            "content-type",
            "application/json;charset=utf-8".parse().expect("value"),
        );
    })
    .await;
    refused(&changed_header, "verify aksk signature fail");
    let verdicts = mock.requests().into_iter().map(|r| r.verdict);
    assert!(verdicts
        .into_iter()
        .all(|v| matches!(v, Verdict::Unauthenticated { .. })));
}

#[tokio::test]
async fn a_date_more_than_15_minutes_away_is_refused_either_way() {
    let mock = mock().await;
    let signer = Signer::new(AK, SK);
    let late = signed(&mock, &signer, now() - time::Duration::minutes(16), |_| {}).await;
    refused(&late, "from this server's clock");
    let early = signed(&mock, &signer, now() + time::Duration::minutes(16), |_| {}).await;
    refused(&early, "from this server's clock");
    let within = signed(&mock, &signer, now() - time::Duration::minutes(14), |_| {}).await;
    assert_eq!(within.status, 200, "{}", within.body);
}

#[tokio::test]
async fn host_and_x_sdk_date_must_be_signed() {
    let mock = mock().await;
    for header in ["host", "x-sdk-date"] {
        let answer = signed(&mock, &Signer::new(AK, SK), now(), |r| {
            let authorization = r.headers()["authorization"]
                .to_str()
                .expect("text")
                .to_owned();
            let fewer = authorization
                .replace(&format!("{header};"), "")
                .replace(&format!(";{header}"), "");
            r.headers_mut()
                .insert("authorization", fewer.parse().expect("value"));
        })
        .await;
        refused(
            &answer,
            &format!("`{header}` is not among the signed headers"),
        );
    }
}

#[tokio::test]
async fn an_unknown_access_key_a_malformed_header_or_no_credential_is_refused() {
    let mock = mock().await;
    let unknown = signed(&mock, &Signer::new("OTHERAK", SK), now(), |_| {}).await;
    refused(&unknown, "access key `OTHERAK` is not known");
    let (_, _, path, body) = examples().remove(5);
    let body = body.to_string();
    let malformed = send_raw(
        &mock,
        "PUT",
        &path,
        &[("authorization", "SDK-HMAC-SHA256 nonsense")],
        Some(&body),
    )
    .await;
    refused(&malformed, "is not `SDK-HMAC-SHA256 Access=");
    let none = send_raw(&mock, "PUT", &path, &[], Some(&body)).await;
    refused(&none, "needs an IAM token");
    let empty = send_raw(&mock, "PUT", &path, &[("x-auth-token", " ")], Some(&body)).await;
    refused(&empty, "the token is empty");
}

#[tokio::test]
async fn a_configured_token_must_match_and_temporary_keys_need_their_security_token() {
    let mock = MockServer::builder()
        .keys(Keys {
            token: Some(Secret::new("the-token")),
            access: Some((AK.into(), Secret::new(SK))),
            security_token: Some(Secret::new("the-security-token")),
        })
        .start()
        .await
        .expect("starts");
    let (_, _, path, body) = examples().remove(5);
    let body = body.to_string();
    let wrong = send_raw(
        &mock,
        "PUT",
        &path,
        &[("x-auth-token", "other")],
        Some(&body),
    )
    .await;
    refused(&wrong, "the token is not valid");
    let right = send_raw(
        &mock,
        "PUT",
        &path,
        &[("x-auth-token", "the-token")],
        Some(&body),
    )
    .await;
    assert_eq!(right.status, 200, "{}", right.body);

    let permanent = signed(&mock, &Signer::new(AK, SK), now(), |_| {}).await;
    refused(&permanent, "security token");
    let temporary = Signer::new(AK, SK).with_security_token("the-security-token");
    let answer = signed(&mock, &temporary, now(), |_| {}).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let wrong_key = Signer::new(AK, "x").with_security_token("the-security-token");
    let answer = signed(&mock, &wrong_key, now(), |_| {}).await;
    refused(&answer, "verify aksk signature fail");
    // The signed security token is not shown back.
    assert!(
        !answer.message().contains("the-security-token"),
        "{}",
        answer.body
    );
}
