//! The session dictionary with Flask's modification and access tracking.

use core::fmt;
use core::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;
use crate::value::{Dict, Value};

/// The key Flask stores `session.permanent` under.
pub const PERMANENT_KEY: &str = "_permanent";

/// A Flask session: a dictionary of [`Value`]s that tracks, as Flask's
/// `SecureCookieSession` does, whether it was **modified** (so the cookie must
/// be re-sent or deleted) and whether it was **accessed** (so the response
/// must carry `Vary: Cookie`).
///
/// What marks it modified, exactly as Flask: [`insert`](Session::insert),
/// [`remove`](Session::remove) of a present key, [`clear`](Session::clear)
/// (even when already empty), [`set_permanent`](Session::set_permanent),
/// [`get_or_insert`](Session::get_or_insert) of a missing key, and
/// [`mark_modified`](Session::mark_modified). Changing a nested value
/// through [`get_mut`](Session::get_mut) does **not** (Flask's
/// `session["l"].append(3)` is not saved either): call `mark_modified`.
///
/// Any read or write marks it accessed (Flask 3.1.3, CVE-2026-27205), and
/// so do comparing (`==`), cloning and `Debug` formatting, which read the
/// data as Flask's `session == {}`, `session.copy()` and `repr(session)` do:
/// a handler that branches on `session == Session::new()` sends a response
/// that depends on the cookie, so it needs `Vary: Cookie`. (A clone starts
/// out accessed, like the session it came from.)
///
/// Two sessions are equal when their data are equal (`_permanent`
/// included); the modified and accessed flags are bookkeeping and are not
/// compared. The data compare by [`Value`]'s equality, which is stricter
/// than Python's: `1`, `1.0` and `True` differ, as do `Markup("x")` and
/// `"x"`, and one instant at two UTC offsets. A `Session` is
/// `Send + Sync`: it can go into `http::Extensions` as it is.
///
/// # Examples
///
/// ```
/// use flask_cookie::Session;
/// let mut s = Session::new();
/// s.insert("user", "alice")?;
/// s.set_permanent(true);
/// assert_eq!(s.get::<String>("user")?.as_deref(), Some("alice"));
/// assert!(s.is_modified() && s.permanent());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Default)]
pub struct Session {
    data: Dict,
    modified: bool,
    /// Atomic only so that a `Session` is `Sync` (`http::Extensions` asks
    /// for it); a plain flag otherwise, read and set with `Relaxed`.
    accessed: AtomicBool,
}

/// Copying the data reads it: marks this session accessed (and the copy).
impl Clone for Session {
    fn clone(&self) -> Self {
        self.touch();
        Self {
            data: self.data.clone(),
            modified: self.modified,
            accessed: AtomicBool::new(true),
        }
    }
}

/// Compares the data, which reads both: marks both sessions accessed.
impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.touch();
        other.touch();
        self.data == other.data
    }
}

