#pragma once

// Private: the commands of `cqp`. Each is a plain function of its invocation, declared in the
// table of its noun (one file per noun: RunCommands.cpp, JuryCommands.cpp, …) with its words,
// synopsis, options and help; CommandTable.cpp finds the command, reads its options with Poco
// Util's OptionProcessor and runs it. CommandLine.cpp reads the global options and settings.

#include "cqp/cli/Settings.h"
#include "cqp/rules/Date.h"

#include <cstddef>
#include <functional>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cqp::pipeline::detail {

/// The command line is wrong: exit code 2, with the command's usage.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Invocation {
    std::vector<std::string> words;             ///< command words and operands, e.g. {"jury", "move", "12"}
    std::map<std::string, std::string> options; ///< the command's options given, e.g. {"capacity", "12"}
    Settings settings;
    rules::Date today;
    std::ostream& out;
    std::function<void()> waitForTermination; ///< blocks until SIGTERM or SIGINT (the daemon's main thread)
};

/// One option of a command: --name ARGUMENT (a flag when `argument` is empty).
struct OptionSpec {
    std::string name;
    std::string argument;
    std::string help;
    std::string shortName; ///< e.g. "o" for --output
};

struct Command {
    std::vector<std::string> words; ///< e.g. {"jury", "add"}
    std::string synopsis;           ///< e.g. "jury add --meeting D --capacity N [--cqp CODE]"
    std::string summary;
    std::vector<OptionSpec> options;
    std::function<int(Invocation&)> run; ///< returns the exit code; throws UsageError, ConfigurationError, StoreError…
};

using CommandList = std::vector<Command>;

// The tables, one per noun.
CommandList runCommands();         ///< init, run, ingest
CommandList daemonCommands();      ///< daemon, worker, serve
CommandList candidatureCommands(); ///< status, history, candidature correct, forms render
CommandList referenceCommands();   ///< referential check, evaluator import|list
CommandList juryCommands();        ///< jury add|list|member|decide|move
CommandList accountCommands();     ///< account list|approve|suspend|reinstate|rekey|add
CommandList inboxCommands();       ///< inbox list, quarantine list|show|retry|drop
CommandList mailCommands();        ///< mail list|resend
CommandList dossierCommands();     ///< dossier show
CommandList reviewCommands();      ///< review list|show|resolve
CommandList parchmentCommands();   ///< verify, parchment revoke, stats, export accrochage
CommandList userCommands();        ///< user add|password|list (the console's users)
CommandList privacyCommands();     ///< privacy export|access-log|purge|erase (docs/rgpd.md)

/// The global options (before the command): name, argument ("" for a flag), help.
struct GlobalOption {
    const char* name;
    const char* argument;
    const char* help;
};
extern const std::vector<GlobalOption> globalOptions;

/// Every command, in the order of the help.
const CommandList& commands();

/// Runs the command that `args` names (its words, then operands and its own options), or
/// `help [COMMAND…]`, or `COMMAND --help`. Throws UsageError saying, in one line, what was wrong
/// and the command's usage.
int dispatch(const std::vector<std::string>& args, Invocation& invocation);

/// `cqp --help`: every command, then the global options.
void printHelp(std::ostream& out);

} // namespace cqp::pipeline::detail
