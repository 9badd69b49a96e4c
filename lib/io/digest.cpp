// SHA-256 through OpenSSL's EVP interface. libcrypto is loaded on first use rather than linked:
// loading it costs about 3 ms, longer than a whole `kunqu org show`, and only commands that
// hash (imports, and later the audit chain) need it.
#include "io/digest.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include <algorithm>
#include <string>

#include "error.h"
#include "i18n/messages.h"
#include "io/loaded.h"

namespace kunqu::io {

namespace {

struct Crypto {
  EVP_MD_CTX* (*ctx_new)();
  void (*ctx_free)(EVP_MD_CTX*);
  const EVP_MD* (*sha256)();
  int (*init)(EVP_MD_CTX*, const EVP_MD*, ENGINE*);
  int (*update)(EVP_MD_CTX*, const void*, size_t);
  int (*final)(EVP_MD_CTX*, unsigned char*, unsigned int*);
  // SHA-256 as OpenSSL 3 fetches it once: EVP_sha256() makes every EVP_DigestInit_ex look the
  // algorithm up again under a lock, a third of the cost of hashing a row.
  const EVP_MD* md;
};

const Crypto& crypto() {
  static const Crypto c = [] {
    const std::string soname = "libcrypto.so." + std::to_string(OPENSSL_VERSION_MAJOR);
    void* lib = load_library(soname, "SHA-256");
    Crypto k{};
    bind_symbol(lib, soname, "EVP_MD_CTX_new", k.ctx_new);
    bind_symbol(lib, soname, "EVP_MD_CTX_free", k.ctx_free);
    bind_symbol(lib, soname, "EVP_sha256", k.sha256);
    bind_symbol(lib, soname, "EVP_DigestInit_ex", k.init);
    bind_symbol(lib, soname, "EVP_DigestUpdate", k.update);
    bind_symbol(lib, soname, "EVP_DigestFinal_ex", k.final);
    k.md = k.sha256();
    using Fetch = EVP_MD* (*)(void*, const char*, const char*);
    if (auto fetch = reinterpret_cast<Fetch>(dlsym(lib, "EVP_MD_fetch")))
      if (const EVP_MD* fetched = fetch(nullptr, "SHA256", nullptr)) k.md = fetched;  // kept for the process
    return k;
  }();
  return c;
}

}  // namespace

Sha256::Sha256() : ctx_(crypto().ctx_new()) {
  if (!ctx_ || crypto().init(static_cast<EVP_MD_CTX*>(ctx_), crypto().md, nullptr) != 1)
    throw Error(ErrorKind::kInternal, tr("cannot initialise SHA-256"));
}

Sha256::~Sha256() { crypto().ctx_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::reset() {
  if (crypto().init(static_cast<EVP_MD_CTX*>(ctx_), crypto().md, nullptr) != 1)
    throw Error(ErrorKind::kInternal, tr("cannot initialise SHA-256"));
}

void Sha256::update(std::string_view bytes) {
  crypto().update(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}

std::array<unsigned char, 32> Sha256::bytes() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  crypto().final(static_cast<EVP_MD_CTX*>(ctx_), md, &len);
  std::array<unsigned char, 32> out{};
  std::copy(md, md + std::min<unsigned int>(len, 32), out.begin());
  return out;
}

std::string to_hex(const std::array<unsigned char, 32>& digest) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string Sha256::hex() { return to_hex(bytes()); }

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

}  // namespace kunqu::io
