# History as it was: an org's 2012–2015 life as dated events, typed in out of order, with a
# correction; the registry, a filing and the standing of one org as of past days; and every
# month of 2013 for a small registry. Counts stated by hand (standing at the month's end |
# suspended, revoked, deregistered, registered, filed in it):
#   A registered 2012-03-15, suspended 2013-04-01 until 2013-07-01, a revocation of 2014-10-10
#     recorded by mistake and corrected, deregistered 2015-05-20;
#   B filed 2012-05-01, its filing revoked 2013-03-01, deregistered 2013-09-01 (a file holds
#     only the last; the revocation is recorded afterwards);
#   C filed 2013-06-15; D registered 2013-01-10.
#   2013-01: 3 | 0 0 0 1 0   2013-02: 3 | 0 0 0 0 0   2013-03: 2 | 0 1 0 0 0
#   2013-04: 2 | 1 0 0 0 0   2013-05: 2 | 0 0 0 0 0   2013-06: 3 | 0 0 0 0 1
#   2013-07 … 2013-08: 3 | 0 0 0 0 0                  2013-09: 3 | 0 0 1 0 0
#   2013-10 … 2013-12: 3 | 0 0 0 0 0                  the year: 3 | 1 1 1 1 1
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu org add --name 包头市昆都仑区阳光助老服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203MJ0990015N --registered-on 2012-03-15 --street 沼潭街道
# The deregistration of 2015 is typed in first; 2013's suspension and its end afterwards.
run kunqu org deregister K0000001 --date 2015-05-20 --reason dissolved --document 昆民登〔2015〕21号
run kunqu org suspend K0000001 --date 2013-04-01 --until 2013-07-01 --authority 昆都仑区民政局 --document 昆民罚〔2013〕5号 --reason 未按规定参加年检
run kunqu org revoke K0000001 --date 2014-10-10 --reason 误录 --document 昆民罚〔2014〕9号
run kunqu org correct K0000001 4 --date 2014-11-01 --reason 撤销登记决定并未作出，系误录
run kunqu org correct K0000001 4 --reason 再次更正
# What the history cannot hold, each naming the event in conflict.
run kunqu org reinstate K0000001 --date 2013-05-01
run kunqu org suspend K0000001 --date 2013-06-01
run kunqu org suspend K0000001 --date 2015-06-01
run kunqu org suspend K0000001 --date 2012-01-01
run kunqu org history K0000001 --format csv
run kunqu org show K0000001 --as-of 2013-05-15 --format json
run kunqu org show K0000001 --as-of 2012-03-14
run kunqu org show K0000001 --as-of 2015-07-01
# The small registry of 2013.
cat >small.csv <<'CSV'
name,tier,type,category,street,community,filed_on,registered_on,credit_code,status,status_date,status_reason
南沙梁读书会,grassroots,social_group,culture_sports,沼潭街道,沼潭东社区,2012-05-01,,,deregistered,2013-09-01,dissolved
沼潭东社区舞蹈队,grassroots,social_group,culture_sports,沼潭街道,沼潭东社区,2013-06-15,,,,,
包头市昆都仑区心愿公益协会,registered,social_group,volunteer,沼潭街道,,,2013-01-10,51150203MJ0990031F,,,
CSV
run kunqu -q org import small.csv
run kunqu org revoke K0000002 --date 2013-03-01 --reason 连续两年未参加评议
run kunqu org history K0000002 --format csv
run kunqu filing list --as-of 2013-02-28 --format csv
run kunqu filing list --as-of 2013-03-31 --format csv
run kunqu org list --as-of 2013-05-15 --columns key,name,tier,status,status_date --format csv
run kunqu org stats --by status --as-of 2013-12-31 --format csv
shell 'for m in 01 02 03 04 05 06 07 08 09 10 11 12; do kunqu report monthly --month 2013-$m --format csv | grep -E "^orgs,(orgs,total|suspended|revoked|deregistered|registered|filed)," | cut -d, -f2,5 | tr "\n" " "; echo; done'
shell 'kunqu report annual --year 2013 --format csv | grep -E "^orgs,(orgs,total|suspended|revoked|deregistered|registered|filed)," | cut -d, -f2,5 | tr "\n" " "; echo'
run kunqu org list --as-of 2099-01-01
# History comes in files too: the events exported in the columns import reads, into a second
# registry holding the same orgs; a file whose rows contradict the history is refused whole.
run kunqu org events export --format csv -o events.csv
shell 'cat events.csv'
shell 'kunqu org export -q -o orgs.csv && KUNQU_DB=second.db kunqu -q db init --profile profile.toml && KUNQU_DB=second.db kunqu -q org import orgs.csv'
# The orgs' own file brought each status with its date already: those rows are recorded.
run env KUNQU_DB=second.db kunqu org events import events.csv
run env KUNQU_DB=second.db kunqu org events import events.csv --on-conflict skip
shell 'KUNQU_DB=second.db kunqu org events export --format csv | cut -d, -f1,2,4-9 | sort >b.csv; cut -d, -f1,2,4-9 events.csv | sort | diff - b.csv && echo same events'
cat >bad-events.csv <<'CSV'
org,event,date,reason
K0000004,reinstated,2014-01-01,
K0000004,suspended,2014-02-01,
K0000004,登记成立,2014-03-01,
K0000099,suspended,2014-03-01,
K0000004,suspended,2014-02-30,
CSV
run kunqu org events import bad-events.csv
# The rules with their documents and the days they came into force; the three-year term of
# 2020 refuses a four-year contract starting then, not one of 2013.
run kunqu help rules --format csv
run kunqu contract add --number KQGM-2013-001 --title 虚拟养老院 --purchaser 昆都仑区民政局 --provider K0000004 --field elderly_care --amount 40万 --method 公开招标 --funding 一般公共预算 --starts-on 2013-03-01 --ends-on 2017-02-28 --allocate 2013=100000 --allocate 2014=100000 --allocate 2015=100000 --allocate 2016=100000
export KUNQU_NOW=2021-01-15T08:00:00Z
run kunqu contract add --number KQGM-2020-001 --title 虚拟养老院 --purchaser 昆都仑区民政局 --provider K0000004 --field elderly_care --amount 40万 --method 公开招标 --funding 一般公共预算 --starts-on 2020-06-01 --ends-on 2024-05-31 --allocate 2020=100000 --allocate 2021=100000 --allocate 2022=100000 --allocate 2023=50000 --allocate 2024=50000
# An org that ended before 2018 without a credit code: known by its registration certificate
# number and organization code, found by either, its deregistration an event; an org still
# standing, one registered after codes began, a bad check digit are each refused at their cell.
cat >old.csv <<'CSV'
名称,登记方式,类型,类别,登记管理机关,登记日期,登记证号,组织机构代码,状态,状态日期
昆都仑区老年书画协会,登记,社会团体,社区文体,区民政局,2003-05-20,昆民社证字第003号,123456788,注销,2013-09-01
昆都仑区象棋协会,登记,社会团体,社区文体,区民政局,2008-01-01,昆民社证字第011号,,撤销登记,2017-12-31
CSV
run kunqu org import old.csv
run kunqu org show 12345678-8 --format csv
run kunqu org history 昆民社证字第011号 --format csv
run kunqu org list --number 昆民社证字 --format csv --columns key,name,certificate_no,org_code,status,status_date
cat >old-bad.csv <<'CSV'
名称,登记方式,类型,类别,登记管理机关,登记日期,登记证号,组织机构代码,状态,状态日期
昆都仑区集邮协会,登记,社会团体,社区文体,区民政局,2005-03-01,昆民社证字第005号,,正常,
昆都仑区摄影协会,登记,社会团体,社区文体,区民政局,2016-03-01,昆民社证字第030号,,注销,2017-06-01
昆都仑区读书会,登记,社会团体,社区文体,区民政局,2006-03-01,昆民社证字第006号,12345678-9,注销,2012-06-01
昆都仑区棋牌协会,登记,社会团体,社区文体,区民政局,2006-03-01,昆民社证字第003号,,注销,2012-06-01
CSV
run kunqu org import old-bad.csv
run kunqu org correct 昆民社证字第003号 8 --reason 录入错误
