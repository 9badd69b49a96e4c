#!/usr/bin/env bash
# 昆都仑区社会组织孵化园 2014年8月至2015年6月 — the incubator's first year as kunqu commands:
# the park opened in August 2014 and took in 17 groups in four batches by mid-2015 (and the
# street centres of 林荫路 and 沼潭 a few of their own: incubator.csv); reviews in December 2014
# and spring 2015; two groups hatched (出壳) early, one of them within a year; one street
# centre's group withdrew. By 2015-06-30: 17 admitted to the park, 2 graduated, 15 in residence.
#
# Run it after the imports and supervision-2015.sh (it does not choose the registry: set
# KUNQU_DB, or give global flags such as --db as the script's arguments):
#   KUNQU_DB=/tmp/kundulun.db bash examples/kundulun/incubator-2015.sh
# The sites and their places come from the profile's [settings] incubator_sites.
set -euo pipefail

KUNQU=${KUNQU:-kunqu}
export KUNQU_NOW=${KUNQU_NOW:-2015-06-30T08:00:00Z}
export KUNQU_ACTOR=${KUNQU_ACTOR:-民政局社会组织孵化园}
GLOBAL_FLAGS=("$@")
kq() { "$KUNQU" "$@" ${GLOBAL_FLAGS[@]+"${GLOBAL_FLAGS[@]}"}; }
here=$(dirname "${BASH_SOURCE[0]}")  # as given: the audit log records the command line

kq incubate import "$here/incubator.csv"

# December 2014: the first batch's half-year reviews (score 0-100; 60 passes).
kq incubate review 51150200MJ0581473A --date 2014-12-19 --score 84 --note 志愿者队伍稳定，项目设计完整
kq incubate review KQBA-2013-0068     --date 2014-12-19 --score 72
kq incubate review KQBA-2013-0033     --date 2014-12-19 --score 66 --note 需加强财务管理
kq incubate review KQBA-2014-0017     --date 2014-12-19 --score 58 --note 制度建设不足，限期改进
kq incubate review KQBA-2014-0023     --date 2014-12-19 --score 81
kq incubate review 52150203MJ0261234Y --date 2014-12-19 --score 79
kq incubate review KQBA-2013-0037     --date 2014-12-19 --score 75
kq incubate review KQBA-2014-0032     --date 2014-12-19 --score 70

# Spring 2015.
kq incubate review KQBA-2014-0023     --date 2015-04-20 --score 88 --note 调解室运转成熟
kq incubate review KQBA-2014-0017     --date 2015-04-20 --score 71 --note 整改到位
kq incubate review KQBA-2013-0036     --date 2015-05-15 --score 77
kq incubate review KQBA-2013-0066     --date 2015-05-15 --score 69
kq incubate review KQBA-2013-0022     --date 2015-05-15 --score 80
kq incubate review KQBA-2013-0003     --date 2015-05-15 --score 74

# Hatched early: the neighbourhood mediators within a year, the social-work service in June.
kq incubate graduate KQBA-2014-0023 --date 2015-05-20 --reason 调解品牌成熟，已独立运营 --note 首个出壳组织
kq incubate review 52150203MJ0261234Y --date 2015-06-10 --score 91 --note 已承接居家养老服务项目
kq incubate graduate 52150203MJ0261234Y --date 2015-06-25 --reason 已独立承接政府购买服务项目

# 林荫路's holiday childcare class stopped when its organiser left; 心愿's project runs longer.
kq incubate withdraw KQBA-2014-0012 --date 2015-04-30 --reason 负责人外出务工，活动停止
kq incubate review KQBA-2013-0068 --date 2015-06-12 --score 63
kq incubate extend KQBA-2013-0033 --until 2016-12-31 --reason 托管项目按学年延长 --date 2015-06-15
