#include "cqp/cli/CommandLine.h"
#include "cqp/workflow/Errors.h"

#include "Commands.h"

#include "cqp/store/StoreError.h"

#include "cqp/outbox/HeaderText.h"

#include "SettingsReader.h"

#include "cqp/render/RenderError.h"

#include <Poco/Instantiator.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Logger.h>
#include <Poco/LoggingFactory.h>
#include <Poco/LoggingRegistry.h>
#include <Poco/Message.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <iostream>
#include <map>
#include <streambuf>
#include <vector>

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
// Log lines quote senders, subjects and file names: one line each, no control character.
// Registered as the channel class "SafeChannel"; its "channel" property names the next one.
class SafeLogChannel : public Poco::Channel {
public:
    void log(const Poco::Message& message) override
    {
        if (!next_)
            return;
        Poco::Message safe{message};
        safe.setText(outbox::singleLine(message.getText(), 4000));
        next_->log(safe);
    }
    void setProperty(const std::string& name, const std::string& value) override
    {
        if (name == "channel")
            next_ = Poco::LoggingRegistry::defaultRegistry().channelForName(value);
        else
            Channel::setProperty(name, value);
    }
    void open() override
    {
        if (next_)
            next_->open();
    }
    void close() override
    {
        if (next_)
            next_->close();
    }

private:
    Poco::Channel::Ptr next_;
};

using Poco::Util::Option;
using Poco::Util::OptionSet;

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
    } catch (const NotFoundError& e) {
        std::cerr << "cqp: " << e.what() << "\n";
    } catch (const render::RenderError& e) {
        std::cerr << "cqp: render error: " << e.what() << "\n";
    } catch (const StoreError& e) {
        std::cerr << "cqp: store error: " << e.what() << "\n";
    } catch (const Poco::Exception& e) {
        std::cerr << "cqp: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "cqp: " << e.what() << "\n";
    }
    return ExitEnvironment;
}

// How many leading arguments are global options (the command comes after them).
std::size_t globalPrefix(int argc, char** argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const std::string arg = argv[i];
        const std::string name = arg.substr(arg.find_first_not_of('-'), arg.find('=') == std::string::npos
                                                                             ? std::string::npos
                                                                             : arg.find('=') - arg.find_first_not_of('-'));
        const bool takesValue = std::any_of(detail::globalOptions.begin(), detail::globalOptions.end(),
                                            [&](const auto& o) { return name == o.name; });
        i += takesValue && arg.find('=') == std::string::npos ? 2 : 1;
    }
    return static_cast<std::size_t>(std::min(i, argc));
}

// A daemon's main thread waits for SIGTERM or SIGINT (Poco's ServerApplication), every other
// command runs and returns.
class CqpApplication : public Poco::Util::ServerApplication {
public:
    explicit CqpApplication(std::vector<std::string> command) : command_{std::move(command)} {}

protected:
    void defineOptions(OptionSet& options) override
    {
        Application::defineOptions(options);  // not ServerApplication's --daemon: systemd runs `cqp daemon`
        options.addOption(Option("help", "h", "show this help").callback(
            Poco::Util::OptionCallback<CqpApplication>(this, &CqpApplication::onHelp)));
        for (const auto& o : detail::globalOptions)
            options.addOption(Option(o.name, "", o.help).argument(o.argument));
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
        // An error here is kept for main(), which reports it like any other.
        try {
            if (auto it = given_.find("config"); it != given_.end()) {
                if (!std::filesystem::is_regular_file(it->second))
                    throw ConfigurationError("configuration file " + it->second + " not found");
                loadConfiguration(it->second);
                source_ = it->second;
            } else if (std::filesystem::is_regular_file("cqp.properties")) {
                loadConfiguration("cqp.properties");
                source_ = "cqp.properties";
            }
            configureLogging();
        } catch (const ConfigurationError& e) {
            configurationError_ = e.what();
        } catch (const detail::UsageError& e) {
            usageError_ = e.what();
        } catch (const Poco::Exception& e) {
            configurationError_ = source_ + ": " + e.displayText();
        }
        if (configurationError_.empty() && usageError_.empty())
            Application::initialize(self);  // the logging subsystem reads the logging.* properties
    }

