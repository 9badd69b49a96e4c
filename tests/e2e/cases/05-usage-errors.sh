# Exit codes: 1 no registry, 2 usage, 4 not found, 5 busy; help topics.
run kunqu org list
run kunqu db info
run kunqu -q db init
run kunqu db init
run kunqu org frobnicate
run kunqu org list --tier company
run kunqu org list --sort colour
run kunqu org show K0099999
run kunqu org show nonsense
run kunqu org import orgs.numbers
run kunqu help exit-codes
run kunqu db settings density_target
run kunqu db settings density_target 25
run kunqu db settings colour blue
run kunqu db settings
(sqlite3 registry.db "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 3" "COMMIT;" >/dev/null &)
sleep 1
KUNQU_BUSY_TIMEOUT=200 run kunqu org add --name 测试 --tier registered --type social_group --category other --credit-code 51150203MJ0990015R --registered-on 2015-06-01
wait
