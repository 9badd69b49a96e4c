#!/usr/bin/env bash
# Broken files: `kunqu org import` given a corpus of damaged CSV and TOML files — each broken
# in exactly one way from a base that imports cleanly — must refuse every one with exit 3,
# start stderr with the defect's place — `FILE:ROW:LETTER HEADER: ` (with ` (line N)` where a
# CSV record's line is not its row), `FILE:ROW: ` or `FILE:LINE:COLUMN: ` — naming the line of
# the defect, leave the registry's
# logical content (`sqlite3 .dump`) exactly as it was, and leave no stray file beside it.
#
# The corpus is generated here from the example files with bash, printf, head, dd, iconv, awk,
# sed, tr and seq only. Prints the corpus size, one line per case (`ok   NAME` or
# `FAIL NAME: why`), then `broken-files: N passed, M failed`; exits 1 if any case failed.
#
# usage: broken-files.sh PATH/TO/kunqu EXAMPLES_DIR
# BROKEN_FILES_VERBOSE=1 also shows the first line of stderr of every case.
set -u
shopt -s lastpipe # `… | raw NAME` registers its case in this shell, not in a subshell

if [ $# -ne 2 ]; then
  echo "usage: $0 PATH/TO/kunqu EXAMPLES_DIR" >&2
  exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ex=$(cd "$2" && pwd)/kundulun
if [ ! -x "$bin" ] || [ ! -f "$ex/orgs.csv" ]; then
  echo "broken-files: no kunqu at '$1' or no kundulun examples under '$2'" >&2
  exit 2
fi
verbose=${BROKEN_FILES_VERBOSE:-0}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
reg=$tmp/reg       # the registry's folder: nothing but registry.db and its -wal/-shm
corpus=$tmp/corpus # the broken files
mkdir -p "$reg" "$corpus"
export KUNQU_DB=$reg/registry.db KUNQU_ACTOR=tester KUNQU_NOW=2015-06-30T08:00:00Z
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8 NO_COLOR=1 HOME=$tmp
unset XDG_DATA_HOME KUNQU_BUSY_TIMEOUT

die() {
  echo "broken-files: $*" >&2
  exit 2
}

# --- The registry: the example district's 502 orgs ---------------------------------------------
"$bin" -q db init --profile "$ex/profile.toml" || die "db init failed"
"$bin" -q org import "$ex/orgs.csv" || die "importing orgs.csv failed"
sqlite3 "$KUNQU_DB" .dump >"$tmp/before.sql" || die "sqlite3 .dump failed"
# A copy to put back should a case change the registry, so that the cases stay independent.
sqlite3 "$KUNQU_DB" ".backup '$tmp/pristine.db'" || die "sqlite3 .backup failed"

# --- The valid bases ----------------------------------------------------------------------------
# CSV (base.csv): the header of orgs.csv and three new orgs made from rows of it —
#   line 2, GA: a filed group without a filing number (the registry gives one);
#   line 3, GB: a filed group with a historical filing number not in use (KQBA-2015-0103);
#   line 4, RG: a registered social group with an unused valid credit code, funds 100000.00
#       and a quoted note holding a comma and doubled quotes. Cutting the file cuts into RG.
orgs=$ex/orgs.csv
row() { grep -m1 -- "$1" "$orgs" || die "no row '$1' in orgs.csv"; }
H=$(head -n 1 "$orgs")
GA=$(row '^志愿服务队,grassroots,.*,KQBA-2012-0001,')
GA=${GA/#志愿服务队,/林荫路社区青年志愿服务队,}
GA=${GA/,KQBA-2012-0001,/,,}
GB=$(row ',KQBA-2015-0095,')
GB=${GB/#象棋队,/建设路社区围棋队,}
GB=${GB/,KQBA-2015-0095,/,KQBA-2015-0103,}
RG=$(row '^包头市昆都仑区应急救援志愿者协会,')
RG=${RG/#包头市昆都仑区应急救援志愿者协会,/包头市昆都仑区大学生创业促进会,}
RG=${RG/,51150203MJ0427628M,/,51150203MJ0990031F,}
RG=${RG%,}',"2015年新登记,""大学生""创业"'
# csv ROW...: the header, then the rows.
csv() { printf '%s\n' "$H" "$@"; }
csv "$GA" "$GB" "$RG" >"$tmp/base.csv"
# The same in GBK (detected on import).
iconv -f UTF-8 -t GBK "$tmp/base.csv" >"$tmp/base-gbk.csv" || die "iconv to GBK failed"
# TOML (base.toml): the [[org]] tables of the street office's groups KQBA-2015-0103…0105 in
# orgs.toml (not in the registry), each table a paragraph: lines 1–19, 21–…, 41–….
awk 'BEGIN { RS = ""; ORS = "\n\n" }
     /^\[\[org\]\]/ && /filing_no = "KQBA-2015-010[345]"/' "$ex/orgs.toml" >"$tmp/base.toml"
[ "$(grep -c '^\[\[org\]\]' "$tmp/base.toml")" -eq 3 ] || die "base.toml: expected 3 tables"
toml_line() { grep -n -m1 -- "$1" "$tmp/base.toml" | cut -d: -f1; } # first line matching
toml_end=$(($(wc -l <"$tmp/base.toml") + 1)) # the line after base.toml's last

# Every base must import cleanly (dry run), so that each case's one defect is what is refused.
for b in base.csv base-gbk.csv base.toml; do
  "$bin" -q org import "$tmp/$b" --dry-run >/dev/null 2>"$tmp/base.err" ||
    die "the base $b does not import: $(head -n 3 "$tmp/base.err")"
done

# --- Building the corpus ------------------------------------------------------------------------
# Each case: a name, a file, the line of its defect (an extended regex: `2|4` where two lines
# are fair answers) and extra import flags.
names=()
files=()
lines=()
flags=()
# add NAME FILE LINE [FLAGS]: register a case. Its file must differ from every base unless the
# defect is in the flags (a valid file read in the wrong encoding).
add() {
  local b
  [ -e "$2" ] || die "$1: no file"
  for b in base.csv base-gbk.csv base.toml; do
    if [ -z "${4:-}" ] && cmp -s "$2" "$tmp/$b"; then die "$1: the file is the valid base"; fi
  done
  names+=("$1")
  files+=("$2")
  lines+=("$3")
  flags+=("${4:-}")
}
# sub ROW FROM TO: ROW with the first FROM replaced by TO (FROM must be there).
sub() {
  [[ $1 == *"$2"* ]] || die "generator: '$2' is not in the row '${1:0:30}…'"
  printf '%s' "${1/"$2"/"$3"}"
}
# ga/gb/rg NAME FROM TO: the base with one edit in that row.
ga() { csv "$(sub "$GA" "$2" "$3")" "$GB" "$RG" >"$corpus/$1.csv" && add "$1" "$corpus/$1.csv" 2; }
gb() { csv "$GA" "$(sub "$GB" "$2" "$3")" "$RG" >"$corpus/$1.csv" && add "$1" "$corpus/$1.csv" 3; }
rg() { csv "$GA" "$GB" "$(sub "$RG" "$2" "$3")" >"$corpus/$1.csv" && add "$1" "$corpus/$1.csv" 4; }
# rg_bytes NAME FROM BYTES: the base with raw BYTES (printf %b escapes) in place of FROM in RG.
rg_bytes() {
  [[ $RG == *"$2"* ]] || die "generator: '$2' is not in RG"
  {
    csv "$GA" "$GB"
    printf '%s' "${RG%%"$2"*}"
    printf '%b' "$3"
    printf '%s\n' "${RG#*"$2"}"
  } >"$corpus/$1.csv" && add "$1" "$corpus/$1.csv" 4
}
# cut_at NAME BYTES LINE: the first BYTES bytes of base.csv.
cut_at() { head -c "$2" "$tmp/base.csv" >"$corpus/$1.csv" && add "$1" "$corpus/$1.csv" "$3"; }
# toml NAME LINE SED-SCRIPT [FLAGS]: base.toml through sed.
toml() { sed -e "$3" "$tmp/base.toml" >"$corpus/$1.toml" && add "$1" "$corpus/$1.toml" "$2" "${4:-}"; }
# raw NAME.EXT LINE [FLAGS]: standard input as a file of the corpus.
raw() { cat >"$corpus/$1" && add "${1%.*}" "$corpus/$1" "$2" "${3:-}"; }

bytes_of() { printf '%s' "$1" | wc -c; }
upto_rg=$(head -n 3 "$tmp/base.csv" | wc -c) # bytes before RG's line

# Truncated files.
cut_at trunc-mid-line $((upto_rg + $(bytes_of "${RG%%和平路*}"))) 4 # in RG's address: fields missing
cut_at trunc-mid-utf8-char $((upto_rg + 4)) 4                      # 1⅓ characters of RG's name
cut_at trunc-mid-quoted-field $(($(wc -c <"$tmp/base.csv") - 8)) 4 # in RG's note, quote left open
cut_at trunc-header-mid-name $(($(head -n 1 "$tmp/base.csv" | wc -c) - 20)) 1 # no rows
{ printf '\xef\xbb\xbf'; head -c 7 "$tmp/base.csv"; } | raw trunc-header-bom-mid-column.csv 1 # BOM, 'name,ti'
head -c $(($(head -n 3 "$tmp/base-gbk.csv" | wc -c) + 3)) "$tmp/base-gbk.csv" |
  raw trunc-gbk-mid-char.csv 4 # GBK: 1½ characters of RG's name

# NUL bytes.
rg_bytes nul-in-field 大学生 '大学\0生'
{ printf '%s\0%s\n' "${H%%,*}" ",${H#*,}"; tail -n +2 "$tmp/base.csv"; } | raw nul-in-header.csv 1
rg_bytes nul-before-quoted-field ',"2015年' '\0,"2015年'

# Bytes that are neither UTF-8 nor GB18030, in an otherwise UTF-8 file (all in RG, line 4).
rg_bytes bytes-ff-ff 大学生 '大学\xff\xff生'
rg_bytes byte-80-alone 大学生 '大学\x80生'
rg_bytes byte-fe-before-comma ',registered,' '\xfe,registered,'
rg_bytes utf8-overlong-slash 大学生 '大学\xc0\xaf生'
rg_bytes utf8-surrogate 大学生 '大学\xed\xa0\x80生'
rg_bytes utf8-lone-continuation 大学生 '大学\xa0生'
rg_bytes utf8-above-u10ffff 大学生 '大学\xf4\x90\x80\x80生'
# Encodings: GBK read as UTF-8 (the file is the valid GBK base: the flag is the defect); GBK
# with bytes GBK lacks; a UTF-8 file with one GBK row; UTF-16.
raw gbk-read-as-utf8.csv 2 '--encoding utf-8' <"$tmp/base-gbk.csv"
{ cat "$tmp/base-gbk.csv"; printf '\xff\xfe\xff,\r\n'; } | raw gbk-invalid-bytes.csv 5
{ head -n 3 "$tmp/base.csv"; tail -n 1 "$tmp/base-gbk.csv"; } | raw mixed-utf8-and-gbk-row.csv 4
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$tmp/base.csv"; } | raw utf16le-with-bom.csv 1

# Sizes: a 10 MB name; a header with 2^20 (over a million) more columns, made by doubling.
big=$(head -c 10485760 /dev/zero | tr '\0' 'a')
rg field-10mb-name 大学生创业促进会 "$big"
unset big
cols=',x'
for _ in $(seq 20); do cols=$cols$cols; done
{ printf '%s%s\n' "$H" "$cols"; tail -n +2 "$tmp/base.csv"; } | raw header-million-columns.csv 1
unset cols

# Header defects. (RG's quoted note holds the only comma inside a field, after field 2, so cut
# can drop field 1 or 2.)
sed '1s/,notes$/,remarks/' "$tmp/base.csv" | raw header-unknown-column.csv 1
sed '1s/,party_org,/,party,/' "$tmp/base.csv" | raw header-misspelt-column.csv 1
cut -d, -f2- "$tmp/base.csv" | raw header-missing-name-column.csv '1|2'
cut -d, -f1,3- "$tmp/base.csv" | raw header-missing-tier-column.csv '1|2'
sed '1s/,notes$/,supervisor/' "$tmp/base.csv" | raw header-duplicate-column.csv 1
sed '1s/,notes$/,名称/' "$tmp/base.csv" | raw header-duplicate-via-chinese-alias.csv 1
sed '1s/,notes$/,/' "$tmp/base.csv" | raw header-blank-name-over-data.csv '1|4'
{ printf '\n'; cat "$tmp/base.csv"; } | raw header-after-blank-line.csv '1|2'

# Duplicate keys within the file: the second of each pair is refused, naming the first.
csv "$GA" "$GB" "$RG" "$(sub "$RG" 大学生创业促进会 大学生就业促进会)" |
  raw dup-credit-code-in-file.csv 5
csv "$GA" "$GB" "$RG" "$(sub "$(sub "$GB" 建设路社区围棋队 鞍山道社区围棋队)" ,建设路社区, ,鞍山道社区,)" |
  raw dup-filing-no-in-file.csv 5
csv "$GA" "$GB" "$RG" "$GA" | raw dup-row-repeated.csv 5
csv "$GA" "$GB" "$RG" "$(sub "$GA" 田晓东 田小东)" | raw dup-filed-name-in-community.csv 5
# Duplicates against the registry: --on-conflict error (the default) refuses them.
rg dup-credit-code-in-registry ,51150203MJ0990031F, ,51150203MJ0662978U, # 团结里社区社会组织促进会
gb dup-filing-no-in-registry ,KQBA-2015-0103, ,KQBA-2015-0095,          # 象棋队
ga dup-filed-name-in-registry 林荫路社区青年志愿服务队, 志愿服务队,    # same community
rg dup-registered-name-in-registry 包头市昆都仑区大学生创业促进会, 包头市昆都仑区家政服务业协会,
csv "$GA" "$GB" "$(sub "$RG" ,51150203MJ0990031F, ,51150203MJ0662978U,)" |
  raw dup-credit-code-in-registry-explicit-error.csv 4 '--on-conflict error'

# Dates.
rg date-feb-30 ,2015-05-31, ,2015-02-30,
rg date-feb-29-not-leap ,2015-05-31, ,2015-02-29,
rg date-month-13 ,2015-05-31, ,2015-13-01,
rg date-day-first ,2015-05-31, ,18/6/2015,
rg date-two-digit-year ,2015-05-31, ,15-5-31,
rg date-year-1899 ,2014-12-21, ,1899-12-31,
rg date-in-the-future ,2015-05-31, ,2015-07-01,
rg date-founded-after-registered ,2014-12-21, ,2015-06-01,
rg date-spreadsheet-serial ,2015-05-31, ,42155,
rg date-with-time ,2015-05-31, ,2015-05-31T09:30:00,
gb date-filed-on-feb-30 ,2015-05-28, ,2015-02-30,

# Money. (Valid, so not here: 100000.00, "1,000,000", 5万, ¥5万, ￥50000, 100., .5.)
rg money-exponent ,100000.00, ,1e9,
rg money-three-decimals ,100000.00, ,12.345,
rg money-negative ,100000.00, ,-5,
rg money-bad-grouping ,100000.00, ',"1,00,000",'
rg money-decimal-comma ,100000.00, ',"100000,50",'
rg money-too-large ,100000.00, ,99999999999999999999,
rg money-in-words ,100000.00, ,十万,
rg money-two-units ,100000.00, ,200元万元,

# Credit codes (RG's is 51150203MJ0990031F).
rg code-wrong-check-char ,51150203MJ0990031F, ,51150203MJ0990031A,
rg code-wrong-org-check-digit ,51150203MJ0990031F, ,51150203MJ0990041F,
rg code-17-chars ,51150203MJ0990031F, ,51150203MJ099003F,
rg code-19-chars ,51150203MJ0990031F, ,51150203MJ0990031FF,
# A code in lower case is folded to upper case, and then checked: a wrong check character still fails.
rg code-lowercase-wrong-check ,51150203MJ0990031F, ,51150203mj0990031x,
rg code-letter-O ,51150203MJ0990031F, ,51150203MJ0990O31F,
rg code-spreadsheet-float ,51150203MJ0990031F, ,5.1150203E+17,
rg code-company ,51150203MJ0990031F, ,91150203MJ0990031B, # valid, but not a social org's
rg code-type-digit-mismatch ,social_group, ,social_service,   # 51…: a social group's
rg code-missing ,51150203MJ0990031F, ,,

# CSV structure.
csv "\"$GA" "$GB" "$RG" | raw quote-unbalanced.csv '2|4' # its field runs on to RG's first quote
rg quote-stray-mid-field 大学生创业 '大学生"创业'
rg quote-text-after-closing '"2015年' '"2015年"x'
rg_bytes cr-alone-mid-field 大学生 '大学\r生'
gb row-more-fields ,false,, ,false,,,extra
gb row-fewer-fields ,0,false,, ,0,false
: | raw empty-file.csv 1
printf '\xef\xbb\xbf' | raw only-bom.csv 1
printf '\n\n' | raw only-blank-lines.csv 1
{ printf '\xef\xbb\xbf\xef\xbb\xbf'; cat "$tmp/base.csv"; } | raw double-bom.csv 1
rg_bytes control-char-in-name 大学生 '大学\x07生'

# Values.
rg enum-tier ,registered, ,registerd,
rg enum-type ,social_group, ,social_club,
rg enum-category ,emergency_rescue, ,广场舞,
rg enum-status ,active, ,closed,
rg enum-level ,district,district, ,district,province,
rg enum-party-org ,false, ,maybe,
ga street-unknown ,林荫路街道,林荫路社区, ,林荫大街道,林荫路社区,
ga community-of-other-street ,林荫路街道,林荫路社区, ,林荫路街道,沼潭东社区,
ga hub-unknown ,52150203MJ04169538, ,无此枢纽组织,
rg count-negative ,200,28, ,-200,28,
rg count-fraction ,200,28, ,200.5,28,
rg phone-leading-zero-lost ,13239201185, ,4722151234,
rg name-empty 包头市昆都仑区大学生创业促进会, ,

# TOML, by the .toml extension (or --input-format toml). The first table's keys: name 2,
# tier 3, filing_no 10, filed_on 11, members 19.
toml toml-unclosed-string 2 '0,/^name = "\(.*\)"$/s//name = "\1/'
toml toml-duplicate-key 4 '0,/^tier = .*/s//&\ntier = "grassroots"/'
toml toml-wrong-type-tier 3 '0,/^tier = .*/s//tier = 5/'
toml toml-wrong-type-members 19 '0,/^members = .*/s//members = "many"/'
toml toml-wrong-type-filed-on '1|11' '0,/^filed_on = .*/s//filed_on = 2015-06-15T08:00:00Z/'
toml toml-float-money 20 '0,/^members = .*/s//&\nfunds = 1.5/'
toml toml-integer-too-large 19 '0,/^members = .*/s//members = 99999999999999999999/'
toml toml-unknown-key 4 '0,/^tier = .*/s//&\ncolour = "blue"/'
toml toml-table-not-array '1|21' '0,/^\[\[org\]\]$/s//[org]/'
toml toml-bad-date 11 '0,/^filed_on = .*/s//filed_on = 2015-02-30/'
toml toml-array-for-string '1|2' '0,/^name = \(.*\)$/s//name = [\1]/'
toml toml-duplicate-filing-no "$(toml_line KQBA-2015-0104)" 's/KQBA-2015-0104/KQBA-2015-0103/'
{ cat "$tmp/base.toml"; printf '[[org'; } | raw toml-truncated-table-array.toml "$toml_end"
# cut right after the opening quote of the last table's address
cut=$(($(grep -b '^address = "' "$tmp/base.toml" | tail -n 1 | cut -d: -f1) + 11))
head -c "$cut" "$tmp/base.toml" | raw toml-truncated-mid-string.toml "$(($(head -c "$cut" "$tmp/base.toml" | wc -l) + 1))"
head -c $(($(grep -b -m1 '^name = ' "$tmp/base.toml" | cut -d: -f1) + 10)) "$tmp/base.toml" |
  raw toml-truncated-mid-utf8.toml 2
{ cat "$tmp/base.toml"; printf '[[org]]\n'; } | raw toml-empty-table.toml "$toml_end"
sed '0,/^name = "/s//&\xff/' "$tmp/base.toml" | raw toml-invalid-utf8.toml 2
sed '0,/^name = "/s//&\x00/' "$tmp/base.toml" | raw toml-nul-in-string.toml 2
sed '0,/^name = "\(.*\)"$/s//name = "\1/' "$tmp/base.toml" |
  raw toml-unclosed-string-as-txt.txt 2 '--input-format toml'
iconv -f UTF-8 -t GBK "$tmp/base.toml" | raw toml-gbk-read-as-utf8.toml 2 '--encoding utf-8'

echo "broken-files: corpus of ${#names[@]} files"

# --- Running the cases --------------------------------------------------------------------------
# stray_files: what the registry's folder holds besides the registry and its -wal/-shm.
stray_files() {
  local f
  for f in "$reg"/* "$reg"/.[!.]*; do
    [ -e "$f" ] || continue
    case ${f##*/} in
      registry.db | registry.db-wal | registry.db-shm) ;;
      *) printf '%s\n' "${f##*/}" ;;
    esac
  done
}
passed=0
failed=0
for i in "${!names[@]}"; do
  name=${names[$i]}
  file=${files[$i]}
  read -ra extra <<<"${flags[$i]}"
  timeout 30 "$bin" org import "$file" "${extra[@]}" >"$tmp/out" 2>"$tmp/err" </dev/null
  code=$?
  first=$(head -n 1 "$tmp/err" | head -c 300)
  why=()
  # Exit 3, not a crash, a hang or an import.
  case $code in
    3) ;;
    124) why+=("timed out after 30 s") ;;
    *) if [ "$code" -gt 128 ]; then why+=("killed by signal $((code - 128))"); else why+=("exit $code, not 3"); fi ;;
  esac
  # The place first, at the line of the defect: FILE:LINE:COLUMN, FILE:ROW:LETTER HEADER
  # (its line in brackets where it differs) or FILE:ROW.
  rest=${first#"$file":}
  if [ "$rest" != "$first" ] && [[ $rest =~ ^([0-9]+)(:[0-9]+|:[A-Z]+[^:]*)?:\  ]]; then
    line=${BASH_REMATCH[1]}
    if [[ $rest =~ ^[0-9]+:[A-Z]+[^:]*\(line\ ([0-9]+)\):\  ]]; then line=${BASH_REMATCH[1]}; fi
    [[ $line =~ ^(${lines[$i]})$ ]] || why+=("reported line $line, the defect is on line ${lines[$i]}")
  else
    why+=("no FILE:LINE:COLUMN: or FILE:ROW:LETTER: on the first line of stderr")
  fi
  # The registry as it was (else put back for the next cases), and nothing beside it.
  if ! sqlite3 "$KUNQU_DB" .dump >"$tmp/after.sql" 2>&1 || ! cmp -s "$tmp/before.sql" "$tmp/after.sql"; then
    why+=("the registry changed")
    rm -f "$KUNQU_DB" "$KUNQU_DB-wal" "$KUNQU_DB-shm"
    cp "$tmp/pristine.db" "$KUNQU_DB"
  fi
  mapfile -t stray < <(stray_files)
  if [ ${#stray[@]} -gt 0 ]; then
    why+=("stray files beside the registry: ${stray[*]}")
    for s in "${stray[@]}"; do rm -rf "${reg:?}/$s"; done
  fi
  if [ ${#why[@]} -eq 0 ]; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    reason=$(printf '%s; ' "${why[@]}")
    echo "FAIL $name: ${reason%; }"
    failed=$((failed + 1))
  fi
  if [ ${#why[@]} -gt 0 ] || [ "$verbose" = 1 ]; then echo "     stderr: ${first#"$corpus"/}"; fi
done

echo "broken-files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
