//! What can be wrong with a configuration, and what to do about it.

use std::error::Error;
use std::fmt;

use super::{ENV_ENDPOINT, ENV_REGION};
use crate::credentials::CredentialsError;

/// What is wrong with a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No credentials were given to the builder: neither Huawei's nor any scheme's.
    MissingCredentials,
    /// The credentials could not be read from the environment.
    Credentials(CredentialsError),
    /// The endpoint override is not a usable base URL.
    InvalidEndpoint {
        /// Where it came from: `CLOUD_SDK_ENDPOINT` or `ConfigBuilder::endpoint`.
        source_name: &'static str,
        /// The value given, user information replaced by `***` (refused, and never
        /// printed).
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A per-service endpoint override is not a usable base URL.
    InvalidServiceEndpoint {
        /// The service it was set for.
        service: String,
        /// The value given, user information replaced by `***`.
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The project ID is not an IAM project ID: 32 to 64 letters and digits.
    InvalidProjectId {
        /// Where it came from: `CLOUD_SDK_PROJECT_ID` or `ConfigBuilder::project_id`.
        source_name: &'static str,
        /// The value given (a project ID is not a secret).
        value: String,
    },
    /// The whole-call timeout is not a positive number of seconds.
    InvalidTimeout {
        /// Where it came from: `CLOUD_SDK_TIMEOUT` or `ConfigBuilder::timeout`.
        source_name: &'static str,
        /// The value given.
        value: String,
    },
    /// A proxy URL is not usable.
    InvalidProxy {
        /// Where it came from: `HTTPS_PROXY`, `ConfigBuilder::proxy`, ...
        source_name: &'static str,
        /// Why it cannot be used (the URL is not repeated: it may hold a password).
        reason: String,
    },
    /// A root certificate given to trust is not a PEM certificate.
    InvalidRootCertificate {
        /// What the TLS library said.
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
                 CLOUD_SDK_AK and CLOUD_SDK_SK (or CLOUD_SDK_TOKEN) set; for another document's \
                 security schemes, ConfigBuilder::api_key, bearer_token or basic_auth \
                 (ConfigBuilder::without_credentials when it needs none)",
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
            ConfigErrorKind::InvalidServiceEndpoint {
                service,
                value,
                reason,
            } => write!(
                f,
                "invalid endpoint {value:?} for service {service} \
                 (ConfigBuilder::service_endpoint): {reason}; give a base URL such as \
                 https://vpc.cn-north-4.myhuaweicloud.com"
            ),
            ConfigErrorKind::InvalidProjectId { source_name, value } => write!(
                f,
                "invalid project ID {value:?} in {source_name}: an IAM project ID is 32 to 64 \
                 letters and digits, such as 060576782980d5762f9ec014dd2f1148 (see \
                 \"My Credentials\" in the console)"
            ),
            ConfigErrorKind::InvalidTimeout { source_name, value } => write!(
                f,
                "invalid timeout {value:?} in {source_name}: give a whole number of seconds \
                 greater than zero, such as 30"
            ),
            ConfigErrorKind::InvalidProxy {
                source_name,
                reason,
            } => write!(
                f,
                "invalid proxy in {source_name}: {reason}; give a URL such as \
                 http://proxy.example.com:3128"
            ),
            ConfigErrorKind::InvalidRootCertificate { reason } => write!(
                f,
                "a root certificate to trust cannot be read: {reason}; give PEM text \
                 (-----BEGIN CERTIFICATE-----)"
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

/// An endpoint as a message may show it: user information (which `build` refuses, since it
/// would be sent in clear) replaced by `***`, so a password in it is never printed.
pub(super) fn without_user_info(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => value.to_owned(),
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
