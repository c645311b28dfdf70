//! The generated clients (`gaussdb`, `dbss`, `vpc`) over real HTTP, against the scripted
//! server of `tests/support`, for what needs exact bytes the documents do not give: the
//! signature recomputed from scratch, every documented error status with its body, decoding
//! failures, the last answer of exhausted retries, validation before sending, and the
//! endpoints the spec's servers give. Each operation with its page's example, the dry run
//! and which methods are retried run against `hwcloud-mock` (`mock_calls.rs`).

mod pages;
mod support;

use std::future::Future;
use std::time::Duration;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind};
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::validation::{Location, Violation};
use hwcloud::{dbss, gaussdb, vpc};

use pages::*;
use support::{Recorded, Reply, TestServer};

const AK: &str = "CLIENTTESTAK00000001";
const SK: &str = "client-test-secret-key";
const TOKEN: &str = "client-test-iam-token";

/// Every call is bounded.
const CALL_LIMIT: Duration = Duration::from_secs(10);

type HmacSha256 = Hmac<Sha256>;

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("the call finished in time")
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(max_retries)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn config(server: &TestServer, credentials: Credentials) -> ConfigBuilder {
    Config::builder()
        .credentials(credentials)
        .endpoint(&server.url())
        .project_id(PROJECT)
        .retry(fast_retries(2))
}

fn token() -> Credentials {
    Credentials::token(TOKEN)
}

fn aksk() -> Credentials {
    Credentials::permanent(AK, SK)
}

struct Clients {
    gaussdb: gaussdb::Client,
    dbss: dbss::Client,
    vpc: vpc::Client,
}

fn clients(builder: ConfigBuilder) -> Clients {
    let config = builder.build().expect("valid config");
    Clients {
        gaussdb: gaussdb::Client::new(config.clone()).expect("gaussdb client"),
        dbss: dbss::Client::new(config.clone()).expect("dbss client"),
        vpc: vpc::Client::new(config).expect("vpc client"),
    }
}

fn ok(body: &str, request_id: &str) -> Reply {
    Reply::json(200, body).header("X-Request-Id", request_id)
}

fn reply(status: u16, body: &str, request_id: &str) -> Reply {
    Reply::json(status, body).header("X-Request-Id", request_id)
}

// ---------------------------------------------------------------------------------------
// What the server received.

/// Percent-encodes all but RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Recomputes the `SDK-HMAC-SHA256` signature of a received request from scratch (Huawei's
/// published algorithm: canonical request, string to sign, HMAC-SHA256 keyed with the SK),
/// and checks that `SignedHeaders` names every header received except `Authorization`.
fn assert_signature_valid(request: &Recorded) {
    let authorization = request.header("authorization").expect("Authorization sent");
    let rest = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("unexpected Authorization scheme: {authorization}"));
    let parts: Vec<&str> = rest.split(", ").collect();
    assert_eq!(parts.len(), 3, "{authorization}");
    assert_eq!(parts[0], format!("Access={AK}"));
    let signed_headers = parts[1]
        .strip_prefix("SignedHeaders=")
        .expect("SignedHeaders");
    let signature = parts[2].strip_prefix("Signature=").expect("Signature");

    let mut received: Vec<&str> = request
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| *name != "authorization")
        .collect();
    received.sort_unstable();
    assert_eq!(
        signed_headers.split(';').collect::<Vec<_>>(),
        received,
        "SignedHeaders covers every header received except Authorization"
    );
    for needed in ["content-type", "host", "x-project-id", "x-sdk-date"] {
        assert!(received.contains(&needed), "{needed} is signed");
    }
    assert_eq!(request.header("x-project-id"), Some(PROJECT));

    let date = request.header("x-sdk-date").expect("X-Sdk-Date sent");
    assert_eq!(date.len(), 16, "{date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T', "{date}");

    let decoded = percent_decode_str(request.path()).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(|segment| utf8_percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let value = request.header(name).expect("signed header received");
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        uri,
        request.query().unwrap_or(""),
        canonical_headers,
        signed_headers,
        hex::encode(Sha256::digest(&request.body)),
    );
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = HmacSha256::new_from_slice(SK.as_bytes()).expect("key");
    mac.update(string_to_sign.as_bytes());
    assert_eq!(
        signature,
        hex::encode(mac.finalize().into_bytes()),
        "the signature verifies; canonical request:\n{canonical_request}"
    );
}

