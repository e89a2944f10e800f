#pragma once

// A store set up as the branch runs it: the example referential and evaluator registry, a
// jury calendar, and approved accounts — company A (n°1, key "entreprise"), the évaluateur
// habilité EH-0101 (n°2, key "evaluateur"), the secretariat (n°3, key "secretariat") and
// company B (n°4, key "entreprise-b", SIRET 55210055400005). Submissions are the examples of
// examples/submissions, edited per test and signed with xmlsec1.

#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/rules/Referential.h"

#include "TestSupport.h"

#include <map>
#include <string>
#include <vector>

namespace cqp::test {

class Branch {
public:
    explicit Branch(Backend backend = Backend::SQLite);

    pipeline::Store& store() { return scratch.store(); }
    const pipeline::StoreLocation& location() const { return scratch.location(); }

    /// The example file with each key of `edits` replaced by its value (each must be found).
    static std::string example(const std::string& name, const std::map<std::string, std::string>& edits = {});
    /// Signs `xml` with `key` (or sends it unsigned when key is empty) and processes it on `date`.
    pipeline::SubmissionOutcome send(const std::string& key, const std::string& xml, const char* date,
                                     std::vector<pipeline::Attachment> attachments = {}, const std::string& from = "");

    /// Walks candidature n°1 of company A through the steps, each with the example documents.
    void createCandidature();       // candidat + candidature: en attente d'évaluation
    void evaluate();                // invitation + results with outil n°4 (read): validation de l'évaluation
    void readScans(const char* date);  ///< the ingest stage on `date`: queued scans read and compared
    void observe();                 // évaluateur métier observations
    void register_(int jury = 2);   // inscription au jury
    std::string token(const std::string& kind);  ///< the latest invitation token of that kind

    static pipeline::Attachment pdf(const std::string& name);

    ScratchStore scratch;
    rules::Referential referential;
};

}  // namespace cqp::test
