// The schema check: both schemas read into the same structure — the registry's through its
// own connection, kunqu's from an in-memory database the migrations are run on — and compared
// part by part.
#include "registry/structure.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "i18n/messages.h"
#include "registry/internal.h"

namespace kunqu::registry {

namespace {

using Rows = std::vector<std::vector<std::string>>;
using Read = std::function<Rows(const std::string& sql)>;

bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  auto lower = [](std::string_view v) {
    std::string r(v);
    for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  };
  while (i < s.size()) {
    const unsigned char c = s[i];
    if (std::isspace(c)) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (s.compare(i, 2, "/*") == 0) {
      i = s.find("*/", i + 2);
      i = i == std::string_view::npos ? s.size() : i + 2;
    } else if (c == '\'') {  // a string literal, kept as written ('' inside)
      std::size_t j = i + 1;
      while (j < s.size() && !(s[j] == '\'' && (j + 1 >= s.size() || s[j + 1] != '\''))) j += s[j] == '\'' ? 2 : 1;
      out.emplace_back(s.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '"' || c == '`' || c == '[') {  // a quoted identifier: its name
      const char close = c == '[' ? ']' : static_cast<char>(c);
      std::string name;
      std::size_t j = i + 1;
      for (; j < s.size(); ++j) {
        if (s[j] == close) {
          if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
            name += close;
            ++j;
            continue;
          }
          break;
        }
        name += s[j];
      }
      out.push_back(lower(name));
      i = j + 1;
    } else if (ident_char(c)) {
      std::size_t j = i;
      while (j < s.size() && (ident_char(s[j]) || (s[j] == '.' && std::isdigit(c)))) ++j;
      out.push_back(lower(s.substr(i, j - i)));
      i = j;
    } else {
      static const char* kLong[] = {"->>", "<=", ">=", "<>", "!=", "==", "||", "<<", ">>", "->"};
      std::size_t len = 1;
      for (const char* op : kLong)
        if (s.compare(i, std::char_traits<char>::length(op), op) == 0) {
          len = std::char_traits<char>::length(op);
          break;
        }
      out.emplace_back(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& t, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += t[i];
  }
  return out;
}

struct TableShape {
  std::string options;                                    // after the closing parenthesis: strict, without rowid
  std::vector<std::pair<std::string, std::string>> columns;  // name, its definition after the name
  std::multiset<std::string> constraints;                 // the table's own constraints
};

// A CREATE TABLE statement taken apart at its top-level commas.
TableShape table_shape(const std::string& sql) {
  TableShape shape;
  const auto t = tokens(sql);
  auto open = std::find(t.begin(), t.end(), "(");
  if (open == t.end()) return shape;
  std::size_t i = static_cast<std::size_t>(open - t.begin()) + 1, start = i;
  int depth = 1;
  static const std::set<std::string> kConstraint = {"constraint", "primary", "unique", "check", "foreign"};
  auto definition = [&](std::size_t from, std::size_t to) {
    if (from >= to) return;
    if (kConstraint.count(t[from]))
      shape.constraints.insert(joined(t, from, to));
    else
      shape.columns.emplace_back(t[from], joined(t, from + 1, to));
  };
  for (; i < t.size() && depth > 0; ++i) {
    if (t[i] == "(") ++depth;
    if (t[i] == ")") depth -= 1;
    if ((depth == 1 && t[i] == ",") || depth == 0) {
      definition(start, i);
      start = i + 1;
    }
  }
  shape.options = joined(t, i, t.size());
  return shape;
}

struct Shape {
  std::map<std::string, TableShape> tables;
  std::map<std::string, std::string> indexes, triggers, views;
};

Shape read_shape(const Read& read) {
  Shape s;
  for (auto& row : read("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")) {
    const std::string &type = row[0], &name = row[1], &table = row[2], &sql = row[3];
    if (type == "table") {
      s.tables[name] = table_shape(sql);
    } else if (type == "index") {
      // By its parts: the table, uniqueness, each key column with its order and collation, the condition.
      std::string d = "on " + table + " (";
      bool first = true;
      for (auto& c : read("SELECT coalesce(name, '<expression>'), desc, coll FROM pragma_index_xinfo('" + name +
                          "') WHERE key = 1 ORDER BY seqno")) {
        d += (first ? "" : ", ") + c[0] + (c[1] == "1" ? " desc" : "") + " collate " + c[2];
        first = false;
      }
      d += ")";
      const auto t = tokens(sql);
      if (!t.empty() && t[1] == "unique") d = "unique " + d;
      auto where = std::find(t.begin(), t.end(), "where");
      if (where != t.end()) d += " where " + joined(t, static_cast<std::size_t>(where - t.begin()) + 1, t.size());
      // An expression in the key is only in the statement.
      if (d.find("<expression>") != std::string::npos) d += " [" + joined(t, 0, t.size()) + "]";
      s.indexes[name] = d;
    } else if (type == "trigger") {
      s.triggers[name] = normalized_sql(sql);
    } else if (type == "view") {
      s.views[name] = normalized_sql(sql);
    }
  }
  return s;
}

// `kind` is "index", "trigger" or "view" (marked below for the catalogue): the subject keeps it,
// the finding has it in the language of messages.
void compare_statements(const char* kind_code, const std::map<std::string, std::string>& want,
                        const std::map<std::string, std::string>& have, std::vector<SchemaDifference>& out) {
  const std::string k = kind_code;
  const std::string kind = tr(kind_code);
  for (const auto& [name, def] : want) {
    auto it = have.find(name);
    if (it == have.end())
      out.push_back({k + " " + name, trf("the {} {} of kunqu's schema is missing: it was dropped outside kunqu", kind, name)});
    else if (it->second != def)
      out.push_back({k + " " + name, trf("the {} {} differs from kunqu's schema: it is '{}', kunqu's is '{}'", kind, name,
                                         it->second, def)});
  }
  for (const auto& [name, def] : have)
    if (!want.count(name))
      out.push_back({k + " " + name, trf("the {} {} is not in kunqu's schema: it was added outside kunqu ('{}')", kind,
                                         name, def)});
}

void compare_tables(const Shape& want, const Shape& have, std::vector<SchemaDifference>& out) {
  for (const auto& [name, w] : want.tables) {
    const std::string subject = "table " + name;
    auto it = have.tables.find(name);
    if (it == have.tables.end()) {
      out.push_back({subject, trf("the table {} of kunqu's schema is missing: it was dropped outside kunqu", name)});
      continue;
    }
    const TableShape& h = it->second;
    if (h.options != w.options)
      out.push_back({subject, trf("table {} is declared '{}', kunqu's schema '{}'", name, h.options, w.options)});
    std::map<std::string, std::string> hc(h.columns.begin(), h.columns.end()), wc(w.columns.begin(), w.columns.end());
    for (const auto& [col, def] : w.columns) {
      auto c = hc.find(col);
      if (c == hc.end())
        out.push_back({subject, trf("column {}.{} of kunqu's schema is missing", name, col)});
      else if (c->second != def)
        out.push_back({subject, trf("column {}.{} is '{}', kunqu's schema has '{}'", name, col, c->second, def)});
    }
    for (const auto& [col, def] : h.columns)
      if (!wc.count(col)) out.push_back({subject, trf("column {}.{} is not in kunqu's schema ('{}')", name, col, def)});
    std::vector<std::string> missing, extra;
    std::set_difference(w.constraints.begin(), w.constraints.end(), h.constraints.begin(), h.constraints.end(),
                        std::back_inserter(missing));
    std::set_difference(h.constraints.begin(), h.constraints.end(), w.constraints.begin(), w.constraints.end(),
                        std::back_inserter(extra));
    for (const auto& c : missing) out.push_back({subject, trf("table {} lacks the constraint '{}' of kunqu's schema", name, c)});
    for (const auto& c : extra) out.push_back({subject, trf("table {} has a constraint kunqu's schema does not: '{}'", name, c)});
  }
  for (const auto& [name, h] : have.tables)
    if (!want.tables.count(name))
      out.push_back({"table " + name, trf("the table {} is not in kunqu's schema: it was added outside kunqu", name)});
}

}  // namespace

std::string normalized_sql(std::string_view sql) {
  const auto t = tokens(sql);
  return joined(t, 0, t.size());
}

std::vector<SchemaDifference> schema_differences(Registry& reg) {
  int version = 0;
  {
    auto q = reg.prepare("PRAGMA user_version");
    if (q.step()) version = static_cast<int>(q.integer(0).value_or(0));
  }
  const Shape have = read_shape([&reg](const std::string& sql) {
    Rows rows;
    auto q = reg.prepare(sql);
    while (q.step()) {
      rows.emplace_back();
      for (int i = 0; i < q.column_count(); ++i) rows.back().push_back(q.text_or(i, ""));
    }
    return rows;
  });
  Shape want;
  try {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    apply_migrations(db, 0, version);
    want = read_shape([&db](const std::string& sql) {
      Rows rows;
      SQLite::Statement q(db, sql);
      while (q.executeStep()) {
        rows.emplace_back();
        for (int i = 0; i < q.getColumnCount(); ++i) rows.back().push_back(q.getColumn(i).isNull() ? "" : q.getColumn(i).getString());
      }
      return rows;
    });
  } catch (const SQLite::Exception& e) {
    translate(e, "schema");
  }
  std::vector<SchemaDifference> out;
  compare_tables(want, have, out);
  compare_statements(N_("index"), want.indexes, have.indexes, out);
  compare_statements(N_("trigger"), want.triggers, have.triggers, out);
  compare_statements(N_("view"), want.views, have.views, out);
  return out;
}

}  // namespace kunqu::registry
