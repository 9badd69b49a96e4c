#!/usr/bin/env bash
# Read-only access to a shared registry, as other members of staff (root may do anything, so the
# test makes accounts: it needs root, as CI has, and is skipped — exit 77 — without it). A writer
# creates the registry with db init --group; a reader in the group whose folder is closed to
# writing lists, shows and reports (SQLite reads a registry in WAL mode through the -wal and
# -shm files that kunqu keeps beside it); a command that writes, and an unmasked export of
# personal data (it writes an audit entry), are refused with the access that is missing, exit 1,
# nothing written; without the -shm file, or without read access to the registry or into its
# folder, the reader is told exactly that and how the shared set-up gives it. The accounts and
# the group are removed again, also after a run that was cut short.
# usage: readonly.sh BUILD_DIR EXAMPLES_DIR
set -u
build=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "readonly: skipped: needs root to make the test accounts (root itself may read and write anything)" >&2
  exit 77
fi
group=kq_test_office
users=(kq_test_writer kq_test_reader kq_test_outsider)
remove_accounts() {
  for u in "${users[@]}"; do id "$u" >/dev/null 2>&1 && userdel "$u"; done
  getent group "$group" >/dev/null && groupdel "$group"
}
remove_accounts  # left by a run that was killed
work=$(mktemp -d)
chmod 0755 "$work"
trap 'remove_accounts; rm -rf "$work"' EXIT
failed=0
fail() { echo "readonly: $*" >&2; failed=$((failed + 1)); }

groupadd "$group" || exit 1
useradd --no-create-home --shell /bin/sh --groups "$group" kq_test_writer || exit 1
useradd --no-create-home --shell /bin/sh --groups "$group" kq_test_reader || exit 1
useradd --no-create-home --shell /bin/sh kq_test_outsider || exit 1

# The build's binary, libraries and catalogues where every account may run them.
bin=$work/bin
mkdir -p "$bin" "$work/home"
cp -a "$build"/kunqu "$build"/libkunqu.so* "$build"/kunqu-workbook.so "$build"/kunqu-toml.so "$build"/share "$bin/" || exit 1
cp "$examples/kundulun/profile.toml" "$examples/kundulun/orgs.csv" "$work/home/"
chmod -R a+rX "$bin" "$work/home"
chmod 0777 "$work/home"
mkdir -m 1777 "$work/srv"  # where the writer makes the office's folder
office=$work/srv/office
db=$office/registry.db
as() {
  local u=$1; shift
  (cd "$work/home" && runuser -u "$u" -- env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH="$bin" KUNQU_DB="$db" \
    KUNQU_NOW=2015-06-30T08:00:00Z LANG="${LANG_AS:-C.UTF-8}" "$bin/kunqu" "$@")
}
# expect WHO CODE STDERR CMD...: the exit code and the whole of standard error.
expect() {
  local who=$1 code=$2 err=$3; shift 3
  as "$who" "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" = "$code" ] || fail "$who: kunqu $*: exit $got, expected $code: $(cat "$work/err")"
  [ "$(cat "$work/err")" = "$err" ] || fail "$who: kunqu $*: stderr
$(cat "$work/err")
expected
$err"
}
# A query as root; the sqlite3 shell keeps the -wal and -shm files as kunqu does (it would remove
# them as it closes, which the readers below need).
q() { sqlite3 "$db" ".filectrl persist_wal 1" "$1" | tail -n +2; }
audit() { q "SELECT count(*) FROM audit"; }

# The shared set-up: the folder made 2770 for the group, the registry 0660, its -wal and -shm kept.
as kq_test_writer -q db init --group "$group" --profile profile.toml || fail "writer: db init"
as kq_test_writer -q org import orgs.csv || fail "writer: org import"
[ "$(stat -c '%a %U %G' "$office")" = "2770 kq_test_writer $group" ] || fail "the folder is $(stat -c '%a %U %G' "$office")"
for f in "$db" "$db-wal" "$db-shm"; do
  [ "$(stat -c '%a %G' "$f" 2>&1)" = "660 $group" ] || fail "$f is $(stat -c '%a %G' "$f" 2>&1)"
