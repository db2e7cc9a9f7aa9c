//! Why JSON did not fit a type, told without serde_json's words (which quote
//! the data): the generic serializers' cold error path.
//!
//! [`explain`] reads the JSON a second time, through serde_json as the
//! failed read did, with every deserializer, visitor, seed and access
//! wrapped so that the type's own code sees our error type. The same calls
//! reach serde_json in the same order, so the second read fails where the
//! first did, but the failure now arrives as a [`SerdeError`], built by
//! serde's structured calls (`invalid_type`, `missing_field`, ...) that
//! [`from_value`](crate::from_value) classifies too. Struct fields are
//! tracked on the way (the key read last, matched against the struct's own
//! `&'static` field names), so the innermost field is named.
//!
//! Errors cross serde_json between the wrappers: a wrapped visitor that
//! fails leaves its [`SerdeError`] in a [`Trace`] and hands serde_json a
//! placeholder, which the wrapper around the serde_json call it came from
//! swaps back. serde_json's own type errors (a string where its
//! `deserialize_u32` wanted a number) have no structured form; their
//! message's fixed opening says the kind, and nothing after it is kept.
//!
//! serde_json also refuses a list or dict whose items the visitor left
//! unread ("trailing characters", a syntax error): the wrapper checks for
//! one at that point and says "a list (dict) of another length".
//!
//! The read is streaming, as the first was: no tree, no extra memory
//! beyond what the first read allocated, for JSON of any length; but its
//! frames take more stack per level, so it stops at [`MAX_DEPTH`].

use core::fmt::{self, Write as _};
use std::cell::Cell;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

use crate::error::PayloadError;
use crate::value_serde::SerdeError;

/// What `json` (valid JSON that `T` refused) did not fit:
/// [`PayloadError::WrongType`] or [`PayloadError::MissingField`], else
/// [`PayloadError::Deserialize`].
///
/// JSON nested more than [`MAX_DEPTH`] containers deep is not re-read.
pub(crate) fn explain<T: DeserializeOwned>(json: &[u8]) -> PayloadError {
    if crate::serializer::nests_deeper_than(json, MAX_DEPTH) {
        return PayloadError::Deserialize;
    }
    let trace = Trace::default();
    let mut json = serde_json::Deserializer::from_slice(json);
    match T::deserialize(Tracked::new(&mut json, &trace, None)) {
        Err(SerdeError(
            e @ (PayloadError::WrongType { .. } | PayloadError::MissingField { .. }),
        )) => e,
        // Ok cannot happen (the same read failed before); anything else is
        // the type's own or serde_json's refusal.
        _ => PayloadError::Deserialize,
    }
}

/// The deepest JSON [`explain`] re-reads. Each level of the re-read runs
/// the wrappers' frames beside the type's own and serde_json's: measured at
/// serde_json's 127 levels, 1.4 to 2.9 times the stack of the first read
/// (which succeeded in failing), enough to overflow a 2 MiB thread where
/// the first read did not, for a type with large frames (review finding).
/// Tokens nest a few levels; past this, the error is `Deserialize`.
pub(crate) const MAX_DEPTH: usize = 16;

/// State shared by the wrappers of one read.
#[derive(Default)]
struct Trace {
    /// The error a wrapped visitor or seed gave serde_json a placeholder
    /// for, until the wrapper around that serde_json call takes it back.
    stash: Cell<Option<PayloadError>>,
    /// The struct field the map key read last named, if it named one.
    key: Cell<Option<&'static str>>,
}

/// The placeholder serde_json carries for a stashed error; never shown.
const PLACEHOLDER: &str = "flask-cookie: see the stashed error";

impl Trace {
    /// Stashes `e` and gives serde_json a placeholder to carry.
    fn hand<E: de::Error>(&self, e: SerdeError) -> E {
        self.stash.set(Some(e.0));
        E::custom(PLACEHOLDER)
    }

