//! HTTP dates as Werkzeug writes and reads them (`http_date`, `parse_date`).
//!
//! * [`format`] is `werkzeug.http.http_date` on a timezone-aware datetime:
//!   `email.utils.format_datetime(dt.astimezone(utc), usegmt=True)`.
//! * [`parse`] is `werkzeug.http.parse_date`: `email.utils.parsedate_to_datetime`
//!   (a port of CPython 3.11's `email._parseaddr._parsedate_tz`), naive results
//!   taken as UTC, numeric offsets preserved, `None` on any failure.
//!
//! The parser reproduces the Python string semantics it relies on: `str.split()`
//! on Unicode whitespace, `int()` on Unicode decimal digits with `_` separators
//! and the 4300-digit limit, `str.isdigit()`, and the few non-ASCII characters
//! whose `upper()` is ASCII (`ſ` is `S`, so `"eſt"` is a valid zone). It runs in
//! linear time and constant memory, so unlike the brief's suggestion it needs no
//! input-length cap: every input Python parses is parsed the same way here.
//!
//! Known differences from Python, all on inputs Python itself rejects with an
//! uncaught exception rather than a `None`: an offset so large that
//! `timedelta` overflows (Python raises `OverflowError`) gives `None`.

use core::fmt::Write as _;

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `werkzeug.http.http_date`: converted to UTC, `Wdy, DD Mon YYYY HH:MM:SS GMT`,
/// sub-second precision dropped.
///
/// Years outside Python's 1..=9999 have no Python equivalent; they are written
/// with `{:04}` (so `0000`, `-001`, `10000`) and never panic.
pub(crate) fn format(dt: OffsetDateTime) -> String {
    let mut out = String::with_capacity(29);
    format_into(dt, &mut out);
    out
}

/// [`format`], appending to `out` instead of allocating.
pub(crate) fn format_into(dt: OffsetDateTime, out: &mut String) {
    format_unix_into(dt.unix_timestamp(), out);
}

/// [`format`] for a Unix timestamp in whole seconds.
pub(crate) fn format_unix_into(ts: i64, out: &mut String) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday; index 0 is Monday.
    let weekday = usize::try_from((days + 3).rem_euclid(7)).unwrap_or(0);
    let month_name = usize::try_from(month - 1)
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("Jan");
    let weekday_name = WEEKDAYS.get(weekday).copied().unwrap_or("Mon");
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{weekday_name}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} GMT",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
/// Howard Hinnant's `civil_from_days`; exact for every `i64` day count that
/// an `OffsetDateTime` can produce.
const fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

// ---------------------------------------------------------------------------
// Python string semantics
// ---------------------------------------------------------------------------

