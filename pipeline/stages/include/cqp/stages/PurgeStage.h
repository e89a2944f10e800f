#pragma once

#include "cqp/repositories/PrivacyRepository.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/stages/Stage.h"

#include <string>
#include <vector>

namespace cqp::pipeline {

/// The folders that hold copies of what the store holds: the spool of sent mails, the jury
/// lists and files, the print batches.
struct ErasureFolders {
    std::filesystem::path spool;
    std::filesystem::path jury;
    std::filesystem::path print;
};
/// Removes the copies of an erasure's mails, juries and print batches from those folders; how many.
std::size_t removeCopies(const PrivacyRepository::Erased& erased, const ErasureFolders& folders);

/// purge: every night, what is past its retention (RetentionSettings, docs/rgpd.md) goes — raw
/// received messages and their subjects and senders (processed ones after a year, refused and
/// quarantined ones after six months), the bodies and attachment links of sent mails, the
/// access and action logs, the copies in the jury and print folders, then the documents
/// nothing refers to any more. One transaction; with `dryRun`, only counted.
class PurgeStage : public Stage {
public:
    explicit PurgeStage(const ParchmentSettings& settings, bool dryRun = false) : settings_{settings}, dryRun_{dryRun} {}
    std::string name() const override { return "purge"; }
    StageReport run(StageContext& context) override;

    /// The cut-offs of the logical date `today`.
    static PrivacyRepository::PurgeCutoffs cutoffs(const RetentionSettings& retention, rules::Date today);

private:
    /// The files of `folder` whose name carries a date (YYYY-MM-DD) before `before`.
    std::vector<std::filesystem::path> oldFiles(const std::filesystem::path& folder, rules::Date before) const;
    const ParchmentSettings& settings_;
    bool dryRun_;
};

}  // namespace cqp::pipeline
