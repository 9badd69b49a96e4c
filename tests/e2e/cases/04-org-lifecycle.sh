# One org from paper form to deregistration: add, show, update, suspend, reinstate,
# deregister, history and the audit log.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu org add --name 包头市昆都仑区助老服务中心 --tier registered --type 民办非企业单位 --category 为老服务 --credit-code 52150203MJ0990015N --registered-on 2015-06-01 --street 沼潭街道 --funds 5万 --phone 0472-2150001
run kunqu org add --name 包头市昆都仑区助老服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203MJ0990023H --registered-on 2015-06-02
run kunqu org add --name 夕阳红舞蹈队 --tier grassroots --type social_group --category culture_sports --street 沼潭街道 --community 沼潭东社区 --registered-on 2015-06-20 --hub K0000001
run kunqu org add --name 夕阳红舞蹈队 --tier grassroots --type social_group --category culture_sports --street 沼潭街道 --community 南沙梁社区 --registered-on 2015-06-20 --hub 52150203MJ0990015N --members 18
run kunqu org show K0000003 --format toml
run kunqu org update 52150203MJ0990015N --representative 王丽 --phone 13900000000
run kunqu org update K0000001 --tier grassroots
run kunqu org suspend K0000001 --date 2015-06-10 --authority 昆都仑区民政局 --document 昆民罚〔2015〕3号 --reason 未按规定报送年度报告
run kunqu org suspend K0000001 --date 2015-06-11
run kunqu org reinstate K0000001 --date 2015-06-20
run kunqu org deregister K0000003 --date 2015-06-29 --reason 自行解散
run kunqu org deregister K0000003 --date 2015-06-29 --reason dissolved
run kunqu org list --status deregistered --format table
run kunqu org history K0000001 --format csv
run kunqu db log --actor tester --format table
run kunqu org suspend K0000002 --date 2015-06-25
run kunqu org reinstate K0000002 --date 2015-06-21
run kunqu org show K0000002 --format csv --bom
