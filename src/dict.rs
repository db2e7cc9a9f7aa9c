//! [`Dict`]: a JSON object as one sorted vector of entries.
//!
//! Sessions are small maps that are built once (decoded in key order, since
//! Flask writes `sort_keys=True`) and read a few times, so a sorted `Vec` beats
//! a B-tree: one allocation per dict instead of a 600-byte node, appends on
//! decode, binary search on lookup, and a plain slice walk on encode. Keys
//! up to 24 bytes live inline, so a typical session key costs no allocation.

use core::fmt;
use core::ops::Index;

use compact_str::CompactString;

use crate::value::Value;

/// A key, stored inline when it is at most 24 bytes.
pub(crate) type Key = CompactString;

/// One entry of a [`Dict`]: the value first, then the key, in C order. As a
/// `(Key, Value)` tuple the 24-byte key came first, so the 32-byte value
/// started 8 bytes into a 16-byte lane: pushing an entry stored it to the
/// stack in pieces and copied it out with loads that straddled those
/// stores, which cannot be forwarded (perf: a third of `Builder::push` on
/// one such load, 2.5% of decoding a 4 KB cookie). Value first, every
/// 16-byte load of the copy matches one store.
#[derive(Clone, Debug, PartialEq)]
#[repr(C)]
pub(crate) struct Entry {
    value: Value,
    key: Key,
}

impl Entry {
    #[inline(always)]
    const fn new(key: Key, value: Value) -> Self {
        Self { value, key }
    }

    #[inline(always)]
    fn into_pair(self) -> (Key, Value) {
        (self.key, self.value)
    }
}

/// A JSON object: keys in code point order, which is the order Python's
/// `sort_keys=True` writes them in. Its methods follow
/// [`BTreeMap`](std::collections::BTreeMap)'s.
///
/// Lookups are binary searches. [`Dict::insert`] appends when the key sorts
/// after every other (as decoding Flask's JSON does) and otherwise moves the
/// entries after it, so inserting many keys one at a time in no particular
/// order is quadratic: build large dicts with `collect` or `extend`, which
/// (like decoding and deserializing) take entries in any order in
/// O(n log n).
///
/// # Examples
///
/// ```
/// use flask_cookie::{Dict, Value};
///
/// let mut d = Dict::new();
/// d.insert("b".into(), 1.into());
/// d.insert("é".into(), 2.into());
/// d.insert("a".into(), 3.into());
/// assert_eq!(d.keys().collect::<Vec<_>>(), ["a", "b", "é"]);
/// assert_eq!(d["b"], Value::Int(1));
/// assert_eq!(Value::Dict(d).to_flask_json()?, r#"{"a":3,"b":1,"\u00e9":2}"#);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Dict {
    /// Sorted by key, keys unique.
    entries: Vec<Entry>,
}

