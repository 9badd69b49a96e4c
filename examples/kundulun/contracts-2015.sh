#!/usr/bin/env bash
# 昆都仑区政府购买服务 2013年8月至2015年6月 — the district civil-affairs bureau's purchase of
# services up to 2015-06-30, as kunqu commands:
#   - the bureau's budgets for 2013, 2014 and 2015 (2015 with a line for elderly care), and the
#     budget adjustment of April 2015 (昆财预〔2015〕9号) that made room for volunteer services;
#   - August 2013: the home-care "virtual nursing home" (银龄虚拟养老院, first phase) bought from a
#     home-services company: 72 service items in 4 categories, 700 subsidised elders, 3,000 hours;
#     amended in October 2013 for 115 households served at a reduced fee (+8.9%);
#   - 2014: ¥1,000,000 from social organizations, 7 projects in 5 fields, 100,000+ people; filed
#     groups (四点半课堂, 劝和小组, 能人巧匠服务队) work through their hubs, which sign for them;
#   - 2015: ¥1,500,000 in elderly care, marriage & family and volunteer services, among them
#     ¥250,000 with 包头市心愿公益协会 signed in April while it was in the incubator;
#   - the payments (拨付): first instalments on signing, mid-term and final ones, and a first
#     instalment entered twice by mistake and reversed;
#   - the delivery records (服务记录) and their judgement: the virtual nursing home month by month
#     (3,000 hours; 700 subsidised elders with ¥80 monthly vouchers, 115 reduced-fee households,
#     500 self-paying; return visits 99% satisfied), accepted in December 2013 and completed;
#     the 2014 projects by quarter or half year (102,400 persons in all), with return visits,
#     December acceptance (one 基本合格), closing on 2014-12-31 and a January 2015 assessment;
#     the 2015 projects' first two months (May–June) and one return visit, still running.
# Orgs are named by credit code from orgs.csv; the company is fictional.
#
# Run it once, after the imports, supervision-2015.sh and incubator-2015.sh (it needs their
# annual checks; it does not choose the registry: set KUNQU_DB, or give global flags such as
# --db as the script's arguments):
#   KUNQU_DB=/tmp/kundulun.db bash examples/kundulun/contracts-2015.sh
# Afterwards `kunqu contract list --year 2014` lists the 7 projects of 2014 (¥1,000,000.00) and
# `kunqu contract budget show` the budgets, committed, paid and left; `kunqu contract show
# KQGM-2013-001` shows 3,000 hours delivered and 99.0% satisfied.
# KUNQU picks the binary; KUNQU_NOW and KUNQU_ACTOR have defaults below.
set -euo pipefail

KUNQU=${KUNQU:-kunqu}
export KUNQU_NOW=${KUNQU_NOW:-2015-06-30T08:00:00Z}   # "today" is the end of June 2015
export KUNQU_ACTOR=${KUNQU_ACTOR:-民政局社会组织管理科}
GLOBAL_FLAGS=("$@")
kq() { "$KUNQU" "$@" ${GLOBAL_FLAGS[@]+"${GLOBAL_FLAGS[@]}"}; }

P=昆都仑区民政局
budget() { KUNQU_ACTOR=区财政局 kq contract budget "$@"; }  # the finance bureau sets budgets
draft() { kq contract add --purchaser "$P" "$@" >/dev/null; }  # it prints the contract number
pay() { kq contract pay "$@" >/dev/null; }                      # it prints the payment id

# --- 2013: the virtual nursing home (银龄虚拟养老院), bought from a company -------------------
budget set 2013 35万 --purchaser "$P"

draft --number KQGM-2013-001 --title 昆都仑区银龄虚拟养老院居家养老服务项目（首期） \
  --company 包头市银龄家政服务有限公司 --company-code 91150203073261586P \
  --company-check-on 2013-07-22 --company-check "工商、税务信用记录查询：无经营异常、无欠税、无行政处罚记录" \
  --field elderly_care --amount 28万 --method competitive_negotiation --funding lottery_welfare \
  --starts-on 2013-08-01 --ends-on 2013-12-31 \
  --item 生活照料 --item 家政服务 --item 医疗保健 --item 精神慰藉 \
  --target-persons 700 --target-hours 3000 \
  --target-performance "覆盖全区72个社区；政府补贴老人700人每月80元服务券；另接受自费协议入院老人500人；回访满意度不低于95%" \
  --notes "4大类共72项服务（养老、家庭、医疗、维修）；服务60岁以上老人；服务券每人每月80元"
