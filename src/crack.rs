//! Finding which secret key signed a token: the library side of
//! `flask-cookie crack`.
//!
//! A [`Cracker`] parses the token and decodes its signature once, and
//! precomputes everything that does not depend on the key: the padded SHA-1
//! blocks of the salt and of the signed message, and the hash states after the
//! salt for the `concat` derivations. Testing a candidate then allocates
//! nothing. For SHA-1 (Flask's digest) both HMACs run straight on the SHA-1
//! compression function, with hand-built pad blocks: a Flask cookie whose
//! signed part is at most 55 bytes costs 8 compressions per candidate, the
//! least HMAC-SHA1(HMAC-SHA1(key, salt), message) can cost. The SHA-2 digests
//! go through the generic `hmac` path.

use core::fmt;

use hmac::digest::core_api::{Block, BlockSizeUser};
use hmac::digest::generic_array::GenericArray;
use hmac::digest::{Digest as _, KeyInit, Mac};
use hmac::SimpleHmac;
use sha1::{Sha1, Sha1Core};
use sha2::{Sha224, Sha256, Sha384, Sha512};

use crate::base64;
use crate::config::SignerConfig;
use crate::error::{Error, LimitKind, SignatureError};
use crate::mac::{Digest, KeyDerivation, MAX_MAC_LEN};
use crate::midstate::{digest_bytes, Hash64 as _, Sha1State, BLOCK_LEN, IPAD, OPAD};
use crate::signer::rsplit_once;

/// One way itsdangerous can sign: a digest and a key derivation.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Digest, KeyDerivation, SigningAlgorithm};
/// assert_eq!(SigningAlgorithm::FLASK, SigningAlgorithm::new(Digest::Sha1, KeyDerivation::Hmac));
/// assert_eq!(SigningAlgorithm::all().count(), 20);
/// assert_eq!(SigningAlgorithm::FLASK.to_string(), "sha1/hmac");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SigningAlgorithm {
    /// The digest of the key derivation and the HMAC.
    pub digest: Digest,
    /// How the signing key is derived from the secret key.
    pub derivation: KeyDerivation,
}

impl SigningAlgorithm {
    /// What Flask's session cookie uses: SHA-1 with the `hmac` derivation.
    pub const FLASK: Self = Self::new(Digest::Sha1, KeyDerivation::Hmac);

    /// A digest and a derivation.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, SignerConfig, SigningAlgorithm};
    /// // What itsdangerous' `Signer` signs with by default:
    /// let config = SignerConfig::new();
    /// let default = SigningAlgorithm::new(config.digest(), config.key_derivation());
    /// assert_eq!(default, SigningAlgorithm::new(Digest::Sha1, KeyDerivation::DjangoConcat));
    /// assert_eq!(default.to_string(), "sha1/django-concat");
    /// ```
    #[must_use]
    pub const fn new(digest: Digest, derivation: KeyDerivation) -> Self {
        Self { digest, derivation }
    }

    /// Every combination of [`Digest::ALL`] and [`KeyDerivation::ALL`], the
    /// derivations in order of how common they are (`hmac` as Flask,
    /// `django-concat` as itsdangerous' default, `concat`, `none`).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, SigningAlgorithm};
    /// let all: Vec<_> = SigningAlgorithm::all().collect();
    /// assert_eq!(all.len(), Digest::ALL.len() * 4);
    /// assert_eq!(all[0], SigningAlgorithm::FLASK); // the likeliest is tried first
    /// assert!(all.iter().enumerate().all(|(i, a)| !all[..i].contains(a)));
    /// ```
    pub fn all() -> impl Iterator<Item = Self> {
        const ORDER: [KeyDerivation; 4] = [
            KeyDerivation::Hmac,
            KeyDerivation::DjangoConcat,
            KeyDerivation::Concat,
            KeyDerivation::None,
        ];
        Digest::ALL
            .into_iter()
            .flat_map(|d| ORDER.into_iter().map(move |k| Self::new(d, k)))
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.digest.name(), self.derivation.name())
    }
}

