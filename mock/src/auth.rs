//! Credentials checked as Huawei's API gateway checks them: an IAM token in `X-Auth-Token`,
//! or an AK/SK signature verified byte for byte with the project's own signer, its
//! `X-Sdk-Date` within 15 minutes of this clock and `host` and `x-sdk-date` among the
//! signed headers. A refused signature is answered with the canonical request computed
//! here, as the gateway does, so a client can see where its own differs.

use std::fmt;

use hwcloud::secret::Secret;
use hwcloud::signing::{Authorization, Received, SdkDate, Signer, X_SDK_DATE, X_SECURITY_TOKEN};
use time::OffsetDateTime;

use crate::catalog::{In, Scheme, Security};

/// How far `X-Sdk-Date` may be from this clock, either way, in seconds.
const DATE_WINDOW_SECS: i64 = 15 * 60;

/// The credentials the mock accepts.
#[derive(Clone, Default)]
pub struct Keys {
    /// The one token accepted; `None`: any non-empty token.
    pub token: Option<Secret>,
    /// The access key pair whose signatures are accepted; `None`: no signature is.
    pub access: Option<(String, Secret)>,
    /// The security token of temporary keys, which signed requests must then carry.
    pub security_token: Option<Secret>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("token", &self.token)
            .field("access_key", &self.access.as_ref().map(|(ak, _)| ak))
            .field("security_token", &self.security_token)
            .finish()
    }
}

impl Keys {
    /// The keys of the environment, as the client reads its own: `CLOUD_SDK_TOKEN`,
    /// `CLOUD_SDK_AK` with `CLOUD_SDK_SK`, `CLOUD_SDK_SECURITY_TOKEN`.
    pub fn from_env() -> Keys {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Keys {
            token: var("CLOUD_SDK_TOKEN").map(Secret::new),
            access: var("CLOUD_SDK_AK").zip(var("CLOUD_SDK_SK").map(Secret::new)),
            security_token: var("CLOUD_SDK_SECURITY_TOKEN").map(Secret::new),
        }
    }
}

/// Why a request's credentials are refused: the gateway's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    /// `APIGW.0301` and the like.
    pub code: &'static str,
    /// What is wrong; for a signature that does not verify, with the canonical request.
    pub message: String,
}

fn denied(message: impl Into<String>) -> Denied {
    Denied {
        code: "APIGW.0301",
        message: format!(
            "Incorrect IAM authentication information: {}",
            message.into()
        ),
    }
}

/// Checks the credentials of `request` against what `security` accepts.
pub fn check(
    keys: &Keys,
    security: &Security,
    request: &Received<'_>,
    now: OffsetDateTime,
) -> Result<(), Denied> {
    if security.anonymous || security.schemes.iter().any(|all| shown(all, request)) {
        return Ok(());
    }
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    if let Some(authorization) = header("authorization") {
        if security.signature && authorization.trim_start().starts_with("SDK-HMAC-SHA256") {
            return signature(keys, request, &authorization, now);
        }
    }
    if let Some(token) = header("x-auth-token") {
        if security.token {
            return match &keys.token {
                _ if token.trim().is_empty() => Err(denied("the token is empty")),
                Some(expected) if expected.expose() != token => {
                    Err(denied("the token is not valid"))
                }
                _ => Ok(()),
            };
        }
    }
    // Only the document's own schemes: say which, rather than Huawei's credentials.
    let own_only = !security.schemes.is_empty() && !security.token && !security.signature;
    if own_only {
        let wanted: Vec<String> = security
            .schemes
            .iter()
            .map(|all| all.iter().map(describe).collect::<Vec<_>>().join(" and "))
            .collect();
        return Err(Denied {
            code: "APIGW.0301",
            message: format!("this operation needs {}", wanted.join(", or ")),
        });
    }
    Err(denied(
        "this API needs an IAM token (X-Auth-Token) or an AK/SK signature (Authorization: SDK-HMAC-SHA256 ...)",
    ))
}

