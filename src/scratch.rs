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

/// Empties `buf` for the next call, freeing it if it grew past `keep`
/// elements (one large input must not pin its memory to the thread).
pub(crate) fn recycle<T>(buf: &mut Vec<T>, keep: usize) {
    buf.clear();
    if buf.capacity() > keep {
        *buf = Vec::new();
    }
}
