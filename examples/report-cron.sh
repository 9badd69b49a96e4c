#!/usr/bin/env bash
# A cron wrapper for the monthly report: writes last month's report as one CSV per section
# (Excel-ready, with a BOM) and as an HTML page into REPORT_DIR/YYYY-MM/, and acts on kunqu's
# exit code: 5 (the registry stayed busy) is retried a few times, anything else that is not 0
# is written to the log and returned, so cron mails it to the owner (MAILTO). Both are for
# people: Chinese headers and words (--labels zh), whatever locale cron runs in; KUNQU_LABELS=en
# keeps the column names and codes.
#   45 6 1 * * /usr/local/bin/report-cron.sh /srv/kunqu/reports
set -uo pipefail
dir=${1:?usage: report-cron.sh REPORT_DIR}
kunqu=${KUNQU:-kunqu}
labels=${KUNQU_LABELS:-zh}
log=$dir/report-cron.log
mkdir -p "$dir" || exit 1
# The month the report is for: the one before this month, as `--month last` reads it.
month=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 day" +%Y-%m)
run() {
  local tries=0 code
  while :; do
    "$kunqu" -q --labels "$labels" "$@"
    code=$?
    [ "$code" -ne 5 ] || [ "$tries" -ge 3 ] && return "$code"
    tries=$((tries + 1))
    sleep 60  # busy: an import is running; try again in a minute
  done
}
run report monthly --month last --bom -o "$dir/$month/" &&
  run report monthly --month last -o "$dir/$month/report-$month.html"
code=$?
case $code in
  0) echo "$(date -Is) $month: written to $dir/$month/" >>"$log" ;;
  1) echo "$(date -Is) $month: kunqu failed (exit 1: a file or the registry could not be read or written)" | tee -a "$log" >&2 ;;
  2) echo "$(date -Is) $month: kunqu was called wrongly (exit 2)" | tee -a "$log" >&2 ;;
  5) echo "$(date -Is) $month: the registry stayed busy (exit 5), tried 4 times" | tee -a "$log" >&2 ;;
  *) echo "$(date -Is) $month: kunqu exited $code" | tee -a "$log" >&2 ;;
esac
exit "$code"