/// Tests candidate secret keys against one signed token.
///
/// Built once per token; [`Cracker::try_key`] then does only the work that
/// depends on the key and never allocates. A `Cracker` is `Send + Sync`:
/// share one between threads.
///
/// Candidate keys are compared against the signature in constant time, like
/// every MAC in this crate, although a cracker's candidates are rarely secret.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Cracker, Session, SessionCodec, SignerConfig, SigningAlgorithm};
///
/// let mut session = Session::new();
/// session.insert("user", "alice")?;
/// let cookie = SessionCodec::flask("hunter2")?.encode_at(&session, 1_700_000_000)?;
///
/// let cracker = Cracker::new(&cookie, &SignerConfig::flask_session())?;
/// assert_eq!(cracker.try_key(b"secret"), None);
/// assert_eq!(cracker.try_key(b"hunter2"), Some(SigningAlgorithm::FLASK));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone)]
pub struct Cracker {
    /// The signed part of the token: everything before the last separator.
    message: Box<[u8]>,
    /// The raw signature.
    signature: [u8; MAX_MAC_LEN],
    signature_len: usize,
    salt: Box<[u8]>,
    /// The algorithms to try, those whose output length fits the signature.
    algorithms: Vec<SigningAlgorithm>,
    /// The SHA-1 fast path, when the signature has SHA-1's length.
    sha1: Option<Sha1Cracker>,
}

