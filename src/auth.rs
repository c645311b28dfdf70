//! Authenticating with a document's own security schemes: API keys, HTTP bearer and basic
//! authentication, OAuth 2.0 and OpenID Connect tokens.
//!
//! Huawei Cloud's documents authenticate with the configuration's [`Credentials`] (an IAM
//! token or an AK/SK signature). Other documents name their schemes in
//! `components/securitySchemes`, and each operation lists the alternatives it accepts in
//! `security`. A generated operation describes its alternatives with a [`Security`] (a
//! `static` of its module), and the user gives the credentials of each scheme by its name in
//! the document:
//!
//! ```
//! use hwcloud::config::Config;
//!
//! let config = Config::builder()
//!     .api_key("api_key", "key-123")                 // type: apiKey (header, query or cookie)
//!     .bearer_token("petstore_auth", "eyJhbGciOi...") // http bearer, oauth2, openIdConnect
//!     .basic_auth("basic", "ana", "s3cret")            // http basic
//!     .endpoint("https://petstore.example")
//!     .build()?;
//! # Ok::<(), hwcloud::config::ConfigError>(())
//! ```
//!
//! When sending, the transport applies the first alternative whose schemes all have
//! credentials (an empty alternative, `{}`, only when no other one does: it makes
//! authentication optional). When none can be applied the call is refused before anything
//! is sent, with [`crate::transport::TransportError::MissingCredentials`] naming the schemes.
//! The values are held as [`Secret`]s: `Debug`, `Display`, logs and errors never show them.
//!
//! [`Credentials`]: crate::credentials::Credentials

use std::fmt;

use crate::config::Config;
use crate::secret::Secret;

/// One scheme of a document's `components/securitySchemes`, as an operation applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in `components/securitySchemes`, by which its credentials are configured.
    pub name: &'static str,
    /// How it puts its credentials on a request.
    pub kind: SchemeKind,
}

/// How a scheme puts its credentials on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `type: apiKey`: the key as the header, query parameter or cookie `param`, as it is.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The name of the header, query parameter or cookie.
        param: &'static str,
    },
    /// `Authorization: Bearer <token>`: `http` with `scheme: bearer`, and the tokens of
    /// `oauth2` and `openIdConnect` schemes, which the user obtains.
    Bearer,
    /// `Authorization: Basic base64(<user>:<password>)`: `http` with `scheme: basic`.
    Basic,
    /// One of Huawei's schemes: the configuration's Huawei [`Credentials`] (an
    /// `X-Auth-Token`, or an AK/SK signature).
    ///
    /// [`Credentials`]: crate::credentials::Credentials
    Huawei,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie of the `Cookie` header.
    Cookie,
}

/// An operation's security requirements: the alternatives it accepts, each a set of
/// schemes that must all be applied. An empty alternative needs no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Security {
    /// The alternatives, in the document's order.
    pub alternatives: &'static [&'static [&'static Scheme]],
}

impl Security {
    /// No credentials at all (`security: []`): not even the Huawei credentials of the
    /// configuration are sent.
    pub const NONE: Security = Security {
        alternatives: &[&[]],
    };
}

/// The credentials of one of a document's schemes, given to
/// [`crate::config::ConfigBuilder`] by the scheme's name.
///
/// `Debug` shows the kind and the user name of basic authentication, never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeCredential {
    /// An API key ([`crate::config::ConfigBuilder::api_key`]).
    ApiKey(Secret),
    /// A bearer token ([`crate::config::ConfigBuilder::bearer_token`]): for `http` bearer,
    /// `oauth2` and `openIdConnect` schemes.
    Bearer(Secret),
    /// A user name and password ([`crate::config::ConfigBuilder::basic_auth`]).
    Basic {
        /// The user name; an identifier, shown in `Debug`.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl SchemeCredential {
    /// The secret a scheme sending one value (an API key or a bearer token) sends: an API
    /// key and a token are both one secret string, so either serves either kind.
    fn token(&self) -> Option<&Secret> {
        match self {
            Self::ApiKey(secret) | Self::Bearer(secret) => Some(secret),
            Self::Basic { .. } => None,
        }
    }
}

/// What one scheme of the alternative chosen puts on a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Apply<'c> {
    /// A header, its value sensitive.
    Header(&'static str, String),
    /// A query parameter.
    Query(&'static str, &'c str),
    /// A cookie.
    Cookie(&'static str, &'c str),
    /// The configuration's Huawei credentials.
    Huawei,
}

/// What `security` puts on a request with the credentials `config` holds: the first
/// alternative whose schemes all have credentials (an empty one only when no other can be
/// applied), or `None` when none can be.
pub(crate) fn choose<'c>(security: &Security, config: &'c Config) -> Option<Vec<Apply<'c>>> {
    let applied = |alternative: &[&Scheme]| -> Option<Vec<Apply<'c>>> {
        alternative
            .iter()
            .map(|scheme| apply(scheme, config))
            .collect()
    };
    security
        .alternatives
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .find_map(|alternative| applied(alternative))
        .or_else(|| {
            security
                .alternatives
                .iter()
                .any(|alternative| alternative.is_empty())
                .then(Vec::new)
        })
}

