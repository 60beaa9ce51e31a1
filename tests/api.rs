//! The public API's promises: thread safety, serde, builder errors, spans and offsets.

use lahn::{Category, Channel, Coach, CoachBuilder, Draft, Error, Finding, Report, Severity};

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Coach>();
    assert_send_sync::<CoachBuilder>();
    assert_send_sync::<Report>();
    assert_send_sync::<Finding>();
    assert_send_sync::<Draft>();
    assert_send_sync::<Error>();
}

#[test]
fn builder_is_clone_debug_default() {
    fn assert_traits<T: Clone + std::fmt::Debug + Default>() {}
    assert_traits::<CoachBuilder>();
}

#[test]
fn report_round_trips_through_json() {
    let coach = Coach::default();
    let draft = Draft::new("متاسفانه تخفیف دانشجویي نداريم.")
        .customer_name("نازنین")
        .channel(Channel::Chat);
    let report = coach.review(&draft);
    let json = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    assert!(json.contains("\"category\":\"negativity\""), "{json}");
}

#[test]
fn score_is_100_less_penalties() {
    let coach = Coach::default();
    for text in [
        "خیر ما آن چه میخواهید را نداریم.",
        "سلام",
        "",
        "   ",
        "نه!!!",
    ] {
        let report = coach.review(
            &Draft::new(text)
                .customer_name("کامران")
                .channel(Channel::Email),
        );
        let lost: u32 = report.findings.iter().map(|f| f.penalty).sum();
        assert_eq!(report.score, 100 - lost, "{text:?}");
        for f in &report.findings {
            if f.severity == Severity::Info {
                assert_eq!(f.penalty, 0);
            }
        }
    }
}

#[test]
fn empty_and_blank_drafts_get_a_clean_report() {
    let coach = Coach::default();
    for text in ["", " ", "\n\t\u{200C}\u{200F}", "...!!!؟"] {
        let report = coach.review(
            &Draft::new(text)
                .customer_name("سارا")
                .channel(Channel::Chat),
        );
        assert_eq!(report.score, 100, "{text:?}");
        assert!(
            report.findings.is_empty(),
            "{text:?}: {:?}",
            report.findings
        );
        // The same blank draft answering a customer is no answer at all.
        let answering = coach.review(
            &Draft::new(text)
                .customer_message("سلام، سفارشم هنوز نرسیده!")
                .channel(Channel::Chat),
        );
        assert!(answering.score < 100, "{text:?}");
        let rules: Vec<&str> = answering.findings.iter().map(|f| &*f.rule).collect();
        assert_eq!(rules, ["length-empty-reply"], "{text:?}");
    }
}

/// A condition is read across the clauses of its sentence, and a hostile text may hold tens
/// of thousands of them: the reading neither overflows the stack nor reads each clause again
/// for every verb. The last clause is still read as inside the condition.
#[test]
fn a_sentence_of_fifty_thousand_clauses_is_read() {
    let coach = Coach::default();
    for link in ["کالا، ", "یا سفارش لغو شد، "] {
        let text = format!("اگر کالا، {}یا سفارش شما لغو شد.", link.repeat(50_000));
        let report = coach.review(&Draft::new(text.as_str()));
        let last = text.rfind("لغو شد").unwrap();
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule.as_ref() == "negativity-rejection" && f.span.start >= last),
            "{link:?}"
        );
    }
}

/// A clause may open with «و», as a draft continuing a thread does: there is then no
/// complement before it to borrow the verb after it.
#[test]
fn a_draft_opening_with_and_is_read() {
    let coach = Coach::default();
    for text in [
        "و لغو شد",
        "و سفارش شما لغو شد.",
        "و\u{1}\u{8}\0سرویس شما از دسترس خارج شد.",
    ] {
        let report = coach.review(&Draft::new(text).channel(Channel::Chat));
        assert!(
            report
                .findings
                .iter()
                .any(|f| &*f.rule == "negativity-rejection"),
            "{text:?}: {:?}",
            report.findings
        );
    }
}

#[test]
fn spans_convert_to_chars_and_utf16() {
    let coach = Coach::default();
    let text = "😀 سلام، نمی‌توانیم.";
    let report = coach.review(&Draft::new(text));
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "negativity-inability")
        .unwrap();
    assert_eq!(f.span.text(text), "نمی‌توانیم");
    assert_eq!(f.span.to_chars(text), 8..18);
    assert_eq!(f.span.to_utf16(text), 9..19);
}

