# TOML export → import into a fresh registry → export gives identical bytes; so does CSV.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
cp "$EX/kundulun/orgs.csv" .
run kunqu -q org import orgs.csv
run kunqu org export --format toml -o first.toml
run kunqu --db second.db -q db init --profile profile.toml
run kunqu --db second.db org import first.toml
run kunqu --db second.db org export -o second.toml
shell 'cmp first.toml second.toml && echo TOML identical'
run kunqu org export -o first.csv
run kunqu --db third.db -q db init
run kunqu --db third.db org import first.csv
shell 'kunqu --db third.db org export | cmp first.csv - && echo CSV identical'
run kunqu --db second.db org import first.toml --on-conflict update
run kunqu --db second.db org import first.toml --on-conflict skip --dry-run
run kunqu org export --tier registered --street 昆河镇 --format json
run kunqu org export --tier grassroots --street 昆河镇 --bom -o 昆河镇.csv
shell 'head -c 3 昆河镇.csv | od -An -tx1'
# The example district in TOML holds the same 514 organizations as its two CSV files.
cp "$EX/kundulun/orgs.toml" "$EX/kundulun/street-2015-06.csv" .
run kunqu -q org import street-2015-06.csv
run kunqu --db fromtoml.db -q db init --profile profile.toml
run kunqu --db fromtoml.db org import orgs.toml
shell 'cmp <(kunqu org export) <(kunqu --db fromtoml.db org export) && echo orgs.toml and the CSV files agree'
