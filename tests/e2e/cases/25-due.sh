# What is due, on 2022-06-30 and within 30 days after: a registry built for it. Stated by hand:
#   K1 甲 owes 2021's annual check (due 2022-05-31): annual_check.report, abnormal.annual_report;
#   K2 乙, registered 2021-07-15, owes none for 2021; in the incubator since 2021-07-20 until
#     2022-07-10: incubate.term;
#   K3 丙: registered letters unsigned 2022-03-01 and 2022-04-10 (40 days): abnormal.unreachable;
#     its contract signed 2022-01-10 has no delivery: contract.no_delivery from 2022-04-10;
#   K4 丁: listed 2021-10-01 as unreachable, reached again 2022-03-01: abnormal.obligations_met;
#     its 2021 contract accepted 2022-01-15, half paid: contract.unpaid;
#   K5 戊: 4A of 2018, checks for 2020 and 2021 basic_pass: grade.basic_pass_twice;
#   K6 己: 3A of 2017-07-20, ending 2022-07-20: grade.expiring;
#   K7 庚: no party organization (2022-02-01), a change registration revoked (2022-03-15):
#     abnormal.party_org, serious.change_fraud;
#   group 夕阳红舞蹈队 filed 2021-05-01, never reviewed: filing.yearly_review from 2022-05-01;
#   group 太极拳队 filed 2021-07-20: due 2022-07-20, within 30 days; a need raised 2022-02-01
#   and unanswered: demand.unanswered from 2022-05-02.
# As of 2022-05-31 the 2021 reports are due that day: due lists the annual check; the credit
# lists and grades count a report missing only from the day after.
export KUNQU_NOW=2022-06-30T08:00:00Z
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
add() { kunqu -q org add --name "$1" --tier registered --type social_service --category elderly_care --credit-code "$2" --registered-on "$3" --street 沼潭街道 >/dev/null; }
add 甲助老服务中心 52150203MJ04169538 2012-05-01
add 乙助老服务中心 52150203MJ001038X4 2021-07-15
add 丙助老服务中心 52150203MJ0207684P 2012-05-01
add 丁助老服务中心 52150203MJ0548550G 2012-05-01
add 戊助老服务中心 52150203MJ0547910U 2012-05-01
add 己助老服务中心 52150203MJ03342379 2012-05-01
add 庚助老服务中心 52150203MJ0961935U 2012-05-01
{
  echo org,year,result,date
  for k in K0000001 K0000003 K0000004 K0000005 K0000006 K0000007; do
    for y in 2015 2016 2017 2018 2019; do echo "$k,$y,pass,$((y + 1))-04-01"; done
  done
  for k in K0000003 K0000004 K0000006 K0000007; do echo "$k,2020,pass,2021-04-01"; echo "$k,2021,pass,2022-04-01"; done
  echo K0000001,2020,pass,2021-04-01
  echo K0000005,2020,basic_pass,2021-04-01
  echo K0000005,2021,basic_pass,2022-04-01
} > checks.csv
run kunqu org annual-check import checks.csv
run kunqu org annual-check list --missing 2021 --format csv
run kunqu -q org grade set K0000006 --grade 3A --date 2017-07-20 --authority 昆都仑区民政局
run kunqu -q org grade set K0000005 --grade 4A --date 2018-06-10 --authority 包头市民政局
run kunqu -q org grade set K0000005 --grade 5A --date 2019-06-10
run kunqu -q org credit add K0000003 --kind letter_unsigned --date 2022-03-01
run kunqu -q org credit add K0000003 --kind 挂号信无人签收 --date 2022-04-10
run kunqu -q org credit add K0000004 --kind unreachable --date 2021-09-20
run kunqu -q org credit add K0000004 --kind abnormal_in --rule abnormal.unreachable --date 2021-10-01
run kunqu -q org credit add K0000004 --kind reachable --date 2022-03-01
run kunqu -q org credit add K0000001 --kind reachable --date 2022-03-01
run kunqu -q org credit add K0000007 --kind no_party_org --date 2022-02-01
run kunqu -q org revoke K0000007 --of change --date 2022-03-15 --document 昆民撤〔2022〕1号
run kunqu -q filing add --name 夕阳红舞蹈队 --street 沼潭街道 --community 沼潭东社区 --category culture_sports --nature social_group --filed-on 2021-05-01 --hub K0000003
run kunqu -q filing add --name 太极拳队 --street 沼潭街道 --community 沼潭东社区 --category culture_sports --nature social_group --filed-on 2021-07-20 --hub K0000003
run kunqu -q db settings incubator_sites '孵化园=5'
run kunqu -q incubate admit K0000002 --site 孵化园 --date 2021-07-20 --until 2022-07-10
run kunqu -q contract budget set 2021 100万
run kunqu -q contract budget set 2022 100万
run kunqu -q contract add --number KQGM-2022-001 --title 居家养老服务 --purchaser 昆都仑区民政局 --provider K0000003 --field elderly_care --amount 10万 --method 询价 --funding 一般公共预算 --starts-on 2022-01-10 --ends-on 2022-12-31
run kunqu -q contract sign KQGM-2022-001 --date 2022-01-10
run kunqu -q contract add --number KQGM-2021-001 --title 助餐服务 --purchaser 昆都仑区民政局 --provider K0000004 --field elderly_care --amount 8万 --method 询价 --funding 一般公共预算 --starts-on 2021-07-01 --ends-on 2021-12-31
run kunqu -q contract sign KQGM-2021-001 --date 2021-07-01
run kunqu -q contract deliver KQGM-2021-001 --from 2021-07-01 --to 2021-12-31 --hours 600
run kunqu -q contract accept KQGM-2021-001 --date 2022-01-15 --result 合格
run kunqu -q contract pay KQGM-2021-001 --date 2022-01-20 --amount 40000
run kunqu -q demand add --street 沼潭街道 --community 沼潭东社区 --category elderly_care --description 老年助餐 --source resident_meeting --raised-on 2022-02-01
# What staff look at.
run kunqu org credit due --format csv
run kunqu org grade due --format csv
run kunqu due --format csv
run kunqu due --within 0d --format table
run kunqu due --as-of 2022-05-31 --within 0d --format csv
run kunqu due --within 1q
run kunqu due --as-of 2099-01-01
