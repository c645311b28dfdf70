//! The operating system's certificate store, when asked (`ConfigBuilder::native_roots`): on
//! Linux it is read as OpenSSL does, so `SSL_CERT_FILE` points it at the test authority here.
//! A binary of its own, since it sets an environment variable of the process.

mod support;

use std::time::Duration;

use http::Method;
use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::retry::RetryPolicy;
use hwcloud::transport::{Call, Transport, TransportError};

use support::tls::{TlsServer, FIXTURES};

#[tokio::test]
async fn the_system_store_is_trusted_only_when_asked() {
    // The only test of this binary: nothing else reads the environment meanwhile.
    std::env::set_var("SSL_CERT_FILE", format!("{FIXTURES}/ca.pem"));
    std::env::remove_var("SSL_CERT_DIR");
    let server = TlsServer::start().await;
    let send = |native: bool| {
        let config = Config::builder()
            .credentials(Credentials::token("token"))
            .endpoint(&server.url())
            .without_proxy()
            .native_roots(native)
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("config");
        async move {
            let base = config.endpoint().expect("endpoint").clone();
            let transport = Transport::new(config).expect("transport");
            transport
                .send(&base, Call::new("Tls", Method::GET, "/".into()))
                .await
        }
    };
    let refused = send(false).await.expect_err("not asked");
    assert!(
        matches!(refused, TransportError::Connect { .. }),
        "{refused:?}"
    );
    let response = send(true)
        .await
        .expect("the system store holds the test CA");
    assert_eq!(response.status, 200);
}