kq contract sign KQGM-2013-001 --date 2013-08-01
pay KQGM-2013-001 --date 2013-08-05 --amount 140000 --milestone 首期
kq contract amend KQGM-2013-001 --date 2013-10-15 --amount 305000 \
  --reason "增加低偿服务老人115户（按月补差），增加金额不超过原合同10%"
pay KQGM-2013-001 --date 2013-11-20 --amount 100000 --milestone 中期
pay KQGM-2013-001 --date 2013-12-27 --amount 65000 --milestone 尾款 --note 验收合格，回访满意度99%

# --- 2014: ¥1,000,000 from social organizations, 7 projects in 5 fields ----------------------
# Contracts signed after 2014-05-31 need the 2013 annual check (supervision-2015.sh records it).
budget set 2014 100万 --purchaser "$P"

draft --number KQGM-2014-001 --title 仁和日间照料与助餐服务项目 --provider 52150203MJ0856270J \
  --field elderly_care --amount 25万 --method competitive_consultation --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 日间照料 --item 老年助餐 --item 助洁助浴 \
  --target-persons 3000 --target-person-times 36000 --target-hours 12000 \
  --target-performance "高龄、独居、失独及优抚老人优先；满意度不低于90%"
draft --number KQGM-2014-002 --title 社区文化惠民活动项目 --provider 52150203MJ02984168 \
  --field culture_sports --amount 20万 --method competitive_consultation --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 文体活动 --item 文体骨干培训 --item 星级团队辅导 \
  --target-persons 60000 --target-person-times 120000 \
  --target-performance "开展各类文体活动不少于100场，培养文体志愿者不少于300人"
draft --number KQGM-2014-003 --title 社区城乡文化宣传项目 --provider 51150203MJ0956984D \
  --field culture_sports --amount 10万 --method single_source --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 文化知识讲座 --item 文艺培训 --item 活动场地开放 \
  --target-persons 12000 --target-person-times 30000 \
  --notes 白云路街道第一社区社会组织促进会申报
draft --number KQGM-2014-004 --title 矛盾纠纷专业调解项目 --provider 52150203MJ02324412 \
  --field mediation --amount 12万 --method competitive_consultation --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 邻里纠纷调解 --item 家庭矛盾调解 --item 法律知识宣传 \
  --target-persons 8000 --target-performance "调解成功率不低于90%"
draft --number KQGM-2014-005 --title 沼潭西社区“劝和小组”家庭矛盾调解项目 --provider 51150203MJ0534765T \
  --field mediation --amount 8万 --method single_source --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 家庭矛盾调解 --item 婚姻关系劝和 \
  --target-persons 5000 --notes "由备案的劝和小组（KQBA-2013-0061）实施，枢纽组织沼潭西社区社会组织促进会签约"
draft --number KQGM-2014-006 --title 健康路社区“快乐4点半”课后托管项目 --provider 51150203MJ0866225P \
  --field youth --amount 10万 --method single_source --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 放学后托管 --item 作业辅导 --item 安全教育 \
  --target-persons 600 --target-person-times 48000 \
  --notes "由备案的四点半课堂（KQBA-2013-0005）实施，枢纽组织健康路社区社会组织促进会签约"
draft --number KQGM-2014-007 --title 新都市社区“能人巧匠”便民维修项目 --provider 51150203MJ0115659X \
  --field household_services --amount 15万 --method single_source --funding general_budget \
  --starts-on 2014-07-01 --ends-on 2014-12-31 --item 水暖维修 --item 电路维修 --item 家电小修 \
  --target-persons 15000 --target-person-times 16000 --target-hours 4000 \
  --notes "由备案的能人巧匠服务队（KQBA-2014-0028）实施，枢纽组织新都市社区社会组织促进会签约"

