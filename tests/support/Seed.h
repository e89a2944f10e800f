#pragma once

// Builds realistic dossiers directly in a store, for tests that need candidatures at a
// given step without going through submissions.

#include "cqp/repositories/Id.h"
#include "cqp/repositories/Store.h"

namespace cqp::test {

struct SeededDossier {
    pipeline::Id company = 0;
    pipeline::Id etablissement = 0;
    pipeline::Id account = 0;
    pipeline::Id evaluator = 0;
    pipeline::Id candidate = 0;
    pipeline::Id candidature = 0;
    pipeline::Id jury = 0;
};

/// How far the seeded dossier goes (each step includes the previous ones).
enum class SeedUpTo { Created, Registered, Evaluated, Observed, JuryRegistered, Decided };

/// A company (SIRET 73282932000074), an evaluator habilitated for FAB-OPE, a candidate and a
/// candidature for FAB-OPE with its five competences C1..C5, evaluation on 2026-03-02, jury on 2026-06-25.
/// `validated` gives the jury's decision for C1..C5 (missing ones: validated) when the dossier goes that far.
SeededDossier seedDossier(pipeline::Store& store, SeedUpTo upTo, std::vector<bool> validated = {true, true, true, true},
                          const std::string& suffix = "");

}  // namespace cqp::test