/// Python's `str.isspace()` (CPython 3.11, Unicode 14): also true for
/// U+001C..U+001F, unlike Rust's `char::is_whitespace`.
pub(crate) const fn py_isspace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..='\u{20}'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()` with no arguments.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// The zero of every run of ten Unicode decimal digits that Python's `int()`
/// accepts (category Nd, Unicode 14; each run is contiguous 0..=9).
const DECIMAL_ZEROS: [u32; 66] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// Ranges of characters for which Python's `str.isdigit()` is true: the
/// decimal digits plus superscripts, circled digits and the like.
const ISDIGIT_RANGES: [(u32, u32); 81] = [
    (0x0030, 0x0039),
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x07C0, 0x07C9),
    (0x0966, 0x096F),
    (0x09E6, 0x09EF),
    (0x0A66, 0x0A6F),
    (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F),
    (0x0BE6, 0x0BEF),
    (0x0C66, 0x0C6F),
    (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F),
    (0x0DE6, 0x0DEF),
    (0x0E50, 0x0E59),
    (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x1369, 0x1371),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19DA),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10A40, 0x10A43),
    (0x10D30, 0x10D39),
    (0x10E60, 0x10E68),
    (0x11052, 0x1105A),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1F100, 0x1F10A),
    (0x1FBF0, 0x1FBF9),
];

/// The value of `c` as a decimal digit for Python's `int()`.
fn py_decimal(c: char) -> Option<u32> {
    let cp = u32::from(c);
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let idx = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DECIMAL_ZEROS.get(idx.checked_sub(1)?)?;
    let value = cp - zero;
    (value < 10).then_some(value)
}

/// Python's `str.isdigit()` for one character.
fn py_isdigit(c: char) -> bool {
    let cp = u32::from(c);
    let idx = ISDIGIT_RANGES.partition_point(|&(lo, _)| lo <= cp);
    idx.checked_sub(1)
        .and_then(|i| ISDIGIT_RANGES.get(i))
        .is_some_and(|&(_, hi)| cp <= hi)
}

/// Why Python's `int(s)` would not give a usable small integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IntError {
    /// `int()` raises `ValueError` (bad syntax, or more than 4300 digits).
    Invalid,
    /// `int()` succeeds but the value does not fit in an `i64`; no such value
    /// is a valid date field.
    Huge,
}

/// Python's `int(s)` (base 10): surrounding whitespace, one optional sign,
/// Unicode decimal digits with single underscores between them, at most 4300
/// digits.
fn py_int(s: &str) -> Result<i64, IntError> {
    let s = py_strip(s);
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let mut value: i64 = 0;
    let mut huge = false;
    let mut count = 0usize;
    let mut prev_underscore = false;
    for c in digits.chars() {
        if c == '_' {
            if count == 0 || prev_underscore {
                return Err(IntError::Invalid);
            }
            prev_underscore = true;
            continue;
        }
        let d = py_decimal(c).ok_or(IntError::Invalid)?;
        prev_underscore = false;
        count += 1;
        if !huge {
            match value.checked_mul(10).and_then(|v| v.checked_add(i64::from(d))) {
                Some(v) => value = v,
                None => huge = true,
            }
        }
    }
    if count == 0 || prev_underscore || count > 4300 {
        return Err(IntError::Invalid);
    }
    if huge {
        return Err(IntError::Huge);
    }
    Ok(if negative { -value } else { value })
}

const DAYNAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const MONTHNAMES: [&str; 24] = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `_timezones` of `email._parseaddr`, in `hhmm` form.
const TIMEZONES: [(&str, i64); 14] = [
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("AST", -400),
    ("ADT", -300),
    ("EST", -500),
    ("EDT", -400),
    ("CST", -600),
    ("CDT", -500),
    ("MST", -700),
    ("MDT", -600),
    ("PST", -800),
    ("PDT", -700),
];

/// 1-based month for `s.lower() in _monthnames`. The only non-ASCII character
/// whose `lower()` is ASCII is the Kelvin sign (to `k`), which no name holds,
/// so an ASCII case-insensitive comparison is exact.
fn month_index(s: &str) -> Option<u8> {
    let idx = MONTHNAMES.iter().position(|m| m.eq_ignore_ascii_case(s))?;
    let month = idx % 12 + 1;
    u8::try_from(month).ok()
}

/// `s.lower() in _daynames`, exact for the same reason as [`month_index`].
fn is_dayname(s: &str) -> bool {
    DAYNAMES.iter().any(|d| d.eq_ignore_ascii_case(s))
}

/// `_timezones[s.upper()]` in `hhmm` form. Besides ASCII, the characters whose
/// `upper()` is ASCII are `ß ı ſ ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`.
fn named_zone(s: &str) -> Option<i64> {
    let mut upper = String::with_capacity(4);
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' => upper.push(c.to_ascii_uppercase()),
            'ß' => upper.push_str("SS"),
            'ı' => upper.push('I'),
            'ſ' => upper.push('S'),
            '\u{fb00}' => upper.push_str("FF"),
            '\u{fb01}' => upper.push_str("FI"),
            '\u{fb02}' => upper.push_str("FL"),
            '\u{fb03}' => upper.push_str("FFI"),
            '\u{fb04}' => upper.push_str("FFL"),
            '\u{fb05}' | '\u{fb06}' => upper.push_str("ST"),
            _ => return None,
        }
        if upper.len() > 3 {
            return None;
        }
    }
    TIMEZONES.iter().find(|(name, _)| *name == upper).map(|&(_, off)| off)
}

fn last_is_comma(s: &str) -> bool {
    s.ends_with(',')
}

fn strip_one_comma(s: &str) -> &str {
    s.strip_suffix(',').unwrap_or(s)
}

/// Splits `s` on `sep` when it has exactly `N` parts.
fn split_exact<const N: usize>(s: &str, sep: char) -> Option<[&str; N]> {
    let mut out = [""; N];
    let mut parts = s.split(sep);
    for slot in &mut out {
        *slot = parts.next()?;
    }
    parts.next().is_none().then_some(out)
}

/// The fields `_parsedate_tz` extracts: `(yy, mm, dd, thh, tmm, tss, tz)`,
/// with `tz` in seconds east of UTC and `None` for a missing zone or `-0000`.
type Fields = (i64, u8, i64, i64, i64, i64, Option<i64>);

/// A port of CPython 3.11 `email._parseaddr._parsedate_tz`. `None` where it
/// returns `None` or raises `ValueError`/`OverflowError`.
#[allow(clippy::too_many_lines)]
fn parsedate_tz(data: &str) -> Option<Fields> {
    // `data.split()`; eight tokens are enough to tell every length test apart.
    let mut data: Vec<&str> = data.split(py_isspace).filter(|t| !t.is_empty()).take(8).collect();
    let first = *data.first()?;
    if first.ends_with(',') || is_dayname(first) {
        data.remove(0);
    } else if let Some(i) = first.rfind(',') {
        if let Some(slot) = data.first_mut() {
            *slot = first.get(i + 1..).unwrap_or("");
        }
    }
    if data.len() == 3 {
        // RFC 850 date, deprecated: `06-Nov-94`.
        if let Some(stuff) = data.first().and_then(|d| split_exact::<3>(d, '-')) {
            let mut rebuilt: Vec<&str> = stuff.to_vec();
            rebuilt.extend(data.iter().skip(1));
            data = rebuilt;
        }
    }
    if data.len() == 4 {
        let s = *data.get(3)?;
        let i = s.find('+').or_else(|| s.find('-'));
        match i {
            Some(i) if i > 0 => {
                let (head, tail) = (s.get(..i)?, s.get(i..)?);
                if let Some(slot) = data.get_mut(3) {
                    *slot = head;
                }
                data.push(tail);
            }
            _ => data.push(""),
        }
    }
    let [dd, mm, yy, tm, tz] = match data.get(..5)? {
        &[dd, mm, yy, tm, tz] => [dd, mm, yy, tm, tz],
        _ => return None,
    };
    if dd.is_empty() || mm.is_empty() || yy.is_empty() {
        return None;
    }
    let (mut dd, month) = match month_index(mm) {
        Some(month) => (dd, month),
        None => (mm, month_index(dd)?),
    };
    if last_is_comma(dd) {
        dd = strip_one_comma(dd);
    }
    let (mut yy, mut tm, mut tz) = (yy, tm, tz);
    if yy.find(':').is_some_and(|i| i > 0) {
        core::mem::swap(&mut yy, &mut tm);
    }
    if last_is_comma(yy) {
        yy = strip_one_comma(yy);
        if yy.is_empty() {
            return None;
        }
    }
    if !yy.chars().next().is_some_and(py_isdigit) {
        core::mem::swap(&mut yy, &mut tz);
    }
    if last_is_comma(tm) {
        tm = strip_one_comma(tm);
    }
    let (thh, tmm, tss) = if let Some([h, m]) = split_exact::<2>(tm, ':') {
        (h, m, "0")
    } else if let Some([h, m, s]) = split_exact::<3>(tm, ':') {
        (h, m, s)
    } else if !tm.contains(':') && tm.contains('.') {
        // Some non-compliant MUAs use '.' to separate time elements.
        if let Some([h, m]) = split_exact::<2>(tm, '.') {
            (h, m, "0")
        } else if let Some([h, m, s]) = split_exact::<3>(tm, '.') {
            (h, m, s)
        } else {
            return None;
        }
    } else {
        return None;
    };
    let mut yy = py_int(yy).ok()?;
    let dd = py_int(dd).ok()?;
    let thh = py_int(thh).ok()?;
    let tmm = py_int(tmm).ok()?;
    let tss = py_int(tss).ok()?;
    if yy < 100 {
        // 69..=99 are 1969..=1999; everything below (negatives too) is 20xx.
        yy += if yy > 68 { 1900 } else { 2000 };
    }
    let tzoffset = match named_zone(tz) {
        Some(hhmm) => Some(hhmm),
        None => match py_int(tz) {
            Ok(0) if tz.starts_with('-') => None,
            Ok(v) => Some(v),
            Err(IntError::Invalid) => None,
            // Python computes a timedelta that is out of range or overflows.
            Err(IntError::Huge) => return None,
        },
    };
    let tzoffset = tzoffset.map(|off| {
        let sign = if off < 0 { -1 } else { 1 };
        let off = i128::from(off).abs();
        sign * ((off / 100) * 3600 + (off % 100) * 60)
    });
    let tzoffset = match tzoffset {
        Some(secs) => Some(i64::try_from(secs).ok()?),
        None => None,
    };
    Some((yy, month, dd, thh, tmm, tss, tzoffset))
}

/// `werkzeug.http.parse_date`: `email.utils.parsedate_to_datetime`, naive results
/// taken as UTC, numeric offsets preserved, `None` on any failure.
pub(crate) fn parse(s: &str) -> Option<OffsetDateTime> {
    let (yy, month, dd, thh, tmm, tss, tz) = parsedate_tz(s)?;
    // `datetime.timezone` requires -24h < offset < 24h.
    let offset = match tz {
        Some(secs) if secs.abs() < 86_400 => UtcOffset::from_whole_seconds(i32::try_from(secs).ok()?).ok()?,
        Some(_) => return None,
        None => UtcOffset::UTC,
    };
    // `datetime.datetime` requires MINYEAR..=MAXYEAR and a second below 60.
    if !(1..=9999).contains(&yy) {
        return None;
    }
    let date = Date::from_calendar_date(
        i32::try_from(yy).ok()?,
        Month::try_from(month).ok()?,
        u8::try_from(dd).ok()?,
    )
    .ok()?;
    let time = Time::from_hms(
        u8::try_from(thh).ok()?,
        u8::try_from(tmm).ok()?,
        u8::try_from(tss).ok()?,
    )
    .ok()?;
    if tss > 59 {
        return None;
    }
    Some(OffsetDateTime::new_in_offset(date, time, offset))
}