#[test]
fn settings_rules_and_categories_can_be_turned_off() {
    let draft = Draft::new("مشتري گرامی، خیر. نمیتونیم.").channel(Channel::Chat);
    let all = Coach::default().review(&draft);
    assert!(all.flags(Category::Negativity) && all.flags(Category::Orthography));
    let coach = Coach::builder()
        .disable_category(Category::Orthography)
        .disable_rule("negativity-refusal")
        .severity("negativity-inability", Severity::Info)
        .build()
        .unwrap();
    let some = coach.review(&draft);
    assert!(!some.flags(Category::Orthography));
    assert!(!some.flags(Category::Negativity));
    assert!(!some.categories.contains_key(&Category::Orthography));
    assert!(some
        .findings
        .iter()
        .any(|f| &*f.rule == "negativity-inability" && f.severity == Severity::Info));
}

#[test]
fn unknown_rule_ids_and_bad_packs_are_errors() {
    let e = Coach::builder()
        .disable_rule("no-such-rule")
        .build()
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown rule `no-such-rule`");
    let e = Coach::builder()
        .pack("team/x.toml", "id = \"x\"\nseverity = 3\n")
        .build()
        .unwrap_err();
    assert!(e.to_string().starts_with("team/x.toml:2:12: "), "{e}");
    let e = Coach::builder()
        .rule_dir("/no/such/dir")
        .build()
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("cannot read rule directory /no/such/dir"),
        "{e}"
    );
}

#[test]
fn english_messages_on_request() {
    let coach = Coach::builder().lang(lahn::Lang::En).build().unwrap();
    let report = coach.review(&Draft::new("نمیتونیم."));
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "negativity-inability")
        .unwrap();
    assert!(f.message.is_ascii(), "{}", f.message);
}

#[test]
fn one_coach_serves_many_threads() {
    let coach = Coach::default();
    let want = coach.review(&Draft::new("نه، قسطی نمی‌فروشیم.")).score;
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..50 {
                    assert_eq!(coach.review(&Draft::new("نه، قسطی نمی‌فروشیم.")).score, want);
                }
            });
        }
    });
}

/// Writes a team's word class `class` with `words` (TOML strings) into `dir/lexicon/`.
fn write_class(dir: &std::path::Path, class: &str, words: &str) {
    std::fs::create_dir_all(dir.join("lexicon")).unwrap();
    std::fs::write(
        dir.join(format!("lexicon/{class}.toml")),
        format!("class = \"{class}\"\nwords = [{words}]\n"),
    )
    .unwrap();
}

#[test]
fn a_team_lexicon_extends_the_word_classes() {
    use lahn::{Category, Channel, Coach, Draft};
    let dir = tempfile::tempdir().unwrap();
    // A brand's own closing line, and a brand word for a fee.
    write_class(dir.path(), "offers", "\"پشتیبان همیشگی شما\"");
    write_class(dir.path(), "bad-thing", "\"حق‌السهم\"");
    // A title the team's customers are addressed with: the word after it is their name.
    write_class(dir.path(), "before-name", "\"سرور\"");
    let team = Coach::builder().rule_dir(dir.path()).build().unwrap();
    let plain = Coach::default();
    let titled = Draft::new("سرور محمودی، درخواست شما ثبت شد.").customer_name("محمدی");
    let rules = |c: &Coach| -> Vec<String> {
        c.review(&titled)
            .findings
            .iter()
            .map(|f| f.rule.to_string())
            .collect()
    };
    assert!(rules(&plain).contains(&"personalization-name-missing".into()));
    assert!(rules(&team).contains(&"personalization-name-misspelled".into()));
    let closing =
        Draft::new("سفارش شما امروز ارسال شد. پشتیبان همیشگی شما، تیم لحن").channel(Channel::Chat);
    assert!(plain.review(&closing).flags(Category::Closing));
    assert!(!team.review(&closing).flags(Category::Closing));
    // Negating the team's bad thing is good news, not a refusal.
    let good = Draft::new("هیچ حق‌السهمی از شما نمی‌خواهیم.");
    assert!(plain.review(&good).flags(Category::Negativity));
    assert!(!team.review(&good).flags(Category::Negativity));
    // A malformed class file names its file.
    std::fs::write(
        dir.path().join("lexicon/broken.toml"),
        "class = \"other\"\nwords = []\n",
    )
    .unwrap();
    let e = Coach::builder().rule_dir(dir.path()).build().unwrap_err();
    assert!(e.to_string().contains("broken.toml"), "{e}");
}

