#!/usr/bin/env bash
# The benchmark figures cannot go stale unnoticed: bench/RESULTS.md exists, comes from a full run
# (1,000,000 rows, 3 runs), names the schema of the newest migration in schemas/migrations/, and
# the README quotes its figures unchanged between the markers bench/run.sh writes.
# usage: results.sh SOURCE_DIR
set -u
src=$(cd "$1" && pwd)
results=$src/bench/RESULTS.md
readme=$src/README.md
begin='<!-- bench/RESULTS.md figures: begin (bench/run.sh writes this block; do not edit) -->'
end='<!-- bench/RESULTS.md figures: end -->'
failed=0
fail() { echo "bench_results: $*" >&2; failed=$((failed + 1)); }
again="run 'bash bench/run.sh --rows 1000000 --runs 3' (see bench/README.md)"

if [ ! -f "$results" ]; then
  echo "bench_results: bench/RESULTS.md is missing: $again" >&2
  exit 1
fi
# field NAME: the first word of the "| NAME | value |" line of the Run table.
field() { sed -n "s/^| $1 | \([^ |]*\).*/\1/p" "$results" | head -n 1; }

rows=$(field rows)
[ "$rows" = 1000000 ] || fail "bench/RESULTS.md is a run of '${rows:-?}' rows, not 1000000: $again"
runs=$(field runs)
[ "$runs" = 3 ] || fail "bench/RESULTS.md is a run of '${runs:-?}' runs, not 3: $again"

newest=$(cd "$src/schemas/migrations" && ls | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1)
schema=$(field schema)
[ -n "$newest" ] || fail "no migrations in schemas/migrations/"
[ "$schema" = "$newest" ] ||
  fail "bench/RESULTS.md was made with schema '${schema:-?}'; the newest migration is $newest: $again"

# Without its blank first and last lines.
trim() { sed -e '/./,$!d' | tac | sed -e '/./,$!d' | tac; }
awk '/^## / { on = ($0 == "## Figures"); next } on' "$results" | trim >"${TMPDIR:-/tmp}/bench-results.$$.file"
awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on; $0 == b { on = 1 }' "$readme" | trim >"${TMPDIR:-/tmp}/bench-results.$$.readme"
trap 'rm -f "${TMPDIR:-/tmp}/bench-results.$$."*' EXIT
if ! grep -q '^| ' "${TMPDIR:-/tmp}/bench-results.$$.file"; then
  fail "bench/RESULTS.md has no table of figures under '## Figures': $again"
elif [ "$(grep -cxF "$begin" "$readme")" != 1 ] || [ "$(grep -cxF "$end" "$readme")" != 1 ]; then
  fail "README.md must hold the markers '$begin' and '$end' once each"
elif ! diff -u "${TMPDIR:-/tmp}/bench-results.$$.file" "${TMPDIR:-/tmp}/bench-results.$$.readme" >&2; then
  fail "README.md's quoted figures (+) differ from bench/RESULTS.md's (-): bench/run.sh writes both; do not edit them by hand"
fi

[ "$failed" -eq 0 ] && echo "bench_results: bench/RESULTS.md ($rows rows, $runs runs, schema $schema) is quoted in README.md"
exit $((failed > 0))
