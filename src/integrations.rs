//! Glue for the `http` crate's 1.x types (feature `http`), which axum, hyper,
//! tower and reqwest share: read the session from a request's
//! [`HeaderMap`] and write [`SessionCodec::save_at`]'s outcome into a
//! response's, as Flask does.
//!
//! * [`SessionCodec::open_headers_at`]: Flask's `open_session` over every
//!   `Cookie` header of a request (HTTP/2 clients may split cookies over
//!   several).
//! * [`SaveOutcome::apply_to`]: appends the `Set-Cookie` header and adds
//!   `Cookie` to `Vary` the way Werkzeug's `response.vary.add("Cookie")`
//!   does.
//! * [`SetCookie::to_header_value`] and `HeaderValue::try_from(SetCookie)`.
//!
//! actix-web 4 uses `http` 0.2, not these types; there, pass
//! [`SetCookie::as_str`] to its header methods (see
//! `examples/actix_session.rs`).

use std::borrow::Cow;

use http::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE, VARY};

use crate::codec::{Opened, SaveOutcome, SessionCodec};
use crate::cookie::{find_cookie_in_raw, SetCookie};
use crate::error::Error;
use crate::timestamp::unix_now;

/// The value of the first cookie called `name` in a request's `Cookie`
/// headers: [`find_cookie_in_raw`] over an `http` [`HeaderMap`], so bytes
/// outside ASCII are read as Flask reads them. Use it with
/// [`SessionCodec::decode_at`] when you need the cookie itself; to know which
/// key verified it (to re-issue cookies signed with a fallback key),
/// [`SessionCodec::open_headers_at`] is enough: its [`Opened::key`] says.
///
/// # Examples
///
/// ```
/// use flask_cookie::find_cookie_in_headers;
/// use http::header::{HeaderMap, HeaderValue, COOKIE};
///
/// let mut headers = HeaderMap::new();
/// headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
/// headers.append(COOKIE, HeaderValue::from_static("session=abc; lang=en"));
/// assert_eq!(find_cookie_in_headers(&headers, "session").as_deref(), Some("abc"));
/// assert_eq!(find_cookie_in_headers(&HeaderMap::new(), "session"), None);
/// ```
#[must_use]
pub fn find_cookie_in_headers(headers: &HeaderMap, name: &str) -> Option<String> {
    find_cookie_in_raw(
        headers.get_all(COOKIE).iter().map(HeaderValue::as_bytes),
        name,
    )
    .map(Cow::into_owned)
}

impl SessionCodec {
    /// [`SessionCodec::open_at`] over a request's headers: Flask's
    /// `open_session`, with every `Cookie` header joined as Werkzeug joins
    /// them and read as Flask reads them ([`find_cookie_in_raw`]). Any
    /// failure (tampered, expired, signed with an unknown key) gives an empty
    /// session, as in Flask; the error is returned for logging.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SessionCodec;
    /// use http::header::{HeaderMap, HeaderValue, COOKIE};
    ///
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut headers = HeaderMap::new();
    /// headers.insert(
    ///     COOKIE,
    ///     HeaderValue::from_static("session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck"),
    /// );
    /// let opened = codec.open_headers_at(&headers, 1_700_000_060);
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// assert!(opened.error.is_none());
    ///
    /// headers.insert(COOKIE, HeaderValue::from_static("session=tampered"));
    /// let opened = codec.open_headers_at(&headers, 1_700_000_060);
    /// assert!(opened.session.is_empty() && opened.error.is_some());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open_headers_at(&self, headers: &HeaderMap, now: u64) -> Opened {
        self.open_raw_at(
            headers.get_all(COOKIE).iter().map(HeaderValue::as_bytes),
            now,
        )
    }

    /// [`SessionCodec::open_headers_at`] at the system clock's current time.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// use http::header::{HeaderMap, HeaderValue, COOKIE};
    ///
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = format!("session={}", codec.encode(&session)?);
    /// let mut headers = HeaderMap::new();
    /// headers.insert(COOKIE, HeaderValue::try_from(cookie).expect("cookies are ASCII"));
    /// // Signed just now, so it has not expired by the clock:
    /// let opened = codec.open_headers(&headers);
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open_headers(&self, headers: &HeaderMap) -> Opened {
        self.open_headers_at(headers, unix_now())
    }
}

