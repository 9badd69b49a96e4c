#!/usr/bin/env bash
# Disk full: the registry lives on a tiny filesystem made for the test (a tmpfs with a size
# limit; mounting needs root, which CI has). An org import too big for the space left fails
# cleanly — an error naming the registry, exit 1, no crash — and leaves the registry as it was
# (its logical dump unchanged, db check holding); once there is room, the same import succeeds.
# usage: disk-full.sh BUILD_DIR EXAMPLES_DIR   (BUILD_DIR holds kunqu and bench/kunqu_gen_orgs)
set -u
build=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
bin=$build/kunqu
gen=$build/bench/kunqu_gen_orgs
work=$(mktemp -d)
small=$work/small
mkdir -p "$small"
cleanup() {
  mountpoint -q "$small" && umount "$small"
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export KUNQU_DB=$small/registry.db KUNQU_ACTOR=tester KUNQU_NOW=2015-06-30T08:00:00Z TZ=UTC LC_ALL=C.UTF-8
failed=0
fail() { echo "disk-full: $*" >&2; failed=$((failed + 1)); }

if ! mount -t tmpfs -o size=3m,mode=0700 tmpfs "$small"; then
  echo "disk-full: cannot mount a 3 MB tmpfs (this test needs root)" >&2
  exit 1
fi
"$bin" -q db init --profile "$examples/kundulun/profile.toml" || exit 1
"$bin" -q org import "$examples/kundulun/orgs.csv" || exit 1
# 40,000 more orgs: some 25 MB of registry, far more than the 3 MB filesystem holds.
"$gen" --rows 40000 --seed 3 --first-seq 1000000 --out big.csv >/dev/null || exit 1
awk 'BEGIN { FS = OFS = "," } NR > 1 { $7 = "沼潭街道"; if ($8 != "") $8 = "沼潭东社区"; $9 = "" } { print }' big.csv >more.csv
sqlite3 "$KUNQU_DB" .dump >before.sql
echo "disk-full: $(df -k --output=used,size "$small" | tail -n 1 | awk '{ print $1 " of " $2 " KB used" }') before the import"

"$bin" org import more.csv >import.out 2>import.err
code=$?
echo "disk-full: the import ended with exit $code: $(head -n 1 import.err)"
[ "$code" -eq 1 ] || fail "exit $code, expected 1 (an I/O error)"
grep -q "registry.db\|disk\|full" import.err || fail "the message does not say what filled: $(cat import.err)"
sqlite3 "$KUNQU_DB" .dump >after.sql
cmp -s before.sql after.sql || fail "the registry changed: $(diff before.sql after.sql | head -n 5)"
"$bin" -q db check >check.out 2>&1 || { fail "db check after the failed import"; cat check.out >&2; }

# Room again: the same import goes through.
mount -o remount,size=128m "$small" || exit 1
"$bin" -q org import more.csv 2>retry.err || fail "the import failed with room: $(cat retry.err)"
[ "$(sqlite3 "$KUNQU_DB" "SELECT count(*) FROM org")" -eq $((502 + 40000)) ] || fail "not every org is in after the retry"
"$bin" -q db check >check.out 2>&1 || { fail "db check after the retry"; cat check.out >&2; }
echo "disk-full: $((failed == 0 ? 1 : 0)) passed, $((failed == 0 ? 0 : 1)) failed"
[ "$failed" -eq 0 ]
