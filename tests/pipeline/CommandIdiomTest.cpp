// One command-line idiom (issue 13): options per command, help for every command, usage
// errors in one line with the command's usage, logging set by Poco's logging.* properties.

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using cqp::test::contains;
using cqp::test::runCqp;
using cqp::test::TempDir;

namespace {

class CommandIdiom : public ::testing::Test {
protected:
    TempDir dir;
    cqp::test::CommandResult cqp(const std::vector<std::string>& args) { return runCqp(dir.path(), args); }

    static int lines(const std::string& text)
    {
        int n = 0;
        for (char c : text)
            n += c == '\n';
        return n;
    }
};

// Every command of `cqp --help`, by its words.
const std::vector<std::vector<std::string>> everyCommand{
    {"init"}, {"run"}, {"ingest"}, {"daemon"}, {"worker"}, {"status"}, {"history"}, {"candidature", "correct"},
    {"forms", "render"}, {"dossier", "show"}, {"referential", "check"}, {"evaluator", "import"}, {"evaluator", "list"}, {"jury", "add"},
    {"jury", "show"}, {"jury", "member", "add"}, {"jury", "member", "remove"}, {"jury", "member", "list"}, {"jury", "decide"}, {"jury", "move"}, {"jury", "list"},
    {"account", "list"}, {"account", "show"}, {"account", "approve"}, {"account", "suspend"}, {"account", "reinstate"}, {"account", "rekey"},
    {"account", "add"}, {"inbox", "list"}, {"mail", "list"}, {"mail", "resend"}, {"quarantine", "list"}, {"quarantine", "show"}, {"quarantine", "retry"},
    {"quarantine", "drop"}, {"review", "list"}, {"review", "show"}, {"review", "resolve"}, {"verify"},
    {"parchment", "revoke"}, {"parchment", "reissue"}, {"stats"}, {"export", "accrochage"}};

std::string joined(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

}  // namespace

TEST_F(CommandIdiom, TheLogicalDateAndTheMeetingDateHaveTheirOwnNames)
{
    ASSERT_EQ(cqp({"init"}).exitCode, 0);
    const auto added = cqp({"--date", "2026-12-01", "jury", "add", "--meeting", "2027-03-10", "--capacity", "12"});
    EXPECT_EQ(added.exitCode, 0) << added.err;
    EXPECT_TRUE(contains(added.out, "du 10/03/2027")) << added.out;
    EXPECT_TRUE(contains(added.out, "inscriptions jusqu'au 17/02/2027")) << added.out;

    // The logical date after the command: refused, saying where it goes, in one line.
    const auto misplaced = cqp({"jury", "add", "--date", "2027-03-10", "--capacity", "12"});
    EXPECT_EQ(misplaced.exitCode, 2);
    EXPECT_EQ(lines(misplaced.err), 1) << misplaced.err;
    EXPECT_TRUE(contains(misplaced.err, "--date here: it is a global option")) << misplaced.err;
    EXPECT_TRUE(contains(misplaced.err, "(usage: cqp jury add --meeting D --capacity N [--cqp CODE])")) << misplaced.err;
    EXPECT_FALSE(contains(misplaced.err, "must not be given more than once"));
}

TEST_F(CommandIdiom, EveryUsageErrorIsOneLineWithTheCommandsUsage)
{
    ASSERT_EQ(cqp({"init"}).exitCode, 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"jury", "add", "--capacity"}, {"jury", "add", "--bogus=1"}, {"history", "abc"},
          {"stats", "--from=2026-12-31", "--to=2026-01-01", "-o", "x.pdf"}, {"run", "--only=nowhere"},
          {"referential", "check"}, {"candidature", "correct", "1", "--to=valide"}}) {
        const auto r = cqp(args);
        EXPECT_EQ(r.exitCode, 2) << joined(args);
        EXPECT_EQ(lines(r.err), 1) << joined(args) << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "cqp: " + args[0])) << r.err;
        EXPECT_TRUE(contains(r.err, "(usage: cqp " + args[0])) << r.err;
    }
    const auto unknown = cqp({"frobnicate"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_EQ(lines(unknown.err), 1);
    EXPECT_TRUE(contains(unknown.err, "unknown command 'frobnicate' (see cqp --help)"));
}

TEST_F(CommandIdiom, EveryCommandHasItsHelpBothWays)
{
    for (const auto& words : everyCommand) {
        std::vector<std::string> help{"help"};
        help.insert(help.end(), words.begin(), words.end());
        const auto viaHelp = cqp(help);
        EXPECT_EQ(viaHelp.exitCode, 0) << joined(words) << ": " << viaHelp.err;
        EXPECT_TRUE(contains(viaHelp.out, "usage: cqp [GLOBAL OPTIONS] " + joined(words))) << viaHelp.out;
        auto flag = words;
        flag.push_back("--help");
        const auto viaFlag = cqp(flag);
        EXPECT_EQ(viaFlag.exitCode, 0) << joined(words);
        EXPECT_EQ(viaFlag.out, viaHelp.out) << joined(words);
    }
    const auto jury = cqp({"help", "jury", "add"});
    EXPECT_TRUE(contains(jury.out, "--meeting D")) << jury.out;
    EXPECT_TRUE(contains(jury.out, "the date of the meeting")) << jury.out;
    const auto stats = cqp({"stats", "--help"});
    EXPECT_TRUE(contains(stats.out, "-o, --output FILE")) << stats.out;
    EXPECT_EQ(cqp({"help", "no", "such"}).exitCode, 2);
}

TEST_F(CommandIdiom, LoggingFollowsPocosLoggingProperties)
{
    // The default: stderr, and --log-file beside it.
    ASSERT_EQ(cqp({"--log-file=run.log", "init"}).exitCode, 0);
    const auto run = cqp({"--log-file=run.log", "--log-level=debug", "--date=2026-12-01", "run"});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    std::ifstream defaultLog{dir / "run.log"};
    std::stringstream logged;
    logged << defaultLog.rdbuf();
    EXPECT_TRUE(contains(logged.str(), " Debug ")) << logged.str();

    // cqp.properties with its own channels: the log goes where they say, at their level.
    std::ofstream{dir / "cqp.properties"} << "logging.loggers.root.channel = mine\n"
                                             "logging.loggers.root.level = debug\n"
                                             "logging.channels.mine.class = FileChannel\n"
                                             "logging.channels.mine.path = mine.log\n"
                                             "logging.channels.mine.pattern = MINE %p %s: %t\n";
    const auto again = cqp({"--date=2026-12-02", "run"});
    EXPECT_EQ(again.exitCode, 0) << again.err;
    std::ifstream mine{dir / "mine.log"};
    std::stringstream text;
    text << mine.rdbuf();
    EXPECT_TRUE(contains(text.str(), "MINE ")) << text.str();
    EXPECT_FALSE(contains(again.err, "MINE "));
}
