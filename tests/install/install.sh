#!/usr/bin/env bash
# cmake --install into a fresh prefix: every file in its usual place, the installed kunqu runs
# from there (it finds libkunqu beside it), each man page renders without a warning, and a
# separate project builds against libkunqu with find_package(kunqu) and runs.
# usage: install.sh BUILD_DIR SOURCE_DIR
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
failed=0
fail() { echo "install: $*" >&2; failed=$((failed + 1)); }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }

libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
for f in bin/kunqu "$libdir/libkunqu.so" "$libdir/libkunqu.so.0" "$libdir/libkunqu.so.0.1.0" \
         include/kunqu/org/org.h include/kunqu/registry/registry.h include/kunqu/validate/credit_code.h \
         "$libdir/cmake/kunqu/kunquConfig.cmake" "$libdir/cmake/kunqu/kunquConfigVersion.cmake" \
         "$libdir/cmake/kunqu/kunquTargets.cmake" \
         share/man/man1/kunqu.1.gz share/man/man1/kunqu-org.1.gz share/man/man1/kunqu-contract.1.gz \
         share/bash-completion/completions/kunqu share/zsh/vendor-completions/_kunqu; do
  [ -e "$prefix/$f" ] || fail "missing $f"
done
# A folder's internal headers stay out of the installed interface.
for f in include/kunqu/org/internal.h include/kunqu/org/checker.h include/kunqu/contract/internal.h \
         include/kunqu/supervision/internal.h include/kunqu/io/loaded.h; do
  [ ! -e "$prefix/$f" ] || fail "installed $f, which is internal"
done
# One page for kunqu and one per noun (help's topics are sections of kunqu(1)).
pages=$(cd "$prefix/share/man/man1" && ls | tr '\n' ' ')
want="kunqu-catalog.1.gz kunqu-contract.1.gz kunqu-db.1.gz kunqu-demand.1.gz kunqu-due.1.gz kunqu-filing.1.gz kunqu-incubate.1.gz kunqu-org.1.gz kunqu-report.1.gz kunqu.1.gz "
[ "$pages" = "$want" ] || fail "man pages: $pages"
# The same pages in Chinese, where `man -L zh_CN` looks.
pages=$(cd "$prefix/share/man/zh_CN/man1" && ls | tr '\n' ' ')
[ "$pages" = "$want" ] || fail "Chinese man pages: $pages"
found=$(MANPATH="$prefix/share/man" man -L zh_CN -w kunqu-org 2>&1)
[ "$found" = "$prefix/share/man/zh_CN/man1/kunqu-org.1.gz" ] || fail "man -L zh_CN -w kunqu-org: $found"

# The installed binary, moved away from the build tree, still finds its library.
version=$(env -u LD_LIBRARY_PATH "$prefix/bin/kunqu" --version) || fail "installed kunqu --version failed"
[[ $version =~ ^kunqu\ 0\.1\.0\ \(schema\ [0-9]+,\ SQLite\ 3\.[0-9.]+\)$ ]] || fail "version: $version"
out=$(cd "$work" && KUNQU_DB=$work/r.db "$prefix/bin/kunqu" -q db init --profile "$src/examples/kundulun/profile.toml" &&
      KUNQU_DB=$work/r.db "$prefix/bin/kunqu" -q org import "$src/examples/kundulun/orgs.csv" &&
      KUNQU_DB=$work/r.db "$prefix/bin/kunqu" org stats --by tier --format csv) || fail "installed kunqu could not import"
[ "$out" = $'tier,orgs\r\ngrassroots,302\r\nregistered,200\r' ] || fail "installed kunqu org stats: $out"
# Workbooks go through the module libkunqu loads from LIBDIR/kunqu/: a list out as .xlsx and
# back in through a dry run, which reads every row.
[ -f "$prefix/$libdir/kunqu/kunqu-workbook.so" ] || fail "missing $libdir/kunqu/kunqu-workbook.so"
# (db init --profile above read its profile through the TOML module, from the same folder.)
[ -f "$prefix/$libdir/kunqu/kunqu-toml.so" ] || fail "missing $libdir/kunqu/kunqu-toml.so"
(cd "$work" && KUNQU_DB=$work/r.db "$prefix/bin/kunqu" org export --tier registered -o "$work/orgs.xlsx" &&
  KUNQU_DB=$work/r.db "$prefix/bin/kunqu" org import "$work/orgs.xlsx" --on-conflict update --dry-run >"$work/dry.txt" 2>&1) ||
  { cat "$work/dry.txt" >&2; fail "installed kunqu could not write and read back a workbook"; }

