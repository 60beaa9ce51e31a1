//! Rule packs and configs written to hurt: a safe fix that brings back its own phrase, a rule
//! id that carries a line break, a gap as wide as the integer allows, long lists, a frame
//! field without the field it reads from.

use lahn::{Coach, Config, Draft};

fn pack(phrases: &str, fix: &str) -> String {
    format!(
        "id = \"team-echo\"\ncategory = \"cliche\"\nseverity = \"warning\"\n\
         message.fa = \"x\"\nmessage.en = \"x\"\n[doc]\nwhat.fa = \"x\"\nwhat.en = \"x\"\n\
         why.fa = \"y\"\nwhy.en = \"y\"\n[match]\n{phrases}\n{fix}"
    )
}

#[test]
fn a_safe_fix_holding_its_own_phrase_is_refused_when_loaded() {
    let grows = pack(
        "phrases = [\"در اسرع وقت\"]",
        "[fix]\nreplacement = \"در اسرع وقت در اسرع وقت\"\nsafe = true\n",
    );
    let e = Coach::builder()
        .pack("team-echo.toml", grows)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("team-echo") && e.contains("again and again"),
        "{e}"
    );
    // Through a gap, and in the config's `reject` list, too.
    let gap = pack(
        "phrases = [\"امکان … وجود ندارد\"]",
        "[fix]\nreplacement = \"امکان آن وجود ندارد\"\nsafe = true\n",
    );
    assert!(Coach::builder()
        .pack("team-echo.toml", gap)
        .build()
        .is_err());
    let config = Config::parse(
        "lahn.toml",
        "[[reject]]\nid = \"team-x\"\nphrases = [\"حتماً\"]\nreplacement = \"حتماً حتماً\"\nsafe = true\n",
    )
    .unwrap();
    assert!(config
        .apply(Coach::builder(), std::path::Path::new("."))
        .unwrap()
        .build()
        .is_err());
    // The same replacement left for a person to apply is fine, and so is a safe one that
    // doesn't bring the phrase back.
    let unsafe_fix = pack(
        "phrases = [\"در اسرع وقت\"]",
        "[fix]\nreplacement = \"در اسرع وقت در اسرع وقت\"\nsafe = false\n",
    );
    assert!(Coach::builder()
        .pack("team-echo.toml", unsafe_fix)
        .build()
        .is_ok());
    let fine = pack(
        "phrases = [\"صبر کنید\"]",
        "[fix]\nreplacement = \"لطفاً منتظر بمانید\"\nsafe = true\n",
    );
    let coach = Coach::builder()
        .pack("team-echo.toml", fine)
        .build()
        .unwrap();
    let fixed = coach.fix_safe(&Draft::new("سلام، لطفاً چند دقیقه صبر کنید."));
    assert!(fixed.contains("منتظر بمانید"), "{fixed}");
}

#[test]
fn a_team_rule_id_must_be_kebab_case() {
    for id in [
        "x\\n::error file=a::forged",
        "team\\u001b[31mred",
        "Team_Rule",
        "",
    ] {
        let e = Config::parse(
            "lahn.toml",
            &format!("[[reject]]\nid = \"{id}\"\nphrases = [\"حتماً\"]\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("lahn.toml:") && e.contains("not kebab-case"),
            "{e}"
        );
    }
    assert!(Config::parse(
        "lahn.toml",
        "[[reject]]\nid = \"team-ok-2\"\nphrases = [\"حتماً\"]\n"
    )
    .is_ok());
}

#[test]
fn a_gap_as_wide_as_the_integer_allows_does_not_overflow() {
    let wide = pack(
        &format!("phrases = [\"امکان … وجود ندارد\"]\nmax_gap = {}", u64::MAX),
        "",
    );
    let coach = Coach::builder()
        .pack("team-echo.toml", wide)
        .build()
        .unwrap();
    let r = coach.review(&Draft::new(
        "امکان ارسال این کالا به شهر زیبای شما وجود ندارد.",
    ));
    assert!(r.findings.iter().any(|f| &*f.rule == "team-echo"), "{r:?}");
}

#[test]
fn long_accept_reject_and_disable_lists_build() {
    // 60,000 banned phrases, half of them turned off by id, and 150,000 accepted words. The
    // build is linear in the lists: seconds in a debug build. Quadratic, as it was (each id
    // compared with every one before it, each disabled rule removed on its own, the accepted
    // words' automaton reordered by cycles as long as the list), it took over a minute; a
    // build that outlasts the generous bound below fails.
    const RULES: usize = 60_000;
    const ACCEPTED: usize = 150_000;
    let mut toml = String::from("disable = [");
    for i in (0..RULES).step_by(2) {
        toml.push_str(&format!("\"team-r{i}\","));
    }
    toml.push_str("]\naccept = [");
    for i in 0..ACCEPTED {
        toml.push_str(&format!("\"نام{i}\","));
    }
    toml.push_str("]\n");
    for i in 0..RULES {
        toml.push_str(&format!(
            "[[reject]]\nid = \"team-r{i}\"\nphrases = [\"واژه{i}\"]\n"
        ));
    }
    let config = Config::parse("lahn.toml", &toml).unwrap();
    let builder = config
        .apply(Coach::builder(), std::path::Path::new("."))
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The receiver may have given up waiting; the build is then dropped.
        let _ = tx.send(builder.build());
    });
    let coach = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the coach is built within 30 s")
        .unwrap();
    assert_eq!(
        coach
            .rules()
            .iter()
            .filter(|r| r.id.starts_with("team-r"))
            .count(),
        RULES / 2
    );
    let r = coach.review(&Draft::new("سلام، واژه3 و واژه4 و نام5."));
    let team: Vec<&str> = r
        .findings
        .iter()
        .map(|f| &*f.rule)
        .filter(|r| r.starts_with("team-"))
        .collect();
    assert_eq!(team, ["team-r3"]);
}

#[test]
fn a_frame_between_words_needs_a_complement_and_reads_only_between() {
    let frame = |with: &str| {
        pack(
            &format!(
                "phrases = [\"ز ز ز\"]\n[[frame]]\nverb = [\"بود\"]\n{with}requires_between = [\"@customer\"]\n"
            ),
            "",
        )
    };
    let e = Coach::builder()
        .pack("team-echo.toml", frame(""))
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("team-echo") && e.contains("needs a complement"),
        "{e}"
    );
    let coach = Coach::builder()
        .pack("team-echo.toml", frame("with = [\"عهده\"]\n"))
        .build()
        .unwrap();
    let flagged = |text: &str| {
        coach
            .review(&Draft::new(text))
            .findings
            .iter()
            .any(|f| &*f.rule == "team-echo")
    };
    assert!(flagged("نصب بر عهده‌ی مشتری است."));
    assert!(!flagged("نصب بر عهده‌ی فروشگاه است."));
    // The customer elsewhere in the clause is not between.
    assert!(!flagged("نصب برای مشتری بر عهده‌ی فروشگاه است."));
}
