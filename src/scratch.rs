//! Per-thread state reused from call to call: buffers, the parser's stack,
//! the compressor and zlib's streams.
//!
//! The value is taken out of its thread-local for the call and put back
//! after. A re-entrant call (a `Deserialize` impl that decodes a cookie)
//! finds a fresh, empty value instead of a borrow error, and a call from a
//! thread-local destructor that runs after ours are gone gets a fresh value
//! instead of `LocalKey::with`'s panic, which would abort the process
//! (`tests/thread_teardown.rs`).

use std::cell::Cell;
use std::thread::LocalKey;

/// Runs `f` on this thread's value of `key` (or on a fresh one, see the
/// module docs) and keeps the value for the next call.
pub(crate) fn with<T: Default, R>(
    key: &'static LocalKey<Cell<T>>,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    let mut value = key.try_with(Cell::take).unwrap_or_default();
    let result = f(&mut value);
    // Fails only while the thread is torn down; the value is then dropped.
    let _ = key.try_with(|cell| cell.set(value));
    result
}

/// Moves `buf[start..]` out into a vector of exactly its length, leaving
/// `buf[..start]` (and `buf`'s capacity) in place. `Vec::split_off` does
/// this on Rust 1.77 and later; before that, `split_off(0)` gave away the
/// whole buffer, capacity and all, which would hand a scratch vector's
/// capacity to a decoded value (the crate once declared 1.75; keeping this
/// exact costs nothing).
pub(crate) fn take_tail<T>(buf: &mut Vec<T>, start: usize) -> Vec<T> {
    if start == 0 {
        let mut out = Vec::with_capacity(buf.len());
        out.append(buf);
        out
    } else {
        buf.split_off(start.min(buf.len()))
    }
}

/// Empties `buf` for the next call, freeing it if it grew past `keep`
/// elements (one large input must not pin its memory to the thread).
pub(crate) fn recycle<T>(buf: &mut Vec<T>, keep: usize) {
    buf.clear();
    if buf.capacity() > keep {
        *buf = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::take_tail;

    /// A decoded container gets an allocation of exactly its length, and
    /// the scratch keeps its own, whatever the toolchain's `split_off` does.
    #[test]
    fn take_tail_allocates_exactly_and_keeps_the_scratch() {
        for start in [0, 1, 5] {
            let mut scratch: Vec<u32> = Vec::with_capacity(1024);
            scratch.extend(0..10);
            let tail = take_tail(&mut scratch, start);
            assert_eq!(tail, (start as u32..10).collect::<Vec<_>>());
            assert_eq!(tail.capacity(), 10 - start);
            assert_eq!(scratch, (0..start as u32).collect::<Vec<_>>());
            assert!(scratch.capacity() >= 1024);
        }
        let mut scratch = vec![1, 2];
        assert!(take_tail(&mut scratch, 9).is_empty());
        assert_eq!(scratch, [1, 2]);
    }
}