// ---------------------------------------------------------------------------------------
// 3. Retries through the generated clients.

#[tokio::test]
async fn exhausted_retries_keep_the_last_response() {
    let server = TestServer::start(vec![
        reply(
            503,
            r#"{"request_id":"b1","error_code":"APIGW.1","error_msg":"first"}"#,
            "req-1",
        ),
        reply(
            429,
            r#"{"request_id":"b2","error_code":"APIGW.2","error_msg":"second"}"#,
            "req-2",
        ),
        reply(
            503,
            r#"{"request_id":"b3","error_code":"APIGW.3","error_msg":"last"}"#,
            "req-3",
        ),
        ok(VPC_RESPONSE, "req-never"),
    ])
    .await;
    let c = clients(config(&server, token()).retry(fast_retries(2)));
    match bounded(c.vpc.update_security_group(&vpc_request())).await {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 503);
            assert_eq!(request_id.as_deref(), Some("req-3"));
            assert_eq!(
                error,
                vpc::UpdateSecurityGroupError::Default(vpc::types::CommonErrorResponse {
                    request_id: Some("b3".into()),
                    error_code: Some("APIGW.3".into()),
                    error_msg: Some("last".into()),
                })
            );
        }
        other => panic!("expected the last 503, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");

    // The same on an operation where 503 is undocumented: the raw last body is kept.
    let server = TestServer::start(vec![
        reply(503, "first", "req-a"),
        reply(503, "last body", "req-b"),
    ])
    .await;
    let c = clients(config(&server, aksk()).retry(fast_retries(1)));
    match bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await {
        Err(Error::UnexpectedStatus {
            status,
            request_id,
            body,
        }) => {
            assert_eq!(status, 503);
            assert_eq!(request_id.as_deref(), Some("req-b"));
            assert_eq!(body.text(), "last body");
        }
        other => panic!("expected the last 503, got {other:?}"),
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signature_valid(request);
    }
}

// ---------------------------------------------------------------------------------------
// 4. Validation before sending, and path parameters.

