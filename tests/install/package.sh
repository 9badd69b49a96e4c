#!/usr/bin/env bash
# The Debian package: CPack builds kunqu_<version>_amd64.deb from the build; its Depends are the
# runtime libraries dpkg-shlibdeps found plus libssl3; apt-get installs it into this machine;
# /usr/bin/kunqu runs; the kunqu group and /var/lib/kunqu (2775, setgid) exist; two staff
# accounts in the group share one registry there (one creates it with --group kunqu, the other
# imports, both read and report); then the package is purged again, the registry kept, and
# everything the test made is removed. Needs root (CI runs as root); refuses to run where a
# kunqu is installed already.
# usage: package.sh BUILD_DIR EXAMPLES_DIR
set -u
build=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
if [ "$(id -u)" != 0 ]; then echo "package: needs root, to install the package" >&2; exit 1; fi
if dpkg-query -W -f='${Status}' kunqu 2>/dev/null | grep -q 'installed' || [ -e /usr/bin/kunqu ]; then
  echo "package: kunqu is installed on this machine already; the test will not replace it" >&2
  exit 1
fi
work=$(mktemp -d)
chmod 0755 "$work"
users=(kq_test_clerk kq_test_officer)
had_group=0; getent group kunqu >/dev/null && had_group=1
had_dir=0; [ -e /var/lib/kunqu ] && had_dir=1
cleanup() {
  DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq kunqu >/dev/null 2>&1
  for u in "${users[@]}"; do id "$u" >/dev/null 2>&1 && userdel "$u"; done
  [ "$had_dir" = 0 ] && rm -rf /var/lib/kunqu
  [ "$had_group" = 0 ] && getent group kunqu >/dev/null && groupdel kunqu
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
fail() { echo "package: $*" >&2; failed=$((failed + 1)); }

cpack --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb=$work/kunqu_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { ls "$work" >&2; echo "package: no $deb" >&2; exit 1; }

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libexpat1 libfmt9 libfreexl1 libgcc-s1 libsqlite3-0 libssl3 libstdc++6 libtomlplusplus3 libunistring2 \
           libxlsxwriter4 libzip4; do
  awk -v lib="$lib" 'BEGIN {RS = ", "} $1 == lib {found = 1} END {exit !found}' <<<"$depends" ||
    fail "Depends lacks $lib: $depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/kunqu ./usr/lib/libkunqu.so.0.1.0 ./usr/lib/kunqu/kunqu-workbook.so ./usr/lib/kunqu/kunqu-toml.so \
         ./usr/include/kunqu/org/org.h \
         ./usr/lib/cmake/kunqu/kunquConfig.cmake \
         ./usr/share/man/man1/kunqu.1.gz ./usr/share/man/man1/kunqu-org.1.gz \
         ./usr/share/man/zh_CN/man1/kunqu.1.gz ./usr/share/man/zh_CN/man1/kunqu-org.1.gz \
         ./usr/share/bash-completion/completions/kunqu ./usr/share/zsh/vendor-completions/_kunqu; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks $f"
done

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; exit 1; }
[ "$(/usr/bin/kunqu --version)" = "$("$build/kunqu" --version)" ] || fail "/usr/bin/kunqu --version: $(/usr/bin/kunqu --version)"
loaded=$(readlink -f "$(ldd /usr/bin/kunqu | awk '/libkunqu/ {print $3}')")
[ "$loaded" = /usr/lib/libkunqu.so.${version} ] || fail "/usr/bin/kunqu loads '$loaded', not /usr/lib/libkunqu.so.${version}"
[ "$(stat -c '%a %U %G' /var/lib/kunqu)" = "2775 root kunqu" ] || fail "/var/lib/kunqu is $(stat -c '%a %U %G' /var/lib/kunqu)"
[ "$(man -w kunqu-org 2>/dev/null)" = /usr/share/man/man1/kunqu-org.1.gz ] || fail "man -w kunqu-org: $(man -w kunqu-org 2>&1)"
[ "$(man -L zh_CN -w kunqu-org 2>/dev/null)" = /usr/share/man/zh_CN/man1/kunqu-org.1.gz ] ||
  fail "man -L zh_CN -w kunqu-org: $(man -L zh_CN -w kunqu-org 2>&1)"

# Two members of staff share the office registry.
for u in "${users[@]}"; do useradd --no-create-home --shell /bin/sh --groups kunqu "$u" || fail "useradd $u"; done
cp "$examples/kundulun/profile.toml" "$examples/kundulun/orgs.csv" "$work/"
chmod 0644 "$work"/*.toml "$work"/*.csv
as() { local u=$1; shift; (cd "$work" && runuser -u "$u" -- env KUNQU_DB=/var/lib/kunqu/registry.db KUNQU_NOW=2015-06-30T08:00:00Z /usr/bin/kunqu "$@"); }
as kq_test_clerk -q db init --group kunqu --profile profile.toml || fail "clerk: db init"
[ "$(stat -c '%a %U %G' /var/lib/kunqu/registry.db)" = "660 kq_test_clerk kunqu" ] ||
  fail "registry.db is $(stat -c '%a %U %G' /var/lib/kunqu/registry.db)"
as kq_test_officer -q org import orgs.csv || fail "officer: org import"
[ "$(as kq_test_clerk org stats --by tier --format csv | tr -d '\r' | awk -F, 'NR > 1 {n += $2} END {print n}')" = 502 ] ||
  fail "clerk: org stats"
as kq_test_clerk -q org update 51150200MJ0581473A --phone 13800000001 || fail "clerk: org update"
report=$(as kq_test_officer report monthly --month 2015-06 --format csv) || fail "officer: report monthly"
grep -q '^orgs,entered,to_date,,502,' <<<"$report" || fail "the report lacks 502 orgs: $(head -3 <<<"$report")"
as kq_test_officer db check >/dev/null 2>&1 || fail "officer: db check"
actors=$(as kq_test_clerk db log --format csv | tr -d '\r' | awk -F, 'NR > 1 {print $3 "," $4}' | sort -u | tr '\n' ' ')
[ "$actors" = "kq_test_clerk,db.create kq_test_clerk,db.init kq_test_clerk,org.update kq_test_officer,org.import " ] ||
  fail "audit log actors: $actors"

DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq kunqu >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "purge"; }
[ ! -e /usr/bin/kunqu ] || fail "/usr/bin/kunqu left after purge"
[ ! -e /usr/lib/libkunqu.so.0 ] || fail "/usr/lib/libkunqu.so.0 left after purge"
[ -f /var/lib/kunqu/registry.db ] || fail "purging the package deleted the office registry"

[ "$failed" -eq 0 ] && echo "package: $(basename "$deb") built, installed, shared by two accounts and purged"
exit $((failed > 0))
