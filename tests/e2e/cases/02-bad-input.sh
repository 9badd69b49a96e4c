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
# A row repeated in one file, control characters, data under a blank header, a stray quote
# (reading goes on after it), a key that belongs to another org.
printf 'name,tier,type,category,street,community,registered_on,,notes\n新舞蹈队,备案,社会团体,社区文体,沼潭街道,沼潭东社区,2015-06-01,,\n新舞蹈队,备案,社会团体,社区文体,沼潭街道,沼潭东社区,2015-06-02,,\n坏"队,备案,社会团体,社区文体,沼潭街道,沼潭东社区,2015-06-01,,\n好队,备案,社会团体,广场舞,沼潭街道,沼潭东社区,2015-06-01,x,\n' > repeat.csv
run kunqu org import repeat.csv
printf '[[org]]\nname = "甲\\u0007队"\ntier = "grassroots"\ntype = "social_group"\ncategory = "other"\nstreet = "沼潭街道"\ncommunity = "沼潭东社区"\nregistered_on = 2015-06-01\n' > control.toml
run kunqu org import control.toml
printf 'key,name,tier,type,category,street,community,registered_on\nK0000300,另一个队,grassroots,social_group,other,沼潭街道,沼潭东社区,2015-06-01\n' > key.csv
run kunqu org import key.csv --on-conflict update
printf '[[org]]\nname = "乙队"\ntier = "备案"\ntype = "社会团体"\ncategory = "其他"\nstreet = "沼潭街道"\ncommunity = "沼潭东社区"\nregistered_on = 2015-06-01\n' | iconv -f UTF-8 -t GB18030 > gbk.toml
run kunqu org import gbk.toml --dry-run
run kunqu org import gbk.toml --dry-run --encoding gbk
shell 'cmp before.csv <(kunqu org export 2>/dev/null) && echo registry unchanged'
# A GB18030 sheet whose last line holds bytes GB18030 does not define: the position is given.
{ cat "$EX/kundulun/street-2015-06.csv"; printf '\xff\xfe\xff,\r\n'; } > broken-gbk.csv
run kunqu org import broken-gbk.csv
