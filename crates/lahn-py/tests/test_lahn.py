"""The Python package: reviews, offsets as string indices, many drafts on many threads, fixes
and the errors of bad configs and rule packs."""

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

import lahn

ROOT = Path(__file__).resolve().parents[3]

DRAFTS = [
    # colloquial, no ZWNJ
    "سلام، نمیتونیم سفارش رو عوض کنیم.",
    # Arabic ي and ك, a placeholder, emoji
    "{{name}} عزيز، مشكل شما حل شد 😂",
    # formal, bureaucratic
    "با سلام، احتراماً به استحضار می‌رساند درخواست شما در دست بررسی است.",
    # mixed digits, %s placeholder, $name
    "%s جان، کد ۱۲۳45 را وارد کنید. $name باید صبر کنید!",
    # notification style
    "مشتری گرامی، سفارش شما ارسال شد.",
    # a good reply
    "سپیده جان، واقعاً ببخشید که منتظر ماندی. بسته‌ات امروز ساعت ۱۸ تحویل می‌شود. اگر سؤال دیگری داری، در خدمتم.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def coach():
    return lahn.Coach()


def test_a_review_has_a_score_categories_and_findings(coach):
    r = coach.review("سلام، نمیتونیم کاری بکنیم.", customer_message="سفارشم کجاست؟!!!", channel="chat")
    assert 0 <= r.score < 100
    assert set(r.categories) >= {"negativity", "empathy", "tone"}
    assert all(0 <= v <= 100 for v in r.categories.values())
    rules = [f.rule for f in r.findings]
    assert "negativity-inability" in rules
    # The score is 100 less what the findings took.
    assert r.score == 100 - sum(f.penalty for f in r.findings)
    d = r.to_dict()
    assert d["score"] == r.score and len(d["findings"]) == len(r.findings)
    json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize("draft", DRAFTS)
def test_offsets_are_python_string_indices(coach, draft):
    # Emoji and ZWNJ first, so byte and UTF-16 offsets would differ from string indices.
    text = "😂\u200c" + draft
    for f in coach.review(text, customer_name="سپیده").findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text


def test_offsets_match_lahn_batch_converted_to_characters(coach):
    """The same findings as the command line, whose offsets are bytes of UTF-8."""
    binary = os.environ.get("LAHN_BIN")
    cargo = shutil.which("cargo")
    if binary is None and cargo is None:
        pytest.skip("no lahn binary (LAHN_BIN) and no cargo to build one")
    cmd = [binary] if binary else [cargo, "run", "-q", "-p", "lahn-cli", "--"]
    lines = "\n".join(json.dumps({"id": i, "draft": d}) for i, d in enumerate(DRAFTS)) + "\n"
    out = subprocess.run(
        cmd + ["batch", "--isolated"],
        input=lines.encode(),
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    for draft, line in zip(DRAFTS, out.stdout.decode().splitlines()):
        batch = json.loads(line)
        mine = coach.review(draft)
        assert mine.score == batch["score"]
        assert mine.categories == batch["categories"]
        raw = draft.encode()
        got = [(f.rule, f.start, f.end) for f in mine.findings]
        want = [
            (f["rule"], len(raw[: f["start"]].decode()), len(raw[: f["end"]].decode()))
            for f in batch["findings"]
        ]
        assert got == want


def test_review_many_keeps_order_and_matches_review(coach):
    rows = [
        {"draft": d, "customer_name": "سپیده", "channel": "sms" if i % 2 else None, "agent": "x"}
        for i, d in enumerate(DRAFTS * 40)
    ]
    rows[3] = DRAFTS[3]  # a plain string is a draft too
    many = coach.review_many(rows, threads=2)
    assert len(many) == len(rows)
    for row, r in zip(rows, many):
        one = (
            coach.review(row)
            if isinstance(row, str)
            else coach.review(row["draft"], customer_name=row["customer_name"], channel=row["channel"])
        )
        assert r.to_dict() == one.to_dict()
    assert coach.review_many([]) == []
    assert [r.score for r in coach.review_many(iter(DRAFTS), threads=64)] == [
        coach.review(d).score for d in DRAFTS
    ]


def test_review_many_releases_the_gil(coach):
    """Another Python thread runs while a long review_many is under way."""
    rows = DRAFTS * 3000
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    coach.review_many(rows, threads=1)
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during > 5, during


@pytest.mark.parametrize(
    "rows, error",
    [
        ([{"text": "x"}], ValueError),
        ([{"draft": 5}], TypeError),
        ([5], TypeError),
        ([{"draft": "x", "channel": "fax"}], ValueError),
        (5, TypeError),
    ],
)
def test_bad_rows_raise_and_name_the_row(coach, rows, error):
    with pytest.raises(error) as e:
        coach.review_many(["سلام"] + rows if isinstance(rows, list) else rows)
    if isinstance(rows, list):
        assert "row 1" in str(e.value)


def test_a_shared_coach_is_built_once_per_process(tmp_path):
    assert lahn.shared_coach() is lahn.shared_coach()
    assert lahn.shared_coach(lang="en") is not lahn.shared_coach()
    assert lahn.shared_coach(lang="en").lang == "en"
    with pytest.raises(lahn.ConfigError):
        lahn.shared_coach(config=str(tmp_path / "missing.toml"))


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        lahn.Coach(lang="de")
    with pytest.raises(ValueError):
        lahn.Coach().review("سلام", channel="fax")
    with pytest.raises(TypeError):
        lahn.Coach().review(None)


def test_messages_in_english_on_request():
    fa = lahn.Coach().review("نمیتونیم.").findings[0].message
    en = lahn.Coach(lang="en").review("نمیتونیم.").findings[0].message
    assert lahn.Coach(lang="en").lang == "en"
    assert any("\u0600" <= c <= "\u06ff" for c in fa)
    assert en.isascii()


def test_fix_applies_the_safe_fixes():
    fixed = lahn.fix("مشتري عزيز، ميتوانيد پيگيري كنيد")
    assert "ي" not in fixed and "ك" not in fixed
    assert fixed == lahn.fix(fixed)
    assert lahn.Coach().fix("مشتري عزيز") == lahn.fix("مشتري عزيز")
    assert lahn.fix("") == ""


def test_a_config_is_applied(tmp_path):
    cfg = tmp_path / "lahn.toml"
    cfg.write_text('disable = ["negativity"]\n', encoding="utf-8")
    r = lahn.Coach(config=cfg).review("نمیتونیم کاری بکنیم.")
    assert all(f.category != "negativity" for f in r.findings)
    assert lahn.Coach(config=str(cfg)).review("نمیتونیم.").to_dict() == r.__class__.to_dict(
        lahn.Coach(config=cfg).review("نمیتونیم.")
    )


def test_a_bad_config_raises_with_file_and_line(tmp_path):
    cfg = tmp_path / "lahn.toml"
    cfg.write_text('lang = "fa"\n\ndisable = ["negativity-inabilty"]\n', encoding="utf-8")
    with pytest.raises(lahn.ConfigError) as e:
        lahn.Coach(config=cfg)
    assert e.value.file == str(cfg)
    assert e.value.line == 3
    assert e.value.column >= 1
    assert "negativity-inabilty" in str(e.value)
    assert isinstance(e.value, lahn.LahnError)


def test_a_bad_rule_pack_raises_with_its_file_and_line(tmp_path):
    packs = tmp_path / "team-rules"
    packs.mkdir()
    (packs / "broken.toml").write_text(
        'id = "team-broken"\ncategory = "tone"\nseverity = "loud"\n', encoding="utf-8"
    )
    cfg = tmp_path / "lahn.toml"
    cfg.write_text('rule_dirs = ["team-rules"]\n', encoding="utf-8")
    with pytest.raises(lahn.ConfigError) as e:
        lahn.Coach(config=cfg)
    assert e.value.file.endswith("broken.toml"), e.value.file
    assert e.value.line == 3
    assert e.value.message


def test_a_missing_config_raises(tmp_path):
    with pytest.raises(lahn.ConfigError) as e:
        lahn.Coach(config=tmp_path / "nope.toml")
    assert e.value.file.endswith("nope.toml")
    assert e.value.line is None


def test_the_package_is_typed():
    pkg = Path(lahn.__file__).parent
    assert (pkg / "py.typed").exists()
    stub = (pkg / "_lahn.pyi").read_text(encoding="utf-8")
    for name in ["class Coach", "def review_many", "class Report", "class Finding", "def fix", "class ConfigError"]:
        assert name in stub
    assert lahn.Coach.review.__doc__ and lahn.Coach.review_many.__doc__
    assert lahn.__version__


def test_the_examples_in_the_docs_hold():
    import doctest

    assert doctest.testmod(lahn).failed == 0
    readme = (ROOT / "crates" / "lahn-py" / "README.md").read_text(encoding="utf-8")
    session = readme.split("```pycon\n")[1].split("```")[0]
    test = doctest.DocTestParser().get_doctest(session, {"lahn": lahn}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0


def test_the_readme_pandas_example_runs(tmp_path):
    pd = pytest.importorskip("pandas")
    readme = (ROOT / "crates" / "lahn-py" / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n")[1].split("```")[0]
    os.chdir(tmp_path)
    (tmp_path / "replies.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "agent": f"a{i % 3}", "draft": d}, ensure_ascii=False) + "\n"
            for i, d in enumerate(DRAFTS)
        ),
        encoding="utf-8",
    )
    scope = {}
    exec(code, scope)
    df = scope["df"]
    assert isinstance(df, pd.DataFrame) and len(df) == len(DRAFTS)
    assert list(df["score"]) == [lahn.Coach().review(d).score for d in DRAFTS]
