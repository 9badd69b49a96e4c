# The first import into an empty registry loads in bulk (indexes built after the rows): rows
# that repeat each other and bad hubs are still found, each with its line, and a refused bulk
# load leaves the registry as it was, indexes included.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
sqlite3 registry.db "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'org' ORDER BY name" > indexes-before.txt
run cat indexes-before.txt
cat > repeats.csv <<'CSV'
name,tier,type,category,street,community,hub,credit_code,filing_no,registered_on
沼潭西社区腰鼓队,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,沼潭街道社会组织服务中心,,KQBA-2015-0001,2015-06-01
沼潭街道社会组织服务中心,registered,social_service,other,沼潭街道,,,52150203MJ0633173U,,2012-05-01
包头市昆都仑区某协会,registered,social_group,other,沼潭街道,,,51150203MJ0990015R,,2015-06-01
包头市昆都仑区另一协会,registered,social_group,other,沼潭街道,,,51150203MJ0990015R,,2015-06-02
沼潭西社区秧歌队,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,52150203MJ0633173U,,KQBA-2015-0001,2015-06-03
沼潭西社区腰鼓队,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,,,,2015-06-04
沼潭西社区读书会,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,沼潭西社区秧歌队,,,2015-06-05
沼潭西社区合唱团,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,没有这个组织,,,2015-06-05
CSV
run kunqu org import repeats.csv
shell 'sqlite3 registry.db "SELECT count(*) FROM org"'
shell 'sqlite3 registry.db "SELECT name FROM sqlite_master WHERE type = '"'"'index'"'"' AND tbl_name = '"'"'org'"'"' ORDER BY name" | diff indexes-before.txt - && echo indexes unchanged'
# Without the repeats and the bad hubs the same file loads; a hub named before it appears and
# a hub given by name are resolved.
cat > good.csv <<'CSV'
name,tier,type,category,street,community,hub,credit_code,filing_no,registered_on
沼潭西社区腰鼓队,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,沼潭街道社会组织服务中心,,KQBA-2015-0001,2015-06-01
沼潭街道社会组织服务中心,registered,social_service,other,沼潭街道,,,52150203MJ0633173U,,2012-05-01
包头市昆都仑区某协会,registered,social_group,other,沼潭街道,,,51150203MJ0990015R,,2015-06-01
沼潭西社区秧歌队,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,52150203MJ0633173U,,KQBA-2015-0002,2015-06-03
沼潭西社区读书会,grassroots,social_group,culture_sports,沼潭街道,沼潭西社区,K0000003,,,2015-06-05
CSV
run kunqu org import good.csv
run kunqu org list --columns key,name,hub,filing_no --format csv
shell 'sqlite3 registry.db "SELECT name FROM sqlite_master WHERE type = '"'"'index'"'"' AND tbl_name = '"'"'org'"'"' ORDER BY name" | diff indexes-before.txt - && echo indexes rebuilt'