impl SaveOutcome {
    /// Writes the outcome into a response's headers as Flask's
    /// `save_session` does: appends the `Set-Cookie` header (the new cookie
    /// or the deletion cookie), and when [`vary_cookie`](Self::vary_cookie)
    /// is set adds `Cookie` to `Vary` like Werkzeug's
    /// `response.vary.add("Cookie")`: existing `Vary` values are kept, merged
    /// into one header separated by `, `, and `Cookie` is added only when no
    /// value equals it case-insensitively (`Vary: Accept-Encoding` becomes
    /// `Vary: Accept-Encoding, Cookie`). Where Werkzeug differs: it reads
    /// only the first of several `Vary` headers (this keeps them all), and
    /// it re-parses values that are not plain field names (quoted strings,
    /// a stray `"`), which it may unquote or drop; this keeps them as
    /// written (`"Cookie"` gives `"Cookie", Cookie`).
    ///
    /// Other `Set-Cookie` headers already on the response are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// use http::header::{HeaderMap, HeaderValue, SET_COOKIE, VARY};
    ///
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    /// codec.save_at(&session, 1_700_000_000)?.apply_to(&mut headers)?;
    /// assert_eq!(
    ///     headers[SET_COOKIE],
    ///     "session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck; HttpOnly; Path=/"
    /// );
    /// assert_eq!(headers[VARY], "Accept-Encoding, Cookie");
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the cookie header holds a byte that an
    /// HTTP header value cannot (a control character in the cookie name);
    /// the headers are then left unchanged.
    pub fn apply_to(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        let set_cookie = self
            .set_cookie
            .as_ref()
            .map(SetCookie::to_header_value)
            .transpose()?;
        if self.vary_cookie {
            add_vary_cookie(headers);
        }
        if let Some(value) = set_cookie {
            headers.append(SET_COOKIE, value);
        }
        Ok(())
    }
}

/// Werkzeug's `response.vary.add("Cookie")`.
fn add_vary_cookie(headers: &mut HeaderMap) {
    let mut tokens: Vec<String> = Vec::new();
    for value in headers.get_all(VARY) {
        let text = String::from_utf8_lossy(value.as_bytes());
        tokens.extend(
            text.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        );
    }
    if tokens.iter().any(|t| t.eq_ignore_ascii_case("cookie")) {
        return;
    }
    tokens.push("Cookie".to_owned());
    match HeaderValue::try_from(tokens.join(", ")) {
        Ok(value) => {
            headers.insert(VARY, value);
        }
        // An existing value with bytes that cannot be re-sent: keep it and
        // add ours as a separate header, which means the same.
        Err(_) => {
            headers.append(VARY, HeaderValue::from_static("Cookie"));
        }
    }
}

impl SetCookie {
    /// The header value as an `http` [`HeaderValue`].
    ///
    /// # Examples
    ///
    /// ```
    /// let header = flask_cookie::CookieConfig::new().deletion_header()?;
    /// let value = header.to_header_value()?;
    /// assert_eq!(value, "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/");
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the header holds a control character
    /// (possible only through the cookie name).
    pub fn to_header_value(&self) -> Result<HeaderValue, Error> {
        HeaderValue::from_str(self.as_str()).map_err(|_| INVALID_HEADER)
    }
}

/// `http::HeaderValue::try_from(set_cookie)`, without copying the header.
impl TryFrom<SetCookie> for HeaderValue {
    type Error = Error;

    fn try_from(cookie: SetCookie) -> Result<Self, Error> {
        Self::try_from(cookie.into_string()).map_err(|_| INVALID_HEADER)
    }
}

