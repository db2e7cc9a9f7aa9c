//! Key material left on the stack after a signer is keyed, used, cloned and
//! dropped (SECURITY.md, "What errors reveal"): a best-effort probe.
//!
//! It wipes a region of the stack, runs the code under test in a frame below
//! this one, and then reads the same region back, looking for the secret,
//! the derived key and the HMAC midstates of both. Reading dead stack memory
//! is not something Rust defines, so this is a probe, not a proof; the
//! positive control shows that it does see what a function leaves behind.
#![allow(unsafe_code)] // reading dead stack memory is the point of the probe

use core::mem::MaybeUninit;
use flask_cookie::{Digest, KeyDerivation, SecretKey, Signer, SignerConfig};
use hmac::{Hmac, Mac};
use sha1::digest::generic_array::GenericArray;

const SCAN: usize = 128 * 1024;

/// Which needles are in the `SCAN` bytes below the caller's frame.
#[inline(never)]
fn scan(needles: &[(&str, Vec<u8>)]) -> Vec<String> {
    let mut buf = MaybeUninit::<[u8; SCAN]>::uninit();
    let p = buf.as_mut_ptr() as *const u8;
    // SAFETY: in bounds of `buf`; the bytes are uninitialised (dead stack),
    // read as plain bytes through a volatile read.
    let v: Vec<u8> = (0..SCAN)
        .map(|i| unsafe { core::ptr::read_volatile(p.add(i)) })
        .collect();
    std::hint::black_box(&mut buf);
    needles
        .iter()
        .filter(|(_, n)| v.windows(n.len()).any(|w| w == &n[..]))
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

/// Runs `f` a few KiB further down the stack, below where [`scan`]'s own
/// locals go, so they cannot overwrite what `f` left.
#[inline(never)]
fn below(f: impl FnOnce()) {
    let mut pad = [0u8; 4096];
    std::hint::black_box(&mut pad);
    f();
    std::hint::black_box(&mut pad);
}

#[inline(never)]
fn wipe() {
    let mut buf = [0u8; SCAN];
    std::hint::black_box(&mut buf);
}

type Block = GenericArray<u8, sha1::digest::consts::U64>;

/// The state of a 64-byte-block hash after one `key ^ pad` block, as the
/// words sit in memory.
fn midstate_of<const N: usize>(
    key: &[u8],
    pad: u8,
    mut state: [u32; N],
    compress: fn(&mut [u32; N], &[Block]),
) -> Vec<u8> {
    let mut block = [pad; 64];
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    compress(&mut state, &[GenericArray::clone_from_slice(&block)]);
    state.iter().flat_map(|x| x.to_ne_bytes()).collect()
}

/// SHA-1's, from its initial state.
fn midstate(key: &[u8], pad: u8) -> Vec<u8> {
    let iv = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    midstate_of(key, pad, iv, sha1::compress)
}

/// SHA-256's, from its initial state.
fn midstate256(key: &[u8], pad: u8) -> Vec<u8> {
    let iv = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    midstate_of(key, pad, iv, sha2::compress256)
}

fn needles(secret: &[u8], derivation: KeyDerivation) -> Vec<(&'static str, Vec<u8>)> {
    let derived = match derivation {
        KeyDerivation::Hmac => <Hmac<sha1::Sha1> as Mac>::new_from_slice(secret)
            .unwrap()
            .chain_update(b"cookie-session")
            .finalize()
            .into_bytes()
            .to_vec(),
        _ => secret.to_vec(),
    };
    vec![
        ("raw secret", secret.to_vec()),
        ("secret ipad midstate", midstate(secret, 0x36)),
        ("secret opad midstate", midstate(secret, 0x5c)),
        ("derived key", derived.clone()),
        ("derived ipad midstate", midstate(&derived, 0x36)),
        ("derived opad midstate", midstate(&derived, 0x5c)),
        ("derived^ipad as schedule words", {
            let mut b = [0x36u8; 64];
            for (x, k) in b.iter_mut().zip(&derived) {
                *x ^= k;
            }
            b.chunks(4)
                .flat_map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]).to_ne_bytes())
                .take(32)
                .collect()
        }),
    ]
}

