//! zlib's trees.c for the deflate port (see [`crate::deflate`]): the
//! constant code tables, Huffman code lengths (`build_tree`, `gen_bitlen`),
//! the tree description (`scan_tree`, `send_tree`, `build_bl_tree`), the bit
//! writer and `compress_block`. Byte-exact with zlib; the module docs of
//! `deflate.rs` say where and why the code departs from zlib's.

#[cfg(test)]
use crate::deflate::{hit, Path};
use crate::deflate::{Arr, Tab, LIT_BUFSIZE};

// trees.c constants.
const LENGTH_CODES: usize = 29;
pub(crate) const LITERALS: usize = 256;
pub(crate) const L_CODES: usize = LITERALS + 1 + LENGTH_CODES;
pub(crate) const D_CODES: usize = 30;
pub(crate) const BL_CODES: usize = 19;
const HEAP_SIZE: usize = 2 * L_CODES + 1;
const MAX_BITS: u16 = 15;
const MAX_BL_BITS: u16 = 7;
pub(crate) const END_BLOCK: usize = 256;
const REP_3_6: usize = 16;
const REPZ_3_10: usize = 17;
const REPZ_11_138: usize = 18;

/// Tree arrays: `HEAP_SIZE` (573) nodes fit in 1024.
const TREE: usize = 1 << 10;

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
pub(crate) static BL_ORDER: Arr<u8, 32> = Arr(pad32(&BL_ORDER_RAW));

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
pub(crate) const SLTREE: ([u16; 512], [u16; 512]) = static_ltree();
pub(crate) static LENGTH_CODE: Arr<u8, 256> = Arr(LENGTH.0);
pub(crate) static BASE_LENGTH: Arr<u16, 32> = Arr(LENGTH.1);
static DIST_CODE: Arr<u8, 512> = Arr(DIST.0);
pub(crate) static BASE_DIST: Arr<u16, 32> = Arr(DIST.1);
pub(crate) static STATIC_LCODE: Arr<u16, 512> = Arr(SLTREE.0);
pub(crate) static STATIC_DCODE: Arr<u16, 32> = Arr(static_dtree());
/// The static distance code lengths (`static_dtree[n].Len`).
static STATIC_DLEN: [u16; D_CODES] = [5; D_CODES];

/// `d_code`: the distance code of `dist` (the match distance minus one).
#[inline(always)]
pub(crate) fn d_code(dist: usize) -> usize {
    usize::from(if dist < 256 {
        DIST_CODE[dist]
    } else {
        DIST_CODE[256 + (dist >> 7)]
    })
}

// ---------------------------------------------------------------------------
// Huffman trees (trees.c).

/// `ct_data[]` as two arrays, keeping zlib's unions: `fc` is Freq then Code
/// (gen_codes overwrites frequencies with codes), `dl` is Dad then Len
/// (gen_bitlen overwrites parents with lengths).
pub(crate) struct Tree {
    pub(crate) fc: Tab<u16, TREE>,
    pub(crate) dl: Tab<u16, TREE>,
    pub(crate) max_code: usize,
    /// The codes in the tree (non-zero frequency, or forced), ascending.
    pub(crate) used: Tab<u16, 512>,
    n_used: usize,
    /// Which codes have a non-zero frequency, kept by [`Tree::count`] so
    /// that `build_tree` need not scan all 286 frequencies for them.
    live: Arr<u64, 8>,
    /// `bl_count` as `gen_bitlen` left it for this tree: `gen_codes` runs
    /// only when the block is written (see [`Tree::gen_codes`]).
    bl_count: Arr<u16, 16>,
}

impl Tree {
    pub(crate) fn new() -> Option<Self> {
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
    pub(crate) fn count(&mut self, n: usize, k: u16) {
        self.fc[n] = self.fc[n].wrapping_add(k);
        self.live[n >> 6] |= 1 << (n & 63);
    }

    /// `gen_codes`, over the `bl_count` `gen_bitlen` left for this tree.
    /// zlib calls it at the end of `build_tree`; we call it only for a
    /// dynamic block about to be written, since nothing before reads the
    /// codes (they replace the frequencies, which `gen_bitlen` has used).
    pub(crate) fn gen_codes(&mut self) {
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
    pub(crate) fn clear(&mut self, elems: usize) {
        self.fc.0.iter_mut().take(elems).for_each(|f| *f = 0);
        self.live = Arr([0; 8]);
    }
}

/// `static_tree_desc`, with what `gen_bitlen` reads per code made into
/// tables indexed by the code.
pub(crate) struct Desc {
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

pub(crate) static L_DESC: Desc = Desc {
    xbits: Arr(L_BITS.0),
    static_bits: Arr(L_BITS.1),
    elems: L_CODES,
    max_length: MAX_BITS,
};
pub(crate) static D_DESC: Desc = Desc {
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
pub(crate) struct Huff {
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
    pub(crate) opt_len: u64,
    pub(crate) static_len: u64,
}

/// A heap entry for `node` with frequency `freq` and depth `depth`.
#[inline(always)]
pub(crate) fn entry(freq: u64, depth: u64, node: usize) -> u64 {
    ((freq & 0xffff) << 24) | ((depth & 0xff) << 16) | (node as u64 & 0xffff)
}

/// A heap entry that sorts after every real one (its key is out of range).
pub(crate) const NONE: u64 = u64::MAX;

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
    pub(crate) fn new() -> Option<Self> {
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
    pub(crate) fn build_tree(&mut self, tree: &mut Tree, desc: &Desc) {
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
pub(crate) fn send_tree(w: &mut Bits<'_>, tree: &Tree, bl: &Tree) {
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
pub(crate) fn build_bl_tree(
    huff: &mut Huff,
    ltree: &mut Tree,
    dtree: &mut Tree,
    bl: &mut Tree,
) -> usize {
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
pub(crate) struct Bits<'a> {
    /// The output; whole bytes may be appended directly after
    /// [`Bits::windup`].
    pub(crate) out: &'a mut Vec<u8>,
    buf: u64,
    n: u32,
}

impl<'a> Bits<'a> {
    /// A writer appending to `out`, with no bits pending.
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
        Self { out, buf: 0, n: 0 }
    }

    /// Appends the low `len` bits of `value` (`value < 1 << len`, len <= 32).
    #[inline(always)]
    pub(crate) fn put(&mut self, value: u32, len: u32) {
        self.buf |= u64::from(value) << self.n;
        self.n += len;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.buf as u32).to_le_bytes());
            self.buf >>= 32;
            self.n -= 32;
        }
    }

    /// `bi_windup`: pads to a byte boundary and writes the pending bytes.
    pub(crate) fn windup(&mut self) {
        while self.n > 0 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.n = self.n.saturating_sub(8);
        }
        self.buf = 0;
    }
}

pub(crate) static SLTREE_LEN: Arr<u16, 512> = Arr(SLTREE.1);

/// `compress_block`: the buffered symbols with the trees' codes.
pub(crate) fn compress_block(
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
