//! Whether, when and how long to wait before sending a request again.
//!
//! A call is sent again only when doing so cannot repeat what the service did. By default:
//!
//! - a failure that says the request was **not processed** — no connection could be opened
//!   (nothing was written), `429 Too Many Requests`, `503 Service Unavailable` — is retried
//!   for idempotent methods (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`);
//! - a failure after which the service **may have acted** — `502`, `504`, or no answer within
//!   the read timeout — is retried only for safe methods (`GET`, `HEAD`, `OPTIONS`), which
//!   change nothing. A `PUT` such as `ChangeDbEncryptSecurityGroup` creates an order and a
//!   task; answered `502` by a gateway, it may have done so, and is not sent again;
//! - `POST` is never retried.
//!
//! [`RetryPolicy::retry_uncertain`] and [`RetryPolicy::retry_uncertain_for`] opt in, for every
//! operation or for named ones, to retrying every such failure whatever the method, for
//! operations the caller knows are safe to repeat.
//!
//! [`RetryPolicy`] holds the limits; the transport asks it, after each failed attempt, whether
//! to retry and how long to sleep first. The delay is exponential backoff with "full jitter"
//! (a uniformly random delay between zero and the exponential bound), which spreads the
//! retries of many clients hit by the same outage instead of having them return in lockstep.
//! A `Retry-After` header from the server wins over the computed delay, because the server
//! knows when it expects to recover; it is still capped at the policy's maximum delay, so a
//! misbehaving server cannot stall a caller for hours.

use std::time::{Duration, SystemTime};

use http::Method;
use time::{Date, Month, PrimitiveDateTime, Time};

/// What an attempt that failed says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The service did not process the request: no connection was opened, or it answered
    /// `429` or `503`.
    NotProcessed,
    /// The service may have acted on the request: a gateway answered `502` or `504`, or the
    /// answer did not come within the read timeout.
    MayHaveActed,
}

impl Failure {
    /// The failure a status stands for, if a retry may help.
    pub fn of_status(status: u16) -> Option<Failure> {
        match status {
            429 | 503 => Some(Failure::NotProcessed),
            502 | 504 => Some(Failure::MayHaveActed),
            _ => None,
        }
    }
}

/// Which operations are retried after a failure that may have taken effect, whatever their
/// method.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Uncertain {
    /// None: only the method decides.
    Never,
    /// Every operation.
    All,
    /// The operations with these IDs (`operationId`s, such as `UpdateSecurityGroup`).
    Only(Vec<String>),
}

/// How often, and after how long, a failed call is sent again (see the module
/// documentation for which failures are retried).
///
/// The default is 3 retries (4 attempts in all), a base delay of 200 ms and a maximum delay
/// of 10 s, for the failures the module documentation lists and no opt-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    uncertain: Uncertain,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            uncertain: Uncertain::Never,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every call is sent exactly once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets how many times a call may be sent again after its first attempt.
    #[must_use]
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the bound of the first retry's delay; each further retry doubles it.
    #[must_use]
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest delay before any retry, `Retry-After` included.
    #[must_use]
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Retries every operation after any retryable failure, one that may have taken effect
    /// (`502`, `504`, a read timeout) included, whatever its method (`POST` included). Only
    /// for clients whose every call is safe to repeat.
    #[must_use]
    pub fn retry_uncertain(mut self) -> Self {
        self.uncertain = Uncertain::All;
        self
    }

    /// Retries the operation with this ID (its `operationId`, such as
    /// `ChangeDbEncryptSecurityGroup`) after any retryable failure, one that may have taken
    /// effect included, whatever its method. May be called once per operation.
    #[must_use]
    pub fn retry_uncertain_for(mut self, operation: impl Into<String>) -> Self {
        let operation = operation.into();
        match &mut self.uncertain {
            Uncertain::All => {}
            Uncertain::Only(list) => list.push(operation),
            Uncertain::Never => self.uncertain = Uncertain::Only(vec![operation]),
        }
        self
    }

    /// Whether an attempt of `operation`, sent with `method`, that failed this way may be
    /// sent again (the number of retries left aside).
    pub fn allows(&self, operation: &str, method: &Method, failure: Failure) -> bool {
        let opted_in = match &self.uncertain {
            Uncertain::Never => false,
            Uncertain::All => true,
            Uncertain::Only(list) => list.iter().any(|id| id == operation),
        };
        let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        let idempotent = safe || matches!(*method, Method::PUT | Method::DELETE);
        opted_in
            || match failure {
                Failure::NotProcessed => idempotent,
                Failure::MayHaveActed => safe,
            }
    }

    /// How many times a call may be sent again after its first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The bound of the first retry's delay.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest delay before any retry.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The upper bound of the jittered delay before retry number `retry` (1 for the first
    /// retry): `base_delay * 2^(retry - 1)`, capped at the maximum delay.
    pub fn backoff_bound(&self, retry: u32) -> Duration {
        // Past 2^31 the product saturates anyway; capping the exponent keeps `pow` in range.
        let exponent = retry.saturating_sub(1).min(31);
        let factor = 2u32.saturating_pow(exponent);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// The delay before retry number `retry` (1 for the first retry).
    ///
    /// With a `Retry-After` value, that value capped at the maximum delay; otherwise a random
    /// delay between zero and [`RetryPolicy::backoff_bound`].
    pub fn delay_for(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        self.delay_with_jitter(retry, retry_after, fastrand::f64())
    }

    /// [`RetryPolicy::delay_for`] with the random part given: `jitter` in `[0, 1]` picks the
    /// point between zero and the backoff bound. Deterministic, so it can be tested exactly.
    pub fn delay_with_jitter(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.backoff_bound(retry).mul_f64(jitter)
    }
}