# Every page renders cleanly and says what the binary's --help says, in English (man1/) and in
# Chinese (zh_CN/man1/, against --help under zh_CN).
# check_pages DIR LOCALE WHAT ORG_LINES… -- ROOT_LINES…
check_pages() {
  local dir=$1 lang=$2 what=$3 page root help line desc
  shift 3
  for page in "$prefix/share/man/$dir"/*.gz; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "$dir/$(basename "$page"): $warnings"
  done
  page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$prefix/share/man/$dir/kunqu-org.1.gz" 2>/dev/null)
  root=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$prefix/share/man/$dir/kunqu.1.gz" 2>/dev/null)
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    grep -qF -- "$1" <<<"$page" || fail "kunqu-org(1)$what lacks: $1"
    shift
  done
  shift
  for line in "$@"; do
    grep -qF -- "$line" <<<"$root" || fail "kunqu(1)$what lacks: $line"
  done
  help=$(LANG=$lang LC_ALL=$lang "$build/kunqu" org list --help)
  while IFS= read -r line; do
    # Each option's description in --help appears in the page.
    desc=$(sed -E 's/^  [^ ].{26} *//' <<<"$line")
    [[ $line == "  --"* && -n $desc ]] || continue
    grep -qF -- "$desc" <<<"$page" || fail "kunqu-org(1)$what lacks the --help text: $desc"
  done <<<"$help"
}
check_pages man1 C.UTF-8 "" "kunqu org list [OPTIONS]" "--tier TEXT" "registered | grassroots (登记 | 备案)" \
  "kunqu org list --street 沼潭街道 --category 社区文体" -- \
  "EXIT STATUS" "5  the registry stayed busy" "KUNQU_BUSY_TIMEOUT" "/var/lib/kunqu/" "kunqu-contract(1)" \
  "kunqu -q report monthly --month last --bom -o /srv/kunqu/reports/" "REGISTRY.vN-TIMESTAMP.bak"
check_pages zh_CN/man1 zh_CN.UTF-8 " in Chinese" "名称" "命令" "kunqu org list [选项]" \
  "kunqu org list --street 沼潭街道 --category 社区文体" -- \
  "退出状态" "环境变量" "KUNQU_BUSY_TIMEOUT" "/var/lib/kunqu/" "REGISTRY.vN-TIMESTAMP.bak" "办公室共用的登记库"

# find_package(kunqu) from a separate project.
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_RPATH="$prefix/$libdir" >"$work/consumer.log" 2>&1 &&
  cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 || { cat "$work/consumer.log" >&2; fail "consumer did not build"; }
if [ -x "$work/consumer/consumer" ]; then
  out=$("$work/consumer/consumer" 51150200MJ0581473A 51150200MJ0581473B)
  expect="51150200MJ0581473A: valid
51150200MJ0581473B: check character is 'B', expected 'A'
schema ${version#*schema }"
  [ "$out" = "${expect%)}" ] || fail "consumer printed: $out"
fi

# No run path entry is empty or relative, in the build tree or installed: the loader would look
# for libraries in the current folder (a libc.so.6 planted beside someone's CSV files).
runpath_is_absolute() {
  local rp e
  rp=$(readelf -d "$1" 2>/dev/null | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]$/\1/p')
  [ -n "$rp" ] || return 0
  case ":$rp:" in *::*) fail "$1: run path '$rp' has an empty entry (the current folder)" ;; esac
  local IFS=:
  for e in $rp; do
    case $e in /* | '$ORIGIN'*) ;; *) fail "$1: run path entry '$e' is relative" ;; esac
  done
}
for f in "$build/kunqu" "$build/kunqu-workbook.so" "$build/kunqu-toml.so" "$build/libkunqu.so" "$prefix/bin/kunqu" \
         "$prefix/$libdir/libkunqu.so" "$prefix/$libdir/kunqu/kunqu-workbook.so" "$prefix/$libdir/kunqu/kunqu-toml.so"; do
  [ -e "$f" ] || { fail "missing $f"; continue; }
  runpath_is_absolute "$f"
done

# The build tree's binary looks for libraries beside it and nowhere else: the folder above a
# build folder is the source tree, or anyone's (/tmp/lib for a build in /tmp/build).
rp=$(readelf -d "$build/kunqu" | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]$/\1/p')
[ "$rp" = '$ORIGIN' ] || fail "$build/kunqu: run path '$rp', not \$ORIGIN alone"
# The installed one finds the prefix's libkunqu, with the build tree gone from its paths.
loaded_lib=$(env -u LD_LIBRARY_PATH LD_DEBUG=libs "$prefix/bin/kunqu" --version 2>&1 >/dev/null | sed -n 's/.*calling init: \(.*libkunqu\.so[^ ]*\)$/\1/p')
[ -n "$loaded_lib" ] && [ "$(readlink -f "$loaded_lib")" = "$(readlink -f "$prefix/$libdir/libkunqu.so.0")" ] ||
  fail "the installed kunqu loaded libkunqu from '$loaded_lib', not $prefix/$libdir"

[ "$failed" -eq 0 ] && echo "install: all checks passed"
exit $((failed > 0))
