//! Key material: one newtype for secret bytes, and the set of keys a signer
//! signs and verifies with.

use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret key: arbitrary bytes, zeroized on drop, redacted in `Debug`, with
/// no `Display`.
///
/// A `&str` key is used as its UTF-8 bytes, exactly as itsdangerous'
/// `want_bytes` does, so `SecretKey::from("clé")` and
/// `SecretKey::from("clé".as_bytes())` are the same key.
///
/// # Examples
///
/// ```
/// use flask_cookie::SecretKey;
/// let key = SecretKey::from("secret-key");
/// assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
/// assert_eq!(key, SecretKey::from(b"secret-key".to_vec()));
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Box<[u8]>);

impl SecretKey {
    /// Wraps the given bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = flask_cookie::SecretKey::new(&[0xff, 0x00, 0x80]);
    /// assert_eq!(key.len(), 3);
    /// ```
    #[must_use]
    pub fn new(bytes: &[u8]) -> Self {
        Self(bytes.into())
    }

    /// The key's length in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SecretKey;
    /// // A `&str` key is its UTF-8 bytes: "é" counts two.
    /// assert_eq!(SecretKey::from("clé").len(), 4);
    /// assert_eq!(SecretKey::from("clé"), SecretKey::from("clé".as_bytes()));
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for the empty key (Flask treats an empty `SECRET_KEY` as no key).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SecretKey, SessionCodec};
    /// assert!(SecretKey::from("").is_empty());
    /// assert!(!SecretKey::from("secret-key").is_empty());
    /// // As in Flask, an empty key gives no session at all.
    /// assert!(matches!(SessionCodec::flask(""), Err(Error::InvalidConfig(_))));
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw key bytes. Handle with care: copies are not zeroized.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SecretKey;
    /// let key = SecretKey::from("hunter2");
    /// assert!(!format!("{key:?}").contains("hunter2")); // `Debug` redacts it
    /// assert_eq!(key.expose_secret(), b"hunter2"); // reading it is explicit
    /// ```
    #[must_use]
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Constant-time comparison.
impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for SecretKey {}

impl From<&[u8]> for SecretKey {
    fn from(b: &[u8]) -> Self {
        Self::new(b)
    }
}

impl<const N: usize> From<&[u8; N]> for SecretKey {
    fn from(b: &[u8; N]) -> Self {
        Self::new(b)
    }
}

impl From<Vec<u8>> for SecretKey {
    /// Copies the bytes and zeroizes the vector, spare capacity included
    /// (`into_boxed_slice` could reallocate and free a copy unzeroized).
    fn from(mut b: Vec<u8>) -> Self {
        let key = Self::new(&b);
        b.zeroize();
        key
    }
}

impl From<&str> for SecretKey {
    fn from(s: &str) -> Self {
        Self::new(s.as_bytes())
    }
}

impl From<String> for SecretKey {
    /// Copies the bytes and zeroizes the string.
    fn from(s: String) -> Self {
        Self::from(s.into_bytes())
    }
}

/// Which key verified a token.
///
/// Lets an application re-issue a cookie that still verifies with a retired
/// key (Rails' `on_rotation`).
///
/// # Examples
///
/// ```
/// use flask_cookie::{KeyMatch, Keys, Signer, SignerConfig};
/// let config = SignerConfig::new();
/// let old_token = Signer::new("old-key", &config)?.sign_str("user-42")?;
/// let signer = Signer::new(Keys::new("new-key").with_fallbacks(["old-key"]), &config)?;
/// let (value, key) = signer.unsign_str(&old_token)?;
/// assert_eq!((value, key), ("user-42", KeyMatch::Fallback(0)));
/// // Re-issued, it verifies with the current key.
/// let fresh = signer.sign_str(value)?;
/// assert_eq!(signer.unsign_str(&fresh)?.1, KeyMatch::Current);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyMatch {
    /// The current key (Flask's `SECRET_KEY`).
    Current,
    /// A fallback key, by its index in the list given to
    /// [`Keys::with_fallbacks`] (Flask's `SECRET_KEY_FALLBACKS`).
    Fallback(usize),
}