kq contract sign KQGM-2014-001 --date 2014-06-16
kq contract sign KQGM-2014-002 --date 2014-06-16
kq contract sign KQGM-2014-003 --date 2014-06-18
kq contract sign KQGM-2014-004 --date 2014-06-18
kq contract sign KQGM-2014-005 --date 2014-06-20
kq contract sign KQGM-2014-006 --date 2014-06-20
kq contract sign KQGM-2014-007 --date 2014-06-23

# First instalments (50%) on signing, mid-term (30%) in October, final (20%) after the December
# acceptance, before the budget year closes.
first_mid_final() {  # NUMBER SIGNED FIRST MID FINAL
  pay "$1" --date "$2" --amount "$3" --milestone 首期
  pay "$1" --date 2014-10-20 --amount "$4" --milestone 中期 --note 中期评估合格
  pay "$1" --date 2014-12-26 --amount "$5" --milestone 尾款 --note 验收合格
}
first_mid_final KQGM-2014-001 2014-06-16 125000 75000 50000
first_mid_final KQGM-2014-002 2014-06-16 100000 60000 40000
first_mid_final KQGM-2014-003 2014-06-18  50000 30000 20000
first_mid_final KQGM-2014-004 2014-06-18  60000 36000 24000
first_mid_final KQGM-2014-005 2014-06-20  40000 24000 16000
first_mid_final KQGM-2014-006 2014-06-20  50000 30000 20000
first_mid_final KQGM-2014-007 2014-06-23  75000 45000 30000

# --- 2015: ¥1,500,000 in elderly care, marriage & family and volunteer services -------------
# Signed in April, before 2015-05-31: the 2013 annual check is the one that counts. 包头市心愿公益协会,
# registered on 2013-09-26 in the second half of the year, owed none for 2013.
budget set 2015 130万 --purchaser "$P"
budget set 2015 65万 --purchaser "$P" --field elderly_care

draft --number KQGM-2015-001 --title 老年群体能力评估及老化预防项目 --provider 52150203MJ0261234Y \
  --field elderly_care --amount 30万 --method competitive_consultation --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 --item 老年人能力评估 --item 老化预防小组 --item 空巢老人个案服务 \
  --target-persons 2000 --target-person-times 8000 \
  --notes 承接方为孵化园首批入驻组织（长青社会工作服务社）
draft --number KQGM-2015-002 --title 特殊困难老人居家养老上门服务项目 --provider 52150203MJ0088881R \
  --field elderly_care --amount 35万 --method competitive_consultation --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 --item 助餐助洁 --item 上门护理 --item 精神慰藉 \
  --target-persons 1200 --target-hours 20000 \
  --target-performance "服务对象扩大到百岁老人、优抚对象及失独老人；回访满意度不低于95%"
draft --number KQGM-2015-003 --title 专业志愿服务项目（志愿者管理4M工作法） --provider 51150200MJ0581473A \
  --field volunteer --amount 25万 --method competitive_consultation --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 \
  --item 志愿者登记平台 --item 供需对接平台 --item 志愿服务记录平台 --item 志愿服务答谢平台 \
  --target-persons 3000 --target-hours 30000 \
  --target-performance "微电影、移动互联网、市场化运作、解决方法（4M）；志愿服务记录全覆盖" \
  --notes 全区首个政府购买社会组织志愿服务项目；承接方在孵化园孵化中
draft --number KQGM-2015-004 --title 婚姻家庭辅导与调适项目 --provider 52150203MJ01481272 \
  --field marriage_family --amount 20万 --method competitive_consultation --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 --item 婚前辅导 --item 婚姻家庭咨询 --item 离婚劝和 \
  --target-persons 2500
draft --number KQGM-2015-005 --title 和谐家庭建设服务项目 --provider 52150203MJ07915937 \
  --field marriage_family --amount 15万 --method inquiry --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 --item 家庭教育讲座 --item 亲子活动 --item 家庭关系调适 \
  --target-persons 2000
draft --number KQGM-2015-006 --title 志愿服务记录制度试点项目 --provider 51150203MJ01892284 \
  --field volunteer --amount 25万 --method competitive_consultation --funding general_budget \
  --starts-on 2015-05-01 --ends-on 2015-12-31 --item 志愿者招募培训 --item 志愿服务记录 --item 社区志愿服务站 \
  --target-persons 5000 --target-hours 50000

