#!/usr/bin/env bash
# After marking or changing messages: merges the current marks into each po/LANG.po (new
# messages arrive untranslated, changed ones fuzzy; both fail the tests until translated).
# usage: po/update.sh
set -euo pipefail
cd "$(dirname "$0")"
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
bash extract.sh "$pot"
for po in *.po; do
  msgmerge --quiet --update --backup=none --add-location=file --sort-by-file "$po" "$pot"
  msgattrib --no-obsolete --output-file="$po" "$po"
  echo "$po: $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
done
