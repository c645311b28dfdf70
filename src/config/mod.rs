//! Client configuration: credentials, region, endpoints, timeouts, limits, retries, proxies
//! and trusted certificates.
//!
//! A [`Config`] is built once, with [`Config::builder`] or from the environment with
//! [`Config::from_env`], and handed to a [`crate::transport::Transport`]. Generated clients
//! describe where each service lives with a [`ServiceEndpoints`] table (the host templates of
//! Huawei's official SDKs); [`Config::endpoint_for`] picks the right one for the configured
//! region, unless an endpoint override sends the service (or every service) to one URL.
//!
//! Every call is bounded: [`ConfigBuilder::connect_timeout`] and
//! [`ConfigBuilder::read_timeout`] bound each step, [`ConfigBuilder::timeout`] the whole call
//! (every attempt and every wait between them), and [`ConfigBuilder::max_response_body`] the
//! memory a response may take.

mod error;
mod network;

use std::collections::BTreeMap;
use std::time::Duration;

use url::Url;

use crate::auth::SchemeCredential;
use crate::credentials::Credentials;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

pub use error::{ConfigError, ConfigErrorKind};
pub use network::{
    Proxies, ProxyUrl, Trust, ENV_ALL_PROXY, ENV_HTTPS_PROXY, ENV_HTTP_PROXY, ENV_NO_PROXY,
};

/// Environment variable holding the project ID.
pub const ENV_PROJECT_ID: &str = "CLOUD_SDK_PROJECT_ID";
/// Environment variable holding the region, e.g. `cn-north-4`.
pub const ENV_REGION: &str = "CLOUD_SDK_REGION";
/// Environment variable holding an endpoint that every service is sent to.
pub const ENV_ENDPOINT: &str = "CLOUD_SDK_ENDPOINT";
/// Environment variable holding the time allowed for a whole call, in whole seconds.
pub const ENV_TIMEOUT: &str = "CLOUD_SDK_TIMEOUT";

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("hwcloud-rust/", env!("CARGO_PKG_VERSION"));
/// The default time allowed to open a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time allowed between two reads of a response.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time allowed for a whole call: every attempt, and every wait between two.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default size limit of a response body: 8 MiB. The largest answers of these APIs (a
/// security group with its rules) are some tens of KiB.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 8 << 20;

/// Where one service can be reached: its host templates, in order of preference.
#[derive(Debug, Clone, Copy)]
pub struct ServiceEndpoints {
    /// The service's name, as used in messages (`vpc`, `gaussdb`).
    pub service: &'static str,
    /// The host templates; the first whose region list holds the region is used.
    pub servers: &'static [ServerTemplate],
}

/// One host template of a service.
#[derive(Debug, Clone, Copy)]
pub struct ServerTemplate {
    /// The base URL, in which `{region}` is replaced by the region, e.g.
    /// `https://vpc.{region}.myhuaweicloud.com`.
    pub url: &'static str,
    /// The regions this template serves; empty means any region.
    pub regions: &'static [&'static str],
}

/// Everything a transport needs to reach and authenticate to Huawei Cloud (or to the service
/// of another document, with its own schemes: [`crate::auth`]).
///
/// `Debug` shows no secret: [`Credentials`] prints only the AK and the kind of credentials,
/// [`SchemeCredential`] only its kind (and a basic user name).
#[derive(Debug, Clone)]
pub struct Config {
    credentials: Option<Credentials>,
    schemes: BTreeMap<String, SchemeCredential>,
    region: Option<String>,
    endpoint: Option<Url>,
    service_endpoints: BTreeMap<String, Url>,
    project_id: Option<String>,
    language: Option<String>,
    user_agent: String,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Duration,
    max_response_body: usize,
    retry: RetryPolicy,
    proxies: Proxies,
    trust: Trust,
}