impl Dict {
    /// An empty dict (no allocation).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Dict;
    /// static EMPTY: Dict = Dict::new(); // `const`, so it can initialize a static
    /// assert!(EMPTY.is_empty());
    /// assert_eq!(Dict::new(), Dict::default());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// An empty dict with room for `n` entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Dict;
    /// let mut d = Dict::with_capacity(2);
    /// assert!(d.is_empty()); // room for entries, not entries
    /// d.insert("a".into(), 1.into());
    /// assert_eq!(d.len(), 1);
    /// ```
    #[must_use]
    pub fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
        }
    }

    /// The number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Dict;
    /// let mut d = Dict::new();
    /// d.insert("a".into(), 1.into());
    /// d.insert("a".into(), 2.into()); // replaces: keys are unique
    /// assert_eq!(d.len(), 1);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::new();
    /// assert!(d.is_empty());
    /// d.insert("user".into(), Value::Null); // a `None` value is still an entry
    /// assert!(!d.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every entry, keeping the allocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("user".to_owned(), Value::from("alice"))]);
    /// d.clear();
    /// assert!(d.is_empty());
    /// assert_eq!(d.get("user"), None);
    /// ```
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.key.as_str().cmp(key))
    }

    /// The value under `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("user".to_owned(), Value::from("alice"))]);
    /// assert_eq!(d.get("user"), Some(&Value::from("alice")));
    /// assert_eq!(d.get("nobody"), None);
    /// assert_eq!(d["nobody"], Value::Null); // indexing gives `Null` for a missing key
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|e| &e.value)
    }

    /// The key and value under `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("user".to_owned(), Value::from("alice"))]);
    /// assert_eq!(d.get_key_value("user"), Some(("user", &Value::from("alice"))));
    /// assert_eq!(d.get_key_value("User"), None); // keys are case-sensitive
    /// ```
    #[must_use]
    pub fn get_key_value(&self, key: &str) -> Option<(&str, &Value)> {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|e| (e.key.as_str(), &e.value))
    }

    /// The value under `key`, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("n".to_owned(), Value::Int(1))]);
    /// if let Some(n) = d.get_mut("n") {
    ///     *n = 2.into();
    /// }
    /// assert_eq!(d["n"], Value::Int(2));
    /// assert!(d.get_mut("missing").is_none()); // does not insert
    /// ```
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let i = self.find(key).ok()?;
        self.entries.get_mut(i).map(|e| &mut e.value)
    }

    /// Whether `key` is present.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("user".to_owned(), Value::Null)]);
    /// assert!(d.contains_key("user")); // present, though `d["user"]` is `Null`...
    /// assert!(!d.contains_key("cart")); // ...as it is for a missing key
    /// ```
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Inserts `value` under `key`, returning the value it replaces.
    /// Appending in key order (as decoding Flask's JSON does) costs no search.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::new();
    /// assert_eq!(d.insert("b".into(), 1.into()), None);
    /// assert_eq!(d.insert("a".into(), 2.into()), None);
    /// assert_eq!(d.insert("b".into(), 3.into()), Some(Value::Int(1))); // the replaced value
    /// // Sorted whatever the insertion order, as `sort_keys=True` writes them:
    /// assert_eq!(Value::Dict(d).to_flask_json()?, r#"{"a":2,"b":3}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        let key = Key::from(key);
        let at = match self.entries.last() {
            Some(last) if key_lt(&last.key, &key) => self.entries.len(),
            None => 0,
            Some(_) => match self.find(key.as_str()) {
                Ok(i) => {
                    return self
                        .entries
                        .get_mut(i)
                        .map(|e| core::mem::replace(&mut e.value, value));
                }
                Err(i) => i,
            },
        };
        self.entries.insert(at, Entry::new(key, value));
        None
    }

    /// The value under `key`, inserting `default()` first when it is missing
    /// (`BTreeMap`'s `entry(key).or_insert_with(default)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::new();
    /// if let Value::List(cart) = d.get_or_insert_with("cart".into(), || Value::List(vec![])) {
    ///     cart.push(7.into());
    /// }
    /// d.get_or_insert_with("cart".into(), || unreachable!()); // present: `default` is not called
    /// assert_eq!(d["cart"], Value::List(vec![7.into()]));
    /// ```
    #[allow(clippy::indexing_slicing)] // `i` was found, or an entry was just inserted at it
    pub fn get_or_insert_with(
        &mut self,
        key: String,
        default: impl FnOnce() -> Value,
    ) -> &mut Value {
        let i = match self.find(key.as_str()) {
            Ok(i) => i,
            Err(i) => {
                self.entries
                    .insert(i, Entry::new(Key::from(key), default()));
                i
            }
        };
        &mut self.entries[i].value
    }

    /// Removes `key`, returning its value.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("user".to_owned(), Value::from("alice"))]);
    /// assert_eq!(d.remove("user"), Some(Value::from("alice")));
    /// assert_eq!(d.remove("user"), None); // already gone
    /// assert!(d.is_empty());
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).value)
    }

    /// Removes `key`, returning the stored key and its value.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("user".to_owned(), Value::from("alice"))]);
    /// let (key, value) = d.remove_entry("user").unwrap();
    /// assert_eq!((key.as_str(), value), ("user", Value::from("alice")));
    /// assert_eq!(d.remove_entry("user"), None);
    /// ```
    pub fn remove_entry(&mut self, key: &str) -> Option<(String, Value)> {
        let i = self.find(key).ok()?;
        let (k, v) = self.entries.remove(i).into_pair();
        Some((k.into_string(), v))
    }

    /// Keeps the entries for which `keep` returns true.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([
    ///     ("_fresh".to_owned(), Value::Bool(true)),
    ///     ("cart".to_owned(), Value::Null),
    ///     ("user".to_owned(), Value::from("alice")),
    /// ]);
    /// d.retain(|k, v| !k.starts_with('_') && !v.is_null());
    /// assert_eq!(d.keys().collect::<Vec<_>>(), ["user"]);
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        self.entries.retain_mut(|e| keep(&e.key, &mut e.value));
    }

    /// The entry with the smallest key.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Int(1)), ("a".to_owned(), Value::Int(2))]);
    /// assert_eq!(d.first_key_value(), Some(("a", &Value::Int(2)))); // not "b", inserted first
    /// assert_eq!(Dict::new().first_key_value(), None);
    /// ```
    #[must_use]
    pub fn first_key_value(&self) -> Option<(&str, &Value)> {
        self.entries.first().map(|e| (e.key.as_str(), &e.value))
    }

    /// The entry with the largest key.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("a".to_owned(), Value::Int(1)), ("Z".to_owned(), Value::Int(2))]);
    /// assert_eq!(d.last_key_value(), Some(("a", &Value::Int(1)))); // code point order: "Z" < "a"
    /// ```
    #[must_use]
    pub fn last_key_value(&self) -> Option<(&str, &Value)> {
        self.entries.last().map(|e| (e.key.as_str(), &e.value))
    }

    /// Removes and returns the entry with the smallest key.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("b".to_owned(), Value::Int(2)), ("a".to_owned(), Value::Int(1))]);
    /// assert_eq!(d.pop_first(), Some(("a".to_owned(), Value::Int(1))));
    /// assert_eq!(d.pop_first(), Some(("b".to_owned(), Value::Int(2))));
    /// assert_eq!(d.pop_first(), None);
    /// ```
    pub fn pop_first(&mut self) -> Option<(String, Value)> {
        self.pop_first_key().map(|(k, v)| (k.into_string(), v))
    }

    /// [`Dict::pop_first`] without converting the key.
    pub(crate) fn pop_first_key(&mut self) -> Option<(Key, Value)> {
        if self.entries.is_empty() {
            None
        } else {
            Some(self.entries.remove(0).into_pair())
        }
    }

    /// Removes and returns the entry with the largest key.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("é".to_owned(), Value::Int(1)), ("z".to_owned(), Value::Int(2))]);
    /// assert_eq!(d.pop_last(), Some(("é".to_owned(), Value::Int(1)))); // U+00E9 sorts after "z"
    /// assert_eq!(d.len(), 1);
    /// ```
    pub fn pop_last(&mut self) -> Option<(String, Value)> {
        self.entries.pop().map(|e| (e.key.into_string(), e.value))
    }

    /// Moves every entry of `other` into `self` (replacing equal keys),
    /// leaving `other` empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut a = Dict::from([("a".to_owned(), Value::Int(1)), ("b".to_owned(), Value::Int(1))]);
    /// let mut b = Dict::from([("b".to_owned(), Value::Int(2)), ("c".to_owned(), Value::Int(2))]);
    /// a.append(&mut b);
    /// assert!(b.is_empty());
    /// // `other` wins on equal keys, like Python's `a.update(b)`:
    /// assert_eq!(Value::Dict(a).to_flask_json()?, r#"{"a":1,"b":2,"c":2}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn append(&mut self, other: &mut Self) {
        let mut b = Builder::from(core::mem::take(self));
        for e in core::mem::take(&mut other.entries) {
            b.push(e.key, e.value);
        }
        *self = b.finish();
    }

    /// The entries in key order.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Int(2)), ("a".to_owned(), Value::Int(1))]);
    /// let entries: Vec<(&str, &Value)> = d.iter().collect();
    /// assert_eq!(entries, [("a", &Value::Int(1)), ("b", &Value::Int(2))]);
    /// assert_eq!(d.iter().next_back(), Some(("b", &Value::Int(2)))); // double-ended
    /// ```
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The entries in key order, values mutable.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("a".to_owned(), Value::Int(1)), ("b".to_owned(), Value::Int(2))]);
    /// for (_key, v) in d.iter_mut() {
    ///     *v = Value::from(v.as_i64().unwrap_or(0) * 10); // keys are read-only: the order holds
    /// }
    /// assert_eq!(Value::Dict(d).to_flask_json()?, r#"{"a":10,"b":20}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        IterMut(self.entries.iter_mut())
    }

    /// The keys in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d: Dict = ["b", "a", "B"].into_iter().map(|k| (k.to_owned(), Value::Null)).collect();
    /// assert_eq!(d.keys().collect::<Vec<_>>(), ["B", "a", "b"]); // code point order
    /// ```
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.entries.iter().map(|e| e.key.as_str())
    }

    /// The values in key order.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Int(2)), ("a".to_owned(), Value::Int(1))]);
    /// assert_eq!(d.values().collect::<Vec<_>>(), [&Value::Int(1), &Value::Int(2)]);
    /// ```
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + '_ {
        self.entries.iter().map(|e| &e.value)
    }

    /// The values in key order, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut d = Dict::from([("a".to_owned(), Value::Int(1)), ("b".to_owned(), Value::Int(2))]);
    /// for v in d.values_mut() {
    ///     *v = Value::Null;
    /// }
    /// assert!(d.values().all(Value::is_null));
    /// assert_eq!(d.len(), 2);
    /// ```
    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator + '_ {
        self.entries.iter_mut().map(|e| &mut e.value)
    }

    /// The keys in order, by value.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Null), ("a".to_owned(), Value::Null)]);
    /// let keys: Vec<String> = d.into_keys().collect();
    /// assert_eq!(keys, ["a", "b"]);
    /// ```
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = String> + ExactSizeIterator {
        self.entries.into_iter().map(|e| e.key.into_string())
    }

    /// The values in key order, by value.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let d = Dict::from([("b".to_owned(), Value::Int(2)), ("a".to_owned(), Value::Int(1))]);
    /// assert_eq!(d.into_values().collect::<Vec<_>>(), [Value::Int(1), Value::Int(2)]);
    /// ```
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.entries.into_iter().map(|e| e.value)
    }
}

