//! `zlib.compress(data)` for short inputs, byte for byte, without zlib.
//!
//! A safe-Rust port of zlib's deflate (deflate.c, trees.c) restricted to the
//! one way Python's `zlib.compress(data)` uses it: level 6 (`deflate_slow`
//! with good 8, lazy 16, nice 128, chain 128), windowBits 15 (32 KiB window),
//! memLevel 8 (15-bit hash, shift 5, 16 KiB symbol buffer), the default
//! strategy, the zlib wrapper (header `78 9c`, big-endian Adler-32 trailer),
//! and a single `deflate(Z_FINISH)` call over the whole input.
//!
//! The port covers only inputs of at most [`MAX_INPUT`] bytes, where zlib's
//! behaviour is simple enough to reproduce exactly:
//!
//! * the whole input is read into the window by the first `fill_window`
//!   (it reads up to 64 KiB), so there is no window slide, no `MAX_DIST`
//!   limit on the hash chains (`strstart` < 32506) and `prev[]` never wraps;
//! * exactly one (final) block is emitted: zlib flushes a block early only
//!   when, inside the `deflate_slow` loop, the symbol buffer reaches
//!   `lit_bufsize - 1` = 16383 symbols. Every symbol consumes at least one
//!   input byte, and the symbol for the last input byte is always tallied
//!   after the loop (`if (s->match_available) _tr_tally_lit(...)`), unless
//!   it ends a match, which consumes at least 3 bytes. So with n <= 16383
//!   bytes at most n - 1 <= 16382 symbols are tallied inside the loop and the
//!   early flush cannot happen; at n = 16384 (all literals) it does.
//!
//! Longer inputs go to zlib itself (see `compress.rs`).
//!
//! How the port reads what zlib reads: zlib's `longest_match` compares up
//! to 258 bytes past `strstart`, beyond the end of the input, into window
//! bytes that are zero on first use (`WIN_INIT`) and stale after
//! `deflateReset`. The result never depends on them: `nice_match` is
//! clamped to the lookahead, so the first candidate that matches every
//! remaining input byte ends the search and the length is clamped to the
//! lookahead; shorter candidates mismatch inside the input. (When
//! `prev_length` already reaches past the input, the new match is at most
//! the lookahead, so never longer than the previous one, and is dropped.)
//! We zero-pad the window like a fresh zlib stream. zlib inserts every
//! position `p <= n - 3` into the hash chains exactly once, in order (the
//! main loop inserts `strstart` when `lookahead >= MIN_MATCH`; after a
//! match, `max_insert` stops at `n - 3`), so its rolling hash, which we keep
//! the same way, is always `((b0 << 10) ^ (b1 << 5) ^ b2) & 0x7fff` of the
//! three bytes at `p`: that is how the used head slots are found again.
//!
//! Speed: one state per thread, no allocation after warm-up, the 32768-entry
//! hash head table cleared in O(n) (only the slots this input set), and the
//! final length is computed from `opt_len`/`static_len`/`stored_len` before
//! any bit is written, so a result that will not be used is never emitted.
//! Where the port departs from zlib's code for speed (the heap entries carry
//! their sort keys, the bit-length scan walks runs instead of all 286 codes,
//! codes are assigned to the used symbols only) the comments say why it is
//! the same computation.
//!
//! No panics: every table is a power-of-two array indexed through [`Tab`] or
//! [`Arr`], which mask the index; the tables built at compile time index
//! plain arrays inside `const fn`s, where an out-of-bounds index would be a
//! compile error. Counters use wrapping arithmetic where zlib relies on C's.

use std::cell::Cell;
use std::ops::{Index, IndexMut};

/// The longest input compressed here (see the module docs for the bound).
pub(crate) const MAX_INPUT: usize = 16_383;

// deflate.c / deflate.h / zutil.h constants.
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const TOO_FAR: usize = 4096;
const W_SIZE: usize = 1 << 15;
const MIN_LOOKAHEAD: usize = MAX_MATCH + MIN_MATCH + 1;
const MAX_DIST: usize = W_SIZE - MIN_LOOKAHEAD;
const HASH_SIZE: usize = 1 << 15;
const HASH_MASK: usize = HASH_SIZE - 1;
const LIT_BUFSIZE: usize = 1 << (8 + 6);
/// `sym_end`: the block is flushed when this many symbols are buffered.
const SYM_END: usize = LIT_BUFSIZE - 1;

// configuration_table[6].
const GOOD_LENGTH: usize = 8;
const MAX_LAZY: usize = 16;
const NICE_LENGTH: usize = 128;
const MAX_CHAIN: u32 = 128;

// trees.c constants.
const LENGTH_CODES: usize = 29;
const LITERALS: usize = 256;
const L_CODES: usize = LITERALS + 1 + LENGTH_CODES;
const D_CODES: usize = 30;
const BL_CODES: usize = 19;
const HEAP_SIZE: usize = 2 * L_CODES + 1;
const MAX_BITS: u16 = 15;
const MAX_BL_BITS: u16 = 7;
const END_BLOCK: usize = 256;
const REP_3_6: usize = 16;
const REPZ_3_10: usize = 17;
const REPZ_11_138: usize = 18;

/// Window bytes: the input plus zero padding for the 258-byte match scan
/// (read 8 bytes at a time). 16383 + 272 fits in 32768.
const WINDOW: usize = 1 << 15;
const PAD: usize = MAX_MATCH + 14;
/// `prev[]` entries: inserted positions are at most `n - 3` <= 16381.
const PREV: usize = 1 << 14;
/// Tree arrays: `HEAP_SIZE` (573) nodes fit in 1024.
const TREE: usize = 1 << 10;

/// A boxed power-of-two array indexed modulo its length, so indexing can
/// never panic (and the bounds check compiles away).
struct Tab<T, const N: usize>(Box<[T; N]>);

impl<T: Copy, const N: usize> Tab<T, N> {
    const POW2: () = assert!(N.is_power_of_two());

    /// `None` only if `Vec` to `Box<[T; N]>` fails, which it cannot.
    fn new(fill: T) -> Option<Self> {
        let () = Self::POW2;
        let boxed: Box<[T; N]> = vec![fill; N].into_boxed_slice().try_into().ok()?;
        Some(Self(boxed))
    }
}

impl<T, const N: usize> Index<usize> for Tab<T, N> {
    type Output = T;
    #[inline(always)]
    #[allow(clippy::indexing_slicing)] // i & (N - 1) < N for every N >= 1.
    fn index(&self, i: usize) -> &T {
        &self.0[i & (N - 1)]
    }
}

impl<T, const N: usize> IndexMut<usize> for Tab<T, N> {
    #[inline(always)]
    #[allow(clippy::indexing_slicing)] // i & (N - 1) < N for every N >= 1.
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i & (N - 1)]
    }
}

impl<const N: usize> Tab<u8, N> {
    /// Eight bytes at `i`, little-endian (0 past the end, which the callers
    /// never reach: they read at most `n - 1 + 258 + 8` < `N`).
    #[inline(always)]
    fn load8(&self, i: usize) -> u64 {
        self.0
            .get(i..i.saturating_add(8))
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map_or(0, u64::from_le_bytes)
    }
}

/// An inline power-of-two array indexed modulo its length.
struct Arr<T, const N: usize>([T; N]);

impl<T, const N: usize> Index<usize> for Arr<T, N> {
    type Output = T;
    #[inline(always)]
    #[allow(clippy::indexing_slicing)] // i & (N - 1) < N for every N >= 1.
    fn index(&self, i: usize) -> &T {
        &self.0[i & (N - 1)]
    }
}

impl<T, const N: usize> IndexMut<usize> for Arr<T, N> {
    #[inline(always)]
    #[allow(clippy::indexing_slicing)] // i & (N - 1) < N for every N >= 1.
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i & (N - 1)]
    }
}

// ---------------------------------------------------------------------------
// Constant tables (trees.c: extra bits, bl_order; tr_static_init's
// _length_code, _dist_code, base_length, base_dist, static_ltree and
// static_dtree), built at compile time.