impl Session {
    /// An empty, unmodified session.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Session;
    /// let s = Session::new();
    /// assert!(!s.is_modified() && !s.was_accessed()); // saving it sends nothing
    /// assert!(s.is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A session loaded from a cookie: not modified, not accessed.
    ///
    /// So [`SessionCodec::save_at`](crate::SessionCodec::save_at) sends no
    /// cookie for it unless something changes it, as Flask does. To build a
    /// session to send (a login, say), insert into [`Session::new`], or call
    /// [`Session::mark_modified`] after `from_dict`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{to_value, Dict, Session, SessionCodec, Value};
    /// let s = Session::from_dict(Dict::from([("user".to_owned(), Value::from("alice"))]));
    /// assert!(!s.is_modified() && !s.was_accessed()); // as just read from the cookie
    /// assert_eq!(s.len(), 1);
    ///
    /// // Built from a struct, to be sent: mark it modified.
    /// #[derive(serde::Serialize)]
    /// struct Login { user_id: u32, csrf_token: String }
    /// let Value::Dict(d) = to_value(&Login { user_id: 42, csrf_token: "t".into() })? else {
    ///     unreachable!()
    /// };
    /// let mut login = Session::from_dict(d);
    /// let codec = SessionCodec::flask("secret-key")?;
    /// assert!(codec.save_at(&login, 1_700_000_000)?.set_cookie.is_none());
    /// login.mark_modified();
    /// assert!(codec.save_at(&login, 1_700_000_000)?.set_cookie.is_some());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn from_dict(data: Dict) -> Self {
        Self {
            data,
            modified: false,
            accessed: AtomicBool::new(false),
        }
    }

    fn touch(&self) {
        self.accessed.store(true, Ordering::Relaxed);
    }

    fn changed(&mut self) {
        self.modified = true;
        self.touch();
    }

    /// Deserializes the value under `key`.
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] when the stored value does not fit `T`: with
    /// [`PayloadError::WrongType`](crate::PayloadError::WrongType), naming
    /// the kind of value found, when it is of another kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError, Session};
    /// let mut s = Session::new();
    /// s.insert("user", "alice")?;
    /// assert_eq!(s.get::<String>("user")?.as_deref(), Some("alice"));
    /// assert_eq!(s.get::<String>("nobody")?, None);
    /// let e = s.get::<u32>("user").unwrap_err();
    /// assert_eq!(e, Error::BadPayload(PayloadError::WrongType { found: "a string", field: None }));
    /// assert_eq!(
    ///     e.to_string(),
    ///     "bad payload: payload does not match the requested type: found a string"
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        self.get_value(key)
            .map(crate::value::from_value)
            .transpose()
    }

    /// Deserializes the whole session: into a struct of your own, a
    /// `HashMap`, a `serde_json::Value`, ... (what
    /// [`from_value`](crate::from_value) does with a [`Value::Dict`], without
    /// copying the data). A read: marks the session accessed.
    ///
    /// Fields Flask writes with a tag arrive as [`from_value`](crate::from_value)
    /// says: a tuple as a sequence, `Markup` and UUIDs as strings, a
    /// datetime as its HTTP-date string (read it with
    /// `#[serde(with = "time::serde::rfc2822")]`, `time`'s `serde-well-known`
    /// feature, or as a [`Value`] field for the exact value).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] when the session does not fit `T`: with
    /// [`PayloadError::MissingField`](crate::PayloadError::MissingField) naming
    /// a field the session lacks, or
    /// [`PayloadError::WrongType`](crate::PayloadError::WrongType) naming the
    /// kind of value found and the field holding it; never a value or a key
    /// from the cookie.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError, Session, SessionCodec};
    ///
    /// #[derive(serde::Deserialize, Debug, PartialEq)]
    /// struct Login {
    ///     #[serde(rename = "_user_id")]
    ///     user_id: String,
    ///     csrf_token: String,
    ///     #[serde(default, rename = "_permanent")]
    ///     permanent: bool,
    /// }
    ///
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut s = Session::new();
    /// s.insert("_user_id", "42")?;
    /// s.insert("csrf_token", "5f0c1e8a")?;
    /// let cookie = codec.encode_at(&s, 1_700_000_000)?;
    ///
    /// let session = codec.decode_at(&cookie, 1_700_000_000)?.session;
    /// let login: Login = session.extract()?;
    /// assert_eq!(login.user_id, "42");
    /// assert!(!login.permanent);
    ///
    /// // What does not fit is named: the field, and the kind of value.
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Numeric { _user_id: u64 }
    /// let e = session.extract::<Numeric>().unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "bad payload: payload does not match the requested type: found a string in field `_user_id`"
    /// );
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Cart { cart: Vec<u32> }
    /// let e = session.extract::<Cart>().unwrap_err();
    /// assert_eq!(e, Error::BadPayload(PayloadError::MissingField { field: "cart" }));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "deserialize")]
    pub fn extract<T: DeserializeOwned>(&self) -> Result<T, Error> {
        crate::value_serde::from_dict(self.as_dict())
    }

    /// The raw value under `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let s = Session::from_dict([("user".to_owned(), Value::from("alice"))].into());
    /// assert_eq!(s.get_value("user").and_then(Value::as_str), Some("alice"));
    /// assert!(s.was_accessed() && !s.is_modified()); // a read: `Vary: Cookie`, no new cookie
    /// let empty = Session::new();
    /// assert_eq!(empty.get_value("user"), None);
    /// assert!(empty.was_accessed()); // a miss is a read too
    /// ```
    #[must_use]
    pub fn get_value(&self, key: &str) -> Option<&Value> {
        self.touch();
        self.data.get(key)
    }

    /// Mutable access to a value. Like Flask, this does not mark the session
    /// modified; call [`Session::mark_modified`] after changing it.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::from_dict([("cart".to_owned(), Value::List(vec![]))].into());
    /// if let Some(Value::List(cart)) = s.get_mut("cart") {
    ///     cart.push(7.into());
    /// }
    /// assert!(s.was_accessed() && !s.is_modified()); // Flask would not save this either...
    /// s.mark_modified(); // ...until told to
    /// assert!(s.is_modified());
    /// ```
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.touch();
        self.data.get_mut(key)
    }

    /// Serializes `value` and stores it under `key`.
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] when `value` cannot be represented as a
    /// [`Value`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// #[derive(serde::Serialize)]
    /// struct Cart { items: Vec<u32> }
    /// let mut s = Session::new();
    /// s.insert("cart", &Cart { items: vec![7, 9] })?;
    /// assert!(s.is_modified());
    /// assert_eq!(
    ///     Value::Dict(s.into_dict()).to_flask_json()?,
    ///     r#"{"cart":{"items":[7,9]}}"#
    /// );
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<(), Error> {
        let v = crate::value::to_value(value)?;
        self.insert_value(key, v);
        Ok(())
    }

    /// Stores a raw value, returning the previous one.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::from_dict([("n".to_owned(), Value::Int(1))].into());
    /// assert_eq!(s.insert_value("n", Value::Int(1)), Some(Value::Int(1)));
    /// assert!(s.is_modified()); // even with the same value, as Flask's `session["n"] = 1`
    /// assert_eq!(s.insert_value("m", Value::Int(2)), None);
    /// ```
    pub fn insert_value(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.changed();
        self.data.insert(key.into(), value)
    }

    /// Removes `key`; marks the session modified only if it was present
    /// (Python's `dict.pop` with a default).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::from_dict([("user".into(), Value::from("alice"))].into_iter().collect());
    /// assert_eq!(s.remove("nobody"), None);
    /// assert!(!s.is_modified()); // nothing to save
    /// assert_eq!(s.remove("user"), Some(Value::from("alice")));
    /// assert!(s.is_modified() && s.is_empty()); // saving now deletes the cookie
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.touch();
        let old = self.data.remove(key);
        if old.is_some() {
            self.modified = true;
        }
        old
    }

    /// Flask's `flash(message, category)`: appends the tuple
    /// `(category, message)` to the list under `_flashes`, creating it,
    /// exactly as Flask stores a flash, for a Flask page's
    /// `get_flashed_messages()` to show. Flask's default category is
    /// `"message"`; pass a [`Value::Markup`] for a `Markup` message.
    ///
    /// Reading the flashes as `Vec<(String, String)>` and writing them back
    /// would turn a `Markup` message into a plain string; this keeps every
    /// earlier flash as it was.
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] with
    /// [`PayloadError::WrongType`](crate::PayloadError::WrongType) when
    /// `_flashes` holds something other than a list (where Flask's
    /// `flashes.append` raises); the data is left as it was, and the
    /// session is marked accessed, as in Flask (a response then gets
    /// `Vary: Cookie`, and no new cookie).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec, Value};
    /// let mut s = Session::new();
    /// s.insert("user", "bob")?;
    /// s.flash(Value::Markup("<b>ok</b>".into()), "info")?;
    /// assert!(s.is_modified());
    /// // The cookie Flask 3.1 sets after `flash(Markup("<b>ok</b>"), "info")`
    /// // (the `session/flash/markup` vector):
    /// assert_eq!(
    ///     SessionCodec::flask("secret-key")?.encode_at(&s, 1_700_000_000)?,
    ///     "eyJfZmxhc2hlcyI6W3siIHQiOlsiaW5mbyIseyIgbSI6IjxiPm9rPC9iPiJ9XX1dLCJ1c2VyIjoiYm9iIn0.ZVPxAA.pzVR2_O_gulXcEG_OJybCFE9vaE"
    /// );
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn flash(&mut self, message: impl Into<Value>, category: &str) -> Result<(), Error> {
        const FLASHES: &str = "_flashes";
        let flash = Value::Tuple(vec![Value::from(category), message.into()]);
        match self.get_mut(FLASHES) {
            None => {
                self.insert_value(FLASHES, Value::List(vec![flash]));
            }
            Some(Value::List(flashes)) => {
                flashes.push(flash);
                self.changed();
            }
            Some(other) => {
                let found = match other {
                    Value::Tuple(_) => "a tuple",
                    other => crate::value_serde::kind(other),
                };
                return Err(Error::BadPayload(crate::PayloadError::WrongType {
                    found,
                    field: None,
                }));
            }
        }
        Ok(())
    }

    /// Returns the value under `key`, inserting `default` first if missing
    /// (Python's `setdefault`; modified only when it inserts).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::from_dict([("visits".to_owned(), Value::Int(3))].into());
    /// assert_eq!(*s.get_or_insert("visits", Value::Int(0)), Value::Int(3)); // present: kept
    /// assert!(!s.is_modified());
    /// s.get_or_insert("cart", Value::List(vec![])); // missing: inserted
    /// assert!(s.is_modified());
    /// ```
    pub fn get_or_insert(&mut self, key: impl Into<String>, default: Value) -> &mut Value {
        self.touch();
        let key = key.into();
        if !self.data.contains_key(&key) {
            self.modified = true;
        }
        self.data.get_or_insert_with(key, || default)
    }

    /// Empties the session. Always marks it modified, so saving deletes the
    /// cookie, as Flask's `session.clear()` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Session;
    /// let mut s = Session::new();
    /// s.clear();
    /// assert!(s.is_modified() && s.is_empty()); // saving now deletes the cookie
    /// ```
    pub fn clear(&mut self) {
        self.changed();
        self.data.clear();
    }

    /// True when `key` is present.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let s = Session::from_dict([("user".to_owned(), Value::Null)].into());
    /// assert!(s.contains_key("user")); // present, even holding `None`
    /// assert!(!s.contains_key("cart"));
    /// assert!(s.was_accessed() && !s.is_modified()); // `"user" in session` is a read
    /// ```
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.touch();
        self.data.contains_key(key)
    }

    /// Number of keys (`_permanent` included, as in Flask).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Session;
    /// let mut s = Session::new();
    /// s.set_permanent(false);
    /// assert_eq!(s.len(), 1); // `_permanent` counts, as in Flask
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.touch();
        self.data.len()
    }

    /// True when there are no keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Session;
    /// let s = Session::new();
    /// assert!(s.is_empty());
    /// assert!(s.was_accessed()); // even `if not session` is a read
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.touch();
        self.data.is_empty()
    }

    /// Iterates over keys and values in key order (double-ended, with an
    /// exact length, like [`Dict::iter`]). Marks the session accessed when
    /// called.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Session, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Int(2)), ("a".to_owned(), Value::Int(1))]);
    /// let s = Session::from(d);
    /// let keys: Vec<&str> = s.iter().map(|(k, _)| k).collect();
    /// assert_eq!(keys, ["a", "b"]); // key order
    /// assert_eq!(s.iter().len(), 2);
    /// assert_eq!(s.iter().next_back().map(|(k, _)| k), Some("b"));
    /// assert!(s.was_accessed());
    /// ```
    pub fn iter(&self) -> crate::DictIter<'_> {
        self.touch();
        self.data.iter()
    }

    /// The whole dictionary.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let s = Session::from_dict([("user".to_owned(), Value::from("alice"))].into());
    /// assert_eq!(s.as_dict()["user"], Value::from("alice"));
    /// assert!(s.was_accessed()); // handing out the data is a read
    /// ```
    #[must_use]
    pub fn as_dict(&self) -> &Dict {
        self.touch();
        &self.data
    }

    /// Consumes the session, returning its dictionary.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::new();
    /// s.insert("user", "alice")?;
    /// s.set_permanent(true);
    /// let d = s.into_dict(); // the flags go; `_permanent` is data and stays
    /// assert_eq!(Value::Dict(d).to_flask_json()?, r#"{"_permanent":true,"user":"alice"}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn into_dict(self) -> Dict {
        self.data
    }

    /// Flask's `session.permanent`: the truthiness of `_permanent`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// assert!(!Session::new().permanent()); // no `_permanent` key
    /// let s = Session::from_dict([("_permanent".to_owned(), Value::Int(1))].into());
    /// assert!(s.permanent()); // truthy, as Python's `if session.permanent` sees it
    /// assert!(s.was_accessed());
    /// ```
    #[must_use]
    pub fn permanent(&self) -> bool {
        self.touch();
        self.is_permanent_untracked()
    }

    pub(crate) fn is_permanent_untracked(&self) -> bool {
        self.data.get(PERMANENT_KEY).is_some_and(is_truthy)
    }

    /// Sets `session.permanent`, stored as `"_permanent": true|false` in the
    /// cookie exactly as Flask stores it.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let mut s = Session::new();
    /// s.set_permanent(true);
    /// assert!(s.permanent());
    /// assert_eq!(s.get_value("_permanent"), Some(&Value::Bool(true)));
    /// s.set_permanent(false); // Flask keeps the key, set to false
    /// assert_eq!(s.get_value("_permanent"), Some(&Value::Bool(false)));
    /// ```
    pub fn set_permanent(&mut self, permanent: bool) {
        self.insert_value(PERMANENT_KEY, Value::Bool(permanent));
    }

    /// True when the session must be re-sent (or deleted) on save.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Session;
    /// let mut s = Session::new();
    /// // Checking the flags is not a read here (in Flask, any use of the
    /// // `session` proxy sets `accessed`, even reading `session.modified`).
    /// assert!(!s.is_modified() && !s.was_accessed());
    /// assert_eq!(s.get::<String>("user")?, None);
    /// assert!(!s.is_modified()); // reads do not modify
    /// s.insert("user", "alice")?;
    /// assert!(s.is_modified());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn is_modified(&self) -> bool {
        self.modified
    }

    /// Marks the session modified, for changes made through
    /// [`Session::get_mut`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, Value};
    /// let prefs = Value::from_flask_json(r#"{"theme":"light"}"#)?;
    /// let mut s = Session::from_dict([("prefs".to_owned(), prefs)].into());
    /// if let Some(Value::Dict(prefs)) = s.get_mut("prefs") {
    ///     prefs.insert("theme".into(), "dark".into());
    /// }
    /// assert!(!s.is_modified()); // a nested change is not tracked
    /// s.mark_modified(); // Flask's `session.modified = True`
    /// assert!(s.is_modified());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn mark_modified(&mut self) {
        self.changed();
    }

    /// True when the session was read or written, so the response must carry
    /// `Vary: Cookie`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let s = Session::new();
    /// assert!(!codec.save_at(&s, 1_700_000_000)?.vary_cookie); // never looked at
    /// assert_eq!(s.get::<String>("user")?, None); // a read, of a missing key
    /// assert!(s.was_accessed());
    /// assert!(codec.save_at(&s, 1_700_000_000)?.vary_cookie); // the response depends on it
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn was_accessed(&self) -> bool {
        self.accessed.load(Ordering::Relaxed)
    }

    pub(crate) fn dict_untracked(&self) -> &Dict {
        &self.data
    }

    pub(crate) fn is_empty_untracked(&self) -> bool {
        self.data.is_empty()
    }
}

