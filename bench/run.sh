#!/usr/bin/env bash
# kunqu against the sqlite3 shell on the same generated data; see bench/README.md.
#
#   bash bench/run.sh [--rows N] [--runs R] [--repeats K] [--seed S] [--build DIR] [--mem3n]
#                     [--results FILE | --no-results] [--check]
#
# Generates a district profile, an N-row CSV and an N/10-row "more" CSV with kunqu_gen_orgs, then
# times each figure R times (the per-process figures K times) and prints the medians, their ratio
# and the target. It writes them with the run's date, schema, machine and command to
# bench/RESULTS.md (or FILE) and quotes that file's figures in README.md between its markers
# (only when it writes bench/RESULTS.md itself). --check (the ctest entry) also asserts that both
# sides hold the same rows, never judges the times and writes no results unless --results is given.
#
# Exit status: 0 done (every target met, or --check and the rows agree); 1 a failure (a command
# failed, a tool is missing, the sides disagree); 2 usage; 3 a target was missed (not with --check).
set -euo pipefail

usage() {  # usage STATUS: the lines above, on stdout for --help
  sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'
  exit "$1"
}
die() {
  echo "run.sh: $*" >&2
  exit 1
}
usage_error() {
  echo "run.sh: $*" >&2
  echo "run.sh: see 'bash bench/run.sh --help' and bench/README.md" >&2
  exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
args=("$@")
rows=1000000
runs=3
repeats=101
seed=20150630
build=
check=0
mem3n=0
results=
no_results=0
# value FLAG ARG...: the flag's value, or a usage error when it has none (or another flag follows).
value() {
  if [ $# -lt 2 ] || [[ $2 == --* ]]; then usage_error "$1 needs a value"; fi
  printf '%s' "$2"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$(value "$@"); shift 2 ;;
    --runs) runs=$(value "$@"); shift 2 ;;
    --repeats) repeats=$(value "$@"); shift 2 ;;
    --seed) seed=$(value "$@"); shift 2 ;;
    --build) build=$(value "$@"); shift 2 ;;
    --results) results=$(value "$@"); shift 2 ;;
    --no-results) no_results=1; shift ;;
    --check) check=1; shift ;;
    --mem3n) mem3n=1; shift ;;
    -h|--help) usage 0 ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done
for v in rows runs repeats seed; do
  if ! [[ ${!v} =~ ^[0-9]+$ ]] || [ "${!v}" -lt 1 ]; then
    usage_error "--$v takes a whole number >= 1, got '${!v}'"
  fi
done
[ "$no_results" = 1 ] && [ -n "$results" ] && usage_error "--results and --no-results exclude each other"
# Where the results go: FILE, bench/RESULTS.md by default, nowhere with --no-results or --check.
if [ "$no_results" = 1 ] || { [ "$check" = 1 ] && [ -z "$results" ]; }; then
  results=
elif [ -z "$results" ]; then
  results=$here/RESULTS.md
fi
if [ -n "$results" ]; then
  [ -d "$(dirname "$results")" ] || usage_error "--results: no directory '$(dirname "$results")'"
  results=$(cd "$(dirname "$results")" && pwd)/$(basename "$results")
fi

build=${build:-$top/build}
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

