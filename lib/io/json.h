// A small JSON writer: kunqu writes JSON for `--format json` and for audit details, and
// never needs to read it. Strings are escaped per RFC 8259; output is UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kunqu::io {

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

// Builds one JSON object, key by key, in insertion order.
class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);          // a string
  JsonObject& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, const std::optional<std::string>& value);  // string or null
  JsonObject& add(std::string_view key, long long value);                 // a number
  JsonObject& add_raw(std::string_view key, std::string_view json);       // REQUIRES: valid JSON
  bool empty() const { return body_.empty(); }
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_;
};

// Builds one JSON array, element by element.
class JsonArray {
 public:
  JsonArray& add(std::string_view value);          // a string
  JsonArray& add_raw(std::string_view json);       // REQUIRES: valid JSON
  bool empty() const { return body_.empty(); }
  std::string str() const { return "[" + body_ + "]"; }

 private:
  std::string body_;
};

}  // namespace kunqu::io
