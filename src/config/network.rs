//! How the client reaches the cloud from where it runs: the proxies it goes through and the
//! certificates it trusts.
//!
//! Both are resolved when the configuration is built, so a [`super::Config`] says exactly
//! what its transport will do: the HTTP library is told to ignore the environment, and is
//! given these settings instead.

use std::fmt;

use url::Url;

use super::{ConfigError, ConfigErrorKind};

/// The environment variables read for the proxy of `https` endpoints, in order.
pub const ENV_HTTPS_PROXY: &[&str] = &["https_proxy", "HTTPS_PROXY"];
/// The environment variable read for the proxy of `http` endpoints: lower case only, as curl
/// reads it, since a CGI server puts a request's `Proxy:` header into `HTTP_PROXY`
/// ("httpoxy").
pub const ENV_HTTP_PROXY: &[&str] = &["http_proxy"];
/// The environment variables read for a proxy of both kinds, used where the two above are
/// unset.
pub const ENV_ALL_PROXY: &[&str] = &["all_proxy", "ALL_PROXY"];
/// The environment variables read for the hosts reached without a proxy.
pub const ENV_NO_PROXY: &[&str] = &["no_proxy", "NO_PROXY"];

/// A proxy's URL. Its user name and password are sent to the proxy, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

impl ProxyUrl {
    /// Parses a proxy URL; one without a scheme (`proxy:3128`) is taken as `http://`.
    pub fn parse(value: &str, source_name: &'static str) -> Result<ProxyUrl, ConfigError> {
        let refuse = |reason: String| {
            ConfigError::new(ConfigErrorKind::InvalidProxy {
                source_name,
                reason,
            })
        };
        let value = value.trim();
        let text = if value.contains("://") {
            value.to_owned()
        } else {
            format!("http://{value}")
        };
        // The parser's message never holds the URL, which may carry a password.
        let url = Url::parse(&text).map_err(|error| refuse(error.to_string()))?;
        match url.scheme() {
            "http" | "https" => {}
            scheme => {
                return Err(refuse(format!(
                    "the scheme is {scheme:?}; http and https proxies are supported"
                )))
            }
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(refuse("it has no host".to_owned()));
        }
        Ok(ProxyUrl(url))
    }

    /// The URL, credentials included: for the HTTP library only.
    pub(crate) fn expose(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.0;
        let credentials = if url.username().is_empty() && url.password().is_none() {
            ""
        } else {
            "***@"
        };
        let host = url.host_str().unwrap_or_default();
        match url.port() {
            Some(port) => write!(f, "{}://{credentials}{host}:{port}", url.scheme()),
            None => write!(f, "{}://{credentials}{host}", url.scheme()),
        }
    }
}

/// The proxies calls go through. The default is none: every host is reached directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    /// The proxy of `https` endpoints (tunnelled with `CONNECT`).
    pub https: Option<ProxyUrl>,
    /// The proxy of `http` endpoints.
    pub http: Option<ProxyUrl>,
    /// The hosts reached directly, in `NO_PROXY` syntax: names (a leading `.` or none
    /// matches subdomains too), IP addresses, CIDR blocks, or `*` for all, separated by
    /// commas.
    pub bypass: Option<String>,
}

impl Proxies {
    /// One proxy for every endpoint, `http` and `https`.
    pub fn all(url: ProxyUrl) -> Proxies {
        Proxies {
            https: Some(url.clone()),
            http: Some(url),
            bypass: None,
        }
    }

    /// The proxies the environment names, as curl reads them: `https_proxy` (or
    /// `HTTPS_PROXY`) for `https` endpoints, `http_proxy` (lower case only) for `http` ones,
    /// `all_proxy` (or `ALL_PROXY`) for either where its own is unset, and `no_proxy` (or
    /// `NO_PROXY`) for the hosts reached directly. Empty values count as unset.
    pub fn from_lookup<F>(lookup: F) -> Result<Proxies, ConfigError>
    where
        F: Fn(&str) -> Option<String>,
    {
        let first = |names: &[&'static str]| {
            names.iter().copied().find_map(|name| {
                lookup(name)
                    .filter(|value| !value.trim().is_empty())
                    .map(|value| (name, value))
            })
        };
        let parse = |found: Option<(&'static str, String)>| {
            found
                .map(|(name, value)| ProxyUrl::parse(&value, name))
                .transpose()
        };
        let all = first(ENV_ALL_PROXY);
        let https = parse(first(ENV_HTTPS_PROXY).or_else(|| all.clone()))?;
        let http = parse(first(ENV_HTTP_PROXY).or(all))?;
        let bypass = first(ENV_NO_PROXY).map(|(_, value)| value.trim().to_owned());
        Ok(Proxies {
            https,
            http,
            bypass,
        })
    }

