# Purchase of services: budgets set and adjusted, a draft with bad input, signing refused for
# the rules (annual check — registered on 30 June 2013, it owes 2013's — filed group, budget)
# and then allowed, an amendment past 10% and one within it, payments up to the amount, a
# reversal, the list and show.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu -q org add --name 沼潭街道社会组织服务中心 --tier registered --type social_service --category other --credit-code 52150203MJ0990015N --registered-on 2012-05-01 --street 沼潭街道
run kunqu -q org add --name 包头市心愿公益协会 --tier registered --type social_group --category volunteer --credit-code 51150200MJ0581473A --registered-on 2013-06-30
run kunqu -q filing add --name 夕阳红舞蹈队 --street 沼潭街道 --community 沼潭东社区 --category culture_sports --nature social_group --filed-on 2014-03-01 --hub 52150203MJ0990015N
run kunqu contract budget set 2015 150万
run kunqu contract budget set 2016 100万
run kunqu contract budget set 2015 30万 --purchaser 昆都仑区民政局 --field 志愿服务
run kunqu contract budget set 2015 1万
run kunqu contract add --number KQGM-2015-003 --title 心愿志愿服务项目 --purchaser 昆都仑区民政局 --provider 51150200MJ0581473A --field volunteer --amount 25万 --method 竞争性磋商 --funding 一般公共预算 --starts-on 2015-04-20 --ends-on 2016-04-19 --allocate 2015=150000 --allocate 2016=100000 --target-persons 3000 --item 志愿者招募培训 --item 社区志愿服务
run kunqu contract add --number KQGM-2015-009 --title 文体活动 --purchaser 昆都仑区文体局 --provider KQBA-2014-0001 --field culture_sports --amount 1.005 --method 询价 --funding 彩票 --starts-on 2015-06-01 --ends-on 2019-06-01
run kunqu contract add --number KQGM-2015-009 --title 文体活动 --purchaser 昆都仑区民政局 --provider KQBA-2014-0001 --field culture_sports --amount 2万 --method 询价 --funding other --starts-on 2015-06-01 --ends-on 2015-12-31
run kunqu contract sign KQGM-2015-009 --date 2015-06-10
run kunqu contract sign KQGM-2015-003 --date 2015-04-20
run kunqu -q org annual-check add 51150200MJ0581473A --year 2013 --result pass --date 2014-05-20 --authority 包头市民政局
run kunqu contract sign KQGM-2015-003 --date 2015-04-20
run kunqu contract add --number KQGM-2015-010 --title 志愿服务二期 --purchaser 昆都仑区民政局 --provider 51150200MJ0581473A --field volunteer --amount 20万 --method single_source --funding general_budget --starts-on 2015-05-01 --ends-on 2015-12-31
run kunqu contract sign KQGM-2015-010 --date 2015-05-01
run kunqu contract budget adjust 2015 +5万 --purchaser 昆都仑区民政局 --field volunteer --date 2015-05-02 --document 昆财预〔2015〕9号 --reason 追加志愿服务
run kunqu contract sign KQGM-2015-010 --date 2015-05-02
run kunqu contract budget show 2015 --format table
run kunqu contract pay KQGM-2015-003 --date 2015-05-05 --amount 75000 --milestone 首期
run kunqu contract pay KQGM-2015-003 --date 2015-05-06 --amount 75000 --milestone 首期
run kunqu contract pay KQGM-2015-003 --date 2015-05-07 --reverses 2 --note 重复录入
run kunqu contract pay KQGM-2015-003 --date 2015-06-01 --amount 180000
run kunqu contract amend KQGM-2015-003 --date 2015-06-08 --amount 280000 --reason 扩大范围
run kunqu contract amend KQGM-2015-003 --date 2015-06-08 --amount 275000 --allocate 2015=175000 --allocate 2016=100000 --reason 增加服务社区2个
run kunqu contract budget adjust 2015 +2.5万 --purchaser 昆都仑区民政局 --field volunteer --date 2015-06-08 --document 昆财预〔2015〕12号 --reason 追加志愿服务
run kunqu contract amend KQGM-2015-003 --date 2015-06-08 --amount 275000 --allocate 2015=175000 --allocate 2016=100000 --reason 增加服务社区2个
run kunqu contract deliver KQGM-2015-003 --from 2015-04-20 --to 2015-05-31 --hours 400 --served 高龄,低偿,900,200 --served 独居,无偿,300,100 --volunteer-hours 120 --vouchers 500 --voucher-value 4万
run kunqu contract deliver KQGM-2015-003 --from 2015-05-15 --to 2015-07-15 --hours 10 --served 火星人,无偿,1,2
run kunqu contract survey KQGM-2015-003 --date 2015-06-20 --method 电话回访 --respondents 300 --satisfied 297
run kunqu contract assess KQGM-2015-003 --date 2015-06-25 --score 92 --grade 优秀 --assessor 包头市社会组织评估中心
run kunqu contract accept KQGM-2015-003 --date 2015-06-26 --result 基本合格 --note 台账需完善
run kunqu contract close KQGM-2015-010 --as terminated --date 2015-06-27
run kunqu contract close KQGM-2015-010 --as terminated --date 2015-06-27 --reason 服务社区调整
run kunqu contract show KQGM-2015-003 --format table
run kunqu contract list --format csv
run kunqu contract list --status draft --format csv
run kunqu contract list --paid-below 50% --year 2016 --format csv
run kunqu contract list --no-delivery-for 30d --format csv
run kunqu contract budget show --format csv
run kunqu contract show KQGM-2099-001
