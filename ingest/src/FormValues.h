#pragma once

// Private: the values of a filled form (ingest::readFilledForm) checked one by one, and the
// typed submission they make.

#include "cqp/ingest/Submission.h"
#include "cqp/rules/FillableForms.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqp::ingest::detail {

/// JJ/MM/AAAA (dots or dashes too) or AAAA-MM-JJ.
std::optional<rules::Date> parseDate(const std::string& s);
std::string upper(std::string s);
bool validAddress(const std::string& a);

/// A field's value as the form's rules want it (trimmed, line breaks normalised), or nothing and
/// a problem naming the field as labelled: control characters, encoding, length, required,
/// date, choice.
std::optional<std::string> checked(const rules::fillable::FieldSpec& spec, std::string v, std::vector<std::string>& problems);

/// The typed submission the checked `values` of a form of `kind` make, or nothing when a value
/// the fields' own checks cannot judge alone is wrong (a problem says why, naming the field).
std::optional<SubmissionBody> formBody(rules::fillable::FormKind kind, long long dossier, const std::string& token,
                                       const std::map<std::string, std::string>& values, std::vector<ResultLine> results,
                                       std::vector<std::string>& problems);

}  // namespace cqp::ingest::detail
