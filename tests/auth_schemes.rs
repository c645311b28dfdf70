//! A client of a document that is not Huawei's authenticating with the document's own
//! schemes (`tests/generate/security.yaml`), over real HTTP against a server on 127.0.0.1:
//! API keys in a header, the query and a cookie, HTTP bearer and basic, OAuth 2.0 and OpenID
//! Connect tokens; two schemes together; optional and no authentication; credentials the
//! configuration lacks refused before anything is sent; and no secret in `Debug`,
//! `Display` or an error.

mod support;

#[allow(deprecated)]
pub mod security {
    include!("generate/security.rs");
}

use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind};
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::transport::TransportError;
use support::{Reply, TestServer};

const KEY: &str = "k-header-0001";
const QUERY_KEY: &str = "k-query-0002";
const SESSION: &str = "s-cookie-0003";
const TOKEN: &str = "t-bearer-0004";
const OAUTH: &str = "t-oauth-0005";
const OIDC: &str = "t-oidc-0006";
const PASSWORD: &str = "open sesame";

fn builder(server: &TestServer) -> ConfigBuilder {
    Config::builder().endpoint(&server.url()).without_proxy()
}

fn client(config: ConfigBuilder) -> security::Client {
    security::Client::new(config.build().expect("a valid configuration")).expect("client")
}

fn pet() -> security::types::Pet {
    security::types::Pet { name: "Rex".into() }
}

#[tokio::test]
async fn an_api_key_goes_in_the_header_the_scheme_names() {
    let server = TestServer::start(vec![Reply::json(200, "[]")]).await;
    let client = client(builder(&server).api_key("api_key", KEY));
    let request = security::ListPetsRequest::builder()
        .limit(5)
        .build()
        .expect("valid");
    client.list_pets(&request).await.expect("200");

    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-api-key"), Some(KEY));
    assert_eq!(sent.query(), Some("limit=5"));
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(sent.header("x-auth-token"), None);
}

#[tokio::test]
async fn an_api_key_goes_in_the_query_beside_the_operations_parameters() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"name":"Rex"}"#)]).await;
    let client = client(builder(&server).api_key("query_key", QUERY_KEY));
    let request = security::GetPetRequest::builder()
        .pet_id("p 1")
        .fields("name")
        .build()
        .expect("valid");
    client.get_pet(&request).await.expect("200");

    let sent = &server.requests()[0];
    assert_eq!(sent.path(), "/pets/p%201");
    assert_eq!(
        sent.query(),
        Some(format!("api_key={QUERY_KEY}&fields=name").as_str())
    );
}

#[tokio::test]
async fn an_api_key_goes_in_a_cookie_after_the_operations_cookies() {
    let server = TestServer::start(vec![Reply::status(204), Reply::status(204)]).await;
    let client = client(builder(&server).api_key("session_cookie", SESSION));
    let themed = security::GetSessionRequest::builder()
        .theme("dark")
        .build()
        .expect("valid");
    client.get_session(&themed).await.expect("204");
    let plain = security::GetSessionRequest::builder()
        .build()
        .expect("valid");
    client.get_session(&plain).await.expect("204");

    let sent = server.requests();
    assert_eq!(
        sent[0].header("cookie"),
        Some(format!("theme=dark; SESSION={SESSION}").as_str())
    );
    assert_eq!(
        sent[1].header("cookie"),
        Some(format!("SESSION={SESSION}").as_str())
    );
}

