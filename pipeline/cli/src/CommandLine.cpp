#include "cqp/cli/CommandLine.h"
#include "cqp/workflow/Errors.h"

#include "Commands.h"

#include "cqp/store/StoreError.h"

#include "cqp/outbox/HeaderText.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>
#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <cctype>
#include <iostream>
#include <streambuf>

namespace cqp::pipeline {

namespace {

// A stream buffer that passes whole lines through outbox::printableText.
class SafeOutput : public std::streambuf {
public:
    explicit SafeOutput(std::ostream& target) : target_{target} {}
    ~SafeOutput() override { flushLine(); }
    SafeOutput(const SafeOutput&) = delete;
    SafeOutput& operator=(const SafeOutput&) = delete;

protected:
    int overflow(int c) override
    {
        if (c == traits_type::eof())
            return traits_type::not_eof(c);
        line_ += static_cast<char>(c);
        if (c == '\n')
            flushLine();
        return c;
    }
    std::streamsize xsputn(const char* data, std::streamsize n) override
    {
        for (std::streamsize i = 0; i < n; ++i)
            overflow(static_cast<unsigned char>(data[i]));
        return n;
    }
    int sync() override
    {
        flushLine();
        target_.flush();
        return 0;
    }

private:
    void flushLine()
    {
        if (!line_.empty())
            target_ << outbox::printableText(line_);
        line_.clear();
    }
    std::ostream& target_;
    std::string line_;
};

// Log lines quote senders, subjects and file names: one line each, no control character.
class SafeLogChannel : public Poco::Channel {
public:
    explicit SafeLogChannel(Poco::AutoPtr<Poco::Channel> next) : next_{std::move(next)} {}
    void log(const Poco::Message& message) override
    {
        Poco::Message safe{message};
        safe.setText(outbox::singleLine(message.getText(), 4000));
        next_->log(safe);
    }
    void open() override { next_->open(); }
    void close() override { next_->close(); }

private:
    Poco::AutoPtr<Poco::Channel> next_;
};

using Poco::Util::Option;
using Poco::Util::OptionSet;

// Command options, accepted wherever they appear; each command checks those it needs.
const char* const commandOptions[][3] = {
    {"capacity", "N", "jury add: number of dossiers the jury examines"},
    {"cqp", "CODE", "jury add: the jury examines only this CQP"},
    {"to", "STATUS|DATE", "candidature correct: the earlier status; export, stats: the last day"},
    {"reason", "TEXT", "candidature correct, parchment revoke, account suspend|reinstate|rekey: why (kept in the store)"},
    {"from", "ADDRESS|DATE", "ingest: the sender's mail address; export, stats: the first day"},
    {"output", "FILE", "export, stats: the file to write"},
    {"format", "pdf|csv", "stats: the kind of file (default: from the name of --output)"},
    {"organisation", "ORG", "jury member add: the member's organisation"},
    {"jury", "ID", "jury move: the jury to move the candidature to"},
    {"candidature", "ID", "forms render: the candidature"},
    {"outil", "4|6", "forms render: which form"},
    {"role", "ROLE", "account add: secretariat"},
    {"name", "NAME", "account add: the holder's name"},
    {"email", "ADDRESS", "account add: the holder's mail address"},
    {"key", "FILE", "account add, account rekey: the holder's PEM public key"},
    {"only", "STAGE,...", "run: only these stages (fetch, ingest, advance, jury, render, report, send)"},
    {"state", "STATE", "inbox list: only the messages in this state (processed, ignored, quarantined, duplicate, kept_aside…)"},
};

// Prints why the command failed and returns its exit code.
int reportFailure(const std::exception_ptr& failure)
{
    try {
        std::rethrow_exception(failure);
    } catch (const Poco::Util::OptionException& e) {
        std::cerr << "cqp: " << e.displayText() << " (see cqp --help)\n";
        return ExitUsage;
    } catch (const detail::UsageError& e) {
        std::cerr << "cqp: " << e.what() << "\n";
        return ExitUsage;
    } catch (const ConfigurationError& e) {
        std::cerr << "cqp: configuration error: " << e.what() << "\n";
    } catch (const StoreError& e) {
        std::cerr << "cqp: store error: " << e.what() << "\n";
    } catch (const Poco::Exception& e) {
        std::cerr << "cqp: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "cqp: " << e.what() << "\n";
    }
    return ExitEnvironment;
}

class CqpApplication : public Poco::Util::Application {
protected:
    void defineOptions(OptionSet& options) override
    {
        Application::defineOptions(options);
        options.addOption(Option("help", "h", "show this help").callback(
            Poco::Util::OptionCallback<CqpApplication>(this, &CqpApplication::onHelp)));
        options.addOption(Option("config", "", "read FILE instead of ./cqp.properties").argument("FILE"));
        options.addOption(Option("date", "", "logical date of the command (default: today)").argument("YYYY-MM-DD"));
        options.addOption(Option("log-level", "", "error, warning, notice, information (default), debug").argument("LEVEL"));
        options.addOption(Option("log-file", "", "also write the log to FILE").argument("FILE"));
        for (const auto& o : commandOptions)
            options.addOption(Option(o[0], std::string_view{o[0]} == "output" ? "o" : "", o[2]).argument(o[1]));
        options.addOption(Option("pending", "", "account list: only accounts awaiting approval"));
        options.addOption(Option("once", "", "worker: stop when no queued scan is left"));
    }

