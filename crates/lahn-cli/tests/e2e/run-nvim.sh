#!/usr/bin/env bash
# End-to-end test of `lahn lsp` in headless Neovim. Usage: run-nvim.sh [path/to/lahn]
# (default: $LAHN_BIN, else target/debug/lahn). Installs Neovim with apt-get when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-${LAHN_BIN:-$here/../../../../target/debug/lahn}}"
[ -x "$bin" ] || { echo "run-nvim.sh: no lahn binary at $bin" >&2; exit 2; }

if ! command -v nvim >/dev/null 2>&1; then
  echo "run-nvim.sh: installing neovim" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq neovim >/dev/null
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
cat >"$root/lahn.toml" <<'TOML'
[[reject]]
id = "brand-old-name"
phrases = ["دیجی‌کالا پلاس"]
replacement = "پلاس"
safe = true
TOML
# Line 5 holds an RLM, an emoji (two UTF-16 units) and ZWNJs before the flagged words.
zwnj=$'\xe2\x80\x8c'; rlm=$'\xe2\x80\x8f'
{
  printf -- '---\nname: ساره\nchannel: chat\n---\n'
  printf '%s😀 سلام ساره جان، عضویت دیجی%sکالا پلاس شما فعال شد؛ شما باید صبر کنید.\n' "$rlm" "$zwnj"
  printf 'اگر سؤال دیگری دارید، در خدمتم.\n'
} >"$root/reply.md"
export LAHN_E2E_WANT="${rlm}😀 سلام ساره جان، عضویت پلاس شما فعال شد؛ شما باید صبر کنید."
export LAHN_BIN="$bin" LAHN_E2E_ROOT="$root"

nvim --version | head -1
timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $here/lsp.lua" </dev/null