#[tokio::test]
async fn a_cookie_key_that_is_no_cookie_value_is_refused_before_sending() {
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let client = client(builder(&server).api_key("session_cookie", "a;b=c"));
    let request = security::GetSessionRequest::builder()
        .build()
        .expect("valid");
    let error = client.get_session(&request).await.expect_err("refused");
    assert!(
        matches!(
            &error,
            Error::Transport(TransportError::InvalidHeader { name }) if name == "Cookie"
        ),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("a;b=c"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_bearer_token_is_sent_as_authorization_bearer() {
    let server = TestServer::start(vec![Reply::status(201)]).await;
    let client = client(builder(&server).bearer_token("bearer_auth", TOKEN));
    let request = security::CreatePetRequest::builder()
        .body(pet())
        .build()
        .expect("valid");
    client.create_pet(&request).await.expect("201");

    let sent = &server.requests()[0];
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(String::from_utf8_lossy(&sent.body), r#"{"name":"Rex"}"#);
}

#[tokio::test]
async fn an_oauth2_access_token_serves_the_second_alternative() {
    let server = TestServer::start(vec![Reply::status(201), Reply::status(201)]).await;
    let oauth_only = client(builder(&server).bearer_token("petstore_auth", OAUTH));
    let request = security::CreatePetRequest::builder()
        .body(pet())
        .build()
        .expect("valid");
    oauth_only.create_pet(&request).await.expect("201");
    // With both, the first alternative the document lists is applied.
    let both = client(
        builder(&server)
            .bearer_token("petstore_auth", OAUTH)
            .bearer_token("bearer_auth", TOKEN),
    );
    both.create_pet(&request).await.expect("201");

    let sent = server.requests();
    assert_eq!(
        sent[0].header("authorization"),
        Some(format!("Bearer {OAUTH}").as_str())
    );
    assert_eq!(
        sent[1].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn basic_credentials_are_sent_base64_encoded() {
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let client = client(builder(&server).basic_auth("basic_auth", "Aladdin", PASSWORD));
    let request = security::DeletePetRequest::builder()
        .pet_id("p1")
        .build()
        .expect("valid");
    client.delete_pet(&request).await.expect("204");

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "DELETE");
    // RFC 7617's example: base64("Aladdin:open sesame").
    assert_eq!(
        sent.header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn schemes_required_together_are_all_applied() {
    let server = TestServer::start(vec![Reply::status(204), Reply::status(204)]).await;
    let together = client(
        builder(&server)
            .api_key("api_key", KEY)
            .bearer_token("oidc", OIDC),
    );
    let request = security::GetMeRequest::builder().build().expect("valid");
    together.get_me(&request).await.expect("204");
    // The OpenID Connect token alone satisfies no alternative; `partner_key` (a `$ref` to
    // the `api_key` scheme, configured under its own name) does.
    let partner = client(
        builder(&server)
            .bearer_token("oidc", OIDC)
            .api_key("partner_key", "k-partner"),
    );
    partner.get_me(&request).await.expect("204");

    let sent = server.requests();
    assert_eq!(sent[0].header("x-api-key"), Some(KEY));
    assert_eq!(
        sent[0].header("authorization"),
        Some(format!("Bearer {OIDC}").as_str())
    );
    assert_eq!(sent[1].header("x-api-key"), Some("k-partner"));
    assert_eq!(sent[1].header("authorization"), None);
}

#[tokio::test]
async fn missing_credentials_are_refused_before_anything_is_sent() {
    let server = TestServer::start(vec![Reply::status(201)]).await;
    // Credentials of another scheme only.
    let client = client(builder(&server).api_key("query_key", QUERY_KEY));
    let request = security::CreatePetRequest::builder()
        .body(pet())
        .build()
        .expect("valid");
    let error = client.create_pet(&request).await.expect_err("refused");
    let Error::Transport(TransportError::MissingCredentials {
        operation,
        security,
    }) = &error
    else {
        panic!("not MissingCredentials: {error:?}");
    };
    assert_eq!(*operation, "CreatePet");
    let names: Vec<Vec<&str>> = security
        .alternatives
        .iter()
        .map(|a| a.iter().map(|s| s.name).collect())
        .collect();
    assert_eq!(names, [["bearer_auth"], ["petstore_auth"]]);
    let message = error.to_string();
    assert_eq!(
        message,
        "operation CreatePet needs credentials the configuration does not hold: \
         `bearer_auth` (a bearer token, ConfigBuilder::bearer_token), or `petstore_auth` \
         (a bearer token, ConfigBuilder::bearer_token); nothing was sent"
    );
    assert!(!error.is_retryable_transport(), "{error:?}");
    assert!(server.requests().is_empty(), "something was sent");
}

/// Whether an error is a transport failure the retry policy may retry.
trait Retryable {
    fn is_retryable_transport(&self) -> bool;
}

impl<E> Retryable for Error<E> {
    fn is_retryable_transport(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_retryable())
    }
}

#[tokio::test]
async fn optional_authentication_sends_credentials_when_configured() {
    let server = TestServer::start(vec![Reply::status(204), Reply::status(204)]).await;
    let request = security::SearchRequest::builder().build().expect("valid");
    let anonymous = client(builder(&server).without_credentials());
    anonymous.search(&request).await.expect("204");
    let keyed = client(builder(&server).api_key("api_key", KEY));
    keyed.search(&request).await.expect("204");

    let sent = server.requests();
    assert_eq!(sent[0].header("x-api-key"), None);
    assert_eq!(sent[1].header("x-api-key"), Some(KEY));
}

#[tokio::test]
async fn an_operation_without_security_sends_no_credentials_at_all() {
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let client = client(
        builder(&server)
            .api_key("api_key", KEY)
            .credentials(Credentials::token("huawei-token")),
    );
    let request = security::HealthRequest::builder().build().expect("valid");
    client.health(&request).await.expect("204");

    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-api-key"), None);
    assert_eq!(sent.header("x-auth-token"), None);
    assert_eq!(sent.header("authorization"), None);
}

#[tokio::test]
async fn huawei_credentials_never_reach_another_documents_service() {
    let server = TestServer::start(vec![Reply::json(200, "[]")]).await;
    let client = client(
        builder(&server)
            .credentials(Credentials::token("huawei-token"))
            .api_key("api_key", KEY),
    );
    let request = security::ListPetsRequest::builder().build().expect("valid");
    client.list_pets(&request).await.expect("200");

    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-api-key"), Some(KEY));
    assert_eq!(sent.header("x-auth-token"), None);
    assert_eq!(sent.header("x-project-id"), None);
}

#[test]
fn no_secret_appears_in_the_configurations_debug() {
    let config = Config::builder()
        .api_key("api_key", KEY)
        .bearer_token("bearer_auth", TOKEN)
        .basic_auth("basic_auth", "Aladdin", PASSWORD)
        .endpoint("https://pets.example.com")
        .build()
        .expect("valid");
    let client = security::Client::new(config.clone()).expect("client");
    for shown in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
    ] {
        for secret in [KEY, TOKEN, PASSWORD] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        // What is there is named, so a user can tell what is configured.
        assert!(
            shown.contains("api_key") && shown.contains("bearer_auth"),
            "{shown}"
        );
    }
    assert!(config.scheme_credential("api_key").is_some());
    assert!(config.scheme_credential("other").is_none());
}

#[test]
fn a_configuration_needs_credentials_unless_told_otherwise() {
    let none = Config::builder().build().map_err(|e| e.kind().clone());
    assert!(
        matches!(none, Err(ConfigErrorKind::MissingCredentials)),
        "{none:?}"
    );
    let scheme_only = Config::builder().bearer_token("bearer_auth", TOKEN).build();
    assert_eq!(scheme_only.expect("valid").credentials(), None);
    assert!(Config::builder().without_credentials().build().is_ok());
}

#[tokio::test]
async fn an_aksk_signature_covers_an_api_key_put_in_the_query() {
    use hwcloud::auth::{KeyLocation, Scheme, SchemeKind, Security};
    use hwcloud::signing::{Authorization, Received, Signer};
    use hwcloud::transport::{Call, Transport};

    // A document mixing Huawei's signing with an API key in the query, both required.
    static AKSK: Scheme = Scheme {
        name: "aksk",
        kind: SchemeKind::Huawei,
    };
    static KEY_IN_QUERY: Scheme = Scheme {
        name: "query_key",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Query,
            param: "api_key",
        },
    };
    static MIXED: Security = Security {
        alternatives: &[&[&AKSK, &KEY_IN_QUERY]],
    };
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let config = builder(&server)
        .credentials(Credentials::permanent("MIXEDAK000000000", "mixed-sk"))
        .api_key("query_key", QUERY_KEY)
        .build()
        .expect("valid");
    let transport = Transport::new(config).expect("transport");
    let mut call = Call::new("Mixed", http::Method::GET, "/things".into());
    call.security(&MIXED);
    call.query("limit", &3);
    let base = url::Url::parse(&server.url()).expect("url");
    transport.send(&base, call).await.expect("204");

    let sent = &server.requests()[0];
    assert_eq!(
        sent.query(),
        Some(format!("api_key={QUERY_KEY}&limit=3").as_str())
    );
    let mut headers = http::HeaderMap::new();
    for (name, value) in &sent.headers {
        let name = http::HeaderName::from_bytes(name.as_bytes()).expect("name");
        headers.append(name, http::HeaderValue::from_str(value).expect("value"));
    }
    let authorization = Authorization::parse(sent.header("authorization").expect("signed"))
        .expect("an SDK-HMAC-SHA256 authorization");
    let verification = Signer::new("MIXEDAK000000000", "mixed-sk")
        .verify(
            &Received {
                method: &http::Method::GET,
                path: sent.path(),
                query: sent.query(),
                headers: &headers,
                body: &sent.body,
            },
            &authorization,
        )
        .expect("verifiable");
    assert!(verification.valid, "{}", verification.canonical_request);
    assert!(verification.canonical_request.contains(QUERY_KEY));
}
