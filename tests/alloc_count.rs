//! Allocation discipline, counted with a counting global allocator: no
//! allocation at all to verify a signature, and a small, stated number to
//! verify and decode a typical Flask session.

// A counting `GlobalAlloc` needs `unsafe impl`; the library forbids unsafe code.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use flask_cookie::{Session, SessionCodec, Signer, SignerConfig, TimestampSigner};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` (tests in this file run one at a time: see `main`).
fn count<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.load(Relaxed);
    let r = f();
    (ALLOCS.load(Relaxed) - before, r)
}

fn small_session() -> Session {
    let mut s = Session::new();
    s.insert("user_id", &42).unwrap();
    s.set_permanent(true);
    s.insert("csrf_token", "5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21a3b4c5d6")
        .unwrap();
    s
}

#[test]
fn allocation_counts() {
    // One test function so no other test allocates concurrently.
    let signer = Signer::new("secret-key", &SignerConfig::new()).unwrap();
    let token = signer.sign(b"some value");
    let (n, r) = count(|| signer.unsign(&token).map(|(v, _)| v.len()));
    assert_eq!(r.unwrap(), 10);
    assert_eq!(n, 0, "Signer::unsign allocates");

    let ts = TimestampSigner::new("secret-key", &SignerConfig::flask_session()).unwrap();
    let token = ts.sign_at(b"some value", 1_700_000_000).unwrap();
    let (n, r) = count(|| {
        ts.unsign_at(token.as_bytes(), Some(60), 1_700_000_030)
            .map(|t| t.signed_at)
    });
    assert_eq!(r.unwrap(), 1_700_000_000);
    assert_eq!(n, 0, "TimestampSigner::unsign_at allocates");
    // Signing allocates only the token it returns.
    let (n, _) = count(|| signer.sign(b"some value"));
    assert_eq!(n, 1, "Signer::sign allocates more than its output");
    let (n, _) = count(|| ts.sign_at(b"some value", 1_700_000_000).unwrap());
    assert_eq!(
        n, 1,
        "TimestampSigner::sign_at allocates more than its output"
    );
    let (n, _) = count(|| {
        signer
            .unsign(b"forged.AAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .unwrap_err()
    });
    assert_eq!(n, 0, "rejecting a bad signature allocates");

    // verify + decode of the small session (user id, _permanent, CSRF token):
    // the dict's entry vector and the CSRF token string. Keys are inline;
    // the base64/zlib buffers and the parser's stack are per-thread scratch.
    let codec = SessionCodec::flask("secret-key").unwrap();
    let cookie = codec.encode_at(&small_session(), 1_700_000_000).unwrap();
    let _warm = codec.decode_at(&cookie, 1_700_000_000).unwrap();
    let (n, d) = count(|| codec.decode_at(&cookie, 1_700_000_000).unwrap());
    assert_eq!(d.session.len(), 3);
    eprintln!("verify+decode of the small session: {n} allocations");
    assert!(
        n <= 2,
        "verify+decode of the small session made {n} allocations (stated budget: 2)"
    );

    let (n, c) = count(|| codec.encode_at(&d.session, 1_700_000_000).unwrap());
    assert_eq!(c, cookie);
    eprintln!("encode of the small session: {n} allocations");
    assert!(
        n <= 2,
        "encode of the small session made {n} allocations (stated budget: 2: JSON, token)"
    );

    // verify + decode of a cart of 100 items {"id": int, "sku": str}: one
    // allocation per container and per string, each of its final size
    // (lists and dicts are read into per-thread scratch and moved out when
    // they close, so the cart list is not regrown as it fills).
    let mut cart = Session::new();
    let items: Vec<flask_cookie::Value> = (0..100i64)
        .map(|i| {
            flask_cookie::Value::Dict(
                [
                    ("id".to_owned(), flask_cookie::Value::Int(i)),
                    (
                        "sku".to_owned(),
                        flask_cookie::Value::Str(format!("{i:012x}")),
                    ),
                ]
                .into(),
            )
        })
        .collect();
    cart.insert_value("cart", flask_cookie::Value::List(items));
    let cookie = codec.encode_at(&cart, 1_700_000_000).unwrap();
    let _warm = codec.decode_at(&cookie, 1_700_000_000).unwrap();
    let (n, d) = count(|| codec.decode_at(&cookie, 1_700_000_000).unwrap());
    assert_eq!(d.session, cart);
    eprintln!("verify+decode of a 100-item cart: {n} allocations");
    // The session dict, the list, and per item its dict and its string.
    assert!(
        n <= 202,
        "verify+decode of a 100-item cart made {n} allocations (stated budget: 202)"
    );
}
