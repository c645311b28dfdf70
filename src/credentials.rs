//! The credentials a client authenticates with, and reading them from the environment.
//!
//! Huawei Cloud accepts either an IAM token (sent as `X-Auth-Token`) or an access key pair
//! (AK/SK) that signs each request, optionally with a security token when the pair is temporary.
//! The secret parts are held in [`Secret`], so printing a [`Credentials`] or a
//! [`CredentialsError`] never shows them; the AK is an identifier, like a user name, and is shown
//! so a user can tell which key was used.

use std::error::Error;
use std::fmt;

use crate::secret::Secret;

/// Environment variable holding the access key ID, as in Huawei's SDK examples.
pub const ENV_AK: &str = "CLOUD_SDK_AK";
/// Environment variable holding the secret access key, as in Huawei's SDK examples.
pub const ENV_SK: &str = "CLOUD_SDK_SK";
/// Environment variable holding the security token of temporary AK/SK credentials.
pub const ENV_SECURITY_TOKEN: &str = "CLOUD_SDK_SECURITY_TOKEN";
/// Environment variable holding an IAM token, used when no AK/SK pair is set.
pub const ENV_TOKEN: &str = "CLOUD_SDK_TOKEN";

/// How a client proves who it is to Huawei Cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// An IAM token, sent as the `X-Auth-Token` header.
    Token {
        /// The token itself.
        token: Secret,
    },
    /// An access key pair used to sign each request (see [`crate::signing`]).
    AkSk {
        /// The access key ID; an identifier, not a secret.
        ak: String,
        /// The secret access key.
        sk: Secret,
        /// The security token that comes with temporary keys, sent as `X-Security-Token`.
        security_token: Option<Secret>,
    },
}

impl Credentials {
    /// Credentials made of an IAM token.
    pub fn token(token: impl Into<Secret>) -> Self {
        Self::Token {
            token: token.into(),
        }
    }

    /// Permanent AK/SK credentials.
    pub fn permanent(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        Self::AkSk {
            ak: ak.into(),
            sk: sk.into(),
            security_token: None,
        }
    }

    /// Temporary AK/SK credentials, which carry a security token.
    pub fn temporary(
        ak: impl Into<String>,
        sk: impl Into<Secret>,
        security_token: impl Into<Secret>,
    ) -> Self {
        Self::AkSk {
            ak: ak.into(),
            sk: sk.into(),
            security_token: Some(security_token.into()),
        }
    }

    /// Reads credentials from the process environment.
    ///
    /// See [`Credentials::from_lookup`] for the variables read and the precedence between them.
    ///
    /// # Errors
    ///
    /// As [`Credentials::from_lookup`].
    pub fn from_env() -> Result<Self, CredentialsError> {
        // A value that is not valid Unicode cannot be a key or a token, so it counts as unset
        // rather than aborting with a message that might echo it.
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads credentials through `lookup`, which returns the value of an environment variable.
    ///
    /// [`ENV_AK`] and [`ENV_SK`] together give AK/SK credentials, temporary when
    /// [`ENV_SECURITY_TOKEN`] is also set. Only when neither `CLOUD_SDK_AK` nor `CLOUD_SDK_SK`
    /// is set is [`ENV_TOKEN`] used. A variable whose value is empty or only whitespace counts
    /// as not set, since an empty export is the usual way to switch one off. Taking a closure
    /// lets tests supply variables without touching the process environment, which is shared
    /// by every test thread.
    ///
    /// # Errors
    ///
    /// [`CredentialsError::IncompleteAkSk`] when only one of `CLOUD_SDK_AK` and `CLOUD_SDK_SK`
    /// is set, and [`CredentialsError::NotFound`] when neither is and no token is either.
    pub fn from_lookup<F>(lookup: F) -> Result<Self, CredentialsError>
    where
        F: Fn(&str) -> Option<String>,
    {
        let read = |name: &'static str| -> Result<String, VarState> {
            match lookup(name) {
                None => Err(VarState::Unset),
                Some(value) if value.trim().is_empty() => Err(VarState::Empty),
                Some(value) => Ok(value),
            }
        };
        let ak = read(ENV_AK);
        let sk = read(ENV_SK);
        let security_token = read(ENV_SECURITY_TOKEN);
        match (ak, sk) {
            (Ok(ak), Ok(sk)) => Ok(match security_token {
                Ok(token) => Self::temporary(ak, sk, token),
                Err(_) => Self::permanent(ak, sk),
            }),
            (Ok(_), Err(state)) => Err(CredentialsError::IncompleteAkSk {
                present: ENV_AK,
                missing: ENV_SK,
                state,
            }),
            (Err(state), Ok(_)) => Err(CredentialsError::IncompleteAkSk {
                present: ENV_SK,
                missing: ENV_AK,
                state,
            }),
            (Err(ak_state), Err(sk_state)) => match read(ENV_TOKEN) {
                Ok(token) => Ok(Self::token(token)),
                Err(token_state) => Err(CredentialsError::NotFound {
                    variables: vec![
                        (ENV_AK, ak_state),
                        (ENV_SK, sk_state),
                        (ENV_TOKEN, token_state),
                    ],
                    security_token_set: security_token.is_ok(),
                }),
            },
        }
    }