impl Config {
    /// Starts a configuration; only credentials are required: Huawei's
    /// ([`ConfigBuilder::credentials`]), or those of a document's schemes
    /// ([`ConfigBuilder::api_key`], ...), or [`ConfigBuilder::without_credentials`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Reads the configuration from the process environment.
    ///
    /// See [`Config::from_lookup`] for the variables read.
    pub fn from_env() -> Result<Config, ConfigError> {
        // A value that is not valid Unicode counts as unset, as for the credentials, so the
        // error never echoes it.
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, which returns the value of an environment
    /// variable.
    ///
    /// Credentials come from `CLOUD_SDK_AK` and `CLOUD_SDK_SK` (plus
    /// `CLOUD_SDK_SECURITY_TOKEN`), or `CLOUD_SDK_TOKEN` (see [`Credentials::from_lookup`]);
    /// then [`ENV_PROJECT_ID`], [`ENV_REGION`], [`ENV_ENDPOINT`] and [`ENV_TIMEOUT`], all
    /// optional, and the proxy variables [`Proxies::from_lookup`] reads. Empty or
    /// whitespace-only values count as unset, as for the credentials. Taking a closure lets
    /// tests supply variables without touching the process environment.
    pub fn from_lookup<F>(lookup: F) -> Result<Config, ConfigError>
    where
        F: Fn(&str) -> Option<String>,
    {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let credentials = Credentials::from_lookup(&lookup)
            .map_err(|error| ConfigError::new(ConfigErrorKind::Credentials(error)))?;
        let mut builder = Config::builder().credentials(credentials);
        builder.proxies = ProxyChoice::These(Proxies::from_lookup(&lookup)?);
        if let Some(project_id) = read(ENV_PROJECT_ID) {
            builder = builder.project_id(project_id);
            builder.project_id_source = ENV_PROJECT_ID;
        }
        if let Some(seconds) = read(ENV_TIMEOUT) {
            let timeout = seconds
                .parse::<u64>()
                .ok()
                .filter(|&seconds| seconds > 0)
                .ok_or_else(|| {
                    ConfigError::new(ConfigErrorKind::InvalidTimeout {
                        source_name: ENV_TIMEOUT,
                        value: seconds.clone(),
                    })
                })?;
            builder = builder.timeout(Duration::from_secs(timeout));
        }
        if let Some(region) = read(ENV_REGION) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = read(ENV_ENDPOINT) {
            builder = builder.endpoint(&endpoint);
            builder.endpoint_source = ENV_ENDPOINT;
        }
        builder.build()
    }

    /// The project ID, sent as `X-Project-Id` and used in paths of regional services.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The language of messages (`en-us`, `zh-cn`) operations with an `X-Language` header use.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The region, e.g. `cn-north-4`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The Huawei credentials requests are authenticated with, if any: those of every
    /// operation of Huawei's documents (and of others that declare no security).
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The credentials given for the security scheme `scheme` of a document (its name in
    /// `components/securitySchemes`), if any.
    pub fn scheme_credential(&self, scheme: &str) -> Option<&SchemeCredential> {
        self.schemes.get(scheme)
    }

    /// The endpoint override, if set: every service without an endpoint of its own is sent
    /// there.
    pub fn endpoint(&self) -> Option<&Url> {
        self.endpoint.as_ref()
    }

    /// The endpoint override of one service (`vpc`, `gaussdb`, `dbss`), if set.
    pub fn service_endpoint(&self, service: &str) -> Option<&Url> {
        self.service_endpoints.get(service)
    }

    /// The `User-Agent` header value.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The time allowed to open a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The time allowed between two reads of a response (waiting for its head included).
    pub fn read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// The time allowed for a whole call: every attempt, and every wait between two.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest response body read, in bytes; a larger one fails the call.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The proxies calls go through.
    pub fn proxies(&self) -> &Proxies {
        &self.proxies
    }

    /// The certificate authorities TLS connections are checked against.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// The base URL of `service`.
    ///
    /// The service's own endpoint override if set, else the endpoint override of every
    /// service; otherwise the first server template whose region list holds the region (an
    /// empty list serves any region), with `{region}` replaced.
    pub fn endpoint_for(&self, service: &ServiceEndpoints) -> Result<Url, ConfigError> {
        if let Some(endpoint) = self.service_endpoints.get(service.service) {
            return Ok(endpoint.clone());
        }
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.clone());
        }
        let Some(region) = self.region.as_deref() else {
            // A document of a service that is not regional (`servers: [{url:
            // https://api.example.com}]`) needs no region: its first absolute URL serves.
            let fixed = service
                .servers
                .iter()
                .find(|s| !s.url.contains("{region}") && s.url.contains("://"));
            if let Some(server) = fixed {
                return parse_endpoint(server.url).map_err(|reason| {
                    ConfigError::new(ConfigErrorKind::InvalidServerTemplate {
                        service: service.service.to_owned(),
                        url: server.url.to_owned(),
                        reason,
                    })
                });
            }
            return Err(ConfigError::new(ConfigErrorKind::NoRegion {
                service: service.service.to_owned(),
            }));
        };
        let server = service
            .servers
            .iter()
            .find(|server| server.regions.is_empty() || server.regions.contains(&region));
        let Some(server) = server else {
            let mut known: Vec<String> = service
                .servers
                .iter()
                .flat_map(|server| server.regions.iter().map(|r| (*r).to_owned()))
                .collect();
            known.sort();
            known.dedup();
            return Err(ConfigError::new(ConfigErrorKind::UnknownRegion {
                service: service.service.to_owned(),
                region: region.to_owned(),
                known,
            }));
        };
        let url = server.url.replace("{region}", region);
        parse_endpoint(&url).map_err(|reason| {
            ConfigError::new(ConfigErrorKind::InvalidServerTemplate {
                service: service.service.to_owned(),
                url,
                reason,
            })
        })
    }
}

