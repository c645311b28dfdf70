//! Reaching the cloud from where users are: project IDs checked before anything is sent,
//! one service sent to its own endpoint, proxies given explicitly or by the environment.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind, ENV_PROJECT_ID};
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::{dbss, gaussdb, vpc};

use support::{Reply, TestServer};

const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
const VPC_SG: &str = "1d8b19c7-7c56-48f7-a99b-4b40eb390967";

fn base() -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::token("token"))
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
}

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| vars.get(name).cloned()
}

fn vpc_request() -> vpc::UpdateSecurityGroupRequest {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("security_group_2".into()),
                description: None,
            },
        })
        .build()
        .expect("valid")
}

// ---------------------------------------------------------------------------------------
// Project IDs.

#[test]
fn a_project_id_is_an_iam_id_of_letters_and_digits() {
    for good in [PROJECT, &"a1".repeat(32)] {
        assert!(base().project_id(good).build().is_ok(), "{good}");
    }
    for bad in [
        "..",
        ".",
        "short",
        "23a50154-f494ec9ad6883979a12db0a",
        "23a50154cf494ec9ad6883979a12db0a/x",
        "%2e%2e",
        "23a50154cf494ec9ad6883979a12db0a 1",
        &"a".repeat(65),
    ] {
        let error = base().project_id(bad).build().expect_err(bad);
        assert!(
            matches!(error.kind(), ConfigErrorKind::InvalidProjectId { source_name, .. } if *source_name == "ConfigBuilder::project_id"),
            "{bad}: {error:?}"
        );
    }
    let error = Config::from_lookup(lookup(&[
        ("CLOUD_SDK_TOKEN", "token"),
        (ENV_PROJECT_ID, ".."),
    ]))
    .expect_err("..");
    assert_eq!(
        error.to_string(),
        "invalid project ID \"..\" in CLOUD_SDK_PROJECT_ID: an IAM project ID is 32 to 64 \
         letters and digits, such as 060576782980d5762f9ec014dd2f1148 (see \"My Credentials\" \
         in the console)"
    );
}

#[tokio::test]
async fn a_request_path_parameter_that_decodes_to_dots_is_refused() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let config = base()
        .endpoint(&server.url())
        .project_id(PROJECT)
        .build()
        .expect("config");
    let client = vpc::Client::new(config).expect("client");
    for id in ["..", "%2e%2e", "%252E."] {
        let mut request = vpc_request();
        request.security_group_id = id.into();
        match client.update_security_group(&request).await {
            Err(Error::Validation(error)) => {
                assert_eq!(error.violations.len(), 1, "{id}: {error}");
                assert_eq!(error.violations[0].pointer, "/security_group_id");
            }
            other => panic!("{id}: expected Validation, got {other:?}"),
        }
    }
    assert_eq!(server.connections(), 0);
}

// ---------------------------------------------------------------------------------------
// One service to its own endpoint.