impl KeyMatch {
    /// True when an old key matched and the token should be re-issued.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::KeyMatch;
    /// assert!(KeyMatch::Fallback(0).is_fallback());
    /// assert!(!KeyMatch::Current.is_fallback());
    /// ```
    #[must_use]
    pub const fn is_fallback(self) -> bool {
        matches!(self, Self::Fallback(_))
    }
}

/// A current key that signs and verifies, plus fallback keys that only verify.
///
/// Verification tries keys in Flask's order: the current key first, then the
/// fallbacks from the **last** to the first (Flask builds
/// `SECRET_KEY_FALLBACKS + [SECRET_KEY]` and itsdangerous tries it newest
/// first).
///
/// # Examples
///
/// ```
/// use flask_cookie::Keys;
/// let keys = Keys::new("new-key").with_fallbacks(["oldest", "older"]);
/// assert_eq!(keys.fallbacks().len(), 2);
/// assert!(!format!("{keys:?}").contains("new-key"));
/// ```
#[derive(Clone)]
pub struct Keys {
    current: SecretKey,
    fallbacks: Vec<SecretKey>,
}

/// Compares every key, in constant time for keys of equal length, without
/// stopping at the first that differs (only the number of fallbacks and
/// the keys' lengths show in the time taken).
impl PartialEq for Keys {
    fn eq(&self, other: &Self) -> bool {
        if self.fallbacks.len() != other.fallbacks.len() {
            return false;
        }
        let all = core::iter::once((&self.current, &other.current))
            .chain(self.fallbacks.iter().zip(&other.fallbacks))
            .fold(subtle::Choice::from(1), |acc, (a, b)| acc & a.0.ct_eq(&b.0));
        all.into()
    }
}

impl Eq for Keys {}

impl Keys {
    /// One current key and no fallbacks.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Keys, SecretKey, Signer, SignerConfig};
    /// let keys = Keys::new("secret-key");
    /// assert_eq!(keys.current(), &SecretKey::from("secret-key"));
    /// assert!(keys.fallbacks().is_empty());
    /// // The same signer as from the bare key.
    /// let config = SignerConfig::new();
    /// assert_eq!(Signer::new(keys, &config)?.sign(b"v"), Signer::new("secret-key", &config)?.sign(b"v"));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn new(current: impl Into<SecretKey>) -> Self {
        Self {
            current: current.into(),
            fallbacks: Vec::new(),
        }
    }

    /// Sets the fallback keys, in the order of Flask's `SECRET_KEY_FALLBACKS`
    /// (oldest first by convention). Defaults to none.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{KeyMatch, Keys, Signer, SignerConfig};
    /// let config = SignerConfig::new();
    /// // Flask: SECRET_KEY = "k2", SECRET_KEY_FALLBACKS = ["k0", "k1"]
    /// let signer = Signer::new(Keys::new("k2").with_fallbacks(["k0", "k1"]), &config)?;
    /// let from_k1 = Signer::new("k1", &config)?.sign_str("v")?;
    /// assert_eq!(signer.unsign_str(&from_k1)?.1, KeyMatch::Fallback(1));
    /// let from_k9 = Signer::new("k9", &config)?.sign_str("v")?;
    /// assert!(signer.unsign_str(&from_k9).is_err());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_fallbacks<K: Into<SecretKey>>(
        mut self,
        fallbacks: impl IntoIterator<Item = K>,
    ) -> Self {
        self.fallbacks = fallbacks.into_iter().map(Into::into).collect();
        self
    }

    /// Builds the set from an itsdangerous-style list, ordered oldest to
    /// newest: the last key signs. Returns `None` for an empty list.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Keys, SecretKey};
    /// let keys = Keys::from_oldest_to_newest(["k1", "k2", "k3"]).unwrap();
    /// assert_eq!(keys.current(), &SecretKey::from("k3"));
    /// ```
    #[must_use]
    pub fn from_oldest_to_newest<K: Into<SecretKey>>(
        keys: impl IntoIterator<Item = K>,
    ) -> Option<Self> {
        let mut all: Vec<SecretKey> = keys.into_iter().map(Into::into).collect();
        let current = all.pop()?;
        Some(Self {
            current,
            fallbacks: all,
        })
    }

    /// The key that signs.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Keys;
    /// let keys = Keys::new("new-key").with_fallbacks(["old-key"]);
    /// assert_eq!(keys.current().expose_secret(), b"new-key");
    /// ```
    #[must_use]
    pub fn current(&self) -> &SecretKey {
        &self.current
    }

    /// The verify-only keys, in the order given.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Keys, SecretKey};
    /// let keys = Keys::new("k2").with_fallbacks(["k0", "k1"]);
    /// assert_eq!(keys.fallbacks(), [SecretKey::from("k0"), SecretKey::from("k1")]);
    /// ```
    #[must_use]
    pub fn fallbacks(&self) -> &[SecretKey] {
        &self.fallbacks
    }

    /// Keys in verification order, each with what a match means.
    pub(crate) fn in_verification_order(&self) -> impl Iterator<Item = (&SecretKey, KeyMatch)> {
        core::iter::once((&self.current, KeyMatch::Current)).chain(
            self.fallbacks
                .iter()
                .enumerate()
                .rev()
                .map(|(i, k)| (k, KeyMatch::Fallback(i))),
        )
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("current", &self.current)
            .field("fallbacks", &self.fallbacks.len())
            .finish()
    }
}

