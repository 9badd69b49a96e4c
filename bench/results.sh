# Sourced by run.sh after a run: writes the results file and quotes its figures in README.md.
# Uses run.sh's variables (rows, runs, repeats, seed, more_rows, schema, command, stamp, machine,
# kunqu_version, sqlite_version, load_start, load_end, check, scratch/table).
# tests/bench/results.sh reads what this writes: keep the "## Figures" section, the `| rows |`,
# `| runs |` and `| schema |` lines and the README markers as they are, or change that test too.

readme_begin='<!-- bench/RESULTS.md figures: begin (bench/run.sh writes this block; do not edit) -->'
readme_end='<!-- bench/RESULTS.md figures: end -->'

# write_results FILE: the figures, then how they were made, then how to read them.
write_results() {
  local tmp="$1.tmp.$$"
  {
    echo "# Benchmark results: kunqu against the sqlite3 shell"
    echo
    echo "Written by \`bench/run.sh\` (see bench/README.md); run it again instead of editing this file."
    echo
    echo "## Figures"
    echo
    echo "$stamp, schema $schema, \`$command\`, on $(nproc) CPUs (${cpu:-unknown CPU}):"
    echo
    echo "| figure | measured | baseline | unit | ratio | target | met |"
    echo "|---|---:|---:|---|---:|---|---|"
    awk -F'|' '{ line = "|"; for (i = 1; i <= NF; i++) line = line " " $i " |"; print line }' "$scratch/table"
    echo
    echo "## Run"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| date | $stamp |"
    echo "| command | \`$command\` |"
    echo "| rows | $rows (N; N/10 = $more_rows more rows; 3N for the last memory figure, with --mem3n) |"
    echo "| runs | $runs (each time is the median of the runs; show and version: of $repeats repeats) |"
    echo "| seed | $seed |"
    echo "| schema | $schema (PRAGMA user_version of the registry after the import) |"
    echo "| kunqu | $kunqu_version |"
    echo "| sqlite3 | $(sqlite3 --version | cut -d' ' -f1-2) |"
    echo "| machine | $machine |"
    echo "| load | $load_start at the start, $load_end at the end (load average over 1, 5, 15 min) |"
    [ "$check" = 1 ] && echo "| mode | --check: the rows were compared, the times not judged |"
    echo
    echo "## Reading the figures"
    echo
    echo "- measured and baseline are wall-clock medians in milliseconds (memory: the peak RSS in MB);"
    echo "  ratio is measured / baseline. The figure's name says what each side is: kunqu against the"
    echo "  sqlite3 shell doing the same job, except the floor (the shell loading the same rows into"
    echo "  kunqu's own schema without checks, against the plain shell import), kunqu against that"
    echo "  floor (what checking, the audit entry and the row seals cost), and a refused import"
    echo "  (a bad last row, exit 3) against kunqu's whole import of the file."
    echo "- met: yes or MISSED against the target; info: no target, shown to explain the others."
    echo "- The peak-memory target is 48 MB plus 16 MB per million rows: 64 MB at 1,000,000 rows,"
    echo "  96 MB at 3,000,000."
    echo "- Reports are timed on the N-row registry against one"
    echo "  \`SELECT street, category, tier, status, count(*) FROM org GROUP BY 1, 2, 3, 4\`."
  } >"$tmp"
  mv "$tmp" "$1"
}

# figures_section FILE: the "## Figures" section's body, without its blank first and last lines.
figures_section() {
  awk '/^## / { on = ($0 == "## Figures"); next } on' "$1" | sed -e '/./,$!d' | tac | sed -e '/./,$!d' | tac
}

# quote_in_readme RESULTS README: replaces what lies between the markers with the figures section.
quote_in_readme() {
  local tmp="$2.tmp.$$"
  [ "$(grep -cxF "$readme_begin" "$2")" = 1 ] && [ "$(grep -cxF "$readme_end" "$2")" = 1 ] ||
    die "$2 must hold the two lines '$readme_begin' and '$readme_end' once each, to quote the figures between"
  figures_section "$1" >"$scratch/figures"
  awk -v begin="$readme_begin" -v end="$readme_end" -v body="$scratch/figures" '
    $0 == begin { print; print ""; while ((getline line < body) > 0) print line; print ""; skip = 1; next }
    $0 == end { skip = 0 }
    !skip' "$2" >"$tmp"
  cat "$tmp" >"$2"
  rm -f "$tmp"
}
