//! Client configuration: credentials, region, endpoints, timeouts and retries.
//!
//! A [`Config`] is built once, with [`Config::builder`] or from the environment with
//! [`Config::from_env`], and handed to a [`crate::transport::Transport`]. Generated clients
//! describe where each service lives with a [`ServiceEndpoints`] table (the host templates of
//! Huawei's official SDKs); [`Config::endpoint_for`] picks the right one for the configured
//! region, unless an endpoint override sends every service to one URL.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use url::Url;

use crate::credentials::{Credentials, CredentialsError};
use crate::retry::RetryPolicy;

/// Environment variable holding the project ID.
pub const ENV_PROJECT_ID: &str = "CLOUD_SDK_PROJECT_ID";
/// Environment variable holding the region, e.g. `cn-north-4`.
pub const ENV_REGION: &str = "CLOUD_SDK_REGION";
/// Environment variable holding an endpoint that every service is sent to.
pub const ENV_ENDPOINT: &str = "CLOUD_SDK_ENDPOINT";

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("hwcloud-rust/", env!("CARGO_PKG_VERSION"));
/// The default time allowed to open a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time allowed between two reads of a response.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

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

/// Everything a transport needs to reach and authenticate to Huawei Cloud.
///
/// `Debug` shows no secret: [`Credentials`] prints only the AK and the kind of credentials.
#[derive(Debug, Clone)]
pub struct Config {
    credentials: Credentials,
    region: Option<String>,
    endpoint: Option<Url>,
    project_id: Option<String>,
    language: Option<String>,
    user_agent: String,
    connect_timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
}

impl Config {
    /// Starts a configuration; only the credentials are required.
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
    /// then [`ENV_PROJECT_ID`], [`ENV_REGION`] and [`ENV_ENDPOINT`], all optional. Empty or
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
        if let Some(project_id) = read(ENV_PROJECT_ID) {
            builder = builder.project_id(project_id);
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

    /// The credentials requests are authenticated with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The endpoint override, if set: every service is sent there.
    pub fn endpoint(&self) -> Option<&Url> {
        self.endpoint.as_ref()
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

    /// The retry policy of idempotent calls.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The base URL of `service`.
    ///
    /// The endpoint override if set; otherwise the first server template whose region list
    /// holds the region (an empty list serves any region), with `{region}` replaced.
    pub fn endpoint_for(&self, service: &ServiceEndpoints) -> Result<Url, ConfigError> {
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.clone());
        }
        let Some(region) = self.region.as_deref() else {
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

/// Builds a [`Config`]; see each setter for its default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<String>,
    /// Where the endpoint came from, named in the error when it does not parse.
    endpoint_source: &'static str,
    project_id: Option<String>,
    language: Option<String>,
    user_agent: String,
    connect_timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: None,
            endpoint_source: "ConfigBuilder::endpoint",
            project_id: None,
            language: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }
}

impl ConfigBuilder {
    /// Sets the credentials (required).
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
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

    /// Sets the project ID.
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