kq contract sign KQGM-2015-001 --date 2015-04-08
kq contract sign KQGM-2015-002 --date 2015-04-08
kq contract sign KQGM-2015-004 --date 2015-04-09
kq contract sign KQGM-2015-005 --date 2015-04-09
kq contract sign KQGM-2015-006 --date 2015-04-10

# 心愿's ¥250,000 did not fit the ¥1,300,000 left for 2015: the finance bureau adds ¥200,000.
budget adjust 2015 +20万 --purchaser "$P" --date 2015-04-15 --document 昆财预〔2015〕9号 \
  --reason 追加政府购买社会组织志愿服务资金
kq contract sign KQGM-2015-003 --date 2015-04-20

# First instalments (40%) on signing; one entered twice and reversed.
pay KQGM-2015-001 --date 2015-04-08 --amount 120000 --milestone 首期
pay KQGM-2015-002 --date 2015-04-08 --amount 140000 --milestone 首期
twice=$(kq contract pay KQGM-2015-002 --date 2015-04-08 --amount 140000 --milestone 首期)
pay KQGM-2015-004 --date 2015-04-09 --amount 80000 --milestone 首期
pay KQGM-2015-005 --date 2015-04-09 --amount 60000 --milestone 首期
pay KQGM-2015-006 --date 2015-04-10 --amount 100000 --milestone 首期
pay KQGM-2015-002 --date 2015-04-13 --reverses "$twice" --note 首期款重复录入，冲正
pay KQGM-2015-003 --date 2015-04-20 --amount 100000 --milestone 首期

# Mid-term payments (30%) after the June reviews.
pay KQGM-2015-001 --date 2015-06-19 --amount 90000 --milestone 中期 --note 中期评估合格
pay KQGM-2015-002 --date 2015-06-19 --amount 105000 --milestone 中期 --note 中期评估合格
pay KQGM-2015-004 --date 2015-06-26 --amount 60000 --milestone 中期 --note 中期评估合格

# --- Delivery and judgement (服务记录、验收、绩效评价、满意度回访) -----------------------------
# Counts only, never personal data. Persons (人数) are counted per period: the same elder
# served in August and in September is in both months' counts, so a contract's persons add up
# to more than the people it reached when its periods repeat them.
deliver() { kq contract deliver "$@"; }
survey() { kq contract survey "$@"; }

# 2013 virtual nursing home, month by month: 3,000 service hours in all; every month the 700
# subsidised elders (无偿) redeem their ¥80 vouchers (700 × ¥80 = ¥56,000 a month, ¥280,000
# over the five months: the original amount), the 115 reduced-fee households (低偿, one elder
# each) come in after the October amendment, and the self-paying elders (自费) grow to 500.
deliver KQGM-2013-001 --from 2013-08-01 --to 2013-08-31 --hours 480 \
  --served 高龄,无偿,520,380 --served 独居,无偿,300,200 --served 低保,无偿,160,120 \
  --served 高龄,自费,260,200 --vouchers 700 --voucher-value 56000 --note 首月运行，覆盖72个社区
deliver KQGM-2013-001 --from 2013-09-01 --to 2013-09-30 --hours 560 \
  --served 高龄,无偿,560,380 --served 独居,无偿,330,200 --served 低保,无偿,170,120 \
  --served 高龄,自费,430,350 --vouchers 700 --voucher-value 56000
deliver KQGM-2013-001 --from 2013-10-01 --to 2013-10-31 --hours 620 \
  --served 高龄,无偿,570,380 --served 独居,无偿,340,200 --served 低保,无偿,170,120 \
  --served 高龄,低偿,90,70 --served 独居,低偿,55,45 --served 高龄,自费,540,450 \
  --vouchers 700 --voucher-value 56000 --note 10月16日起增加低偿服务老人115户（合同变更）
deliver KQGM-2013-001 --from 2013-11-01 --to 2013-11-30 --hours 660 \
  --served 高龄,无偿,580,380 --served 独居,无偿,350,200 --served 低保,无偿,175,120 \
  --served 高龄,低偿,110,70 --served 独居,低偿,70,45 --served 高龄,自费,610,500 \
  --vouchers 700 --voucher-value 56000