impl Cracker {
    /// A cracker for `token`, as signed with `config`'s salt, separator,
    /// digest and key derivation, or with any of its fallback signers
    /// ([`SignerConfig::with_fallback_signer`]).
    ///
    /// # Errors
    ///
    /// As [`Cracker::with_algorithms`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Cracker, Error, SignatureError, Signer, SignerConfig, SigningAlgorithm};
    /// // itsdangerous' default `Signer`: SHA-1, `django-concat`.
    /// let config = SignerConfig::new();
    /// let token = Signer::new("hunter2", &config)?.sign_str("user-42")?;
    /// let cracker = Cracker::new(&token, &config)?;
    /// let found = cracker.try_key(b"hunter2");
    /// assert_eq!(found, Some(SigningAlgorithm::new(config.digest(), config.key_derivation())));
    /// // A token with no signature at all is refused before any key is tried.
    /// let err = Cracker::new("user-42", &config).unwrap_err();
    /// assert_eq!(err, Error::BadSignature(SignatureError::MissingSeparator));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(token: &str, config: &SignerConfig) -> Result<Self, Error> {
        let primary = SigningAlgorithm::new(config.digest, config.derivation);
        let fallbacks = config
            .fallbacks
            .iter()
            .map(|&(d, k)| SigningAlgorithm::new(d, k));
        Self::with_algorithms(token, config, core::iter::once(primary).chain(fallbacks))
    }

    /// A cracker for `token` that tries each of `algorithms` (in order) with
    /// `config`'s salt and separator, ignoring `config`'s own digest and
    /// derivation. Algorithms whose digest cannot have made a signature of
    /// this length are dropped up front, so trying
    /// [`SigningAlgorithm::all`] costs only the four derivations of the one
    /// digest that fits.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] for a token longer than the configured limit;
    /// [`Error::BadSignature`] when it has no separator or its signature is
    /// not base64url (canonical, unless the config is lenient);
    /// [`Error::InvalidConfig`] for a configuration without signatures, or
    /// when the signature's length fits none of the algorithms.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Cracker, Digest, KeyDerivation, SignerConfig, SigningAlgorithm, TimestampSigner};
    ///
    /// let config = SignerConfig::new().with_salt("activate").with_digest(Digest::Sha256);
    /// let token = TimestampSigner::new("s3cret", &config)?.sign_at(b"user-42", 1_700_000_000)?;
    ///
    /// let cracker = Cracker::with_algorithms(&token, &SignerConfig::new().with_salt("activate"), SigningAlgorithm::all())?;
    /// assert_eq!(cracker.algorithms().len(), 4); // only SHA-256 signatures are 32 bytes
    /// assert_eq!(
    ///     cracker.try_key(b"s3cret"),
    ///     Some(SigningAlgorithm::new(Digest::Sha256, KeyDerivation::DjangoConcat))
    /// );
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn with_algorithms(
        token: &str,
        config: &SignerConfig,
        algorithms: impl IntoIterator<Item = SigningAlgorithm>,
    ) -> Result<Self, Error> {
        if config.unsigned {
            return Err(Error::InvalidConfig(
                "a configuration without signatures has no key to find",
            ));
        }
        let token = token.as_bytes();
        let limit = config.limits.max_token_len();
        if token.len() > limit {
            return Err(Error::TooLarge {
                kind: LimitKind::Token,
                limit,
            });
        }
        let (message, sig) = rsplit_once(token, &config.sep)
            .ok_or(Error::BadSignature(SignatureError::MissingSeparator))?;
        let mut signature = [0u8; MAX_MAC_LEN];
        let signature_len = base64::decode_to_slice(sig, config.base64_mode(), &mut signature)
            .map_err(|()| Error::BadSignature(SignatureError::MalformedSignature))?;
        let mut kept: Vec<SigningAlgorithm> = Vec::new();
        for a in algorithms {
            if a.digest.output_len() == signature_len && !kept.contains(&a) {
                kept.push(a);
            }
        }
        if kept.is_empty() {
            return Err(Error::InvalidConfig(
                "the signature's length fits none of the digests to try",
            ));
        }
        let sha1 = kept.iter().any(|a| a.digest == Digest::Sha1).then(|| {
            Sha1Cracker::new(
                &config.salt,
                message,
                signature.get(..20).unwrap_or_default(),
            )
        });
        Ok(Self {
            message: message.into(),
            signature,
            signature_len,
            salt: config.salt.as_ref().into(),
            algorithms: kept,
            sha1,
        })
    }

    /// The algorithms tried, in order: those asked for that fit the
    /// signature's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Cracker, Digest, KeyDerivation, SignerConfig, SigningAlgorithm, TimestampSigner};
    /// let config = SignerConfig::flask_session();
    /// let token = TimestampSigner::new("k", &config)?.sign_at(b"v", 1_700_000_000)?;
    /// // A SHA-256 fallback cannot have made a 20-byte signature: it is dropped.
    /// let both = config.with_fallback_signer(Digest::Sha256, KeyDerivation::Hmac);
    /// let cracker = Cracker::new(&token, &both)?;
    /// assert_eq!(cracker.algorithms(), [SigningAlgorithm::FLASK]);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn algorithms(&self) -> &[SigningAlgorithm] {
        &self.algorithms
    }

    /// Tests one candidate secret key; returns the algorithm it signed the
    /// token with, or `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Cracker, SignerConfig, SigningAlgorithm, TimestampSigner};
    /// let config = SignerConfig::flask_session();
    /// let token = TimestampSigner::new("letmein", &config)?.sign_at(b"{}", 1_700_000_000)?;
    /// let cracker = Cracker::new(&token, &config)?;
    /// let wordlist = ["password", "123456", "letmein", "qwerty"];
    /// let hit = wordlist.iter().find_map(|w| Some((*w, cracker.try_key(w.as_bytes())?)));
    /// assert_eq!(hit, Some(("letmein", SigningAlgorithm::FLASK)));
    /// assert_eq!(cracker.try_key(b"letmein "), None); // no near misses
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn try_key(&self, candidate: &[u8]) -> Option<SigningAlgorithm> {
        self.algorithms
            .iter()
            .copied()
            .find(|a| self.matches(*a, candidate))
    }

    /// SHA-1 block compressions that one candidate of at most 64 bytes
    /// costs, when the only algorithm is Flask's ([`SigningAlgorithm::FLASK`]):
    /// `6 + salt blocks + message blocks`, which is 8 for a Flask cookie whose
    /// signed part (`payload.timestamp`) is at most 55 bytes. `None` for
    /// other algorithms. Divide a machine's SHA-1 compressions per second by
    /// it to get the most candidates per second any implementation can test.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Cracker, SignerConfig};
    /// let cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
    /// let cracker = Cracker::new(cookie, &SignerConfig::flask_session())?;
    /// assert_eq!(cracker.sha1_compressions_per_candidate(), Some(8));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn sha1_compressions_per_candidate(&self) -> Option<usize> {
        match (self.algorithms.as_slice(), &self.sha1) {
            ([SigningAlgorithm::FLASK], Some(fast)) => {
                Some(6 + fast.salt_blocks.len() + fast.message_blocks.len())
            }
            _ => None,
        }
    }

    fn matches(&self, algorithm: SigningAlgorithm, candidate: &[u8]) -> bool {
        let sig = self.signature.get(..self.signature_len).unwrap_or_default();
        let (salt, msg, derivation) = (&*self.salt, &*self.message, algorithm.derivation);
        match algorithm.digest {
            Digest::Sha1 => self
                .sha1
                .as_ref()
                .is_some_and(|f| f.matches(derivation, candidate)),
            Digest::Sha224 => generic_matches::<Sha224>(derivation, salt, candidate, msg, sig),
            Digest::Sha256 => generic_matches::<Sha256>(derivation, salt, candidate, msg, sig),
            Digest::Sha384 => generic_matches::<Sha384>(derivation, salt, candidate, msg, sig),
            Digest::Sha512 => generic_matches::<Sha512>(derivation, salt, candidate, msg, sig),
        }
    }
}