const EXTRA_LBITS_RAW: [u8; LENGTH_CODES] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const EXTRA_DBITS_RAW: [u8; D_CODES] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const EXTRA_BLBITS_RAW: [u8; BL_CODES] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BL_ORDER_RAW: [u8; BL_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Copies `src` into the front of a zeroed `[u8; 32]`.
const fn pad32(src: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < src.len() {
        #[allow(clippy::indexing_slicing)] // compile time: i < src.len() <= 32
        {
            out[i] = src[i];
        }
        i += 1;
    }
    out
}

static EXTRA_LBITS: Arr<u8, 32> = Arr(pad32(&EXTRA_LBITS_RAW));
static EXTRA_DBITS: Arr<u8, 32> = Arr(pad32(&EXTRA_DBITS_RAW));
static BL_ORDER: Arr<u8, 32> = Arr(pad32(&BL_ORDER_RAW));

/// `bi_reverse`: the low `len` bits of `code`, reversed (1 <= len <= 16).
const fn bi_reverse(code: u16, len: u16) -> u16 {
    let len = if len == 0 {
        1
    } else if len > 16 {
        16
    } else {
        len
    };
    code.reverse_bits() >> (16 - len)
}

/// `_length_code` and `base_length`.
#[allow(clippy::indexing_slicing)] // evaluated at compile time only
const fn length_tables() -> ([u8; 256], [u16; 32]) {
    let mut length_code = [0u8; 256];
    let mut base_length = [0u16; 32];
    let mut length = 0usize;
    let mut code = 0usize;
    while code < LENGTH_CODES - 1 {
        base_length[code] = length as u16;
        let mut n = 0;
        while n < (1 << EXTRA_LBITS_RAW[code]) {
            length_code[length] = code as u8;
            length += 1;
            n += 1;
        }
        code += 1;
    }
    // Length 258 (normalized 255) is code 285, not 284 + 5 extra bits.
    length_code[length - 1] = code as u8;
    (length_code, base_length)
}

/// `_dist_code` and `base_dist`.
#[allow(clippy::indexing_slicing)] // evaluated at compile time only
const fn dist_tables() -> ([u8; 512], [u16; 32]) {
    let mut dist_code = [0u8; 512];
    let mut base_dist = [0u16; 32];
    let mut dist = 0usize;
    let mut code = 0usize;
    while code < 16 {
        base_dist[code] = dist as u16;
        let mut n = 0;
        while n < (1 << EXTRA_DBITS_RAW[code]) {
            dist_code[dist] = code as u8;
            dist += 1;
            n += 1;
        }
        code += 1;
    }
    dist >>= 7;
    while code < D_CODES {
        base_dist[code] = (dist << 7) as u16;
        let mut n = 0;
        while n < (1 << (EXTRA_DBITS_RAW[code] - 7)) {
            dist_code[256 + dist] = code as u8;
            dist += 1;
            n += 1;
        }
        code += 1;
    }
    (dist_code, base_dist)
}

/// `static_ltree` (codes, lengths) for codes 0..=287, via `gen_codes`.
#[allow(clippy::indexing_slicing)] // evaluated at compile time only
const fn static_ltree() -> ([u16; 512], [u16; 512]) {
    let mut len = [0u16; 512];
    let mut bl_count = [0u16; 16];
    let mut n = 0;
    while n < 288 {
        let l = if n <= 143 {
            8
        } else if n <= 255 {
            9
        } else if n <= 279 {
            7
        } else {
            8
        };
        len[n] = l;
        bl_count[l as usize] += 1;
        n += 1;
    }
    let mut next_code = [0u16; 16];
    let mut code = 0u32;
    let mut bits = 1;
    while bits <= 15 {
        code = (code + bl_count[bits - 1] as u32) << 1;
        next_code[bits] = code as u16;
        bits += 1;
    }
    let mut codes = [0u16; 512];
    n = 0;
    while n < 288 {
        let l = len[n] as usize;
        codes[n] = bi_reverse(next_code[l], len[n]);
        next_code[l] += 1;
        n += 1;
    }
    (codes, len)
}

/// `static_dtree` codes (all lengths are 5).
#[allow(clippy::indexing_slicing)] // evaluated at compile time only
const fn static_dtree() -> [u16; 32] {
    let mut codes = [0u16; 32];
    let mut n = 0;
    while n < D_CODES {
        codes[n] = bi_reverse(n as u16, 5);
        n += 1;
    }
    codes
}

const LENGTH: ([u8; 256], [u16; 32]) = length_tables();
const DIST: ([u8; 512], [u16; 32]) = dist_tables();
const SLTREE: ([u16; 512], [u16; 512]) = static_ltree();
static LENGTH_CODE: Arr<u8, 256> = Arr(LENGTH.0);
static BASE_LENGTH: Arr<u16, 32> = Arr(LENGTH.1);
static DIST_CODE: Arr<u8, 512> = Arr(DIST.0);
static BASE_DIST: Arr<u16, 32> = Arr(DIST.1);
static STATIC_LCODE: Arr<u16, 512> = Arr(SLTREE.0);
static STATIC_DCODE: Arr<u16, 32> = Arr(static_dtree());
/// The static distance code lengths (`static_dtree[n].Len`).
static STATIC_DLEN: [u16; D_CODES] = [5; D_CODES];

/// `d_code`: the distance code of `dist` (the match distance minus one).
#[inline(always)]
fn d_code(dist: usize) -> usize {
    usize::from(if dist < 256 {
        DIST_CODE[dist]
    } else {
        DIST_CODE[256 + (dist >> 7)]
    })
}

// ---------------------------------------------------------------------------
// Test-only coverage counters: which zlib paths an input went through.

#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    /// A match found at `strstart` replaced the shorter one at
    /// `strstart - 1`, which became a literal (lazy evaluation).
    LazyReplace,
    /// No search because `prev_length >= max_lazy` (16).
    LazySkip,
    /// A length-3 match dropped because its distance exceeds `TOO_FAR`.
    TooFar,
    /// The chain was cut after `max_chain` (128) candidates.
    MaxChain,
    /// `prev_length >= good_length` (8) quartered the chain.
    GoodLength,
    /// The search stopped at `nice_length` (128).
    NiceLength,
    /// The search stopped at `nice_match` clamped to the lookahead.
    NiceClamped,
    /// A 258-byte match.
    MaxMatch,
    /// After a match near the end, `max_insert` skipped insertions.
    MaxInsert,
    /// `gen_bitlen` fixed a code longer than 15 bits (literal/length or
    /// distance tree).
    Overflow15,
    /// `gen_bitlen` fixed a bit-length code longer than 7 bits.
    Overflow7,
    /// `build_tree` forced a second code of frequency 1.
    ForcedCode,
    /// The block was stored.
    Stored,
    /// The block used the fixed trees.
    Fixed,
    /// The block used dynamic trees.
    Dynamic,
}

#[cfg(test)]
const PATHS: usize = 15;

#[cfg(test)]
thread_local! {
    static HITS: std::cell::Cell<[u32; PATHS]> = const { std::cell::Cell::new([0; PATHS]) };
}

#[cfg(test)]
fn hit(p: Path) {
    HITS.with(|h| {
        let mut a = h.get();
        if let Some(x) = a.get_mut(p as usize) {
            *x += 1;
        }
        h.set(a);
    });
}

/// Takes and resets this thread's path counters.
#[cfg(test)]
fn take_hits() -> [u32; PATHS] {
    HITS.with(|h| h.replace([0; PATHS]))
}

// ---------------------------------------------------------------------------
// Huffman trees (trees.c).

/// `ct_data[]` as two arrays, keeping zlib's unions: `fc` is Freq then Code
/// (gen_codes overwrites frequencies with codes), `dl` is Dad then Len
/// (gen_bitlen overwrites parents with lengths).
struct Tree {
    fc: Tab<u16, TREE>,
    dl: Tab<u16, TREE>,
    max_code: usize,
    /// The codes in the tree (non-zero frequency, or forced), ascending.
    used: Tab<u16, 512>,
    n_used: usize,
    /// Which codes have a non-zero frequency, kept by [`Tree::count`] so
    /// that `build_tree` need not scan all 286 frequencies for them.
    live: Arr<u64, 8>,
    /// `bl_count` as `gen_bitlen` left it for this tree: `gen_codes` runs
    /// only when the block is written (see [`Tree::gen_codes`]).
    bl_count: Arr<u16, 16>,
}

impl Tree {
    fn new() -> Option<Self> {
        Some(Self {
            fc: Tab::new(0)?,
            dl: Tab::new(0)?,
            max_code: 0,
            used: Tab::new(0)?,
            n_used: 0,
            live: Arr([0; 8]),
            bl_count: Arr([0; 16]),
        })
    }

    /// Adds `k` (at least 1) to the frequency of code `n`. Frequencies never
    /// wrap: a block holds at most 16383 symbols.
    #[inline(always)]
    fn count(&mut self, n: usize, k: u16) {
        self.fc[n] = self.fc[n].wrapping_add(k);
        self.live[n >> 6] |= 1 << (n & 63);
    }

    /// `gen_codes`, over the `bl_count` `gen_bitlen` left for this tree.
    /// zlib calls it at the end of `build_tree`; we call it only for a
    /// dynamic block about to be written, since nothing before reads the
    /// codes (they replace the frequencies, which `gen_bitlen` has used).
    fn gen_codes(&mut self) {
        let mut next_code = Arr([0u16; 16]);
        let mut code: u32 = 0;
        for bits in 1..=usize::from(MAX_BITS) {
            code = code.wrapping_add(u32::from(self.bl_count[bits - 1])) << 1;
            next_code[bits] = code as u16;
        }
        // Only the used codes, ascending: zlib's loop over 0..=max_code
        // skips the others (length 0).
        for i in 0..self.n_used {
            let n = usize::from(self.used[i]);
            let len = self.dl[n];
            let next = &mut next_code[usize::from(len)];
            self.fc[n] = bi_reverse(*next, len);
            *next = next.wrapping_add(1);
        }
    }

    /// `init_block` for this tree's first `elems` codes.
    fn clear(&mut self, elems: usize) {
        self.fc.0.iter_mut().take(elems).for_each(|f| *f = 0);
        self.live = Arr([0; 8]);
    }
}

/// `static_tree_desc`, with what `gen_bitlen` reads per code made into
/// tables indexed by the code.
struct Desc {
    /// The extra bits of each code (zlib's `extra_bits[n - extra_base]`,
    /// 0 below `extra_base`).
    xbits: Arr<u8, 512>,
    /// Each code's static length plus its extra bits (`stree[n].Len +
    /// xbits`), what one occurrence adds to `static_len`; all 0 for the
    /// bit-length tree, which has no static form (zlib skips `static_len`).
    static_bits: Arr<u8, 512>,
    elems: usize,
    max_length: u16,
}

/// [`Desc`]'s per-code tables for `elems` codes: extra bits from `extra`
/// (starting at code `base`) and, if the tree has a static form, the static
/// lengths `stree` plus the extra bits.
#[allow(clippy::indexing_slicing)] // evaluated at compile time only
const fn code_bits(
    elems: usize,
    extra: &[u8],
    base: usize,
    stree: Option<&[u16]>,
) -> ([u8; 512], [u8; 512]) {
    let mut xbits = [0u8; 512];
    let mut static_bits = [0u8; 512];
    let mut n = 0;
    while n < elems {
        if n >= base {
            xbits[n] = extra[n - base];
        }
        if let Some(stree) = stree {
            static_bits[n] = stree[n] as u8 + xbits[n];
        }
        n += 1;
    }
    (xbits, static_bits)
}

