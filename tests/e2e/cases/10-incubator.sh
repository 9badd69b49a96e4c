# The incubator: sites from the settings, admissions and their refusals (capacity on a date,
# already in residence, suspended), reviews against the pass mark, early graduation with a
# reason, --force, withdrawal, extension, a second stay, the list's filters, show, org show,
# and stays files (export, import elsewhere, bad rows, registry unchanged).
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu db settings incubator_sites '孵化园=2; 林荫路中心=3'
run kunqu db settings incubator_sites '孵化园=0'
run kunqu -q org add --name 包头市心愿公益协会 --tier registered --type social_group --category volunteer --credit-code 51150200MJ0581473A --registered-on 2013-09-26
run kunqu -q filing add --name 邻里调解队 --street 沼潭街道 --community 沼潭东社区 --category mediation --nature social_group --filed-on 2014-03-01
run kunqu -q filing add --name 助残小组 --street 沼潭街道 --community 沼潭东社区 --category disability --nature social_group --filed-on 2014-03-02
run kunqu -q filing add --name 托管班 --street 沼潭街道 --community 南沙梁社区 --category youth --nature social_group --filed-on 2014-03-03
cp registry.db other.db
run kunqu incubate admit 51150200MJ0581473A --site 孵化园 --date 2014-08-18 --mentor 王敏 --project 志愿服务品牌
run kunqu incubate admit KQBA-2014-0001 --site 孵化园 --date 2014-08-18 --term 18m
run kunqu incubate admit KQBA-2014-0002 --site 孵化园 --date 2014-09-01
run kunqu incubate admit KQBA-2014-0002 --site 火星基地 --date 2015-07-01 --term 2w
run kunqu incubate admit 51150200MJ0581473A --site 林荫路中心 --date 2015-01-01
run kunqu -q org suspend KQBA-2014-0003 --date 2014-12-01
run kunqu incubate admit KQBA-2014-0003 --site 林荫路中心 --date 2015-01-01
run kunqu incubate sites --on 2014-09-01
run kunqu incubate review KQBA-2014-0001 --date 2014-12-19 --score 58
run kunqu incubate graduate KQBA-2014-0001 --date 2015-05-20 --reason 已独立运营
run kunqu incubate review KQBA-2014-0001 --date 2015-04-20 --score 101
run kunqu incubate review KQBA-2014-0001 --date 2015-04-20 --score 88 --note 调解室运转成熟
run kunqu incubate graduate KQBA-2014-0001 --date 2015-05-20
run kunqu incubate graduate KQBA-2014-0001 --date 2015-05-20 --reason 已独立运营
run kunqu incubate admit KQBA-2014-0002 --site 孵化园 --date 2015-06-01 --until 2016-12-31
run kunqu incubate extend KQBA-2014-0002 --until 2016-06-30 --reason x
run kunqu incubate extend KQBA-2014-0002 --until 2017-06-30 --reason 项目延期 --date 2015-06-20
run kunqu incubate graduate 51150200MJ0581473A --date 2015-06-25 --force 转入市级孵化基地 --reason 转入市级孵化基地
run kunqu incubate admit KQBA-2014-0001 --site 林荫路中心 --date 2015-06-26 --term 1y
run kunqu incubate withdraw KQBA-2014-0001 --date 2015-06-28 --reason 负责人外出
run kunqu incubate list --format table
run kunqu incubate list --status 出壳 --format csv
run kunqu incubate list --due-within 2y --format csv
run kunqu incubate list --overdue --format csv
run kunqu incubate show KQBA-2014-0001 --format table
run kunqu incubate show 51150200MJ0581473A --format json
run kunqu incubate show KQBA-2014-0003
run kunqu org show KQBA-2014-0002 --format csv
# Files: export, import into a registry holding the same orgs, bad rows.
run kunqu incubate export -o stays.csv
shell 'cat stays.csv'
run kunqu incubate export --format toml -o stays.toml
run kunqu --db other.db incubate import stays.toml
shell 'cmp stays.csv <(kunqu --db other.db incubate export) && echo the same stays'
run kunqu --db other.db incubate import stays.toml --on-conflict skip
# Reviews: the passing review a graduation names came with its stay; skip it.
run kunqu incubate reviews export -o stay-reviews.csv
shell 'cat stay-reviews.csv'
run kunqu --db other.db incubate reviews import stay-reviews.csv
run kunqu --db other.db incubate reviews import stay-reviews.csv --on-conflict skip
shell 'cmp stay-reviews.csv <(kunqu --db other.db incubate reviews export) && echo the same reviews'
printf 'org,admitted_on,date,score\nKQBA-2014-0001,2015-06-26,2015-06-29,70\nKQBA-2014-0001,2014-08-19,2015-01-01,70\n' > bad-reviews.csv
run kunqu incubate reviews import bad-reviews.csv
run kunqu incubate review KQBA-2014-0001 --admitted 2014-08-18 --date 2014-12-01 --score 66
printf 'org,site,admitted_on,status,ended_on\nKQBA-2014-0003,孵化园,2015-03-01,graduated,\nK0000099,孵化园,2015-03-01,,\n51150200MJ0581473A,孵化园,2016-01-01,,\n' > bad.csv
shell 'kunqu incubate export > before.csv'
run kunqu incubate import bad.csv
shell 'cmp before.csv <(kunqu incubate export) && echo registry unchanged'