    int main(const ArgVec&) override
    {
        if (helpRequested_)
            return ExitDone;
        try {
            return execute();
        } catch (...) {
            return reportFailure(std::current_exception());
        }
    }

private:
    int execute()
    {
        if (!usageError_.empty())
            throw detail::UsageError(usageError_);
        if (!configurationError_.empty())
            throw ConfigurationError(configurationError_);
        Settings settings = detail::readSettings(config(), source_);
        rules::Date today = todayLocal();
        if (auto it = given_.find("date"); it != given_.end()) {
            const auto parsed = rules::Date::parseIso(it->second);
            if (!parsed)
                throw detail::UsageError("--date must be YYYY-MM-DD, not '" + it->second + "'");
            today = *parsed;
        }
        // Subjects, names and reasons came from outside: nothing they hold reaches the terminal
        // as a control sequence.
        SafeOutput safe{std::cout};
        std::ostream out{&safe};
        detail::Invocation invocation{{}, {}, std::move(settings), today, out, [this] { waitForTerminationRequest(); }};
        return detail::dispatch(command_, invocation);
    }

    void onHelp(const std::string&, const std::string&)
    {
        helpRequested_ = true;
        stopOptionsProcessing();
        detail::printHelp(std::cout);
    }

    // Logging through Poco's logging.* properties: cqp.properties may define its own loggers and
    // channels; without them, the log goes to stderr (and to log.file / --log-file), each line
    // through SafeChannel, at log.level / --log-level.
    void configureLogging()
    {
        Poco::LoggingFactory::defaultFactory().registerChannelClass("SafeChannel",
                                                                    new Poco::Instantiator<SafeLogChannel, Poco::Channel>);
        auto& c = config();
        std::string level = c.getString("log.level", "information");
        if (auto it = given_.find("log-level"); it != given_.end())
            level = it->second;
        try {
            Poco::Logger::parseLevel(level);
        } catch (const Poco::InvalidArgumentException&) {
            throw detail::UsageError("unknown log level '" + level + "' (error, warning, notice, information, debug)");
        }
        std::string file = c.getString("log.file", "");
        if (auto it = given_.find("log-file"); it != given_.end())
            file = it->second;
        const auto byDefault = [&](const std::string& key, const std::string& value) {
            if (!c.hasProperty(key))
                c.setString(key, value);
        };
        if (!c.hasProperty("logging.loggers.root.channel")) {
            byDefault("logging.formatters.line.class", "PatternFormatter");
            byDefault("logging.formatters.line.pattern", "%Y-%m-%d %H:%M:%S %p %s: %t");
            byDefault("logging.channels.console.class", "ConsoleChannel");
            byDefault("logging.channels.console.formatter", "line");
            std::string next = "console";
            if (!file.empty()) {
                byDefault("logging.channels.file.class", "FileChannel");
                byDefault("logging.channels.file.path", file);
                byDefault("logging.channels.file.formatter", "line");
                byDefault("logging.channels.both.class", "SplitterChannel");
                byDefault("logging.channels.both.channels", "console, file");
                next = "both";
            }
            byDefault("logging.channels.safe.class", "SafeChannel");
            byDefault("logging.channels.safe.channel", next);
            c.setString("logging.loggers.root.channel", "safe");
        }
        if (given_.count("log-level") || !c.hasProperty("logging.loggers.root.level"))
            c.setString("logging.loggers.root.level", level);
    }

    static rules::Date todayLocal()
    {
        const Poco::LocalDateTime now;
        return rules::Date::fromYmd(now.year(), static_cast<unsigned>(now.month()), static_cast<unsigned>(now.day()));
    }

    std::vector<std::string> command_;
    bool helpRequested_ = false;
    std::string configurationError_;
    std::string usageError_;
    std::string source_ = "embedded default";
    std::map<std::string, std::string> given_;
};

}  // namespace

int runCommandLine(int argc, char** argv)
{
    const std::size_t prefix = globalPrefix(argc, argv);
    CqpApplication app{std::vector<std::string>(argv + prefix, argv + argc)};
    try {
        app.init(static_cast<int>(prefix), argv);
        return static_cast<Poco::Util::Application&>(app).run();  // ServerApplication::run() is protected
    } catch (...) {
        return reportFailure(std::current_exception());
    }
}

}  // namespace cqp::pipeline