const INVALID_HEADER: Error =
    Error::InvalidConfig("the set-cookie header holds a character http headers cannot carry");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CookieConfig, Session};

    const ALICE: &str = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";

    fn codec() -> SessionCodec {
        SessionCodec::flask("secret-key").unwrap()
    }

    /// The clock wrappers open what was signed just now, and refuse Flask's
    /// 2023 cookie, long expired at today's clock.
    #[test]
    fn clock_wrappers_use_the_current_time() {
        let codec = codec();
        let mut s = Session::new();
        s.insert("user", "bob").unwrap();
        let header = format!("session={}", codec.encode(&s).unwrap());
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_str(&header).unwrap());
        for opened in [
            codec.open(Some(&header)),
            codec.open_raw([header.as_bytes()]),
            codec.open_headers(&headers),
        ] {
            assert!(opened.error.is_none(), "{:?}", opened.error);
            assert_eq!(opened.session, s);
        }
        let old = format!("session={ALICE}");
        assert!(matches!(
            codec.open(Some(&old)).error,
            Some(Error::Expired { .. })
        ));
    }

    #[test]
    fn several_cookie_headers_are_joined_like_werkzeug() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1"));
        headers.append(
            COOKIE,
            HeaderValue::from_str(&format!("session={ALICE}")).unwrap(),
        );
        let Opened { session, error, .. } = codec().open_headers_at(&headers, 1_700_000_000);
        assert!(error.is_none());
        assert_eq!(
            session.get::<String>("user").unwrap().as_deref(),
            Some("alice")
        );
        // First occurrence wins across headers too.
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("session=bad"));
        headers.append(
            COOKIE,
            HeaderValue::from_str(&format!("session={ALICE}")).unwrap(),
        );
        let Opened { session, error, .. } = codec().open_headers_at(&headers, 1_700_000_000);
        assert!(session.is_empty() && error.is_some());
    }

    #[test]
    fn no_cookie_or_empty_cookie_is_an_empty_session_without_error() {
        let Opened { session, error, .. } = codec().open_headers_at(&HeaderMap::new(), 0);
        assert!(session.is_empty() && error.is_none() && !session.is_modified());
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("session="));
        let Opened { session, error, .. } = codec().open_headers_at(&headers, 0);
        assert!(session.is_empty() && error.is_none());
    }

    #[test]
    fn non_utf8_cookie_header_is_read_as_latin1_like_flask() {
        let mut headers = HeaderMap::new();
        let raw = format!("x=\u{e9}; session={ALICE}").into_bytes();
        let mut latin1 = raw.clone();
        // Replace the UTF-8 `é` with a lone Latin-1 byte.
        latin1.splice(2..4, [0xe9]);
        headers.insert(COOKIE, HeaderValue::from_bytes(&latin1).unwrap());
        assert_eq!(
            find_cookie_in_headers(&headers, "session").as_deref(),
            Some(ALICE)
        );
        // One character per byte, as a WSGI server hands it to Flask.
        assert_eq!(
            find_cookie_in_headers(&headers, "x").as_deref(),
            Some("\u{e9}")
        );
    }

    #[test]
    fn vary_is_merged_like_werkzeug_header_set() {
        let mut headers = HeaderMap::new();
        add_vary_cookie(&mut headers);
        assert_eq!(headers[VARY], "Cookie");
        add_vary_cookie(&mut headers);
        assert_eq!(headers.get_all(VARY).iter().count(), 1);

        let mut headers = HeaderMap::new();
        headers.append(VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.append(VARY, HeaderValue::from_static("Origin, accept-language"));
        add_vary_cookie(&mut headers);
        assert_eq!(
            headers[VARY],
            "Accept-Encoding, Origin, accept-language, Cookie"
        );
        assert_eq!(headers.get_all(VARY).iter().count(), 1);

        let mut headers = HeaderMap::new();
        headers.insert(VARY, HeaderValue::from_static("origin, COOKIE"));
        add_vary_cookie(&mut headers);
        assert_eq!(headers[VARY], "origin, COOKIE");
    }

    #[test]
    fn deletion_and_vary_come_out_of_a_cleared_session() {
        let mut session = Session::new();
        session.clear();
        let mut headers = HeaderMap::new();
        headers.append(SET_COOKIE, HeaderValue::from_static("other=1"));
        codec()
            .save_at(&session, 1_700_000_000)
            .unwrap()
            .apply_to(&mut headers)
            .unwrap();
        let cookies: Vec<_> = headers.get_all(SET_COOKIE).iter().collect();
        assert_eq!(
            cookies,
            [
                "other=1",
                "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
            ]
        );
        assert_eq!(headers[VARY], "Cookie");
    }

    #[test]
    fn untouched_session_adds_nothing() {
        let mut headers = HeaderMap::new();
        codec()
            .save_at(&Session::new(), 0)
            .unwrap()
            .apply_to(&mut headers)
            .unwrap();
        assert!(headers.is_empty());
    }

    #[test]
    fn control_character_in_cookie_name_is_an_error_not_a_panic() {
        let header = CookieConfig::new()
            .with_name("a\u{1}b")
            .set_cookie_header("v", None)
            .unwrap();
        assert!(matches!(
            header.to_header_value(),
            Err(Error::InvalidConfig(_))
        ));
        assert!(matches!(
            HeaderValue::try_from(header.clone()),
            Err(Error::InvalidConfig(_))
        ));
        let outcome = SaveOutcome {
            set_cookie: Some(header),
            vary_cookie: true,
        };
        let mut headers = HeaderMap::new();
        assert!(outcome.apply_to(&mut headers).is_err());
        assert!(headers.is_empty(), "headers are left unchanged on error");
    }

    #[test]
    fn header_value_conversions_keep_the_bytes() {
        let header = CookieConfig::new()
            .with_name("s\u{e9}")
            .set_cookie_header("v", None)
            .unwrap();
        let value = header.to_header_value().unwrap();
        assert_eq!(value.as_bytes(), header.as_str().as_bytes());
        assert_eq!(HeaderValue::try_from(header.clone()).unwrap(), value);
    }
}