    /// `seed`, wrapped for this read (reading a struct's map key when
    /// `key_of` holds its fields).
    const fn seed<S>(&self, seed: S, key_of: Option<&'static [&'static str]>) -> Seed<'_, S> {
        Seed {
            seed,
            trace: self,
            key_of,
        }
    }

    /// `value`, unless the visitor left an item `unread`: then `found`.
    fn all_read<T, E: de::Error>(
        &self,
        value: T,
        unread: Option<IgnoredAny>,
        found: &'static str,
    ) -> Result<T, E> {
        match unread {
            None => Ok(value),
            Some(_) => Err(self.hand(SerdeError::found(found))),
        }
    }

    /// The error serde_json returned: the stashed one it carried, or one of
    /// serde_json's own.
    fn take<E: fmt::Display>(&self, e: &E) -> SerdeError {
        match self.stash.take() {
            Some(stashed) => SerdeError(stashed),
            None => SerdeError(own_error(e)),
        }
    }
}

/// One of serde_json's own errors, by its message's fixed opening:
/// serde_json's `invalid_type` ("invalid type: string \"...\", expected
/// u32") names the kind it found before the data. Only the first bytes
/// are looked at, in a buffer on the stack.
fn own_error<E: fmt::Display>(e: &E) -> PayloadError {
    const SAYS: [(&str, &str); 7] = [
        ("invalid type: boolean", "a boolean"),
        ("invalid type: integer", "an integer"),
        ("invalid type: floating point", "a float"),
        ("invalid type: string", "a string"),
        ("invalid type: null", "null"),
        ("invalid type: sequence", "a list"),
        ("invalid type: map", "a dict"),
    ];
    let mut head = Head::default();
    // A full buffer stops the formatting with an error: expected.
    let _ = write!(head, "{e}");
    let head = head.text();
    SAYS.iter()
        .find(|(says, _)| {
            // The kind ends at a space (the data follows) or a comma.
            head.starts_with(says) && matches!(head.as_bytes().get(says.len()), Some(b' ' | b','))
        })
        .map_or(PayloadError::Deserialize, |&(_, found)| {
            PayloadError::WrongType { found, field: None }
        })
}

/// The first bytes written to it, no more.
#[derive(Default)]
struct Head {
    buf: [u8; 32],
    len: usize,
}

impl Head {
    fn text(&self) -> &str {
        let bytes = self.buf.get(..self.len).unwrap_or_default();
        // Cut inside a character: what comes before it.
        match core::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => core::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        }
    }
}

impl fmt::Write for Head {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.buf.len() - self.len;
        let n = s.len().min(room);
        if let (Some(dst), Some(src)) = (
            self.buf.get_mut(self.len..self.len + n),
            s.as_bytes().get(..n),
        ) {
            dst.copy_from_slice(src);
            self.len += n;
        }
        if n < s.len() {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// A serde_json deserializer (of a value, or of a map key when `key_of`
/// holds the struct's fields), wrapped.
struct Tracked<'t, D> {
    de: D,
    trace: &'t Trace,
    key_of: Option<&'static [&'static str]>,
}

impl<'t, D> Tracked<'t, D> {
    const fn new(de: D, trace: &'t Trace, key_of: Option<&'static [&'static str]>) -> Self {
        Self { de, trace, key_of }
    }

    /// `visitor`, wrapped for this read; `fields` are the struct's, when it
    /// reads one.
    const fn visit<V>(&self, visitor: V, fields: &'static [&'static str]) -> Visit<'t, V> {
        Visit {
            inner: visitor,
            trace: self.trace,
            key_of: self.key_of,
            fields,
        }
    }
}

