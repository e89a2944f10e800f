#pragma once

// Private: what the forms of a candidature print about it (FormDocuments.cpp), shared by the
// printed and the fillable ones.

#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/rules/Referential.h"

#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

class Store;

namespace detail {

struct FormContext {
    Candidature candidature;
    Candidate candidate;
    std::string title;
    std::string company;
    std::string siret;
    std::vector<std::pair<std::string, std::string>> competences;
};

/// Throws NotFoundError for an unknown candidature.
FormContext formContext(Store& store, const rules::Referential& referential, Id candidatureId);

}  // namespace detail

}  // namespace cqp::pipeline
