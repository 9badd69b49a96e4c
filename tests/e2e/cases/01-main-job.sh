# The README's main job: a registry for Kundulun, the mid-2015 organizations imported from
# the bureau's list and a street's GB18030 sheet with Chinese headers, a list and summaries.
cp "$EX/kundulun/profile.toml" .
run kunqu db init --profile profile.toml
shell 'stat -c %a registry.db'
cp "$EX/kundulun/orgs.csv" "$EX/kundulun/street-2015-06.csv" .
run kunqu org import orgs.csv
run kunqu org import street-2015-06.csv
run kunqu org list --street 沼潭街道 --community 沼潭东社区 --format table
run kunqu org list --tier grassroots --category 社区文体 --limit 3
run kunqu org stats --by tier
run kunqu org stats --by year --format table
run kunqu org show 51150200MJ0581473A
run kunqu org show KQBA-2015-0114 --format json
run kunqu db info --format table
run kunqu db log --format table --action org.import
# The supervision records of the first half of 2015, then what staff look at.
cp "$EX/kundulun/supervision-2015.sh" .
run bash supervision-2015.sh -q
cp "$EX/kundulun/incubator-2015.sh" "$EX/kundulun/incubator.csv" .
run bash incubator-2015.sh -q
run kunqu incubate sites --format table
run kunqu incubate list --site 昆都仑区社会组织孵化园 --status graduated --format table
run kunqu incubate show 51150200MJ0581473A --format table
cp "$EX/kundulun/contracts-2015.sh" .
run bash contracts-2015.sh -q
run kunqu contract budget show --format table
run kunqu contract list --year 2014 --format table
run kunqu contract show KQGM-2015-003 --format table
run kunqu filing list --due --street 沼潭街道 --format table
run kunqu filing list --status upgraded --format csv
run kunqu filing show KQBA-2012-0007 --format table
run kunqu org list --credit abnormal --format table
run kunqu org credit due --list serious --as-of 2019-06-30 --format table
run kunqu org annual-check list --year 2014 --result basic_pass --format table
run kunqu org grade list --format table
run kunqu org show 52150203MJ0115608J --format table
