#pragma once

#include "cqp/repositories/Id.h"
#include "cqp/stages/Stage.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace cqp::pipeline {

/// fetch: takes every waiting message of the inbox (Maildir new/, or POP3 by UIDL) through
/// MailIntake. A Maildir message moves to cur/, a POP3 message is deleted (when configured),
/// only after its transaction is committed; a rerun skips what was committed.
class MailIntake;

class FetchStage : public Stage {
public:
    std::string name() const override { return "fetch"; }
    StageReport run(StageContext& context) override;

private:
    void fromMaildir(StageContext& context, MailIntake& intake, StageReport& report);
    void fromPop3(StageContext& context, MailIntake& intake, StageReport& report);
    void take(StageContext& context, MailIntake& intake, StageReport& report, const std::string& raw, const std::string& item,
              const std::function<void(std::optional<Id>)>& inTransaction);
    void keepAside(StageContext& context, MailIntake& intake, StageReport& report, const std::string& head,
                   const std::filesystem::path& kept, std::uintmax_t size,
                   const std::function<void(std::optional<Id>)>& inTransaction);
};

}  // namespace cqp::pipeline
