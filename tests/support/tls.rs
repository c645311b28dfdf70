//! An HTTPS server on 127.0.0.1 with the test certificate of `tests/fixtures/tls/`: it
//! answers every request with `200 {}`, and counts the TLS handshakes that succeeded. Bounded
//! like the plain server: it stops after [`super::LIFETIME`] or when dropped.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::rustls::crypto::ring::default_provider;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// The folder of the test certificates.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");

/// The test CA, which signed the server's certificate.
pub fn ca_pem() -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/ca.pem")).expect("tests/fixtures/tls/ca.pem")
}

/// A running HTTPS server; stops when dropped.
pub struct TlsServer {
    addr: SocketAddr,
    handshakes: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl TlsServer {
    /// Starts the server.
    pub async fn start() -> TlsServer {
        let certificates: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(format!("{FIXTURES}/server.pem"))
                .expect("server.pem")
                .collect::<Result<_, _>>()
                .expect("certificates");
        let key = PrivateKeyDer::from_pem_file(format!("{FIXTURES}/server.key")).expect("key");
        let config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certificates, key)
            .expect("server certificate");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let handshakes = Arc::new(AtomicUsize::new(0));
        let counted = handshakes.clone();
        let task = tokio::spawn(async move {
            let serve = async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let acceptor = acceptor.clone();
                    let counted = counted.clone();
                    tokio::spawn(async move {
                        let Ok(mut stream) = acceptor.accept(stream).await else {
                            return;
                        };
                        counted.fetch_add(1, Ordering::SeqCst);
                        let mut head = Vec::new();
                        let mut byte = [0u8; 1];
                        while !head.ends_with(b"\r\n\r\n") {
                            match stream.read(&mut byte).await {
                                Ok(1) => head.push(byte[0]),
                                _ => return,
                            }
                        }
                        let reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                                     Content-Length: 2\r\nConnection: close\r\n\r\n{}";
                        let _ = stream.write_all(reply.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    });
                }
            };
            let _ = tokio::time::timeout(super::LIFETIME, serve).await;
        });
        TlsServer {
            addr,
            handshakes,
            task,
        }
    }

    /// `https://localhost:<port>` (the name the certificate is for).
    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }

    /// How many TLS handshakes succeeded.
    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
