//! Reviews arbitrary text with arbitrary context. The input is one flags byte (channel,
//! language, which context is present) and a body `draft␞customer message␞customer name`
//! (U+001E separates them), so the seed corpus can be plain drafts from the project's data.

#![no_main]

mod common;

use arbitrary::Arbitrary;
use lahn::{Channel, Draft};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    flags: u8,
    body: String,
}

fuzz_target!(|input: Input| {
    let mut parts = input.body.split('\u{1E}');
    let text = parts.next().unwrap_or_default().to_owned();
    let customer_message = parts
        .next()
        .filter(|_| input.flags & 0x10 != 0)
        .map(str::to_owned);
    let customer_name = parts
        .next()
        .filter(|_| input.flags & 0x20 != 0)
        .map(str::to_owned);
    let channel = match input.flags & 0x7 {
        1 => Some(Channel::Chat),
        2 => Some(Channel::Email),
        3 => Some(Channel::Sms),
        4 => Some(Channel::Social),
        _ => None,
    };
    let mut draft = Draft::new(text);
    draft.customer_message = customer_message;
    draft.customer_name = customer_name;
    draft.channel = channel;
    let coach = if input.flags & 0x08 != 0 {
        &*common::COACH_EN
    } else {
        &*common::COACH_FA
    };
    let report = coach.review(&draft);
    common::check_report(coach, &draft, &report);
    // Reports are serde types that front ends serialise: they must round-trip.
    let json = serde_json::to_string(&report).expect("a report serialises");
    let back: lahn::Report = serde_json::from_str(&json).expect("a report deserialises");
    assert_eq!(back, report);
});
