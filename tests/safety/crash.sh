#!/usr/bin/env bash
# Crash safety: `kunqu org import` of a large file is killed with SIGKILL at many moments spread
# over its run — into an empty registry (the bulk path, indexes dropped and built again) and
# into one that already holds orgs (row by row). After every kill the registry passes
# `kunqu db check`, holds none or all of the file's rows, and the next import succeeds.
# usage: crash.sh BUILD_DIR [KILLS]   (BUILD_DIR holds kunqu and bench/kunqu_gen_orgs)
set -u
build=$(cd "$1" && pwd)
kills=${2:-24}
bin=$build/kunqu
gen=$build/bench/kunqu_gen_orgs
rows=${KUNQU_CRASH_ROWS:-40000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export KUNQU_ACTOR=tester KUNQU_NOW=2015-06-30T08:00:00Z TZ=UTC LC_ALL=C.UTF-8
unset KUNQU_DB

fail() { echo "crash: $*" >&2; failed=$((failed + 1)); }
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
orgs() { sqlite3 "$1" "SELECT count(*) FROM org"; }
fresh() { rm -f reg.db reg.db-wal reg.db-shm; cp "$1" reg.db; }

"$gen" --rows "$rows" --seed 11 --out big.csv --profile profile.toml || exit 1
"$gen" --rows 2000 --seed 11 --first-seq "$rows" --out held.csv || exit 1
"$bin" -q --db empty.db db init --profile profile.toml || exit 1
cp empty.db held.db
"$bin" -q --db held.db org import held.csv || exit 1

# How long a whole import takes into each kind of registry: the kills are spread over that.
declare -A took before
for base in empty held; do
  fresh $base.db
  before[$base]=$(orgs reg.db)
  t0=$(now_ms)
  "$bin" -q --db reg.db org import big.csv || exit 1
  took[$base]=$(($(now_ms) - t0))
  [ "$(orgs reg.db)" -eq $((before[$base] + rows)) ] || exit 1
done
echo "crash: $rows rows import in ${took[empty]} ms into an empty registry, ${took[held]} ms into one holding ${before[held]}"

failed=0 landed=0 none=0 all=0
for ((i = 0; i < kills; i++)); do
  if ((i % 2)); then base=held; else base=empty; fi
  # The i-th moment of kills/2 spread evenly over the run, from just after the start to its end.
  k=$((i / 2)) n=$(((kills + 1) / 2))
  delay_ms=$((took[$base] * (2 * k + 1) / (2 * n)))
  # An import that ended before its kill ran faster than when it was timed (a busy machine times
  # it slow): it is tried again, killed earlier, up to three times.
  hit=0
  for attempt in 1 2 3; do
    fresh $base.db
    "$bin" -q --db reg.db org import big.csv 2>/dev/null &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then hit=1; fi
    wait "$pid" 2>/dev/null
    [ $hit -eq 1 ] && break
    delay_ms=$((delay_ms * 2 / 3))
  done
  landed=$((landed + hit))
  if ! "$bin" -q --db reg.db db check >check.out 2>&1; then
    fail "kill $i ($base, ${delay_ms} ms): db check found"; cat check.out >&2
  fi
  got=$(orgs reg.db)
  if [ "$got" -eq "${before[$base]}" ]; then
    none=$((none + 1))
    "$bin" -q --db reg.db org import big.csv 2>import.err || { fail "kill $i: the next import failed"; cat import.err >&2; }
    [ "$(orgs reg.db)" -eq $((before[$base] + rows)) ] || fail "kill $i: the next import did not bring all rows"
    "$bin" -q --db reg.db db check >check.out 2>&1 || { fail "kill $i: db check after the next import"; cat check.out >&2; }
  elif [ "$got" -eq $((before[$base] + rows)) ]; then
    all=$((all + 1))
  else
    fail "kill $i ($base, ${delay_ms} ms): $got orgs, neither ${before[$base]} nor $((before[$base] + rows))"
  fi
done
echo "crash: $landed of $kills kills landed mid-import; afterwards $none registries held none of the file, $all all of it"
[ "$landed" -ge 20 ] || fail "only $landed kills landed while the import ran (at least 20 wanted)"
echo "crash: $((kills - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
