//! Property tests for the serde bridge with Rust types of every serde shape:
//! a value stored in a session comes back as it went in, through `to_value`
//! and through Flask's JSON text; a value serde_json wrote (as another
//! service sharing the session might) reads back into the same type; and
//! the generic serializers' tokens carry it unchanged.
#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, HashMap};

use flask_cookie::{from_value, to_value, Serializer, Session, SignerConfig, Value};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Unit,
    Newtype(i32),
    Tuple(u8, String),
    Struct { id: u64, tags: Vec<char> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
enum Event {
    Login { user: String, at: i64 },
    Logout,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    Num(i16),
    Pair(bool, Option<u8>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Loose {
    Flag(bool),
    Count(u32),
    Label(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Newtype(String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Unit;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Extra {
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    seen: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cart {
    user_id: u64,
    #[serde(rename = "_permanent")]
    permanent: bool,
    csrf: Newtype,
    prices: Vec<f64>,
    ratio: f32,
    big: i128,
    huge: u128,
    by_id: BTreeMap<u32, String>,
    by_name: HashMap<String, i8>,
    by_flag: BTreeMap<bool, u8>,
    pair: (u8, char),
    triple: [i64; 3],
    shapes: Vec<Shape>,
    events: Vec<Event>,
    adjacent: Option<Adjacent>,
    loose: Vec<Loose>,
    unit: Unit,
    nothing: (),
    maybe: Option<Option<u8>>,
    #[serde(flatten)]
    extra: Extra,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,8}"]
}

/// Finite floats (serde_json writes NaN and the infinities as `null`).
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        -1e3..1e3f64
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Unit),
        any::<i32>().prop_map(Shape::Newtype),
        (any::<u8>(), text()).prop_map(|(a, b)| Shape::Tuple(a, b)),
        (any::<u64>(), prop::collection::vec(any::<char>(), 0..3))
            .prop_map(|(id, tags)| Shape::Struct { id, tags }),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (text(), any::<i64>()).prop_map(|(user, at)| Event::Login { user, at }),
        Just(Event::Logout),
    ]
}

fn loose() -> impl Strategy<Value = Loose> {
    prop_oneof![
        any::<bool>().prop_map(Loose::Flag),
        any::<u32>().prop_map(Loose::Count),
        // A label that reads as a bool or a number would come back as one.
        "[a-z]{0,6}".prop_map(Loose::Label),
    ]
}

prop_compose! {
    fn cart()(
        user_id in any::<u64>(),
        permanent in any::<bool>(),
        csrf in text(),
        prices in prop::collection::vec(float(), 0..3),
        ratio in any::<f32>().prop_filter("finite", |f| f.is_finite()),
        big in any::<i128>(),
        huge in any::<u128>(),
        by_id in prop::collection::btree_map(any::<u32>(), text(), 0..3),
        by_name in prop::collection::hash_map(text(), any::<i8>(), 0..3),
        by_flag in prop::collection::btree_map(any::<bool>(), any::<u8>(), 0..2),
        pair in (any::<u8>(), any::<char>()),
        triple in any::<[i64; 3]>(),
        shapes in prop::collection::vec(shape(), 0..3),
        events in prop::collection::vec(event(), 0..3),
        adjacent in prop::option::of(prop_oneof![
            any::<i16>().prop_map(Adjacent::Num),
            (any::<bool>(), any::<Option<u8>>()).prop_map(|(a, b)| Adjacent::Pair(a, b)),
        ]),
        loose in prop::collection::vec(loose(), 0..3),
        maybe in any::<Option<Option<u8>>>(),
        note in prop::option::of(text()),
        seen in prop::collection::vec(any::<u16>(), 0..3),
    ) -> Cart {
        Cart {
            user_id, permanent, csrf: Newtype(csrf), prices, ratio, big, huge, by_id, by_name,
            by_flag, pair, triple, shapes, events, adjacent, loose, unit: Unit, nothing: (),
            // serde_json and Flask both write Some(None) as null: None.
            maybe: maybe.filter(Option::is_some),
            // A flattened field's keys share the struct's dict.
            extra: Extra {
                note,
                seen,
            },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Into a session and out again, directly and through Flask's JSON.
    #[test]
    fn a_session_value_comes_back_as_it_went_in(cart in cart()) {
        let value = to_value(&cart).unwrap();
        prop_assert_eq!(from_value::<Cart>(&value).unwrap(), cart.clone());
        let text = value.to_flask_json().unwrap();
        let back = Value::from_flask_json(&text).unwrap();
        prop_assert_eq!(from_value::<Cart>(&back).unwrap(), cart.clone());
        let mut session = Session::new();
        session.insert("cart", &cart).unwrap();
        prop_assert_eq!(session.get::<Cart>("cart").unwrap(), Some(cart));
    }

    /// What serde_json writes (another service's session JSON), read as
    /// Flask reads it, goes into the same type.
    #[test]
    fn serde_json_text_reads_into_the_same_type(cart in cart()) {
        let text = serde_json::to_string(&cart).unwrap();
        let value = Value::from_flask_json(&text).unwrap();
        prop_assert_eq!(from_value::<Cart>(&value).unwrap(), cart);
    }

    /// The generic serializer's tokens carry the value unchanged.
    #[test]
    fn a_token_carries_the_value(cart in cart()) {
        let s = Serializer::new("secret-key", &SignerConfig::serializer()).unwrap();
        let token = s.dumps_at(&cart, 1_700_000_000).unwrap();
        let back = s.loads_at::<Cart>(&token, Some(60), 1_700_000_030).unwrap();
        prop_assert_eq!(back.value, cart);
    }
}
