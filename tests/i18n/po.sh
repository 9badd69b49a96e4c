#!/usr/bin/env bash
# The message catalogues are complete: every message marked in cmd/ and lib/ has a reviewed
# (not fuzzy) translation in each po/LANG.po, no catalogue keeps a message the code no longer
# has, and msgfmt accepts each one. (Placeholders are checked by the unit test test_i18n.)
# usage: po.sh SOURCE_DIR
set -u
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "po: $*" >&2; failed=$((failed + 1)); }

bash "$src/po/extract.sh" "$work/kunqu.pot" || exit 1
marked=$(grep -c '^msgid ' "$work/kunqu.pot")
for po in "$src"/po/*.po; do
  name=$(basename "$po")
  # Every marked message translated (msgcmp counts an untranslated or fuzzy entry as missing).
  msgcmp "$po" "$work/kunqu.pot" 2>"$work/missing" || fail "$name lacks translations:
$(grep -E 'this message|msgid' "$work/missing" | head -40)"
  # No translation of a message that is gone or changed in the code.
  msgcmp --use-untranslated "$work/kunqu.pot" "$po" 2>"$work/extra" ||
    fail "$name translates messages the code no longer has (run po/update.sh):
$(head -20 "$work/extra")"
  msgfmt --check --statistics -o /dev/null "$po" 2>"$work/stats" || fail "$name: msgfmt --check: $(cat "$work/stats")"
done
[ "$failed" -eq 0 ] && echo "po: $((marked - 1)) marked messages, all translated in $(cd "$src/po" && ls *.po | tr '\n' ' ')"
exit $((failed > 0))
