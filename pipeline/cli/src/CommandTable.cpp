#include "Commands.h"

#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <algorithm>

namespace cqp::pipeline::detail {

namespace {

// The command whose words begin `args`, the longest that matches; `used` gets its word count.
const Command* findCommand(const std::vector<std::string>& args, std::size_t& used)
{
    const Command* best = nullptr;
    for (const auto& c : commands())
        if (c.words.size() <= args.size() && std::equal(c.words.begin(), c.words.end(), args.begin()) &&
            (!best || c.words.size() > best->words.size()))
            best = &c;
    used = best ? best->words.size() : 0;
    return best;
}

std::string joined(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

void printCommandHelp(std::ostream& out, const Command& c)
{
    out << "usage: cqp [GLOBAL OPTIONS] " << c.synopsis << "\n\n" << c.summary << "\n";
    if (!c.options.empty())
        out << "\nOptions:\n";
    for (const auto& o : c.options) {
        std::string name = (o.shortName.empty() ? "" : "-" + o.shortName + ", ") + "--" + o.name +
                           (o.argument.empty() ? "" : " " + o.argument);
        out << "  " << name << std::string(name.size() < 26 ? 26 - name.size() : 1, ' ') << o.help << "\n";
    }
    out << "\nGlobal options (before the command) and exit codes: cqp --help\n";
}

Poco::Util::OptionSet optionSetOf(const Command& c)
{
    Poco::Util::OptionSet set;
    for (const auto& o : c.options) {
        Poco::Util::Option option{o.name, o.shortName, o.help};
        if (!o.argument.empty())
            option.argument(o.argument);
        set.addOption(option);
    }
    set.addOption(Poco::Util::Option{"help", "h", "this command's help"});
    return set;
}

// Reads the command's options and operands (after its words) into the invocation; true when
// --help was asked.
bool readArguments(const Command& c, const std::vector<std::string>& args, std::size_t first, Invocation& inv)
{
    const auto set = optionSetOf(c);
    Poco::Util::OptionProcessor processor{set};
    processor.setUnixStyle(true);
    bool operandsOnly = false;
    bool help = false;
    for (std::size_t i = first; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (operandsOnly) {
            inv.words.push_back(arg);
            continue;
        }
        if (arg == "--") {
            operandsOnly = true;
            continue;
        }
        std::string name;
        std::string value;
        if (!processor.process(arg, name, value)) {
            inv.words.push_back(arg);
            continue;
        }
        if (name == "help")
            help = true;
        else if (!name.empty())
            inv.options[name] = value;
    }
    processor.checkRequired(); // an option left without its argument
    return help;
}

}  // namespace

const std::vector<GlobalOption> globalOptions{
    {"config", "FILE", "read FILE instead of ./cqp.properties"},
    {"date", "YYYY-MM-DD", "the logical date of the command (default: today); every rule reads it, never the clock"},
    {"log-level", "LEVEL", "error, warning, notice, information (default), debug"},
    {"log-file", "FILE", "also write the log to FILE"},
};

const CommandList& commands()
{
    static const CommandList all = [] {
        CommandList list;
        for (auto part : {runCommands(), daemonCommands(), candidatureCommands(), dossierCommands(), referenceCommands(), juryCommands(),
                          accountCommands(), inboxCommands(), mailCommands(), reviewCommands(), parchmentCommands(), userCommands(), privacyCommands()})
            list.insert(list.end(), part.begin(), part.end());
        return list;
    }();
    return all;
}

void printHelp(std::ostream& out)
{
    out << "usage: cqp [GLOBAL OPTIONS] COMMAND [ARGUMENTS] [OPTIONS]\n\n"
           "Certification pipeline for the CQP/CQPI of the French chemical industry.\n\nCommands (cqp help COMMAND or "
           "cqp COMMAND --help for each one's options):\n";
    for (const auto& c : commands())
        out << "  " << c.synopsis << "\n      " << c.summary << "\n";
    out << "\nGlobal options, before the command:\n";
    std::vector<std::pair<std::string, std::string>> lines{{"-h, --help", "this help"}};
    for (const auto& o : globalOptions)
        lines.emplace_back(std::string{"--"} + o.name + "=" + o.argument, o.help);
    for (const auto& [name, help] : lines)
        out << "  " << name << std::string(name.size() < 26 ? 26 - name.size() : 1, ' ') << help << "\n";
    out << "\nConfiguration: ./cqp.properties or --config FILE. Without one, the embedded default:\n"
           "store var/cqp.db, inbox Maildir var/inbox, outbox spool var/outbox (relative to the\n"
           "working directory) and the referential compiled into cqp.\n\n"
           "Exit codes: 0 done, 1 some inputs rejected, 2 usage error, 3 configuration or store error.\n";
}

int dispatch(const std::vector<std::string>& args, Invocation& inv)
{
    if (args.empty())
        throw UsageError("no command given (see cqp --help)");
    if (args.front() == "help") {
        if (args.size() == 1)
            throw UsageError("help needs a COMMAND, e.g. cqp help jury add (every command: cqp --help)");
        std::size_t used = 0;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        const Command* c = findCommand(rest, used);
        if (!c || used != rest.size())
            throw UsageError("no command '" + joined(rest) + "' (see cqp --help)");
        printCommandHelp(inv.out, *c);
        return 0;
    }
    std::size_t used = 0;
    const Command* c = findCommand(args, used);
    if (!c)
        throw UsageError("unknown command '" + args.front() +
                         (args.size() > 1 && args[1].rfind('-', 0) != 0 ? " " + args[1] : "") + "' (see cqp --help)");
    const std::string name = joined(c->words);
    try {
        inv.words = c->words;
        if (readArguments(*c, args, used, inv)) {
            printCommandHelp(inv.out, *c);
            return 0;
        }
        return c->run(inv);
    } catch (const Poco::Util::UnknownOptionException& e) {
        const std::string option = e.message();
        const bool global =
            std::any_of(globalOptions.begin(), globalOptions.end(), [&](const auto& o) { return option == o.name; });
        throw UsageError(
            name + ": unknown option --" + option +
            (global ? " here: it is a global option, given before the command (cqp --" + option + " … " + name + ")"
                    : "") +
            " (usage: cqp " + c->synopsis + ")");
    } catch (const Poco::Util::MissingArgumentException& e) {
        throw UsageError(name + ": --" + e.message().substr(0, e.message().find(' ')) + " needs a value (usage: cqp " +
                         c->synopsis + ")");
    } catch (const Poco::Util::OptionException& e) {
        throw UsageError(name + ": " + e.message() + " (usage: cqp " + c->synopsis + ")");
    } catch (const UsageError& e) {
        throw UsageError(name + ": " + e.what() + " (usage: cqp " + c->synopsis + ")");
    }
}

}  // namespace cqp::pipeline::detail
