# The audit log for people: newest first, --limit N the newest N, --reverse oldest first; times
# in UTC in CSV, JSON and TOML, on the district's clock (+08:00) in a table; --since and --until
# whole district days, which begin at 16:00 UTC. A table wider than the terminal ($COLUMNS) is
# fit to it, and a note says how to see it all; CSV never is. In English and in Chinese.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run env KUNQU_NOW=2015-06-30T15:59:00Z kunqu -q org add --name 包头市昆都仑区助老服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203MJ0990015N --registered-on 2015-06-01 --street 沼潭街道
run env KUNQU_NOW=2015-06-30T16:00:00Z kunqu -q org add --name 包头市昆都仑区青少年成长服务中心 --tier registered --type social_service --category youth --credit-code 52150203MJ0990023H --registered-on 2015-06-02 --street 沼潭街道
run env KUNQU_NOW=2015-07-01T02:30:00Z kunqu -q org update K0000001 --phone 0472-2150001
run kunqu db log --format csv
run kunqu db log --limit 3 --format csv
run kunqu db log --limit 3 --reverse --format csv
run kunqu db log --limit 1 --format json
run kunqu db log --limit 1 --format toml
# 2015-07-01 in the district is 2015-06-30T16:00:00Z up to 2015-07-01T16:00:00Z.
run kunqu db log --since 2015-07-01 --format csv
run kunqu db log --until 2015-06-30 --format csv
run kunqu db log --since 2015-07-01 --until 2015-07-01 --reverse --format table
run kunqu db log --since 2015-06-31
run kunqu db log --until yesterday
run kunqu db log --limit -1
# Fit to 60 columns: the widest free text shortened, then left out; keys whole.
run env COLUMNS=60 kunqu db log --format table
run env COLUMNS=60 kunqu org list --format table
run env COLUMNS=30 kunqu org list --format table
run env COLUMNS=60 kunqu org list --format csv
run env COLUMNS=60 kunqu -q org list --format table
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
run kunqu db log --limit 3 --reverse --format table
run kunqu db log --since 2015-06-31
run env COLUMNS=60 kunqu db log --format table
run env COLUMNS=60 kunqu org list --format table
