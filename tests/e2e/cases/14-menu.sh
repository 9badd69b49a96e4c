# The menu: the 2014 catalogue, residents' needs from two communities, accepted into an item,
# answered by the contract that buys it, declined; the refusals; the path a need shows.
cp "$EX/kundulun/profile.toml" .
supervised
KUNQU=kunqu bash "$EX/kundulun/incubator-2015.sh" -q
KUNQU=kunqu bash "$EX/kundulun/contracts-2015.sh" -q
run kunqu catalog add --year 2014 --code QS-01 --category 青少年 --item 快乐4点半课后托管 --unit 人次 --price 20
run kunqu catalog add --year 2014 --code HY-01 --category marriage_family --item 家庭矛盾调解 --unit project
run kunqu catalog add --year 2014 --code QS-01 --category youth --item 重复 --unit hour --price 1.005
run kunqu demand add --street 少先路街道 --community 健康路社区 --category youth --description 双职工家庭孩子放学后无人照看 --source 居民议事会 --raised-on 2014-03-12 --persons 60
run kunqu demand add --street 少先路街道 --community 健康路社区 --category household_services --description 老旧小区水电维修无人上门 --source hotline --raised-on 2014-04-01
run kunqu demand add --street 沼潭街道 --community 火星社区 --category 外星 --description "" --source 广播 --raised-on 2016-01-01 --persons -3
run kunqu demand update 1 --status accepted --item QS-01 --year 2014 --date 2014-04-02
run kunqu demand update 1 --status answered --contract KQGM-2014-006 --date 2014-06-25
run kunqu catalog link 2014 QS-01 --contract KQGM-2015-001
run kunqu catalog link 2014 QS-01 --contract KQGM-2014-006
run kunqu demand update 1 --status answered --contract KQGM-2014-006 --date 2014-06-25
run kunqu demand update 1 --status answered --contract KQGM-2014-006 --date 2014-06-25
run kunqu demand update 2 --status declined
run kunqu demand update 2 --status declined --reason 由物业公司负责 --date 2014-04-15
run kunqu demand show 1 --format table
run kunqu demand show 2 --format json
run kunqu catalog show 2014 QS-01 --format csv
run kunqu catalog list --without-contract --format csv
run kunqu demand list --format csv
run kunqu demand list --unanswered --older-than 90d --format csv
run kunqu demand show 9
run kunqu demand list --older-than soon

# The example district's catalogues and needs from files, in a second registry; exported and
# imported again; bad files.
export KUNQU_DB=second.db
cp "$EX/kundulun/demands.csv" "$EX/kundulun/catalog.csv" .
kunqu -q db init --profile profile.toml
kunqu -q org import "$EX/kundulun/orgs.csv"
kunqu -q org import "$EX/kundulun/street-2015-06.csv"
KUNQU=kunqu bash "$EX/kundulun/supervision-2015.sh" -q
KUNQU=kunqu bash "$EX/kundulun/incubator-2015.sh" -q
KUNQU=kunqu bash "$EX/kundulun/contracts-2015.sh" -q
run kunqu demand import demands.csv
run kunqu catalog import catalog.csv --dry-run
run kunqu catalog import catalog.csv
run kunqu demand import demands.csv
run kunqu demand import demands.csv
run kunqu demand import demands.csv --on-conflict skip
run kunqu catalog export --year 2014 --format toml
run kunqu demand export --status answered --year 2015 --format csv
run kunqu demand list --unanswered --older-than 90d --format csv
run kunqu catalog list --without-contract --format csv
run kunqu report annual --year 2014 --format csv
shell 'kunqu catalog export -o c.csv && kunqu demand export -o d.csv && rm -f third.db && KUNQU_DB=third.db kunqu -q db init --profile profile.toml && KUNQU_DB=third.db kunqu -q org import "$EX/kundulun/orgs.csv" && KUNQU_DB=third.db kunqu -q org import "$EX/kundulun/street-2015-06.csv" && KUNQU=kunqu KUNQU_DB=third.db bash "$EX/kundulun/supervision-2015.sh" -q && KUNQU=kunqu KUNQU_DB=third.db bash "$EX/kundulun/incubator-2015.sh" -q && KUNQU=kunqu KUNQU_DB=third.db bash "$EX/kundulun/contracts-2015.sh" -q && KUNQU_DB=third.db kunqu -q catalog import c.csv && KUNQU_DB=third.db kunqu -q demand import d.csv && KUNQU_DB=third.db kunqu demand export -q | cmp - d.csv && KUNQU_DB=third.db kunqu catalog export -q | cmp - c.csv && echo same records'
printf '年度,项目编号,服务领域,服务项目,计量单位,指导价格,购买合同\n2015,YL-01,elderly_care,重复,hour,1.005,\n2016,XX-01,火星,新项目,斤,,KQGM-2015-001\n2014,XX-02,youth,别的,hour,,KQGM-2099-001\n' > bad-catalog.csv
run kunqu catalog import bad-catalog.csv
printf 'street,community,category,description,source,raised_on,status,status_date,item,contract,reason\n沼潭街道,沼潭东社区,youth,新需求,居民议事会,2015-06-01,answered,2015-06-10,2015/QS-01,KQGM-2015-006,\n沼潭街道,沼潭东社区,youth,另一个,居民议事会,2015-06-01,declined,,,,\n沼潭街道,沼潭东社区,youth,第三个,居民议事会,2015-06-01,open,,2015/QS-01,,\n沼潭街道,沼潭东社区,youth,第四个,广播,2015-06-01,accepted,2015-06-02,QS-01,,\n' > bad-demands.csv
run kunqu demand import bad-demands.csv
shell 'sqlite3 second.db "SELECT count(*) FROM demand; SELECT count(*) FROM catalog_item"'
