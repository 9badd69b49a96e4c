// Holding standard output for personal data, refusing the registry as a target, and the audit
// entry of personal data written out.
#include "output.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "error.h"
#include "i18n/messages.h"
#include "io/file.h"
#include "io/json.h"
#include "registry/access.h"
#include "registry/audit_log.h"
#include "registry/registry.h"

namespace kunqu::cli {

namespace {
constexpr std::size_t kHeldInMemory = 16u << 20;
}

HoldBuf::~HoldBuf() {
  if (spill_) std::fclose(spill_);
}

void HoldBuf::keep(const char* s, std::size_t n) {
  if (!spill_ && held_.size() + n <= kHeldInMemory) {
    held_.append(s, n);
    return;
  }
  if (!spill_) {
    spill_ = std::tmpfile();
    if (!spill_) throw Error(ErrorKind::kIo, trf("cannot hold the output back: {}", io::reason(errno)));
  }
  if (std::fwrite(s, 1, n, spill_) != n)
    throw Error(ErrorKind::kIo, trf("cannot hold the output back: {}", io::reason(errno)));
}

void HoldBuf::release() {
  if (!holding_) return;
  holding_ = false;
  target_->sputn(held_.data(), static_cast<std::streamsize>(held_.size()));
  held_.clear();
  held_.shrink_to_fit();
  if (spill_) {
    std::rewind(spill_);
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, spill_)) > 0) target_->sputn(buf, static_cast<std::streamsize>(n));
    std::fclose(spill_);
    spill_ = nullptr;
  }
}

HoldBuf::int_type HoldBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  const char c = traits_type::to_char_type(ch);
  if (holding_) {
    keep(&c, 1);
    return ch;
  }
  return target_->sputc(c);
}

std::streamsize HoldBuf::xsputn(const char* s, std::streamsize n) {
  if (holding_) {
    keep(s, static_cast<std::size_t>(n));
    return n;
  }
  return target_->sputn(s, n);
}

int HoldBuf::sync() { return holding_ ? 0 : target_->pubsync(); }

void refuse_registry_target(const Context& ctx, const std::string& path) {
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) return;  // a new file cannot be the registry
  const std::string db = ctx.db_path();
  for (const std::string& f : {db, db + "-wal", db + "-shm", db + "-journal"}) {
    struct stat st {};
    if (::stat(f.c_str(), &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino)
      throw_usage(trf("'{}' is the registry '{}' or one of its files: kunqu never writes output over it; "
                      "choose another file",
                      path, db));
  }
  if (S_ISREG(target.st_mode) && registry::is_registry_file(path))
    throw_usage(trf("'{}' is a kunqu registry (or a backup of one): kunqu never writes output over it; "
                    "choose another file",
                    path));
}

void record_personal_data(Context& ctx, const std::set<std::string>& columns, std::size_t rows,
                          const std::string& destination) {
  std::string names;
  for (const auto& c : columns) names += (names.empty() ? "" : ",") + c;
  if (std::string lack = registry::write_lack(registry::access_of(ctx.db_path())); !lack.empty())
    throw Error(ErrorKind::kIo, trf("an export of personal data ({}) is recorded in the registry's audit log before "
                                    "the data leaves kunqu, which needs write access to the registry, but {}; nothing "
                                    "was output. Add --mask (masked output needs no entry)",
                                    names, lack));
  try {
    auto reg = ctx.open(registry::Mode::kReadWrite);
    registry::record_personal_data(reg, names, rows, destination);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kBusy)
      throw Error(e.kind(), trf("personal data ({}) leaves kunqu only after its audit entry is written, and the "
                                "registry is busy; nothing was output. Try again later, or add --mask (masked output "
                                "needs no entry)",
                                names));
    if (e.kind() != ErrorKind::kIo) throw;
    throw Error(e.kind(), trf("personal data ({}) leaves kunqu only after its audit entry is written, and the "
                              "registry cannot be written ({}); nothing was output. Add --mask (masked output needs "
                              "no entry), or ask for write access to the registry",
                              names, e.what()));
  }
}

}  // namespace kunqu::cli
