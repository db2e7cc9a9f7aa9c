//! zlib, as Python's `zlib.compress` (level 6, zlib wrapper) writes it, and a
//! capped inflate that never allocates past its limit.
//!
//! Inputs up to [`deflate::MAX_INPUT`] bytes (16 KiB, every real session)
//! are compressed by our byte-exact port of zlib's deflate (`deflate.rs`);
//! longer ones by the system zlib through flate2.
//!
//! Inflating is zlib-rs's port of zlib(-ng)'s inflate: the same state
//! machine and the same accept/reject decisions as the zlib Python runs,
//! about 1.4x faster on session-sized streams (the `inflate_cap` fuzz
//! target holds it to the system zlib's verdict on every input).

use std::cell::Cell;

use flate2::{Compress, Compression, FlushCompress, Status};
use zlib_rs::{Inflate, InflateFlush};

use crate::deflate;
use crate::error::PayloadError;
use crate::scratch;

/// The per-thread scratch buffer is dropped after holding more than this.
const SCRATCH_KEEP: usize = 64 << 10;

thread_local! {
    /// zlib's deflate state is ~270 KiB to set up (used only for payloads
    /// past 16 KiB); keep one per thread and reset it.
    static DEFLATE: Cell<Option<Compress>> = const { Cell::new(None) };
    /// zlib-rs's raw inflate state and its 32 KiB window (one allocation of
    /// about 46 KiB), likewise reused.
    static INFLATE: Cell<Option<Inflate>> = const { Cell::new(None) };
    /// Compressed bytes on their way to base64.
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// `zlib.compress(data)` appended to `out` if it is shorter than `limit`
/// bytes; returns whether it was written (if not, `out` is as it was).
/// Short inputs never build the stream unless it will be written.
pub(crate) fn compress_if_shorter(data: &[u8], limit: usize, out: &mut Vec<u8>) -> bool {
    if let Some(written) = deflate::compress_if_shorter(data, limit, out) {
        return written;
    }
    let start = out.len();
    if zlib_into(data, out) && out.len() - start < limit {
        return true;
    }
    out.truncate(start);
    false
}

/// Calls `f` with `zlib.compress(data)` if it is shorter than `limit` bytes,
/// from a per-thread buffer (no allocation once warm); returns whether it did.
pub(crate) fn with_compressed_if_shorter(data: &[u8], limit: usize, f: impl FnOnce(&[u8])) -> bool {
    scratch::with(&SCRATCH, |z| {
        let written = compress_if_shorter(data, limit, z);
        if written {
            f(z);
        }
        scratch::recycle(z, SCRATCH_KEEP);
        written
    })
}

/// `zlib.compress(data)` by the system zlib: level 6, 32 KiB window, zlib
/// header `78 9c`. Appends to `out` and returns true, or, if zlib fails (it
/// does not with valid parameters), leaves `out` as it was and returns false.
fn zlib_into(data: &[u8], out: &mut Vec<u8>) -> bool {
    scratch::with(&DEFLATE, |slot| {
        let c = slot.get_or_insert_with(|| Compress::new(Compression::new(6), true));
        c.reset();
        zlib_with(c, data, out)
    })
}

fn zlib_with(c: &mut Compress, data: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    // zlib's deflateBound for level 6 is len + len/1000 + ~20.
    out.reserve(data.len() + data.len() / 1000 + 64);
    loop {
        let consumed = usize::try_from(c.total_in()).unwrap_or(usize::MAX);
        let rest = data.get(consumed..).unwrap_or_default();
        match c.compress_vec(rest, out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return true,
            Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
            Err(_) => {
                // Never emit a truncated stream: the caller falls back to
                // the uncompressed payload.
                out.truncate(start);
                return false;
            }
        }
    }
}

/// Inflates a zlib stream into `out`, failing as soon as the output would
/// exceed `cap` bytes. Bytes after the end of the stream are ignored, as
/// Python's `zlib.decompress` does.
///
/// zlib-rs inflates the raw deflate data; the wrapper is checked here, as
/// zlib's `inflate` (windowBits 15, what `zlib.decompress` passes) checks
/// it: the header (`(CMF << 8 | FLG) % 31 == 0`, method 8, window at most
/// 32 KiB, no preset dictionary, which zlib reports as `Z_NEED_DICT` and
/// Python as an error), then the big-endian Adler-32 of the output in the 4
/// bytes after the deflate data (missing bytes: Python's "incomplete or
/// truncated stream"). The check is ours (a vectorized Adler-32, chosen when
/// zlib 1.2.13's byte-serial one did it); any failure is
/// [`PayloadError::Zlib`], as any of zlib's is.
pub(crate) fn inflate_capped(
    data: &[u8],
    cap: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let (Some(&cmf), Some(&flg), Some(body)) = (data.first(), data.get(1), data.get(2..)) else {
        return Err(PayloadError::Zlib);
    };
    let header = u16::from_be_bytes([cmf, flg]);
    if header % 31 != 0 || cmf & 0x0f != 8 || cmf >> 4 > 7 || flg & 0x20 != 0 {
        return Err(PayloadError::Zlib);
    }
    let start = out.len();
    let used = scratch::with(&INFLATE, |slot| {
        // Raw deflate, 32 KiB window: valid arguments, so `new` panics only
        // if its allocation fails (as flate2's did; a `Vec` would abort).
        let d = slot.get_or_insert_with(|| Inflate::new(false, 15));
        d.reset(false);
        inflate_with(d, body, cap, out)?;
        usize::try_from(d.total_in()).map_err(|_| PayloadError::Zlib)
    })?;
    let trailer = body
        .get(used..used.saturating_add(4))
        .and_then(|t| <[u8; 4]>::try_from(t).ok())
        .map(u32::from_be_bytes);
    let inflated = out.get(start..).unwrap_or_default();
    if trailer != Some(deflate::adler32(inflated)) {
        out.truncate(start);
        return Err(PayloadError::Zlib);
    }
    Ok(())
}

/// Raw inflate of `data` into `out`, at most `cap` bytes.
fn inflate_with(
    d: &mut Inflate,
    data: &[u8],
    cap: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let start = out.len();
    let result = inflate_into(d, data, cap, start, out);
    // The buffer is zero-filled ahead of zlib: keep only what it wrote (or
    // nothing, on failure).
    let written = usize::try_from(d.total_out()).unwrap_or(usize::MAX);
    match result {
        Ok(()) => out.truncate(start.saturating_add(written)),
        Err(_) => out.truncate(start),
    }
    result
}

fn inflate_into(
    d: &mut Inflate,
    data: &[u8],
    cap: usize,
    start: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    // Start small (real sessions compress 3-10x) and grow geometrically, never
    // past cap + 1 bytes: the extra byte tells "exactly cap" from "more".
    let hard = cap.saturating_add(1);
    // Not `clamp(64, hard)`: that panics when the cap is below 63 bytes.
    let mut room = data.len().saturating_mul(4).max(64).min(hard);
    out.reserve_exact(room);
    out.resize(start.saturating_add(room), 0);
    loop {
        let produced = usize::try_from(d.total_out()).unwrap_or(usize::MAX);
        if produced == room {
            if produced >= hard {
                return Err(PayloadError::InflatedTooLarge);
            }
            room = room.saturating_add(produced.max(256).min(hard - produced));
            out.reserve_exact(room - produced);
            out.resize(start.saturating_add(room), 0);
        }
        let consumed = usize::try_from(d.total_in()).unwrap_or(usize::MAX);
        let rest = data.get(consumed..).unwrap_or_default();
        let window = out
            .get_mut(start.saturating_add(produced)..)
            .unwrap_or_default();
        let before = (d.total_in(), d.total_out());
        let status = d
            .decompress(rest, window, InflateFlush::NoFlush)
            .map_err(|_| PayloadError::Zlib)?;
        if usize::try_from(d.total_out()).unwrap_or(usize::MAX) > cap {
            return Err(PayloadError::InflatedTooLarge);
        }
        match status {
            zlib_rs::Status::StreamEnd => return Ok(()),
            zlib_rs::Status::Ok | zlib_rs::Status::BufError => {
                let stalled = before == (d.total_in(), d.total_out());
                if stalled && d.total_out() < room as u64 {
                    // No progress with room to write: the input ran out.
                    return Err(PayloadError::Zlib);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_python_bytes() {
        // Python: zlib.compress(b'{"k":"' + b"a"*100 + b'"}') starts 78 9c.
        let data = format!("{{\"k\":\"{}\"}}", "a".repeat(100));
        let mut z = Vec::new();
        assert!(compress_if_shorter(data.as_bytes(), usize::MAX, &mut z));
        assert_eq!(&z[..2], &[0x78, 0x9c]);
        let mut back = Vec::new();
        inflate_capped(&z, 1000, &mut back).unwrap();
        assert_eq!(back, data.as_bytes());
        // Trailing garbage after the stream is ignored.
        z.extend_from_slice(b"trailing");
        back.clear();
        inflate_capped(&z, 1000, &mut back).unwrap();
        assert_eq!(back, data.as_bytes());
    }

    #[test]
    fn cap_is_exact_and_bombs_stop_early() {
        let data = vec![b'x'; 10_000];
        let mut z = Vec::new();
        assert!(compress_if_shorter(&data, usize::MAX, &mut z));
        let mut out = Vec::new();
        assert!(inflate_capped(&z, 10_000, &mut out).is_ok());
        out.clear();
        assert_eq!(
            inflate_capped(&z, 9_999, &mut out),
            Err(PayloadError::InflatedTooLarge)
        );
        // A 100 MB bomb with a 64 KiB cap never allocates much more than the cap.
        let bomb = vec![0u8; 100 << 20];
        let mut z = Vec::new();
        assert!(compress_if_shorter(&bomb, usize::MAX, &mut z));
        let mut out = Vec::new();
        assert_eq!(
            inflate_capped(&z, 64 << 10, &mut out),
            Err(PayloadError::InflatedTooLarge)
        );
        assert!(out.capacity() <= (64 << 10) + 1, "{}", out.capacity());
    }

    #[test]
    fn truncated_and_garbage_fail() {
        let mut z = Vec::new();
        assert!(compress_if_shorter(
            b"hello hello hello hello",
            usize::MAX,
            &mut z
        ));
        let mut out = Vec::new();
        assert_eq!(
            inflate_capped(&z[..z.len() - 5], 1000, &mut out),
            Err(PayloadError::Zlib)
        );
        assert_eq!(
            inflate_capped(b"ABC", 1000, &mut out),
            Err(PayloadError::Zlib)
        );
        assert_eq!(inflate_capped(b"", 1000, &mut out), Err(PayloadError::Zlib));
    }

    #[test]
    fn appends_to_what_out_holds_and_leaves_it_on_failure() {
        // 10,000 bytes from 45: the first guess (4x the input) is
        // outgrown many times over.
        let data: Vec<u8> = (0..10_000u32)
            .map(|i| b"abcdefgh"[(i % 7) as usize])
            .collect();
        let mut z = Vec::new();
        assert!(compress_if_shorter(&data, usize::MAX, &mut z));
        assert!(z.len() * 4 < data.len(), "{}", z.len());
        let prefix = b"kept".to_vec();
        let mut out = prefix.clone();
        inflate_capped(&z, data.len(), &mut out).unwrap();
        assert_eq!(&out[..4], b"kept");
        assert_eq!(&out[4..], &data[..]);
        // Every failure leaves `out` as it was: past the cap, cut short at
        // every length, a wrong Adler-32.
        let mut out = prefix.clone();
        assert_eq!(
            inflate_capped(&z, data.len() - 1, &mut out),
            Err(PayloadError::InflatedTooLarge)
        );
        assert_eq!(out, prefix);
        for cut in 0..z.len() {
            assert_eq!(
                inflate_capped(&z[..cut], data.len(), &mut out),
                Err(PayloadError::Zlib),
                "cut at {cut}"
            );
            assert_eq!(out, prefix, "cut at {cut}");
        }
        let mut bad = z.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(
            inflate_capped(&bad, data.len(), &mut out),
            Err(PayloadError::Zlib)
        );
        assert_eq!(out, prefix);
    }
}
