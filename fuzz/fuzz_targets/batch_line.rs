//! One `lahn batch` input line, read by the command's own reader (`lahn_json::lines::read_line`):
//! bytes → UTF-8 → JSON object → channel → review → output line.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    let (id, draft) = match lahn_json::lines::read_line(line, 1) {
        Ok(read) => read,
        Err(error) => {
            assert!(!error.error.is_empty());
            return;
        }
    };
    let coach = &*common::COACH_FA;
    let report = coach.review(&draft);
    common::check_report(coach, &draft, &report);
    let out = serde_json::to_string(&lahn_json::report::batch_json(id.as_deref(), &report))
        .expect("a report serialises");
    assert!(!out.contains('\n'), "an output line must stay one line");
});
