// SHA-256 digests (OpenSSL libcrypto), for the source files named in the audit log.
#pragma once

#include <array>
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
  // Starts over, keeping the context (cheaper than a new Sha256 per small message).
  void reset();
  std::string hex();
  // Finishes it and returns the 32 bytes.
  std::array<unsigned char, 32> bytes();

 private:
  void* ctx_;
};

std::string sha256_hex(std::string_view bytes);
// 64 lowercase hex digits.
std::string to_hex(const std::array<unsigned char, 32>& digest);

}  // namespace kunqu::io
