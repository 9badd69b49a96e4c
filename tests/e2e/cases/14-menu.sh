# The menu: the 2014 catalogue, residents' needs from two communities, accepted into an item,
# answered by the contract that buys it, declined; the refusals; the path a need shows.
cp "$EX/kundulun/profile.toml" .
kunqu -q db init --profile profile.toml
kunqu -q org import "$EX/kundulun/orgs.csv"
kunqu -q org import "$EX/kundulun/street-2015-06.csv"
KUNQU=kunqu bash "$EX/kundulun/supervision-2015.sh" -q
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