    /// Gives these proxies, and only these, to the HTTP library.
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, ConfigError> {
        builder = builder.no_proxy();
        let bypass = self
            .bypass
            .as_deref()
            .and_then(reqwest::NoProxy::from_string);
        let refuse = |error: reqwest::Error| {
            ConfigError::new(ConfigErrorKind::InvalidProxy {
                source_name: "the proxy settings",
                reason: error.without_url().to_string(),
            })
        };
        if let Some(url) = &self.https {
            let proxy = reqwest::Proxy::https(url.expose()).map_err(refuse)?;
            builder = builder.proxy(proxy.no_proxy(bypass.clone()));
        }
        if let Some(url) = &self.http {
            let proxy = reqwest::Proxy::http(url.expose()).map_err(refuse)?;
            builder = builder.proxy(proxy.no_proxy(bypass));
        }
        Ok(builder)
    }
}

/// The certificate authorities TLS connections are checked against.
///
/// The default is the built-in roots (Mozilla's, compiled in), the same on every machine.
/// A corporate proxy or a private cloud that presents its own authority needs it added: as
/// PEM certificates, or by trusting the operating system's store, where such authorities
/// are usually installed.
#[derive(Debug, Clone)]
pub struct Trust {
    /// Whether the built-in roots are trusted.
    pub built_in: bool,
    /// Whether the operating system's store is trusted (on Linux, `SSL_CERT_FILE` and
    /// `SSL_CERT_DIR` are honoured, as OpenSSL does).
    pub native: bool,
    /// Further authorities to trust.
    pub extra: Vec<reqwest::Certificate>,
}

impl Default for Trust {
    fn default() -> Self {
        Self {
            built_in: true,
            native: false,
            extra: Vec::new(),
        }
    }
}

impl Trust {
    /// Reads the certificates of a PEM bundle (one or more `-----BEGIN CERTIFICATE-----`).
    pub fn parse_pem(pem: &[u8]) -> Result<Vec<reqwest::Certificate>, ConfigError> {
        let refuse =
            |reason: String| ConfigError::new(ConfigErrorKind::InvalidRootCertificate { reason });
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|error| refuse(error.without_url().to_string()))?;
        if certificates.is_empty() {
            return Err(refuse("no certificate in it".to_owned()));
        }
        Ok(certificates)
    }

    /// Gives these roots, and only these, to the HTTP library.
    pub(crate) fn apply(&self, mut builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        builder = builder
            .tls_built_in_root_certs(false)
            .tls_built_in_webpki_certs(self.built_in)
            .tls_built_in_native_certs(self.native);
        for certificate in &self.extra {
            builder = builder.add_root_certificate(certificate.clone());
        }
        builder
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn proxy_credentials_are_never_printed() -> Result<(), ConfigError> {
        let url = ProxyUrl::parse("http://user:hunter2@proxy.example:3128", "test")?;
        assert_eq!(format!("{url:?}"), "http://***@proxy.example:3128");
        assert!(url.expose().contains("hunter2"));
        let plain = ProxyUrl::parse("proxy.example:8080", "test")?;
        assert_eq!(format!("{plain:?}"), "http://proxy.example:8080");
        let error = ProxyUrl::parse("socks5://user:hunter2@proxy:1080", "HTTPS_PROXY")
            .map(|_| ())
            .map_err(|e| e.to_string());
        let Err(message) = error else {
            panic!("socks5 accepted");
        };
        assert!(message.contains("HTTPS_PROXY") && message.contains("socks5"));
        assert!(!message.contains("hunter2"), "{message}");
        Ok(())
    }

    #[test]
    fn the_environment_names_proxies_as_curl_reads_them() -> Result<(), ConfigError> {
        let proxies = Proxies::from_lookup(lookup(&[
            ("HTTPS_PROXY", "http://secure:3128"),
            ("http_proxy", "http://plain:3128"),
            ("HTTP_PROXY", "http://ignored:3128"),
            ("NO_PROXY", "localhost,.internal"),
        ]))?;
        assert_eq!(format!("{:?}", proxies.https), "Some(http://secure:3128)");
        assert_eq!(format!("{:?}", proxies.http), "Some(http://plain:3128)");
        assert_eq!(proxies.bypass.as_deref(), Some("localhost,.internal"));

        let all = Proxies::from_lookup(lookup(&[
            ("ALL_PROXY", "http://both:1"),
            ("https_proxy", " "),
        ]))?;
        assert_eq!(format!("{:?}", all.https), "Some(http://both:1)");
        assert_eq!(format!("{:?}", all.http), "Some(http://both:1)");
        assert_eq!(Proxies::from_lookup(lookup(&[]))?, Proxies::default());
        // Upper-case HTTP_PROXY is what CGI makes of a request's `Proxy:` header.
        let cgi = Proxies::from_lookup(lookup(&[("HTTP_PROXY", "http://attacker:80")]))?;
        assert_eq!(cgi, Proxies::default());
        Ok(())
    }

    #[test]
    fn a_pem_without_certificates_is_refused() {
        assert!(Trust::parse_pem(b"not a certificate").is_err());
        assert!(Trust::parse_pem(b"").is_err());
    }
}