# Other work on the machine slows both sides unevenly: the load average goes into the results.
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
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
# with GNU time, `rss` (KiB); a command ending other than with status $want (0 unless set for
# the call, as in `want=3 timed …`) ends the script with its messages.
want=0
timed() {
  local t0 status=0
  now_us; t0=$now
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -q -f %M -o "$scratch/rss" "$@" >/dev/null 2>"$scratch/err" || status=$?
  else
    "$@" >/dev/null 2>"$scratch/err" || status=$?
  fi
  now_us; elapsed=$((now - t0))
  if [ "$status" != "$want" ]; then
    cat "$scratch/err" >&2
    die "exit $status, not $want: $*"
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


# The bad file: the first N - 1 rows, then a row kunqu refuses (an unknown tier, no community, no
# date). kunqu must say so and write nothing; the time it takes is set against a whole import.
{ head -n "$rows" "$scratch/orgs.csv"
  echo "坏行${rows},bogus,social_group,,community,culture_sports,,,,,,,,active,,,,,,,,,,,,"; } >"$scratch/bad.csv"

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

# The floor: the sqlite3 shell writing the same rows kunqu writes into a registry made by
# `kunqu db init` (kunqu's whole schema), without a check, an audit entry or a seal. Like kunqu's
# first import it drops the org indexes and builds them after the rows; it resolves hubs by
# credit code, stores money in fen and dates of filing as filed_on, and writes the hub links and
# status events kunqu derives. The org rows end up equal to kunqu's but for the batch columns.
fresh_registry "$scratch/empty.db"
org_indexes() { sqlite3 "$scratch/empty.db" "SELECT $1 FROM sqlite_master WHERE type = 'index' AND tbl_name = 'org' AND sql IS NOT NULL"; }
{
  echo ".bail on"
  echo "CREATE TEMP TABLE csv ($(sed -n '/^CREATE TABLE/,/);/p' "$scratch/table.sql" | sed '1d; s/);$//; s/INTEGER/TEXT/g' | tr -d '\n'));"
  echo ".import --csv --skip 1 --schema temp $scratch/orgs.csv csv"
  echo "BEGIN;"
  org_indexes "'DROP INDEX ' || name || ';'"
  cat <<'EOF'
CREATE TEMP TABLE hub (code TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO temp.hub SELECT credit_code, rowid FROM temp.csv WHERE credit_code IN (SELECT hub FROM temp.csv WHERE hub <> '');
INSERT INTO org (id, name, tier, type, registration_authority, level, category, street, community, hub_id,
                 credit_code, filing_no, founded, registered_on, filed_on, status, status_date, status_reason,
                 representative, phone, address, business_scope, funds, members, staff, party_org, supervisor, notes)
SELECT c.rowid, c.name, c.tier, c.type, nullif(c.registration_authority, ''), c.level, c.category,
       nullif(c.street, ''), nullif(c.community, ''), h.id, nullif(c.credit_code, ''), nullif(c.filing_no, ''),
       nullif(c.founded, ''), CASE c.tier WHEN 'registered' THEN nullif(c.registered_on, '') END,
       CASE c.tier WHEN 'grassroots' THEN nullif(c.registered_on, '') END, c.status, nullif(c.status_date, ''),
       nullif(c.status_reason, ''), nullif(c.representative, ''), nullif(c.phone, ''), nullif(c.address, ''),
       nullif(c.business_scope, ''), CAST(round(nullif(c.funds, '') * 100) AS INTEGER),
       CAST(nullif(c.members, '') AS INTEGER), CAST(nullif(c.staff, '') AS INTEGER),
       CASE c.party_org WHEN 'true' THEN 1 WHEN 'false' THEN 0 END, nullif(c.supervisor, ''), nullif(c.notes, '')
FROM temp.csv c LEFT JOIN temp.hub h ON h.code = c.hub ORDER BY c.rowid;
EOF
  org_indexes "sql || ';'"
  cat <<'EOF'
INSERT INTO hub_link (org_id, hub_id, starts_on)
  SELECT o.id, o.hub_id, max(o.filed_on, h.registered_on) FROM org o JOIN org h ON h.id = o.hub_id ORDER BY o.id;
INSERT INTO org_event (org_id, kind, on_date, reason)
  SELECT id, CASE status WHEN 'suspended' THEN 'suspended' WHEN 'deregistered' THEN 'deregistered'
                         ELSE CASE tier WHEN 'grassroots' THEN 'filing_revoked' ELSE 'revoked' END END,
         status_date, status_reason
  FROM org WHERE status <> 'active' ORDER BY status_date, id;
COMMIT;
EOF
} >"$scratch/floor.sql"

# Figures: name, measured value, baseline value, unit (µs or KiB), limit kind (ratio: ≤, below:
# <, abs: ≤ in KiB, info: no target, skip), limit.
figures=()
add_figure() { figures+=("$1|$2|$3|$4|$5|$6"); }
med() { printf '%s\n' "$@" | median; }
# The peak-memory target in KiB for R rows: 48 MB and 16 MB per million rows (64 MB at
# 1,000,000 rows, 96 MB at 3,000,000).
rss_limit() { echo $(( 49152 + 16384 * $1 / 1000000 )); }

# --- 1. import N rows into a new registry (kunqu, the shell, the floor), and its peak memory ----
k_times=() s_times=() f_times=() k_rss=() s_rss=()
for ((r = 1; r <= runs; r++)); do
  echo "import $rows rows: run $r of $runs" >&2
  fresh_registry "$scratch/k1.db"
  timed "$kunqu" --db "$scratch/k1.db" org import "$scratch/orgs.csv"
  k_times+=("$elapsed"); k_rss+=("$rss")
  rm -f "$scratch/s1.db" "$scratch/s1.db-wal" "$scratch/s1.db-shm"
  timed sqlite3 -bail "$scratch/s1.db" ".read $scratch/load.sql"
  s_times+=("$elapsed"); s_rss+=("$rss")
  copy_db "$scratch/empty.db" "$scratch/f1.db"
  timed sqlite3 -bail "$scratch/f1.db" ".read $scratch/floor.sql"
  f_times+=("$elapsed")
done
k_import=$(med "${k_times[@]}")
f_import=$(med "${f_times[@]}")
add_figure "import N rows into a new registry: kunqu vs sqlite3 .import" "$k_import" "$(med "${s_times[@]}")" ms ratio 1.2
add_figure "the floor (sqlite3 into kunqu's schema, no checks) vs sqlite3 .import" "$f_import" "$(med "${s_times[@]}")" ms info 0
add_figure "import N rows: kunqu vs the floor (checks, audit, seals)" "$k_import" "$f_import" ms info 0
k_rss_median=
if [ "$have_time" = 1 ]; then
  k_rss_median=$(med "${k_rss[@]}")
  add_figure "peak memory (max RSS) of that import: kunqu (sqlite3 for reference)" \
    "$k_rss_median" "$(med "${s_rss[@]}")" KiB abs "$(rss_limit "$rows")"
else
  add_figure "peak memory (max RSS) of that import: kunqu (sqlite3 for reference)" - - KiB skip 0
fi
schema=$(sqlite3 "$scratch/k1.db" "PRAGMA user_version")

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
# The floor writes what kunqu writes: the same org rows (all columns but the batches), hub links
# and status events.
check_floor() {
  local q t
  q="SELECT id, name, name_key, tier, type, registration_authority, level, category, street, community, hub_id,
            credit_code, filing_no, founded, registered_on, filed_on, status, status_date, status_reason,
            representative, phone, address, business_scope, funds, members, staff, party_org, supervisor, notes
     FROM org ORDER BY id"
  [ "$(sqlite3 "$1" "$q" | sha256sum)" = "$(sqlite3 "$2" "$q" | sha256sum)" ] ||
    die "CHECK FAILED: the floor's org rows differ from kunqu's"
  for t in "org_id, hub_id, starts_on FROM hub_link ORDER BY org_id" "org_id, kind, on_date, reason FROM org_event ORDER BY id"; do
    [ "$(sqlite3 "$1" "SELECT $t" | sha256sum)" = "$(sqlite3 "$2" "SELECT $t" | sha256sum)" ] ||
      die "CHECK FAILED: the floor differs from kunqu in SELECT $t"
  done
  echo "check after importing $rows rows: the floor holds kunqu's org rows, hub links and events" >&2
}
if [ "$check" = 1 ]; then
  check_same "importing $rows rows" "$scratch/k1.db" "$scratch/s1.db" "$rows"
  check_floor "$scratch/k1.db" "$scratch/f1.db"
fi
rm -f "$scratch/f1.db" "$scratch/f1.db-wal" "$scratch/f1.db-shm"

# --- 2. a bad row at the end of the file: refused, against the whole import -------------------
# Each refusal alternates with a whole import of the good file, so both are timed at the same
# moment of the machine (its speed drifts by a fifth over the minutes between the sections).
b_times=() w_times=()
for ((r = 1; r <= runs; r++)); do
  echo "refuse a bad row at line $((rows + 1)): run $r of $runs" >&2
  fresh_registry "$scratch/b1.db"
  want=3 timed "$kunqu" --db "$scratch/b1.db" org import "$scratch/bad.csv"
  b_times+=("$elapsed")
  [ "$(sqlite3 "$scratch/b1.db" "SELECT count(*) FROM org")" = 0 ] || die "the refused import left rows behind"
  fresh_registry "$scratch/b1.db"
  timed "$kunqu" --db "$scratch/b1.db" org import "$scratch/orgs.csv"
  w_times+=("$elapsed")
done
rm -f "$scratch/b1.db" "$scratch/b1.db-wal" "$scratch/b1.db-shm"
add_figure "a bad last row refused (exit 3) vs the whole import, both kunqu" "$(med "${b_times[@]}")" "$(med "${w_times[@]}")" ms below 1

# --- 3. N/10 more rows into a registry that holds N -------------------------------------------
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
add_figure "import N/10 more rows into N: kunqu vs sqlite3 .import" "$(med "${k_times[@]}")" "$(med "${s_times[@]}")" ms ratio 1.2
[ "$check" = 1 ] && check_same "importing $more_rows more rows" "$scratch/k2.db" "$scratch/s2.db" "$((rows + more_rows))"
rm -f "$scratch/k2.db"* "$scratch/s2.db"*

# --- 4. list the grassroots groups as CSV ----------------------------------------------------
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
add_figure "org list --tier grassroots --format csv vs SELECT" "$(med "${k_times[@]}")" "$(med "${s_times[@]}")" ms ratio 1.2

# --- 5. reports and counts against one GROUP BY ----------------------------------------------
# The last month with a registration or filing, the year before it, and that month's last day.
month=$(sqlite3 "$scratch/k1.db" "SELECT substr(max(coalesce(registered_on, filed_on)), 1, 7) FROM org")
[ -n "$month" ] || die "the registry has no dates to report on"
year=$(( ${month:0:4} - 1 ))
day=$(sqlite3 :memory: "SELECT date('$month-01', '+1 month', '-1 day')")
group_sql="SELECT street, category, tier, status, count(*) FROM org GROUP BY 1, 2, 3, 4"
g_times=()
for ((r = 1; r <= runs; r++)); do
  timed_bare sqlite3 "$scratch/k1.db" "$group_sql"
  g_times+=("$elapsed")
done
g_median=$(med "${g_times[@]}")
report_figure() {  # report_figure NAME KUNQU_ARGS...: timed against the GROUP BY
  local name=$1 times=()
  shift
  for ((r = 1; r <= runs; r++)); do
    echo "$name: run $r of $runs" >&2
    timed_bare "$kunqu" --db "$scratch/k1.db" "$@"
    times+=("$elapsed")
  done
  add_figure "$name vs one GROUP BY" "$(med "${times[@]}")" "$g_median" ms ratio 1.5
}
report_figure "report monthly --month $month" report monthly --month "$month"
report_figure "report annual --year $year" report annual --year "$year"
report_figure "org stats --as-of $day" org stats --as-of "$day"

# --- 6. show one org by credit code (whole process) ------------------------------------------
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
add_figure "org show CREDIT_CODE vs SELECT (whole process)" "$(med "${k_times[@]}")" "$(med "${s_times[@]}")" ms ratio 1.5

# --- 7. start-up (whole process) -------------------------------------------------------------
echo "version: $repeats times" >&2
k_times=() s_times=()
for ((r = 1; r <= repeats; r++)); do
  timed_bare "$kunqu" --version
  k_times+=("$elapsed")
  timed_bare sqlite3 :memory: 'select 1'
  s_times+=("$elapsed")
done
add_figure "kunqu --version vs sqlite3 :memory: 'select 1'" "$(med "${k_times[@]}")" "$(med "${s_times[@]}")" ms ratio 2

# --- optional: peak memory at 3N rows --------------------------------------------------------
if [ "$mem3n" = 1 ]; then
  if [ "$have_time" = 1 ]; then
    echo "peak memory at $((3 * rows)) rows (one run)" >&2
    rm -f "$scratch/k1.db"* "$scratch/s1.db"* "$scratch/empty.db"* "$scratch/more.csv" "$scratch/bad.csv"
    "$gen" --rows "$((3 * rows))" --seed "$seed" --out "$scratch/orgs.csv"
    fresh_registry "$scratch/k3.db"
    timed "$kunqu" --db "$scratch/k3.db" org import "$scratch/orgs.csv"
    k3=$rss
    rm -f "$scratch/k3.db"*
    timed sqlite3 -bail "$scratch/s3.db" ".read $scratch/load.sql"
    add_figure "peak memory of a 3N-row import: kunqu (sqlite3 for reference)" "$k3" "$rss" KiB abs "$(rss_limit $((3 * rows)))"
  else
    add_figure "peak memory of a 3N-row import: kunqu (sqlite3 for reference)" - - KiB skip 0
  fi
fi

# --- the table -------------------------------------------------------------------------------
# One line per figure: name|measured|baseline|unit|ratio|target|result, values as printed.
for f in "${figures[@]}"; do
  IFS='|' read -r name kv sv unit kind limit <<<"$f"
  LC_ALL=C awk -v name="$name" -v kv="$kv" -v sv="$sv" -v unit="$unit" -v kind="$kind" \
               -v limit="$limit" -v check="$check" '
    function fmt(v) {
      if (v == "-") return "-"
      if (unit == "KiB") return sprintf("%.1f", v / 1024)
      v = v / 1000
      return v < 10 ? sprintf("%.2f", v) : v < 1000 ? sprintf("%.1f", v) : sprintf("%.0f", v)
    }
    BEGIN {
      u = unit == "KiB" ? "MB" : "ms"
      if (kind == "skip") { printf "%s|-|-|%s|-|needs GNU time|SKIP\n", name, u; exit }
      ratio = sv > 0 ? kv / sv : 0
      if (kind == "ratio") { target = sprintf("<= %sx", limit); ok = ratio <= limit }
      else if (kind == "below") { target = sprintf("< %sx", limit); ok = ratio < limit }
      else if (kind == "abs") { target = sprintf("<= %.0f MB", limit / 1024); ok = kv <= limit }
      else { target = "-" }
      result = kind == "info" ? "info" : check == 1 ? "-" : ok ? "yes" : "MISSED"
      printf "%s|%s|%s|%s|%.2fx|%s|%s\n", name, fmt(kv), fmt(sv), u, ratio, target, result
    }'
done >"$scratch/table"
missed=0
if [ "$check" = 0 ] && grep -q '|MISSED$' "$scratch/table"; then missed=1; fi

cpu=$(LC_ALL=C awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem=$(LC_ALL=C awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576; exit }' /proc/meminfo 2>/dev/null || true)
os=$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}") || true)
machine="$(nproc) CPUs, ${cpu:-unknown CPU}, ${mem:-unknown} memory, ${os:-unknown OS} (Linux $(uname -r), $(uname -m))"
kunqu_version=$("$kunqu" --version 2>&1 | head -n 1)
sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
# The command as given, with a path inside the checkout shown relative to it.
command="bash bench/run.sh"
for a in "${args[@]}"; do
  case "$a" in "$top"/*) a=${a#"$top"/} ;; esac
  command+=" $(printf '%q' "$a")"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
stamp=$(date -u '+%Y-%m-%d %H:%M UTC')

echo
echo "kunqu bench: N = $rows rows (+ $more_rows more), $runs runs, $repeats repeats per process figure, seed $seed"
echo "machine: $machine"
echo "$kunqu_version; registry schema $schema; sqlite3 $sqlite_version"
echo "load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
[ "$check" = 1 ] && echo "(--check: the rows are compared, the times are not judged)"
echo
# Aligned columns (awk counts bytes, so the table keeps to ASCII).
{ echo "figure|measured|baseline|unit|ratio|target|met"; cat "$scratch/table"; } |
  awk -F'|' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF }
    END { for (r = 1; r <= NR; r++) { line = ""
            for (i = 1; i <= n; i++) line = line sprintf(i < n ? "%-" w[i] "s  " : "%s", cell[r, i])
            print line } }'

if [ -n "$results" ]; then
  source "$here/results.sh"
  write_results "$results"
  echo >&2
  echo "wrote $results" >&2
  if [ "$results" = "$here/RESULTS.md" ]; then
    quote_in_readme "$results" "$top/README.md"
    echo "quoted its figures in $top/README.md" >&2
    if [ "$rows" != 1000000 ] || [ "$runs" != 3 ]; then
      echo "run.sh: note: bench/RESULTS.md now holds a run of $rows rows and $runs runs; the test" \
           "bench_results expects --rows 1000000 --runs 3 (run it so before committing)" >&2
    fi
  fi
fi
[ "$missed" = 0 ] || exit 3
