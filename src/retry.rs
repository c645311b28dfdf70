//! When and how long to wait before sending a request again.
//!
//! [`RetryPolicy`] holds the limits; the transport asks it, after each failed attempt of an
//! idempotent call, how long to sleep. The delay is exponential backoff with "full jitter"
//! (a uniformly random delay between zero and the exponential bound), which spreads the
//! retries of many clients hit by the same outage instead of having them return in lockstep.
//! A `Retry-After` header from the server wins over the computed delay, because the server
//! knows when it expects to recover; it is still capped at the policy's maximum delay, so a
//! misbehaving server cannot stall a caller for hours.

use std::time::{Duration, SystemTime};

use time::{Date, Month, PrimitiveDateTime, Time};

/// How often, and after how long, a failed idempotent call is sent again.
///
/// The default is 3 retries (4 attempts in all), a base delay of 200 ms and a maximum delay
/// of 10 s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
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