/// The classes a frame reads only where it stands (`only_after`, the clause openers) are
/// looked up there rather than marked in every text: a team's words extend them all the same.
#[test]
fn a_team_extends_the_classes_read_around_a_verb() {
    use lahn::{Coach, Draft};
    let dir = tempfile::tempdir().unwrap();
    write_class(dir.path(), "modal-lead", "\"ظاهرا\"");
    write_class(dir.path(), "conjunction", "\"هرگاه\"");
    let team = Coach::builder().rule_dir(dir.path()).build().unwrap();
    let plain = Coach::default();
    let inability = |c: &Coach, text: &str| {
        c.review(&Draft::new(text))
            .findings
            .iter()
            .any(|f| &*f.rule == "negativity-inability")
    };
    // «ظاهراً» before «نمیشه» leaves it standing alone: "it can't be done".
    let lead = "ظاهرا نمیشه.";
    assert!(!inability(&plain, lead));
    assert!(inability(&team, lead));
    // After «هرگاه» the verb belongs to a new clause: «نمی‌شه» is a passive.
    let opened = "این فرم ذخیره نمی‌شه هرگاه آدرس رو عوض کنیم.";
    assert!(inability(&plain, opened));
    assert!(!inability(&team, opened));
}

/// A word list is matched as written: a team's prefix entry there would match nothing, and
/// is refused with a message naming its file; in a frame class it is a prefix.
#[test]
fn a_prefix_in_a_team_word_list_is_refused() {
    use lahn::{Coach, Draft};
    let dir = tempfile::tempdir().unwrap();
    write_class(dir.path(), "apology", "\"عذرخواهی*\"");
    let e = Coach::builder().rule_dir(dir.path()).build().unwrap_err();
    let e = e.to_string();
    assert!(
        e.contains("apology.toml") && e.contains("matched as written"),
        "{e}"
    );
    std::fs::remove_file(dir.path().join("lexicon/apology.toml")).unwrap();
    write_class(dir.path(), "cancel", "\"ریجکت*\"");
    let team = Coach::builder().rule_dir(dir.path()).build().unwrap();
    let r = team.review(&Draft::new("درخواست شما ریجکتیده شد."));
    assert!(
        r.findings
            .iter()
            .any(|f| &*f.rule == "negativity-rejection"),
        "{r:?}"
    );
}

/// A team pack that replaces a check rule replaces all of its wording, the variants and the
/// pieces the check fills in included; what it leaves out falls back to the embedded text.
#[test]
fn a_team_override_of_a_check_rule_owns_all_its_text() {
    let pack = r#"id = "personalization-name-missing"
category = "personalization"
severity = "warning"
check = "personalization_name_missing"
message.fa = "نام مشتری را بنویسید."
message.en = "Write the customer's name ({name})."
[text]
message-canned = { fa = "جای‌نگهدار نام را بگذارید.", en = "Add {name}." }
[doc]
what = { fa = "نام.", en = "The name." }
why = { fa = "نام.", en = "The name." }
[[bad]]
text = "سفارش شما رسید."
[[good]]
text = "{{first_name}} عزیز، سفارش شما رسید."
"#;
    let coach = Coach::builder()
        .pack("team/personalization-name-missing.toml", pack)
        .lang(lahn::Lang::En)
        .build()
        .unwrap();
    let known = Draft::new("سفارش شما رسید.").customer_name("ساره");
    assert_eq!(
        message_of(&coach, &known, "personalization-name-missing"),
        "Write the customer's name (ساره)."
    );
    let mut settings = coach.settings().clone();
    settings.require_name = true;
    let canned = Coach::builder()
        .pack("team/personalization-name-missing.toml", pack)
        .settings(settings)
        .lang(lahn::Lang::En)
        .build()
        .unwrap();
    let canned_draft = Draft::new("سفارش شما رسید.");
    assert_eq!(
        message_of(&canned, &canned_draft, "personalization-name-missing"),
        "Add {{ticket.requester.first_name}}."
    );

    // A team's length-channel without a [text] table still gets the embedded pieces.
    let length = r#"id = "length-channel"
category = "length"
severity = "warning"
check = "length_channel"
message.fa = "طولانی: {size}"
message.en = "Long: {size} for {channel}"
[doc]
what = { fa = "طول.", en = "Length." }
why = { fa = "طول.", en = "Length." }
[[bad]]
text = "x"
[[good]]
text = "y"
"#;
    for (lang, want) in [
        (lahn::Lang::En, "Long: 2 SMS parts (75 units) for sms"),
        (lahn::Lang::Fa, "طولانی: ۲ بخش پیامک (۷۵ نویسه)"),
    ] {
        let coach = Coach::builder()
            .pack("team/length-channel.toml", length)
            .lang(lang)
            .build()
            .unwrap();
        let draft = Draft::new("س".repeat(75)).channel(Channel::Sms);
        assert_eq!(message_of(&coach, &draft, "length-channel"), want);
    }
}

