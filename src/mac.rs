//! Digests, key derivation, and MAC states derived once per key.

use hmac::{Hmac, Mac};
use sha2::{Digest as _, Sha384, Sha512};
use zeroize::Zeroizing;

use crate::key::SecretKey;
use crate::midstate::{
    hash_into, scrub_stack, Hash64, Midstates, Sha1State, Sha224State, Sha256State,
};

/// The hash function used for key derivation and the HMAC.
///
/// # Examples
///
/// ```
/// use flask_cookie::Digest;
/// assert_eq!(Digest::default(), Digest::Sha1);
/// assert_eq!("sha256".parse::<Digest>().unwrap(), Digest::Sha256);
/// assert_eq!(Digest::Sha512.output_len(), 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Digest {
    /// SHA-1: the itsdangerous and Flask default (HMAC-SHA1 is not affected by
    /// SHA-1 collisions).
    #[default]
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Digest {
    /// Every digest, in order of output size.
    pub const ALL: [Self; 5] = [
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
    ];

    /// Output length in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, Signer, SignerConfig};
    /// let signer = Signer::new("secret-key", &SignerConfig::new().with_digest(Digest::Sha256))?;
    /// let token = signer.sign_str("value")?;
    /// let (_, signature) = token.rsplit_once('.').unwrap();
    /// // The signature is the MAC in unpadded base64url: 4 characters per 3 bytes.
    /// assert_eq!(signature.len(), (Digest::Sha256.output_len() * 4).div_ceil(3));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The name used by hashlib and the command line.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Digest;
    /// assert_eq!(Digest::Sha256.name(), "sha256"); // hashlib.sha256
    /// for digest in Digest::ALL {
    ///     assert_eq!(digest.name().parse::<Digest>()?, digest);
    /// }
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha224 => "sha224",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }
}

/// The [`Digest::name`], which [`str::parse`] reads back.
///
/// ```
/// use flask_cookie::Digest;
/// assert_eq!(Digest::Sha256.to_string(), "sha256");
/// assert_eq!("sha256".parse::<Digest>()?, Digest::Sha256);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
impl core::fmt::Display for Digest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Digest {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|d| {
                d.name().eq_ignore_ascii_case(s)
                    || d.name().replace("sha", "sha-").eq_ignore_ascii_case(s)
            })
            .ok_or(crate::Error::InvalidConfig("unknown digest"))
    }
}

/// How the signing key is derived from the secret key and the salt.
///
/// # Examples
///
/// ```
/// use flask_cookie::KeyDerivation;
/// assert_eq!(KeyDerivation::default(), KeyDerivation::DjangoConcat);
/// assert_eq!("hmac".parse::<KeyDerivation>().unwrap(), KeyDerivation::Hmac);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum KeyDerivation {
    /// `H(salt + key)`.
    Concat,
    /// `H(salt + b"signer" + key)`: the itsdangerous default.
    #[default]
    DjangoConcat,
    /// `HMAC(key, salt)`: what Flask sessions use.
    Hmac,
    /// The secret key itself, unmodified.
    None,
}

impl KeyDerivation {
    /// Every derivation.
    pub const ALL: [Self; 4] = [Self::Concat, Self::DjangoConcat, Self::Hmac, Self::None];

    /// The name itsdangerous uses.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::KeyDerivation;
    /// assert_eq!(KeyDerivation::DjangoConcat.name(), "django-concat");
    /// for derivation in KeyDerivation::ALL {
    ///     assert_eq!(derivation.name().parse::<KeyDerivation>()?, derivation);
    /// }
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Concat => "concat",
            Self::DjangoConcat => "django-concat",
            Self::Hmac => "hmac",
            Self::None => "none",
        }
    }
}

/// The [`KeyDerivation::name`], which [`str::parse`] reads back in any
/// case (as it does a [`Digest`]'s).
///
/// ```
/// use flask_cookie::KeyDerivation;
/// assert_eq!(KeyDerivation::DjangoConcat.to_string(), "django-concat");
/// assert_eq!("hmac".parse::<KeyDerivation>()?, KeyDerivation::Hmac);
/// assert_eq!("Django-Concat".parse::<KeyDerivation>()?, KeyDerivation::DjangoConcat);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
impl core::fmt::Display for KeyDerivation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for KeyDerivation {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s))
            .ok_or(crate::Error::InvalidConfig("unknown key derivation"))
    }
}

/// The largest MAC we produce (SHA-512).
pub(crate) const MAX_MAC_LEN: usize = 64;

/// A MAC output on the stack.
#[derive(Clone, Copy)]
pub(crate) struct MacOutput {
    bytes: [u8; MAX_MAC_LEN],
    len: usize,
}

