//! [`Timestamp`]: an RFC 3339 `date-time` that encodes to the text it was decoded from.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use std::fmt;
use std::str::FromStr;

/// An RFC 3339 `date-time` (`format: date-time`): a `chrono::DateTime<FixedOffset>`, reached
/// through `Deref`, that also remembers how it was written — the number of fractional
/// digits, `T` or a space, `Z` or a numeric offset, letter case — so that a decoded value
/// encodes to the same text: `2020-08-27T18:19:24.000Z` stays that, where chrono alone
/// writes `2020-08-27T18:19:24Z`. A read-modify-write round trip therefore sends back what
/// the server sent. Fractional digits beyond nine (nanoseconds) are not kept.
///
/// Equality, ordering and hashing are those of the instant, whatever the notation.
#[derive(Clone, Copy)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    style: Style,
}

/// How a timestamp is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Style {
    /// Fractional-second digits, 0 to 9.
    digits: u8,
    /// `T`, `t` or a space between date and time.
    separator: u8,
    zone: Zone,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Zone {
    /// `Z`
    Upper,
    /// `z`
    Lower,
    /// `+hh:mm` / `-hh:mm`
    Numeric,
    /// `-00:00`: UTC, local offset unknown (RFC 3339 §4.3).
    MinusZero,
}

/// Why a text is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError(String);

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an RFC 3339 date-time: {}", self.0)
    }
}

impl std::error::Error for ParseTimestampError {}

impl Timestamp {
    /// The instant with its offset.
    pub fn value(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// Writes the timestamp as it was read (or, for one built from a chrono value, in the
    /// shortest of 0, 3, 6 or 9 fractional digits that holds it, `Z` for UTC).
    fn write(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let v = &self.value;
        let separator = char::from(self.style.separator);
        write!(
            f,
            "{:04}-{:02}-{:02}{separator}",
            v.year(),
            v.month(),
            v.day()
        )?;
        // A leap second is nanosecond >= 1e9; it prints as second 60.
        let (second, nanos) = match v.nanosecond() {
            n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
            n => (v.second(), n),
        };
        write!(f, "{:02}:{:02}:{second:02}", v.hour(), v.minute())?;
        if self.style.digits > 0 {
            // The leading `digits` of the nine nanosecond digits, without allocating.
            let digits = u32::from(self.style.digits);
            let shown = nanos / 10u32.pow(9 - digits);
            write!(f, ".{shown:0width$}", width = digits as usize)?;
        }
        match self.style.zone {
            Zone::Upper => f.write_char('Z'),
            Zone::Lower => f.write_char('z'),
            Zone::MinusZero => f.write_str("-00:00"),
            Zone::Numeric => {
                let offset = v.offset().local_minus_utc();
                let sign = if offset < 0 { '-' } else { '+' };
                let minutes = offset.unsigned_abs() / 60;
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }
}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value = DateTime::parse_from_rfc3339(text)
            .map_err(|e| ParseTimestampError(format!("{text:?} ({e})")))?;
        // parse_from_rfc3339 checked the shape: `YYYY-MM-DD?hh:mm:ss[.f+](Z|z|±hh:mm)`.
        let bytes = text.as_bytes();
        let separator = bytes.get(10).copied().unwrap_or(b'T');
        let digits = match bytes.get(19) {
            Some(b'.') => bytes[20..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count(),
            _ => 0,
        };
        let zone = match bytes.last() {
            Some(b'Z') => Zone::Upper,
            Some(b'z') => Zone::Lower,
            _ if text.ends_with("-00:00") => Zone::MinusZero,
            _ => Zone::Numeric,
        };
        let style = Style {
            digits: digits.min(9) as u8,
            separator,
            zone,
        };
        Ok(Self { value, style })
    }
}

impl<Tz: chrono::TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(value: DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        let nanos = value.nanosecond() % 1_000_000_000;
        let digits = [0u8, 3, 6, 9]
            .into_iter()
            .find(|d| nanos.is_multiple_of(10u32.pow(9 - u32::from(*d))))
            .unwrap_or(9);
        let zone = if value.offset().local_minus_utc() == 0 {
            Zone::Upper
        } else {
            Zone::Numeric
        };
        let style = Style {
            digits,
            separator: b'T',
            zone,
        };
        Self { value, style }
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.value
    }
}

impl std::ops::Deref for Timestamp {
    type Target = DateTime<FixedOffset>;

    fn deref(&self) -> &Self::Target {
        &self.value
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_timestamps_encode_to_the_same_text() {
        for text in [
            "2020-08-27T18:19:24.000Z",
            "2020-08-27T18:19:24Z",
            "2020-08-27T18:19:24.5Z",
            "2020-08-27T18:19:24.123456789Z",
            "2020-08-27t18:19:24.120z",
            "2020-08-27 18:19:24+00:00",
            "2020-08-27T18:19:24-00:00",
            "2020-08-27T18:19:24.000+05:30",
            "2020-08-27T18:19:24-08:00",
            "2016-12-31T23:59:60Z",
            "0001-01-01T00:00:00Z",
        ] {
            let parsed: Timestamp = text.parse().expect(text);
            assert_eq!(parsed.to_string(), text);
            let json = serde_json::to_string(&parsed).expect("serializes");
            assert_eq!(json, format!("\"{text}\""));
            let back: Timestamp = serde_json::from_str(&json).expect("decodes");
            assert_eq!(back.to_string(), text);
        }
    }

    #[test]
    fn equality_is_the_instant_whatever_the_notation() {
        let a: Timestamp = "2020-08-27T18:19:24.000Z".parse().expect("a");
        let b: Timestamp = "2020-08-27T20:19:24+02:00".parse().expect("b");
        assert_eq!(a, b);
        assert!(a < "2020-08-27T18:19:24.001Z".parse::<Timestamp>().expect("c"));
        assert_eq!(a.timestamp(), 1_598_552_364, "Deref to chrono");
    }

    #[test]
    fn chrono_values_encode_in_the_shortest_exact_precision() {
        use chrono::TimeZone as _;
        let utc = chrono::Utc
            .with_ymd_and_hms(2024, 1, 2, 3, 4, 5)
            .single()
            .expect("valid");
        assert_eq!(Timestamp::from(utc).to_string(), "2024-01-02T03:04:05Z");
        let millis = utc + chrono::Duration::milliseconds(120);
        assert_eq!(
            Timestamp::from(millis).to_string(),
            "2024-01-02T03:04:05.120Z"
        );
        let offset = FixedOffset::east_opt(-8 * 3600).expect("offset");
        let local = utc.with_timezone(&offset);
        assert_eq!(
            Timestamp::from(local).to_string(),
            "2024-01-01T19:04:05-08:00"
        );
    }

    #[test]
    fn malformed_text_is_an_error_not_a_panic() {
        for text in [
            "",
            "2020-08-27",
            "2020-08-27T18:19",
            "2020-13-01T00:00:00Z",
            "Z",
            "2020-08-27T18:19:24.Z",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text:?}");
        }
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }

    #[test]
    fn more_than_nine_fractional_digits_keep_nine() {
        let t: Timestamp = "2020-08-27T18:19:24.1234567891Z".parse().expect("parses");
        assert_eq!(t.to_string(), "2020-08-27T18:19:24.123456789Z");
    }
}
