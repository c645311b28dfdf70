//! TLS: the built-in roots by default, and a private authority trusted when it is given
//! (`ConfigBuilder::add_root_certificates_pem`), against an HTTPS server on 127.0.0.1 whose
//! certificate that authority signed (`tests/fixtures/tls/`).

mod support;

use std::time::Duration;

use http::Method;
use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind};
use hwcloud::credentials::Credentials;
use hwcloud::retry::RetryPolicy;
use hwcloud::transport::{Call, RawResponse, Transport, TransportError};
use url::Url;

use support::tls::{ca_pem, TlsServer};

fn builder(server: &TlsServer) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::token("token"))
        .endpoint(&server.url())
        .without_proxy()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
}

async fn get(builder: ConfigBuilder) -> Result<RawResponse, TransportError> {
    let config = builder.build().expect("config");
    let base: Url = config.endpoint().expect("endpoint").clone();
    let transport = Transport::new(config).expect("transport");
    transport
        .send(&base, Call::new("Tls", Method::GET, "/v3/ping".into()))
        .await
}

#[tokio::test]
async fn a_private_authority_is_refused_by_default() {
    let server = TlsServer::start().await;
    let error = get(builder(&server)).await.expect_err("an unknown issuer");
    assert!(matches!(error, TransportError::Connect { .. }), "{error:?}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    assert_eq!(server.handshakes(), 0);
}

#[tokio::test]
async fn a_private_authority_given_as_pem_is_trusted() {
    let server = TlsServer::start().await;
    let response = get(builder(&server).add_root_certificates_pem(ca_pem()))
        .await
        .expect("trusted");
    assert_eq!((response.status, &response.body[..]), (200, &b"{}"[..]));
    // Only the authority given: the built-in roots are not needed for it.
    let response = get(builder(&server)
        .built_in_roots(false)
        .add_root_certificates_pem(ca_pem()))
    .await
    .expect("trusted");
    assert_eq!(response.status, 200);
    assert_eq!(server.handshakes(), 2);
}

#[test]
fn a_pem_without_a_certificate_is_a_configuration_error() {
    let error = Config::builder()
        .credentials(Credentials::token("token"))
        .add_root_certificates_pem(
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".to_vec(),
        )
        .build()
        .expect_err("no certificate");
    assert!(
        matches!(error.kind(), ConfigErrorKind::InvalidRootCertificate { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("PEM"), "{error}");
}