impl MacOutput {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    fn from_slice(s: &[u8]) -> Self {
        let mut bytes = [0u8; MAX_MAC_LEN];
        let len = s.len().min(MAX_MAC_LEN);
        if let (Some(dst), Some(src)) = (bytes.get_mut(..len), s.get(..len)) {
            dst.copy_from_slice(src);
        }
        Self { bytes, len }
    }
}

/// A keyed HMAC state, derived once; each message starts from a copy (no
/// allocation).
///
/// SHA-1, SHA-224 and SHA-256 run on their compression functions from
/// midstates (`midstate.rs`), kept on the heap and zeroized on drop; their
/// key derivation runs on the same code, so no unwiped hasher ever holds the
/// secret. SHA-384 and SHA-512 (128-byte blocks, rare in Flask apps) use
/// RustCrypto's `hmac` and `sha2`, whose keyed states and buffers cannot be
/// zeroized (they expose no way to); the raw and derived keys are.
pub(crate) enum MacKey {
    Sha1(Box<Midstates<Sha1State>>),
    Sha224(Box<Midstates<Sha224State>>),
    Sha256(Box<Midstates<Sha256State>>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
    /// itsdangerous' `NoneAlgorithm`: the signature is empty.
    Unsigned,
}

impl Clone for MacKey {
    fn clone(&self) -> Self {
        match self {
            Self::Sha1(m) => Self::Sha1(m.boxed_clone()),
            Self::Sha224(m) => Self::Sha224(m.boxed_clone()),
            Self::Sha256(m) => Self::Sha256(m.boxed_clone()),
            Self::Sha384(m) => Self::Sha384(m.clone()),
            Self::Sha512(m) => Self::Sha512(m.clone()),
            Self::Unsigned => Self::Unsigned,
        }
    }
}

/// Keys an HMAC. HMAC takes keys of any length (long keys are pre-hashed,
/// RFC 2104), so `new_from_slice` cannot fail; the fallback is unreachable.
macro_rules! hmac_key {
    ($H:ty, $key:expr) => {
        match <Hmac<$H> as hmac::digest::KeyInit>::new_from_slice($key) {
            Ok(m) => m,
            Err(_) => <Hmac<$H> as hmac::digest::KeyInit>::new(&Default::default()),
        }
    };
}

/// [`derive_key`] for SHA-384 and SHA-512, on RustCrypto's hashers (whose
/// internal buffers cannot be wiped; the result is).
macro_rules! derive_rc {
    ($H:ty, $derivation:expr, $salt:expr, $key:expr) => {
        Zeroizing::new(match $derivation {
            KeyDerivation::Concat => <$H>::new()
                .chain_update($salt)
                .chain_update($key)
                .finalize()
                .to_vec(),
            KeyDerivation::DjangoConcat => <$H>::new()
                .chain_update($salt)
                .chain_update(b"signer")
                .chain_update($key)
                .finalize()
                .to_vec(),
            KeyDerivation::Hmac => hmac_key!($H, $key)
                .chain_update($salt)
                .finalize()
                .into_bytes()
                .to_vec(),
            KeyDerivation::None => $key.to_vec(),
        })
    };
}

/// Derives the signing key exactly as itsdangerous' `Signer.derive_key`.
pub(crate) fn derive_key(
    digest: Digest,
    derivation: KeyDerivation,
    salt: &[u8],
    key: &SecretKey,
) -> Zeroizing<Vec<u8>> {
    let key = key.expose_secret();
    let derived = match digest {
        Digest::Sha1 => derive_key64::<Sha1State>(derivation, salt, key),
        Digest::Sha224 => derive_key64::<Sha224State>(derivation, salt, key),
        Digest::Sha256 => derive_key64::<Sha256State>(derivation, salt, key),
        Digest::Sha384 => derive_rc!(Sha384, derivation, salt, key),
        Digest::Sha512 => derive_rc!(Sha512, derivation, salt, key),
    };
    // The caller, MacKey::new, scrubs the stack once the key is keyed.
    derived
}

/// [`derive_key`] for the 64-byte-block hashes, on `midstate.rs`: every
/// buffer that holds the key or the derived key is zeroized.
fn derive_key64<H: Hash64>(
    derivation: KeyDerivation,
    salt: &[u8],
    key: &[u8],
) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; H::OUT_LEN]);
    match derivation {
        KeyDerivation::Concat | KeyDerivation::DjangoConcat => {
            let signer: &[u8] = if derivation == KeyDerivation::DjangoConcat {
                b"signer"
            } else {
                b""
            };
            let mut data = Zeroizing::new(Vec::with_capacity(salt.len() + 6 + key.len()));
            data.extend_from_slice(salt);
            data.extend_from_slice(signer);
            data.extend_from_slice(key);
            hash_into::<H>(&data, &mut out);
        }
        KeyDerivation::Hmac => Midstates::<H>::new(key).mac_into(salt, &mut out),
        KeyDerivation::None => {
            out.clear();
            out.extend_from_slice(key);
        }
    }
    out
}

