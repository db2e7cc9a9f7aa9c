//! Payloads that are not a dict: what Flask makes of them, and signing one.
//!
//! Flask's `open_session` builds the session as `SecureCookieSession(data)`,
//! which is `dict(data)` (and `{}` for `None`): a validly signed list of
//! pairs is a session to Flask, `[["user", "admin"]]` logs in as admin,
//! while a string (a Flask-WTF CSRF token) makes Flask fail with a 500.

use flask_cookie::{Dict, Value};

/// What Python's `dict(data)` does with a payload.
#[derive(Debug, PartialEq)]
pub(crate) enum FlaskDict {
    /// The session Flask holds.
    Session(Dict),
    /// A dict with a key that is not a string (a number, a tuple ...),
    /// which no session JSON shows.
    OtherKeys,
    /// A dict whose keys come from a dict inside the payload, in its
    /// cookie's key order, which is not kept here.
    KeyOrder,
    /// `dict(data)` raises this Python exception: Flask answers 500.
    Raises(String),
}

/// Python's type name of a value.
const fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Tuple(_) => "tuple",
        Value::Bytes(_) => "bytes",
        Value::Markup(_) => "Markup",
        Value::Uuid(_) => "UUID",
        // The C type's full name, as Python's messages print it.
        Value::DateTime(_) => "datetime.datetime",
        _ => "object",
    }
}

/// The type Python's `hash(v)` fails on: the first list or dict in it,
/// depth first (a tuple hashes its items in order), or `None`.
fn unhashable(v: &Value) -> Option<&'static str> {
    match v {
        Value::List(_) | Value::Dict(_) => Some(type_name(v)),
        Value::Tuple(items) => items.iter().find_map(unhashable),
        _ => None,
    }
}

/// Python's `dict(data)`, for the payloads Flask's tagged JSON can hold.
pub(crate) fn flask_dict(data: &Value) -> FlaskDict {
    let raises = |e: String| FlaskDict::Raises(e);
    let items = match data {
        Value::Null => return FlaskDict::Session(Dict::new()),
        Value::Dict(d) => return FlaskDict::Session(d.clone()),
        Value::List(items) | Value::Tuple(items) => items,
        // Iterable, of one-character strings or of ints: only empty works.
        Value::Str(s) | Value::Markup(s) if s.is_empty() => return FlaskDict::Session(Dict::new()),
        Value::Bytes(b) if b.is_empty() => return FlaskDict::Session(Dict::new()),
        Value::Str(_) | Value::Markup(_) => {
            return raises(
                "ValueError: dictionary update sequence element #0 has length 1; 2 is required"
                    .to_owned(),
            )
        }
        Value::Bytes(_) => {
            return raises(
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence"
                    .to_owned(),
            )
        }
        other => {
            return raises(format!(
                "TypeError: '{}' object is not iterable",
                type_name(other)
            ))
        }
    };
    let mut session = Dict::new();
    let (mut other_keys, mut key_order) = (false, false);
    for (i, item) in items.iter().enumerate() {
        let length = |n: usize| {
            raises(format!(
                "ValueError: dictionary update sequence element #{i} has length {n}; 2 is required"
            ))
        };
        let (key, value) = match item {
            Value::List(pair) | Value::Tuple(pair) => match pair.as_slice() {
                [k, v] => (k.clone(), v.clone()),
                _ => return length(pair.len()),
            },
            Value::Str(s) | Value::Markup(s) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next(), chars.next()) {
                    (Some(k), Some(v), None) => (Value::from(k.to_string()), v.to_string().into()),
                    _ => return length(s.chars().count()),
                }
            }
            Value::Bytes(b) => match b.as_slice() {
                [k, v] => (Value::Int((*k).into()), Value::Int((*v).into())),
                _ => return length(b.len()),
            },
            Value::Dict(d) if d.len() == 2 => {
                key_order = true;
                continue;
            }
            Value::Dict(d) => return length(d.len()),
            _ => {
                return raises(format!(
                "TypeError: cannot convert dictionary update sequence element #{i} to a sequence"
            ))
            }
        };
        if let Some(t) = unhashable(&key) {
            return raises(format!("TypeError: unhashable type: '{t}'"));
        }
        match key {
            Value::Str(k) | Value::Markup(k) => {
                session.insert(k, value);
            }
            _ => other_keys = true,
        }
    }
    if key_order {
        FlaskDict::KeyOrder
    } else if other_keys {
        FlaskDict::OtherKeys
    } else {
        FlaskDict::Session(session)
    }
}