/// Parses a `Retry-After` header value: a number of seconds, or an HTTP date (IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) measured from `now`.
///
/// A date in the past gives zero. `None` for anything else, in which case the caller falls
/// back to its own backoff.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A huge number of seconds is still a valid answer; it is capped by the policy later.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (RFC 9110 section 5.6.7), the only date format servers may send.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let mut parts = value.split_ascii_whitespace();
    let weekday = parts.next()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => Month::January,
        "Feb" => Month::February,
        "Mar" => Month::March,
        "Apr" => Month::April,
        "May" => Month::May,
        "Jun" => Month::June,
        "Jul" => Month::July,
        "Aug" => Month::August,
        "Sep" => Month::September,
        "Oct" => Month::October,
        "Nov" => Month::November,
        "Dec" => Month::December,
        _ => return None,
    };
    let year: i32 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u8 = clock.next()?.parse().ok()?;
    let minute: u8 = clock.next()?.parse().ok()?;
    let second: u8 = clock.next()?.parse().ok()?;
    if !weekday.ends_with(',')
        || parts.next()? != "GMT"
        || parts.next().is_some()
        || clock.next().is_some()
    {
        return None;
    }
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    let unix = PrimitiveDateTime::new(date, time)
        .assume_utc()
        .unix_timestamp();
    let unix = u64::try_from(unix).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(unix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries(), 3);
        assert_eq!(policy.base_delay(), Duration::from_millis(200));
        assert_eq!(policy.max_delay(), Duration::from_secs(10));
        assert_eq!(RetryPolicy::none().max_retries(), 0);
    }

    #[test]
    fn only_failures_that_cannot_repeat_an_effect_are_retried_by_default() {
        let policy = RetryPolicy::default();
        let cases = [
            (Method::GET, Failure::NotProcessed, true),
            (Method::GET, Failure::MayHaveActed, true),
            (Method::HEAD, Failure::MayHaveActed, true),
            (Method::PUT, Failure::NotProcessed, true),
            (Method::PUT, Failure::MayHaveActed, false),
            (Method::DELETE, Failure::NotProcessed, true),
            (Method::DELETE, Failure::MayHaveActed, false),
            (Method::POST, Failure::NotProcessed, false),
            (Method::POST, Failure::MayHaveActed, false),
            (Method::PATCH, Failure::NotProcessed, false),
        ];
        for (method, failure, expected) in cases {
            assert_eq!(
                policy.allows("Op", &method, failure),
                expected,
                "{method} {failure:?}"
            );
        }
        assert_eq!(Failure::of_status(429), Some(Failure::NotProcessed));
        assert_eq!(Failure::of_status(503), Some(Failure::NotProcessed));
        assert_eq!(Failure::of_status(502), Some(Failure::MayHaveActed));
        assert_eq!(Failure::of_status(504), Some(Failure::MayHaveActed));
        assert_eq!(Failure::of_status(500), None);
    }

    #[test]
    fn opting_in_retries_every_failure_of_the_operations_named() {
        let some = RetryPolicy::default()
            .retry_uncertain_for("ChangeDbEncryptSecurityGroup")
            .retry_uncertain_for("UpdateAuditSecurityGroupNew");
        assert!(some.allows(
            "ChangeDbEncryptSecurityGroup",
            &Method::PUT,
            Failure::MayHaveActed
        ));
        assert!(some.allows(
            "UpdateAuditSecurityGroupNew",
            &Method::POST,
            Failure::NotProcessed
        ));
        assert!(!some.allows("UpdateSecurityGroup", &Method::PUT, Failure::MayHaveActed));
        let all = RetryPolicy::default().retry_uncertain();
        assert!(all.allows("Any", &Method::POST, Failure::MayHaveActed));
        assert_eq!(all.clone().retry_uncertain_for("X"), all);
    }

    #[test]
    fn bound_doubles_and_is_capped() {
        let policy = RetryPolicy::default();
        let bounds: Vec<u128> = (1..=8)
            .map(|r| policy.backoff_bound(r).as_millis())
            .collect();
        assert_eq!(bounds, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
        // Overflowing exponents saturate to the maximum rather than wrapping or panicking.
        assert_eq!(policy.backoff_bound(u32::MAX), Duration::from_secs(10));
        assert_eq!(policy.backoff_bound(0), Duration::from_millis(200));
    }

    #[test]
    fn full_jitter_spans_zero_to_the_bound() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_with_jitter(3, None, 0.0), Duration::ZERO);
        assert_eq!(
            policy.delay_with_jitter(3, None, 1.0),
            Duration::from_millis(800)
        );
        assert_eq!(
            policy.delay_with_jitter(3, None, 0.5),
            Duration::from_millis(400)
        );
        assert_eq!(policy.delay_with_jitter(3, None, f64::NAN), Duration::ZERO);
        for _ in 0..1000 {
            assert!(policy.delay_for(2, None) <= Duration::from_millis(400));
        }
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(5));
        assert_eq!(
            policy.delay_for(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay_for(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
        assert_eq!(policy.delay_for(1, Some(Duration::ZERO)), Duration::ZERO);
    }

    #[test]
    fn retry_after_values() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770); // 1994-11-06 08:49:30
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }
}
