//! How a Security Scheme Object reads: which credentials a request carries for it. The
//! lowering (what a generated client sends) and `hwcloud-mock` (what it demands of a request)
//! read a scheme through this one function, so the two never disagree on what a scheme asks.

use crate::load::node::Node;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// What a Security Scheme Object (its `$ref`s already followed) asks of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeReading<'a> {
    /// Huawei's AK/SK signature: a scheme with `x-hwcloud-signing`.
    HuaweiSignature,
    /// Huawei's IAM token: an `apiKey` in the `X-Auth-Token` header.
    HuaweiToken,
    /// Any other `apiKey`: where it goes and under which name.
    ApiKey(KeyIn, &'a str),
    /// `http` with `scheme: bearer` (any case).
    Bearer,
    /// `http` with `scheme: basic` (any case).
    Basic,
    /// `oauth2`: a bearer token the caller obtained.
    OAuth2,
    /// `openIdConnect`: a bearer token the caller obtained.
    OpenIdConnect,
    /// `http` with another scheme (`digest`, ...), written as it is (`None`: no `scheme`).
    OtherHttp(Option<&'a str>),
    /// `mutualTLS`: a client certificate, which no header shows.
    MutualTls,
    /// Not a scheme the model allows (no `type`, an API key without a name or in `body`):
    /// the checks report it.
    Invalid,
}

/// What `scheme` asks of a request.
pub fn read(scheme: &Node) -> SchemeReading<'_> {
    if scheme.get("x-hwcloud-signing").is_some() {
        return SchemeReading::HuaweiSignature;
    }
    let text = |key: &str| scheme.get(key).and_then(Node::as_str);
    match text("type") {
        Some("apiKey") => {
            let name = text("name").unwrap_or("");
            let location = match text("in") {
                Some("header") if name.eq_ignore_ascii_case("x-auth-token") => {
                    return SchemeReading::HuaweiToken
                }
                Some("header") => KeyIn::Header,
                Some("query") => KeyIn::Query,
                Some("cookie") => KeyIn::Cookie,
                _ => return SchemeReading::Invalid,
            };
            if name.is_empty() {
                return SchemeReading::Invalid;
            }
            SchemeReading::ApiKey(location, name)
        }
        Some("http") => match text("scheme") {
            Some(s) if s.eq_ignore_ascii_case("bearer") => SchemeReading::Bearer,
            Some(s) if s.eq_ignore_ascii_case("basic") => SchemeReading::Basic,
            other => SchemeReading::OtherHttp(other),
        },
        Some("oauth2") => SchemeReading::OAuth2,
        Some("openIdConnect") => SchemeReading::OpenIdConnect,
        Some("mutualTLS") => SchemeReading::MutualTls,
        _ => SchemeReading::Invalid,
    }
}