const L_BITS: ([u8; 512], [u8; 512]) =
    code_bits(L_CODES, &EXTRA_LBITS_RAW, LITERALS + 1, Some(&SLTREE.1));
const D_BITS: ([u8; 512], [u8; 512]) = code_bits(D_CODES, &EXTRA_DBITS_RAW, 0, Some(&STATIC_DLEN));
const BL_BITS: ([u8; 512], [u8; 512]) = code_bits(BL_CODES, &EXTRA_BLBITS_RAW, 0, None);

static L_DESC: Desc = Desc {
    xbits: Arr(L_BITS.0),
    static_bits: Arr(L_BITS.1),
    elems: L_CODES,
    max_length: MAX_BITS,
};
static D_DESC: Desc = Desc {
    xbits: Arr(D_BITS.0),
    static_bits: Arr(D_BITS.1),
    elems: D_CODES,
    max_length: MAX_BITS,
};
static BL_DESC: Desc = Desc {
    xbits: Arr(BL_BITS.0),
    static_bits: Arr(BL_BITS.1),
    elems: BL_CODES,
    max_length: MAX_BL_BITS,
};

// `build_tree` forces codes 0, 1 or 2 only, and zlib then subtracts just
// `stree[node].Len` from `static_len`: the same as `static_bits` because
// none of these codes has extra bits, in any tree.
const _: () = assert!(
    L_BITS.0[0] == 0
        && L_BITS.0[1] == 0
        && L_BITS.0[2] == 0
        && D_BITS.0[0] == 0
        && D_BITS.0[1] == 0
        && D_BITS.0[2] == 0
        && BL_BITS.0[0] == 0
        && BL_BITS.0[1] == 0
        && BL_BITS.0[2] == 0
);

/// The parts of `deflate_state` trees.c shares between the three trees.
struct Huff {
    /// `heap[]`, each entry carrying its sort key: `(Freq << 8 | depth) << 16
    /// | node`. zlib's `smaller(n, m)` (frequency, then depth, `<=`) is then
    /// `key(n) <= key(m)` on the bits above 16, without looking up the tree.
    heap: Tab<u64, TREE>,
    heap_len: usize,
    heap_max: usize,
    bl_count: Tab<u16, 16>,
    /// Bit lengths of the block with optimal and with static trees; `ulg`
    /// in zlib, which may go below zero and back (forced codes), hence the
    /// wrapping arithmetic.
    opt_len: u64,
    static_len: u64,
}

/// A heap entry for `node` with frequency `freq` and depth `depth`.
#[inline(always)]
fn entry(freq: u64, depth: u64, node: usize) -> u64 {
    ((freq & 0xffff) << 24) | ((depth & 0xff) << 16) | (node as u64 & 0xffff)
}

/// A heap entry that sorts after every real one (its key is out of range).
const NONE: u64 = u64::MAX;

/// The node of a heap entry.
#[inline(always)]
fn node_of(e: u64) -> usize {
    (e & 0xffff) as usize
}

/// `pqdownheap`, with zlib's early exit: sinks `v` from the hole at `k`
/// (zlib's `v = heap[k]`, passed in a register instead). Needs
/// `heap[heap_len + 1]` to be [`NONE`], which makes the right son of the
/// last node lose every comparison, so `j < heap_len` need not be tested.
#[inline(always)]
fn pqdownheap(heap: &mut Tab<u64, TREE>, heap_len: usize, mut k: usize, v: u64) {
    // key(a) <= key(b) is `a & KEY <= b`: the node bits of b cannot lift a
    // key past a greater one. v's key is masked once.
    const KEY: u64 = !0xffff;
    let v_key = v & KEY;
    let mut j = k << 1;
    while j <= heap_len {
        let (left, right) = (heap[j], heap[j + 1]);
        // zlib: the smaller son (the right one on a tie); stop if v is
        // smaller than or ties with it, else move the son up.
        let take_right = right & KEY <= left;
        let son = if take_right { right } else { left };
        if v_key <= son {
            break;
        }
        heap[k] = son;
        k = j + usize::from(take_right);
        j = k << 1;
    }
    heap[k] = v;
}

impl Huff {
    fn new() -> Option<Self> {
        Some(Self {
            heap: Tab::new(0)?,
            heap_len: 0,
            heap_max: 0,
            bl_count: Tab::new(0)?,
            opt_len: 0,
            static_len: 0,
        })
    }

    /// `gen_bitlen`, for the tree whose root is node `root`.
    ///
    /// zlib walks the heap from the root down, sorted by frequency, so that
    /// every father's length is known before its sons'. We walk the
    /// internal nodes down from the root by number (a father is always
    /// created after its sons, so numbered higher), then the leaves in
    /// `used`: the same lengths, the same overflow count, and the same sums
    /// (in another order), without reading the heap. Only the overflow fix
    /// below needs zlib's order, and takes it from the heap.
    ///
    /// zlib caps each length at `max_length` as it goes, counting the nodes
    /// it caps. A node's capped length is min(depth, max_length), and it is
    /// counted when its depth exceeds max_length; since the deepest nodes
    /// are leaves, there is something to cap only if a leaf's depth exceeds
    /// max_length. So the first pass takes the depths as they are, and a
    /// second, rare pass caps and counts when a leaf went too deep.
    #[inline(never)] // kept apart: fewer values live at once, fewer spills
    fn gen_bitlen(&mut self, tree: &mut Tree, desc: &Desc, root: usize) {
        let max_length = desc.max_length;
        tree.dl[root] = 0;
        let inner = desc.elems..root;
        for n in inner.clone().rev() {
            tree.dl[n] = tree.dl[usize::from(tree.dl[n])].wrapping_add(1);
        }
        let opt_len_before = self.opt_len;
        let (mut opt_len, mut static_len) = (opt_len_before, self.static_len);
        let mut bl_count = Arr([0u16; 16]);
        // The bitwise or of the leaves' depths: max_length + 1 is a power of
        // two (16 or 8), so it exceeds max_length if and only if a depth does.
        let mut depths = 0u16;
        let used = tree.used.0.get(..tree.n_used).unwrap_or_default();
        for &n in used {
            let n = usize::from(n);
            let bits = tree.dl[usize::from(tree.dl[n])].wrapping_add(1);
            tree.dl[n] = bits;
            depths |= bits;
            let b = usize::from(bits);
            bl_count[b] = bl_count[b].wrapping_add(1);
            let f = u64::from(tree.fc[n]);
            let xbits = u64::from(desc.xbits[n]);
            opt_len = opt_len.wrapping_add(f.wrapping_mul(u64::from(bits) + xbits));
            static_len = static_len.wrapping_add(f.wrapping_mul(u64::from(desc.static_bits[n])));
        }
        self.static_len = static_len;
        if depths <= max_length {
            self.opt_len = opt_len;
            *self.bl_count.0 = bl_count.0;
            return;
        }
        // Cap the lengths, count the capped nodes, and redo the sums that
        // depend on the lengths.
        let mut overflow: i32 = 0;
        for n in inner {
            if tree.dl[n] > max_length {
                tree.dl[n] = max_length;
                overflow += 1;
            }
        }
        let mut opt_len = opt_len_before;
        *self.bl_count.0 = [0; 16];
        for &n in used {
            let n = usize::from(n);
            if tree.dl[n] > max_length {
                tree.dl[n] = max_length;
                overflow += 1;
            }
            let bits = tree.dl[n];
            let b = usize::from(bits);
            self.bl_count[b] = self.bl_count[b].wrapping_add(1);
            let f = u64::from(tree.fc[n]);
            let xbits = u64::from(desc.xbits[n]);
            opt_len = opt_len.wrapping_add(f.wrapping_mul(u64::from(bits) + xbits));
        }
        self.opt_len = opt_len;
        #[cfg(test)]
        hit(if max_length == MAX_BITS {
            Path::Overflow15
        } else {
            Path::Overflow7
        });
        // Find the first bit length which could increase.
        let ml = usize::from(max_length);
        loop {
            let mut bits = ml - 1;
            while bits > 0 && self.bl_count[bits] == 0 {
                bits -= 1;
            }
            self.bl_count[bits] = self.bl_count[bits].wrapping_sub(1);
            self.bl_count[bits + 1] = self.bl_count[bits + 1].wrapping_add(2);
            self.bl_count[ml] = self.bl_count[ml].wrapping_sub(1);
            overflow -= 2;
            if overflow <= 0 {
                break;
            }
        }
        // Recompute all bit lengths, scanning in increasing frequency.
        let max_code = tree.max_code;
        let mut h = HEAP_SIZE;
        for bits in (1..=max_length).rev() {
            let mut n = self.bl_count[usize::from(bits)];
            while n != 0 {
                if h <= self.heap_max {
                    return; // cannot happen: the counts match the leaves
                }
                h -= 1;
                let m = node_of(self.heap[h]);
                if m > max_code {
                    continue;
                }
                let len = tree.dl[m];
                if len != bits {
                    let delta = u64::from(bits).wrapping_sub(u64::from(len));
                    self.opt_len = self
                        .opt_len
                        .wrapping_add(delta.wrapping_mul(u64::from(tree.fc[m])));
                    tree.dl[m] = bits;
                }
                n -= 1;
            }
        }
    }

