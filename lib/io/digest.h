// SHA-256 digests (OpenSSL libcrypto), for the source files named in the audit log.
#pragma once

#include <string>
#include <string_view>

namespace kunqu::io {

// Incremental SHA-256; hex() finishes it and returns 64 lowercase hex digits.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();

 private:
  void* ctx_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace kunqu::io
