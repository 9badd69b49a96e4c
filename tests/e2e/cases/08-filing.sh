# The filing track: filing groups (numbers from the pattern), their hub, reviews, the filing
# list and its filters, registering a group (upgrade), revoking a filing, filing import and
# export (CSV and TOML round trips) and bad input leaving the registry unchanged.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
run kunqu -q org add --name 沼潭街道社区社会组织促进会 --tier registered --type social_service --category other --credit-code 52150203MJ0990015N --registered-on 2013-05-01 --street 沼潭街道 --level street
run kunqu filing add --name 夕阳红舞蹈队 --street 沼潭街道 --community 沼潭东社区 --category 社区文体 --nature 社会团体 --filed-on 2014-03-01 --office 沼潭街道办事处 --hub 52150203MJ0990015N --person-in-charge 李秀英 --members 24 --venue 沼潭东社区活动室 --activity-area 沼潭东社区辖区
run kunqu filing add --name 秧歌队 --street 沼潭街道 --community 南沙梁社区 --category culture_sports --nature social_group --filed-on 2015-06-01 --hub 沼潭街道社区社会组织促进会
run kunqu filing add --name 调解小组 --street 沼潭街道 --community 南沙梁社区 --category mediation --nature social_service --filed-on 2014-02-01 --filing-no KQBA-2014-0010
run kunqu filing add --name 读书会 --street 沼潭街道 --community 南沙梁社区 --category culture_sports --nature social_group --filed-on 2014-08-01
# Zero threshold, but each field checked.
run kunqu filing add --name 太极队 --street 沼潭街道 --community 月亮湖社区 --category 太极 --nature foundation --filed-on 2015-07-01
run kunqu filing review KQBA-2014-0001 --date 2014-12-20 --outcome 合格 --stars 4 --reviewer 沼潭街道社区社会组织促进会
run kunqu filing review KQBA-2014-0010 --date 2014-06-01 --outcome basic_pass --stars 2
run kunqu filing review KQBA-2014-0010 --date 2014-01-01 --outcome 优秀 --stars 9
run kunqu filing review 52150203MJ0990015N --date 2015-01-01 --outcome pass
run kunqu filing list --format table
run kunqu filing list --due --format csv
run kunqu filing list --stars 4 --format csv
run kunqu filing show KQBA-2014-0001 --format table
run kunqu filing show KQBA-2014-0001 --format json
run kunqu org show 52150203MJ0990015N --format csv
run kunqu filing upgrade KQBA-2014-0011 --credit-code 52150203MJ0990023H --registered-on 2015-05-12
run kunqu filing upgrade KQBA-2014-0011 --credit-code 51150203MJ0990031F --registered-on 2015-05-12 --name 包头市昆都仑区南沙梁读书会 --representative 张丽
run kunqu filing show K0000005 --format table
run kunqu filing revoke KQBA-2014-0010 --date 2015-06-01 --reason 长期不开展活动 --authority 沼潭街道办事处
run kunqu filing revoke 51150203MJ0990031F --date 2015-06-01 --reason x
run kunqu filing list --status upgraded --format csv
run kunqu filing list --status revoked --format csv
run kunqu org history K0000005 --format csv
# Export and import again: CSV and TOML carry the same filings.
run kunqu filing export -o filings.csv
run kunqu filing export -o filings.toml
shell 'cat filings.csv'
run kunqu --db again.db -q db init --profile profile.toml
run kunqu --db again.db -q org add --name 沼潭街道社区社会组织促进会 --tier registered --type social_service --category other --credit-code 52150203MJ0990015N --registered-on 2013-05-01 --street 沼潭街道 --level street
shell 'cut -d, -f2- filings.csv > nokeys.csv'
run kunqu --db again.db filing import nokeys.csv
shell 'cmp <(kunqu filing export | cut -d, -f2-) <(kunqu --db again.db filing export | cut -d, -f2-) && echo same filings'
# Their reviews, by filing number.
run kunqu filing reviews export -o reviews.csv
shell 'cat reviews.csv'
run kunqu --db again.db filing reviews import reviews.csv
shell 'cmp reviews.csv <(kunqu --db again.db filing reviews export) && echo the same reviews'
run kunqu --db toml.db -q db init --profile profile.toml
run kunqu --db toml.db -q org add --name 沼潭街道社区社会组织促进会 --tier registered --type social_service --category other --credit-code 52150203MJ0990015N --registered-on 2013-05-01 --street 沼潭街道 --level street
shell 'grep -v "^key = " filings.toml > nokeys.toml'
run kunqu --db toml.db filing import nokeys.toml
shell 'cmp <(kunqu --db again.db filing export) <(kunqu --db toml.db filing export) && echo toml and csv agree'
# New groups without numbers get the next ones; a registered org does not belong here.
printf 'name,street,community,category,type,filed_on\n剪纸队,沼潭街道,沼潭东社区,culture_sports,social_group,2015-06-10\n' > new.csv
run kunqu filing import new.csv
printf 'name,tier,type,category,credit_code,registered_on,street,community,filed_on\n某协会,registered,social_group,other,51150203MJ099004X7,2015-01-01,沼潭街道,沼潭东社区,2014-13-01\n' > wrong.csv
shell 'kunqu filing export > before.csv'
run kunqu filing import wrong.csv
shell 'cmp before.csv <(kunqu filing export) && echo registry unchanged'
run kunqu filing list --year 2015 --format csv