    void handleOption(const std::string& name, const std::string& value) override
    {
        Application::handleOption(name, value);
        if (name != "help")
            given_[name] = value;
    }

    void initialize(Application& self) override
    {
        if (helpRequested_)
            return;
        // Poco's run() turns exceptions from here into its own exit code: keep the error for main().
        try {
            if (auto it = given_.find("config"); it != given_.end()) {
                if (!std::filesystem::is_regular_file(it->second))
                    throw ConfigurationError("configuration file " + it->second + " not found");
                loadConfiguration(it->second);
                settings_.source = it->second;
            } else if (std::filesystem::is_regular_file("cqp.properties")) {
                loadConfiguration("cqp.properties");
                settings_.source = "cqp.properties";
            }
        } catch (const ConfigurationError& e) {
            configurationError_ = e.what();
        } catch (const Poco::Exception& e) {
            configurationError_ = settings_.source + ": " + e.displayText();
        }
        Application::initialize(self);
    }

    int main(const ArgVec& args) override
    {
        if (helpRequested_)
            return ExitDone;
        try {
            return execute(args);
        } catch (...) {
            return reportFailure(std::current_exception());
        }
    }

private:
    int execute(const ArgVec& args)
    {
        if (!configurationError_.empty())
            throw ConfigurationError(configurationError_);
        setUpLogging();
        readSettings();
        rules::Date today = todayLocal();
        // `jury add --date D` names the meeting's date; every other command takes --date as
        // the logical date.
        const bool dateIsOperand = args.size() >= 2 && args[0] == "jury" && args[1] == "add";
        if (auto it = given_.find("date"); it != given_.end() && !dateIsOperand) {
            const auto parsed = rules::Date::parseIso(it->second);
            if (!parsed)
                throw detail::UsageError("--date must be YYYY-MM-DD, not '" + it->second + "'");
            today = *parsed;
        }
        // Subjects, names and reasons came from outside: nothing they hold reaches the terminal
        // as a control sequence.
        SafeOutput safe{std::cout};
        std::ostream out{&safe};
        detail::Invocation invocation{args, {}, settings_, today, out};
        for (const auto& o : commandOptions)
            if (auto it = given_.find(o[0]); it != given_.end())
                invocation.options[o[0]] = it->second;
        if (auto it = given_.find("date"); it != given_.end() && dateIsOperand)
            invocation.options["date"] = it->second;
        for (const char* flag : {"pending", "once"})
            if (given_.count(flag))
                invocation.options[flag] = "yes";
        return detail::dispatch(invocation);
    }

