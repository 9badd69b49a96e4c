// What the files of lib/supervision share. Internal to lib/supervision; not part of the
// library's interface.
#pragma once

#include <optional>
#include <string>

#include "io/text.h"
#include "org/fields.h"
#include "supervision/supervision.h"
#include "vocab/vocab.h"

namespace kunqu::supervision {

// Credit events that no reversal undid (an SQL condition over `credit_event e`).
inline constexpr const char* kLive = "NOT EXISTS (SELECT 1 FROM credit_event r WHERE r.reverses = e.id)";

// The trimmed text, or nullopt when it is empty.
inline std::optional<std::string> opt(const std::string& s) { return io::trimmed_or_null(s); }

// The rule with the code `code`, nullptr when there is none.
const Rule* rule_by_code(const std::string& code);
// A grade's standing: valid, lowered, withdrawn (stored) and expired (its five years past).
const vocab::FieldSpec& grade_statuses();
// What a rule calls for (entry, exit), with its Chinese names.
const vocab::FieldSpec& rule_actions();

}  // namespace kunqu::supervision