/// Where the proxies come from.
#[derive(Clone)]
enum ProxyChoice {
    /// The process environment, read by `build`.
    FromEnvironment,
    /// One proxy for everything, parsed by `build` (its text may hold a password, so it is
    /// kept out of `Debug`).
    Url(String),
    /// Exactly these.
    These(Proxies),
}

impl std::fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FromEnvironment => f.write_str("FromEnvironment"),
            Self::Url(_) => f.write_str("Url(***)"),
            Self::These(proxies) => f.debug_tuple("These").field(proxies).finish(),
        }
    }
}

/// Builds a [`Config`]; see each setter for its default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    credentials: Option<Credentials>,
    schemes: BTreeMap<String, SchemeCredential>,
    /// `without_credentials` was called: building without any is no mistake.
    anonymous: bool,
    region: Option<String>,
    endpoint: Option<String>,
    /// Where the endpoint came from, named in the error when it does not parse.
    endpoint_source: &'static str,
    service_endpoints: BTreeMap<String, String>,
    project_id: Option<String>,
    /// Where the project ID came from, named in the error when it is not one.
    project_id_source: &'static str,
    language: Option<String>,
    user_agent: String,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Duration,
    max_response_body: usize,
    retry: RetryPolicy,
    proxies: ProxyChoice,
    trust: Trust,
    /// PEM bundles to trust, read by `build`.
    root_pems: Vec<Vec<u8>>,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            schemes: BTreeMap::new(),
            anonymous: false,
            region: None,
            endpoint: None,
            endpoint_source: "ConfigBuilder::endpoint",
            service_endpoints: BTreeMap::new(),
            project_id: None,
            project_id_source: "ConfigBuilder::project_id",
            language: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            retry: RetryPolicy::default(),
            proxies: ProxyChoice::FromEnvironment,
            trust: Trust::default(),
            root_pems: Vec::new(),
        }
    }
}

