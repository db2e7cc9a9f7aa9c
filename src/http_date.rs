//! HTTP dates as Werkzeug writes and reads them (`http_date`, `parse_date`).
//! OWNER: helper B (stub for now).

use time::OffsetDateTime;

/// `werkzeug.http.http_date`: converted to UTC, `Wdy, DD Mon YYYY HH:MM:SS GMT`,
/// sub-second precision dropped.
pub(crate) fn format(dt: OffsetDateTime) -> String {
    let _ = dt;
    String::new()
}

/// `werkzeug.http.parse_date`: `email.utils.parsedate_to_datetime`, naive results
/// taken as UTC, numeric offsets preserved, `None` on any failure.
pub(crate) fn parse(s: &str) -> Option<OffsetDateTime> {
    let _ = s;
    None
}