#[inline(never)]
fn key_use_clone_and_drop(secret: &[u8], config: &SignerConfig) {
    let s = Signer::new(SecretKey::new(secret), config).unwrap();
    let t = s.sign(b"a message of more than one SHA-1 block: sixty-four bytes and more");
    std::hint::black_box(s.unsign(&t).is_ok());
    let c = s.clone();
    std::hint::black_box(&c);
    drop(c);
    drop(s);
}

/// Leaves four copies of `secret` in a local (the stack probes of `scan`'s
/// large frame write 8 zero bytes per 4 KiB page, which could hit one).
#[inline(never)]
fn leave_behind(secret: &[u8]) {
    let mut local = [0u8; 4 * 64];
    for copy in local.chunks_exact_mut(64) {
        copy[..32].copy_from_slice(&secret[..32]);
    }
    std::hint::black_box(&mut local);
}

fn secret(seed: u8) -> Vec<u8> {
    (0..32u8)
        .map(|i| i.wrapping_mul(37).wrapping_add(seed))
        .collect()
}

#[test]
fn the_probe_sees_what_a_function_leaves_behind() {
    let s = secret(0x11);
    let n = needles(&s, KeyDerivation::None);
    wipe();
    assert!(scan(&n).is_empty());
    below(|| leave_behind(&s));
    assert!(scan(&n).contains(&"raw secret".to_owned()));
}

#[test]
fn no_key_material_left_after_a_flask_signer() {
    let s = secret(0xa1);
    let n = needles(&s, KeyDerivation::Hmac);
    wipe();
    assert!(scan(&n).is_empty(), "present before keying");
    below(|| key_use_clone_and_drop(&s, &SignerConfig::flask_session()));
    assert_eq!(scan(&n), Vec::<String>::new());
}

#[test]
fn no_key_material_left_without_derivation() {
    let s = secret(0x3c);
    let n = needles(&s, KeyDerivation::None);
    wipe();
    assert!(scan(&n).is_empty(), "present before keying");
    let config = SignerConfig::flask_session().with_key_derivation(KeyDerivation::None);
    below(|| key_use_clone_and_drop(&s, &config));
    assert_eq!(scan(&n), Vec::<String>::new());
}

#[test]
fn no_key_material_left_with_sha256_and_django_concat() {
    use sha2::Digest as _;
    let s = secret(0x5d);
    // itsdangerous' django-concat: sha256(salt + b"signer" + key).
    let derived = sha2::Sha256::new()
        .chain_update(b"cookie-session")
        .chain_update(b"signer")
        .chain_update(&s)
        .finalize()
        .to_vec();
    let n = vec![
        ("raw secret", s.clone()),
        ("derived key", derived.clone()),
        ("derived ipad midstate", midstate256(&derived, 0x36)),
        ("derived opad midstate", midstate256(&derived, 0x5c)),
    ];
    wipe();
    assert!(scan(&n).is_empty(), "present before keying");
    let config = SignerConfig::flask_session()
        .with_digest(Digest::Sha256)
        .with_key_derivation(KeyDerivation::DjangoConcat);
    below(|| key_use_clone_and_drop(&s, &config));
    let found = scan(&n);
    if cfg!(debug_assertions) {
        // Debug builds only: each SHA-256 MAC leaves the outer (opad)
        // midstate, the input of its last compression, in the dead frame of
        // sha2's unoptimised SHA-NI code (keying alone leaves nothing since
        // the scrub covers 32 KiB). Release builds are clean.
        assert!(
            found.iter().all(|f| f == "derived opad midstate"),
            "{found:?}"
        );
    } else {
        assert_eq!(found, Vec::<String>::new());
    }
}
