// The long-running commands: `cqp daemon` (one per store, under the run lock) and `cqp worker`
// (any number, PostgreSQL only, sharing the queued scans).

#include "CommandSupport.h"

#include "cqp/stages/Runner.h"
#include "cqp/web/Server.h"
#include "cqp/stages/IngestStage.h"

#include <Poco/LocalDateTime.h>
#include <Poco/Logger.h>
#include <Poco/Util/Timer.h>
#include <Poco/Util/TimerTask.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <thread>

namespace cqp::pipeline::detail {

namespace {

rules::Date localToday()
{
    const Poco::LocalDateTime now;
    return rules::Date::fromYmd(now.year(), static_cast<unsigned>(now.month()), static_cast<unsigned>(now.day()));
}

// The logical date now: the one the command started with (today, or --date), moved on by the
// days that have passed since.
class LogicalClock {
public:
    explicit LogicalClock(rules::Date start) : start_{start}, startedOn_{localToday()} {}
    rules::Date today() const { return start_.plusDays(localToday().daysSince(startedOn_)); }

private:
    rules::Date start_;
    rules::Date startedOn_;
};

void sleepUnlessStopped(int seconds)
{
    for (int i = 0; i < seconds * 5 && !stopRequested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds{200});
}

class FunctionTask : public Poco::Util::TimerTask {
public:
    explicit FunctionTask(std::function<void()> work) : work_{std::move(work)} {}
    void run() override { work_(); }

private:
    std::function<void()> work_;
};

// The next local `hour`:`minute` after now.
Poco::Timestamp nextLocalTime(int hour, int minute)
{
    const Poco::LocalDateTime now;
    Poco::LocalDateTime at{now.year(), now.month(), now.day(), hour, minute};
    if (at.timestamp() <= now.timestamp())
        at += Poco::Timespan{1, 0, 0, 0, 0};
    return at.timestamp();
}

int cmdWorker(Invocation& inv)
{
    expectWords(inv, 1);
    if (inv.settings.store.kind != StoreLocation::Kind::PostgreSQL)
        throw UsageError("cqp worker shares a PostgreSQL store's queued scans between processes; on SQLite, use cqp run or cqp daemon");
    const bool once = inv.options.count("once") > 0;
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    stopOnSignals();
    const LogicalClock clock{inv.today};
    const std::string name = IngestStage::defaultWorker("worker");
    IngestStage stage{name, false};
    Progress progress{std::cerr};
    inv.out << "worker " << name << " on " << store->location().describe() << std::endl;
    StageReport total{"ingest"};
    while (!stopRequested()) {
        StageContext context{*store, referential, inv.settings.deadlines, clock.today(), &inv.settings.mail, &progress,
                             &stopRequested()};
        const auto started = std::chrono::steady_clock::now();
        auto report = stage.run(context);
        progress.end();
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        total += report;
        if (report.processed == 0) {
            if (once)
                break;
            sleepUnlessStopped(inv.settings.daemon.pollSeconds);
        }
    }
    printSummary(inv.out, {total});
    return ExitDone;
}

int cmdDaemon(Invocation& inv)
{
    expectWords(inv, 1);
    const auto referential = loadReferential(inv.settings);
    auto lockHolder = openStore(inv.settings);
    const auto lock = lockHolder->lockRuns();
    blockStopSignals();  // before the timer's thread starts: the signals go to the waiting main thread
    auto& log = Poco::Logger::get("cqp.daemon");
    const LogicalClock clock{inv.today};
    const auto& daemon = inv.settings.daemon;

    // One pass of some stages, on a store of its own; a failing pass (the database unreachable,
    // the disk full) is logged and the daemon goes on with the next.
    auto pass = [&](const std::vector<std::string>& only, const std::string& what) {
        if (stopRequested())
            return;
        try {
            auto store = openStore(inv.settings);
            const auto stages = makeStages(inv.settings.parchment, inv.settings.store.kind, only);
            StageContext context{*store, referential, inv.settings.deadlines, clock.today(), &inv.settings.mail, nullptr,
                                 &stopRequested()};
            const auto reports = runStages(context, stages);
            int work = 0;
            for (const auto& r : reports)
                work += r.processed + r.mailsQueued + r.mailsSent;
            if (work > 0 || only.empty()) {
                inv.out << what << " of " << context.today.iso() << "\n";
                printSummary(inv.out, reports);
                inv.out.flush();
            }
        } catch (const std::exception& e) {
            log.error("%s: %s", what, std::string{e.what()});
        }
    };

    Poco::Util::Timer timer;  // one thread: the passes never overlap
    timer.schedule(new FunctionTask{[&] { pass({"fetch", "ingest", "send"}, "pass"); }}, 0,
                   static_cast<long>(daemon.intervalMinutes) * 60 * 1000);
    std::function<void()> night = [&] {
        pass({}, "night");
        timer.schedule(new FunctionTask{night}, nextLocalTime(daemon.nightHour, daemon.nightMinute));
    };
    timer.schedule(new FunctionTask{night}, nextLocalTime(daemon.nightHour, daemon.nightMinute));
    inv.out << "daemon on " << lockHolder->location().describe() << ": fetch, ingest and send every "
            << daemon.intervalMinutes << " min, all stages at " << (daemon.nightHour < 10 ? "0" : "") << daemon.nightHour << ":"
            << (daemon.nightMinute < 10 ? "0" : "") << daemon.nightMinute << "; SIGTERM stops it" << std::endl;
    // The main thread waits for SIGTERM or SIGINT (Poco's ServerApplication); the passes stop
    // after their current item.
    inv.waitForTermination();
    requestStop();
    timer.cancel(true);  // waits for the pass under way, which stops after its current item
    inv.out << "daemon stopped" << std::endl;
    return ExitDone;
}

// The web server: the public verification page and the secretariat's console, until SIGTERM.
int cmdServe(Invocation& inv)
{
    expectWords(inv, 1);
    auto settings = inv.settings.web;
    if (inv.options.count("port")) {
        const std::string& port = inv.options.at("port");
        settings.port = port == "0" ? 0 : static_cast<int>(parseId(port, "--port"));
        if (settings.port > 65535)
            throw UsageError("--port must be a port number, not '" + port + "'");
    }
    if (inv.options.count("address"))
        settings.address = inv.options.at("address");
    const auto referential = loadReferential(inv.settings);
    openStore(inv.settings);  // the schema is checked (or made) before the first request
    blockStopSignals();
    const LogicalClock clock{inv.today};
    WebServer server{WebContext{inv.settings.store, referential, inv.settings.deadlines, inv.settings.mail.intake(),
                                [&clock] { return clock.today(); }},
                     settings};
    server.start();
    const std::string local = "http://" + (settings.address == "0.0.0.0" ? std::string{"127.0.0.1"} : settings.address) + ":" +
                              std::to_string(server.port());
    inv.out << "serve: listening on " << settings.address << ":" << server.port() << "\n"
            << "console du secrétariat : " << local << "/secretariat/\n"
            << "vérification publique : " << local << "/verifier (adresse publique : " << settings.publicUrl << "/verifier)"
            << std::endl;
    inv.waitForTermination();
    server.stop();
    inv.out << "serve stopped" << std::endl;
    return ExitDone;
}

}  // namespace

CommandList daemonCommands()
{
    return {
        {{"daemon"}, "daemon", "fetch, ingest and send every few minutes, all the stages each night; stops on SIGTERM",
         {}, cmdDaemon},
        {{"worker"}, "worker [--once]",
         "PostgreSQL: read queued scans beside other workers (SKIP LOCKED claims under a lease); stops on SIGTERM",
         {{"once", "", "stop when no queued scan is left", ""}}, cmdWorker},
        {{"serve"}, "serve [--port N] [--address A]",
         "the web server: public verification of parchments (/verifier) and the secretariat's console (/secretariat/); stops on "
         "SIGTERM",
         {{"port", "N", "listen on this port (default web.port, 8080; 0: any free port, printed)", ""},
          {"address", "A", "listen on this address (default web.address, 127.0.0.1)", ""}},
         cmdServe},
    };
}

}  // namespace cqp::pipeline::detail
