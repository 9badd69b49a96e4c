#!/usr/bin/env bash
# Installs kunqu's build and test dependencies from Debian 12's packages (as root), skipping
# apt entirely when they are all present already. --browser adds what the browser test of the
# report page needs (Chromium, ChromeDriver, curl); --sanitize what the sanitizer build and the
# fuzzers need (clang and its runtimes: ASan, UBSan, libFuzzer); --install what the tests of the
# install need (dpkg-shlibdeps and file for the Debian package, man to render the man pages,
# zsh for its completion); --locale the zh_CN.UTF-8 and zh_CN.GBK locales, generated, for the
# tests that run kunqu in Chinese and under a GBK terminal (a fresh Debian machine has only
# C.UTF-8). Flags may be combined.
set -euo pipefail
locale=0
packages=(g++ cmake ninja-build pkg-config libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev
          libtomlplusplus-dev doctest-dev libssl-dev libunistring-dev libzip-dev libexpat1-dev libfreexl-dev
          libxlsxwriter-dev python3-openpyxl python3-xlwt sqlite3 time gzip gettext)
for flag in "$@"; do
  case $flag in
    --browser) packages+=(chromium chromium-driver curl) ;;
    --sanitize) packages+=(clang libclang-rt-14-dev) ;;
    --install) packages+=(dpkg-dev file man-db zsh) ;;
    --locale) packages+=(locales); locale=1 ;;
    *) echo "deps.sh: unknown flag $flag" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$locale" = 1 ] && ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
  echo "generating the zh_CN.UTF-8 locale" >&2
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
fi
if [ "$locale" = 1 ] && ! locale -a 2>/dev/null | grep -qix 'zh_CN.gbk'; then
  echo "generating the zh_CN.GBK locale" >&2
  localedef -i zh_CN -f GBK zh_CN.GBK
fi
