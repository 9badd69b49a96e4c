# A file with a bad row in every way staff meet: every problem reported with its position,
# exit 3, and the registry unchanged.
cp "$EX/kundulun/profile.toml" .
run kunqu -q db init --profile profile.toml
cp "$EX/kundulun/orgs.csv" "$EX/kundulun/bad-orgs.csv" .
run kunqu -q org import orgs.csv
kunqu org export -o before.csv 2>/dev/null
run kunqu org import bad-orgs.csv
run kunqu org import bad-orgs.csv --max-errors 2
kunqu org export -o after.csv 2>/dev/null
shell 'cmp before.csv after.csv && echo registry unchanged'
run kunqu db log --format csv
printf 'name,tier,colour\nx,registered,blue\n' > unknown-column.csv
run kunqu org import unknown-column.csv
printf 'name,tier\n"unterminated,registered\n' > broken.csv
run kunqu org import broken.csv
printf '[[org]]\nname = "x"\ncolour = "blue"\nfunds = 1.5\n' > bad.toml
run kunqu org import bad.toml
printf '[[org]\nname = "x"\n' > syntax.toml
run kunqu org import syntax.toml
printf '\xff\xfe\x00n\x00a\x00m\x00e\x00\n' > utf16.csv
run kunqu org import utf16.csv --encoding utf-8
shell 'cmp before.csv <(kunqu org export 2>/dev/null) && echo registry unchanged'
printf 'name,tier,type,category,street,community,registered_on,phone\n乒乓球队,备案,社会团体,社区文体,沼潭街道,沼潭东社区,2015-06-01,4722151234\n' > phone.csv
run kunqu org import phone.csv
