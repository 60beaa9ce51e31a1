"""Scores a table of support replies with lahn on Spark, and aggregates the scores per agent.

Input: Parquet or JSON Lines with a ``draft`` column and, optionally, ``id``,
``customer_message``, ``customer_name``, ``channel`` and the analyst's own columns (``agent``
by default for the aggregates). Output, under ``--output``:

- ``replies/``: one row per reply: ``id``, the kept columns, ``score``, one ``cat_<name>``
  column per category (its sub-score, 0–100) and ``findings`` (rule, category, severity,
  start, end, text, message, suggestion, replacement, penalty; ``start``/``end`` index the
  draft as a string of characters);
- ``agents/``: per agent: ``replies``, ``mean_score``, ``median_score``, ``under_threshold``
  and the mean sub-score of each category.

Each executor's Python worker builds one ``lahn.Coach`` the first time it needs one and keeps
it for every task after (``lahn.shared_coach``); each batch of rows is reviewed with ``review_many`` off the GIL.

    spark-submit --master yarn \\
      --archives lahn-env.tar.gz#env --conf spark.pyspark.python=./env/bin/python \\
      examples/spark/score_replies.py --input s3://bucket/replies/ --output s3://bucket/lahn/

See README.md beside this file for shipping the wheel.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, Optional

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

CATEGORIES = [
    "negativity",
    "personalization",
    "cliche",
    "length",
    "tone",
    "sandwich",
    "closing",
    "empathy",
    "clarity",
    "orthography",
]
INPUTS = ["draft", "customer_message", "customer_name", "channel"]
FINDING = (
    "struct<rule:string,category:string,severity:string,start:int,end:int,"
    "text:string,message:string,suggestion:string,replacement:string,penalty:int>"
)

def coach(config: Optional[str], lang: str):
    """The worker's coach: `lahn.shared_coach` builds it on a worker's first task and keeps it
    in the `lahn` module, which outlives tasks (Spark reuses a Python worker for task after
    task), so the rules are compiled once per worker, not once per task or batch."""
    import lahn

    return lahn.shared_coach(config, lang)


def result_schema(keep: list[str], input_schema) -> str:
    kept = ", ".join(f"`{c}` {input_schema[c].dataType.simpleString()}" for c in keep)
    cats = ", ".join(f"cat_{c} int" for c in CATEGORIES)
    return f"{kept + ', ' if kept else ''}score int, {cats}, findings array<{FINDING}>"


def score_batches(keep: list[str], config: Optional[str], lang: str, threads: int):
    """The function mapInPandas runs on each partition."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        c = coach(config, lang)
        for pdf in batches:
            rows = [
                {k: (v if isinstance(v, str) else None) for k, v in row.items()}
                for row in pdf.reindex(columns=INPUTS).to_dict("records")
            ]
            reports = c.review_many(rows, threads=threads)
            out = pdf[keep].copy() if keep else pd.DataFrame(index=pdf.index)
            # One dict per report (the getters build a new object on every call).
            reports = [r.to_dict() for r in reports]
            out["score"] = [r["score"] for r in reports]
            for cat in CATEGORIES:
                out[f"cat_{cat}"] = [r["categories"].get(cat, 100) for r in reports]
            out["findings"] = [r["findings"] for r in reports]
            yield out

    return run


def score(
    replies: DataFrame,
    keep: Optional[list[str]] = None,
    config: Optional[str] = None,
    lang: str = "fa",
    threads: int = 1,
) -> DataFrame:
    """Per-reply results of a DataFrame of replies, with the `keep` columns (default: every
    column but the review's inputs)."""
    if "draft" not in replies.columns:
        raise ValueError("the replies need a `draft` column")
    if keep is None:
        keep = [c for c in replies.columns if c not in INPUTS]
    missing = [c for c in keep if c not in replies.columns]
    if missing:
        raise ValueError(f"no such columns: {missing}")
    for col in INPUTS:
        if col not in replies.columns:
            replies = replies.withColumn(col, F.lit(None).cast("string"))
    if __name__ != "__main__":
        # Imported (a notebook, another job): send this module's functions by value, so
        # the executors need only lahn, not this file.
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    schema = result_schema(keep, replies.schema)
    return replies.mapInPandas(score_batches(keep, config, lang, threads), schema)


def per_agent(results: DataFrame, by: str = "agent", threshold: int = 70) -> DataFrame:
    """Count, mean and median score, replies under the threshold and the mean sub-score of
    each category, per value of `by`."""
    return (
        results.groupBy(by)
        .agg(
            F.count("*").alias("replies"),
            F.avg("score").alias("mean_score"),
            F.expr("percentile(score, 0.5)").alias("median_score"),
            F.sum((F.col("score") < threshold).cast("int")).alias("under_threshold"),
            *[F.avg(f"cat_{c}").alias(f"mean_{c}") for c in CATEGORIES],
        )
        .orderBy(by)
    )


def read(spark: SparkSession, path: str, fmt: Optional[str]) -> DataFrame:
    fmt = fmt or ("parquet" if path.rstrip("/").endswith(".parquet") or os.path.isdir(path) else "json")
    return spark.read.parquet(path) if fmt == "parquet" else spark.read.json(path)


def main(argv: Optional[list[str]] = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="Parquet or JSON Lines of replies")
    p.add_argument("--input-format", choices=["parquet", "json"])
    p.add_argument("--output", required=True, help="directory for replies/ and agents/")
    p.add_argument("--output-format", choices=["parquet", "json"], default="parquet")
    p.add_argument("--by", default="agent", help="column to aggregate by (default: agent)")
    p.add_argument("--keep", help="comma-separated columns to carry into the results")
    p.add_argument("--config", help="a lahn.toml readable by every executor (ship it with --files)")
    p.add_argument("--lang", default="fa", choices=["fa", "en"])
    p.add_argument("--threshold", type=int, default=70)
    p.add_argument("--threads", type=int, default=1, help="threads per task (Spark already runs a task per core)")
    args = p.parse_args(argv)

    spark = SparkSession.builder.appName("lahn-score-replies").getOrCreate()
    replies = read(spark, args.input, args.input_format)
    keep = args.keep.split(",") if args.keep else None
    results = score(replies, keep, args.config, args.lang, args.threads).cache()
    write = lambda df, name: df.write.mode("overwrite").format(args.output_format).save(  # noqa: E731
        os.path.join(args.output, name)
    )
    write(results, "replies")
    if args.by in results.columns:
        write(per_agent(results, args.by, args.threshold), "agents")
    results.unpersist()


if __name__ == "__main__":
    main()