    /// The access key ID, for AK/SK credentials.
    #[must_use]
    pub fn ak(&self) -> Option<&str> {
        match self {
            Self::Token { .. } => None,
            Self::AkSk { ak, .. } => Some(ak),
        }
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token { .. } => f.write_str("IAM token credentials"),
            Self::AkSk {
                ak,
                security_token: None,
                ..
            } => write!(f, "permanent AK/SK credentials (AK {ak})"),
            Self::AkSk {
                ak,
                security_token: Some(_),
                ..
            } => write!(f, "temporary AK/SK credentials (AK {ak})"),
        }
    }
}

/// Why an environment variable could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarState {
    /// The variable is not set (or its value is not valid Unicode).
    Unset,
    /// The variable is set to an empty or whitespace-only value.
    Empty,
}

impl fmt::Display for VarState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unset => "is not set",
            Self::Empty => "is empty",
        })
    }
}

/// Credentials could not be read from the environment.
///
/// Only variable names appear in it, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    /// One half of the AK/SK pair is set and the other is not.
    IncompleteAkSk {
        /// The variable that is set.
        present: &'static str,
        /// The variable that is missing.
        missing: &'static str,
        /// Whether the missing one is unset or empty.
        state: VarState,
    },
    /// Neither an AK/SK pair nor a token is set.
    NotFound {
        /// Every variable that was looked at, with why it could not be used.
        variables: Vec<(&'static str, VarState)>,
        /// Whether `CLOUD_SDK_SECURITY_TOKEN` was set; it is useless without the AK/SK pair,
        /// so saying so points at the real mistake.
        security_token_set: bool,
    },
}

impl CredentialsError {
    /// The names of the variables that were missing or empty.
    #[must_use]
    pub fn missing_variables(&self) -> Vec<&'static str> {
        match self {
            Self::IncompleteAkSk { missing, .. } => vec![missing],
            Self::NotFound { variables, .. } => variables.iter().map(|(name, _)| *name).collect(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IncompleteAkSk {
                present,
                missing,
                state,
            } => write!(
                f,
                "{present} is set but {missing} {state}: an AK/SK pair needs both variables"
            ),
            Self::NotFound {
                variables,
                security_token_set,
            } => {
                f.write_str("no Huawei Cloud credentials in the environment (")?;
                for (i, (name, state)) in variables.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name} {state}")?;
                }
                write!(
                    f,
                    "): set {ENV_AK} and {ENV_SK} (plus {ENV_SECURITY_TOKEN} for temporary keys), \
                     or {ENV_TOKEN}"
                )?;
                if *security_token_set {
                    write!(
                        f,
                        "; {ENV_SECURITY_TOKEN} is set but is only used with {ENV_AK} and {ENV_SK}"
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl Error for CredentialsError {}
