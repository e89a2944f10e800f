#include "cqp/stages/Runner.h"

#include "cqp/stages/AdvanceStage.h"
#include "cqp/stages/JuryStage.h"
#include "cqp/stages/FetchStage.h"
#include "cqp/stages/SendStage.h"
#include "cqp/stages/PurgeStage.h"
#include "cqp/stages/RenderStage.h"
#include "cqp/stages/ReportStage.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/store/CrashPoints.h"
#include "cqp/repositories/Store.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace cqp::pipeline {

void Progress::begin(const std::string& stage, std::size_t total)
{
    stage_ = stage;
    total_ = total;
    done_ = 0;
    printed_ = false;
    started_ = last_ = std::chrono::steady_clock::now();
}

void Progress::step(std::size_t count)
{
    done_ += count;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_).count() >= every_) {
        last_ = now;
        print();
    }
}

void Progress::end()
{
    if (printed_)
        print();
}

void Progress::print()
{
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    out_ << stage_ << ": " << done_ << "/" << total_ << ", " << std::fixed << std::setprecision(1)
         << (elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0) << "/s" << std::endl;
    printed_ = true;
}

bool isolatedItem(StageContext& context, StageReport& report, const std::string& stage, const std::string& item,
                  const std::function<void()>& work)
{
    try {
        crashPoint((stage + " item").c_str());
        work();
        return true;
    } catch (const std::exception& e) {
        ++report.failed;
        const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
        const std::string why = poco ? poco->displayText() : e.what();
        Poco::Logger::get("cqp." + stage).error("%s set aside: %s", item, why);
        context.store.recordFailure(stage, item, "erreur interne : " + why, context.today.iso());
        return false;
    }
}

const std::vector<std::string>& stageNames()
{
    static const std::vector<std::string> names{"fetch", "ingest", "advance", "jury", "render", "report", "send", "purge"};
    return names;
}

std::vector<std::unique_ptr<Stage>> makeStages(const ParchmentSettings& settings, StoreLocation::Kind store, const std::vector<std::string>& only)
{
    for (const auto& name : only)
        if (std::find(stageNames().begin(), stageNames().end(), name) == stageNames().end())
            throw std::invalid_argument("unknown stage '" + name + "' (stages: fetch, ingest, advance, jury, render, report, send, purge)");
    auto wanted = [&](const std::string& name) { return only.empty() || std::find(only.begin(), only.end(), name) != only.end(); };
    std::vector<std::unique_ptr<Stage>> stages;
    if (wanted("fetch"))
        stages.push_back(std::make_unique<FetchStage>());
    if (wanted("ingest"))
        stages.push_back(std::make_unique<IngestStage>(IngestStage::defaultWorker("run"),
                                                     store == StoreLocation::Kind::SQLite));
    if (wanted("advance"))
        stages.push_back(std::make_unique<AdvanceStage>(settings));
    if (wanted("jury"))
        stages.push_back(std::make_unique<JuryStage>(settings));
    if (wanted("render"))
        stages.push_back(std::make_unique<RenderStage>(settings));
    if (wanted("report"))
        stages.push_back(std::make_unique<ReportStage>(settings));
    if (wanted("send"))
        stages.push_back(std::make_unique<SendStage>());
    if (wanted("purge"))
        stages.push_back(std::make_unique<PurgeStage>(settings));
    return stages;
}

std::vector<StageReport> runStages(StageContext& context, const std::vector<std::unique_ptr<Stage>>& stages)
{
    std::vector<StageReport> reports;
    for (const auto& stage : stages) {
        // Stopped (SIGTERM): the stages still to come are left for the next run, except send,
        // which delivers what the finished items queued (their replies would wait a night).
        StageContext here = context;
        if (context.stopping()) {
            if (stage->name() != "send")
                continue;
            here.stop = nullptr;
        }
        const auto started = std::chrono::steady_clock::now();
        StageReport report{stage->name()};
        try {
            report = stage->run(here);
        } catch (const std::exception& e) {
            // A stage that fails as a whole (its store, its folder): the others still run, and
            // the run's exit code and `cqp status` say so.
            ++report.failed;
            const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
            const std::string why = poco ? poco->displayText() : e.what();
            Poco::Logger::get("cqp.run").error("stage %s failed: %s", stage->name(), why);
            context.store.recordFailure(stage->name(), "", "l'étape a échoué : " + why, context.today.iso());
        }
        if (context.progress)
            context.progress->end();
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        reports.push_back(report);
    }
    return reports;
}

namespace {

// `text` right-aligned (left when `left`) in `width` characters, UTF-8 aware.
std::string padded(const std::string& text, std::size_t width, bool left = false)
{
    std::size_t chars = 0;
    for (const char c : text)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    const std::string fill(width > chars ? width - chars : 0, ' ');
    return left ? text + fill : fill + text;
}

}  // namespace

void printSummary(std::ostream& out, const std::vector<StageReport>& reports)
{
    // For the secretariat, in French; the stages keep the names `--only` takes.
    out << padded("étape", 10, true) << padded("traités", 11) << padded("acceptés", 10) << padded("refusés", 10)
        << padded("quarantaine", 13) << padded("courriels prêts", 17) << padded("envoyés", 10) << padded("échecs", 8)
        << padded("secondes", 10) << "\n";
    for (const auto& r : reports) {
        std::ostringstream seconds;
        seconds << std::fixed << std::setprecision(3) << r.seconds;
        out << padded(r.stage, 10, true) << padded(std::to_string(r.processed), 11) << padded(std::to_string(r.accepted), 10)
            << padded(std::to_string(r.rejected), 10) << padded(std::to_string(r.quarantined), 13)
            << padded(std::to_string(r.mailsQueued), 17) << padded(std::to_string(r.mailsSent), 10)
            << padded(std::to_string(r.failed), 8) << padded(seconds.str(), 10) << "\n";
    }
    for (const auto& r : reports)
        for (const auto& line : r.details)
            out << r.stage << " : " << line << "\n";
}

}  // namespace cqp::pipeline
