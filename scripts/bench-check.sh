#!/usr/bin/env bash
# Benchmarks `lahn check` over 10,000 generated macros (about 5 MB): once as one Zendesk
# export, once as 10,000 small files. Reports the median wall time of several runs and the
# peak memory (max RSS). Usage: scripts/bench-check.sh [RUNS]
# Uses python3 to generate the macros and /usr/bin/time to measure.
set -euo pipefail
RUNS=${1:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# LAHN=path/to/lahn measures a binary already built.
if [ -z "${LAHN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  LAHN=$CARGO_TARGET_DIR/release/lahn
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import json, os, random, sys
random.seed(7)
work = sys.argv[1]
opens = ["سلام {{ticket.requester.first_name}} عزیز،", "سلام {{ticket.requester.first_name}}،",
         "مشتری گرامی،", "سلام،", "{{ticket.requester.first_name}} جان سلام،"]
middles = [
    "سفارش شما امروز از انبار خارج شد و تا پنجشنبه به دست‌تان می‌رسد.",
    "متاسفانه نمیتونیم این کالا را پس بگیریم چون بسته باز شده است.",
    "از صبر و شکیبایی شما سپاسگزاریم؛ همکاران ما در حال بررسی هستند.",
    "برای تغییر رمز کافی است روی «فراموشی رمز» بزنید تا پیوند تازه برای‌تان بیاید.",
    "خطای 502 به خاطر timeout در load balancer بود و برطرف شد.",
    "مبلغ بازپرداخت تا سه روز کاری به کارت‌تان برمی‌گردد و پیامک تأیید هم می‌گیرید.",
    "باید شماره سفارش را دوباره وارد کنید تا درخواست ثبت شود.",
    "کد تخفیف تازه‌ی شما «بهار۱۴۰۳» است و تا آخر ماه اعتبار دارد.",
    "تماس شما برای ما بسيار مهم است و در اسرع وقت پاسخ می‌دهیم.",
    "این مدل فعلا موجود نیست ولی نسخه‌ی مشابه آن را با همان قیمت داریم.",
]
closes = ["اگر سوال دیگری دارید، در خدمتم.", "امری باشه؟", "کمک دیگری از دست من ساخته است؟", ""]
def body():
    parts = [random.choice(opens)] + random.sample(middles, 4) + [random.choice(closes)]
    return "\n".join(p for p in parts if p)
macros = []
os.makedirs(f"{work}/files")
for i in range(10000):
    b = body()
    macros.append({"id": 900000 + i, "title": f"پاسخ {i}", "active": True,
                   "actions": [{"field": "comment_value", "value": b}]})
    with open(f"{work}/files/m{i:05}.txt", "w") as f:
        f.write(b + "\n")
with open(f"{work}/export.json", "w") as f:
    json.dump({"macros": macros, "count": len(macros)}, f, ensure_ascii=False, indent=1)
PY
echo "export: $(du -h "$WORK/export.json" | cut -f1), files: $(du -sh "$WORK/files" | cut -f1) in $(ls "$WORK/files" | wc -l) files"

measure() {
  local name=$1; shift
  local times=() rss=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f "%e %M" "$LAHN" check "$@" --isolated -q --format json >/dev/null || true; } 2>&1 | tail -1)
    times+=("${out% *}"); rss+=("${out#* }")
  done
  local med_t med_m
  med_t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  med_m=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[NR]}')
  printf '%-28s median %6.3f s   peak RSS %7.1f MB   (runs: %s)\n' "$name" "$med_t" "$(echo "$med_m/1024" | bc -l)" "${times[*]}"
}
cd "$WORK"
measure "one Zendesk export (10k)" export.json
measure "10,000 small files" files
