#!/usr/bin/env bash
# End-to-end tests: each tests/e2e/cases/NAME.sh runs the built kunqu in a fresh directory
# with a fresh registry, fixed clock, actor and time zone, and writes a transcript (command,
# stdout, stderr, exit code of every step) that must equal tests/e2e/expected/NAME.txt.
# KUNQU_REGEN=1 rewrites the expected files instead of comparing.
# usage: run.sh PATH/TO/kunqu EXAMPLES_DIR [CASE...]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
examples=$(cd "$2" && pwd)
shift 2
here=$(cd "$(dirname "$0")" && pwd)
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for f in "$here"/cases/*.sh; do cases+=("$(basename "$f" .sh)"); done
fi

cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
passed=0
failed=0
for name in "${cases[@]}"; do
  work=$(mktemp -d)
  mkdir -p "$work/bin"
  ln -s "$bin" "$work/bin/kunqu"
  # The examples by a relative path: command lines in the audit log, and so the audit chain's
  # hashes, come out the same in every checkout.
  ln -s "$examples" "$work/ex"
  transcript="$work/.transcript"
  (
    cd "$work" || exit 1
    export PATH="$work/bin:$PATH" HOME="$work" TZ=UTC NO_COLOR=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
    export KUNQU_ACTOR=tester KUNQU_NOW=2015-06-30T08:00:00Z KUNQU_DB=registry.db EX=ex
    unset XDG_DATA_HOME KUNQU_BUSY_TIMEOUT USER COLUMNS
    T="$transcript"
    # run CMD...: one step of the transcript.
    run() {
      printf '$ %s\n' "$*" >>"$T"
      "$@" >.out 2>.err </dev/null
      local code=$?
      if [ -s .out ]; then echo '--- stdout' >>"$T"; cat .out >>"$T"; fi
      if [ -s .err ]; then echo '--- stderr' >>"$T"; cat .err >>"$T"; fi
      echo "--- exit $code" >>"$T"
    }
    # run_in FILE CMD...: the same with FILE on standard input.
    run_in() {
      local file=$1
      shift
      printf '$ %s < %s\n' "$*" "$file" >>"$T"
      "$@" >.out 2>.err <"$file"
      local code=$?
      if [ -s .out ]; then echo '--- stdout' >>"$T"; cat .out >>"$T"; fi
      if [ -s .err ]; then echo '--- stderr' >>"$T"; cat .err >>"$T"; fi
      echo "--- exit $code" >>"$T"
    }
    # The set-ups below are the same in every case that uses them (a fixed clock and actor, the
    # examples by the same relative path), so each is built once per run, by the first case that
    # needs it, and copied after that. The key holds what could change the result.
    cache_key() { printf '%s\n' "$1" "$KUNQU_NOW" "$KUNQU_ACTOR" "${LANG:-}" | sha256sum | cut -c1-16; }
    from_cache() {
      local c
      c="$cache/$(cache_key "$1")"
      [ -f "$c" ] && [ ! -e "$KUNQU_DB" ] || return 1
      cp "$c" "$KUNQU_DB"
    }
    to_cache() {
      local c
      c="$cache/$(cache_key "$1")"
      [ -s "$KUNQU_DB-wal" ] || [ -e "$c" ] || cp "$KUNQU_DB" "$c"
    }
    # supervised: the example district's registry in $KUNQU_DB as far as its organizations go —
    # profile, both org files and the supervision script — quietly, outside the transcript.
    supervised() {
      from_cache supervised && return
      kunqu -q db init --profile "$EX/kundulun/profile.toml"
      kunqu -q org import "$EX/kundulun/orgs.csv"
      kunqu -q org import "$EX/kundulun/street-2015-06.csv"
      KUNQU=kunqu bash "$EX/kundulun/supervision-2015.sh" -q
      to_cache supervised
    }
    # district: the example district of mid-2015 in $KUNQU_DB — supervised, then the incubator,
    # contract and menu scripts — quietly, outside the transcript.
    district() {
      from_cache district && return
      supervised
      local s
      for s in incubator contracts menu; do KUNQU=kunqu bash "$EX/kundulun/$s-2015.sh" -q; done
      to_cache district
    }
    # shell CMD: a shell command whose output is part of the transcript (checks on files).
    shell() {
      printf '$ %s\n' "$*" >>"$T"
      bash -c "$*" >>"$T" 2>&1
      echo "--- exit $?" >>"$T"
    }
    # shellcheck source=/dev/null
    . "$here/cases/$name.sh"
  )
  expected="$here/expected/$name.txt"
  if [ "${KUNQU_REGEN:-0}" = 1 ]; then
    mkdir -p "$here/expected"
    cp "$transcript" "$expected"
    echo "regenerated $name"
    passed=$((passed + 1))
  elif diff -u "$expected" "$transcript" >"$work/.diff" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    head -n 80 "$work/.diff"
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
