// What the TOML module (lib/toml/) gives profile::parse: its entry point kunqu_toml_profile()
// returns it (io/module.h). Its version changes whenever this does.
#pragma once

#include <istream>
#include <string>

#include "io/module.h"
#include "profile/profile.h"

namespace kunqu::profile {

struct TomlProfileModule {
  static constexpr int kVersion = 1;
  io::ModuleStamp stamp;
  Profile (*parse)(std::istream& in, const std::string& file_name);
};

}  // namespace kunqu::profile
