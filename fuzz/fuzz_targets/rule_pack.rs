//! Parses arbitrary text as a rule pack. A pack that parses is compiled into a coach with
//! the embedded rules and run over its own examples and a few fixed texts.

#![no_main]

mod common;

use lahn::{Coach, Draft, Error};
use libfuzzer_sys::fuzz_target;

const TEXTS: &[&str] = &[
    "سلام علی جان، متأسفانه در حال حاضر نمی‌توانیم این کار را انجام دهیم. در اسرع وقت خبر می‌دهیم.",
    "مشتري گرامي، شما باید صبر کنید!!! {{ticket.requester.first_name}} https://x.ir/a.b",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // No `.toml` extension: the id need not equal the file name, so any id is reachable.
    let spec = match lahn::rule::parse("team/pack", source) {
        Ok(spec) => spec,
        Err(Error::RulePack {
            line,
            column,
            message,
            ..
        }) => {
            let lines = source.split('\n').count();
            assert!(
                line >= 1 && line <= lines,
                "line {line} of {lines}: {message}"
            );
            assert!(column >= 1, "column {column}: {message}");
            assert!(!message.is_empty());
            return;
        }
        Err(e) => panic!("a pack given as text failed with {e:?}"),
    };
    let Ok(coach) = Coach::builder().pack("team/pack", source).build() else {
        return;
    };
    let drafts = spec
        .bad
        .iter()
        .chain(&spec.good)
        .map(|e| e.draft())
        .chain(TEXTS.iter().map(|t| Draft::new(*t)));
    for draft in drafts {
        let report = coach.review(&draft);
        // A team's own fix may re-match its own phrase; only the structure is promised here.
        common::check_structure(&draft, &report);
        let _ = lahn::fix::apply_safe(&draft.text, &report.findings);
    }
});
