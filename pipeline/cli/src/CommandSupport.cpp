#include "CommandSupport.h"
#include "cqp/workflow/Errors.h"

#include "cqp/ingest/ReferentialReader.h"
#include "cqp/stages/Runner.h"
#include "cqp/store/StoreError.h"

#include <csignal>
#include <fstream>
#include <sstream>

namespace cqp::pipeline::detail {

std::string readFile(const std::string& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        throw UsageError("cannot read " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

const std::string& operand(const Invocation& inv, std::size_t index, const char* what)
{
    if (inv.words.size() <= index)
        throw UsageError(std::string{"missing "} + what);
    return inv.words[index];
}

void expectWords(const Invocation& inv, std::size_t count)
{
    if (inv.words.size() > count)
        throw UsageError("unexpected argument '" + inv.words[count] + "'");
}

std::string option(const Invocation& inv, const std::string& name)
{
    const auto it = inv.options.find(name);
    if (it == inv.options.end() || it->second.empty())
        throw UsageError("missing --" + name);
    return it->second;
}

Id parseId(const std::string& text, const char* what)
{
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size() && value > 0)
            return value;
    } catch (const std::exception&) {
    }
    throw UsageError(std::string{what} + " must be a positive number, not '" + text + "'");
}

rules::Referential loadReferential(const Settings& settings)
{
    const std::string xml = settings.referentialFile ? readFile(settings.referentialFile->string())
                                                     : std::string{ingest::defaultReferentialXml()};
    auto result = ingest::readReferential(xml);
    if (!result.problems.empty() || !result.referential) {
        std::string message = "the referential " +
                              (settings.referentialFile ? settings.referentialFile->string() : std::string{"(embedded)"}) +
                              " is not valid:";
        for (const auto& p : result.problems)
            message += "\n  " + p.describe();
        throw ConfigurationError(message);
    }
    return std::move(*result.referential);
}

// UTF-8 continuation bytes take no column.
std::string padded(std::string_view text, std::size_t width)
{
    std::size_t columns = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++columns;
    return std::string{text} + std::string(columns < width ? width - columns : 1, ' ');
}

void warnIfExample(std::ostream& out, const rules::Referential& referential)
{
    if (referential.example)
        out << "remarque : le référentiel contient des compétences d'exemple ; le secrétariat les remplace par les listes officielles\n";
}

std::unique_ptr<Store> openStore(const Settings& settings)
{
    auto store = Store::open(settings.store);
    store->requireCurrentSchema();
    return store;
}

std::string describeInbox(const MailSettings& mail)
{
    return mail.inbox == MailSettings::Inbox::Maildir ? "maildir " + mail.inboxMaildir.string()
                                                      : "pop3 " + mail.pop3.user + "@" + mail.pop3.host + ":" +
                                                            std::to_string(mail.pop3.port);
}

std::string describeOutbox(const MailSettings& mail)
{
    return mail.outbox == MailSettings::Outbox::Spool ? "spool " + mail.outboxSpool.string()
                                                      : "smtp " + mail.smtp.host + ":" + std::to_string(mail.smtp.port);
}

int act(Invocation& inv, const std::function<ActionOutcome(Secretariat&)>& action)
{
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    Secretariat secretariat{*store, referential, inv.settings.deadlines, inv.today, Actor{"secretariat", "cli"}};
    try {
        const auto outcome = action(secretariat);
        inv.out << outcome.message << "\n";
        return outcome.done ? ExitDone : ExitRejected;
    } catch (const NoSuchItem& e) {
        throw UsageError(e.what());
    }
}

namespace {
std::atomic<bool> stopFlag{false};
extern "C" void onStopSignal(int) { stopFlag = true; }
}  // namespace

const std::atomic<bool>& stopRequested() { return stopFlag; }

void requestStop() { stopFlag = true; }

void blockStopSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void stopOnSignals()
{
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

std::vector<std::unique_ptr<Stage>> stagesOf(const Invocation& inv)
{
    std::vector<std::string> only;
    if (auto it = inv.options.find("only"); it != inv.options.end()) {
        std::stringstream list{it->second};
        for (std::string name; std::getline(list, name, ',');)
            only.push_back(name);
    }
    try {
        return makeStages(inv.settings.parchment, inv.settings.store.kind, only);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

}  // namespace cqp::pipeline::detail
