// The TOML module (kunqu-toml.so): what reads TOML through toml++, loaded by libkunqu the first
// time a command reads a TOML file (io/loaded.h says why a module). Linked, toml++ was loaded and
// bound at the start of every command, most of which never read TOML.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "error.h"
#include "io/internal.h"
#include "profile/profile.h"

namespace kunqu::toml_module {

// The records of a TOML import file (io::TomlRecordsModule).
void open_records(io::RecordReader::Impl& impl);
bool next_record(io::RecordReader::Impl& impl, io::RawRecord& record, std::vector<Diagnostic>& diagnostics);
void free_document(io::TomlDocument* doc);

// A district profile (profile::parse).
profile::Profile parse_profile(std::istream& in, const std::string& file_name);

}  // namespace kunqu::toml_module