/// The message of `rule`'s finding on `draft`.
fn message_of(coach: &Coach, draft: &Draft, rule: &str) -> String {
    let report = coach.review(draft);
    let found = report.findings.iter().find(|f| &*f.rule == rule);
    found
        .unwrap_or_else(|| panic!("{rule} not flagged"))
        .message
        .to_string()
}

#[test]
fn accepted_words_are_given_as_any_strings() {
    let draft = Draft::new("کلید API شما فعال شد.");
    let jargon = |coach: &Coach| {
        coach
            .review(&draft)
            .findings
            .iter()
            .any(|f| &*f.rule == "clarity-jargon")
    };
    assert!(jargon(&Coach::default()));
    let words = vec!["API".to_owned()];
    for coach in [
        Coach::builder().accept(["API"]).build().unwrap(),
        Coach::builder().accept(&words).build().unwrap(),
        Coach::builder().accept(words.clone()).build().unwrap(),
    ] {
        assert!(!jargon(&coach));
    }
}

/// Findings that say the same share one message and one suggestion, across drafts too: a
/// library of macros has tens of thousands of findings and a few dozen messages. A message
/// with fields is filled for its finding.
#[test]
fn findings_share_the_messages_they_have_in_common() {
    let coach = Coach::default();
    let first = coach.review(&Draft::new("متاسفانه نمیتونیم کمک کنیم. متاسفانه نمیشه."));
    let second = coach.review(&Draft::new("سلام، ما نمی‌توانیم این کار را انجام دهیم."));
    let of = |r: &Report| -> Vec<Finding> {
        r.findings
            .iter()
            .filter(|f| &*f.rule == "negativity-inability")
            .cloned()
            .collect()
    };
    let (first, second) = (of(&first), of(&second));
    assert!(
        first.len() >= 2 && !second.is_empty(),
        "{first:?} {second:?}"
    );
    for f in first.iter().chain(&second) {
        assert!(std::sync::Arc::ptr_eq(&f.message, &first[0].message));
        let (s, t) = (f.suggestion.as_ref(), first[0].suggestion.as_ref());
        assert!(s.zip(t).is_some_and(|(s, t)| std::sync::Arc::ptr_eq(s, t)));
    }

    let long = "این پاسخ خیلی طولانی است و ".repeat(40);
    let report = coach.review(&Draft::new(long).channel(Channel::Sms));
    let length = report
        .findings
        .iter()
        .find(|f| &*f.rule == "length-channel")
        .expect("too long for an SMS");
    assert!(!length.message.contains('{'), "{}", length.message);
}

/// A casual Persian reply is advised in its own register: the closing and the empathy it
/// lacks are suggested in colloquial Persian (the rules' `suggestion-colloquial`), a formal
/// reply gets the rules' suggestions, and an English coach keeps its English ones.
#[test]
fn casual_replies_get_casual_suggestions() {
    let customer = "سلام، سفارشم خراب رسیده و خیلی ناراحتم!";
    let casual = "سفارشت رو دوباره می‌فرستیم، فردا میرسه دستت.";
    let formal = "سفارش شما مجدداً ارسال خواهد شد و فردا به دستتان می‌رسد.";
    let suggestion = |lang: lahn::Lang, text: &str, rule: &str| {
        let coach = Coach::builder().lang(lang).build().unwrap();
        let draft = Draft::new(text)
            .customer_message(customer)
            .channel(Channel::Chat);
        let report = coach.review(&draft);
        let f = report.findings.iter().find(|f| &*f.rule == rule);
        let f = f.unwrap_or_else(|| panic!("{rule} on {text}: {:?}", report.findings));
        f.suggestion.as_deref().unwrap_or_default().to_owned()
    };
    for (rule, said) in [
        ("closing-missing", "اگه سوال دیگه‌ای داشتی"),
        ("empathy-missing", "ببخشید که اذیت شدی"),
    ] {
        assert!(
            suggestion(lahn::Lang::Fa, casual, rule).contains(said),
            "{rule}"
        );
        assert!(
            !suggestion(lahn::Lang::Fa, formal, rule).contains(said),
            "{rule}"
        );
        assert!(suggestion(lahn::Lang::En, casual, rule).starts_with(char::is_alphabetic));
        assert!(
            !suggestion(lahn::Lang::En, casual, rule).contains(said),
            "{rule}"
        );
    }
}

