// Words of tables for people that the message catalogue holds (glossary.cpp).
#pragma once

#include <string>
#include <vector>

namespace kunqu::i18n {

// Every column name marked NC_("column", name): each has a Chinese header in po/zh_CN.po.
const std::vector<const char*>& column_names();
// The word for column `name` of `record` in the language of messages: the record's own
// ("figure.key") where it has one, else the common one ("key"), else `name` itself.
std::string column_label(const std::string& record, const std::string& name);

// Every name of a list shown below a record (cmd/render.h), marked NC_("list", name).
const std::vector<const char*>& list_names();

}  // namespace kunqu::i18n