impl fmt::Debug for Cracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cracker")
            .field("message_len", &self.message.len())
            .field("signature_len", &self.signature_len)
            .field("algorithms", &self.algorithms)
            .finish_non_exhaustive()
    }
}

/// Any digest through the generic `hmac` crate; no allocation.
fn generic_matches<D>(
    derivation: KeyDerivation,
    salt: &[u8],
    candidate: &[u8],
    message: &[u8],
    sig: &[u8],
) -> bool
where
    D: sha2::Digest + BlockSizeUser + Clone,
{
    let derived;
    let key: &[u8] = match derivation {
        KeyDerivation::Concat => {
            derived = <D as sha2::Digest>::new()
                .chain_update(salt)
                .chain_update(candidate)
                .finalize();
            &derived
        }
        KeyDerivation::DjangoConcat => {
            derived = <D as sha2::Digest>::new()
                .chain_update(salt)
                .chain_update(b"signer")
                .chain_update(candidate)
                .finalize();
            &derived
        }
        KeyDerivation::Hmac => {
            let Ok(mac) = <SimpleHmac<D> as KeyInit>::new_from_slice(candidate) else {
                return false;
            };
            derived = Mac::chain_update(mac, salt).finalize().into_bytes();
            &derived
        }
        KeyDerivation::None => candidate,
    };
    let Ok(mac) = <SimpleHmac<D> as KeyInit>::new_from_slice(key) else {
        return false;
    };
    Mac::chain_update(mac, message).verify_slice(sig).is_ok()
}

// ---------------------------------------------------------------------------
// SHA-1 on the compression function
// ---------------------------------------------------------------------------

type Sha1Block = Block<Sha1Core>;

const SHA1_IV: [u32; 5] = Sha1State::IV.0;
const SHA1_BLOCK_LEN: usize = BLOCK_LEN;

/// The last block of HMAC's outer hash: a 20-byte inner digest after the
/// 64-byte key block, padded (`0x80`, zeros, the length in bits: 672).
const OUTER_TAIL: [u8; SHA1_BLOCK_LEN] = {
    let mut b = [0u8; SHA1_BLOCK_LEN];
    b[20] = 0x80;
    // (64 + 20) * 8 = 672 = 0x02a0 bits, big-endian in the last 8 bytes.
    b[62] = 0x02;
    b[63] = 0xa0;
    b
};

