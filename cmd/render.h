// Rows → table | CSV | JSON | TOML. The only code that knows output formats and terminals.
// Only the layout differs between formats, never the values.
#pragma once

#include <iosfwd>

#include "context.h"
#include "io/table.h"

namespace kunqu::cli {

enum class Shape {
  kList,    // many records: table rows, CSV rows, a JSON array, [[name]] tables
  kRecord,  // one record: a field/value table, one CSV row, a JSON object, one [[name]]
};

void render(std::ostream& out, Format format, const io::Table& table, Shape shape = Shape::kList,
            bool bom = false);

}  // namespace kunqu::cli