deliver KQGM-2013-001 --from 2013-12-01 --to 2013-12-31 --hours 680 \
  --served 高龄,无偿,590,380 --served 独居,无偿,355,200 --served 低保,无偿,175,120 \
  --served 高龄,低偿,115,70 --served 独居,低偿,75,45 --served 高龄,自费,630,500 \
  --vouchers 700 --voucher-value 56000
# The company's return visits: 297 of 300 satisfied (99.0%).
survey KQGM-2013-001 --date 2013-10-28 --method 电话回访 --respondents 150 --satisfied 148
survey KQGM-2013-001 --date 2013-12-20 --method 入户回访 --respondents 150 --satisfied 149
kq contract accept KQGM-2013-001 --date 2013-12-25 --result 合格 \
  --note 服务时间3000小时，回访满意度99%
kq contract close KQGM-2013-001 --as completed --date 2013-12-31

# 2014: 102,400 persons across the 7 projects (10万余人). The day-care elders and the
# after-school children are the same all term, so those two report once for the half year;
# the events, mediation cases and repairs reach mostly different people each quarter.
deliver KQGM-2014-001 --from 2014-07-01 --to 2014-12-31 --hours 12450 --volunteer-hours 1800 \
  --served 高龄,无偿,12800,1100 --served 独居,无偿,7600,620 --served 失独,无偿,1100,90 \
  --served 优抚,无偿,1700,150 --served 低保,无偿,4600,400 --served 高龄,低偿,5600,500 \
  --served 高龄,自费,4400,400
deliver KQGM-2014-002 --from 2014-07-01 --to 2014-09-30 --hours 1480 --volunteer-hours 5200 \
  --served 其他,无偿,55200,28400 --served 高龄,无偿,7600,3300 --served 青少年,无偿,4800,2100 \
  --note 开展文体活动63场
deliver KQGM-2014-002 --from 2014-10-01 --to 2014-12-31 --hours 1260 --volunteer-hours 4600 \
  --served 其他,无偿,45800,25200 --served 高龄,无偿,6400,2900 --served 青少年,无偿,5300,2900 \
  --note 开展文体活动49场，培养文体志愿者326人
deliver KQGM-2014-003 --from 2014-07-01 --to 2014-09-30 --hours 620 --volunteer-hours 900 \
  --served 其他,无偿,14600,6900 --served 高龄,无偿,2100,700
deliver KQGM-2014-003 --from 2014-10-01 --to 2014-12-31 --hours 540 --volunteer-hours 780 \
  --served 其他,无偿,13100,5200 --served 高龄,无偿,1900,700
deliver KQGM-2014-004 --from 2014-07-01 --to 2014-09-30 --hours 1350 \
  --served 其他,无偿,4900,4300 --served 低保,无偿,320,260 --served 高龄,无偿,260,220 \
  --note 受理纠纷96起，调解成功88起
deliver KQGM-2014-004 --from 2014-10-01 --to 2014-12-31 --hours 1210 \
  --served 其他,无偿,4300,3800 --served 低保,无偿,210,180 --served 高龄,无偿,160,140 \
  --note 受理纠纷84起，调解成功79起
deliver KQGM-2014-005 --from 2014-07-01 --to 2014-09-30 --hours 420 --volunteer-hours 600 \
  --served 其他,无偿,3100,2800 --served 低保,无偿,180,150
deliver KQGM-2014-005 --from 2014-10-01 --to 2014-12-31 --hours 380 --volunteer-hours 540 \
  --served 其他,无偿,2700,2320 --served 低保,无偿,150,130
deliver KQGM-2014-006 --from 2014-07-01 --to 2014-12-31 --hours 2600 --volunteer-hours 1900 \
  --served 青少年,无偿,46200,560 --served 低保,无偿,4100,80 --note 暑期托管及9月起放学后托管
deliver KQGM-2014-007 --from 2014-07-01 --to 2014-09-30 --hours 2160 \
  --served 高龄,无偿,1400,1250 --served 独居,无偿,520,470 --served 其他,低偿,1500,1420
deliver KQGM-2014-007 --from 2014-10-01 --to 2014-12-31 --hours 1930 \
  --served 高龄,无偿,1260,1120 --served 独居,无偿,470,420 --served 其他,低偿,1330,1220