/// Python truthiness, for `if session.permanent`.
fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) | Value::Markup(s) => !s.is_empty(),
        Value::List(l) | Value::Tuple(l) => !l.is_empty(),
        Value::Dict(d) => !d.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        _ => true,
    }
}

/// Shows keys and values; sessions are client-readable, not secret. Use
/// your own wrapper if you store secrets in them (you should not). Showing
/// the data reads it: marks the session accessed, as `repr(session)` does
/// in Flask.
impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.touch();
        f.debug_struct("Session")
            .field("data", &self.data)
            .field("modified", &self.modified)
            .field("accessed", &self.was_accessed())
            .finish()
    }
}

impl From<Dict> for Session {
    fn from(d: Dict) -> Self {
        Self::from_dict(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `extract` reads the whole session as `from_value` reads the same
    /// dict inside a `Value`: exactly into a `Value` (tagged types kept),
    /// into maps and `serde_json::Value`, and into structs, with the same
    /// errors and depth limit; and it is a read.
    #[test]
    fn extract_reads_the_session_as_from_value_reads_its_dict() {
        use std::collections::HashMap;

        use crate::{from_value, PayloadError};
        let mut s = Session::new();
        s.insert("user", "alice").unwrap();
        s.insert_value("flash", Value::tuple(["message", "Hi"]));
        s.insert_value("avatar", Value::bytes(*b"\x89PNG"));
        s.insert_value("page", Value::Markup("<b>x</b>".into()));
        s.set_permanent(true);
        let s = Session::from_dict(s.into_dict()); // as loaded: not accessed
        let as_value = Value::Dict(s.data.clone());
        assert!(!s.was_accessed());
        assert_eq!(s.extract::<Value>().unwrap(), as_value);
        assert!(s.was_accessed());
        assert_eq!(
            s.extract::<HashMap<String, Value>>().unwrap(),
            from_value::<HashMap<String, Value>>(&as_value).unwrap()
        );
        let mut plain = s.clone();
        plain.remove("avatar"); // serde_json::Value takes no bytes
        assert_eq!(
            plain.extract::<serde_json::Value>().unwrap(),
            serde_json::json!({"_permanent": true, "flash": ["message", "Hi"],
                               "page": "<b>x</b>", "user": "alice"})
        );
        assert_eq!(
            s.extract::<serde_json::Value>(),
            Err(Error::BadPayload(PayloadError::WrongType {
                found: "bytes",
                field: None
            }))
        );

        // A one-entry session is an enum's `{variant: value}`, as in serde_json.
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum Only {
            #[serde(rename = "user")]
            User(String),
        }
        let mut one = Session::new();
        one.insert("user", "bob").unwrap();
        assert_eq!(one.extract::<Only>().unwrap(), Only::User("bob".into()));
        assert_eq!(
            s.extract::<Only>(),
            Err(Error::BadPayload(PayloadError::WrongType {
                found: "a dict",
                field: None
            }))
        );

        // As deep as `from_value` takes, and no deeper.
        for (levels, ok) in [(256, true), (257, false)] {
            let mut v = Value::Null;
            for _ in 1..levels {
                v = Value::List(vec![v]);
            }
            let mut deep = Session::new();
            deep.insert_value("k", v);
            let inside = Value::Dict(deep.data.clone());
            assert_eq!(from_value::<Value>(&inside).is_ok(), ok);
            assert_eq!(
                deep.extract::<Value>().map_err(|e| e.to_string()),
                from_value::<Value>(&inside).map_err(|e| e.to_string())
            );
        }
    }

    /// Flask 3.1.3 marks the session accessed on `session == {}`,
    /// `session.copy()` and `repr(session)` (any use of the proxy; checked
    /// against Flask: each sends `Vary: Cookie`). Comparing, cloning and
    /// formatting read the data here too.
    #[test]
    fn comparing_cloning_and_formatting_mark_accessed() {
        let (a, b) = (Session::new(), Session::new());
        assert!(a == b);
        assert!(a.was_accessed() && b.was_accessed(), "both sides were read");

        let c = Session::from_dict(a.as_dict().clone());
        let d = c.clone();
        assert!(c.was_accessed() && d.was_accessed());
        assert!(!c.is_modified() && !d.is_modified());

        let e = Session::from_dict(Dict::new());
        let shown = format!("{e:?}");
        assert!(e.was_accessed());
        assert!(shown.contains("accessed: true"), "{shown}");
    }

    #[test]
    fn equality_is_the_data_not_the_flags() {
        let mut a = Session::new();
        a.insert("user", "alice").unwrap();
        let b = Session::from_dict(a.as_dict().clone());
        assert!(a.is_modified() && !b.is_modified());
        let _ = b.len(); // marks b accessed
        assert!(b.was_accessed());
        assert_eq!(a, b);
        assert_eq!(a.clone(), a);
        let mut c = b.clone();
        c.set_permanent(true); // `_permanent` is data
        assert_ne!(b, c);
        c.set_permanent(false);
        assert_ne!(b, c, "`_permanent: false` is a key Flask keeps too");
    }

    #[test]
    fn modification_tracking_mirrors_flask() {
        let mut s = Session::new();
        assert!(!s.is_modified() && !s.was_accessed());
        let _ = s.contains_key("x");
        assert!(s.was_accessed() && !s.is_modified());
        assert!(s.remove("missing").is_none());
        assert!(!s.is_modified(), "pop of a missing key does not modify");
        s.clear();
        assert!(s.is_modified(), "clear on an empty session still modifies");

        let mut s = Session::from_dict(Dict::new());
        s.get_or_insert("l", Value::List(vec![]));
        assert!(s.is_modified());
        let mut s = Session::from_dict(s.into_dict());
        s.get_or_insert("l", Value::Null);
        assert!(
            !s.is_modified(),
            "setdefault of a present key does not modify"
        );
        if let Some(Value::List(l)) = s.get_mut("l") {
            l.push(Value::Int(3));
        }
        assert!(
            !s.is_modified(),
            "nested mutation is not tracked, as in Flask"
        );
        s.mark_modified();
        assert!(s.is_modified());
    }

    #[test]
    fn permanent_is_stored_as_flask_does() {
        let mut s = Session::new();
        assert!(!s.permanent());
        s.set_permanent(false);
        assert_eq!(s.get_value(PERMANENT_KEY), Some(&Value::Bool(false)));
        assert_eq!(s.len(), 1);
        s.set_permanent(true);
        assert!(s.permanent());
    }
}