    /// `build_tree`.
    fn build_tree(&mut self, tree: &mut Tree, desc: &Desc) {
        let elems = desc.elems;
        let mut max_code: isize = -1;
        self.heap_len = 0;
        self.heap_max = HEAP_SIZE;
        // zlib visits every code: used ones go on the heap (depth 0), the
        // others get Len 0. A used leaf's Len (its Dad) is written when it is
        // merged, before anything reads it, so zeroing all is the same.
        tree.dl.0.iter_mut().take(elems).for_each(|d| *d = 0);
        // The used codes, ascending, from the bitmap `count` kept.
        for (w, &word) in tree.live.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let n = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.heap_len += 1;
                self.heap[self.heap_len] = entry(u64::from(tree.fc[n]), 0, n);
                max_code = n as isize;
            }
        }
        // The pkzip format requires at least one distance code and at least
        // one bit per code: force at least two codes of non-zero frequency.
        while self.heap_len < 2 {
            #[cfg(test)]
            hit(Path::ForcedCode);
            let node = if max_code < 2 {
                max_code += 1;
                max_code as usize
            } else {
                0
            };
            self.heap_len += 1;
            self.heap[self.heap_len] = entry(1, 0, node);
            tree.fc[node] = 1;
            self.opt_len = self.opt_len.wrapping_sub(1);
            self.static_len = self
                .static_len
                .wrapping_sub(u64::from(desc.static_bits[node]));
        }
        tree.max_code = max_code.max(0) as usize;
        // The leaves, ascending (a forced code 0 comes last in the heap).
        tree.n_used = self.heap_len;
        for i in 0..self.heap_len {
            tree.used[i] = node_of(self.heap[i + 1]) as u16;
        }
        if self.heap_len == 2 && tree.used[0] > tree.used[1] {
            (tree.used[0], tree.used[1]) = (tree.used[1], tree.used[0]);
        }
        // heap[heap_len + 1] is free: heap_len + 1 < heap_max throughout,
        // since at most 286 leaves take 2 * 286 - 1 < HEAP_SIZE slots.
        let heap = &mut self.heap;
        let mut heap_len = self.heap_len;
        let mut heap_max = HEAP_SIZE;
        heap[heap_len + 1] = NONE;
        for n in (1..=heap_len / 2).rev() {
            pqdownheap(heap, heap_len, n, heap[n]);
        }
        // Combine the two least frequent nodes until one is left.
        let mut node = elems;
        loop {
            // pqremove: the last entry moves to the root and sinks.
            let top = heap[1];
            let last = heap[heap_len];
            heap[heap_len] = NONE;
            heap_len -= 1;
            pqdownheap(heap, heap_len, 1, last);
            let next = heap[1];

            // Keep the nodes sorted by frequency.
            heap_max -= 2;
            heap[heap_max + 1] = top;
            heap[heap_max] = next;
            tree.dl[node_of(top)] = node as u16;
            tree.dl[node_of(next)] = node as u16;

            // A new node, father of both, with the summed frequency and the
            // greater depth plus one (ush and uch arithmetic, as in zlib),
            // replaces the root and sinks.
            const FREQ: u64 = 0xffff << 24;
            const DEPTH: u64 = 0xff << 16;
            let freq = (top & FREQ).wrapping_add(next & FREQ) & FREQ;
            let depth = ((top & DEPTH).max(next & DEPTH) + (1 << 16)) & DEPTH;
            pqdownheap(heap, heap_len, 1, freq | depth | node as u64);
            node += 1;
            if heap_len < 2 {
                break;
            }
        }
        heap_max -= 1;
        heap[heap_max] = heap[1];
        (self.heap_len, self.heap_max) = (heap_len, heap_max);
        self.gen_bitlen(tree, desc, node - 1);
        tree.bl_count = Arr(*self.bl_count.0);
    }
}

/// The runs of equal code lengths in `tree`'s lengths `0..=max_code`, in
/// order: calls `run(len, count)` for each (`count` >= 1). Runs are
/// maximal, so each run's length differs from the one before. They come
/// from the used codes (every other length is 0), so this visits
/// O(used codes), not 286.
#[inline(always)]
fn for_each_run(tree: &Tree, mut run: impl FnMut(u16, usize)) {
    // The current run: its length value and how many codes it spans.
    let (mut value, mut span) = (0u16, 0usize);
    let mut next = 0usize; // first code not yet in a run
    for i in 0..tree.n_used {
        let code = usize::from(tree.used[i]);
        let len = tree.dl[code];
        if code > next {
            // Unused codes next..code have length 0.
            if span > 0 && value == 0 {
                span += code - next;
            } else {
                if span > 0 {
                    run(value, span);
                }
                (value, span) = (0, code - next);
            }
        }
        if span > 0 && value == len {
            span += 1;
        } else {
            if span > 0 {
                run(value, span);
            }
            (value, span) = (len, 1);
        }
        next = code + 1;
    }
    if span > 0 {
        run(value, span);
    }
}

/// The repeat-count loop shared by zlib's `scan_tree` and `send_tree`, over
/// runs instead of codes: calls `chunk(len, count, prevlen, min_count)` for
/// each group of `count` equal code lengths it closes, exactly as zlib's
/// loop over `0..=max_code` does.
///
/// zlib's loop closes a group when the length changes or the count reaches
/// `max_count`. At the start of every run of equal lengths `v` its state is
/// `(max_count, min_count)` = (138, 3) if `v` is 0, else (7, 4) (the first
/// code sets it that way, and a change of length to `v` sets it the same);
/// inside a run, after a full group, it is (138, 3) for zeros and (6, 3)
/// otherwise.
fn for_each_group(tree: &Tree, mut chunk: impl FnMut(u16, u16, i32, u16)) {
    let mut prevlen: i32 = -1;
    for_each_run(tree, |v, mut r| {
        let (mut max_count, mut min_count) = if v == 0 { (138, 3) } else { (7, 4) };
        while r > 0 {
            let count = r.min(max_count);
            chunk(v, count as u16, prevlen, min_count as u16);
            prevlen = i32::from(v);
            r -= count;
            if v != 0 {
                (max_count, min_count) = (6, 3);
            }
        }
    });
}

/// `scan_tree`: the bit-length code frequencies for `tree` go into `bl`.
///
/// What zlib's loop (see [`for_each_group`]) counts for each run, in
/// closed form: a run of `r` zeros is cut into groups of 138 and a rest;
/// each group of 11 or more is one `REPZ_11_138`, of 3 to 10 one
/// `REPZ_3_10`, and fewer zeros are sent one by one. A run of `r < 4`
/// equal non-zero lengths is sent one by one; a longer one sends its length
/// once (the run before has another length, so `curlen != prevlen`) and a
/// `REP_3_6` for its first group of up to 7, then groups of up to 6 repeats:
/// 3 to 6 are one `REP_3_6`, fewer are sent one by one.
fn scan_tree(tree: &Tree, bl: &mut Tree) {
    for_each_run(tree, |v, r| {
        let value = usize::from(v);
        if v == 0 {
            let (full, rest) = (r / 138, r % 138);
            if full > 0 {
                bl.count(REPZ_11_138, full as u16);
            }
            if rest >= 11 {
                bl.count(REPZ_11_138, 1);
            } else if rest >= 3 {
                bl.count(REPZ_3_10, 1);
            } else if rest > 0 {
                bl.count(value, rest as u16);
            }
        } else if r < 4 {
            bl.count(value, r as u16);
        } else {
            bl.count(value, 1);
            let after = r - r.min(7);
            let (full, rest) = (after / 6, after % 6);
            bl.count(REP_3_6, 1 + full as u16 + u16::from(rest >= 3));
            if rest > 0 && rest < 3 {
                bl.count(value, rest as u16);
            }
        }
    });
}

/// `send_tree`: `tree`'s code lengths in compressed form, with `bl`'s codes.
fn send_tree(w: &mut Bits<'_>, tree: &Tree, bl: &Tree) {
    let send = |w: &mut Bits<'_>, c: usize| w.put(u32::from(bl.fc[c]), u32::from(bl.dl[c]));
    for_each_group(tree, |curlen, mut count, prevlen, min_count| {
        if count < min_count {
            for _ in 0..count {
                send(w, usize::from(curlen));
            }
        } else if curlen != 0 {
            if i32::from(curlen) != prevlen {
                send(w, usize::from(curlen));
                count -= 1;
            }
            send(w, REP_3_6);
            w.put(u32::from(count.wrapping_sub(3)) & 3, 2);
        } else if count <= 10 {
            send(w, REPZ_3_10);
            w.put(u32::from(count.wrapping_sub(3)) & 7, 3);
        } else {
            send(w, REPZ_11_138);
            w.put(u32::from(count.wrapping_sub(11)) & 127, 7);
        }
    });
}

/// `build_bl_tree`: the bit-length tree for the two trees; returns
/// `max_blindex`, the index in `bl_order` of the last code to send.
fn build_bl_tree(huff: &mut Huff, ltree: &mut Tree, dtree: &mut Tree, bl: &mut Tree) -> usize {
    scan_tree(ltree, bl);
    scan_tree(dtree, bl);
    huff.build_tree(bl, &BL_DESC);
    // At least 4 bit-length codes are sent.
    let mut max_blindex = BL_CODES - 1;
    while max_blindex >= 3 {
        if bl.dl[usize::from(BL_ORDER[max_blindex])] != 0 {
            break;
        }
        max_blindex -= 1;
    }
    huff.opt_len = huff
        .opt_len
        .wrapping_add(3 * (max_blindex as u64 + 1) + 5 + 5 + 4);
    max_blindex
}

// ---------------------------------------------------------------------------
// Output.

/// LSB-first bit writer. zlib keeps 16 bits in `bi_buf`; the bit stream, and
/// so every byte, is the same with a wider buffer.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    buf: u64,
    n: u32,
}

impl Bits<'_> {
    /// Appends the low `len` bits of `value` (`value < 1 << len`, len <= 32).
    #[inline(always)]
    fn put(&mut self, value: u32, len: u32) {
        self.buf |= u64::from(value) << self.n;
        self.n += len;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.buf as u32).to_le_bytes());
            self.buf >>= 32;
            self.n -= 32;
        }
    }

    /// `bi_windup`: pads to a byte boundary and writes the pending bytes.
    fn windup(&mut self) {
        while self.n > 0 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.n = self.n.saturating_sub(8);
        }
        self.buf = 0;
    }
}

