# Everyday look-ups, in English and Chinese. A credit code typed in lower case is the code: org
# show finds it, org add and an import store it in upper case (a wrong check character is still
# refused). An org by its exact name: one found, several listed (exit 2), none (exit 4). A street
# or community filter the district profile does not know is refused with the nearest names
# (exit 2) in org list and stats, filing list and demand list; a street of the past is known;
# without a profile nothing is checked. The audit log names $LOGNAME when $KUNQU_ACTOR and $USER
# are unset.
supervised
# Credit codes in lower case.
shell 'kunqu org show 52150203mj04169538 --format csv | head -3'
run kunqu org add --name 包头市昆都仑区助老服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203mj0990015n --registered-on 2015-06-01 --street 沼潭街道
run kunqu org add --name 包头市昆都仑区康乐服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203mj0990023x --registered-on 2015-06-01
cat >lower.csv <<'CSV'
name,tier,type,category,credit_code,registered_on
包头市昆都仑区康乐服务中心,registered,social_service,elderly_care,52150203mj0990023h,2015-06-02
CSV
run kunqu org import lower.csv
run kunqu org list --number 52150203MJ099 --format csv
# By exact name: one, several, none.
shell 'kunqu org show 包头市昆都仑区康乐服务中心 --format csv | head -3'
run kunqu org show 夕阳红舞蹈队
run kunqu org show 夕阳红舞蹈
run kunqu org update " 包头市昆都仑区助老服务中心 " --phone 0472-2150001
# Streets and communities the profile does not know.
run kunqu org list --street 花楼
run kunqu org list --street 沼潭 --community 沼潭东
run kunqu org stats --by category --street 昆河
run kunqu filing list --community 林荫路
run kunqu demand list --street 少先街道
run kunqu org list --street 昆河镇 --community 昆河村 --format csv --limit 1
run kunqu db district rename 昆河镇 昆河街道 --from 2015-06-01
run kunqu org list --street 昆河镇 --community 昆河村 --format csv --limit 1
kunqu -q --db bare.db db init
run kunqu --db bare.db org list --street 花楼 --format csv
# The actor without $KUNQU_ACTOR and $USER.
run env -u KUNQU_ACTOR LOGNAME=wangli kunqu org update 包头市昆都仑区助老服务中心 --phone 0472-2150002
shell 'kunqu db log --format csv --action org.update | cut -d, -f1-4'
# The same in Chinese.
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
run kunqu org show 夕阳红舞蹈队
run kunqu org show 夕阳红舞蹈
run kunqu org list --street 花楼
run kunqu org list --community 沼潭东
run kunqu org add --name 包头市昆都仑区乐龄服务中心 --tier registered --type social_service --category elderly_care --credit-code 52150203mj0990031c --registered-on 2015-06-01