/// `Deserializer` methods that forward to serde_json's, with the visitor
/// wrapped: `forward!(deserialize_u8, ...; deserialize_tuple(len: usize))`.
macro_rules! forward {
    ($($method:ident),*; $($named:ident($($arg:ident: $t:ty),*)),*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
            let visitor = self.visit(visitor, &[]);
            self.de.$method(visitor).map_err(|e| self.trace.take(&e))
        })*
        $(fn $named<V: Visitor<'de>>(self, $($arg: $t,)* visitor: V) -> Result<V::Value, SerdeError> {
            let visitor = self.visit(visitor, &[]);
            self.de.$named($($arg,)* visitor).map_err(|e| self.trace.take(&e))
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tracked<'_, D> {
    type Error = SerdeError;

    forward!(
        deserialize_any, deserialize_bool, deserialize_i8, deserialize_i16, deserialize_i32,
        deserialize_i64, deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32,
        deserialize_u64, deserialize_u128, deserialize_f32, deserialize_f64, deserialize_char,
        deserialize_str, deserialize_string, deserialize_bytes, deserialize_byte_buf,
        deserialize_option, deserialize_unit, deserialize_seq, deserialize_map,
        deserialize_identifier, deserialize_ignored_any;
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    );

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        let visitor = self.visit(visitor, fields);
        self.de
            .deserialize_struct(name, fields, visitor)
            .map_err(|e| self.trace.take(&e))
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor, wrapped: calls the type's visitor with [`SerdeError`] as its
/// error type, and wraps what it hands on (deserializers, accesses).
struct Visit<'t, V> {
    inner: V,
    trace: &'t Trace,
    /// The fields of the struct whose map key this visits, if it does.
    key_of: Option<&'static [&'static str]>,
    /// The fields of the struct this visits, if it does.
    fields: &'static [&'static str],
}

impl<V> Visit<'_, V> {
    /// Notes which struct field a map key names (none for other keys).
    fn note_key(&self, key: &[u8]) {
        if let Some(fields) = self.key_of {
            let field = fields.iter().copied().find(|f| f.as_bytes() == key);
            self.trace.key.set(field);
        }
    }
}

/// Visitor methods that pass a plain value on:
/// `plain!(visit_bool(bool), ...)`; `key` ones note the map key first.
macro_rules! plain {
    ($($method:ident($t:ty)),*; $(key $kmethod:ident($kt:ty)),*) => {
        $(fn $method<E: de::Error>(self, v: $t) -> Result<Self::Value, E> {
            self.inner.$method(v).map_err(|e| self.trace.hand(e))
        })*
        $(fn $kmethod<E: de::Error>(self, v: $kt) -> Result<Self::Value, E> {
            self.note_key(AsRef::<[u8]>::as_ref(&v));
            self.inner.$kmethod(v).map_err(|e| self.trace.hand(e))
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    plain!(
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char);
        key visit_str(&str), key visit_borrowed_str(&'de str), key visit_string(String),
        key visit_bytes(&[u8]), key visit_borrowed_bytes(&'de [u8]), key visit_byte_buf(Vec<u8>)
    );

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none().map_err(|e| self.trace.hand(e))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit().map_err(|e| self.trace.hand(e))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let trace = self.trace;
        self.inner
            .visit_some(Tracked::new(d, trace, None))
            .map_err(|e| trace.hand(e))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let trace = self.trace;
        self.inner
            .visit_newtype_struct(Tracked::new(d, trace, None))
            .map_err(|e| trace.hand(e))
    }

    /// serde_json refuses a list with items the visitor left unread (a
    /// "trailing characters" syntax error right after it): said here as
    /// [`from_value`](crate::from_value) says it.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let trace = self.trace;
        let mut seq = Seq { seq, trace };
        let value = self.inner.visit_seq(&mut seq).map_err(|e| trace.hand(e))?;
        let unread = seq.seq.next_element::<IgnoredAny>()?;
        trace.all_read(value, unread, "a list of another length")
    }

    /// As [`Self::visit_seq`], for a dict.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let trace = self.trace;
        let mut map = Map {
            map,
            trace,
            fields: self.fields,
            field: None,
        };
        let value = self.inner.visit_map(&mut map).map_err(|e| trace.hand(e))?;
        let unread = map.map.next_key::<IgnoredAny>()?;
        trace.all_read(value, unread, "a dict of another length")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let trace = self.trace;
        self.inner
            .visit_enum(Enum { data, trace })
            .map_err(|e| trace.hand(e))
    }
}

/// A seed, wrapped: its deserializer is wrapped in turn.
struct Seed<'t, S> {
    seed: S,
    trace: &'t Trace,
    key_of: Option<&'static [&'static str]>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        let trace = self.trace;
        self.seed
            .deserialize(Tracked::new(d, trace, self.key_of))
            .map_err(|e| trace.hand(e))
    }
}