impl fmt::Debug for Dict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Index<&str> for Dict {
    type Output = Value;

    /// The value under `key`; a missing key gives [`Value::Null`] (this
    /// crate's code never panics, so neither does its indexing).
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl Extend<(String, Value)> for Dict {
    /// Entries in any order, in O(n log n); later ones replace earlier ones
    /// with the same key.
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        let mut b = Builder::from(core::mem::take(self));
        for (k, v) in iter {
            b.push(Key::from(k), v);
        }
        *self = b.finish();
    }
}

impl FromIterator<(String, Value)> for Dict {
    /// Later entries replace earlier ones with the same key, as in a Python
    /// dict literal.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut d = Self::new();
        d.extend(iter);
        d
    }
}

impl<const N: usize> From<[(String, Value); N]> for Dict {
    fn from(entries: [(String, Value); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl From<std::collections::BTreeMap<String, Value>> for Dict {
    fn from(map: std::collections::BTreeMap<String, Value>) -> Self {
        // Already sorted and unique.
        Self {
            entries: map
                .into_iter()
                .map(|(k, v)| Entry::new(Key::from(k), v))
                .collect(),
        }
    }
}

impl From<Dict> for std::collections::BTreeMap<String, Value> {
    fn from(d: Dict) -> Self {
        d.into_iter().collect()
    }
}

/// Borrowing iterator of a [`Dict`], in key order.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Dict, DictIter};
/// let d = Dict::new();
/// let _entries: DictIter<'_> = d.iter(); // or `for (k, v) in &d`
/// ```
#[derive(Clone, Debug)]
pub struct Iter<'a>(core::slice::Iter<'a, Entry>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.as_str(), &e.value))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|e| (e.key.as_str(), &e.value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Iterator of a [`Dict`] with mutable values, in key order.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Dict, DictIterMut};
/// let mut d = Dict::new();
/// let _entries: DictIterMut<'_> = d.iter_mut(); // or `for (k, v) in &mut d`
/// ```
#[derive(Debug)]
pub struct IterMut<'a>(core::slice::IterMut<'a, Entry>);

