#!/usr/bin/env bash
# Concurrency: several kunqu processes work on one registry at once for a bounded time — small
# imports (up to 10,000 rows), adds, updates, payments, monthly reports, backups — and
# afterwards no write is lost: every org imported or added is there, every update's last value
# stands, payments add up to what was paid, every backup and the registry pass db check, and
# no command failed (exit 5, busy after the timeout, would count as a failure: at this load it
# does not happen).
# usage: concurrency.sh BUILD_DIR EXAMPLES_DIR [SECONDS]
set -u
build=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
seconds=${3:-20}
bin=$build/kunqu
gen=$build/bench/kunqu_gen_orgs
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1
export KUNQU_DB=$work/registry.db KUNQU_ACTOR=tester KUNQU_NOW=2015-06-30T08:00:00Z TZ=UTC LC_ALL=C.UTF-8
q() { sqlite3 "$KUNQU_DB" "$1"; }

"$bin" -q db init --profile "$examples/kundulun/profile.toml" || exit 1
"$bin" -q org import "$examples/kundulun/orgs.csv" || exit 1
"$bin" -q org import "$examples/kundulun/street-2015-06.csv" || exit 1
for s in supervision incubator contracts; do KUNQU="$bin" bash "$examples/kundulun/$s-2015.sh" -q || exit 1; done
orgs0=$(q "SELECT count(*) FROM org")
# A signed contract with room left to pay into, a fen at a time.
contract=$(q "SELECT number FROM contract c WHERE status = 'active' AND amount - (SELECT coalesce(sum(amount), 0) FROM payment p WHERE p.contract_id = c.id) > 100000 LIMIT 1")
[ -n "$contract" ] || { echo "concurrency: no contract with room to pay into" >&2; exit 1; }
paid0=$(q "SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN contract c ON c.id = p.contract_id WHERE c.number = '$contract'")
# Org files of 500 to 10,000 rows, each with codes and filing numbers of its own, moved to a
# street and community of the example district (columns 7 and 8; no hubs).
sizes=(500 2000 10000 1000 3000 500 5000 800)
first=0
for i in "${!sizes[@]}"; do
  "$gen" --rows "${sizes[$i]}" --seed 23 --first-seq $((1000000 + first)) --out gen.csv || exit 1
  awk 'BEGIN { FS = OFS = "," } NR > 1 { $7 = "沼潭街道"; if ($8 != "") $8 = "沼潭东社区"; $9 = "" } { print }' gen.csv >"import-$i.csv"
  first=$((first + sizes[i]))
done
end=$(($(date +%s) + seconds))
mkdir -p log

# Each worker logs one line per command: the exit code and what it did.
importer() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ] && [ $i -lt ${#sizes[@]} ]; do
    "$bin" -q org import "import-$i.csv" 2>>log/import.err
    echo "$? import ${sizes[$i]}"
    i=$((i + 1))
  done >log/import
}
adder() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    "$bin" -q org add --name "并发测试队$i" --tier grassroots --type social_group --category culture_sports \
      --street 沼潭街道 --community 沼潭东社区 --registered-on 2015-06-20 2>>log/add.err >/dev/null
    echo "$? add 并发测试队$i"
    i=$((i + 1))
  done >log/add
}
updater() {
  local i=0 key
  while [ "$(date +%s)" -lt "$end" ]; do
    key=$(printf 'K%07d' $((i % 50 + 1)))
    "$bin" -q org update "$key" --phone "1390000$(printf '%04d' "$i")" 2>>log/update.err
    echo "$? update $key 1390000$(printf '%04d' "$i")"
    i=$((i + 1))
  done >log/update
}
payer() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    "$bin" -q contract pay "$contract" --date 2015-06-30 --amount 0.01 --note "并发 $i" 2>>log/pay.err >/dev/null
    echo "$? pay 1"
    i=$((i + 1))
  done >log/pay
}
reporter() {
  while [ "$(date +%s)" -lt "$end" ]; do
    "$bin" -q report monthly --month 2015-06 --format csv >report.csv 2>>log/report.err
    echo "$? report $(wc -l <report.csv)"
  done >log/report
}
backer() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    "$bin" -q db backup "backup-$i.db" 2>>log/backup.err
    echo "$? backup backup-$i.db"
    i=$((i + 1))
    sleep 1
  done >log/backup
}
importer & adder & updater & payer & reporter & backer &
wait

failed=0
fail() { echo "concurrency: $*" >&2; failed=$((failed + 1)); }
ops=0
for w in import add update pay report backup; do
  n=$(wc -l <log/$w)
  bad=$(awk '$1 != 0' log/$w | wc -l)
  busy=$(awk '$1 == 5' log/$w | wc -l)
  ops=$((ops + n))
  echo "concurrency: $w: $n commands, $bad failed ($busy busy)"
  [ "$n" -gt 0 ] || fail "$w ran no command"
  [ "$bad" -eq 0 ] || { fail "$w: $bad commands failed"; head -n 5 log/$w.err >&2; }
done
imported=$(awk '$1 == 0 { s += $3 } END { print s + 0 }' log/import)
added=$(awk '$1 == 0' log/add | wc -l)
orgs=$(q "SELECT count(*) FROM org")
[ "$orgs" -eq $((orgs0 + imported + added)) ] || fail "$orgs orgs, expected $orgs0 + $imported imported + $added added"
while read -r code _ name; do
  [ "$code" -eq 0 ] || continue
  [ "$(q "SELECT count(*) FROM org WHERE name = '$name'")" -eq 1 ] || fail "$name was added but is not there"
done <log/add
# The last phone number written to each org stands.
awk '$1 == 0 { last[$3] = $4 } END { for (k in last) print k, last[k] }' log/update >updates
while read -r key phone; do
  got=$(q "SELECT phone FROM org WHERE id = ${key#K}")
  [ "$got" = "$phone" ] || fail "$key has phone $got, the last update wrote $phone"
done <updates
pays=$(awk '$1 == 0' log/pay | wc -l)
paid=$(q "SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN contract c ON c.id = p.contract_id WHERE c.number = '$contract'")
[ "$paid" -eq $((paid0 + pays)) ] || fail "$contract has $paid fen paid, expected $paid0 + $pays"
"$bin" -q db check >check.out 2>&1 || { fail "db check of the registry"; cat check.out >&2; }
backups=0
for b in backup-*.db; do
  [ -e "$b" ] || continue
  backups=$((backups + 1))
  [ "$(stat -c %a "$b")" = 600 ] || fail "$b is not 0600"
  "$bin" -q --db "$b" db check >check.out 2>&1 || { fail "db check of $b"; cat check.out >&2; }
done
echo "concurrency: 6 processes for ${seconds} s: $ops commands — $imported rows imported in $(awk '$1 == 0' log/import | wc -l) files, $added adds, $(awk '$1 == 0' log/update | wc -l) updates, $pays payments, $(wc -l <log/report) reports, $backups backups"
echo "concurrency: $((failed == 0 ? 1 : 0)) passed, $((failed == 0 ? 0 : 1)) failed"
[ "$failed" -eq 0 ]
