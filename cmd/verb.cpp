#include "verb.h"

#include <ostream>

#include "cli.h"
#include "render.h"
#include "transfer.h"

namespace kunqu::cli {

int record(Context& ctx, const std::function<Recorded(registry::Registry&)>& write) {
  auto reg = ctx.open(registry::Mode::kReadWrite);
  const Recorded said = write(reg);
  if (!said.out.empty()) ctx.io.out << said.out << '\n';
  ctx.note(said.note);
  return kExitOk;
}

int show_list(Context& ctx, const std::function<io::Table(registry::Registry&)>& list) {
  auto reg = ctx.open(registry::Mode::kReadOnly);
  render(ctx.io.out, ctx.format(), list(reg), Shape::kList, ctx.global.bom);
  return kExitOk;
}

int export_rows(Context& ctx, const std::optional<std::string>& output, const char* what,
                const std::function<io::Table(registry::Registry&)>& rows) {
  const Format format = output_format(ctx, output);
  auto reg = ctx.open(registry::Mode::kReadOnly);
  export_table(ctx, format, output, what, rows(reg));
  return kExitOk;
}

}  // namespace kunqu::cli