impl ConfigBuilder {
    /// Sets the Huawei credentials, which every operation of Huawei's documents uses
    /// (required for them).
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets the API key of the security scheme `scheme` (its name in the document's
    /// `components/securitySchemes`), sent in the header, query parameter or cookie the
    /// scheme names. It serves a bearer scheme too. Never printed.
    #[must_use]
    pub fn api_key(mut self, scheme: &str, key: impl Into<Secret>) -> Self {
        self.schemes
            .insert(scheme.to_owned(), SchemeCredential::ApiKey(key.into()));
        self
    }

    /// Sets the bearer token of the security scheme `scheme`: an `http` scheme with
    /// `scheme: bearer`, or the access token of an `oauth2` or `openIdConnect` scheme, which
    /// the caller obtains (the client runs no OAuth flow). Sent as `Authorization: Bearer
    /// <token>`; it serves an API key scheme too. Never printed.
    #[must_use]
    pub fn bearer_token(mut self, scheme: &str, token: impl Into<Secret>) -> Self {
        self.schemes
            .insert(scheme.to_owned(), SchemeCredential::Bearer(token.into()));
        self
    }

    /// Sets the user name and password of the `http` security scheme `scheme` with `scheme:
    /// basic`, sent as `Authorization: Basic base64(<user>:<password>)`. The password is
    /// never printed.
    #[must_use]
    pub fn basic_auth(
        mut self,
        scheme: &str,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.schemes.insert(
            scheme.to_owned(),
            SchemeCredential::Basic {
                username: username.into(),
                password: password.into(),
            },
        );
        self
    }

    /// Sets the credentials of the security scheme `scheme` as a [`SchemeCredential`].
    #[must_use]
    pub fn scheme_credential(mut self, scheme: &str, credential: SchemeCredential) -> Self {
        self.schemes.insert(scheme.to_owned(), credential);
        self
    }

    /// Builds a configuration without any credentials, for a document whose operations need
    /// none. Without it, [`ConfigBuilder::build`] refuses a configuration with no
    /// credentials at all, which is usually a mistake.
    #[must_use]
    pub fn without_credentials(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Sets the region, e.g. `cn-north-4`; it picks each service's endpoint.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every service to `endpoint` (`http` or `https`, with a host, optionally a path
    /// prefix), whatever the region. Checked by [`ConfigBuilder::build`].
    #[must_use]
    pub fn endpoint(mut self, endpoint: &str) -> Self {
        self.endpoint = Some(endpoint.to_owned());
        self
    }

    /// Sends one service (by the name its module's `ENDPOINTS` gives: `vpc`, `gaussdb`,
    /// `dbss`) to `endpoint`, whatever the region and the endpoint of every service, as the
    /// official SDKs' per-client endpoints do. Checked by [`ConfigBuilder::build`].
    #[must_use]
    pub fn service_endpoint(mut self, service: &str, endpoint: &str) -> Self {
        self.service_endpoints
            .insert(service.to_owned(), endpoint.to_owned());
        self
    }

    /// Sets the project ID: an IAM project ID, 32 to 64 letters and digits (checked by
    /// [`ConfigBuilder::build`], and by each operation against its document).
    #[must_use]
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the language of messages, e.g. `en-us`.
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Sets the `User-Agent` (default `hwcloud-rust/<version>`).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the time allowed to open a connection (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the time allowed between two reads of a response (default 30 s).
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Sets the time allowed for a whole call, every attempt and every wait between two
    /// included (default 60 s); past it the call fails with
    /// [`crate::transport::TransportError::Timeout`]. `CLOUD_SDK_TIMEOUT` sets it for
    /// [`Config::from_env`]. Checked by [`ConfigBuilder::build`]: it must not be zero.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the largest response body read, in bytes (default 8 MiB); a larger one, however
    /// it is framed, fails the call with
    /// [`crate::transport::TransportError::BodyTooLarge`] as soon as it is seen.
    #[must_use]
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]; see [`crate::retry`] for
    /// which failures are retried).
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sends every call through the proxy at `url` (`http://[user:password@]host:port`; the
    /// credentials are never printed). Checked by [`ConfigBuilder::build`].
    ///
    /// Without this, [`ConfigBuilder::proxies`] or [`ConfigBuilder::without_proxy`], the
    /// proxy variables of the environment are used (see [`Proxies::from_lookup`]).
    #[must_use]
    pub fn proxy(mut self, url: &str) -> Self {
        self.proxies = ProxyChoice::Url(url.to_owned());
        self
    }

    /// Sets the proxies and the hosts reached without one, in full.
    #[must_use]
    pub fn proxies(mut self, proxies: Proxies) -> Self {
        self.proxies = ProxyChoice::These(proxies);
        self
    }

    /// Reaches every host directly, whatever the environment says.
    #[must_use]
    pub fn without_proxy(mut self) -> Self {
        self.proxies = ProxyChoice::These(Proxies::default());
        self
    }

    /// Trusts the certificate authorities of a PEM bundle too (a corporate or private
    /// cloud's own authority). Checked by [`ConfigBuilder::build`].
    #[must_use]
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_pems.push(pem.into());
        self
    }

    /// Whether the operating system's certificate store is trusted too (default no).
    #[must_use]
    pub fn native_roots(mut self, trust: bool) -> Self {
        self.trust.native = trust;
        self
    }

    /// Whether the built-in roots (Mozilla's, compiled in) are trusted (default yes).
    #[must_use]
    pub fn built_in_roots(mut self, trust: bool) -> Self {
        self.trust.built_in = trust;
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let credentials = self.credentials;
        if credentials.is_none() && self.schemes.is_empty() && !self.anonymous {
            return Err(ConfigError::new(ConfigErrorKind::MissingCredentials));
        }
        let endpoint = match self.endpoint {
            None => None,
            Some(value) => Some(parse_endpoint(value.trim()).map_err(|reason| {
                ConfigError::new(ConfigErrorKind::InvalidEndpoint {
                    source_name: self.endpoint_source,
                    value: error::without_user_info(&value),
                    reason,
                })
            })?),
        };
        let mut service_endpoints = BTreeMap::new();
        for (service, value) in self.service_endpoints {
            let url = parse_endpoint(value.trim()).map_err(|reason| {
                ConfigError::new(ConfigErrorKind::InvalidServiceEndpoint {
                    service: service.clone(),
                    value: error::without_user_info(&value),
                    reason,
                })
            })?;
            service_endpoints.insert(service, url);
        }
        if let Some(region) = &self.region {
            check_region(region)?;
        }
        let project_id = self.project_id.filter(|id| !id.is_empty());
        if let Some(project_id) = &project_id {
            check_project_id(project_id, self.project_id_source)?;
        }
        for (name, value) in [
            ("user agent", Some(&self.user_agent)),
            ("language", self.language.as_ref()),
        ] {
            // These are sent as header values; checking now reports the mistake at start-up
            // instead of on every call.
            if let Some(value) = value {
                if http::HeaderValue::from_str(value).is_err() {
                    return Err(ConfigError::new(ConfigErrorKind::InvalidHeaderValue {
                        setting: name,
                    }));
                }
            }
        }
        if self.timeout.is_zero() {
            return Err(ConfigError::new(ConfigErrorKind::InvalidTimeout {
                source_name: "ConfigBuilder::timeout",
                value: "0 s".to_owned(),
            }));
        }
        let proxies = match self.proxies {
            ProxyChoice::FromEnvironment => Proxies::from_lookup(|name| std::env::var(name).ok())?,
            ProxyChoice::Url(url) => Proxies::all(ProxyUrl::parse(&url, "ConfigBuilder::proxy")?),
            ProxyChoice::These(proxies) => proxies,
        };
        let mut trust = self.trust;
        for pem in &self.root_pems {
            trust.extra.extend(Trust::parse_pem(pem)?);
        }
        Ok(Config {
            credentials,
            schemes: self.schemes,
            region: self.region,
            endpoint,
            service_endpoints,
            project_id,
            language: self.language.filter(|language| !language.is_empty()),
            user_agent: self.user_agent,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            timeout: self.timeout,
            max_response_body: self.max_response_body,
            retry: self.retry,
            proxies,
            trust,
        })
    }
}

/// The region is put into a host name; anything but a plain name could point the client,
/// and its credentials, at another host.
fn check_region(region: &str) -> Result<(), ConfigError> {
    let plain = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if plain {
        Ok(())
    } else {
        Err(ConfigError::new(ConfigErrorKind::InvalidRegion {
            region: region.to_owned(),
        }))
    }
}

/// A project ID is put into paths and headers. IAM issues them as letters and digits: 32 on
/// pages 000 and 003, 32 to 64 on page 002 (the VPC and DBSS audit pages say nothing).
/// Anything else is a mistake (a typo, a name instead of an ID, `..`), better reported at
/// start-up than sent to another path.
fn check_project_id(project_id: &str, source_name: &'static str) -> Result<(), ConfigError> {
    let iam = (32..=64).contains(&project_id.len())
        && project_id.bytes().all(|b| b.is_ascii_alphanumeric());
    if iam {
        Ok(())
    } else {
        Err(ConfigError::new(ConfigErrorKind::InvalidProjectId {
            source_name,
            value: project_id.to_owned(),
        }))
    }
}

/// Parses a base URL: `http` or `https`, a host, no user info, query or fragment.
fn parse_endpoint(value: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|error| error.to_string())?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!(
            "the scheme is {:?}, expected http or https",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".to_owned());
    }
    // A user name or password in the URL would be sent in clear and shown wherever the URL is.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it must not have a query or a fragment".to_owned());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    static VPC: ServiceEndpoints = ServiceEndpoints {
        service: "vpc",
        servers: &[
            ServerTemplate {
                url: "https://vpc.{region}.special.example",
                regions: &["cn-special-1"],
            },
            ServerTemplate {
                url: "https://vpc.{region}.myhuaweicloud.com",
                regions: &[],
            },
        ],
    };

