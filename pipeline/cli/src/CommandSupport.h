#pragma once

// Private: what the command files share — reading operands and options, opening the store,
// loading the referential — and the commands one file hands to the table of another.

#include "Commands.h"

#include "cqp/actions/Secretariat.h"
#include "cqp/cli/CommandLine.h"
#include "cqp/repositories/Id.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/repositories/ParchmentRecords.h"
#include "cqp/stages/Stage.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Referential.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::pipeline::detail {

std::string readFile(const std::string& path);
/// The operand at `index` of the command words, or UsageError naming `what`.
const std::string& operand(const Invocation& inv, std::size_t index, const char* what);
/// UsageError when more than `count` words were given.
void expectWords(const Invocation& inv, std::size_t count);
/// The value of a required --name option.
std::string option(const Invocation& inv, const std::string& name);
Id parseId(const std::string& text, const char* what);
rules::Referential loadReferential(const Settings& settings);
/// `text` padded to `width` terminal columns (UTF-8 aware).
std::string padded(std::string_view text, std::size_t width);
void warnIfExample(std::ostream& out, const rules::Referential& referential);
std::unique_ptr<Store> openStore(const Settings& settings);
std::string describeInbox(const MailSettings& mail);
std::string describeOutbox(const MailSettings& mail);

/// Set by SIGTERM and SIGINT once `stopOnSignals` was called: the stages return between two
/// items, the daemon and the workers after them.
const std::atomic<bool>& stopRequested();
void stopOnSignals();
/// Sets the flag stopRequested() reads (the daemon, once its main thread was told to stop).
void requestStop();
/// Blocks SIGTERM and SIGINT in this thread and in the threads it starts from now on, for a
/// thread that waits for them (Invocation::waitForTermination).
void blockStopSignals();

/// The stages named by --only (all when absent); UsageError for an unknown one.
std::vector<std::unique_ptr<Stage>> stagesOf(const Invocation& inv);

/// Runs one of the secretariat's actions (cqp/actions/Secretariat.h) as the secretariat at its
/// terminal: prints its outcome; exit 0 when done, 1 when there was nothing to do or it was
/// refused; an item that does not exist is a usage error.
int act(Invocation& inv, const std::function<ActionOutcome(Secretariat&)>& action);

}  // namespace cqp::pipeline::detail
