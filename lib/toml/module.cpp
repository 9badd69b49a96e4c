// The entry points libkunqu looks this module up by (io/records.cpp, profile/profile.cpp).
#include "profile/toml_module.h"
#include "toml/internal.h"

extern "C" __attribute__((visibility("default"))) const kunqu::io::ModuleStamp* kunqu_toml_records() {
  static const kunqu::io::TomlRecordsModule module{{kunqu::io::TomlRecordsModule::kVersion, KUNQU_VERSION},
                                                   kunqu::toml_module::open_records, kunqu::toml_module::next_record,
                                                   kunqu::toml_module::free_document};
  return &module.stamp;
}

extern "C" __attribute__((visibility("default"))) const kunqu::io::ModuleStamp* kunqu_toml_profile() {
  static const kunqu::profile::TomlProfileModule module{{kunqu::profile::TomlProfileModule::kVersion, KUNQU_VERSION},
                                                        kunqu::toml_module::parse_profile};
  return &module.stamp;
}
