#!/usr/bin/env bash
# kunqu against the sqlite3 shell on the same generated data; see bench/README.md.
#
#   bash bench/run.sh [--rows N] [--runs R] [--repeats K] [--seed S] [--build DIR] [--mem3n] [--check]
#
# Generates a district profile, an N-row CSV and an N/10-row "more" CSV with kunqu_gen_orgs, then
# times each figure R times (the per-process figures K times) and prints the medians, their ratio
# and the target. --check (the ctest entry) also asserts that both sides hold the same rows and
# never judges the times.
#
# Exit status: 0 done (every target met, or --check and the rows agree); 1 a failure (a command
# failed, a tool is missing, the sides disagree); 2 usage; 3 a target was missed (not with --check).
set -euo pipefail

usage() {
  sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "run.sh: $*" >&2
  exit 1
}

rows=1000000
runs=3
repeats=20
seed=20150630
build=
check=0
mem3n=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=${2:?--rows needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --repeats) repeats=${2:?--repeats needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --build) build=${2:?--build needs a directory}; shift 2 ;;
    --check) check=1; shift ;;
    --mem3n) mem3n=1; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
for v in rows runs repeats seed; do
  if ! [[ ${!v} =~ ^[0-9]+$ ]] || [ "${!v}" -lt 1 ]; then
    echo "run.sh: --$v takes a whole number ≥ 1, got '${!v}'" >&2
    exit 2
  fi
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${build:-$here/../build}
[ -d "$build" ] || die "no build directory '$build' (build kunqu first, or pass --build DIR)"
build=$(cd "$build" && pwd)
kunqu=$build/kunqu
gen=$build/bench/kunqu_gen_orgs
[ -x "$kunqu" ] || die "no kunqu binary at $kunqu (build it: cmake --build $build)"
[ -x "$gen" ] || die "no generator at $gen (build it: cmake --build $build --target kunqu_gen_orgs)"
command -v sqlite3 >/dev/null || die "the sqlite3 shell is missing (Debian: apt-get install sqlite3)"

# GNU time gives the peak memory (max RSS). Without it that figure is skipped, loudly.
have_time=0
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  have_time=1
else
  echo "run.sh: WARNING: GNU time (/usr/bin/time, Debian package 'time') is missing:" \
       "the peak-memory figure is skipped. Install it with: apt-get install time" >&2
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kunqu-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export KUNQU_ACTOR=bench

