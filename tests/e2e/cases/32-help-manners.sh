# Help where people look for it, and typos answered with what was meant: `kunqu help org` and a
# bare `kunqu org` show the noun's help (exit 0), `kunqu help org import` a verb's; a mistyped
# flag, command or topic is named with the nearest one the command knows (exit 2). In English
# and in Chinese.
run kunqu -q db init
for lang in C.UTF-8 zh_CN.UTF-8; do
  export LANG=$lang LC_ALL=$lang
  run kunqu help org
  run kunqu org
  shell 'kunqu help org | cmp - <(kunqu org --help) && echo "help org = org --help"'
  shell 'kunqu help org import | cmp - <(kunqu org import --help) && echo "help org import = org import --help"'
  shell 'kunqu org credit | cmp - <(kunqu org credit --help) && echo "org credit = org credit --help"'
  shell 'kunqu | cmp - <(kunqu --help) && echo "kunqu = kunqu --help"'
  run kunqu org list --limt 3
  run kunqu org list --limt=3
  run kunqu --bogus
  run kunqu --quite org list
  run kunqu org add --nmae 测试
  run kunqu org list --zzzzzz
  run kunqu org lst
  run kunqu ogr list
  run kunqu help org lst
  run kunqu help orgs
  run kunqu help exit-code
done