/// The words a check puts together are the rule's text: a team's sandwich-bad-news with its
/// own pieces builds its own skeleton around the draft's sentence, in the draft's register.
#[test]
fn a_team_words_the_sandwich_skeleton() {
    let pack = r#"id = "sandwich-bad-news"
category = "sandwich"
severity = "warning"
check = "sandwich_bad_news"
message = { fa = "خبر بد تنهاست: {missing}.", en = "Bare: {missing}." }
suggestion = { fa = "ساندویچ کنید.", en = "Sandwich it." }
[text]
missing-both = { fa = "دو طرفش", en = "both sides" }
before = { fa = "[تشکر]", en = "[thanks]" }
after = { fa = "[راه بعدی]", en = "[next step]" }
before-colloquial = { fa = "[مرسی]", en = "[thanks]" }
[doc]
what = { fa = "خبر.", en = "News." }
why = { fa = "خبر.", en = "News." }
[[bad]]
text = "متاسفانه این کالا موجود نیست."
[[good]]
text = "ممنون از صبرتان."
"#;
    let coach = |lang| {
        Coach::builder()
            .pack("team/sandwich-bad-news.toml", pack)
            .lang(lang)
            .build()
            .unwrap()
    };
    let flagged = |lang, text: &str| {
        let report = coach(lang).review(&Draft::new(text));
        let f = report
            .findings
            .iter()
            .find(|f| &*f.rule == "sandwich-bad-news");
        let f = f
            .unwrap_or_else(|| panic!("{text}: {:?}", report.findings))
            .clone();
        (
            f.message.to_string(),
            f.suggestion.as_deref().unwrap().to_owned(),
        )
    };
    let formal = "متأسفانه این کالا در حال حاضر موجود نیست.";
    assert_eq!(
        flagged(lahn::Lang::Fa, formal),
        (
            "خبر بد تنهاست: دو طرفش.".into(),
            format!("[تشکر] {formal} [راه بعدی]")
        )
    );
    assert_eq!(
        flagged(lahn::Lang::En, formal),
        (
            "Bare: both sides.".into(),
            format!("[thanks] {formal} [next step]")
        )
    );
    // Casual: its own opening; no casual close, so the plain one.
    let casual = "متاسفانه این کالا الان موجود نیست دیگه.";
    assert_eq!(
        flagged(lahn::Lang::Fa, casual).1,
        format!("[مرسی] {casual} [راه بعدی]")
    );
}

#[test]
fn a_team_phrase_may_repeat_a_bundled_one() {
    // «timeout» is also a phrase of the bundled clarity-jargon rule: each rule still finds it,
    // and a team's phrase with a gap is read beside the bundled ones.
    let pack = "id = \"team-words\"\ncategory = \"cliche\"\nseverity = \"warning\"\n\
         message.fa = \"x\"\nmessage.en = \"x\"\n[doc]\nwhat.fa = \"x\"\nwhat.en = \"x\"\n\
         why.fa = \"y\"\nwhy.en = \"y\"\n[match]\nphrases = [\"timeout\", \"ارسال … شد\"]\n";
    let draft = Draft::new("سفارش دیروز ارسال شد ولی درگاه پرداخت timeout داد.");
    let rules_of = |coach: &Coach| -> Vec<(String, String)> {
        let report = coach.review(&draft);
        let mut found: Vec<(String, String)> = report
            .findings
            .iter()
            .filter(|f| &*f.rule == "team-words" || &*f.rule == "clarity-jargon")
            .map(|f| {
                (
                    f.rule.to_string(),
                    draft.text[f.span.start..f.span.end].to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let bundled = Coach::builder().build().unwrap();
    assert_eq!(
        rules_of(&bundled),
        [("clarity-jargon".to_owned(), "timeout".to_owned())]
    );
    let team = Coach::builder()
        .pack("team/team-words.toml", pack)
        .build()
        .unwrap();
    assert_eq!(
        rules_of(&team),
        [
            ("clarity-jargon".to_owned(), "timeout".to_owned()),
            ("team-words".to_owned(), "timeout".to_owned()),
            ("team-words".to_owned(), "ارسال شد".to_owned()),
        ]
    );
}