done
[ "$(stat -c %s "$db-wal")" = 0 ] || fail "the -wal holds $(stat -c %s "$db-wal") bytes after the last connection"
orgs=$(q "SELECT count(*) FROM org")
as kq_test_reader org list --format csv >"$work/list" || fail "reader in the group: org list"
[ "$(($(wc -l <"$work/list") - 1))" = "$orgs" ] || fail "reader in the group: org list shows $(wc -l <"$work/list") lines"
expect kq_test_outsider 1 "kunqu: cannot read the registry '$db': you may not enter its folder '$office'; it is shared with the group '$group': ask whoever set it up to add you to the group (usermod -aG $group kq_test_outsider; it takes effect at your next login)" \
  org list

# The reader may read the registry but not write it, nor in its folder.
chmod 2750 "$office"
chmod 0640 "$db" "$db-wal" "$db-shm"
before=$(audit)
key=$(q "SELECT printf('K%07d', min(id)) FROM org")
as kq_test_reader org list --format csv >"$work/list" || fail "reader: org list: $(cat "$work/list")"
[ "$(($(wc -l <"$work/list") - 1))" = "$orgs" ] || fail "reader: org list shows $(wc -l <"$work/list") lines"
as kq_test_reader org show "$key" >/dev/null || fail "reader: org show $key"
as kq_test_reader report monthly --month 2015-06 --format csv >/dev/null || fail "reader: report monthly"
as kq_test_reader -q --mask org export -o masked.csv || fail "reader: --mask org export"
[ -s "$work/home/masked.csv" ] || fail "reader: --mask org export wrote nothing"
as kq_test_reader -q db check >/dev/null || fail "reader: db check"
no_write="you are in its group '$group', but the group lacks that access: ask whoever set it up to give the group read and write access to the registry's files and folder, as 'kunqu db init --group $group' makes them (files 0660, folder 2770 or the package's 2775)"
expect kq_test_reader 1 "kunqu: this command writes to the registry '$db', but you may not write '$db'; $no_write" \
  org update "$key" --phone 13900000000
expect kq_test_reader 1 "kunqu: this command writes to the registry '$db', but you may not write '$db'; $no_write" \
  org import orgs.csv
expect kq_test_reader 1 "kunqu: an export of personal data (address,phone,representative) is recorded in the registry's audit log before the data leaves kunqu, which needs write access to the registry, but you may not write '$db'; $no_write; nothing was output. Add --mask (masked output needs no entry)" \
  org export -o people.csv
[ -e "$work/home/people.csv" ] && fail "reader: the refused export wrote people.csv"
[ "$(audit)" = "$before" ] || fail "the reader's commands wrote $(($(audit) - before)) audit entries"

# Without the -wal and -shm files (removed as a restore does, or by another SQLite program),
# a reader who may not write in the folder cannot read; the writer's next command makes them.
rm -f "$db-wal" "$db-shm"
expect kq_test_reader 1 "kunqu: cannot read the registry '$db': you may read it but not write in its folder '$office', and its file '$db-wal' is missing, which SQLite needs to read a registry in WAL mode (it is made and kept by kunqu whenever someone who may write there uses the registry); anyone who may write in '$office' makes the file by running kunqu on the registry once (such as 'kunqu db info'), and kunqu keeps it from then on; a registry staff share is made with 'kunqu db init --group NAME' in a folder of that group, as the Debian package's /var/lib/kunqu is" \
  org list
as kq_test_writer -q db info >/dev/null || fail "writer: db info"
for f in "$db-wal" "$db-shm"; do
  [ "$(stat -c '%a %G' "$f" 2>&1)" = "640 $group" ] || fail "after db info, $f is $(stat -c '%a %G' "$f" 2>&1)"
done
as kq_test_reader org list --format csv >/dev/null || fail "reader: org list once the writer made the files"