/// What one scheme puts on a request, when the configuration holds its credentials.
fn apply<'c>(scheme: &Scheme, config: &'c Config) -> Option<Apply<'c>> {
    let credential = config.scheme_credential(scheme.name);
    match scheme.kind {
        SchemeKind::Huawei => config.credentials().map(|_| Apply::Huawei),
        SchemeKind::ApiKey { location, param } => {
            let key = credential?.token()?.expose();
            Some(match location {
                KeyLocation::Header => Apply::Header(param, key.to_owned()),
                KeyLocation::Query => Apply::Query(param, key),
                KeyLocation::Cookie => Apply::Cookie(param, key),
            })
        }
        SchemeKind::Bearer => {
            let token = credential?.token()?.expose();
            Some(Apply::Header("authorization", format!("Bearer {token}")))
        }
        SchemeKind::Basic => match credential? {
            SchemeCredential::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Some(Apply::Header("authorization", format!("Basic {encoded}")))
            }
            _ => None,
        },
    }
}

/// The alternatives of `security` as a sentence: "`api_key` (an API key), or `a` (a bearer
/// token) and `b` (a user name and password)".
pub(crate) struct Alternatives<'s>(pub &'s Security);

impl fmt::Display for Alternatives<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, alternative) in self.0.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str(", or ")?;
            }
            for (j, scheme) in alternative.iter().enumerate() {
                if j > 0 {
                    f.write_str(" and ")?;
                }
                let what = match scheme.kind {
                    SchemeKind::ApiKey { .. } => "an API key, ConfigBuilder::api_key",
                    SchemeKind::Bearer => "a bearer token, ConfigBuilder::bearer_token",
                    SchemeKind::Basic => "a user name and password, ConfigBuilder::basic_auth",
                    SchemeKind::Huawei => "Huawei Cloud credentials, ConfigBuilder::credentials",
                };
                write!(f, "`{}` ({what})", scheme.name)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    static KEY: Scheme = Scheme {
        name: "key",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Query,
            param: "api_key",
        },
    };
    static BEARER: Scheme = Scheme {
        name: "oauth",
        kind: SchemeKind::Bearer,
    };
    static BASIC: Scheme = Scheme {
        name: "basic",
        kind: SchemeKind::Basic,
    };
    static HUAWEI: Scheme = Scheme {
        name: "token",
        kind: SchemeKind::Huawei,
    };

    fn config(builder: crate::config::ConfigBuilder) -> Config {
        match builder.without_proxy().build() {
            Ok(config) => config,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_first_alternative_with_every_credential_is_applied() {
        static SECURITY: Security = Security {
            alternatives: &[&[&KEY, &BEARER], &[&BASIC], &[&BEARER]],
        };
        let security = &SECURITY;
        let only_bearer = config(Config::builder().bearer_token("oauth", "t-1"));
        assert_eq!(
            choose(security, &only_bearer),
            Some(vec![Apply::Header("authorization", "Bearer t-1".into())])
        );
        let all = config(
            Config::builder()
                .bearer_token("oauth", "t-1")
                .api_key("key", "k-1")
                .basic_auth("basic", "ana", "pw"),
        );
        assert_eq!(
            choose(security, &all),
            Some(vec![
                Apply::Query("api_key", "k-1"),
                Apply::Header("authorization", "Bearer t-1".into())
            ])
        );
        let basic = config(Config::builder().basic_auth("basic", "Aladdin", "open sesame"));
        assert_eq!(
            choose(security, &basic),
            Some(vec![Apply::Header(
                "authorization",
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()
            )])
        );
        let none = config(Config::builder().api_key("other", "k"));
        assert_eq!(choose(security, &none), None);
    }

    #[test]
    fn an_empty_alternative_is_taken_only_when_no_other_applies() {
        static OPTIONAL: Security = Security {
            alternatives: &[&[], &[&KEY]],
        };
        let optional = &OPTIONAL;
        let keyed = config(Config::builder().api_key("key", "k-1"));
        assert_eq!(
            choose(optional, &keyed),
            Some(vec![Apply::Query("api_key", "k-1")])
        );
        let anonymous = config(Config::builder().without_credentials());
        assert_eq!(choose(optional, &anonymous), Some(vec![]));
        assert_eq!(choose(&Security::NONE, &keyed), Some(vec![]));
    }

    #[test]
    fn huawei_schemes_need_the_huawei_credentials() {
        static SECURITY: Security = Security {
            alternatives: &[&[&HUAWEI]],
        };
        let security = &SECURITY;
        let huawei = config(Config::builder().credentials(Credentials::token("t")));
        assert_eq!(choose(security, &huawei), Some(vec![Apply::Huawei]));
        let other = config(Config::builder().api_key("key", "k"));
        assert_eq!(choose(security, &other), None);
    }

    #[test]
    fn the_message_names_each_scheme_and_its_setter() {
        static SECURITY: Security = Security {
            alternatives: &[&[&KEY], &[&BEARER, &BASIC]],
        };
        let security = &SECURITY;
        assert_eq!(
            Alternatives(security).to_string(),
            "`key` (an API key, ConfigBuilder::api_key), or `oauth` (a bearer token, \
             ConfigBuilder::bearer_token) and `basic` (a user name and password, \
             ConfigBuilder::basic_auth)"
        );
    }
}