/// Key-independent precomputation for SHA-1.
#[derive(Clone)]
struct Sha1Cracker {
    /// The salt as the message of an HMAC: padded, after one key block.
    salt_blocks: Box<[Sha1Block]>,
    /// The signed message as the message of an HMAC.
    message_blocks: Box<[Sha1Block]>,
    /// `sha1(salt)` so far, for `concat`.
    concat: Sha1,
    /// `sha1(salt + b"signer")` so far, for `django-concat`.
    django_concat: Sha1,
    /// The signature.
    target: [u8; 20],
}

impl Sha1Cracker {
    fn new(salt: &[u8], message: &[u8], signature: &[u8]) -> Self {
        let mut target = [0u8; 20];
        if let Some(src) = signature.get(..20) {
            target.copy_from_slice(src);
        }
        let concat = Sha1::new().chain_update(salt);
        Self {
            salt_blocks: padded_after_key_block(salt),
            message_blocks: padded_after_key_block(message),
            django_concat: concat.clone().chain_update(b"signer"),
            concat,
            target,
        }
    }

    fn matches(&self, derivation: KeyDerivation, candidate: &[u8]) -> bool {
        let mac = match derivation {
            KeyDerivation::Hmac => {
                let derived = to_bytes(hmac_sha1(candidate, &self.salt_blocks));
                hmac_sha1(&derived, &self.message_blocks)
            }
            KeyDerivation::Concat => {
                let derived = self.concat.clone().chain_update(candidate).finalize();
                hmac_sha1(&derived, &self.message_blocks)
            }
            KeyDerivation::DjangoConcat => {
                let derived = self
                    .django_concat
                    .clone()
                    .chain_update(candidate)
                    .finalize();
                hmac_sha1(&derived, &self.message_blocks)
            }
            KeyDerivation::None => hmac_sha1(candidate, &self.message_blocks),
        };
        crate::midstate::ct_eq(&to_bytes(mac), &self.target)
    }
}

/// `data` padded as SHA-1 pads a message that starts with one 64-byte block
/// (HMAC's key block) followed by `data`, as whole blocks.
fn padded_after_key_block(data: &[u8]) -> Box<[Sha1Block]> {
    let bits = (u64::try_from(data.len()).unwrap_or(u64::MAX))
        .saturating_add(SHA1_BLOCK_LEN as u64)
        .wrapping_mul(8);
    let mut bytes = Vec::with_capacity(data.len() + 2 * SHA1_BLOCK_LEN);
    bytes.extend_from_slice(data);
    bytes.push(0x80);
    while bytes.len() % SHA1_BLOCK_LEN != SHA1_BLOCK_LEN - 8 {
        bytes.push(0);
    }
    bytes.extend_from_slice(&bits.to_be_bytes());
    bytes
        .chunks_exact(SHA1_BLOCK_LEN)
        .map(GenericArray::clone_from_slice)
        .collect()
}

/// HMAC-SHA1(key, message), the message given as its padded blocks.
///
/// Each hash is one call to the compression function where it can be (the
/// key block and a one-block message together; the opad block and the outer
/// tail together): every call has a fixed cost (loading and storing the state,
/// the CPU feature check), a fifth of a block's work with SHA-NI.
#[inline]
fn hmac_sha1(key: &[u8], message_blocks: &[Sha1Block]) -> [u32; 5] {
    let hashed;
    let key = if key.len() > SHA1_BLOCK_LEN {
        hashed = Sha1::digest(key);
        &hashed[..]
    } else {
        key
    };
    let mut inner_blocks = [
        Sha1Block::from([IPAD; SHA1_BLOCK_LEN]),
        Sha1Block::default(),
    ];
    let [ipad, second] = &mut inner_blocks;
    for (b, k) in ipad.iter_mut().zip(key) {
        *b ^= k;
    }
    let mut outer_blocks = [*ipad, Sha1Block::from(OUTER_TAIL)];
    let mut inner = SHA1_IV;
    match message_blocks {
        [only] => {
            *second = *only;
            sha1::compress(&mut inner, &inner_blocks);
        }
        _ => {
            sha1::compress(&mut inner, core::slice::from_ref(ipad));
            sha1::compress(&mut inner, message_blocks);
        }
    }
    let [opad, tail] = &mut outer_blocks;
    for b in opad.iter_mut() {
        *b ^= IPAD ^ OPAD;
    }
    for (dst, word) in tail.chunks_exact_mut(4).zip(inner) {
        dst.copy_from_slice(&word.to_be_bytes());
    }
    let mut outer = SHA1_IV;
    sha1::compress(&mut outer, &outer_blocks);
    outer
}

