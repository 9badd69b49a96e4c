// Progress of long imports and exports on stderr: rows done, rate and, when the size is known,
// an estimate of the time left. Only when stderr is a terminal and --quiet is not given; the
// line is redrawn in place and cleared at the end, so logs and pipes never see it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "context.h"

namespace kunqu::cli {

class Progress {
 public:
  // `verb` names the work, marked with N_ and translated here ("read", "exported"); `total` is
  // the bytes or rows expected.
  Progress(const Context& ctx, std::string verb, std::optional<std::uint64_t> total, bool total_is_bytes);
  ~Progress();

  // Rows done so far and, for imports, bytes read. Draws at most four times a second.
  void update(std::uint64_t rows, std::uint64_t done);
  void clear();

 private:
  const Context& ctx_;
  bool active_;
  std::string verb_;
  std::optional<std::uint64_t> total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace kunqu::cli