    void onHelp(const std::string&, const std::string&)
    {
        helpRequested_ = true;
        stopOptionsProcessing();
        std::cout << "usage: cqp [OPTIONS] COMMAND [ARGS]\n\n"
                     "Certification pipeline for the CQP/CQPI of the French chemical industry.\n\nCommands:\n";
        for (const auto& [synopsis, summary] : detail::commandSummaries())
            std::cout << "  " << synopsis << "\n      " << summary << "\n";
        std::cout << "\nOptions:\n";
        for (const auto& o : options()) {
            std::string name = "--" + o.fullName() + (o.takesArgument() ? "=" + o.argumentName() : "");
            std::cout << "  " << name << std::string(name.size() < 24 ? 24 - name.size() : 1, ' ') << o.description() << "\n";
        }
        std::cout << "\nConfiguration: ./cqp.properties or --config FILE. Without one, the embedded default:\n"
                     "store var/cqp.db, inbox Maildir var/inbox, outbox spool var/outbox (relative to the\n"
                     "working directory) and the referential compiled into cqp.\n"
                     "`jury add --date D` takes D as the meeting date; elsewhere --date is the logical date.\n\n"
                     "Exit codes: 0 done, 1 some inputs rejected, 2 usage error, 3 configuration or store error.\n";
    }

    void setUpLogging()
    {
        Poco::AutoPtr<Poco::PatternFormatter> formatter{new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %s: %t")};
        Poco::AutoPtr<Poco::SplitterChannel> splitter{new Poco::SplitterChannel};
        splitter->addChannel(Poco::AutoPtr<Poco::Channel>{new Poco::ConsoleChannel(std::cerr)});
        std::string file = config().getString("log.file", "");
        if (auto it = given_.find("log-file"); it != given_.end())
            file = it->second;
        if (!file.empty()) {
            Poco::AutoPtr<Poco::FileChannel> fileChannel{new Poco::FileChannel(file)};
            splitter->addChannel(fileChannel);
        }
        Poco::AutoPtr<Poco::FormattingChannel> formatting{new Poco::FormattingChannel(formatter, splitter)};
        Poco::AutoPtr<Poco::Channel> channel{new SafeLogChannel(formatting)};
        std::string level = config().getString("log.level", "information");
        if (auto it = given_.find("log-level"); it != given_.end())
            level = it->second;
        Poco::Logger::root().setChannel(channel);
        try {
            Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
        } catch (const Poco::InvalidArgumentException&) {
            throw detail::UsageError("unknown log level '" + level + "'");
        }
    }

    void readSettings()
    {
        auto& c = config();
        try {
            if (c.hasProperty("store"))
                settings_.store = StoreLocation::parse(c.getString("store"));
            readMail(c);
            readParchment(c);
            if (c.hasProperty("referential"))
                settings_.referentialFile = c.getString("referential");
            auto& d = settings_.deadlines;
            d.resultsMaxDaysAfterEvaluation = positive("deadlines.results_days", d.resultsMaxDaysAfterEvaluation);
            d.registrationMinDaysBeforeJury = positive("deadlines.registration_days", d.registrationMinDaysBeforeJury);
            d.decisionMaxHoursAfterJury = positive("deadlines.decision_hours", d.decisionMaxHoursAfterJury);
            d.acquiredValidityYears = positive("outcome.acquired_years", d.acquiredValidityYears);
            d.resultsReminderDays = positive("reminders.results_days", d.resultsReminderDays);
            d.registrationReminderDays = positive("reminders.registration_days", d.registrationReminderDays);
            d.signatureMaxAgeDays = positive("submissions.max_age_days", d.signatureMaxAgeDays);
            if (c.hasProperty("submissions.v1_0_until")) {
                const auto until = rules::Date::parseIso(c.getString("submissions.v1_0_until"));
                if (!until)
                    throw ConfigurationError("submissions.v1_0_until must be YYYY-MM-DD");
                d.version10AcceptedUntil = *until;
            }
            auto& daemon = settings_.daemon;
            daemon.intervalMinutes = positive("daemon.interval_minutes", daemon.intervalMinutes);
            daemon.pollSeconds = positive("worker.poll_seconds", daemon.pollSeconds);
            const std::string night = c.getString("daemon.night_at", "02:00");
            if (night.size() != 5 || night[2] != ':' || !std::isdigit(static_cast<unsigned char>(night[0])) ||
                !std::isdigit(static_cast<unsigned char>(night[1])) || !std::isdigit(static_cast<unsigned char>(night[3])) ||
                !std::isdigit(static_cast<unsigned char>(night[4])) || std::stoi(night.substr(0, 2)) > 23 || std::stoi(night.substr(3)) > 59)
                throw ConfigurationError("daemon.night_at must be HH:MM, not '" + night + "' (" + settings_.source + ")");
            daemon.nightHour = std::stoi(night.substr(0, 2));
            daemon.nightMinute = std::stoi(night.substr(3));
        } catch (const std::invalid_argument& e) {
            throw ConfigurationError(std::string{e.what()} + " (" + settings_.source + ")");
        } catch (const Poco::SyntaxException& e) {
            throw ConfigurationError(e.displayText() + " (" + settings_.source + ")");
        }
    }

    // host:port after a scheme, e.g. "pop3:mail.example:995".
    static std::pair<std::string, int> hostPort(const std::string& text, int defaultPort)
    {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos)
            return {text, defaultPort};
        return {text.substr(0, colon), std::stoi(text.substr(colon + 1))};
    }