impl<'a> Iterator for IterMut<'a> {
    type Item = (&'a str, &'a mut Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.as_str(), &mut e.value))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IterMut<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|e| (e.key.as_str(), &mut e.value))
    }
}

impl ExactSizeIterator for IterMut<'_> {}

impl<'a> IntoIterator for &'a Dict {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Dict {
    type Item = (&'a str, &'a mut Value);
    type IntoIter = IterMut<'a>;
    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}

impl IntoIterator for Dict {
    type Item = (String, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

/// Owning iterator of a [`Dict`], in key order.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Dict, DictIntoIter};
/// let _entries: DictIntoIter = Dict::new().into_iter(); // or `for (k, v) in d`
/// ```
#[derive(Debug)]
pub struct IntoIter(std::vec::IntoIter<Entry>);

impl Iterator for IntoIter {
    type Item = (String, Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.into_string(), e.value))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|e| (e.key.into_string(), e.value))
    }
}

impl ExactSizeIterator for IntoIter {}

impl serde::Serialize for Dict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Dict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Dict;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Dict, A::Error> {
                let mut d = Builder::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some((k, v)) = map.next_entry::<std::borrow::Cow<'de, str>, Value>()? {
                    d.push(Key::from(k.as_ref()), v);
                }
                Ok(d.finish())
            }
        }
        d.deserialize_map(V)
    }
}