/// The elements of a list.
struct Seq<'t, A> {
    seq: A,
    trace: &'t Trace,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, A> {
    type Error = SerdeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, SerdeError> {
        let trace = self.trace;
        self.seq
            .next_element_seed(trace.seed(seed, None))
            .map_err(|e| trace.take(&e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// The entries of a dict, read into a struct (`fields`) or a map.
struct Map<'t, A> {
    map: A,
    trace: &'t Trace,
    fields: &'static [&'static str],
    /// The struct field the last key named, if it named one.
    field: Option<&'static str>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, A> {
    type Error = SerdeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        let trace = self.trace;
        trace.key.set(None);
        let key_of = (!self.fields.is_empty()).then_some(self.fields);
        let key = self
            .map
            .next_key_seed(trace.seed(seed, key_of))
            .map_err(|e| trace.take(&e));
        self.field = trace.key.take();
        key
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, SerdeError> {
        let trace = self.trace;
        self.map
            .next_value_seed(trace.seed(seed, None))
            .map_err(|e| trace.take(&e).in_named_field(self.field))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An enum: its variant name, then its content.
struct Enum<'t, A> {
    data: A,
    trace: &'t Trace,
}

impl<'de, 't, A: EnumAccess<'de>> EnumAccess<'de> for Enum<'t, A> {
    type Error = SerdeError;
    type Variant = Variant<'t, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), SerdeError> {
        let trace = self.trace;
        self.data
            .variant_seed(trace.seed(seed, None))
            .map(|(v, variant)| (v, Variant { variant, trace }))
            .map_err(|e| trace.take(&e))
    }
}