    // A secret comes from a file or the environment, never from the properties file.
    std::string secret(const std::string& key, const char* environment)
    {
        if (config().hasProperty(key))
            throw ConfigurationError(key + " must not be written in " + settings_.source + ": use " + key +
                                     "_file = FILE or the environment variable " + environment);
        if (config().hasProperty(key + "_file")) {
            std::ifstream in{config().getString(key + "_file")};
            if (!in)
                throw ConfigurationError("cannot read " + config().getString(key + "_file"));
            std::string value;
            std::getline(in, value);
            return value;
        }
        if (const char* value = std::getenv(environment))
            return value;
        return {};
    }

    void readMail(Poco::Util::AbstractConfiguration& c)
    {
        auto& mail = settings_.mail;
        const std::string inbox = c.getString("inbox", "maildir:var/inbox");
        if (inbox.rfind("maildir:", 0) == 0) {
            mail.inbox = MailSettings::Inbox::Maildir;
            mail.inboxMaildir = inbox.substr(8);
        } else if (inbox.rfind("pop3:", 0) == 0 || inbox.rfind("pop3s:", 0) == 0) {
            mail.inbox = MailSettings::Inbox::Pop3;
            const bool implicit = inbox.rfind("pop3s:", 0) == 0;
            std::tie(mail.pop3.host, mail.pop3.port) = hostPort(inbox.substr(implicit ? 6 : 5), implicit ? 995 : 110);
            const std::string tls = c.getString("inbox.pop3.tls", implicit ? "implicit" : "none");
            if (tls != "none" && tls != "stls" && tls != "implicit")
                throw ConfigurationError("inbox.pop3.tls must be none, stls or implicit, not '" + tls + "'");
            mail.pop3.tls = tls == "stls" ? inbox::Pop3Settings::Tls::Stls
                            : tls == "implicit" ? inbox::Pop3Settings::Tls::Implicit
                                                : inbox::Pop3Settings::Tls::None;
            mail.pop3.caFile = c.getString("mail.tls.ca_file", "");
            mail.pop3.user = c.getString("inbox.pop3.user", "");
            mail.pop3.password = secret("inbox.pop3.password", "CQP_POP3_PASSWORD");
            mail.pop3.deleteAfterCommit = c.getBool("inbox.pop3.delete", true);
            if (mail.pop3.user.empty())
                throw ConfigurationError("inbox.pop3.user is missing (" + settings_.source + ")");
        } else {
            throw ConfigurationError("inbox must be maildir:PATH, pop3:HOST:PORT or pop3s:HOST:PORT, not '" + inbox + "'");
        }
        const std::string outbox = c.getString("outbox", "spool:var/outbox");
        if (outbox.rfind("spool:", 0) == 0) {
            mail.outbox = MailSettings::Outbox::Spool;
            mail.outboxSpool = outbox.substr(6);
        } else if (outbox.rfind("smtp:", 0) == 0 || outbox.rfind("smtps:", 0) == 0) {
            mail.outbox = MailSettings::Outbox::Smtp;
            const bool implicit = outbox.rfind("smtps:", 0) == 0;
            std::tie(mail.smtp.host, mail.smtp.port) = hostPort(outbox.substr(implicit ? 6 : 5), implicit ? 465 : 25);
            std::string tls = c.getString("outbox.smtp.tls", implicit ? "implicit" : "none");
            if (c.getBool("outbox.smtp.starttls", false))
                tls = "starttls";
            if (tls != "none" && tls != "starttls" && tls != "implicit")
                throw ConfigurationError("outbox.smtp.tls must be none, starttls or implicit, not '" + tls + "'");
            mail.smtp.tls = tls == "starttls" ? outbox::SmtpSettings::Tls::StartTls
                            : tls == "implicit" ? outbox::SmtpSettings::Tls::Implicit
                                                : outbox::SmtpSettings::Tls::None;
            mail.smtp.caFile = c.getString("mail.tls.ca_file", "");
            mail.smtp.user = c.getString("outbox.smtp.user", "");
            mail.smtp.password = secret("outbox.smtp.password", "CQP_SMTP_PASSWORD");
        } else {
            throw ConfigurationError("outbox must be spool:PATH, smtp:HOST:PORT or smtps:HOST:PORT, not '" + outbox + "'");
        }
        mail.from = c.getString("mail.from", mail.from);
        mail.domain = c.getString("mail.domain", mail.domain);
        mail.smtp.heloName = mail.domain;
        mail.limits.maxMessageBytes = static_cast<std::size_t>(c.getInt64("inbox.max_message_bytes", 25 * 1024 * 1024));
        mail.limits.maxDecodedBytes = static_cast<std::size_t>(c.getInt64("inbox.max_decoded_bytes", 50 * 1024 * 1024));
        mail.limits.maxParts = c.getInt("inbox.max_parts", mail.limits.maxParts);
        mail.limits.maxDepth = c.getInt("inbox.max_depth", mail.limits.maxDepth);
        mail.asideDir = c.getString("inbox.aside", mail.asideDir.string());
        mail.replies.perSenderPerDay = positive("mail.max_replies_per_day", mail.replies.perSenderPerDay);
        mail.replies.unknownPerDay = positive("mail.max_replies_per_day_unknown", mail.replies.unknownPerDay);
    }

