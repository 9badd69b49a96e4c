#!/usr/bin/env bash
# 昆都仑区社会组织监管记录 2014年度评议至2015年6月 — the supervision events of Kundulun's example
# district up to 2015-06-30, as kunqu commands:
#   - the hubs' yearly reviews of their filed groups (45: December 2014, a few in June 2015);
#   - 3 filed groups that grew and registered (转登记), 1 filing revoked (撤销备案);
#   - registered orgs: one suspended and reinstated, one revoked and then deregistered,
#     two deregistered of their own accord (自行解散, 宗旨完成);
#   - the 2013 and 2014 annual checks of the district's registered orgs, the credit record of
#     2014–2015 (an org on the abnormal-activity list since 2014 that Order No. 60 now sends to
#     the serious-violation list, commendations, warnings, a fine, an order to rectify, a
#     corrected entry) and the grades of the 2014 assessment, one lowered.
# Orgs are named by filing number or credit code from orgs.csv and street-2015-06.csv.
#
# Run it once, after importing both files into a registry (it does not choose the registry:
# set KUNQU_DB, or give global flags such as --db as the script's arguments):
#   kunqu --db /tmp/kundulun.db db init --profile examples/kundulun/profile.toml
#   kunqu --db /tmp/kundulun.db org import examples/kundulun/orgs.csv
#   kunqu --db /tmp/kundulun.db org import examples/kundulun/street-2015-06.csv
#   KUNQU_DB=/tmp/kundulun.db bash examples/kundulun/supervision-2015.sh
# Afterwards `kunqu filing list --due` (as of 2015-06-30) lists the 98 open groups not reviewed
# within a year. KUNQU picks the binary; KUNQU_NOW and KUNQU_ACTOR have defaults below.
set -euo pipefail

KUNQU=${KUNQU:-kunqu}
export KUNQU_NOW=${KUNQU_NOW:-2015-06-30T08:00:00Z}   # "today" is the end of June 2015
export KUNQU_ACTOR=${KUNQU_ACTOR:-民政局社会组织管理科}

kq() { "$KUNQU" "$@" ${GLOBAL_FLAGS[@]+"${GLOBAL_FLAGS[@]}"}; }
GLOBAL_FLAGS=("$@")

# review FILING_NO DATE OUTCOME STARS REVIEWER [NOTE]
review() {
  kq filing review "$1" --date "$2" --outcome "$3" --stars "$4" --reviewer "$5" ${6:+--note "$6"}
}

# --- 2014年度评议 (yearly reviews, December 2014): each hub reviews its groups filed by mid-2014
HUB=健康路社区社会组织促进会
review KQBA-2013-0005 2014-12-05 pass       5 "$HUB" "托管小学生40余名，家长满意度高"
review KQBA-2013-0012 2014-12-05 basic_pass 2 "$HUB" "成员偏少，需扩充队伍"
review KQBA-2013-0025 2014-12-05 pass       4 "$HUB"
review KQBA-2013-0068 2014-12-05 pass       3 "$HUB"
review KQBA-2014-0007 2014-12-05 pass       4 "$HUB"

HUB=友谊大街街道社会组织服务中心
review KQBA-2012-0003 2014-12-10 pass       4 "$HUB"
review KQBA-2012-0005 2014-12-10 fail       1 "$HUB" "全年未开展活动，成员仅余8人"
review KQBA-2012-0008 2014-12-10 pass       3 "$HUB"
review KQBA-2013-0011 2014-12-10 pass       4 "$HUB"
review KQBA-2013-0022 2014-12-11 basic_pass 2 "$HUB" "活动记录不全"
review KQBA-2013-0026 2014-12-11 pass       3 "$HUB"
review KQBA-2013-0038 2014-12-11 pass       5 "$HUB" "全年调解邻里纠纷30余起"
review KQBA-2013-0047 2014-12-11 pass       4 "$HUB"
review KQBA-2013-0050 2014-12-11 pass       3 "$HUB"
review KQBA-2014-0029 2014-12-12 pass       5 "$HUB" "星级文体团队"
review KQBA-2014-0030 2014-12-12 pass       3 "$HUB"
review KQBA-2014-0054 2014-12-12 pass       5 "$HUB" "队员115人，拟申请登记为社会团体"
review KQBA-2014-0055 2014-12-12 pass       4 "$HUB"
review KQBA-2014-0056 2014-12-12 basic_pass 3 "$HUB"
review KQBA-2014-0059 2014-12-12 pass       3 "$HUB"

