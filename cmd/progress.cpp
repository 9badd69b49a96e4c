// Drawing the progress line.
#include "progress.h"

#include <ostream>

#include <fmt/format.h>

#include "i18n/messages.h"

namespace kunqu::cli {

namespace {

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

Progress::Progress(const Context& ctx, std::string verb, std::optional<std::uint64_t> total, bool /*total_is_bytes*/)
    : ctx_(ctx),
      active_(ctx.io.err_is_terminal && !ctx.global.quiet),
      verb_(std::move(verb)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { clear(); }

void Progress::update(std::uint64_t rows, std::uint64_t done) {
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  // TRANSLATORS: the work done ("read", "exported") and the rows so far: "read 12,000 rows"
  std::string line = trnf("{} {} row", "{} {} rows", rows, tr(verb_.c_str()), thousands(rows));
  if (seconds > 0.05) line += trf(", {} rows/s", thousands(static_cast<std::uint64_t>(rows / seconds)));
  if (total_ && *total_ > 0 && done > 0 && done <= *total_) {
    line += trf(", {}%", done * 100 / *total_);
    if (seconds > 0.5) line += trf(", about {} s left", static_cast<std::uint64_t>(seconds * (*total_ - done) / done));
  }
  ctx_.io.err << '\r' << line << "\x1b[K" << std::flush;
  drawn_ = true;
}

void Progress::clear() {
  if (drawn_) ctx_.io.err << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace kunqu::cli
