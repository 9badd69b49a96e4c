#!/usr/bin/env bash
# What a command loads: the libraries libkunqu loads on first use (libunistring's Unicode
# tables, libcrypto's SHA-256, the workbook module, the TOML module and toml++) are not loaded by
# a command that does not need them, and are, and work, when one does. A library linked instead costs every command its
# loading and binding: `kunqu org show` and `kunqu --version` are measured against the sqlite3
# shell (bench/run.sh).
# usage: loads.sh BUILD_DIR EXAMPLES_DIR
set -u
build=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
kunqu=$build/kunqu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KUNQU_DB=$work/registry.db KUNQU_ACTOR=test KUNQU_NOW=2015-07-01T09:00:00Z LC_ALL=C.UTF-8
failed=0
fail() { echo "loads: $*" >&2; failed=$((failed + 1)); }

# loaded STATUS CMD...: runs kunqu CMD, fails unless it exits with STATUS, and prints the base
# names of the shared objects the loader loaded for it, at its start or later (dlopen).
loaded() {
  local want=$1 status=0
  shift
  LD_DEBUG=files "$kunqu" "$@" >"$work/out" 2>"$work/debug" || status=$?
  [ "$status" = "$want" ] || fail "kunqu $* exited $status, not $want: $(grep -v 'file=\|^ *[0-9]*:' "$work/debug")"
  sed -n 's/^ *[0-9]*:[[:space:]]*file=\([^ ]*\) .*generating link map.*/\1/p' "$work/debug" | xargs -rn1 basename
}
# has LIST NAME: whether LIST (one name a line) holds a library NAME.so… or NAME.so.…
has() { grep -Eq "^$2(\.so|-workbook\.so)" <<<"$1"; }

"$kunqu" -q db init --profile "$examples/kundulun/profile.toml" || fail "db init failed"
"$kunqu" -q org import "$examples/kundulun/orgs.csv" 2>/dev/null || fail "org import failed"

# Nothing loaded only on first use at the start of any command: a registry's read, and
# --version.
for cmd in "--version" "org show K0000001" "org list --tier grassroots"; do
  # shellcheck disable=SC2086  # the words of the command
  libs=$(loaded 0 $cmd)
  grep -q '^libkunqu\.so' <<<"$libs" || fail "kunqu $cmd: libkunqu is not among the libraries seen: $libs"
  for lib in libunistring libcrypto libtomlplusplus kunqu; do
    has "$libs" "$lib" && fail "kunqu $cmd loads $(grep -E "^$lib(\.so|-workbook)" <<<"$libs" | head -n 1)"
  done
done
# libkunqu itself does not record them as needed.
needed=$(readelf -d "$build/libkunqu.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in libunistring libcrypto libtomlplusplus libzip libexpat libfreexl libxlsxwriter; do
  grep -q "^$lib" <<<"$needed" && fail "libkunqu.so needs $lib: $(tr '\n' ' ' <<<"$needed")"
done

# The binary lists first the libraries that bind the most of their own symbols at its start
# (CMakeLists.txt says why), unless a sanitizer's runtime has to come first.
bin_needed=$(readelf -d "$kunqu" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if ! grep -q '^lib[a-z]*san' <<<"$bin_needed"; then
  first=$(head -n 2 <<<"$bin_needed" | tr '\n' ' ')
  [ "$first" = "libstdc++.so.6 libsqlite3.so.0 " ] || fail "kunqu lists first $first, not libstdc++ and libsqlite3"
fi

# A name that NFKC changes (① is 1) needs libunistring's tables: loaded, and the name looked up
# by its key (no org has it: exit 4, not found).
libs=$(loaded 4 org show "协会①")
has "$libs" libunistring || fail "kunqu org show 协会① did not load libunistring: $libs"
grep -q "no org '协会①'" "$work/debug" || fail "kunqu org show 协会①: $(grep -v '^ *[0-9]*:' "$work/debug")"
# A control character is named from libunistring's tables in the message.
libs=$(loaded 3 org update K0000001 --notes $'a\u200bb')
has "$libs" libunistring || fail "kunqu org update --notes with U+200B did not load libunistring: $libs"
grep -q "U+200B (ZERO WIDTH SPACE)" "$work/debug" ||
  fail "kunqu org update --notes with U+200B: $(grep -v '^ *[0-9]*:' "$work/debug")"
# An import hashes its file: libcrypto.
printf '%s\n' "$(head -n 1 "$examples/kundulun/orgs.csv")" >"$work/empty.csv"
libs=$(loaded 0 org import "$work/empty.csv")
has "$libs" libcrypto || fail "kunqu org import did not load libcrypto: $libs"

# TOML through the TOML module, which brings toml++: a TOML import (a dry run of the example's
# orgs, which the registry holds: all unchanged), and a district profile.
libs=$(loaded 0 org import "$examples/kundulun/orgs.toml" --dry-run)
{ has "$libs" libtomlplusplus && grep -qx "kunqu-toml.so" <<<"$libs"; } ||
  fail "kunqu org import orgs.toml did not load the TOML module and toml++: $libs"
libs=$(loaded 0 db district load "$examples/kundulun/profile.toml" --dry-run)
has "$libs" libtomlplusplus || fail "kunqu db district load profile.toml did not load toml++: $libs"

# Without the TOML module (a broken install) only what reads TOML fails, saying what to do.
mkdir "$work/bare"
cp -a "$build"/kunqu "$build"/libkunqu.so* "$work/bare/"
status=0
KUNQU_DB=$work/bare.db "$work/bare/kunqu" db init --profile "$examples/kundulun/profile.toml" 2>"$work/err" || status=$?
[ "$status" = 1 ] && grep -q "^kunqu: cannot load $work/bare/kunqu-toml.so, which reads TOML files: .*; reinstall kunqu$" "$work/err" ||
  fail "db init --profile without the TOML module exited $status: $(cat "$work/err")"
[ ! -e "$work/bare.db" ] || fail "db init --profile without the TOML module left a registry behind"
"$work/bare/kunqu" org show K0000001 >/dev/null || fail "org show without the TOML module failed"

[ "$failed" -eq 0 ] && echo "loads: all checks passed"
exit $((failed > 0))