impl<T: Into<SecretKey>> From<T> for Keys {
    fn from(k: T) -> Self {
        Self::new(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_every_key() {
        let k = |fb: &[&str]| Keys::new("current").with_fallbacks(fb.iter().copied());
        assert_eq!(k(&["a", "b"]), k(&["a", "b"]));
        assert_ne!(k(&["a", "b"]), k(&["a", "c"]));
        assert_ne!(k(&["a", "b"]), k(&["x", "b"]));
        assert_ne!(k(&["a", "b"]), k(&["a"]));
        assert_ne!(k(&[]), Keys::new("other"));
        assert_eq!(k(&[]), Keys::new("current"));
    }

    #[test]
    fn debug_does_not_leak_secret_key() {
        let k = SecretKey::from("hunter2-very-secret");
        let keys = Keys::new("hunter2-very-secret").with_fallbacks(["old-secret-xyz"]);
        for s in [
            format!("{k:?}"),
            format!("{k:#?}"),
            format!("{keys:?}"),
            format!("{keys:#?}"),
        ] {
            assert!(!s.contains("hunter2"), "{s}");
            assert!(!s.contains("old-secret"), "{s}");
            assert!(!s.contains("104"), "{s}"); // no byte-array dump either
        }
    }

    #[test]
    fn verification_order_is_flasks() {
        // Flask spy: SECRET_KEY="cur", FALLBACKS=["fb1","fb2","fb3"] -> cur, fb3, fb2, fb1.
        let keys = Keys::new("cur").with_fallbacks(["fb1", "fb2", "fb3"]);
        let order: Vec<_> = keys
            .in_verification_order()
            .map(|(k, m)| (k.expose_secret().to_vec(), m))
            .collect();
        assert_eq!(
            order,
            vec![
                (b"cur".to_vec(), KeyMatch::Current),
                (b"fb3".to_vec(), KeyMatch::Fallback(2)),
                (b"fb2".to_vec(), KeyMatch::Fallback(1)),
                (b"fb1".to_vec(), KeyMatch::Fallback(0)),
            ]
        );
    }

    #[test]
    fn str_and_bytes_keys_are_equal() {
        assert_eq!(
            SecretKey::from("clé-秘密"),
            SecretKey::from("clé-秘密".as_bytes())
        );
        assert_ne!(SecretKey::from("a"), SecretKey::from("b"));
    }
}
