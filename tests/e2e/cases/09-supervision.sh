# Supervision: the credit record and the lists derived from it, what Order No. 60 says is due
# (with the clock moved to 2020), annual checks and who has not submitted, grades and the
# Order No. 39 refusals; bad input exits 3 and writes nothing.
export KUNQU_NOW=2020-06-30T08:00:00Z
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu -q org add --name 包头市昆都仑区助老服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203MJ0990015N --registered-on 2012-06-01 --street 沼潭街道
run kunqu -q org add --name 包头市昆都仑区心愿公益协会 --tier registered --type social_group --category volunteer --credit-code 51150203MJ0990031F --registered-on 2013-05-12
run kunqu -q org add --name 包头市昆都仑区南沙梁读书会 --tier registered --type social_group --category culture_sports --credit-code 51150203MJ099004X7 --registered-on 2014-03-01
run kunqu -q filing add --name 夕阳红舞蹈队 --street 沼潭街道 --community 沼潭东社区 --category culture_sports --nature social_group --filed-on 2014-03-01
shell 'cp registry.db copy.db'
# Annual checks.
run kunqu org annual-check add K0000001 --year 2018 --result 合格 --date 2019-05-10 --authority 昆都仑区民政局
run kunqu org annual-check add K0000001 --year 2019 --result pass --date 2020-05-12
run kunqu org annual-check add K0000002 --year 2019 --result basic_pass --date 2020-05-20
run kunqu org annual-check add K0000002 --year 2019 --result pass --date 2020-05-21
run kunqu org annual-check add K0000002 --year 2019 --result pass --date 2020-05-21 --correct
run kunqu org annual-check add K0000004 --year 2019 --result pass --date 2020-05-21
run kunqu org annual-check add K0000003 --year 2020 --result 优秀 --date 2020-01-01
run kunqu org annual-check list --missing 2019 --format csv
run kunqu org annual-check list --year 2019 --format table
# The credit record.
run kunqu org credit add K0000002 --kind 警告 --date 2019-03-02 --authority 昆都仑区民政局 --document 昆民罚〔2019〕2号
run kunqu org credit add K0000002 --kind fine --amount 3000 --date 2020-01-15
run kunqu org credit add K0000003 --kind abnormal_in --date 2018-03-01 --rule abnormal.annual_report --reason 未报送2016年度工作报告
run kunqu org credit add K0000003 --kind abnormal_in --date 2018-04-01
run kunqu org credit add K0000004 --kind abnormal_in --date 2019-01-01
run kunqu org credit add K0000001 --kind fine --date 2021-01-01 --deadline 2021-02-01
run kunqu org credit add K0000001 --kind commendation --date 2019-12-01 --authority 包头市民政局 --reason 优秀社会组织
run kunqu org credit add K0000001 --kind reversal --reverses 4 --date 2019-12-05 --reason 录入错误
run kunqu org credit add K0000001 --kind reversal --reverses 4 --date 2019-12-06
run kunqu org credit list --format csv
run kunqu org list --credit abnormal --format csv --columns key,name
run kunqu org list --credit clear --format csv --columns key,name
run kunqu org credit due --format csv
run kunqu org credit due --list serious --action entry --format csv
run kunqu org credit due --list black
run kunqu org credit due --as-of 2017-12-31 --format csv
# Grades.
run kunqu org grade set K0000001 --grade 4A --score 860 --date 2020-06-10 --authority 昆都仑区民政局
run kunqu org grade set K0000002 --grade 3A --date 2020-06-10
run kunqu org grade set K0000003 --grade 3A --date 2020-06-10
run kunqu org grade set K0000004 --grade 3A --date 2020-06-10
run kunqu org grade lower K0000001 --grade 3A --date 2020-06-20 --reason 年检基本合格
run kunqu org grade list --format csv
run kunqu org grade list --expiring-within 5y --format csv
run kunqu org show K0000001 --format json
run kunqu org history K0000001 --format csv
# History files: each kind exported, and imported into a copy holding the same orgs through the
# commands' rules (checks and credit first: a grade reads both).
run kunqu org annual-check export -o checks.csv
shell 'cat checks.csv'
run kunqu org credit export --format toml -o credit.toml
run kunqu org grade export -o grades.csv
shell 'cat grades.csv'
run kunqu --db copy.db org annual-check import checks.csv
run kunqu --db copy.db org credit import credit.toml
run kunqu --db copy.db org grade import grades.csv
shell 'for k in annual-check grade; do cmp <(kunqu org $k export) <(kunqu --db copy.db org $k export) || echo $k differs; done; echo compared'
# Credit events are numbered by each registry, in the order recorded: the same events, renumbered.
shell 'diff <(kunqu org credit export | cut -d, -f1,2,4-11,13) <(kunqu --db copy.db org credit export | cut -d, -f1,2,4-11,13) && echo the same events'
shell 'kunqu --db copy.db org credit export --format csv | cut -d, -f3,4,12'
run kunqu --db copy.db org grade import grades.csv
run kunqu --db copy.db org grade import grades.csv --on-conflict skip
printf 'org,year,result,date\nK0000003,2013,pass,2014-05-01\nK0000004,2019,pass,2020-05-21\nK0000001,2019,合格,2019-12-01\n' > bad-checks.csv
shell 'kunqu org annual-check export > before.csv'
run kunqu org annual-check import bad-checks.csv
shell 'cmp before.csv <(kunqu org annual-check export) && echo registry unchanged'
