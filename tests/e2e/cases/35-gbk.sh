# Under a GBK locale (older servers: LANG=zh_CN.GBK; scripts/deps.sh --locale generates it) a
# street typed in GBK is matched, messages on stderr leave in GB18030 (shown here through
# iconv, so that the transcript is UTF-8), stdout too on a terminal; piped and file output stay
# UTF-8. Only kunqu runs under the GBK locale: the commands around it stay in UTF-8.
shell 'locale -a | grep -ix zh_CN.gbk'
supervised
# Piped: the street typed in GBK matches; the CSV is UTF-8, as under any locale.
shell 'LC_ALL=zh_CN.GBK kunqu org list --street "$(printf 沼潭街道 | iconv -t GBK)" --limit 3 2>err.txt; iconv -f GB18030 -t UTF-8 err.txt'
shell 'LC_ALL=zh_CN.GBK kunqu org list --street "$(printf 沼潭街道 | iconv -t GBK)" | cmp - <(kunqu org list --street 沼潭街道) && echo same'
# A file is UTF-8 too.
shell 'LC_ALL=zh_CN.GBK kunqu -q --labels zh org export -o orgs.csv && iconv -f UTF-8 -t UTF-8 orgs.csv | head -1'
# Messages: Chinese in GB18030, with the same exit codes.
shell 'LC_ALL=zh_CN.GBK kunqu org show K0099999 2>err.txt; echo "exit $?"; iconv -f UTF-8 -t UTF-8 err.txt >/dev/null 2>&1 || echo "not UTF-8"; iconv -f GB18030 -t UTF-8 err.txt'
shell 'LC_ALL=zh_CN.GBK kunqu org list --street "$(printf 沼潭街道 | iconv -t GBK)" --tier nope 2>&1 | iconv -f GB18030 -t UTF-8'
# An argument that is not GBK at all is a usage error naming it (in English here: LANGUAGE
# chooses the words, the locale's character set their bytes).
shell 'LANGUAGE=en LC_ALL=zh_CN.GBK kunqu org show "$(printf "\xff\xfe")" 2>&1 | iconv -f GB18030 -t UTF-8; echo "exit ${PIPESTATUS[0]}"'
# On a terminal (script gives kunqu one) the table is GB18030.
shell 'script -qec "LC_ALL=zh_CN.GBK kunqu org list --street \"\$(printf 沼潭街道 | iconv -t GBK)\" --limit 3" /dev/null </dev/null | tr -d "\r" | iconv -f GB18030 -t UTF-8'
shell 'script -qec "LC_ALL=zh_CN.GBK kunqu org list --street \"\$(printf 沼潭街道 | iconv -t GBK)\" --limit 3" /dev/null </dev/null | grep -c "$(printf 沼潭街道 | iconv -t GBK)"'
# Under UTF-8 nothing changes.
shell 'LC_ALL=zh_CN.UTF-8 kunqu org show K0099999'