fn lines(violations: &[Violation]) -> Vec<String> {
    violations.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn an_invalid_vpc_request_is_refused_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(config(&server, aksk()));
    let name = format!("{} x", "a".repeat(68));
    assert_eq!(name.chars().count(), 70);
    let body = vpc::types::UpdateSecurityGroupReq {
        dry_run: None,
        security_group: vpc::types::UpdateSecurityGroupOption {
            name: Some(name.clone()),
            description: Some("<b>".into()),
        },
    };
    let expected = vec![
        "body /security_group/name: 70 characters, at most 64 allowed (maxLength)".to_owned(),
        // A long value is quoted cut short: its first 56 characters and `...`.
        format!(
            "body /security_group/name: \"{}... does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
            "a".repeat(56)
        ),
        "body /security_group/description: \"<b>\" does not match the pattern `^[^<>]*$` (pattern)"
            .to_owned(),
    ];
    // The builder refuses it...
    let built = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(body.clone())
        .build()
        .expect_err("the builder refuses it");
    assert_eq!(lines(&built.violations), expected);
    // ...and so does the client, for a request made without the builder.
    let request = vpc::UpdateSecurityGroupRequest {
        security_group_id: VPC_SG.into(),
        body,
    };
    match bounded(c.vpc.update_security_group(&request)).await {
        Err(Error::Validation(error)) => {
            assert_eq!(lines(&error.violations), expected);
            assert_eq!(error.violations[0].location, Location::Body);
            assert_eq!(error.violations[0].rule, "maxLength");
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn gaussdb_config_and_request_violations_are_all_listed_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(
        Config::builder()
            .credentials(token())
            .endpoint(&server.url())
            // An IAM project ID, but longer than GaussDB's document allows.
            .project_id("0123456789abcdef0123456789abcdef01234567")
            .language("fr-fr"),
    );
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest {
        instance_id: "86fd60a5256a4592b957e8e6bb2d1b59in99".into(),
        body: gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        },
    };
    match bounded(c.gaussdb.modify_star_rocks_security_group(&request)).await {
        Err(Error::Validation(error)) => {
            assert_eq!(
                lines(&error.violations),
                [
                    "config /project_id: 40 characters, at most 32 allowed (maxLength)",
                    "config /project_id: \"0123456789abcdef0123456789abcdef01234567\" does not match the pattern `^[A-Za-z0-9]{32}$` (pattern)",
                    "config /language: \"fr-fr\" is not one of \"en-us\", \"zh-cn\" (enum)",
                    "path /instance_id: \"86fd60a5256a4592b957e8e6bb2d1b59in99\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)",
                ]
            );
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    // The project ID alone breaks the pattern on the other gaussdb operation too.
    match bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&permission_request()),
    )
    .await
    {
        Err(Error::Validation(error)) => {
            assert_eq!(error.violations.len(), 3, "{error}");
            assert!(error
                .violations
                .iter()
                .all(|v| v.location == Location::Config));
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_into_one_segment() {
    let server = TestServer::start(vec![
        ok(VPC_RESPONSE, "req-enc-1"),
        ok(VPC_RESPONSE, "req-enc-2"),
    ])
    .await;
    let c = clients(config(&server, aksk()));
    for (id, encoded) in [("a/b?c#d", "a%2Fb%3Fc%23d"), ("sg 1%2F..", "sg%201%252F..")] {
        let request = vpc::UpdateSecurityGroupRequest::builder()
            .security_group_id(id)
            .body(vpc_body(None))
            .build()
            .expect("valid");
        let r = bounded(c.vpc.update_security_group(&request))
            .await
            .expect("succeeds");
        assert_eq!(r.status, 200);
        let requests = server.requests();
        let last = requests.last().expect("received");
        assert_eq!(
            last.target,
            format!("/v3/{PROJECT}/vpc/security-groups/{encoded}")
        );
        assert_eq!(last.query(), None);
        assert_signature_valid(last);
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = TestServer::start(vec![]).await;
    let c = clients(config(&server, token()));
    for (id, message) in [
        (
            "..",
            "path /security_group_id: \"..\" cannot be a path segment (pattern)",
        ),
        (
            ".",
            "path /security_group_id: \".\" cannot be a path segment (pattern)",
        ),
        (
            "",
            "path /security_group_id: a path parameter cannot be empty (minLength)",
        ),
    ] {
        let request = vpc::UpdateSecurityGroupRequest {
            security_group_id: id.into(),
            body: vpc_body(None),
        };
        match bounded(c.vpc.update_security_group(&request)).await {
            Err(Error::Validation(error)) => assert_eq!(lines(&error.violations), [message]),
            other => panic!("expected Validation for {id:?}, got {other:?}"),
        }
        let built = vpc::UpdateSecurityGroupRequest::builder()
            .security_group_id(id)
            .body(vpc_body(None))
            .build()
            .expect_err("the builder refuses it");
        assert_eq!(lines(&built.violations), [message]);
    }
    let request = dbss::ChangeDbEncryptSecurityGroupRequest {
        instance_id: "..".into(),
        body: dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        },
    };
    match bounded(c.dbss.change_db_encrypt_security_group(&request)).await {
        Err(Error::Validation(error)) => assert_eq!(
            lines(&error.violations),
            [
                "path /instance_id: \"..\" cannot be a path segment (pattern)",
                "path /instance_id: 2 characters, at least 32 required (minLength)",
            ]
        ),
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

// ---------------------------------------------------------------------------------------
// 5. Configuration.

#[tokio::test]
async fn no_project_id_is_a_validation_error_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(
        Config::builder()
            .credentials(aksk())
            .endpoint(&server.url()),
    );
    let expected =
        "config /project_id: this operation needs `project_id` in the client configuration (required)";
    let check = |result: Option<Vec<Violation>>| {
        let violations = result.expect("a validation error");
        assert_eq!(lines(&violations), [expected]);
        assert_eq!(violations[0].location, Location::Config);
        assert_eq!(violations[0].pointer, "/project_id");
        assert_eq!(violations[0].rule, "required");
    };
    fn violations<T, E: std::fmt::Debug>(
        result: Result<hwcloud::response::Response<T>, Error<E>>,
    ) -> Option<Vec<Violation>> {
        match result {
            Err(Error::Validation(error)) => Some(error.violations),
            Err(other) => panic!("expected Validation, got {other:?}"),
            Ok(_) => None,
        }
    }
    check(violations(
        bounded(
            c.gaussdb
                .modify_star_rocks_security_group(&modify_star_rocks_request()),
        )
        .await,
    ));
    check(violations(
        bounded(
            c.gaussdb
                .update_star_rocks_database_user_permission(&permission_request()),
        )
        .await,
    ));
    #[allow(deprecated)]
    let old = bounded(c.dbss.update_audit_security_group(&audit_request())).await;
    check(violations(old));
    check(violations(
        bounded(c.dbss.update_audit_security_group_new(&audit_new_request())).await,
    ));
    check(violations(
        bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await,
    ));
    check(violations(
        bounded(c.vpc.update_security_group(&vpc_request())).await,
    ));
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

fn regional(region: &str) -> Config {
    Config::builder()
        .credentials(token())
        .region(region)
        .project_id(PROJECT)
        .build()
        .expect("valid config")
}

#[test]
fn clients_built_for_a_region_use_the_spec_servers() {
    for (region, url) in [
        (
            "cn-north-4",
            "https://gaussdb.cn-north-4.myhuaweicloud.com/",
        ),
        (
            "ap-southeast-1",
            "https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com/",
        ),
        (
            "af-south-1",
            "https://gaussdb-mysql.af-south-1.myhuaweicloud.com/",
        ),
    ] {
        let client = gaussdb::Client::new(regional(region)).expect("gaussdb client");
        assert_eq!(client.base_url().as_str(), url, "{region}");
    }
    let dbss = dbss::Client::new(regional("cn-north-4")).expect("dbss client");
    assert_eq!(
        dbss.base_url().as_str(),
        "https://dbss.cn-north-4.myhuaweicloud.com/"
    );
    let vpc = vpc::Client::new(regional("cn-north-4")).expect("vpc client");
    assert_eq!(
        vpc.base_url().as_str(),
        "https://vpc.cn-north-4.myhuaweicloud.com/"
    );
}

#[test]
fn an_unknown_region_for_gaussdb_is_a_config_error() {
    let error = gaussdb::Client::new(regional("eu-west-0")).expect_err("no gaussdb in eu-west-0");
    match error.kind() {
        ConfigErrorKind::UnknownRegion {
            service,
            region,
            known,
        } => {
            assert_eq!(service, "gaussdb");
            assert_eq!(region, "eu-west-0");
            assert_eq!(
                known,
                &[
                    "af-south-1",
                    "ap-southeast-1",
                    "ap-southeast-2",
                    "ap-southeast-3",
                    "ap-southeast-4",
                    "cn-east-3",
                    "cn-east-5",
                    "cn-north-11",
                    "cn-north-2",
                    "cn-north-4",
                    "cn-north-9",
                    "cn-south-1",
                    "cn-south-4",
                    "cn-southwest-2",
                    "cn-southwest-3",
                    "la-north-2",
                    "me-east-1",
                    "ru-northwest-2",
                    "sa-brazil-1",
                    "tr-west-1",
                ]
            );
        }
        other => panic!("expected UnknownRegion, got {other:?}"),
    }
    // The same region is fine for VPC, which has an endpoint there.
    let vpc = vpc::Client::new(regional("eu-west-0")).expect("vpc client");
    assert_eq!(
        vpc.base_url().as_str(),
        "https://vpc.eu-west-0.myhuaweicloud.com/"
    );
    // And without a region or endpoint there is nothing to choose from.
    let config = Config::builder()
        .credentials(token())
        .build()
        .expect("valid");
    let error = gaussdb::Client::new(config).expect_err("no region");
    assert_eq!(
        error.kind(),
        &ConfigErrorKind::NoRegion {
            service: "gaussdb".into()
        }
    );
}
