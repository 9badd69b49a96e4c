#!/usr/bin/env bash
# Writes every message marked for translation in cmd/ and lib/ (tr, trf, trn, trnf, N_; see
# README.md) to the template OUT.pot. update.sh and the tests use it, so both read the same marks.
# usage: extract.sh OUT.pot
set -euo pipefail
out=$(realpath -m "$1")
cd "$(dirname "$0")/.."
find cmd lib -name '*.cpp' -o -name '*.h' | LC_ALL=C sort |
  xgettext --files-from=- --output="$out" --language=C++ --from-code=UTF-8 \
    --keyword= --keyword=tr --keyword=trf --keyword=trn:1,2 --keyword=trnf:1,2 --keyword=N_ --keyword=NC_:1c,2 \
    --add-comments=TRANSLATORS: --add-location=file --package-name=kunqu --package-version=0.1.0 \
    --msgid-bugs-address=kunqu@localhost
