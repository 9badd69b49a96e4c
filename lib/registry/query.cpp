// Prepared statements over SQLite, and how SQLite's failures read as kunqu's errors.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include "error.h"
#include "i18n/messages.h"
#include "registry/internal.h"
#include "registry/registry.h"
#include "validate/values.h"

namespace kunqu::registry {

void translate(const SQLite::Exception& e, std::string_view context) {
  const int code = e.getErrorCode() & 0xff;
  std::string what = context.empty() ? std::string(e.what()) : fmt::format("{}: {}", context, e.what());
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(ErrorKind::kBusy, tr("the registry is busy: another process holds its lock; try again later"));
    case SQLITE_CONSTRAINT:
      throw Error(ErrorKind::kInvalidData, what);
    case SQLITE_FULL:
      throw Error(ErrorKind::kIo, trf("no space left on the disk that holds the registry ({}); the transaction was "
                                      "rolled back, nothing was written",
                                      e.what()));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      throw Error(ErrorKind::kIo, what);
    default:
      throw Error(ErrorKind::kInternal, what);
  }
}

// --- Query ------------------------------------------------------------------------------


Query::Query(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Query::~Query() = default;
Query::Query(Query&&) noexcept = default;
Query& Query::operator=(Query&&) noexcept = default;

Query& Query::bind(int index, std::string_view value) {
  // A copy: the caller's buffer may not outlive the statement's next step.
  impl_->stmt.bind(index, std::string(value));
  return *this;
}
Query& Query::bind(int index, std::int64_t value) {
  impl_->stmt.bind(index, static_cast<int64_t>(value));
  return *this;
}
Query& Query::bind_static(int index, const std::string& value) {
  impl_->stmt.bindNoCopy(index, value);
  return *this;
}
Query& Query::bind_blob(int index, std::string_view bytes) {
  impl_->stmt.bind(index, bytes.data(), static_cast<int>(bytes.size()));
  return *this;
}
Query& Query::bind_null(int index) {
  impl_->stmt.bind(index);
  return *this;
}
Query& Query::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}
Query& Query::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Query::step() {
  try {
    return impl_->stmt.executeStep();
  } catch (const SQLite::Exception& e) {
    translate(e);
  }
}
void Query::run() {
  while (step()) {
  }
}
void Query::reset() { impl_->stmt.reset(); }
void Query::clear_bindings() { impl_->stmt.clearBindings(); }
int Query::column_count() const { return impl_->stmt.getColumnCount(); }
std::string Query::column_name(int index) const { return impl_->stmt.getColumnName(index); }
bool Query::is_null(int index) const { return impl_->stmt.isColumnNull(index); }
std::optional<std::string> Query::text(int index) const {
  if (is_null(index)) return std::nullopt;
  auto col = impl_->stmt.getColumn(index);
  return std::string(static_cast<const char*>(col.getBlob()), static_cast<std::size_t>(col.getBytes()));
}
std::optional<std::int64_t> Query::integer(int index) const {
  if (is_null(index)) return std::nullopt;
  return impl_->stmt.getColumn(index).getInt64();
}
char Query::kind(int index) const {
  switch (impl_->stmt.getColumn(index).getType()) {
    case SQLITE_INTEGER: return 'i';
    case SQLITE_FLOAT: return 'r';
    case SQLITE_TEXT: return 't';
    case SQLITE_BLOB: return 'b';
    default: return 'n';
  }
}
std::string_view Query::view(int index) const {
  auto col = impl_->stmt.getColumn(index);
  const char* p = static_cast<const char*>(col.getBlob());
  return p ? std::string_view(p, static_cast<std::size_t>(col.getBytes())) : std::string_view();
}
double Query::real(int index) const { return impl_->stmt.getColumn(index).getDouble(); }
std::string Query::text_or(int index, std::string_view fallback) const {
  auto v = text(index);
  return v ? *v : std::string(fallback);
}

io::Table table_of(Query& q, std::string record, std::vector<io::Column> columns) {
  io::Table t;
  t.record_name = std::move(record);
  t.columns = std::move(columns);
  while (q.step()) {
    io::Row row;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const int at = static_cast<int>(c);
      if (t.columns[c].type == io::ColumnType::kMoney && !q.is_null(at)) row.push_back(validate::format_money(*q.integer(at)));
      else row.push_back(q.text(at));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace kunqu::registry