#[tokio::test]
async fn one_service_can_go_to_its_own_endpoint() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"security_group":{"id":"1d8b19c7-7c56-48f7-a99b-4b40eb390967"}}"#,
    )])
    .await;
    let config = base()
        .region("cn-north-4")
        .project_id(PROJECT)
        .without_proxy()
        .service_endpoint("vpc", &server.url())
        .build()
        .expect("config");
    assert_eq!(
        config.service_endpoint("vpc").map(url::Url::as_str),
        Some(format!("{}/", server.url()).as_str())
    );
    let vpc = vpc::Client::new(config.clone()).expect("vpc");
    let gaussdb = gaussdb::Client::new(config.clone()).expect("gaussdb");
    assert_eq!(vpc.base_url().as_str(), format!("{}/", server.url()));
    assert_eq!(
        gaussdb.base_url().as_str(),
        "https://gaussdb.cn-north-4.myhuaweicloud.com/"
    );
    let response = vpc
        .update_security_group(&vpc_request())
        .await
        .expect("sent to the local server");
    assert_eq!(response.status, 200);
    assert_eq!(
        server.requests()[0].path(),
        format!("/v3/{PROJECT}/vpc/security-groups/{VPC_SG}")
    );

    // It wins over the endpoint of every service, too.
    let both = base()
        .endpoint("http://127.0.0.1:9")
        .service_endpoint("dbss", &server.url())
        .build()
        .expect("config");
    let dbss = dbss::Client::new(both.clone()).expect("dbss");
    assert_eq!(dbss.base_url().as_str(), format!("{}/", server.url()));
    let vpc = vpc::Client::new(both).expect("vpc");
    assert_eq!(vpc.base_url().as_str(), "http://127.0.0.1:9/");

    let bad = base().service_endpoint("vpc", "ftp://x").build();
    assert!(
        matches!(bad.as_ref().map_err(|e| e.kind()), Err(ConfigErrorKind::InvalidServiceEndpoint { service, .. }) if service == "vpc"),
        "{bad:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Proxies.

#[tokio::test]
async fn an_explicit_proxy_carries_the_call_and_its_credentials_are_never_printed() {
    let proxy = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let proxy_url = proxy.url().replace("http://", "http://user:hunter2@");
    let config = base()
        // Nothing answers there: only the proxy can.
        .endpoint("http://vpc.example.invalid")
        .project_id(PROJECT)
        .proxy(&proxy_url)
        .build()
        .expect("config");
    let debug = format!("{config:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("http://***@127.0.0.1"), "{debug}");
    let client = vpc::Client::new(config).expect("client");
    client
        .update_security_group(&vpc_request())
        .await
        .expect("through the proxy");
    let request = &proxy.requests()[0];
    assert_eq!(
        request.target,
        format!("http://vpc.example.invalid/v3/{PROJECT}/vpc/security-groups/{VPC_SG}")
    );
    assert_eq!(
        request.header("proxy-authorization"),
        Some("Basic dXNlcjpodW50ZXIy")
    );
}

#[tokio::test]
async fn the_environment_s_proxies_apply_by_scheme_and_no_proxy_bypasses_them() {
    // The second request is the tunnel's CONNECT, refused so the call ends at once.
    let proxy = TestServer::start(vec![Reply::json(200, "{}"), Reply::status(403)]).await;
    let direct = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let config = |vars: &[(&str, &str)], endpoint: &str| {
        let mut all = vec![
            ("CLOUD_SDK_TOKEN", "token"),
            ("CLOUD_SDK_PROJECT_ID", PROJECT),
            ("CLOUD_SDK_ENDPOINT", endpoint),
            ("CLOUD_SDK_TIMEOUT", "5"),
        ];
        all.extend_from_slice(vars);
        Config::from_lookup(lookup(&all)).expect("config")
    };
    let call = |config: Config| async move {
        let client = vpc::Client::new(config).expect("client");
        tokio::time::timeout(
            Duration::from_secs(5),
            client.update_security_group(&vpc_request()),
        )
        .await
        .expect("bounded")
    };

    // http_proxy carries an http endpoint.
    let via = config(
        &[("http_proxy", &proxy.url())],
        "http://vpc.example.invalid",
    );
    call(via).await.expect("through the proxy");
    assert_eq!(proxy.requests().len(), 1);

    // NO_PROXY sends the listed hosts directly.
    let bypass = config(
        &[
            ("http_proxy", &proxy.url()),
            ("NO_PROXY", "localhost,127.0.0.1"),
        ],
        &direct.url(),
    );
    call(bypass).await.expect("directly");
    assert_eq!(direct.requests().len(), 1);
    assert_eq!(proxy.requests().len(), 1);

    // https_proxy tunnels an https endpoint with CONNECT; http_proxy is not used for one.
    let tunnel = config(
        &[("HTTPS_PROXY", &proxy.url())],
        "https://vpc.example.invalid",
    );
    assert!(call(tunnel).await.is_err(), "the proxy refused the tunnel");
    let connect = &proxy.requests()[1];
    assert_eq!(
        (connect.method.as_str(), connect.target.as_str()),
        ("CONNECT", "vpc.example.invalid:443")
    );
    // A refused tunnel is a failed connection: the PUT was retried, each time by CONNECT.
    let tunnelled = proxy.requests().len();
    assert!(proxy.requests()[1..].iter().all(|r| r.method == "CONNECT"));
    let plain_only = config(&[("http_proxy", &proxy.url())], "https://127.0.0.1:9");
    assert!(call(plain_only).await.is_err());
    assert_eq!(proxy.requests().len(), tunnelled);
}