/// Builds a [`Dict`] from entries in any order in O(n log n): appends while
/// the keys arrive sorted (as Flask's JSON has them), and once one does not,
/// appends the rest as they come and sorts once in [`Builder::finish`].
/// Later entries replace earlier ones with the same key, as in a Python
/// dict (and in JSON objects read by Python).
pub(crate) struct Builder {
    entries: Vec<Entry>,
    sorted: bool,
}

/// Appends to the dict whose entries are `entries[start..]`: while they are
/// still `sorted`, a key equal to the last one replaces its value (a later
/// entry wins) and a smaller one clears `sorted` (then `finish` sorts).
#[inline(always)]
fn push_entry(entries: &mut Vec<Entry>, start: usize, sorted: &mut bool, key: Key, value: Value) {
    if *sorted && entries.len() > start {
        if let Some(last) = entries.last_mut() {
            if !key_lt(&last.key, &key) {
                if last.key == key {
                    last.value = value;
                    return;
                }
                *sorted = false;
            }
        }
    }
    entries.push(Entry::new(key, value));
}

impl Builder {
    pub(crate) const fn new() -> Self {
        Self {
            entries: Vec::new(),
            sorted: true,
        }
    }

    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            sorted: true,
        }
    }

    /// Adds an entry; a later entry with the same key wins.
    #[inline]
    pub(crate) fn push(&mut self, key: Key, value: Value) {
        push_entry(&mut self.entries, 0, &mut self.sorted, key, value);
    }

    pub(crate) fn finish(self) -> Dict {
        let Self {
            mut entries,
            sorted,
        } = self;
        if !sorted {
            // Stable: equal keys stay in push order, and the kept (first)
            // one of each run takes the value of the last.
            entries.sort_by(|a, b| a.key.as_str().cmp(b.key.as_str()));
            entries.dedup_by(|later, kept| {
                let same = later.key == kept.key;
                if same {
                    core::mem::swap(&mut later.value, &mut kept.value);
                }
                same
            });
        }
        Dict { entries }
    }
}

/// A [`Builder`] whose entries live in a vector shared by every dict open
/// at once (the JSON reader's per-thread scratch): the open dict's entries
/// are the tail from `start`. Closing it moves them into one allocation of
/// exactly their number, instead of growing each dict's own vector.
pub(crate) struct TailBuilder {
    start: usize,
    sorted: bool,
}

impl TailBuilder {
    /// A dict whose entries start at the end of `entries`.
    #[inline]
    pub(crate) fn new(entries: &[Entry]) -> Self {
        Self {
            start: entries.len(),
            sorted: true,
        }
    }

    /// [`Builder::push`] onto the tail of `entries`.
    #[inline]
    pub(crate) fn push(&mut self, entries: &mut Vec<Entry>, key: Key, value: Value) {
        push_entry(entries, self.start, &mut self.sorted, key, value);
    }

    /// [`Builder::finish`] on the tail, which is removed from `entries`.
    pub(crate) fn finish(self, entries: &mut Vec<Entry>) -> Dict {
        // One copy into exactly its length.
        Builder {
            entries: crate::scratch::take_tail(entries, self.start),
            sorted: self.sorted,
        }
        .finish()
    }
}

impl From<Dict> for Builder {
    fn from(d: Dict) -> Self {
        Self {
            entries: d.entries,
            sorted: true,
        }
    }
}