    fn base() -> ConfigBuilder {
        Config::builder().credentials(Credentials::token("t"))
    }

    #[test]
    fn defaults() {
        let config = base().build().map_err(|e| e.to_string());
        let Ok(config) = config else {
            panic!("{config:?}");
        };
        assert_eq!(config.user_agent(), DEFAULT_USER_AGENT);
        assert!(DEFAULT_USER_AGENT.starts_with("hwcloud-rust/"));
        assert_eq!(config.connect_timeout(), Duration::from_secs(10));
        assert_eq!(config.read_timeout(), Duration::from_secs(30));
        assert_eq!(config.retry(), &RetryPolicy::default());
    }

    #[test]
    fn templates_pick_the_first_match() -> Result<(), ConfigError> {
        let special = base().region("cn-special-1").build()?.endpoint_for(&VPC)?;
        assert_eq!(
            special.as_str(),
            "https://vpc.cn-special-1.special.example/"
        );
        let any = base().region("cn-north-4").build()?.endpoint_for(&VPC)?;
        assert_eq!(any.as_str(), "https://vpc.cn-north-4.myhuaweicloud.com/");
        Ok(())
    }

    #[test]
    fn refuses_bad_settings() {
        let missing = Config::builder().build();
        assert!(matches!(
            missing.map_err(|e| e.kind().clone()),
            Err(ConfigErrorKind::MissingCredentials)
        ));
        for endpoint in [
            "ftp://x",
            "not a url",
            "https://u:p@host",
            "https://h/?a=b",
            "unix:/tmp/x",
        ] {
            let error = base().endpoint(endpoint).build();
            assert!(
                matches!(&error, Err(e) if matches!(e.kind(), ConfigErrorKind::InvalidEndpoint { .. })),
                "{endpoint}: {error:?}"
            );
        }
        let leaked = base()
            .endpoint("https://user:hunter2@host/x")
            .build()
            .map(|_| ())
            .map_err(|e| (e.to_string(), format!("{e:?}")));
        let Err((display, debug)) = leaked else {
            panic!("user info accepted");
        };
        assert!(display.contains("https://***@host/x"), "{display}");
        assert!(
            !display.contains("hunter2") && !debug.contains("hunter2"),
            "{debug}"
        );
        assert_eq!(error::without_user_info("not a url"), "not a url");
        assert_eq!(
            error::without_user_info("http://h/a@b"),
            "http://h/a@b",
            "an @ in the path is not user info"
        );
        for region in ["", "evil.com/x", "a b"] {
            assert!(base().region(region).build().is_err(), "{region:?}");
        }
        assert!(base().user_agent("a\r\nb").build().is_err());
        assert!(base().project_id("a\nb").build().is_err());
    }

    #[test]
    fn no_region_says_what_to_set() -> Result<(), ConfigError> {
        let error = base()
            .build()?
            .endpoint_for(&VPC)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let Err(message) = error else {
            panic!("expected an error");
        };
        assert!(
            message.contains("vpc")
                && message.contains(ENV_REGION)
                && message.contains(ENV_ENDPOINT)
        );
        Ok(())
    }
}
