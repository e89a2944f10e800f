#pragma once

#include "cqp/pipeline/Records.h"
#include "cqp/rules/Referential.h"

#include <string>

namespace cqp::pipeline {

class Store;

/// The pre-filled outil n°4 (guide d'évaluation) or n°6 (dossier de candidature) of a
/// candidature, as a printable PDF. Throws StoreError for an unknown candidature.
std::string renderForm(Store& store, const rules::Referential& referential, Id candidatureId, int outil);

}  // namespace cqp::pipeline
