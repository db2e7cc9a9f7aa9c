//! Oracle: the Python-exact JSON reader never panics on arbitrary bytes, and
//! whatever it reads, the writer writes as a fixed point that re-reads to
//! the same value.
//!
//! read(bytes) = v  =>  write(v) = t succeeds, read(t) = v (datetimes as
//! instants: Flask writes them in GMT), write(read(t)) = t, and t is ASCII
//! and nests no deeper than the reader allowed.
#![no_main]

use flask_cookie::{Error, Value, DEFAULT_MAX_DEPTH};
use flask_cookie_fuzz::{json_depth, same};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v = match Value::from_flask_json_bytes(data) {
        Ok(v) => v,
        Err(Error::BadPayload(_)) => return,
        Err(e) => panic!("reader returned a non-payload error: {e:?}"),
    };
    let text = v
        .to_flask_json()
        .expect("whatever the reader accepts, the writer writes");
    assert!(text.is_ascii());
    assert!(
        json_depth(text.as_bytes()) <= DEFAULT_MAX_DEPTH,
        "writer nests deeper than it read: {text}"
    );
    let back = Value::from_flask_json(&text).expect("the writer's output re-reads");
    assert!(
        same(&v, &back),
        "round trip changed the value:\n  {v:?}\n  {back:?}\n  {text}"
    );
    assert_eq!(
        back.to_flask_json().expect("writes again"),
        text,
        "writer output is not a fixed point"
    );
});
