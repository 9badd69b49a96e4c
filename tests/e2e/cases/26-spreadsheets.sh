# Spreadsheets as offices send them (issue 23): .xlsx and .xls workbooks made by other programs
# (Debian's python3-openpyxl and python3-xlwt, tests/e2e/sheets.py), with a title merged above
# the header, the sheet's own 序号, notes after headers ('统一社会信用代码（18位）'), dates in
# real date cells shown as 2013/2/14, numbers in number cells, and a second sheet of notes.
py=/usr/bin/python3
kunqu -q db init --profile "$EX/kundulun/profile.toml"
kunqu -q org import "$EX/kundulun/orgs.csv"
kunqu -q org export --labels zh --bom -o register.csv
$py "$here/sheets.py" register register.csv register.xlsx
$py "$here/sheets.py" register register.csv register.xls 40
$py "$here/sheets.py" bad bad.xlsx
$py "$here/sheets.py" foreign .
kunqu -q org export -o before.csv

# Into a second registry: the same orgs as the CSV gave, field for field.
export KUNQU_DB=second.db
kunqu -q db init --profile "$EX/kundulun/profile.toml"
run kunqu org import register.xlsx
shell 'kunqu -q org export -o after.csv && cmp before.csv after.csv && echo "the same orgs"'
run kunqu org list --street 林荫路街道 --limit 3
# The .xls of the same register (40 rows): nothing to change.
run kunqu org import register.xls --on-conflict update --dry-run
# Dates as people type them, in text cells or a CSV file.
shell 'printf "名称,登记方式,类型,类别,街道,社区,统一社会信用代码,成立日期,登记日期\n钢城书画协会,登记,社会团体,社区文体,林荫路街道,,51150203MJ0990031F,2013年2月14日,2013.3.1\n" > typed.csv'
run kunqu org import typed.csv
run kunqu org show 51150203MJ0990031F --format csv

# The round trip staff do: export with Chinese headers for Excel, open and save it in Excel
# (GB18030, CRLF, dates as 2013/2/14, trailing spaces), import with --on-conflict update:
# nothing changes. An edit shows, field by field, before it is made.
$py "$here/sheets.py" excel-save register.csv saved.csv
$py "$here/sheets.py" excel-save register.csv edited.csv change
run kunqu org import saved.csv --on-conflict update
run kunqu org import edited.csv --on-conflict update --dry-run
run kunqu org import edited.csv --on-conflict update --dry-run --format table

# The sheet asked for by name; a sheet the workbook does not have.
run kunqu org import register.xlsx --sheet 名册 --on-conflict skip
run kunqu org import register.xlsx --sheet 附表
run kunqu org import register.xlsx --sheet 说明
# A column left out by its header; a column to leave out that is not there.
run kunqu org import register.xlsx --ignore-column 备注 --ignore-column 联系电话 --on-conflict skip --dry-run
run kunqu org import register.xlsx --ignore-column 电话 --on-conflict skip --dry-run

# Damage, named by sheet, row, column letter and header: an 18-digit code in a number cell, a
# day that is not in February, the day or month first, a year of two digits, an error cell, a
# 序号 that is not a row number. Nothing is written.
run kunqu org import bad.xlsx
shell 'LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 kunqu org import bad.xlsx 2>&1 | head -3'
shell 'kunqu -q org list --format csv | wc -l'

# Files kunqu cannot read are named for what they are, with how to save them.
run kunqu org import orgs.ods
run kunqu org import orgs.xlsb
shell 'cp register.xlsx macros.xlsm && kunqu org import macros.xlsm --on-conflict update --dry-run'
run kunqu org import locked.xlsx
shell 'cp register.xls renamed.xlsx && kunqu org import renamed.xlsx'
shell 'cp register.xlsx renamed.xls && kunqu org import renamed.xls'
shell 'head -c 3000 register.xlsx > cut.xlsx && kunqu org import cut.xlsx'
run kunqu org import register.csv --sheet 名册
run kunqu org import register.xlsx --encoding gbk

# A CSV for Excel (--bom, and every report) never holds a cell Excel would run as a formula;
# kunqu reads the guarded cells back as they were, so the round trip holds.
$py "$here/sheets.py" formulas formulas.csv
run kunqu org import formulas.csv
shell 'kunqu -q --mask org export --bom | grep -a -E "HYPERLINK|SUM"'
shell 'kunqu -q --mask org export | grep -a -E "HYPERLINK|SUM"'
shell 'kunqu -q org export --bom -o excel.csv && KUNQU_DB=third.db kunqu -q db init --profile "$EX/kundulun/profile.toml" && KUNQU_DB=third.db kunqu -q org import excel.csv && KUNQU_DB=third.db kunqu -q org export -o third.csv && kunqu -q org export -o plain.csv && cmp plain.csv third.csv && echo "read back the same"'
# Summaries keep totals for the table view: the CSV of org stats sums right.
run kunqu org stats --by tier --format csv
run kunqu org stats --by tier --format table