impl MacKey {
    /// Derives the key and keys the HMAC state, once.
    pub(crate) fn new(
        digest: Digest,
        derivation: KeyDerivation,
        salt: &[u8],
        key: &SecretKey,
    ) -> Self {
        let derived = derive_key(digest, derivation, salt, key);
        let keyed = match digest {
            Digest::Sha1 => Self::Sha1(Midstates::new(&derived)),
            Digest::Sha224 => Self::Sha224(Midstates::new(&derived)),
            Digest::Sha256 => Self::Sha256(Midstates::new(&derived)),
            Digest::Sha384 => Self::Sha384(hmac_key!(Sha384, &derived)),
            Digest::Sha512 => Self::Sha512(hmac_key!(Sha512, &derived)),
        };
        scrub_stack();
        keyed
    }

    /// Length of the raw MAC.
    pub(crate) fn output_len(&self) -> usize {
        match self {
            Self::Sha1(_) => 20,
            Self::Sha224(_) => 28,
            Self::Sha256(_) => 32,
            Self::Sha384(_) => 48,
            Self::Sha512(_) => 64,
            Self::Unsigned => 0,
        }
    }

    /// MAC of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> MacOutput {
        fn mid(out: ([u8; 32], usize)) -> MacOutput {
            MacOutput::from_slice(out.0.get(..out.1).unwrap_or_default())
        }
        macro_rules! run {
            ($m:expr) => {
                MacOutput::from_slice(&$m.clone().chain_update(message).finalize().into_bytes())
            };
        }
        match self {
            Self::Sha1(m) => mid(m.mac(message)),
            Self::Sha224(m) => mid(m.mac(message)),
            Self::Sha256(m) => mid(m.mac(message)),
            Self::Sha384(m) => run!(m),
            Self::Sha512(m) => run!(m),
            Self::Unsigned => MacOutput::from_slice(&[]),
        }
    }

    /// Constant-time check of `sig` (raw bytes) against the MAC of
    /// `message`.
    pub(crate) fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        macro_rules! run {
            ($m:expr) => {
                $m.clone().chain_update(message).verify_slice(sig).is_ok()
            };
        }
        match self {
            Self::Sha1(m) => m.verify(message, sig),
            Self::Sha224(m) => m.verify(message, sig),
            Self::Sha256(m) => m.verify(message, sig),
            Self::Sha384(m) => run!(m),
            Self::Sha512(m) => run!(m),
            Self::Unsigned => sig.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Literal derived keys from spec section 2.2 (itsdangerous 2.2.0).
    #[test]
    fn derived_keys_match_itsdangerous() {
        let k = SecretKey::from("secret-key");
        let salt = b"itsdangerous.Signer";
        let cases = [
            (
                KeyDerivation::Concat,
                "4b460bd4c0a15eb2549503321146ba76b60662ab",
            ),
            (
                KeyDerivation::DjangoConcat,
                "95c1413ec52400db8a22b50e2f318e9204636448",
            ),
            (
                KeyDerivation::Hmac,
                "b22a053dda49924fdfe1055d9e814a9ae8ad896e",
            ),
            (KeyDerivation::None, "7365637265742d6b6579"),
        ];
        for (d, want) in cases {
            assert_eq!(hex(&derive_key(Digest::Sha1, d, salt, &k)), want, "{d:?}");
        }
        // Flask: HMAC-SHA1(key, "cookie-session").
        assert_eq!(
            hex(&derive_key(
                Digest::Sha1,
                KeyDerivation::Hmac,
                b"cookie-session",
                &k
            )),
            "c7f868a9a538dd5793a788a0fdc7ffcc702ddb50"
        );
    }

    #[test]
    fn names_parse_back() {
        for d in Digest::ALL {
            assert_eq!(d.name().parse::<Digest>().unwrap(), d);
            assert_eq!(
                MacKey::new(d, KeyDerivation::Hmac, b"", &SecretKey::from("k")).output_len(),
                d.output_len()
            );
        }
        for d in KeyDerivation::ALL {
            assert_eq!(d.name().parse::<KeyDerivation>().unwrap(), d);
        }
        assert!("md5".parse::<Digest>().is_err());
    }
}