/// What Flask makes of a payload that is not a dict, in words, and the
/// session's JSON when there is one to show.
pub(crate) fn describe(data: &Value) -> (String, Option<String>) {
    match flask_dict(data) {
        FlaskDict::Session(d) => match Value::Dict(d).to_flask_json() {
            Ok(json) => (format!("flask's dict(data) makes it the session {json}"), Some(json)),
            Err(e) => (format!("flask's dict(data) makes it a session ({e})"), None),
        },
        FlaskDict::OtherKeys => (
            "flask's dict(data) makes it a session with keys that are not strings".to_owned(),
            None,
        ),
        FlaskDict::KeyOrder => (
            "flask's dict(data) makes it a session whose keys depend on the key order of a dict inside it".to_owned(),
            None,
        ),
        FlaskDict::Raises(e) => (
            format!("flask's dict(data) raises {e}, so flask answers 500"),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict_of(json: &str) -> FlaskDict {
        flask_dict(&Value::from_flask_json(json).unwrap())
    }

    fn session(json: &str) -> FlaskDict {
        match Value::from_flask_json(json).unwrap() {
            Value::Dict(d) => FlaskDict::Session(d),
            _ => unreachable!(),
        }
    }

    /// Python 3's `dict(x)` on each of these (checked against CPython).
    #[test]
    fn as_python_dict() {
        assert_eq!(
            dict_of(r#"[["user","admin"]]"#),
            session(r#"{"user":"admin"}"#)
        );
        assert_eq!(dict_of(r#"["ab"]"#), session(r#"{"a":"b"}"#));
        assert_eq!(dict_of(r#"[["a",1],["a",2]]"#), session(r#"{"a":2}"#));
        assert_eq!(
            dict_of(r#"{" t":[{" t":["k",[1]]}]}"#),
            session(r#"{"k":[1]}"#)
        );
        assert_eq!(dict_of(r#""""#), session("{}"));
        assert_eq!(dict_of("[]"), session("{}"));
        assert_eq!(dict_of("null"), session("{}"));
        assert_eq!(dict_of("[[1,2]]"), FlaskDict::OtherKeys);
        assert_eq!(dict_of(r#"[{" b":"YWI="}]"#), FlaskDict::OtherKeys);
        assert_eq!(dict_of(r#"[{"a":1,"b":2}]"#), FlaskDict::KeyOrder);
        for (json, raised) in [
            (
                r#""ab""#,
                "ValueError: dictionary update sequence element #0 has length 1; 2 is required",
            ),
            ("0", "TypeError: 'int' object is not iterable"),
            ("false", "TypeError: 'bool' object is not iterable"),
            (
                r#"{" b":"YWI="}"#,
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence",
            ),
            ("[[[1],2]]", "TypeError: unhashable type: 'list'"),
            // What Python 3.11 says (review finding: we said 'datetime'
            // and 'tuple').
            (
                r#"{" d":"Tue, 14 Nov 2023 22:13:20 GMT"}"#,
                "TypeError: 'datetime.datetime' object is not iterable",
            ),
            (
                r#"[[{" t":[{"a":1}]},"x"]]"#,
                "TypeError: unhashable type: 'dict'",
            ),
            (
                r#"[[{" t":[1,[2]]},"x"]]"#,
                "TypeError: unhashable type: 'list'",
            ),
            (
                r#"[[{" t":[{" t":[1,{"b":2}]}]},"x"]]"#,
                "TypeError: unhashable type: 'dict'",
            ),
            (
                r#"[["a","b"],["a"]]"#,
                "ValueError: dictionary update sequence element #1 has length 1; 2 is required",
            ),
            (
                "[5]",
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence",
            ),
            (
                r#"{" t":[1]}"#,
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence",
            ),
        ] {
            assert_eq!(
                dict_of(json),
                FlaskDict::Raises(raised.to_owned()),
                "{json}"
            );
        }
    }
}