/// `adler32(1, data)`, 16 bytes a step in independent lanes (the
/// compiler vectorizes the inner loop; zlib 1.2.13's byte-serial loop was
/// 4.6% of decoding a 4 KB cookie).
///
/// Over a run of `k` 16-byte blocks, with `s[i]` the sum of the bytes in
/// lane `i` and `p[i]` the sum of `s[i]` before each block, the serial
/// loop's sums grow by `a' = a + sum(s)` and
/// `b' = b + 16 * k * a + 16 * sum(p) + sum((16 - i) * s[i])`.
/// Runs are at most 4096 blocks, so every lane stays below 2^32
/// (`p[i] <= 255 * 4096 * 4095 / 2`).
pub(crate) fn adler32(data: &[u8]) -> u32 {
    const BASE: u64 = 65521;
    const RUN: usize = 16 * 4096;
    let (mut a, mut b) = (1u64, 0u64);
    for run in data.chunks(RUN) {
        let mut blocks = run.chunks_exact(16);
        let (mut s, mut p) = ([0u32; 16], [0u32; 16]);
        let mut k = 0u64;
        for block in &mut blocks {
            for ((s, p), &x) in s.iter_mut().zip(&mut p).zip(block) {
                *p += *s;
                *s += u32::from(x);
            }
            k += 1;
        }
        let mut weighted = 0u64;
        let mut sum = 0u64;
        let mut prior = 0u64;
        for (w, (&s, &p)) in (1..=16u64).rev().zip(s.iter().zip(&p)) {
            weighted += w * u64::from(s);
            sum += u64::from(s);
            prior += u64::from(p);
        }
        b = (b + 16 * k * a + 16 * prior + weighted) % BASE;
        a = (a + sum) % BASE;
        for &x in blocks.remainder() {
            a += u64::from(x);
            b += a;
        }
        a %= BASE;
        b %= BASE;
    }
    ((b as u32) << 16) | a as u32
}

/// The block types `_tr_flush_block` chooses from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Stored,
    Fixed,
    Dynamic,
}

// ---------------------------------------------------------------------------
// The compressor.

/// One thread's deflate state: what `deflate_state` holds for level 6.
struct State {
    /// The input, then zeros (`PAD` bytes past the end are zeroed per call).
    window: Tab<u8, WINDOW>,
    /// Hash chain heads; 0 (NIL) everywhere between calls.
    head: Tab<u16, HASH_SIZE>,
    /// `prev[pos]`: the previous position with the same hash. Written
    /// before it is read for every inserted position, so never cleared.
    /// (Inserted positions are at most `n - 3` <= 16381.)
    prev: Tab<u16, PREV>,
    /// The symbol buffer: `dist << 8 | lc` (dist 0 for a literal).
    syms: Tab<u32, LIT_BUFSIZE>,
    sym_next: usize,
    ltree: Tree,
    dtree: Tree,
    bltree: Tree,
    huff: Huff,
}

/// Length of the common prefix of the strings at `a` and `b`, at most 258.
#[inline(always)]
fn match_len(window: &Tab<u8, WINDOW>, a: usize, b: usize) -> usize {
    let mut len = 0;
    while len < MAX_MATCH {
        let x = window.load8(a + len) ^ window.load8(b + len);
        if x != 0 {
            return (len + (x.trailing_zeros() / 8) as usize).min(MAX_MATCH);
        }
        len += 8;
    }
    MAX_MATCH
}

impl State {
    fn new() -> Option<Self> {
        Some(Self {
            window: Tab::new(0)?,
            head: Tab::new(0)?,
            prev: Tab::new(0)?,
            syms: Tab::new(0)?,
            sym_next: 0,
            ltree: Tree::new()?,
            dtree: Tree::new()?,
            bltree: Tree::new()?,
            huff: Huff::new()?,
        })
    }

    /// [`deflate_slow`] over this state's tables.
    #[inline(always)]
    fn deflate_slow(&mut self, n: usize) -> Option<usize> {
        deflate_slow(
            &self.window,
            &mut self.head,
            &mut self.prev,
            &mut self.syms,
            &mut self.ltree,
            &mut self.dtree,
            n,
        )
    }

    /// `init_block`.
    fn init_block(&mut self) {
        self.ltree.clear(L_CODES);
        self.dtree.clear(D_CODES);
        self.bltree.clear(BL_CODES);
        self.ltree.count(END_BLOCK, 1);
        self.huff.opt_len = 0;
        self.huff.static_len = 0;
        self.sym_next = 0;
    }

    /// The whole call: see [`compress_if_shorter`]. `None` if this input is
    /// not one the port handles.
    fn compress(&mut self, data: &[u8], limit: usize, out: &mut Vec<u8>) -> Option<bool> {
        let n = data.len();
        if n > MAX_INPUT {
            return None;
        }
        // fill_window: read the input, zero WIN_INIT (and our 8-byte
        // overread) past it.
        let mut rest = self.window.0.iter_mut();
        rest.by_ref().zip(data).for_each(|(w, &b)| *w = b);
        rest.take(PAD).for_each(|w| *w = 0);
        self.init_block();
        let symbols = self.deflate_slow(n);
        clear_heads(&self.window, &mut self.head, n);
        self.sym_next = symbols?;

        // _tr_flush_block(s, buf, stored_len = n, last = 1), lengths first.
        let Self {
            ltree,
            dtree,
            bltree,
            huff,
            ..
        } = self;
        huff.build_tree(ltree, &L_DESC);
        huff.build_tree(dtree, &D_DESC);
        let max_blindex = build_bl_tree(huff, ltree, dtree, bltree);
        let mut opt_lenb = (huff.opt_len.wrapping_add(3 + 7) >> 3) as usize;
        let static_lenb = (huff.static_len.wrapping_add(3 + 7) >> 3) as usize;
        if static_lenb <= opt_lenb {
            opt_lenb = static_lenb;
        }
        let (block, block_len) = if n + 4 <= opt_lenb {
            // 3 header bits padded to a byte, LEN, NLEN, the bytes.
            (Block::Stored, n + 5)
        } else if static_lenb == opt_lenb {
            (Block::Fixed, static_lenb)
        } else {
            (Block::Dynamic, opt_lenb)
        };
        #[cfg(test)]
        match block {
            Block::Stored => hit(Path::Stored),
            Block::Fixed => hit(Path::Fixed),
            Block::Dynamic => hit(Path::Dynamic),
        }
        // zlib header, the block, Adler-32.
        let total = 2 + block_len + 4;
        if total >= limit {
            return Some(false);
        }
        out.reserve(total);
        out.extend_from_slice(&[0x78, 0x9c]);
        let mut w = Bits { out, buf: 0, n: 0 };
        match block {
            Block::Stored => {
                w.put(1, 3); // STORED_BLOCK << 1 | last
                w.windup();
                let len = n as u16;
                w.out.extend_from_slice(&len.to_le_bytes());
                w.out.extend_from_slice(&(!len).to_le_bytes());
                w.out.extend_from_slice(data);
            }
            Block::Fixed => {
                w.put(3, 3); // STATIC_TREES << 1 | last
                for c in 0..L_CODES {
                    ltree.fc[c] = STATIC_LCODE[c];
                    ltree.dl[c] = SLTREE_LEN[c];
                }
                for c in 0..D_CODES {
                    dtree.fc[c] = STATIC_DCODE[c];
                    dtree.dl[c] = 5;
                }
                compress_block(&mut w, &self.syms, self.sym_next, ltree, dtree);
                w.windup();
            }
            Block::Dynamic => {
                w.put(5, 3); // DYN_TREES << 1 | last
                ltree.gen_codes();
                dtree.gen_codes();
                bltree.gen_codes();
                let lcodes = ltree.max_code + 1;
                let dcodes = dtree.max_code + 1;
                let blcodes = max_blindex + 1;
                w.put((lcodes as u32).wrapping_sub(257) & 31, 5);
                w.put((dcodes as u32).wrapping_sub(1) & 31, 5);
                w.put((blcodes as u32).wrapping_sub(4) & 15, 4);
                for rank in 0..blcodes {
                    w.put(u32::from(bltree.dl[usize::from(BL_ORDER[rank])]) & 7, 3);
                }
                send_tree(&mut w, ltree, bltree);
                send_tree(&mut w, dtree, bltree);
                compress_block(&mut w, &self.syms, self.sym_next, ltree, dtree);
                w.windup();
            }
        }
        w.out.extend_from_slice(&adler32(data).to_be_bytes());
        Some(true)
    }
}

/// `longest_match`: returns (length, match_start).
#[inline(always)]
fn longest_match(
    window: &Tab<u8, WINDOW>,
    prev: &Tab<u16, PREV>,
    mut cur_match: usize,
    strstart: usize,
    lookahead: usize,
    prev_length: usize,
    mut match_start: usize,
) -> (usize, usize) {
    let mut chain_length = MAX_CHAIN;
    let mut best_len = prev_length;
    let mut nice_match = NICE_LENGTH;
    let limit = strstart.saturating_sub(MAX_DIST);
    if prev_length >= GOOD_LENGTH {
        #[cfg(test)]
        hit(Path::GoodLength);
        chain_length >>= 2;
    }
    if nice_match > lookahead {
        nice_match = lookahead;
    }
    let scan = strstart;
    let (scan0, scan1) = (window[scan], window[scan + 1]);
    let mut scan_end1 = window[scan + best_len - 1];
    let mut scan_end = window[scan + best_len];
    loop {
        let m = cur_match;
        if window[m + best_len] == scan_end
            && window[m + best_len - 1] == scan_end1
            && window[m] == scan0
            && window[m + 1] == scan1
        {
            let len = match_len(window, scan, m);
            #[cfg(test)]
            if len == MAX_MATCH {
                hit(Path::MaxMatch);
            }
            if len > best_len {
                match_start = cur_match;
                best_len = len;
                if len >= nice_match {
                    #[cfg(test)]
                    if nice_match == NICE_LENGTH {
                        hit(Path::NiceLength);
                    } else {
                        hit(Path::NiceClamped);
                    }
                    break;
                }
                scan_end1 = window[scan + best_len - 1];
                scan_end = window[scan + best_len];
            }
        }
        cur_match = usize::from(prev[cur_match]);
        if cur_match <= limit {
            break;
        }
        chain_length -= 1;
        if chain_length == 0 {
            #[cfg(test)]
            hit(Path::MaxChain);
            break;
        }
    }
    (best_len.min(lookahead), match_start)
}