# Microseconds of the wall clock. $EPOCHREALTIME (bash ≥ 5) costs nothing; `date +%s%N` costs a
# fork and exec (several ms here), as much as a whole sqlite3 process, so it is only the fallback.
if [ -n "${EPOCHREALTIME:-}" ]; then
  now_us() { now=${EPOCHREALTIME//[!0-9]/}; }
else
  now_us() { now=$(( $(date +%s%N) / 1000 )); }
fi

# timed CMD...: runs CMD (stdout to /dev/null, stderr to $scratch/err), sets `elapsed` (µs) and,
# with GNU time, `rss` (KiB); a failing command ends the script with its messages.
timed() {
  local t0 status=0
  now_us; t0=$now
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -f %M -o "$scratch/rss" "$@" >/dev/null 2>"$scratch/err" || status=$?
  else
    "$@" >/dev/null 2>"$scratch/err" || status=$?
  fi
  now_us; elapsed=$((now - t0))
  if [ "$status" != 0 ]; then
    cat "$scratch/err" >&2
    die "failed (exit $status): $*"
  fi
  rss=
  [ "$have_time" = 1 ] && rss=$(tail -n 1 "$scratch/rss")
  return 0
}

# Like timed, without GNU time: for the per-process figures, where its own fork would count.
timed_bare() {
  local t0 status=0
  now_us; t0=$now
  "$@" >/dev/null 2>"$scratch/err" || status=$?
  now_us; elapsed=$((now - t0))
  if [ "$status" != 0 ]; then
    cat "$scratch/err" >&2
    die "failed (exit $status): $*"
  fi
}

median() { sort -n | LC_ALL=C awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- the data ---------------------------------------------------------------------------------
more_rows=$(( rows / 10 > 0 ? rows / 10 : 1 ))
echo "generating $rows + $more_rows rows (seed $seed) in $scratch" >&2
now_us; t0=$now
"$gen" --rows "$rows" --seed "$seed" --out "$scratch/orgs.csv" --profile "$scratch/profile.toml"
"$gen" --rows "$more_rows" --seed "$seed" --first-seq "$rows" --out "$scratch/more.csv"
now_us
echo "generated in $(( (now - t0) / 1000 )) ms: $(du -h "$scratch/orgs.csv" | cut -f1) + $(du -h "$scratch/more.csv" | cut -f1)" >&2

# The sqlite3 side: the CSV's columns with the declared types of kunqu's org columns of the same
# names (hub is a reference by credit code, so text), not STRICT because .import writes empty
# strings for empty fields, and the indexes of kunqu's org table, empty strings standing for NULL.
cat >"$scratch/table.sql" <<'EOF'
PRAGMA journal_mode = WAL;
CREATE TABLE org (
  name TEXT, tier TEXT, type TEXT, registration_authority TEXT, level TEXT, category TEXT,
  street TEXT, community TEXT, hub TEXT, credit_code TEXT, filing_no TEXT, founded TEXT,
  registered_on TEXT, status TEXT, status_date TEXT, status_reason TEXT, representative TEXT,
  phone TEXT, address TEXT, business_scope TEXT, funds INTEGER, members INTEGER, staff INTEGER,
  party_org INTEGER, supervisor TEXT, notes TEXT);
EOF
cat >"$scratch/indexes.sql" <<'EOF'
CREATE UNIQUE INDEX org_credit_code ON org (credit_code) WHERE credit_code <> '';
CREATE UNIQUE INDEX org_filing_no ON org (filing_no) WHERE filing_no <> '';
CREATE UNIQUE INDEX org_name_unique ON org (
  CASE tier WHEN 'registered' THEN 'R:' || registration_authority
            ELSE 'G:' || street || '/' || community END, name)
  WHERE status IN ('active', 'suspended');
CREATE INDEX org_name ON org (name);
CREATE INDEX org_tier ON org (tier, status);
CREATE INDEX org_place ON org (street, community);
CREATE INDEX org_hub ON org (hub);
EOF
{ cat "$scratch/table.sql"; echo ".import --csv --skip 1 $scratch/orgs.csv org"; cat "$scratch/indexes.sql"; } >"$scratch/load.sql"
echo ".import --csv --skip 1 $scratch/more.csv org" >"$scratch/more.sql"


fresh_registry() {
  rm -f "$1" "$1-wal" "$1-shm"
  "$kunqu" --db "$1" -q db init --profile "$scratch/profile.toml" >/dev/null 2>"$scratch/err" ||
    { cat "$scratch/err" >&2; die "kunqu db init failed"; }
}
copy_db() {  # copy_db FROM TO: a database and its WAL, if any
  rm -f "$2" "$2-wal" "$2-shm"
  cp -p "$1" "$2"
  if [ -e "$1-wal" ]; then cp -p "$1-wal" "$2-wal"; fi
}

# Figures: name, kunqu value, sqlite3 value, unit (ms or MB), limit kind (ratio or abs), limit.
figures=()
add_figure() { figures+=("$1|$2|$3|$4|$5|$6"); }

# --- 1. import N rows into a new registry, and its peak memory -------------------------------
k_times=() s_times=() k_rss=() s_rss=()
for ((r = 1; r <= runs; r++)); do
  echo "import $rows rows: run $r of $runs" >&2
  fresh_registry "$scratch/k1.db"
  timed "$kunqu" --db "$scratch/k1.db" org import "$scratch/orgs.csv"
  k_times+=("$elapsed"); k_rss+=("$rss")
  rm -f "$scratch/s1.db" "$scratch/s1.db-wal" "$scratch/s1.db-shm"
  timed sqlite3 -bail "$scratch/s1.db" ".read $scratch/load.sql"
  s_times+=("$elapsed"); s_rss+=("$rss")
done
add_figure "import N rows into a new registry" \
  "$(printf '%s\n' "${k_times[@]}" | median)" "$(printf '%s\n' "${s_times[@]}" | median)" ms ratio 1.2
k_rss_median=
if [ "$have_time" = 1 ]; then
  k_rss_median=$(printf '%s\n' "${k_rss[@]}" | median)
  add_figure "peak memory (max RSS) of that import" \
    "$k_rss_median" "$(printf '%s\n' "${s_rss[@]}" | median)" KiB abs 65536
else
  add_figure "peak memory (max RSS) of that import" - - KiB skip 0
fi

# The rows each side holds, as a count and a digest of the identifying columns, sorted.
digest() {
  sqlite3 -csv "$1" "SELECT name, tier, ifnull(credit_code, ''), ifnull(filing_no, ''),
                            ifnull(street, ''), ifnull(community, '')
                     FROM org ORDER BY 1, 2, 3, 4, 5, 6" | sha256sum | cut -d' ' -f1
}
check_same() {  # check_same WHAT KUNQU_DB SQLITE_DB EXPECTED_ROWS
  local kc sc kd sd
  kc=$(sqlite3 "$2" "SELECT count(*) FROM org")
  sc=$(sqlite3 "$3" "SELECT count(*) FROM org")
  kd=$(digest "$2")
  sd=$(digest "$3")
  if [ "$kc" != "$4" ] || [ "$sc" != "$4" ] || [ "$kd" != "$sd" ]; then
    echo "run.sh: CHECK FAILED after $1: expected $4 rows; kunqu holds $kc (digest $kd)," \
         "sqlite3 holds $sc (digest $sd)" >&2
    exit 1
  fi
  echo "check after $1: both sides hold the same $kc rows (digest ${kd:0:16})" >&2
}
[ "$check" = 1 ] && check_same "importing $rows rows" "$scratch/k1.db" "$scratch/s1.db" "$rows"

# --- 2. N/10 more rows into a registry that holds N -------------------------------------------
k_times=() s_times=()
for ((r = 1; r <= runs; r++)); do
  echo "import $more_rows more rows: run $r of $runs" >&2
  copy_db "$scratch/k1.db" "$scratch/k2.db"
  timed "$kunqu" --db "$scratch/k2.db" org import "$scratch/more.csv"
  k_times+=("$elapsed")
  copy_db "$scratch/s1.db" "$scratch/s2.db"
  timed sqlite3 -bail "$scratch/s2.db" ".read $scratch/more.sql"
  s_times+=("$elapsed")
done
add_figure "import N/10 more rows into N" \
  "$(printf '%s\n' "${k_times[@]}" | median)" "$(printf '%s\n' "${s_times[@]}" | median)" ms ratio 1.2
[ "$check" = 1 ] && check_same "importing $more_rows more rows" "$scratch/k2.db" "$scratch/s2.db" "$((rows + more_rows))"

# --- 3. list the grassroots groups as CSV ----------------------------------------------------
k_times=() s_times=()
list_sql="SELECT printf('K%07d', id), name, tier, type, category, street, community, status, registered_on
          FROM org WHERE tier = 'grassroots' ORDER BY id"
for ((r = 1; r <= runs; r++)); do
  echo "list grassroots: run $r of $runs" >&2
  timed_bare "$kunqu" --db "$scratch/k1.db" org list --tier grassroots --format csv
  k_times+=("$elapsed")
  timed_bare sqlite3 -csv "$scratch/k1.db" "$list_sql"
  s_times+=("$elapsed")
done
add_figure "org list --tier grassroots --format csv" \
  "$(printf '%s\n' "${k_times[@]}" | median)" "$(printf '%s\n' "${s_times[@]}" | median)" ms ratio 1.2

# --- 4. show one org by credit code (whole process) ------------------------------------------
code=$(sqlite3 "$scratch/k1.db" "SELECT credit_code FROM org WHERE tier = 'registered' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM org WHERE tier = 'registered')")
[ -n "$code" ] || die "no registered org to show"
echo "show $code: $repeats times" >&2
k_times=() s_times=()
for ((r = 1; r <= repeats; r++)); do
  timed_bare "$kunqu" --db "$scratch/k1.db" org show "$code"
  k_times+=("$elapsed")
  timed_bare sqlite3 "$scratch/k1.db" "SELECT * FROM org WHERE credit_code = '$code'"
  s_times+=("$elapsed")
done
add_figure "org show CREDIT_CODE (whole process)" \
  "$(printf '%s\n' "${k_times[@]}" | median)" "$(printf '%s\n' "${s_times[@]}" | median)" ms ratio 1.5

# --- 5. start-up (whole process) -------------------------------------------------------------
echo "version: $repeats times" >&2
k_times=() s_times=()
for ((r = 1; r <= repeats; r++)); do
  timed_bare "$kunqu" --version
  k_times+=("$elapsed")
  timed_bare sqlite3 :memory: 'select 1'
  s_times+=("$elapsed")
done
add_figure "kunqu --version vs sqlite3 'select 1'" \
  "$(printf '%s\n' "${k_times[@]}" | median)" "$(printf '%s\n' "${s_times[@]}" | median)" ms ratio 2

# --- optional: peak memory at 3N rows --------------------------------------------------------
if [ "$mem3n" = 1 ]; then
  if [ "$have_time" = 1 ]; then
    echo "peak memory at $((3 * rows)) rows (one run)" >&2
    rm -f "$scratch/k1.db"* "$scratch/s1.db"* "$scratch/k2.db"* "$scratch/s2.db"* "$scratch/more.csv"
    "$gen" --rows "$((3 * rows))" --seed "$seed" --out "$scratch/orgs.csv"
    fresh_registry "$scratch/k3.db"
    timed "$kunqu" --db "$scratch/k3.db" org import "$scratch/orgs.csv"
    k3=$rss
    timed sqlite3 -bail "$scratch/s3.db" ".read $scratch/load.sql"
    add_figure "peak memory of a 3N-row import" "$k3" "$rss" KiB abs "$((k_rss_median + 32768))"
  else
    add_figure "peak memory of a 3N-row import" - - KiB skip 0
  fi
fi

# --- the table -------------------------------------------------------------------------------
cpu=$(LC_ALL=C awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo
echo "kunqu bench: N = $rows rows (+ $more_rows more), $runs runs, $repeats repeats per process figure, seed $seed"
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $("$kunqu" --version 2>&1 | head -n 1); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
[ "$check" = 1 ] && echo "(--check: the rows are compared, the times are not judged)"
echo
missed=0
{
  printf '%s|%s|%s|%s|%s|%s\n' figure kunqu sqlite3 ratio target result
  for f in "${figures[@]}"; do
    IFS='|' read -r name kv sv unit kind limit <<<"$f"
    LC_ALL=C awk -v name="$name" -v kv="$kv" -v sv="$sv" -v unit="$unit" -v kind="$kind" \
                 -v limit="$limit" -v check="$check" '
      function fmt(v) {
        if (v == "-") return "-"
        if (unit == "KiB") return sprintf("%.1f MB", v / 1024)
        v = v / 1000
        return v < 10 ? sprintf("%.2f ms", v) : v < 1000 ? sprintf("%.1f ms", v) : sprintf("%.0f ms", v)
      }
      BEGIN {
        if (kind == "skip") { printf "%s|-|-|-|needs GNU time|SKIP (no /usr/bin/time)\n", name; exit }
        ratio = sv > 0 ? kv / sv : 0
        if (kind == "ratio") { target = sprintf("<= %sx sqlite3", limit); ok = ratio <= limit }
        else { target = sprintf("<= %.0f MB", limit / 1024); ok = kv <= limit }
        result = check == 1 ? "-" : ok ? "ok" : "MISS"
        printf "%s|%s|%s|%.2fx|%s|%s\n", name, fmt(kv), fmt(sv), ratio, target, result
      }'
  done
} >"$scratch/table"
# Aligned columns (awk counts bytes, so the table keeps to ASCII).
awk -F'|' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF }
  END { for (r = 1; r <= NR; r++) { line = ""
          for (i = 1; i <= n; i++) line = line sprintf(i < n ? "%-" w[i] "s  " : "%s", cell[r, i])
          print line } }' "$scratch/table"
if [ "$check" = 0 ] && grep -q '|MISS$' "$scratch/table"; then missed=1; fi
[ "$missed" = 0 ] || exit 3
