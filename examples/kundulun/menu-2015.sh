#!/usr/bin/env bash
# The menu of 2014-2015 (点菜 / 定菜 / 做菜): the district's catalogues of purchasable services
# for 2014 and 2015 and the contracts that bought their items (catalog.csv), and residents'
# needs from thirteen communities (demands.csv) — among them those the article names: children
# after school (快乐4点半), family conflicts (劝和小组), plumbing and wiring (能人巧匠), elder
# care — carried to the item that took them and the contract that answered them; one need
# declined, two accepted without a contract yet, two still open.
#
# Run it after contracts-2015.sh (it does not choose the registry: set KUNQU_DB, or give
# global flags such as --db as the script's arguments):
#   KUNQU_DB=/tmp/kundulun.db bash examples/kundulun/menu-2015.sh
set -euo pipefail
KUNQU=${KUNQU:-kunqu}
export KUNQU_NOW=${KUNQU_NOW:-2015-06-30T08:00:00Z}
export KUNQU_ACTOR=${KUNQU_ACTOR:-民政局社会组织管理科}
GLOBAL_FLAGS=("$@")
kq() { "$KUNQU" "$@" ${GLOBAL_FLAGS[@]+"${GLOBAL_FLAGS[@]}"}; }
here=$(dirname "${BASH_SOURCE[0]}")  # as given: the audit log records the command line
kq catalog import "$here/catalog.csv"
kq demand import "$here/demands.csv"