fn to_bytes(state: [u32; 5]) -> [u8; 20] {
    let mut out = [0u8; 20];
    digest_bytes(&Sha1State(state), &mut out);
    out
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Cracker>();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Signer, TimestampSigner};

    /// The optimised path against the crate's `Signer` (itself checked
    /// against itsdangerous), across every block boundary.
    #[test]
    fn agrees_with_the_signer_at_every_boundary() {
        let key_lens = [0usize, 1, 20, 55, 56, 63, 64, 65, 200];
        let msg_lens = [0usize, 1, 54, 55, 56, 63, 64, 65, 119, 120, 1000];
        let salt_lens = [0usize, 14, 55, 56, 64, 100];
        let mut checked = 0;
        for algorithm in SigningAlgorithm::all() {
            for (i, &kl) in key_lens.iter().enumerate() {
                let ml = msg_lens[(i + checked) % msg_lens.len()];
                let sl = salt_lens[(i * 7 + checked) % salt_lens.len()];
                let key: Vec<u8> = (0..kl).map(|j| (j * 31 + 7) as u8).collect();
                let msg: Vec<u8> = (0..ml).map(|j| b'a' + (j % 26) as u8).collect();
                let salt: Vec<u8> = (0..sl).map(|j| b'A' + (j % 26) as u8).collect();
                let config = SignerConfig::new()
                    .with_salt(&salt)
                    .with_digest(algorithm.digest)
                    .with_key_derivation(algorithm.derivation);
                let token = Signer::new(key.as_slice(), &config).unwrap().sign(&msg);
                let token = String::from_utf8(token).unwrap();
                let c = Cracker::with_algorithms(&token, &config, [algorithm]).unwrap();
                assert_eq!(
                    c.try_key(&key),
                    Some(algorithm),
                    "{algorithm} key {kl} msg {ml} salt {sl}"
                );
                let mut wrong = key.clone();
                wrong.push(1); // not 0: HMAC pads keys with zeros
                assert_eq!(c.try_key(&wrong), None, "{algorithm} key {kl}");
                assert_eq!(c.try_key(b"definitely-not"), None);
                checked += 1;
            }
        }
        // Every message length with Flask's algorithm and key lengths.
        for ml in msg_lens {
            for kl in key_lens {
                let key: Vec<u8> = (0..kl).map(|j| (j * 13 + 1) as u8).collect();
                let msg = vec![b'x'; ml];
                let config = SignerConfig::flask_session();
                let token =
                    String::from_utf8(Signer::new(key.as_slice(), &config).unwrap().sign(&msg))
                        .unwrap();
                let c = Cracker::new(&token, &config).unwrap();
                assert_eq!(
                    c.try_key(&key),
                    Some(SigningAlgorithm::FLASK),
                    "key {kl} msg {ml}"
                );
                assert_eq!(c.try_key(b"nope"), None);
            }
        }
    }

    #[test]
    fn all_algorithms_names_the_one_that_signed() {
        for algorithm in SigningAlgorithm::all() {
            let config = SignerConfig::flask_session()
                .with_digest(algorithm.digest)
                .with_key_derivation(algorithm.derivation);
            let token = TimestampSigner::new("k3y", &config)
                .unwrap()
                .sign_at(b"v", 1_700_000_000)
                .unwrap();
            let c = Cracker::with_algorithms(
                &token,
                &SignerConfig::flask_session(),
                SigningAlgorithm::all(),
            )
            .unwrap();
            assert_eq!(c.algorithms().len(), 4);
            assert!(c.algorithms().iter().all(|a| a.digest == algorithm.digest));
            assert_eq!(c.try_key(b"k3y"), Some(algorithm));
            assert_eq!(c.try_key(b"k3y "), None);
        }
    }

    #[test]
    fn fallback_signers_are_tried() {
        let config = SignerConfig::flask_session().with_digest(Digest::Sha256);
        let token = TimestampSigner::new("k", &config)
            .unwrap()
            .sign_at(b"v", 1)
            .unwrap();
        let flask = SignerConfig::flask_session();
        assert!(matches!(
            Cracker::new(&token, &flask),
            Err(Error::InvalidConfig(_))
        ));
        let c = Cracker::new(
            &token,
            &flask.with_fallback_signer(Digest::Sha256, KeyDerivation::Hmac),
        )
        .unwrap();
        assert_eq!(
            c.try_key(b"k"),
            Some(SigningAlgorithm::new(Digest::Sha256, KeyDerivation::Hmac))
        );
        assert_eq!(c.sha1_compressions_per_candidate(), None);
    }

    #[test]
    fn malformed_tokens_are_errors_not_panics() {
        let flask = SignerConfig::flask_session();
        for (token, want) in [
            ("", Error::BadSignature(SignatureError::MissingSeparator)),
            (
                "no-separator",
                Error::BadSignature(SignatureError::MissingSeparator),
            ),
            (
                "a.b.!!!!",
                Error::BadSignature(SignatureError::MalformedSignature),
            ),
            (
                "a.b.A",
                Error::BadSignature(SignatureError::MalformedSignature),
            ),
        ] {
            assert_eq!(Cracker::new(token, &flask).unwrap_err(), want, "{token:?}");
        }
        // A valid base64 signature of a length no digest has.
        assert!(matches!(
            Cracker::new("a.b.AAAA", &flask),
            Err(Error::InvalidConfig(_))
        ));
        let long = "a".repeat(10_000);
        assert!(matches!(
            Cracker::new(&long, &flask),
            Err(Error::TooLarge { .. })
        ));
        let unsigned = flask.dangerous_with_no_signature();
        assert!(matches!(
            Cracker::new("a.b.", &unsigned),
            Err(Error::InvalidConfig(_))
        ));
    }

    #[test]
    fn compressions_per_candidate() {
        let config = SignerConfig::flask_session();
        let signer = TimestampSigner::new("k", &config).unwrap();
        // "value.ts" of 55 bytes fits one block; 56 needs two.
        let short = signer.sign_at(&[b'a'; 48], 1_700_000_000).unwrap();
        let long = signer.sign_at(&[b'a'; 49], 1_700_000_000).unwrap();
        assert_eq!(
            Cracker::new(&short, &config)
                .unwrap()
                .sha1_compressions_per_candidate(),
            Some(8)
        );
        assert_eq!(
            Cracker::new(&long, &config)
                .unwrap()
                .sha1_compressions_per_candidate(),
            Some(9)
        );
        let all = Cracker::with_algorithms(&short, &config, SigningAlgorithm::all()).unwrap();
        assert_eq!(all.sha1_compressions_per_candidate(), None);
    }

    #[test]
    fn outer_tail_is_sha1_padding() {
        let padded = padded_after_key_block(&[0u8; 20]);
        assert_eq!(padded.len(), 1);
        assert_eq!(&padded[0][20..], &OUTER_TAIL[20..]);
    }

    #[test]
    fn debug_does_not_leak_token_bytes() {
        let c = Cracker::new(
            "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck",
            &SignerConfig::flask_session(),
        )
        .unwrap();
        let s = format!("{c:?}");
        assert!(!s.contains("eyJ") && !s.contains("uUhu"), "{s}");
    }
}