/// Whether `request` carries every scheme of `all`. As a fake, the mock accepts any
/// non-empty key or token: the document says where credentials go, not which are valid.
fn shown(all: &[Scheme], request: &Received<'_>) -> bool {
    let header = |name: &str| {
        request
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let authorization = |prefix: &str| {
        header("authorization").iter().any(|v| {
            v.split_once(' ').is_some_and(|(kind, rest)| {
                kind.eq_ignore_ascii_case(prefix) && !rest.trim().is_empty()
            })
        })
    };
    all.iter().all(|scheme| match scheme {
        Scheme::Bearer => authorization("Bearer"),
        Scheme::Basic => authorization("Basic"),
        Scheme::ApiKey(In::Header, name) => header(name).iter().any(|v| !v.is_empty()),
        Scheme::ApiKey(In::Query, name) => request.query.is_some_and(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .any(|(key, value)| key == name.as_str() && !value.is_empty())
        }),
        Scheme::ApiKey(In::Cookie, name) => header("cookie").iter().any(|cookies| {
            cookies
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .any(|(key, value)| key == name && !value.is_empty())
        }),
        Scheme::ApiKey(In::Path, _) => false,
    })
}

/// How a message names what a scheme needs.
fn describe(scheme: &Scheme) -> String {
    match scheme {
        Scheme::Bearer => "a bearer token (Authorization: Bearer ...)".into(),
        Scheme::Basic => "a user and password (Authorization: Basic ...)".into(),
        Scheme::ApiKey(location, name) => {
            format!("an API key in the {} `{name}`", location.as_str())
        }
    }
}

fn signature(
    keys: &Keys,
    request: &Received<'_>,
    authorization: &str,
    now: OffsetDateTime,
) -> Result<(), Denied> {
    let parsed = Authorization::parse(authorization).ok_or_else(|| {
        denied("the Authorization header is not `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`")
    })?;
    let Some((ak, sk)) = &keys.access else {
        return Err(denied(
            "no access key is known here (start the mock with CLOUD_SDK_AK and CLOUD_SDK_SK)",
        ));
    };
    if parsed.access != ak {
        return Err(denied(format!(
            "access key `{}` is not known",
            parsed.access
        )));
    }
    for needed in ["host", X_SDK_DATE] {
        if !parsed
            .signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(needed))
        {
            return Err(denied(format!(
                "`{needed}` is not among the signed headers"
            )));
        }
    }
    check_date(request, now)?;
    if let Some(expected) = &keys.security_token {
        let sent = request.headers.get(X_SECURITY_TOKEN).map(|v| v.as_bytes());
        if sent != Some(expected.expose().as_bytes()) {
            return Err(denied(
                "the security token of the temporary keys is missing or wrong",
            ));
        }
    }
    let verification = Signer::new(ak.clone(), sk.clone())
        .verify(request, &parsed)
        .map_err(|e| denied(e.to_string()))?;
    if verification.valid {
        return Ok(());
    }
    // The canonical request holds a signed security token in clear: shown without it.
    let shown = match &keys.security_token {
        Some(token) if !token.is_empty() => verification
            .canonical_request
            .replace(token.expose(), "***"),
        _ => verification.canonical_request,
    };
    Err(denied(format!(
        "verify aksk signature fail, the canonical request computed here is:\n{shown}"
    )))
}

fn check_date(request: &Received<'_>, now: OffsetDateTime) -> Result<(), Denied> {
    let sent = request
        .headers
        .get(X_SDK_DATE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| denied("X-Sdk-Date is missing"))?;
    let date = SdkDate::parse(sent)
        .map_err(|_| denied(format!("X-Sdk-Date `{sent}` is not YYYYMMDDTHHMMSSZ")))?;
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let signed_at = time::PrimitiveDateTime::parse(date.as_str(), &format)
        .map_err(|_| denied(format!("X-Sdk-Date `{sent}` is not a time")))?
        .assume_utc();
    let skew = (now - signed_at).whole_seconds();
    if skew.abs() > DATE_WINDOW_SECS {
        return Err(denied(format!(
            "X-Sdk-Date `{sent}` is {} minutes from this server's clock; at most 15 are allowed",
            skew.abs() / 60
        )));
    }
    Ok(())
}
