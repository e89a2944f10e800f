#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/stages/Stage.h"
#include "cqp/workflow/MailIntake.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace cqp::pipeline {

/// fetch: takes every waiting message of the inbox (Maildir new/, or POP3 by UIDL) through
/// MailIntake, in batches: the messages are read, parsed and their documents prepared on worker
/// threads, then applied in order, one savepoint each and one commit per batch. A Maildir
/// message moves to cur/, a POP3 message is deleted (when configured), only after the commit
/// of its batch; a kill loses the uncommitted batch, which the next run takes again.

class FetchStage : public Stage {
public:
    /// Messages per commit.
    static constexpr std::size_t batch = 64;

    std::string name() const override { return "fetch"; }
    StageReport run(StageContext& context) override;

private:
    void fromMaildir(StageContext& context, MailIntake& intake, StageReport& report);
    void fromPop3(StageContext& context, MailIntake& intake, StageReport& report);
    void take(StageContext& context, MailIntake& intake, StageReport& report, const MailIntake::Prepared& prepared,
              const std::string& item, const std::function<void(std::optional<Id>)>& inTransaction);
    void keepAside(StageContext& context, MailIntake& intake, StageReport& report, const std::string& head,
                   const std::filesystem::path& kept, std::uintmax_t size,
                   const std::function<void(std::optional<Id>)>& inTransaction);
};

}  // namespace cqp::pipeline