# A -shm file the reader may not read; then the registry itself.
chmod 0600 "$db-shm"
expect kq_test_reader 1 "kunqu: cannot read the registry's file '$db-shm': you have no read access to it; $no_write" \
  org list
chmod 0640 "$db-shm"
chmod 0600 "$db"
expect kq_test_reader 1 "kunqu: cannot read the registry '$db': you have no read access to it; $no_write" \
  org list
expect kq_test_reader 1 "kunqu: cannot read the registry '$db': you have no read access to it; $no_write" \
  org update "$key" --phone 13900000000

# A registry open to everyone for reading (0644 in a 0755 folder): anyone reads, no one else writes.
chmod 0755 "$office"
chmod 0644 "$db" "$db-wal" "$db-shm"
as kq_test_outsider org list --format csv >/dev/null || fail "outsider: org list of a registry open to all"
expect kq_test_outsider 1 "kunqu: this command writes to the registry '$db', but you may not write '$db'; it is kq_test_writer's registry, not opened to a group of yours for that; a registry staff share is made with 'kunqu db init --group NAME' (in the Debian package's folder /var/lib/kunqu, for the group kunqu)" \
  org update "$key" --phone 13900000000
chmod 2750 "$office"
chmod 0640 "$db-wal" "$db-shm"

# In Chinese too.
chmod 0640 "$db"
LANG_AS=zh_CN.UTF-8 expect kq_test_reader 1 "kunqu: 此命令需要写入登记库“$db”，但您没有“$db”的写权限；您已在它的用户组“$group”中，但该组没有这项权限：请让设置登记库的人按“kunqu db init --group $group”的做法，给该组开放登记库文件和目录的读写权限（文件 0660，目录 2770 或软件包的 2775）" \
  org update "$key" --phone 13900000000

# A first load cut short leaves its rollback journal (kunqu loads an empty registry under one):
# the sqlite3 shell writes such a load and is killed. A reader who may not write cannot roll it
# back and is told; the writer's next command, one that only reads too, does.
q "SELECT count(*) FROM setting" >"$work/settings"
mkfifo "$work/fifo"
sqlite3 "$db" <"$work/fifo" >"$work/shell.out" 2>&1 &
shell=$!
exec 7>"$work/fifo"
echo "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 10; BEGIN;
INSERT INTO setting (key, value) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  SELECT 'stopped.' || i, printf('%.500c', 'x') FROM n;
SELECT 'written';" >&7
for _ in $(seq 100); do grep -q written "$work/shell.out" && break; sleep 0.1; done
kill -9 "$shell"
wait "$shell" 2>/dev/null
exec 7>&-
[ -s "$db-journal" ] || fail "the killed load left no journal: $(cat "$work/shell.out")"
expect kq_test_reader 1 "kunqu: registry '$db' holds the journal of an import that stopped before its end; it is undone when someone who may write the registry runs kunqu on it" \
  org list
as kq_test_writer -q db info >/dev/null || fail "writer: db info after the stopped load"
[ -e "$db-journal" ] && fail "the writer's db info left the journal"
[ "$(q "SELECT count(*) FROM setting")" = "$(cat "$work/settings")" ] || fail "the stopped load's rows are there"
[ "$(q "PRAGMA journal_mode")" = wal ] || fail "the registry is in $(q "PRAGMA journal_mode") mode after the undo"
for f in "$db-wal" "$db-shm"; do
  [ "$(stat -c '%a %G' "$f" 2>&1)" = "640 $group" ] || fail "after the undo, $f is $(stat -c '%a %G' "$f" 2>&1)"
done
as kq_test_reader org list --format csv >/dev/null || fail "reader: org list after the undo"

[ "$(audit)" = "$before" ] || fail "the reader's commands wrote $(($(audit) - before)) audit entries"
as kq_test_writer -q db check >/dev/null || fail "writer: db check"
if [ "$failed" -gt 0 ]; then
  echo "readonly: $failed check(s) failed" >&2
  exit 1
fi
echo "readonly: a reader in the group read, and was told what each missing access is"