/// Restores the all-NIL head table after [`deflate_slow`] over `n` bytes:
/// only positions 0..=n-3 were inserted, at the slots of their hashes.
/// (Each hash is computed from its three bytes rather than rolled forward:
/// the rolled hash is a chain of dependent steps, slower on long inputs.
/// A function of the two tables, like `deflate_slow`, so that their
/// addresses stay in registers.)
fn clear_heads(window: &Tab<u8, WINDOW>, head: &mut Tab<u16, HASH_SIZE>, n: usize) {
    for p in 0..n.saturating_sub(2) {
        let h = (usize::from(window[p]) << 10)
            ^ (usize::from(window[p + 1]) << 5)
            ^ usize::from(window[p + 2]);
        head[h & HASH_MASK] = 0;
    }
}

/// `_tr_tally`: appends `sym` (`dist << 8 | lc`, dist 0 for a literal) to
/// the symbol buffer. (zlib then tests whether the buffer is full;
/// [`deflate_slow`] tests that once, at the end.)
#[inline(always)]
fn tally(syms: &mut Tab<u32, LIT_BUFSIZE>, sym_next: &mut usize, sym: u32) {
    syms[*sym_next] = sym;
    *sym_next += 1;
}

/// `deflate_slow` over the first `n` bytes of the window with `Z_FINISH`:
/// fills `syms` and the two trees' frequencies, and returns the number of
/// symbols, or `None` if zlib would have flushed a block before the end
/// (never for `n <= MAX_INPUT`, see the module docs).
///
/// A function of the state's parts rather than a method: they are then
/// known not to overlap, so their addresses stay in registers.
fn deflate_slow(
    window: &Tab<u8, WINDOW>,
    head: &mut Tab<u16, HASH_SIZE>,
    prev: &mut Tab<u16, PREV>,
    syms: &mut Tab<u32, LIT_BUFSIZE>,
    ltree: &mut Tree,
    dtree: &mut Tree,
    n: usize,
) -> Option<usize> {
    let mut sym_next = 0usize;
    let mut strstart = 0usize;
    let mut lookahead = n;
    let mut match_length = MIN_MATCH - 1;
    let mut match_start = 0usize;
    let mut match_available = false;
    // zlib's rolling hash: after UPDATE_HASH with window[p + 2], ins_h
    // is the hash of the three bytes at p. Every p <= n - 3 is inserted
    // once, in order, so it stays in step.
    let mut ins_h = (usize::from(window[0]) << 5) ^ usize::from(window[1]);
    while lookahead != 0 {
        // INSERT_STRING(s, s->strstart, hash_head)
        let mut hash_head = 0usize;
        if lookahead >= MIN_MATCH {
            ins_h = ((ins_h << 5) ^ usize::from(window[strstart + 2])) & HASH_MASK;
            hash_head = usize::from(head[ins_h]);
            prev[strstart] = head[ins_h];
            head[ins_h] = strstart as u16;
        }
        let prev_length = match_length;
        let prev_match = match_start;
        match_length = MIN_MATCH - 1;

        if hash_head != 0 {
            if prev_length >= MAX_LAZY {
                #[cfg(test)]
                hit(Path::LazySkip);
            } else if strstart.wrapping_sub(hash_head) <= MAX_DIST {
                (match_length, match_start) = longest_match(
                    window,
                    prev,
                    hash_head,
                    strstart,
                    lookahead,
                    prev_length,
                    match_start,
                );
                if match_length == MIN_MATCH && strstart - match_start > TOO_FAR {
                    #[cfg(test)]
                    hit(Path::TooFar);
                    match_length = MIN_MATCH - 1;
                }
            }
        }
        if prev_length >= MIN_MATCH && match_length <= prev_length {
            // Output the previous match: `dist` is the distance, `lc` the
            // length - 3.
            let max_insert = (strstart + lookahead).saturating_sub(MIN_MATCH);
            let dist = strstart.wrapping_sub(1).wrapping_sub(prev_match);
            let lc = prev_length - MIN_MATCH;
            tally(
                syms,
                &mut sym_next,
                ((dist as u32) << 8) | (lc as u32 & 0xff),
            );
            ltree.count(usize::from(LENGTH_CODE[lc]) + LITERALS + 1, 1);
            dtree.count(d_code(dist.wrapping_sub(1)), 1);
            lookahead = lookahead.saturating_sub(prev_length - 1);
            // Insert strstart + 1 ..= strstart + prev_length - 2, but not
            // past max_insert.
            let last = strstart + prev_length - 2;
            #[cfg(test)]
            if last > max_insert {
                hit(Path::MaxInsert);
            }
            for p in strstart + 1..=last.min(max_insert) {
                ins_h = ((ins_h << 5) ^ usize::from(window[p + 2])) & HASH_MASK;
                prev[p] = head[ins_h];
                head[ins_h] = p as u16;
            }
            strstart = last + 1;
            match_available = false;
            match_length = MIN_MATCH - 1;
        } else if match_available {
            // No better match here: the previous byte is a literal. (If
            // there was a shorter match at strstart - 1, it is dropped.)
            #[cfg(test)]
            if prev_length >= MIN_MATCH {
                hit(Path::LazyReplace);
            }
            let c = window[strstart - 1];
            tally(syms, &mut sym_next, u32::from(c));
            ltree.count(usize::from(c), 1);
            strstart += 1;
            lookahead -= 1;
        } else {
            match_available = true;
            strstart += 1;
            lookahead -= 1;
        }
    }
    // zlib flushes a block as soon as a tally in the loop fills the
    // buffer. Each tally adds one symbol, so that happened if and only
    // if the loop's tallies reached SYM_END. (Never for n <= MAX_INPUT,
    // see the module docs; going on past it is harmless, as `syms` is
    // indexed modulo its length.)
    if sym_next >= SYM_END {
        return None;
    }
    if match_available {
        // Tallied after the loop: zlib never flushes early for it.
        let c = window[strstart.wrapping_sub(1)];
        tally(syms, &mut sym_next, u32::from(c));
        ltree.count(usize::from(c), 1);
    }
    Some(sym_next)
}

static SLTREE_LEN: Arr<u16, 512> = Arr(SLTREE.1);

/// `compress_block`: the buffered symbols with the trees' codes.
fn compress_block(
    w: &mut Bits<'_>,
    syms: &Tab<u32, LIT_BUFSIZE>,
    count: usize,
    ltree: &Tree,
    dtree: &Tree,
) {
    for i in 0..count {
        let sym = syms[i];
        let dist = (sym >> 8) as usize;
        let lc = (sym & 0xff) as usize;
        if dist == 0 {
            w.put(u32::from(ltree.fc[lc]), u32::from(ltree.dl[lc]));
        } else {
            let code = usize::from(LENGTH_CODE[lc]);
            let sym = code + LITERALS + 1;
            w.put(u32::from(ltree.fc[sym]), u32::from(ltree.dl[sym]));
            let extra = u32::from(EXTRA_LBITS[code]);
            if extra != 0 {
                w.put(
                    (lc as u32).wrapping_sub(u32::from(BASE_LENGTH[code])),
                    extra,
                );
            }
            let dist = dist - 1;
            let code = d_code(dist);
            w.put(u32::from(dtree.fc[code]), u32::from(dtree.dl[code]));
            let extra = u32::from(EXTRA_DBITS[code]);
            if extra != 0 {
                w.put(
                    (dist as u32).wrapping_sub(u32::from(BASE_DIST[code])),
                    extra,
                );
            }
        }
    }
    w.put(
        u32::from(ltree.fc[END_BLOCK]),
        u32::from(ltree.dl[END_BLOCK]),
    );
}

thread_local! {
    /// One compressor per thread (about 215 KiB), created on first use.
    /// Boxed: the state is moved out of the thread-local and back on every
    /// call, and its inline parts are some 700 bytes to copy twice.
    static STATE: Cell<Option<Box<State>>> = const { Cell::new(None) };
}