survey KQGM-2014-001 --date 2014-12-10 --method 电话回访 --respondents 400 --satisfied 372
survey KQGM-2014-002 --date 2014-12-12 --method 问卷 --respondents 600 --satisfied 552
survey KQGM-2014-003 --date 2014-12-12 --method 问卷 --respondents 300 --satisfied 279
survey KQGM-2014-004 --date 2014-12-15 --method 电话回访 --respondents 200 --satisfied 186
survey KQGM-2014-005 --date 2014-12-15 --method 入户回访 --respondents 120 --satisfied 113
survey KQGM-2014-006 --date 2014-12-16 --method 问卷 --respondents 200 --satisfied 194 --note 学生家长
survey KQGM-2014-007 --date 2014-12-16 --method 电话回访 --respondents 300 --satisfied 261

# December acceptance by the bureau (before the final payments of 2014-12-26), one with issues.
kq contract accept KQGM-2014-001 --date 2014-12-18 --result 合格
kq contract accept KQGM-2014-002 --date 2014-12-18 --result 合格
kq contract accept KQGM-2014-003 --date 2014-12-19 --result 合格
kq contract accept KQGM-2014-004 --date 2014-12-19 --result 合格 --note 调解成功率92.8%
kq contract accept KQGM-2014-005 --date 2014-12-22 --result 合格
kq contract accept KQGM-2014-006 --date 2014-12-22 --result 合格
kq contract accept KQGM-2014-007 --date 2014-12-23 --result 基本合格 \
  --note 维修服务6480人次、受益5900人，未达合同约定受益人数15000人，限期整改
for n in 1 2 3 4 5 6 7; do
  kq contract close KQGM-2014-00$n --as completed --date 2014-12-31
done

# The third-party performance assessment of the 2014 projects, in January 2015.
assess() {  # NUMBER DATE SCORE [NOTE]
  kq contract assess "$1" --date "$2" --score "$3" --assessor 包头市社会组织评估中心 ${4:+--note "$4"}
}
assess KQGM-2014-001 2015-01-20 92
assess KQGM-2014-002 2015-01-20 90
assess KQGM-2014-003 2015-01-21 87
assess KQGM-2014-004 2015-01-21 89
assess KQGM-2014-005 2015-01-22 91
assess KQGM-2014-006 2015-01-22 94 "家长满意度97%"
assess KQGM-2014-007 2015-01-23 76 "受益人数未达目标"

# 2015: the first two months of service, up to today (2015-06-30); the contracts run on.
deliver KQGM-2015-001 --from 2015-05-01 --to 2015-06-30 --hours 1480 \
  --served 高龄,无偿,1150,760 --served 独居,无偿,420,260 --served 失独,无偿,60,35 \
  --note 完成老年人能力评估1055人
deliver KQGM-2015-002 --from 2015-05-01 --to 2015-06-30 --hours 5100 \
  --served 高龄,无偿,3600,420 --served 独居,无偿,2400,260 --served 失独,无偿,380,45 \
  --served 优抚,无偿,520,70 --served 低保,无偿,1300,150
deliver KQGM-2015-003 --from 2015-05-01 --to 2015-06-30 --hours 2400 --volunteer-hours 8600 \
  --served 其他,无偿,2900,1300 --served 高龄,无偿,900,420 --served 残疾,无偿,260,90 \
  --served 青少年,无偿,700,350
deliver KQGM-2015-004 --from 2015-05-01 --to 2015-06-30 --hours 680 \
  --served 其他,无偿,1350,980 --served 低保,无偿,90,70
deliver KQGM-2015-005 --from 2015-05-01 --to 2015-06-30 --hours 420 \
  --served 其他,无偿,1100,760 --served 青少年,无偿,380,300
deliver KQGM-2015-006 --from 2015-05-01 --to 2015-06-30 --hours 1600 --volunteer-hours 12400 \
  --served 其他,无偿,3600,1900 --served 高龄,无偿,1200,600 --served 青少年,无偿,500,300
survey KQGM-2015-002 --date 2015-06-25 --method 电话回访 --respondents 150 --satisfied 146
