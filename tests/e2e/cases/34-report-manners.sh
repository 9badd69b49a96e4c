# Report manners: a period not begun is refused (exit 2), one not ended is counted as of today
# with a warning (exit 0, --strict or not: a report writes nothing), an ended one runs quietly;
# the page opens with its headline, says a blank key and a missing budget in words, and carries
# the audit chain's head in its footer, not among the figures. In English, then in Chinese.
district
# The clock says 2015-06-30 08:00 UTC: 16:00 on 30 June in Shanghai, the month's last day.
run kunqu report monthly --month 2015-07 --format csv
run kunqu report annual --year 2016 --format csv
shell 'kunqu report monthly --month 2015-06 --format csv | head -2'
shell 'kunqu --strict report annual --year 2015 --format csv | grep -E "^orgs,orgs,total"; echo "exit ${PIPESTATUS[0]}"'
shell 'kunqu report monthly --month 2015-05 --format csv 2>&1 >/dev/null | wc -c'
shell 'kunqu report monthly --month last --format csv 2>&1 >/dev/null | wc -c'
# Mid-month: the figures run to today; the period before is whole.
shell 'KUNQU_NOW=2015-06-10T02:00:00Z kunqu report monthly --month 2015-06 --format html 2>&1 >mid.html; grep -o "<p class=\"period\">[^<]*</p>" mid.html'
# The page: the headline first, before the first chart.
run kunqu -q report monthly --month 2015-06 -o page.html
shell 'grep -n -E "id=\"headline\"|<figure id=\"chart-orgs\"" page.html | cut -d: -f1 | tr "\n" " "; echo; grep "^<li>" page.html'
# A blank key in words in the page and the table; CSV keeps it blank.
shell 'grep -o "<tr><td>orgs</td><td>registration_authority</td><td>[^<]*</td>" page.html'
shell 'kunqu report monthly --month 2015-06 --format table 2>/dev/null | grep -E "registration_authority +\("'
shell 'kunqu report monthly --month 2015-06 --format csv 2>/dev/null | grep "^orgs,orgs,registration_authority,,"'
# The head: in the footer, not a section or a row of the tables; the CSV keeps its row.
shell 'grep -c "<h2 id=\"registry\"" page.html; grep -c "<td>audit_head</td>" page.html; grep -A1 "^<footer>" page.html | sed -E "s/[0-9a-f]{64}/HEAD/"'
shell 'kunqu report monthly --month 2015-06 --format csv 2>/dev/null | grep -c "^registry,audit_head,entry,"'
# A year without a budget: a sentence, not an empty chart.
run kunqu -q report annual --year 2012 -o 2012.html
shell 'grep -c "chart-budget" 2012.html; grep -o "<p id=\"no-budget\">[^<]*</p>" 2012.html; grep "^<li>" 2012.html'

# In Chinese: the same under a Chinese locale.
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
run kunqu report monthly --month 2015-07 --format csv
run kunqu report annual --year 2016 --format csv
shell 'kunqu report monthly --month 2015-06 --format csv 2>&1 >/dev/null'
run kunqu -q report monthly --month 2015-06 -o 月报.html
shell 'grep "^<li>" 月报.html'
shell 'grep -o "<tr><td>社会组织数</td><td>按登记管理机关</td><td>[^<]*</td>" 月报.html'
shell 'kunqu report monthly --month 2015-06 --format table 2>/dev/null | grep -E "（无"'
shell 'grep -A1 "^<footer>" 月报.html | sed -E "s/[0-9a-f]{64}/HEAD/"'
run kunqu -q report annual --year 2012 -o 2012年.html
shell 'grep -o "<p id=\"no-budget\">[^<]*</p>" 2012年.html; grep "^<li>" 2012年.html | tail -1'
