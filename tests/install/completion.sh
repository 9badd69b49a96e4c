#!/usr/bin/env bash
# Shell completion, generated from the command tree: bash's and zsh's scripts offer nouns,
# verbs, flags and enum values for typed inputs, and file names where a file is asked for.
# usage: completion.sh BUILD_DIR   (zsh runs the script with compadd and _files stubbed, as the
# completion system would call it)
set -u
build=$(cd "$1" && pwd)
bash_script=$build/share/bash-completion/completions/kunqu
zsh_script=$build/share/zsh/vendor-completions/_kunqu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/examples/kundulun" && touch "$work/examples/kundulun/orgs.csv" "$work/profile.toml" "$work/orgs.csv"
cd "$work" || exit 1
failed=0
fail() { echo "completion: $*" >&2; failed=$((failed + 1)); }

# bash: "words as bash splits them|expected offers" (the last word is the one completed; bash
# splits --tier=gr into --tier, = and gr).
cases=(
  "kunqu ''|db org filing incubate contract report demand catalog due help"
  "kunqu o|org"
  "kunqu org ''|add show list update suspend revoke deregister reinstate correct history import stats export events credit annual-check grade"
  "kunqu org l|list"
  "kunqu org list --tier ''|registered grassroots"
  "kunqu org list --tier = gr|grassroots"
  "kunqu org list --tier =|registered grassroots"
  "kunqu --db x.db org list --st|--street --status --strict"
  "kunqu org list --format c|csv"
  "kunqu org list --category cu|culture_sports"
  "kunqu contract add --field el|elderly_care"
  "kunqu org credit ''|add list due import export"
  "kunqu org credit due --list ''|abnormal serious"
  "kunqu org annual-check add K1 --result ''|pass basic_pass fail not_submitted"
  "kunqu help ''|exit-codes formats environment rules columns db org filing incubate contract report demand catalog due"
  "kunqu report monthly --money ''|yuan wan"
  "kunqu org import --encoding g|gbk gb18030"
  "kunqu org import --on-conflict ''|error skip update"
  "kunqu org stats --by c|category community"
  "kunqu contract import x.csv --kind a|acceptance assessment"
  "kunqu demand list --status ''|open accepted answered declined closed"
  "kunqu db ''|init info settings log check seal backup migrate district"
  "kunqu db district ''|streets load population community street rename merge"
  "kunqu db init --pro|--profile"
  "kunqu db init --profile pro|profile.toml"
  "kunqu org import or|orgs.csv"
  "kunqu org import examples/kundulun/|examples/kundulun/orgs.csv"
  "kunqu org export -o o|orgs.csv"
  "kunqu org list --tier grassroots --street x ''|"
  "kunqu org show ''|"
)
# shellcheck disable=SC1090
source "$bash_script"
for c in "${cases[@]}"; do
  words=${c%%|*}
  want=${c#*|}
  eval "COMP_WORDS=($words)"
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _kunqu
  got=${COMPREPLY[*]}
  [ "$got" = "$want" ] || fail "bash [$words]: got '$got', want '$want'"
done

# zsh: the same function the completion system autoloads, with its builtins stubbed.
if command -v zsh >/dev/null; then
  zcases=(
    "kunqu org list --tier ''|registered grassroots"
    "kunqu org ''|add show list update suspend revoke deregister reinstate correct history import stats export events credit annual-check grade"
    "kunqu org list --st|--street --status --strict"
    "kunqu org import ''|FILES"
    "kunqu db backup ''|FILES"
    "kunqu --format ''|auto table csv json toml xlsx ocds html"
    "kunqu org list --tier=gr|grassroots"
    "kunqu org list --category=elder|elderly_care"
  )
  for c in "${zcases[@]}"; do
    words=${c%%|*}
    want=${c#*|}
    got=$(zsh -f -c '
      # As zsh would: PREFIX is the word typed, compset -P moves "--flag=" out of it, and
      # compadd keeps the candidates it begins.
      compadd() { [[ $1 == -- ]] && shift; local c m=(); for c; do [[ $c == "$PREFIX"* ]] && m+=($c); done; print -r -- "$m"; }
      _files() { print -r -- FILES; }
      compset() { [[ $1 == -P && $PREFIX == *=* ]] && PREFIX=${PREFIX#*=}; }
      eval "words=($1)"; CURRENT=${#words}; PREFIX=${words[CURRENT]}
      source "$2"' zsh "$words" "$zsh_script" 2>&1)
    [ "$got" = "$want" ] || fail "zsh [$words]: got '$got', want '$want'"
  done
else
  fail "zsh is not installed (scripts/deps.sh installs it)"
fi

[ "$failed" -eq 0 ] && echo "completion: ${#cases[@]} bash and ${#zcases[@]} zsh inputs as expected"
exit $((failed > 0))