/// `a < b` in `str` order, decided on the first byte when it differs (as
/// it does for most neighbouring keys) without a call to `memcmp`: the JSON
/// reader appends keys in sorted order and checks each against the last.
#[inline(always)]
fn key_lt(a: &str, b: &str) -> bool {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => a < b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(d: &Dict) -> Vec<&str> {
        d.keys().collect()
    }

    proptest::proptest! {
        /// `collect`, `extend`, `append` and the bulk builder (decoding,
        /// deserializing) agree with `BTreeMap` (last value wins) for
        /// entries in any order, repeats included.
        #[test]
        fn bulk_building_in_any_order_is_a_btreemap(
            first in proptest::collection::vec(("[a-d]{0,2}", 0i64..100), 0..40),
            second in proptest::collection::vec(("[a-d]{0,2}", 0i64..100), 0..40),
        ) {
            use std::collections::BTreeMap;
            let entries = |v: &[(String, i64)]| -> Vec<(String, Value)> {
                v.iter().map(|(k, n)| (k.clone(), Value::Int(*n))).collect()
            };
            let mut model: BTreeMap<String, Value> = entries(&first).into_iter().collect();
            let mut d: Dict = entries(&first).into_iter().collect();
            proptest::prop_assert!(d.iter().eq(model.iter().map(|(k, v)| (k.as_str(), v))));

            let mut b = Builder::new();
            for (k, v) in entries(&first) {
                b.push(Key::from(k), v);
            }
            proptest::prop_assert!(b.finish() == d);

            let mut appended = d.clone();
            let mut other: Dict = entries(&second).into_iter().collect();
            appended.append(&mut other);
            proptest::prop_assert!(other.is_empty());

            model.extend(entries(&second));
            d.extend(entries(&second));
            proptest::prop_assert!(d.iter().eq(model.iter().map(|(k, v)| (k.as_str(), v))));
            proptest::prop_assert!(appended == d);
        }
    }

    #[test]
    fn tail_builders_nested_on_one_vector_match_builder() {
        let outer_keys = ["b", "a", "b", "c"];
        let inner_keys = ["x", "z", "y", "x"];
        let mut shared = vec![Entry::new(Key::from("below"), Value::Null)];
        let mut outer = TailBuilder::new(&shared);
        let mut model = Builder::new();
        for (i, k) in outer_keys.iter().enumerate() {
            // A nested dict read (and closed) between the outer's entries.
            let mut inner = TailBuilder::new(&shared);
            let mut inner_model = Builder::new();
            for (j, ik) in inner_keys.iter().enumerate() {
                inner.push(&mut shared, Key::from(*ik), Value::Int(j as i64));
                inner_model.push(Key::from(*ik), Value::Int(j as i64));
            }
            let d = inner.finish(&mut shared);
            assert!(d == inner_model.finish());
            // One allocation of the entries pushed (a repeat is then removed).
            assert_eq!(d.entries.capacity(), inner_keys.len());
            outer.push(&mut shared, Key::from(*k), Value::Int(i as i64));
            model.push(Key::from(*k), Value::Int(i as i64));
        }
        assert!(outer.finish(&mut shared) == model.finish());
        assert_eq!(shared.len(), 1, "only what was below is left");
    }

    #[test]
    fn behaves_like_a_btreemap() {
        use std::collections::BTreeMap;
        // A fixed pseudo-random sequence of inserts and removes, checked
        // against BTreeMap after every step.
        let mut d = Dict::new();
        let mut m = BTreeMap::new();
        let mut x = 7u32;
        for step in 0..4000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = format!("k{}", (x >> 16) % 50);
            match (x >> 8) % 4 {
                0 => assert_eq!(d.remove(key.as_str()), m.remove(&key)),
                _ => assert_eq!(
                    d.insert(key.clone(), Value::Int(step)),
                    m.insert(key, Value::Int(step))
                ),
            }
            assert!(d.iter().eq(m.iter().map(|(k, v)| (k.as_str(), v))));
        }
        assert_eq!(d.len(), m.len());
        assert_eq!(d.get("k3"), m.get("k3"));
        assert!(!d.contains_key("nope"));
        assert_eq!(Dict::from(m.clone()), d);
        assert_eq!(BTreeMap::from(d.clone()), m);
    }

    #[test]
    fn order_is_code_point_order() {
        let d: Dict = [
            ("é", 1),
            ("b", 2),
            ("\u{10000}", 3),
            ("\u{ffff}", 4),
            ("a", 5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::Int(v)))
        .collect();
        assert_eq!(keys(&d), ["a", "b", "é", "\u{ffff}", "\u{10000}"]);
        assert_eq!(d["a"], Value::Int(5));
        assert_eq!(d["missing"], Value::Null);
    }

    #[test]
    fn later_duplicates_win() {
        let d: Dict = [("a", 1), ("a", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Int(v)))
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d["a"], Value::Int(2));
    }

    #[test]
    fn pops_and_retain() {
        let mut d: Dict = (0..5).map(|i| (i.to_string(), Value::Int(i))).collect();
        assert_eq!(d.pop_first().map(|e| e.1), Some(Value::Int(0)));
        assert_eq!(d.pop_last().map(|e| e.1), Some(Value::Int(4)));
        d.retain(|_, v| *v != Value::Int(2));
        assert_eq!(keys(&d), ["1", "3"]);
        let mut other: Dict = [("0".to_owned(), Value::Null)].into();
        d.append(&mut other);
        assert!(other.is_empty());
        assert_eq!(keys(&d), ["0", "1", "3"]);
    }
}
