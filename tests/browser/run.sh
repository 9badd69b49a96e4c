#!/usr/bin/env bash
# The report page in a real browser: builds the example district, writes the monthly report of
# June 2015 as HTML, opens it in headless Chromium through ChromeDriver (the W3C WebDriver
# protocol, spoken with curl) and asks the browser what it shows: the title, the three charts
# drawn with their bars laid out, the target line to the right of the district's bar, the
# headline above the charts, the section tables, the audit head in the footer below them and
# not among the figures, and that the page loaded nothing from outside and runs no script.
# usage: run.sh PATH/TO/kunqu EXAMPLES_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
examples=$(cd "$2" && pwd)
for tool in chromium chromedriver curl; do
  command -v "$tool" >/dev/null || { echo "browser test: $tool is missing (scripts/deps.sh --browser installs it)" >&2; exit 1; }
done
work=$(mktemp -d)
driver_pid=
cleanup() {
  [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
export KUNQU_DB=$work/registry.db KUNQU_NOW=2015-06-30T08:00:00Z KUNQU_ACTOR=tester TZ=UTC
"$bin" -q db init --profile "$examples/kundulun/profile.toml"
"$bin" -q org import "$examples/kundulun/orgs.csv"
"$bin" -q org import "$examples/kundulun/street-2015-06.csv"
for s in supervision incubator contracts; do KUNQU=$bin bash "$examples/kundulun/$s-2015.sh" -q; done
"$bin" -q --labels zh report monthly --month 2015-06 -o report.html

port=$((20000 + RANDOM % 20000))
chromedriver --port=$port >driver.log 2>&1 &
driver_pid=$!
api=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$api/status" >/dev/null 2>&1 && break; sleep 0.1; done
post() { curl -sf -X POST -H 'Content-Type: application/json' --data "$2" "$api$1"; }
session=$(post /session '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"'"$(command -v chromium)"'",
  "args":["--headless","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--window-size=1000,1400"]}}}}' |
  grep -o '"sessionId":"[^"]*"' | cut -d'"' -f4)
[ -n "$session" ] || { echo "browser test: no WebDriver session" >&2; cat driver.log >&2; exit 1; }
post "/session/$session/url" '{"url":"file://'"$work"'/report.html"}' >/dev/null
# What the page shows, one fact per line.
script='
const out = [];
const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
out.push("title: " + document.title);
out.push("h1: " + document.querySelector("h1").innerText);
const headline = document.getElementById("headline");
out.push("headline: " + (shown(headline) ? "shown" : "not shown") + ", above the first chart " +
         (headline.getBoundingClientRect().bottom <= document.querySelector("figure").getBoundingClientRect().top));
for (const li of headline.querySelectorAll("li")) out.push("  " + li.innerText);
out.push("scripts: " + document.scripts.length);
out.push("resources loaded: " + performance.getEntriesByType("resource").length);
for (const f of document.querySelectorAll("figure")) {
  const svg = f.querySelector("svg");
  const bars = [...svg.querySelectorAll("rect.bar")];
  out.push(f.id + ": " + (shown(svg) ? "drawn" : "not drawn") + ", " + bars.length + " bars, " +
           bars.filter(shown).length + " with width, title " + svg.querySelector(".chart-title").textContent);
}
const density = document.getElementById("chart-density");
const target = density.querySelector("line.target").getBoundingClientRect();
const labels = [...density.querySelectorAll("text.label")];
const district = labels.find(t => t.textContent === "全区");
const bar = [...density.querySelectorAll("rect.bar")].find(r => r.querySelector("title").textContent.startsWith("全区 全部组织"));
out.push("density: district bar " + bar.querySelector("title").textContent + ", ends " +
         (bar.getBoundingClientRect().right < target.left ? "left of" : "right of") + " the target line, label " +
         (district ? "shown" : "missing") + ", streets " + (labels.length - 1));
out.push("target: " + [...density.querySelectorAll("text.legend")].map(t => t.textContent).filter(t => t.startsWith("目标")).join(""));
out.push("sections: " + [...document.querySelectorAll("h2")].map(h => h.innerText).join(", "));
out.push("tables: " + [...document.querySelectorAll("table")].filter(shown).length + " shown, " +
         document.querySelectorAll("tr").length + " rows");
const cell = [...document.querySelectorAll("tr")].find(r => r.cells[0].innerText === "累计登记备案");
out.push("entered to date: " + [...cell.cells].slice(3, 6).map(c => c.innerText).join(" "));
const rows = [...document.querySelectorAll("tr")];
out.push("audit head among the figures: " + rows.filter(r => r.cells[0].innerText === "审计链头").length);
const foot = document.querySelector("footer");
out.push("footer: " + (shown(foot) ? "shown" : "not shown") + ", last on the page " + (foot.getBoundingClientRect().top >=
         [...document.querySelectorAll("table")].pop().getBoundingClientRect().bottom) + ", " +
         (/[0-9a-f]{64}/.test(foot.innerText) ? "a SHA-256" : "no SHA-256") + ", " + foot.innerText.replace(/[0-9a-f]{64}/, "HEAD"));
return out.join("\n");'
json=$(printf '%s' "$script" | sed 's/\\/\\\\/g; s/"/\\"/g' | awk '{printf "%s\\n", $0}')
result=$(post "/session/$session/execute/sync" '{"script":"'"$json"'","args":[]}')
curl -sf -X DELETE "$api/session/$session" >/dev/null || true
got=$(printf '%s' "$result" | sed 's/^{"value":"//; s/"}$//' | sed 's/\\n/\n/g; s/\\"/"/g')
expected=$(cat "$here/expected.txt")
if [ "$got" != "$expected" ]; then
  echo "browser test: the page shows something else" >&2
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$got") >&2 || true
  exit 1
fi
echo "browser: the report page shows what it should"
