#!/usr/bin/env bash
# Replays each fuzz target's seed corpus, then fuzzes it for SECONDS (default 30). Seeds come
# from examples/ and tests/conformance/ (the public CSV, TOML and credit-code suites), plus
# fuzz/regressions/TARGET/, where every input that once crashed a target is kept for good.
# A crash, a sanitizer report or a leak fails the run; its input is left in
# BUILD_DIR/fuzz-artifacts/.
# usage: run.sh BUILD_DIR SOURCE_DIR [SECONDS]
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
seconds=${3:-30}
[ -n "$seconds" ] || seconds=30
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"

# One seed file per example or conformance input; the CSV target's first byte picks the reader's
# buffer size, so its seeds get one.
seeds() { mkdir -p "$work/seed/$1"; echo "$work/seed/$1"; }
d=$(seeds csv)
for f in "$src"/examples/kundulun/*.csv "$src"/tests/conformance/csv-spectrum/csvs/*.csv; do
  { printf '\x10'; head -c 65536 "$f"; } >"$d/$(basename "$f")"
done
d=$(seeds toml_import)
cp "$src"/examples/kundulun/*.toml "$d/"
find "$src/tests/conformance/toml-test" -name '*.toml' | while read -r f; do cp "$f" "$d/$(echo "$f" | md5sum | cut -c1-12).toml"; done
d=$(seeds credit_code)
tail -n +2 "$src/tests/conformance/uscc/cases.tsv" | cut -f1 | awk -v d="$d" '{ printf "%s", $0 > (d "/code-" NR) }'
d=$(seeds values)
n=0
for v in 2015-06-30 2015/6/18 42170 2015-02-30 1900-01-01 2199-12-31 5万 28万 250000.00 12.345 1e9 -5 '¥1,000' 0.01 5万万 1元万 25万元 \
         100000000000000000 是 否 true false yes 24 0 1y 6m 90d; do
  n=$((n + 1))
  printf '%s' "$v" >"$d/value-$n"
done
d=$(seeds text)
n=0
for v in 广场舞队 '广场舞队 ' $'\xe5\xb9\xbf\xe2\x80\x8b' $'\xef\xbb\xbfK\xe6\xad\x8c' $'a\x1b[31mb' $'a\xc2\x9bb' $'\xe2\xbc\x88\xe6\xb0\x91' \
         $'\xef\xa4\x80' 'ＡＢＣ①' $'x\ty\r\nz' $'\xe2\x80\xae\xe2\x80\xa8' $'ab\xff'; do
  n=$((n + 1))
  printf '%s' "$v" >"$d/text-$n"
done
# The workbooks of the reader's tests: every kind of cell, damaged, hostile and foreign files.
d=$(seeds workbook)
for f in "$src"/tests/fixtures/sheets/*.xlsx "$src"/tests/fixtures/sheets/*.xlsb "$src"/tests/fixtures/sheets/*.ods \
         "$src"/tests/fixtures/sheets/*.zip "$src"/tests/fixtures/sheets/*.xls; do
  cp "$f" "$d/"
done
d=$(seeds cli)
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s' "$line" | tr ' ' '\0' >"$d/cli-$n"
done <"$src/fuzz/cli-seeds.txt"

passed=0
failed=0
for t in csv toml_import credit_code values text cli workbook; do
  bin=$build/fuzz/fuzz_$t
  corpus=$work/corpus/$t
  mkdir -p "$corpus"
  regress=$src/fuzz/regressions/$t
  dirs=("$work/seed/$t")
  [ -d "$regress" ] && dirs+=("$regress")
  # Replay: every seed and regression input once.
  if ! "$bin" -runs=0 -artifact_prefix="$artifacts/$t-" "${dirs[@]}" >"$work/$t.replay" 2>&1; then
    echo "FAIL fuzz $t: a seed or regression input fails"
    tail -n 40 "$work/$t.replay"
    failed=$((failed + 1))
    continue
  fi
  if ! "$bin" -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$t-" "$corpus" "${dirs[@]}" >"$work/$t.log" 2>&1; then
    echo "FAIL fuzz $t: after $(grep -c '' "$work/$t.log") lines of log"
    grep -A 30 -m 1 'ERROR\|==ERROR\|deadly signal\|Test unit written' "$work/$t.log" | head -n 60
    failed=$((failed + 1))
    continue
  fi
  stat() { grep "^stat::$1:" "$work/$t.log" | awk '{ print $2 }'; }
  echo "ok   fuzz $t: $(ls "${dirs[@]}" | grep -vc ':$\|^$') seeds replayed; ${seconds} s: $(stat number_of_executed_units) executions ($(stat average_exec_per_sec)/s), $(ls "$corpus" | wc -l) new inputs kept, peak $(stat peak_rss_mb) MB"
  passed=$((passed + 1))
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