    /// Sets the retry policy of idempotent calls (default [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let credentials = self
            .credentials
            .ok_or_else(|| ConfigError::new(ConfigErrorKind::MissingCredentials))?;
        let endpoint = match self.endpoint {
            None => None,
            Some(value) => Some(parse_endpoint(value.trim()).map_err(|reason| {
                ConfigError::new(ConfigErrorKind::InvalidEndpoint {
                    source_name: self.endpoint_source,
                    value,
                    reason,
                })
            })?),
        };
        if let Some(region) = &self.region {
            // The region is put into a host name; anything but a plain name could point the
            // client, and its credentials, at another host.
            let plain = !region.is_empty()
                && region
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !plain {
                return Err(ConfigError::new(ConfigErrorKind::InvalidRegion {
                    region: region.clone(),
                }));
            }
        }
        for (name, value) in [
            ("user agent", Some(&self.user_agent)),
            ("project ID", self.project_id.as_ref()),
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
        Ok(Config {
            credentials,
            region: self.region,
            endpoint,
            project_id: self.project_id.filter(|id| !id.is_empty()),
            language: self.language.filter(|language| !language.is_empty()),
            user_agent: self.user_agent,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            retry: self.retry,
        })
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

/// What is wrong with a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No credentials were given to the builder.
    MissingCredentials,
    /// The credentials could not be read from the environment.
    Credentials(CredentialsError),
    /// The endpoint override is not a usable base URL.
    InvalidEndpoint {
        /// Where it came from: `CLOUD_SDK_ENDPOINT` or `ConfigBuilder::endpoint`.
        source_name: &'static str,
        /// The value given (an endpoint is not a secret; user info in it is refused).
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The region is not a plain name of letters, digits and dashes.
    InvalidRegion {
        /// The region given.
        region: String,
    },
    /// A setting sent as a header holds bytes a header cannot hold.
    InvalidHeaderValue {
        /// Which setting.
        setting: &'static str,
    },
    /// Neither a region nor an endpoint override is set, so no endpoint can be chosen.
    NoRegion {
        /// The service asked for.
        service: String,
    },
    /// The service has no endpoint in the region.
    UnknownRegion {
        /// The service asked for.
        service: String,
        /// The region configured.
        region: String,
        /// The regions the service has endpoints in.
        known: Vec<String>,
    },
    /// A server template of a generated client does not give a valid URL.
    InvalidServerTemplate {
        /// The service.
        service: String,
        /// The URL after substitution.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The HTTP client could not be built.
    Client {
        /// What the HTTP library said.
        message: String,
    },
}

/// A configuration that cannot be used; `Display` says what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
}

impl ConfigError {
    /// An error of the given kind.
    pub fn new(kind: ConfigErrorKind) -> Self {
        Self { kind }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ConfigErrorKind {
        &self.kind
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConfigErrorKind::MissingCredentials => f.write_str(
                "no credentials: call ConfigBuilder::credentials, or use Config::from_env with \
                 CLOUD_SDK_AK and CLOUD_SDK_SK (or CLOUD_SDK_TOKEN) set",
            ),
            ConfigErrorKind::Credentials(error) => write!(f, "{error}"),
            ConfigErrorKind::InvalidEndpoint {
                source_name,
                value,
                reason,
            } => write!(
                f,
                "invalid endpoint {value:?} in {source_name}: {reason}; give a base URL such as \
                 https://vpc.cn-north-4.myhuaweicloud.com"
            ),
            ConfigErrorKind::InvalidRegion { region } => write!(
                f,
                "invalid region {region:?}: a region is a name of letters, digits and dashes, \
                 such as cn-north-4"
            ),
            ConfigErrorKind::InvalidHeaderValue { setting } => write!(
                f,
                "the {setting} contains characters an HTTP header cannot hold (control \
                 characters such as CR or LF); remove them"
            ),
            ConfigErrorKind::NoRegion { service } => write!(
                f,
                "no endpoint for service {service}: set a region (ConfigBuilder::region or \
                 {ENV_REGION}) or an endpoint (ConfigBuilder::endpoint or {ENV_ENDPOINT})"
            ),
            ConfigErrorKind::UnknownRegion {
                service,
                region,
                known,
            } => write!(
                f,
                "service {service} has no known endpoint in region {region}; known regions: {}. \
                 Check the region, or set an endpoint override (ConfigBuilder::endpoint or \
                 {ENV_ENDPOINT}) to reach it anyway",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
            ConfigErrorKind::InvalidServerTemplate {
                service,
                url,
                reason,
            } => write!(
                f,
                "the endpoint template of service {service} gives {url:?}, which is not a valid \
                 base URL ({reason}); set an endpoint override (ConfigBuilder::endpoint or \
                 {ENV_ENDPOINT})"
            ),
            ConfigErrorKind::Client { message } => {
                write!(f, "the HTTP client could not be built: {message}")
            }
        }
    }
}

impl Error for ConfigError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            ConfigErrorKind::Credentials(error) => Some(error),
            _ => None,
        }
    }
}

impl From<CredentialsError> for ConfigError {
    fn from(error: CredentialsError) -> Self {
        Self::new(ConfigErrorKind::Credentials(error))
    }
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
            missing.map_err(|e| e.kind),
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
                matches!(&error, Err(e) if matches!(e.kind, ConfigErrorKind::InvalidEndpoint { .. })),
                "{endpoint}: {error:?}"
            );
        }
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