HUB=沼潭西社区社会组织促进会
review KQBA-2013-0009 2014-12-16 pass       4 "$HUB"
review KQBA-2013-0019 2014-12-16 pass       3 "$HUB"
review KQBA-2013-0061 2014-12-16 pass       5 "$HUB" "化解家庭矛盾成效明显，拟申请登记"
review KQBA-2014-0003 2014-12-16 pass       5 "$HUB"
review KQBA-2014-0006 2014-12-16 pass       4 "$HUB"
review KQBA-2014-0016 2014-12-16 basic_pass 2 "$HUB" "成员12人，活动不经常"
review KQBA-2014-0031 2014-12-16 pass       4 "$HUB"

HUB=林荫路街道社会组织服务中心
review KQBA-2012-0001 2014-12-22 pass       5 "$HUB"
review KQBA-2012-0007 2014-12-22 fail       1 "$HUB" "全年仅活动2次，限期整改"
review KQBA-2013-0016 2014-12-22 pass       4 "$HUB"
review KQBA-2013-0046 2014-12-23 pass       4 "$HUB"
review KQBA-2013-0057 2014-12-23 pass       3 "$HUB"
review KQBA-2014-0005 2014-12-23 basic_pass 3 "$HUB"
review KQBA-2014-0020 2014-12-23 pass       4 "$HUB"

# --- 2015
# 健康路社区's 四点半课堂 registers as a social-service institution (转登记).
kq filing upgrade KQBA-2013-0005 --registered-on 2015-01-28 --credit-code 52150203MJ1501287W \
  --name 包头市昆都仑区快乐四点半青少年服务中心 --type social_service --level community \
  --funds 30000 --staff 3 --business-scope "小学生放学后托管、课业辅导、青少年成长陪伴"

# A tutoring centre ran fee-paying classes outside its scope: suspended for two months.
kq org suspend 52150203MJ0861782R --date 2015-02-09 --reason "超出业务范围开办收费培训班，责令限期停止活动两个月" \
  --authority 昆都仑区民政局 --document 昆民罚〔2015〕3号

# No annual check for two years: registration revoked (撤销登记) ...
kq org revoke 51150203MJ0918566A --date 2015-03-16 --reason 连续两年未参加年检 \
  --authority 昆都仑区民政局 --document 昆民罚〔2015〕5号

# 友谊十七社区's volunteer team registers as an association.
kq filing upgrade KQBA-2014-0054 --registered-on 2015-03-18 --credit-code 51150203MJ1503186M \
  --name 包头市昆都仑区友谊十七志愿服务协会 --type social_group --level community \
  --funds 30000 --staff 2 --business-scope "志愿者招募培训、社区志愿服务项目实施、志愿服务记录"

kq org reinstate 52150203MJ0861782R --date 2015-04-13

# The choir that failed its review and stayed inactive loses its filing.
kq filing revoke KQBA-2012-0005 --date 2015-04-15 --reason "年度评议不合格，全年未开展活动，经督促仍未恢复" \
  --authority 友谊大街街道办事处 --document 友街办发〔2015〕8号

# The mountaineering association's general assembly resolved to dissolve (自行解散).
kq org deregister 51150203MJ0094974M --date 2015-04-28 --reason dissolved --authority 昆都仑区民政局

# 沼潭西社区's 劝和小组 registers as a street-level mediation centre.
kq filing upgrade KQBA-2013-0061 --registered-on 2015-05-20 --credit-code 52150203MJ15052022 \
  --name 包头市昆都仑区沼潭劝和调解服务中心 --type social_service --level street \
  --funds 50000 --staff 4 --business-scope "婚姻家庭矛盾调解、邻里纠纷化解、法律知识宣传"

# ... and, after the liquidation, deregistered (注销, reason other).
kq org deregister 51150203MJ0918566A --date 2015-05-22 --reason other --authority 昆都仑区民政局

# --- 2015年6月: hubs that review at mid-year (groups filed by the end of 2014)
HUB=沼潭街道社会组织服务中心
review KQBA-2013-0060 2015-06-12 pass       4 "$HUB"
review KQBA-2014-0036 2015-06-12 pass       3 "$HUB"
review KQBA-2014-0052 2015-06-12 pass       4 "$HUB"
review KQBA-2014-0088 2015-06-12 pass       5 "$HUB"

# The after-school centre's school now runs its own after-school care: purpose fulfilled (宗旨完成).
kq org deregister 52150203MJ05188961 --date 2015-06-15 --reason purpose_fulfilled --authority 昆都仑区民政局

HUB=昆河镇社会组织服务中心
review KQBA-2014-0011 2015-06-19 pass       4 "$HUB"
review KQBA-2014-0027 2015-06-19 pass       3 "$HUB"
review KQBA-2014-0033 2015-06-19 basic_pass 2 "$HUB" "村民外出务工，活动减少"
review KQBA-2014-0050 2015-06-19 pass       4 "$HUB"
review KQBA-2014-0077 2015-06-19 pass       3 "$HUB"
review KQBA-2014-0112 2015-06-19 pass       3 "$HUB"