    void readParchment(Poco::Util::AbstractConfiguration& c)
    {
        auto& p = settings_.parchment;
        p.keyFile = c.getString("parchment.key_file", p.keyFile.string());
        p.verifyUrl = c.getString("parchment.verify_url", p.verifyUrl);
        p.place = c.getString("parchment.place", p.place);
        if (c.hasProperty("parchment.signatory.1.name")) {
            p.signatories.clear();
            for (int i = 1; i <= 3; ++i) {
                const std::string key = "parchment.signatory." + std::to_string(i);
                if (c.hasProperty(key + ".name"))
                    p.signatories.push_back({c.getString(key + ".role", ""), c.getString(key + ".name")});
            }
        }
        if (c.hasProperty("secretariat.address")) {
            p.secretariatAddress.clear();
            std::string lines = c.getString("secretariat.address");
            for (std::size_t at = 0; at <= lines.size();) {
                auto bar = lines.find('|', at);
                if (bar == std::string::npos)
                    bar = lines.size();
                p.secretariatAddress.push_back(lines.substr(at, bar - at));
                at = bar + 1;
            }
        }
        p.secretariatEmail = c.getString("secretariat.email", p.secretariatEmail);
        p.printDir = c.getString("print.dir", p.printDir.string());
        auto& a = settings_.accrochage;
        a.idClient = c.getString("accrochage.id_client", a.idClient);
        a.idContrat = c.getString("accrochage.id_contrat", a.idContrat);
        a.certificationType = c.getString("accrochage.type", a.certificationType);
        Poco::Util::AbstractConfiguration::Keys keys;
        c.keys("accrochage.code", keys);
        for (const auto& key : keys)
            a.codes[key] = c.getString("accrochage.code." + key);
        if (a.idClient.size() != 8)
            throw ConfigurationError("accrochage.id_client must have 8 characters (" + settings_.source + ")");
    }

    int positive(const std::string& key, int fallback)
    {
        const int value = config().getInt(key, fallback);
        if (value <= 0)
            throw ConfigurationError(key + " must be a positive number (" + settings_.source + ")");
        return value;
    }

    static rules::Date todayLocal()
    {
        const Poco::LocalDateTime now;
        return rules::Date::fromYmd(now.year(), static_cast<unsigned>(now.month()), static_cast<unsigned>(now.day()));
    }

    bool helpRequested_ = false;
    std::string configurationError_;
    std::map<std::string, std::string> given_;
    Settings settings_;
};

}  // namespace

int runCommandLine(int argc, char** argv)
{
    CqpApplication app;
    try {
        app.init(argc, argv);
        return app.run();
    } catch (...) {
        return reportFailure(std::current_exception());
    }
}

}  // namespace cqp::pipeline
