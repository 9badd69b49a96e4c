// What leaves kunqu: standard output held back while personal data waits for its audit entry,
// and files written whole, never over the registry.
#pragma once

#include <cstdio>
#include <set>
#include <streambuf>
#include <string>

#include "context.h"

namespace kunqu::cli {

// A stream buffer in front of another that passes writes on until hold() is called; from then
// on it keeps them (in memory, past 16 MB in an unlinked temporary file) until release() writes
// them on, or its destruction drops them. Exceptions of the buffer behind it pass through.
class HoldBuf : public std::streambuf {
 public:
  explicit HoldBuf(std::streambuf* target) : target_(target) {}
  ~HoldBuf() override;
  HoldBuf(const HoldBuf&) = delete;
  HoldBuf& operator=(const HoldBuf&) = delete;
  void hold() { holding_ = true; }
  bool holding() const { return holding_; }
  // Writes what was held and passes writes on again.
  void release();

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void keep(const char* s, std::size_t n);
  std::streambuf* target_;
  bool holding_ = false;
  std::string held_;
  std::FILE* spill_ = nullptr;
};

// Refuses (exit 2, before anything is written) an output path that is the registry, its -wal
// or -shm file, or any kunqu registry, such as a backup: compared by device and inode, and by
// the file's header, never by name.
void refuse_registry_target(const Context& ctx, const std::string& path);

// Records that personal data left unmasked: the audit entry 'personal_data.export' (who, which
// columns, how many rows, where to), in a transaction of its own. Called before the data
// leaves; when the entry cannot be written (a reader without write access, a locked
// registry) it throws, and nothing may be output.
void record_personal_data(Context& ctx, const std::set<std::string>& columns, std::size_t rows,
                          const std::string& destination);

}  // namespace kunqu::cli
