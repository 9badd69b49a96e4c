# Reports on the example district: the article's figures in the annual reports of 2012-2015
# and the monthly report of June 2015; one CSV per section; money in 万元; bad arguments.
district
run kunqu report monthly --month 2015-06 --format csv
run kunqu report annual --year 2014 --format table
shell 'kunqu report annual --year 2012 --format csv | grep -E "^orgs,(orgs,total|entered)"'
shell 'kunqu report annual --year 2013 --format csv | grep -E "satisf|signed"'
shell 'kunqu report annual --year 2015 --format csv | grep -E "^orgs,entered|density_all,district|^incubator,orgs_|signed"'
run kunqu -q report monthly --month last --bom -o reports/
shell 'ls reports; head -c 3 reports/orgs-2015-05.csv | od -An -c; wc -l reports/*.csv | tail -1'
run kunqu report annual --year 2015 --money wan --format json -o annual-2015.json
shell 'grep -c wan_yuan annual-2015.json; grep "\"budget\"" annual-2015.json'
shell 'kunqu report monthly --month 2015-06 --format csv > a.csv; kunqu report monthly --month 2015-06 --format csv > b.csv; cmp a.csv b.csv && echo same bytes'
run kunqu report monthly --month 2015-13
run kunqu report annual --year 15
run kunqu report monthly --money euro
run kunqu report monthly --month 2015-01 --db missing.db

# The page for people: self-contained, the same bytes each time; html only for reports.
run kunqu -q report monthly --month 2015-06 -o page.html
shell 'grep -c "<svg" page.html; grep -c "<script" page.html; grep -Eo "(src|href)=" page.html | wc -l; grep -o "<title>[^<]*</title>" page.html | head -1; grep -o "<h2 id=\"[a-z]*\">[^<]*</h2>" page.html'
shell 'kunqu report monthly --month 2015-06 --format html | cmp - page.html && echo same bytes'
# In Chinese with --labels zh (or a Chinese locale): the page, a spreadsheet, one CSV per section.
run kunqu -q --labels zh report monthly --month 2015-06 -o 月报.html
shell 'grep -o "<html lang=\"[a-zA-Z-]*\">" 月报.html; grep -o "<title>[^<]*</title>" 月报.html | head -2; grep -o "<h2 id=\"[a-z]*\">[^<]*</h2>" 月报.html; grep -c "组织数" 月报.html'
shell 'grep -o "<tr><td>累计登记备案</td>.*</tr>" 月报.html; grep -o "<tr><td>社会组织数</td><td>按登记方式</td>[^/]*/td>" 月报.html'
shell 'LC_ALL=zh_CN.UTF-8 kunqu report monthly --month 2015-06 --format html | cmp - 月报.html && echo same bytes'
shell 'kunqu --labels zh report monthly --month 2015-06 --format csv | grep -E "^(栏目|社会组织,社会组织数,(合计|按登记方式|按类型)|信用与年检|政府购买服务,(预算|拨付),)"'
run kunqu -q --labels zh report annual --year 2015 --money wan -o zh/
shell 'head -3 zh/contracts-2015.csv; head -1 zh/orgs-2015.csv'
run kunqu org list --format html
run kunqu report monthly --format html -o pages/
