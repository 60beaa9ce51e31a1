//! Generated `lahn batch` output for the report tests: reproducible lines with agents, dates,
//! sub-scores a review can give, findings with real spans, error lines and junk.

use serde_json::{json, Value};

/// Category names and weights, in the report's order.
pub const CATEGORIES: [(&str, u32); 10] = [
    ("negativity", 18),
    ("personalization", 10),
    ("cliche", 10),
    ("length", 6),
    ("tone", 14),
    ("sandwich", 10),
    ("closing", 8),
    ("empathy", 14),
    ("clarity", 6),
    ("orthography", 4),
];

const DRAFTS: [&str; 5] = [
    "سلام، متاسفانه نمیتونیم سفارش رو عوض کنیم.",
    "{{name}} عزيز، مشكل شما حل شد 🙂",
    "با سلام، احتراماً به استحضار می‌رساند درخواست شما در دست بررسی است.",
    "مشتری گرامی، کد ۱۲۳45 را وارد کنید؛ <b>فوری</b> & \"سریع\"",
    "ممنون که خبر دادید، $name جان. همین حالا پیگیری می‌کنم.",
];

/// A small, fixed pseudo-random sequence (xorshift).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Line `i` of a generated batch output: mostly reports, now and then an error object.
pub fn line(rng: &mut Rng, i: u64) -> Value {
    if rng.below(200) == 0 {
        return json!({"id": i, "line": i + 1, "error": format!("line {} is blank", i + 1)});
    }
    let mut categories = serde_json::Map::new();
    let mut findings = Vec::new();
    let draft = DRAFTS[rng.below(DRAFTS.len() as u64) as usize];
    for (name, weight) in CATEGORIES {
        let lost = if rng.below(3) == 0 {
            rng.below(u64::from(weight) + 1) as u32
        } else {
            0
        };
        categories.insert(name.into(), json!((weight - lost) * 100 / weight));
        if lost > 0 || rng.below(10) == 0 {
            // A span on character boundaries: the first few characters.
            let end = draft
                .char_indices()
                .nth(1 + rng.below(6) as usize)
                .map_or(draft.len(), |(b, _)| b);
            findings.push(json!({
                "rule": format!("{name}-rule-{}", rng.below(3)),
                "category": name,
                "severity": "warning",
                "start": 0,
                "end": end,
                "message": "پیام <i>آزمایشی</i>",
            }));
        }
    }
    let score = rng.below(101);
    let mut v = json!({
        "id": format!("r-{i}"),
        "score": score,
        "categories": categories,
        "findings": findings,
        "agent": format!("agent-{}", rng.below(37)),
        "draft": draft,
    });
    match rng.below(20) {
        0 => {}
        1 => v["created_at"] = json!(1_772_323_200 + 86_400 * rng.below(45) + rng.below(86_400)),
        _ => {
            let day = 1 + rng.below(28);
            let month = 2 + rng.below(2);
            v["created_at"] = json!(format!(
                "2026-{month:02}-{day:02}T{:02}:15:00Z",
                rng.below(24)
            ));
        }
    }
    v
}
