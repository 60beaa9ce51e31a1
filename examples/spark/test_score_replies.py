"""The Spark job in local mode (local[2]) over a generated table: its per-reply results equal
`lahn batch` on the same rows, and its per-agent aggregates equal pandas over those.

Needs pyspark, pyarrow, pandas, the `lahn` package and Java; `.ci/python-package` installs
them and runs it. Where they are missing the module is skipped, except in CI (`CI=true`) or with
`LAHN_SPARK=1`, where a missing one is an error. `LAHN_BIN` names a built `lahn` binary
(default: `cargo run`).
"""

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import importlib

import pytest

REQUIRED = os.environ.get("LAHN_SPARK") == "1" or os.environ.get("CI") in ("true", "1")


def needed(name):
    """The module `name`: skipped without it, unless it is required, where its absence fails."""
    return importlib.import_module(name) if REQUIRED else pytest.importorskip(name)


pd = needed("pandas")
needed("pyarrow")
pyspark = needed("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import score_replies  # noqa: E402

OPENINGS = ["سلام", "با سلام", "{{name}} عزیز", "سپیده جان", "مشتري گرامي", "$name جان", "%s عزیز", ""]
BODIES = [
    "نمیتونیم سفارش رو عوض کنیم",
    "متاسفانه امکان بازگشت وجه وجود ندارد",
    "باید صبر کنید",
    "بسته‌تان امروز ساعت ۱۸ تحویل می‌شود",
    "همکاران ما در حال بررسی هستند 😂",
    "کد ۱۲۳45 را وارد کنید",
    "احتراماً به استحضار می‌رساند درخواست شما در دست بررسی است",
    "ممنون که خبر دادید، همین حالا پیگیری می‌کنم",
]
CLOSINGS = ["", "اگر سؤال دیگری دارید در خدمتم.", "روز خوش 🙂", "!!!"]
CUSTOMERS = [None, "سفارشم کجاست؟!!!", "با سلام، امکان ارسال فاکتور رسمی وجود دارد؟", "مرسی"]


def generated(n, seed=15):
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        draft = "، ".join(filter(None, [rnd.choice(OPENINGS), rnd.choice(BODIES)])) + ". " + rnd.choice(CLOSINGS)
        rows.append(
            {
                "id": f"r-{i}",
                "agent": f"agent-{rnd.randrange(7)}",
                "draft": draft.strip(),
                "customer_message": rnd.choice(CUSTOMERS),
                "customer_name": rnd.choice([None, "سپیده", "محمدرضا"]),
                "channel": rnd.choice([None, "chat", "email", "sms", "social"]),
                "day": f"2026-03-{1 + rnd.randrange(28):02d}",
            }
        )
    return rows


def lahn_batch(rows):
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    binary = os.environ.get("LAHN_BIN")
    cmd = [binary] if binary else [shutil.which("cargo"), "run", "-q", "-p", "lahn-cli", "--"]
    out = subprocess.run(cmd + ["batch", "--isolated"], input=lines, capture_output=True, cwd=ROOT, check=True)
    return [json.loads(l) for l in out.stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, the one with lahn and pandas installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("lahn-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield s
    s.stop()


@pytest.mark.parametrize("fmt", ["parquet", "json"])
def test_the_job_equals_lahn_batch(spark, tmp_path, fmt):
    rows = generated(3000 if fmt == "parquet" else 300)
    source = tmp_path / f"replies.{fmt}"
    if fmt == "parquet":
        spark.createDataFrame(pd.DataFrame(rows)).repartition(4).write.parquet(str(source))
    else:
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    out = tmp_path / "out"
    score_replies.main(["--input", str(source), "--input-format", fmt, "--output", str(out)])

    results = {r["id"]: r for r in (x.asDict(recursive=True) for x in spark.read.parquet(str(out / "replies")).collect())}
    assert len(results) == len(rows)
    batch = lahn_batch(rows)
    for row, b in zip(rows, batch):
        mine = results[row["id"]]
        assert mine["agent"] == row["agent"] and mine["day"] == row["day"]
        assert mine["score"] == b["score"], row
        assert {c: mine[f"cat_{c}"] for c in b["categories"]} == b["categories"]
        raw = row["draft"].encode()
        want = [(f["rule"], len(raw[: f["start"]].decode()), len(raw[: f["end"]].decode())) for f in b["findings"]]
        got = [(f["rule"], f["start"], f["end"]) for f in mine["findings"]]
        assert got == want, row
        assert all(row["draft"][f["start"] : f["end"]] == f["text"] for f in mine["findings"])

    # Per agent: the same figures as pandas over lahn batch's scores.
    frame = pd.DataFrame({"agent": [r["agent"] for r in rows], "score": [b["score"] for b in batch]})
    for cat in score_replies.CATEGORIES:
        frame[cat] = [b["categories"][cat] for b in batch]
    want = frame.groupby("agent").agg(
        replies=("score", "count"),
        mean_score=("score", "mean"),
        median_score=("score", "median"),
        under_threshold=("score", lambda s: int((s < 70).sum())),
        mean_negativity=("negativity", "mean"),
    )
    agents = spark.read.parquet(str(out / "agents")).toPandas().set_index("agent")
    assert sorted(agents.index) == sorted(want.index)
    for agent, w in want.iterrows():
        a = agents.loc[agent]
        assert a["replies"] == w["replies"]
        assert a["under_threshold"] == w["under_threshold"]
        for col in ["mean_score", "median_score", "mean_negativity"]:
            assert abs(a[col] - w[col]) < 1e-9, (agent, col)


def test_bad_input_is_a_clear_error(spark):
    df = spark.createDataFrame(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match="draft"):
        score_replies.score(df)
    df = spark.createDataFrame(pd.DataFrame({"draft": ["x"]}))
    with pytest.raises(ValueError, match="nope"):
        score_replies.score(df, keep=["nope"])