/// An enum variant's content.
struct Variant<'t, A> {
    variant: A,
    trace: &'t Trace,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, A> {
    type Error = SerdeError;

    fn unit_variant(self) -> Result<(), SerdeError> {
        let trace = self.trace;
        self.variant.unit_variant().map_err(|e| trace.take(&e))
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        let trace = self.trace;
        self.variant
            .newtype_variant_seed(trace.seed(seed, None))
            .map_err(|e| trace.take(&e))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        let trace = self.trace;
        let visitor = Visit {
            inner: visitor,
            trace,
            key_of: None,
            fields: &[],
        };
        self.variant
            .tuple_variant(len, visitor)
            .map_err(|e| trace.take(&e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        let trace = self.trace;
        let visitor = Visit {
            inner: visitor,
            trace,
            key_of: None,
            fields,
        };
        self.variant
            .struct_variant(fields, visitor)
            .map_err(|e| trace.take(&e))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::explain;
    use crate::error::{Error, PayloadError};
    use crate::value::{from_value, Value};

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        id: u32,
        name: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        user: Inner,
        n: Option<u8>,
        tags: Vec<String>,
        #[serde(alias = "kind2")]
        kind: Option<i64>,
        pair: Option<(u8, char)>,
        flag: Option<bool>,
        ratio: Option<f32>,
        inner: Option<Box<Probe>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        id: u32,
        #[serde(default)]
        name: String,
    }

    /// What `from_value` says of the same data, read as Flask reads it.
    fn from_tree<T: serde::de::DeserializeOwned>(json: &str) -> PayloadError {
        let value = Value::from_flask_json(json).unwrap();
        match from_value::<T>(&value) {
            Err(Error::BadPayload(e)) => e,
            other => panic!("{json}: from_value gave {:?}", other.map(|_| ())),
        }
    }

    /// Where serde_json refuses `json` for `T`, the re-read says what
    /// `from_value` says of the same data.
    fn agree<T: serde::de::DeserializeOwned>(json: &str) -> Result<(), TestCaseError> {
        if serde_json::from_str::<T>(json).is_ok() {
            prop_assert!(from_value::<T>(&Value::from_flask_json(json).unwrap()).is_ok());
            return Ok(());
        }
        prop_assert_eq!(
            explain::<T>(json.as_bytes()),
            from_tree::<T>(json),
            "{}",
            json
        );
        Ok(())
    }

    /// JSON that both readers take alike: integers within 64 bits, finite
    /// floats with a fraction, unique and sorted keys, keys that are often
    /// the probe types' own fields.
    fn json() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            prop::sample::select(vec![
                "user", "n", "tags", "kind", "kind2", "pair", "flag", "ratio", "inner", "id",
                "name", "x"
            ])
            .prop_map(str::to_owned),
            "[a-z]{1,3}",
        ];
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            prop_oneof![0i64..400, any::<i64>()].prop_map(|i| i.to_string()),
            (-1000i32..1000, 1u8..100).prop_map(|(a, b)| format!("{a}.{b}")),
            "[a-z0-9]{0,3}".prop_map(|s| format!("\"{s}\"")),
        ];
        leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                // Keys sorted, as Flask writes them (a `Dict` is sorted, so
                // `from_value` meets them in that order).
                prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|entries| {
                    let body: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("\"{k}\":{v}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn the_re_read_says_what_from_value_says(json in json()) {
            agree::<Probe>(&json)?;
            agree::<Vec<Probe>>(&json)?;
            agree::<Inner>(&json)?;
            agree::<Strict>(&json)?;
            agree::<HashMap<String, u8>>(&json)?;
            agree::<(u8, String)>(&json)?;
            agree::<Option<Vec<(bool, f64)>>>(&json)?;
        }
    }

    /// How serde_json's own message begins for each kind the re-read names.
    fn serde_json_says(found: &str) -> &'static [&'static str] {
        match found {
            "a boolean" => &["invalid type: boolean"],
            "an integer" => &["invalid type: integer"],
            "a float" => &["invalid type: floating point"],
            "a string" => &["invalid type: string"],
            "null" => &["invalid type: null"],
            "a list" => &["invalid type: sequence"],
            "a dict" => &["invalid type: map"],
            "an integer out of range" => &["invalid value: integer"],
            "a float out of range" => &["invalid value: floating point"],
            "a string it does not take" => &["invalid value: string"],
            "a list of another length" => &["invalid length", "trailing characters"],
            "a dict of another length" => &["trailing characters"],
            "an unknown enum variant" => &["unknown variant"],
            "an unknown field" => &["unknown field"],
            _ => &[],
        }
    }

    /// JSON as any writer may send it: keys in any order and repeated,
    /// integers past 64 bits, variant names as strings.
    fn wild_json() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "id", "name", "kind", "t", "c", "v", "extra", "A", "B", "Unit", "x",
        ]);
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            prop_oneof![0i64..300, any::<i64>()].prop_map(|i| i.to_string()),
            any::<u128>().prop_map(|i| i.to_string()),
            (-100i32..100, 1u8..100).prop_map(|(a, b)| format!("{a}.{b}")),
            prop::sample::select(vec![
                "\"A\"", "\"B\"", "\"Unit\"", "\"x\"", "\"\"", "\"ab\""
            ])
            .prop_map(str::to_owned),
        ];
        leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|entries| {
                    let body: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("\"{k}\":{v}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                }),
            ]
        })
    }

    /// Where serde_json refuses `json` for `T`, what the re-read names is
    /// what serde_json's own message says, and a field it names is a key
    /// of the JSON.
    fn as_serde_json_says<T: serde::de::DeserializeOwned>(json: &str) -> Result<(), TestCaseError> {
        let Err(e) = serde_json::from_str::<T>(json) else {
            return Ok(());
        };
        let said = e.to_string();
        match explain::<T>(json.as_bytes()) {
            PayloadError::WrongType { found, field } => {
                let says = serde_json_says(found);
                prop_assert!(
                    says.iter().any(|p| said.starts_with(p)),
                    "{json}: named {found}, serde_json said {said}"
                );
                if let Some(field) = field {
                    let quoted = format!("\"{field}\":");
                    prop_assert!(json.contains(&quoted), "{json}: named field {field}");
                }
            }
            PayloadError::MissingField { field } => {
                let missing = format!("missing field `{field}`");
                prop_assert!(
                    said.starts_with(&missing),
                    "{json}: {field}, serde_json said {said}"
                );
            }
            other => prop_assert_eq!(other, PayloadError::Deserialize, "{}", json),
        }
        Ok(())
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wide {
        id: i128,
        name: Option<u128>,
        v: Option<char>,
        kind: Option<[u8; 2]>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum External {
        A(u8),
        B { id: u32 },
        Unit,
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "t")]
    #[allow(dead_code)]
    enum Internal {
        A { id: u32 },
        B { name: String },
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "t", content = "c")]
    #[allow(dead_code)]
    enum Adjacent {
        A(u8),
        B { id: u32 },
    }

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Untagged {
        Num(u8),
        Rec { id: u32 },
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Flat {
        id: u32,
        #[serde(flatten)]
        rest: HashMap<String, bool>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Mixed {
        kind: Option<External>,
        v: Option<Vec<Internal>>,
        c: Option<Adjacent>,
        x: Option<Untagged>,
        #[serde(default)]
        extra: HashMap<u8, String>,
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn the_re_read_names_what_serde_json_says(json in wild_json()) {
            as_serde_json_says::<Probe>(&json)?;
            as_serde_json_says::<Wide>(&json)?;
            as_serde_json_says::<External>(&json)?;
            as_serde_json_says::<Vec<Internal>>(&json)?;
            as_serde_json_says::<Adjacent>(&json)?;
            as_serde_json_says::<Untagged>(&json)?;
            as_serde_json_says::<Flat>(&json)?;
            as_serde_json_says::<Mixed>(&json)?;
            as_serde_json_says::<Strict>(&json)?;
            as_serde_json_says::<(u8, String)>(&json)?;
        }
    }

    /// Up to [`super::MAX_DEPTH`] levels the innermost field is named, on a
    /// 2 MiB thread, even for a type with large frames (a review found one
    /// that overflowed such a stack at 90 levels, release build, where
    /// serde_json's own read did not); deeper, nothing is re-read.
    #[test]
    fn the_re_read_stops_at_its_depth() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Fat {
            next: Option<Box<Fat>>,
            v: u8,
            a: Option<[u64; 32]>,
            b: Option<[u64; 32]>,
            c: Option<[u64; 32]>,
            d: Option<[u64; 32]>,
            e: Option<[u64; 32]>,
            f: Option<[u64; 32]>,
            g: Option<[u64; 32]>,
            h: Option<[u64; 32]>,
        }
        let nested = |depth: usize| {
            format!(
                "{}\"v\":\"x\"{}",
                r#"{"next":"#.repeat(depth - 1) + "{",
                "}".repeat(depth)
            )
        };
        let at_v = PayloadError::WrongType {
            found: "a string",
            field: Some("v"),
        };
        let explained = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                [super::MAX_DEPTH, super::MAX_DEPTH + 1, 127]
                    .map(|depth| explain::<Fat>(nested(depth).as_bytes()))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(
            explained,
            [at_v, PayloadError::Deserialize, PayloadError::Deserialize]
        );
    }

    /// Enums, through serde_json's own variant access: both readers agree.
    #[test]
    fn enums_are_told_alike() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Role {
            Admin,
            Pair(u8, u8),
            S { a: u8 },
        }
        let wrong = |found, field| PayloadError::WrongType { found, field };
        for (json, want) in [
            (r#"{"Admin":5}"#, wrong("an integer", None)),
            (
                r#"{"Pair":[1,2,3]}"#,
                wrong("a list of another length", None),
            ),
            (r#"{"Pair":[1]}"#, wrong("a list of another length", None)),
            (r#"{"Pair":"x"}"#, wrong("a string", None)),
            (r#"{"S":{"a":"x"}}"#, wrong("a string", Some("a"))),
            (r#"{"S":{}}"#, PayloadError::MissingField { field: "a" }),
            (r#"{"S":true}"#, wrong("a boolean", None)),
            (r#""Nope""#, wrong("an unknown enum variant", None)),
            (r#""Pair""#, PayloadError::Deserialize),
        ] {
            assert!(serde_json::from_str::<Role>(json).is_err(), "{json}");
            assert_eq!(explain::<Role>(json.as_bytes()), want, "re-read: {json}");
            assert_eq!(from_tree::<Role>(json), want, "from_value: {json}");
        }
    }

    /// Dict keys read as numbers or booleans: both readers agree.
    #[test]
    fn keys_are_told_alike() {
        let wrong = |found| PayloadError::WrongType { found, field: None };
        assert_eq!(
            explain::<HashMap<u8, u8>>(br#"{"300":1}"#),
            wrong("an integer out of range")
        );
        assert_eq!(
            from_tree::<HashMap<u8, u8>>(r#"{"300":1}"#),
            wrong("an integer out of range")
        );
        assert_eq!(
            explain::<HashMap<bool, u8>>(br#"{"x":1}"#),
            wrong("a string")
        );
        assert_eq!(
            from_tree::<HashMap<bool, u8>>(r#"{"x":1}"#),
            wrong("a string")
        );
        assert_eq!(
            explain::<HashMap<u8, u8>>(br#"{"x":1}"#),
            PayloadError::Deserialize
        );
        assert_eq!(
            from_tree::<HashMap<u8, u8>>(r#"{"x":1}"#),
            PayloadError::Deserialize
        );
    }

    /// Items a visitor leaves unread are refused at the list, by both.
    #[test]
    fn unread_items_are_refused() {
        let found = |found| PayloadError::WrongType { found, field: None };
        for (json, want) in [
            (r#"[1,"a",3]"#, "a list of another length"),
            (r#"[1,"a"]"#, ""),
        ] {
            assert_eq!(
                serde_json::from_str::<(u8, char)>(json).is_ok(),
                want.is_empty()
            );
            if !want.is_empty() {
                assert_eq!(explain::<(u8, char)>(json.as_bytes()), found(want));
                assert_eq!(from_tree::<(u8, char)>(json), found(want));
            }
        }
        // A struct read from a list, with one item too many.
        assert_eq!(
            explain::<Inner>(br#"[1,"a",true]"#),
            found("a list of another length")
        );
        assert_eq!(
            from_tree::<Inner>(r#"[1,"a",true]"#),
            found("a list of another length")
        );
        // A hand-written visitor that reads a key and stops (review
        // finding): refused, where it was taken. serde_json then finds a
        // `:` where it wants `,` or `}`, a syntax error it words with data.
        struct FirstKey;
        impl<'de> Deserialize<'de> for FirstKey {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = FirstKey;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("a dict")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<FirstKey, A::Error> {
                        map.next_key::<String>()?;
                        Ok(FirstKey)
                    }
                }
                d.deserialize_map(V)
            }
        }
        assert!(serde_json::from_str::<FirstKey>(r#"{"a":1}"#).is_err());
        assert_eq!(
            from_tree::<FirstKey>(r#"{"a":1}"#),
            found("a dict of another length")
        );
        assert_eq!(
            explain::<FirstKey>(br#"{"a":1}"#),
            PayloadError::Deserialize
        );
    }
}