# The paper-cutting group reviewed as failing in December has resumed its activities.
review KQBA-2012-0007 2015-06-26 basic_pass 2 林荫路街道社会组织服务中心 "整改后恢复每月活动"

# --- Registered orgs: annual checks (年检), the credit record (信用信息) and grades (等级评估) ------
# The district bureau's conclusions of the 2013 and 2014 annual checks: every district-registered
# org registered before the year ended passed, except those named here.
declare -A CHECK2013=(
  [51150203MJ0325154Y]=not_submitted  # 京剧票友协会: no report, listed as abnormal below
)
declare -A CHECK2014=(
  [51150203MJ0325154Y]=not_submitted  # 京剧票友协会 again
  [51150203MJ0174755E]=not_submitted  # 老年书画研究会
  [52150203MJ0115608J]=basic_pass     # 安康调解服务中心: its grade is lowered below
  [52150203MJ01297191]=basic_pass     # 仁和体育健身俱乐部
  [51150203MJ079089XL]=fail           # 社区教育研究会
)
annual_checks() {  # YEAR CONCLUDED_ON NAME_OF_EXCEPTIONS_ARRAY
  local year=$1 on=$2
  local -n except=$3
  local code registered result
  while IFS=, read -r code registered; do
    [ "$code" = credit_code ] && continue
    [[ "$registered" < "$((year + 1))-01-01" ]] || continue
    result=${except[$code]:-pass}
    kq org annual-check add "$code" --year "$year" --result "$result" --date "$on" --authority 昆都仑区民政局
  done < <(kq org list --tier registered --authority district --format csv --columns credit_code,registered_on \
             --status active)
}
annual_checks 2013 2014-05-28 CHECK2013
credit() { kq org credit add "$@" >/dev/null; }  # it prints the new event's id

# 京剧票友协会 sent no 2013 report: on the abnormal-activity list; it has not come off since, so
# the rules of Order No. 60 (in force from 2018) now call for the serious-violation list.
credit 51150203MJ0325154Y --kind abnormal_in --date 2014-07-01 --rule abnormal.annual_report \
  --reason 未按规定报送2013年度工作报告 --authority 昆都仑区民政局 --document 昆民异〔2014〕1号

# Grades of the 2014 assessment (2013's checks passed; registered two years or more).
kq org grade set 52150203MJ0856270J --grade 5A --score 921 --date 2014-11-20 --authority 昆都仑区民政局 --document 昆民评〔2014〕3号
kq org grade set 52150203MJ0088881R --grade 4A --score 846 --date 2014-11-20 --authority 昆都仑区民政局 --document 昆民评〔2014〕3号
kq org grade set 52150203MJ04169538 --grade 4A --score 812 --date 2014-11-20 --authority 昆都仑区民政局 --document 昆民评〔2014〕3号
kq org grade set 52150203MJ0115608J --grade 3A --score 705 --date 2014-11-20 --authority 昆都仑区民政局 --document 昆民评〔2014〕3号

# 2015: commendations, a warning, a fine, an order to rectify and its rectification.
credit 52150203MJ0856270J --kind commendation --date 2015-01-20 --authority 包头市民政局 --reason 全市优秀社会组织
credit 52150203MJ0088881R --kind commendation --date 2015-01-20 --authority 包头市民政局 --reason 全市优秀社会组织
credit 51150203MJ0628200G --kind rectify_order --date 2015-03-10 --deadline 2015-05-10 \
  --reason 未按章程按期换届 --authority 昆都仑区民政局 --document 昆民改〔2015〕2号
# A warning entered against the wrong org, and its correction (a reversal; nothing is deleted).
wrong=$(kq org credit add 51150203MJ0758240E --kind warning --date 2015-04-20 --authority 昆都仑区民政局 \
  --document 昆民罚〔2015〕4号 --reason 超出业务范围开展活动)
credit 51150203MJ0758240E --kind reversal --reverses "$wrong" --date 2015-04-22 --reason 录入错误，应为仁和体育健身俱乐部
credit 52150203MJ01297191 --kind warning --date 2015-04-20 --authority 昆都仑区民政局 \
  --document 昆民罚〔2015〕4号 --reason 超出业务范围开展活动
credit 51150203MJ0628200G --kind rectified --date 2015-05-06 --reason 已召开会员大会完成换届
credit 52150203MJ013725X0 --kind fine --amount 2000 --date 2015-05-12 --authority 昆都仑区民政局 \
  --document 昆民罚〔2015〕6号 --reason 未按规定使用票据

annual_checks 2014 2015-05-26 CHECK2014
kq org grade lower 52150203MJ0115608J --grade 2A --date 2015-06-10 --reason 2014年度年检基本合格
