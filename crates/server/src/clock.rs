//! Time as the API writes it: RFC 3339 in UTC with milliseconds (`2024-05-01T12:00:00.000Z`),
//! which also sorts correctly as text in the database.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

const STAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// Formats a UTC time the way every `created`/`modified` field is written.
pub fn stamp(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(STAMP).unwrap_or_default()
}

/// Now, as a stamp.
pub fn now_stamp() -> String {
    stamp(OffsetDateTime::now_utc())
}

/// Now, in Unix seconds.
pub fn now_secs() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_rfc3339_with_millis() {
        let t = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(stamp(t), "2023-11-14T22:13:20.000Z");
    }
}
