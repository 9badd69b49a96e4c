# Problems in spreadsheet terms for people who fix files in bulk: `import --errors FILE` writes
# every problem (errors and warnings, listed or not) in columns, CSV for Excel or JSON, whether
# the import is refused (exit 3, nothing written) or goes through; never over the registry or
# the file imported. Under Chinese, a column headed in English is named in Chinese too.
py=/usr/bin/python3
cp "$EX/kundulun/profile.toml" "$EX/kundulun/bad-orgs.csv" .
kunqu -q db init --profile profile.toml
kunqu -q org import "$EX/kundulun/orgs.csv"
kunqu -q org export -o before.csv

# A refused file: every problem in the file, though --max-errors lists two; nothing imported.
run kunqu org import bad-orgs.csv --max-errors 2 --errors problems.csv
shell 'head -c 3 problems.csv | od -An -tx1; tail -c +4 problems.csv | tr -d "\r"'
run kunqu -q org import bad-orgs.csv --errors problems.json
shell 'cat problems.json'
shell 'stat -c %a problems.json; kunqu -q org export -o after.csv && cmp before.csv after.csv && echo registry unchanged'

# English headers, a warning beside the errors, a formula-like cell quoted in a message: the CSV
# for Excel guards it ('=…); JSON carries it as it is.
printf 'name,tier,type,category,street,community,filed_on,founded\n社区书画社,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-02,2013/2/30\nå¤•é˜³çº¢èˆžè¹ˆé˜Ÿ,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01,\n社区合唱团,grassroots,social_group,=SUM(A1),林荫路街道,乌兰社区,2015-03-03,\n' > english.csv
run kunqu org import english.csv --errors english.csv.json
shell 'cat english.csv.json'
run kunqu org import english.csv --errors english-problems.csv
shell 'tail -c +4 english-problems.csv | tr -d "\r"'
printf '名称,=2+3\n社区剪纸社,x\n' > formula.csv
run kunqu -q org import formula.csv --errors formula-problems.csv
shell 'tail -c +4 formula-problems.csv | tr -d "\r"'
# Under Chinese: the place names the column in Chinese after its English header, and a Chinese
# header is not repeated; the file's field_name is the Chinese name, its message Chinese.
shell 'LC_ALL=zh_CN.UTF-8 kunqu org import english.csv --errors zh.json; echo "exit $?"; cat zh.json'
shell 'LC_ALL=zh_CN.UTF-8 kunqu org import bad-orgs.csv --max-errors 1 2>&1; echo "exit $?"'
# --labels zh: the CSV's headers and severities in Chinese, as every CSV for people.
run kunqu --labels zh org import english.csv --errors 问题.csv
shell 'tail -c +4 问题.csv | tr -d "\r"'

# A clean file: an empty list; a file with a warning only: imported, the warning in the file.
# A dry run writes it too.
printf 'name,tier,type,category,street,community,filed_on\n社区剪纸社,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-04\n' > clean.csv
run kunqu org import clean.csv --dry-run --errors clean.json
shell 'cat clean.json'
run kunqu org import clean.csv --errors clean-problems.csv
shell 'od -c clean-problems.csv | head -3'
printf 'name,tier,type,category,street,community,filed_on\nå¤•é˜³çº¢èˆžè¹ˆé˜Ÿ,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-05\n' > warned.csv
run kunqu org import warned.csv --errors warned.json
shell 'cat warned.json'
run kunqu --strict org import warned.csv --errors strict.json --on-conflict skip
shell 'cat strict.json'

# Other imports, TOML and workbooks: the same columns. A TOML problem's column is the
# character on its line; a workbook's problem names its sheet.
printf 'org,date,kind,reason\nK0000001,2015-13-01,fine,x\nK9999999,2015-06-01,warning,y\n' > credit.csv
run kunqu org credit import credit.csv --errors credit.csv.json
shell 'cat credit.csv.json'
shell 'LC_ALL=zh_CN.UTF-8 kunqu org credit import credit.csv 2>&1 | head -2'
printf '[[org]]\nname = "x"\ncolour = "blue"\nfunds = 1.5\n' > bad.toml
run kunqu -q org import bad.toml --errors toml.json
shell 'cat toml.json'
$py "$here/sheets.py" bad bad.xlsx
run kunqu -q org import bad.xlsx --errors sheet.csv
shell 'tail -c +4 sheet.csv | tr -d "\r"'
# A file that cannot be decoded is refused before its first row: the file says so too.
printf 'name,tier\n"unterminated,registered\n' > broken.csv
run kunqu -q org import broken.csv --errors broken.json
shell 'cat broken.json'

# Refused before anything is read (exit 2): another extension, the registry (by any name), a
# copy of it, the file imported. Nothing is written.
run kunqu org import bad-orgs.csv --errors problems.txt
shell 'ln -s registry.db registry-link.csv && cp registry.db backup.json'
run kunqu org import bad-orgs.csv --errors registry-link.csv
run kunqu org import bad-orgs.csv --errors backup.json
run kunqu org import bad-orgs.csv --errors bad-orgs.csv
run kunqu org import bad-orgs.csv --errors no-such-folder/problems.csv
shell 'ls problems.txt 2>&1; cmp registry.db backup.json && echo registry unchanged'
