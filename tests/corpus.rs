//! The project's own labelled replies (`tests/corpus/replies.jsonl`): every labelled category
//! is judged, and within a group a better reply must score higher.

use std::collections::BTreeMap;

use lahn::{Category, Channel, Coach, Draft};
use serde_json::Value;

#[test]
fn corpus_labels_and_ranking() {
    let coach = Coach::default();
    let text = include_str!("corpus/replies.jsonl");
    let mut wrong = Vec::new();
    let mut judged = 0;
    let mut groups: BTreeMap<String, Vec<(i64, u32, String)>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let s = |k: &str| case[k].as_str().map(str::to_owned);
        let mut draft = Draft::new(s("draft").unwrap());
        draft.customer_message = s("customer_message");
        draft.customer_name = s("customer_name");
        draft.channel = s("channel").map(|c| c.parse::<Channel>().unwrap());
        let report = coach.review(&draft);
        let id = s("id").unwrap();
        for (cat, want) in case["expect"].as_object().unwrap() {
            let category: Category = cat.parse().unwrap();
            judged += 1;
            if report.flags(category) != want.as_bool().unwrap() {
                wrong.push(format!("{id} {cat}: want {want}"));
            }
        }
        if let Some(g) = s("group") {
            groups
                .entry(g)
                .or_default()
                .push((case["rank"].as_i64().unwrap(), report.score, id));
        }
    }
    let mut pairs = 0;
    let mut misordered = Vec::new();
    for items in groups.values() {
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                if a.0 != b.0 {
                    pairs += 1;
                    if (a.0 > b.0) != (a.1 > b.1) || a.1 == b.1 {
                        misordered.push(format!("{} ({}) vs {} ({})", a.2, a.1, b.2, b.1));
                    }
                }
            }
        }
    }
    // Labels are the project's judgement of each case; a miss is a regression to look at.
    assert!(
        wrong.len() * 100 <= judged * 2,
        "{} of {judged} labels wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        misordered.len() * 20 <= pairs,
        "{} of {pairs} pairs misordered: {misordered:?}",
        misordered.len()
    );
}