/// `zlib.compress(data)` appended to `out` if it is shorter than `limit`
/// bytes: `Some(true)` if written, `Some(false)` if not (and `out` is
/// untouched), `None` if `data` is longer than [`MAX_INPUT`] (use zlib).
pub(crate) fn compress_if_shorter(data: &[u8], limit: usize, out: &mut Vec<u8>) -> Option<bool> {
    if data.len() > MAX_INPUT {
        return None;
    }
    crate::scratch::with(&STATE, |slot| {
        if slot.is_none() {
            *slot = State::new().map(Box::new);
        }
        slot.as_mut()?.compress(data, limit, out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compress, Compression, FlushCompress, Status};
    use proptest::prelude::*;

    /// The reference: zlib 1.2.13 (system) through flate2, a fresh stream.
    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut c = Compress::new(Compression::new(6), true);
        let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
        loop {
            let rest = &data[c.total_in() as usize..];
            match c
                .compress_vec(rest, &mut out, FlushCompress::Finish)
                .unwrap()
            {
                Status::StreamEnd => return out,
                _ => out.reserve(out.capacity().max(64)),
            }
        }
    }

    /// Our bytes and decisions equal zlib's for `data` at several limits.
    fn check(data: &[u8]) {
        let want = zlib(data);
        let itsdangerous = data.len().saturating_sub(1);
        for limit in [usize::MAX, want.len() + 1, want.len(), itsdangerous] {
            let mut out = b"prefix".to_vec();
            let got = compress_if_shorter(data, limit, &mut out);
            if data.len() > MAX_INPUT {
                assert_eq!(got, None);
                assert_eq!(out, b"prefix");
                continue;
            }
            let written = want.len() < limit;
            assert_eq!(got, Some(written), "len {} limit {limit}", data.len());
            if written {
                assert!(
                    out[6..] == want[..],
                    "bytes differ, len {}: {data:?}",
                    data.len()
                );
            } else {
                assert_eq!(out, b"prefix");
            }
        }
    }

    /// splitmix64: a small deterministic generator for test inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
        fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
            &xs[self.below(xs.len())]
        }
    }

    const JSON_TOKENS: &[&str] = &[
        "{\"",
        "\"}",
        "\":",
        ",\"",
        "\":\"",
        "\",\"",
        "true",
        "false",
        "null",
        "[",
        "]",
        "{",
        "}",
        "_permanent",
        "csrf_token",
        "user_id",
        "cart",
        "price",
        "sku",
        "id",
        "9.99",
        "42",
        " t",
        " b",
        " d",
        "\\u00e9",
        "\\n",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "-",
        ".",
        "T",
        "Z",
    ];

    /// `len` bytes of the given kind (0..=6), from `seed`.
    fn gen(kind: u8, len: usize, seed: u64) -> Vec<u8> {
        let mut r = Rng(seed);
        let mut v = Vec::with_capacity(len + 300);
        match kind {
            // Uniform bytes: mostly literals, stored blocks.
            0 => v.extend((0..len).map(|_| r.next() as u8)),
            // Two letters: short and overlapping matches everywhere.
            1 => v.extend((0..len).map(|_| *r.pick(b"ab"))),
            // JSON punctuation and digits.
            2 => v.extend((0..len).map(|_| *r.pick(b"{\":,}0123"))),
            // JSON-like text.
            3 => {
                while v.len() < len {
                    v.extend_from_slice(r.pick(JSON_TOKENS).as_bytes());
                }
            }
            // Runs of one byte, up to past 258.
            4 => {
                while v.len() < len {
                    let b = *r.pick(b"\0aab{");
                    let cap = if r.below(4) == 0 { 700 } else { 20 };
                    let run = 1 + r.below(cap);
                    v.extend(std::iter::repeat(b).take(run));
                }
            }
            // Repeated substrings with noise: matches at all distances,
            // lazy matching, long chains.
            5 => {
                let words: Vec<Vec<u8>> = (0..2 + r.below(30))
                    .map(|_| {
                        let cap = if r.below(3) == 0 { 300 } else { 24 };
                        let n = 3 + r.below(cap);
                        (0..n).map(|_| b'a' + r.below(16) as u8).collect()
                    })
                    .collect();
                while v.len() < len {
                    if r.below(5) == 0 {
                        v.push(r.next() as u8);
                    } else {
                        let w = r.pick(&words);
                        let from = r.below(w.len());
                        v.extend_from_slice(&w[from..]);
                    }
                }
            }
            // Geometric byte frequencies (p_i ~ 0.6^i): deep Huffman trees.
            _ => v.extend((0..len).map(|_| {
                let mut i = 0u8;
                while i < 40 && r.below(5) < 2 {
                    i += 1;
                }
                b'A' + i
            })),
        }
        v.truncate(len);
        v
    }

    /// Bytes in which every 3-byte substring is distinct, so zlib finds no
    /// match and every byte is a literal, with byte `b` occurring about
    /// `count` times for each `(b, count)` (a greedy random trail through
    /// the trigram graph; the caller checks what it needs).
    fn all_literals(counts: &[(u8, usize)], seed: u64) -> Vec<u8> {
        let mut r = Rng(seed);
        let mut left: Vec<(u8, usize)> = counts.to_vec();
        let mut total: usize = left.iter().map(|c| c.1).sum();
        let mut seen = std::collections::HashSet::new();
        let mut v: Vec<u8> = Vec::with_capacity(total);
        let fresh = |v: &[u8], b: u8, seen: &std::collections::HashSet<u32>| match v {
            [.., x, y] => {
                !seen.contains(&(u32::from(*x) << 16 | u32::from(*y) << 8 | u32::from(b)))
            }
            _ => true,
        };
        while total > 0 {
            let mut chosen = None;
            for _ in 0..64 {
                let mut k = r.below(total);
                let i = left.iter().position(|c| {
                    if k < c.1 {
                        true
                    } else {
                        k -= c.1;
                        false
                    }
                });
                if let Some(i) = i {
                    if fresh(&v, left[i].0, &seen) {
                        chosen = Some(i);
                        break;
                    }
                }
            }
            let chosen =
                chosen.or_else(|| left.iter().position(|c| c.1 > 0 && fresh(&v, c.0, &seen)));
            let Some(i) = chosen else { break };
            if let [.., x, y] = v[..] {
                seen.insert(u32::from(x) << 16 | u32::from(y) << 8 | u32::from(left[i].0));
            }
            v.push(left[i].0);
            left[i].1 -= 1;
            total -= 1;
        }
        v
    }

    /// Runs `data` through the port, checks it against zlib, and returns the
    /// paths it took.
    fn paths_of(data: &[u8]) -> [u32; PATHS] {
        take_hits();
        let mut out = Vec::new();
        assert_eq!(compress_if_shorter(data, usize::MAX, &mut out), Some(true));
        let hits = take_hits();
        assert!(out == zlib(data), "bytes differ, len {}", data.len());
        check(data);
        hits
    }

    fn assert_path(data: &[u8], p: Path) {
        let hits = paths_of(data);
        assert!(hits[p as usize] > 0, "{p:?} not taken: {hits:?}");
    }

    #[test]
    fn tables_match_trees_h() {
        // Spot checks against zlib's generated trees.h.
        let lcode = |n: usize| (STATIC_LCODE[n], SLTREE.1[n]);
        assert_eq!(lcode(0), (12, 8));
        assert_eq!(lcode(143), (253, 8));
        assert_eq!(lcode(144), (19, 9));
        assert_eq!(lcode(255), (511, 9));
        assert_eq!(lcode(256), (0, 7));
        assert_eq!(lcode(279), (116, 7));
        assert_eq!(lcode(280), (3, 8));
        assert_eq!(lcode(287), (227, 8));
        assert_eq!((STATIC_DCODE[1], STATIC_DCODE[29]), (16, 23));
        assert_eq!(LENGTH_CODE[0], 0);
        assert_eq!(LENGTH_CODE[254], 27);
        assert_eq!(LENGTH_CODE[255], 28);
        assert_eq!(
            (BASE_LENGTH[8], BASE_LENGTH[27], BASE_LENGTH[28]),
            (8, 224, 0)
        );
        assert_eq!(
            (
                d_code(0),
                d_code(4),
                d_code(255),
                d_code(256),
                d_code(32767)
            ),
            (0, 4, 15, 16, 29)
        );
        assert_eq!((BASE_DIST[16], BASE_DIST[29]), (256, 24576));
    }

    #[test]
    fn small_fixed_examples() {
        for data in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcabc",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            b"hello hello hello hello",
            br#"{"_permanent":true,"csrf_token":"5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21a3b4c5d6","user_id":42}"#,
        ] {
            check(data);
        }
        check(format!("{{\"k\":\"{}\"}}", "a".repeat(100)).as_bytes());
        // Every length from 0 to 300 of a few kinds.
        for len in 0..=300 {
            for kind in 0..=6 {
                check(&gen(kind, len, len as u64));
            }
        }
    }

    /// One input per zlib path, built to take it (the port's test-only
    /// counters confirm it did), each checked against zlib.
    #[test]
    fn each_path_deliberately() {
        let random = |n: usize, seed: u64| -> Vec<u8> {
            let mut r = Rng(seed);
            (0..n).map(|_| r.next() as u8).collect()
        };
        // Empty input: the literal tree gets a forced second code, the
        // distance tree two; a fixed block.
        assert_path(b"", Path::ForcedCode);
        assert_path(b"", Path::Fixed);
        // Random bytes: a stored block.
        assert_path(&random(1000, 1), Path::Stored);
        // JSON with repeats: a dynamic block.
        assert_path(&gen(3, 3000, 7), Path::Dynamic);
        // Lazy matching: at "abcdefghijk" the match "abc" (3, from "abcPQ")
        // loses to "bcdefghijk" (10) one byte later. (Nothing matches the
        // string at position 0, so the input starts with "_".)
        assert_path(b"_abcPQRSTUV##bcdefghijk%%abcdefghijk", Path::LazyReplace);
        // A 20-byte match: no lazy search after it (prev_length >= 16).
        assert_path(
            b"0123456789abcdefghij--0123456789abcdefghij",
            Path::LazySkip,
        );
        // A 10-byte match: the next search quarters its chain (>= good 8).
        assert_path(b"0123456789_0123456789abcd_23456789ab", Path::GoodLength);
        // TOO_FAR: "xyz" again 5000 bytes later is a 3-byte match, dropped.
        let mut far = b"_xyz!".to_vec();
        far.extend(gen(2, 5000, 3));
        far.extend_from_slice(b"xyz?");
        assert_path(&far, Path::TooFar);
        // max_chain: 300 "abc" each followed by two unique bytes: every
        // search walks 128 candidates without reaching nice_length.
        let mut chain = Vec::new();
        for i in 0..300u32 {
            chain.extend_from_slice(b"abc");
            chain.push(b'0' + (i % 64) as u8);
            chain.push(b'0' + (i / 64) as u8);
        }
        assert_path(&chain, Path::MaxChain);
        // nice_length and 258-byte matches: 600 random bytes twice.
        let mut twice = random(600, 2);
        twice.extend_from_within(..);
        assert_path(&twice, Path::NiceLength);
        assert_path(&twice, Path::MaxMatch);
        // A match running to the end of the input: nice_match clamped to the
        // lookahead, and max_insert stops inserting before the end.
        assert_path(b"hello world, hello world", Path::NiceClamped);
        assert_path(b"hello world, hello world", Path::MaxInsert);
        // gen_bitlen's overflow fix for the bit-length tree (7 bits): found
        // by a search over gen().
        assert_path(&gen(5, 8000, 12), Path::Overflow7);
    }

    /// gen_bitlen's overflow fix for a 15-bit code: literal frequencies
    /// 1, 2, 3, 5, ..., 144 (Fibonacci, with END_BLOCK as the first 1) make a
    /// chain 11 merges deep, and 64 more literals of weight 244 put it 6
    /// levels further down: END_BLOCK would get 17 bits. Every 3-byte
    /// substring is distinct so all bytes are literals.
    #[test]
    fn overflow_of_15_bit_codes() {
        let mut counts: Vec<(u8, usize)> = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]
            .iter()
            .enumerate()
            .map(|(i, &c)| (b'A' + i as u8, c))
            .collect();
        counts.extend((0..64u8).map(|i| (128 + i, 244)));
        let data = all_literals(&counts, 5);
        let want: usize = counts.iter().map(|c| c.1).sum();
        assert_eq!(data.len(), want, "trail got stuck");
        assert!(data.len() <= MAX_INPUT);
        let hits = paths_of(&data);
        assert!(hits[Path::Overflow15 as usize] > 0, "{hits:?}");
    }

    /// The bound: 16383 literals fit one block (the last is tallied after
    /// the loop), 16384 would make zlib flush early, and the port says so.
    #[test]
    fn max_input_bound() {
        let counts: Vec<(u8, usize)> = (0..=255u8).map(|b| (b, 64)).collect();
        let data = all_literals(&counts, 9);
        assert_eq!(data.len(), 16384);
        // Exactly MAX_INPUT all-literal bytes: one block, exact.
        check(&data[..MAX_INPUT]);
        // One more: zlib flushes a block at 16383 symbols; the port refuses.
        let mut s = State::new().unwrap();
        for (i, &b) in data.iter().enumerate() {
            s.window[i] = b;
        }
        s.init_block();
        assert!(s.deflate_slow(data.len()).is_none());
        for h in 0..HASH_SIZE {
            s.head[h] = 0;
        }
        s.init_block();
        assert!(s.deflate_slow(MAX_INPUT).is_some());
        // MAX_INPUT + 1 goes to zlib, through compress.rs as well.
        check(&data);
        let mut out = Vec::new();
        assert!(crate::compress::compress_if_shorter(
            &data,
            usize::MAX,
            &mut out
        ));
        assert!(out == zlib(&data));
        for kind in 0..=6 {
            check(&gen(kind, MAX_INPUT, 11 + u64::from(kind)));
            check(&gen(kind, MAX_INPUT + 1, 11 + u64::from(kind)));
        }
    }

    /// The head table really is all NIL again after a call.
    #[test]
    fn state_is_clean_after_each_call() {
        let mut out = Vec::new();
        for (kind, len) in [(3u8, 5000usize), (5, MAX_INPUT), (1, 17), (0, 3)] {
            compress_if_shorter(&gen(kind, len, 1), 0, &mut out);
            let s = STATE.take().unwrap();
            assert!(s.head.0.iter().all(|&h| h == 0));
            STATE.set(Some(s));
        }
    }

    fn lengths() -> impl Strategy<Value = usize> {
        prop_oneof![0usize..=64, 0usize..=1024, 0usize..=MAX_INPUT]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn uniform_bytes_match_zlib(len in lengths(), seed: u64) {
            check(&gen(0, len, seed));
        }

        #[test]
        fn two_letters_match_zlib(len in lengths(), seed: u64) {
            check(&gen(1, len, seed));
        }

        #[test]
        fn json_punctuation_matches_zlib(len in lengths(), seed: u64) {
            check(&gen(2, len, seed));
        }

        #[test]
        fn json_text_matches_zlib(len in lengths(), seed: u64) {
            check(&gen(3, len, seed));
        }

        #[test]
        fn runs_match_zlib(len in lengths(), seed: u64) {
            check(&gen(4, len, seed));
        }

        #[test]
        fn repeated_substrings_match_zlib(len in lengths(), seed: u64) {
            check(&gen(5, len, seed));
        }

        #[test]
        fn skewed_bytes_match_zlib(len in lengths(), seed: u64) {
            check(&gen(6, len, seed));
        }

        #[test]
        fn arbitrary_bytes_match_zlib(data in proptest::collection::vec(any::<u8>(), 0..2000)) {
            check(&data);
        }
    }

    /// The session JSON of the benchmarks, and carts of `items` items.
    fn bench_inputs() -> Vec<(String, Vec<u8>)> {
        let small = br#"{"_permanent":true,"csrf_token":"5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21a3b4c5d6","user_id":42}"#;
        let cart = |items: usize| {
            let mut r = Rng(1);
            let list: Vec<String> = (0..items)
                .map(|i| {
                    let sku: String = (0..12)
                        .map(|_| char::from(b"0123456789abcdef"[r.below(16)]))
                        .collect();
                    format!(
                        r#"{{"id":{i},"price":{:.2},"sku":"{sku}"}}"#,
                        9.99 + i as f64
                    )
                })
                .collect();
            format!(r#"{{"cart":[{}]}}"#, list.join(",")).into_bytes()
        };
        let mut v = vec![
            ("small".to_owned(), small.to_vec()),
            ("cart 2.4k".to_owned(), cart(50)),
            ("cart 10k".to_owned(), cart(208)),
        ];
        // More inputs from files, e.g. the JSON of benches/compare.rs.
        if let Ok(files) = std::env::var("DEFLATE_BENCH_FILES") {
            for f in files.split(',') {
                v.push((f.to_owned(), std::fs::read(f).unwrap()));
            }
        }
        v
    }

    /// Median ns per call over 31 rounds of ~2 ms.
    fn median_ns(mut f: impl FnMut()) -> f64 {
        let start = std::time::Instant::now();
        let mut n = 0u32;
        while start.elapsed().as_millis() < 20 {
            f();
            n += 1;
        }
        let per_round = (n / 10).max(1);
        let mut samples: Vec<f64> = (0..31)
            .map(|_| {
                let t = std::time::Instant::now();
                for _ in 0..per_round {
                    f();
                }
                t.elapsed().as_nanos() as f64 / f64::from(per_round)
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        samples[15]
    }

    /// `cargo test --release --lib deflate::tests::speed -- --ignored --nocapture`
    #[test]
    #[ignore = "timing, run by hand in release mode"]
    fn speed_vs_zlib() {
        use std::hint::black_box;
        let mut c = Compress::new(Compression::new(6), true);
        let mut z = Vec::new();
        for (name, json) in bench_inputs() {
            let zlen = zlib(&json).len();
            // As compress.rs did: reset the thread's stream, compress into a
            // reused buffer.
            let old = median_ns(|| {
                c.reset();
                z.clear();
                z.reserve(json.len() + 64);
                let st = c.compress_vec(black_box(&json), &mut z, FlushCompress::Finish);
                assert!(matches!(st, Ok(Status::StreamEnd)));
                black_box(&z);
            });
            let new = median_ns(|| {
                z.clear();
                assert_eq!(
                    compress_if_shorter(black_box(&json), usize::MAX, &mut z),
                    Some(true)
                );
                black_box(&z);
            });
            // The decision only (itsdangerous' limit when it says no, or a
            // limit just below the result).
            let limit = (json.len() - 1).min(zlen);
            let decide = median_ns(|| {
                z.clear();
                assert_eq!(
                    compress_if_shorter(black_box(&json), limit, &mut z),
                    Some(false)
                );
            });
            println!(
                "{name:>10}: json {} B, zlib {} B: flate2 {old:.0} ns, port {new:.0} ns ({:.1}x), decision only {decide:.0} ns ({:.1}x)",
                json.len(),
                zlen,
                old / new,
                old / decide
            );
        }
    }

    #[test]
    fn adler32_matches_the_serial_definition() {
        let serial = |d: &[u8]| {
            let (mut a, mut b) = (1u32, 0u32);
            for &x in d {
                a = (a + u32::from(x)) % 65521;
                b = (b + a) % 65521;
            }
            (b << 16) | a
        };
        let mut r = Rng(7);
        let noise: Vec<u8> = (0..200_000).map(|_| r.next() as u8).collect();
        let ff = vec![0xffu8; 200_000];
        for len in (0..300).chain([5551, 5552, 5553, 65535, 65536, 65537, 131_073, 200_000]) {
            assert_eq!(adler32(&noise[..len]), serial(&noise[..len]), "noise {len}");
            assert_eq!(adler32(&ff[..len]), serial(&ff[..len]), "0xff {len}");
        }
        // zlib's own value for a known input (RFC 1950 example: "Wikipedia").
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    /// A longer differential run, in release mode:
    /// `DEFLATE_CASES=200000 cargo test --release --lib deflate::tests::campaign -- --ignored`
    #[test]
    #[ignore = "long; run by hand in release mode"]
    fn campaign() {
        let cases: u64 = std::env::var("DEFLATE_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20_000);
        let mut r = Rng(0x5eed);
        let mut hits = [0u64; PATHS];
        for case in 0..cases {
            let len = match r.below(3) {
                0 => r.below(65),
                1 => r.below(1025),
                _ => r.below(MAX_INPUT + 2),
            };
            let data = gen((case % 7) as u8, len, r.next());
            take_hits();
            check(&data);
            for (total, h) in hits.iter_mut().zip(take_hits()) {
                *total += u64::from(h);
            }
        }
        println!("{cases} inputs, 4 limits each, all equal to zlib; path hits {hits:?}");
    }
}
