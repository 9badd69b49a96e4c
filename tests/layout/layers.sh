#!/usr/bin/env bash
# lib/ is a stack without cycles, in the order the README's Layout section draws: each line of
# its lib/ block names folders, and a folder may include (#include "folder/…") only folders on
# the lines below its own. Fails naming every include that reaches up or sideways, and every
# folder of lib/ the README leaves out.
# usage: layers.sh SOURCE_DIR
set -u
src=$1
block=$(sed -n '/^lib\/       libkunqu, a stack without cycles/,/^             error\.h i18n\//p' "$src/README.md")
[ -n "$block" ] || { echo "layers: the README has no lib/ block in its Layout section" >&2; exit 1; }

declare -A level
n=0
while IFS= read -r line; do
  # A layer's line: its folders (and error.h), then two spaces or more, then what it holds.
  names=$(sed -n 's/^             \([a-z_.][a-z0-9_./ ]*[a-z0-9_/h]\)  .*/\1/p' <<<"$line")
  [ -n "$names" ] || continue
  n=$((n + 1))
  for name in $names; do level[${name%/}]=$n; done
done <<<"$block"

failed=0
for dir in "$src"/lib/*/; do
  name=$(basename "$dir")
  [ -n "${level[$name]:-}" ] || { echo "layers: lib/$name/ is not in the README's lib/ block" >&2; failed=1; }
done
for dir in "$src"/lib/*/; do
  name=$(basename "$dir")
  mine=${level[$name]:-0}
  while IFS=: read -r file used; do
    [ "$used" = "$name" ] && continue
    theirs=${level[$used]:-0}
    # The first line is the top: a lower line has a larger number.
    if [ "$theirs" -le "$mine" ]; then
      echo "layers: ${file#"$src"/} includes $used/, which is not below $name/" >&2
      failed=1
    fi
  done < <(grep -o '#include "[a-z_0-9]*/' "$dir"*.h "$dir"*.cpp 2>/dev/null | sed 's/#include "//; s/\/$//')
done
# lib/ names an input as ‹field› and a step as ‹noun verb›; cmd/ words them as flags and
# commands. The one exception reads the command lines the audit log keeps (privacy/mask.cpp).
while IFS= read -r hit; do
  echo "layers: ${hit#"$src"/} names a flag or a command: say ‹field› or ‹noun verb›" >&2
  failed=1
done < <(grep -nE '"[^"]*(--[a-z]|kunqu (org|filing|incubate|contract|report|db|demand|catalog)\b)' \
           "$src"/lib/*/*.cpp "$src"/lib/*/*.h "$src"/lib/*.cpp "$src"/lib/*.h |
         grep -v '^[^:]*:[0-9]*: *//' | grep -v '/lib/privacy/mask\.cpp:')
[ $failed -eq 0 ] && echo "layers: lib/ holds to the README's $n layers"
exit $failed
