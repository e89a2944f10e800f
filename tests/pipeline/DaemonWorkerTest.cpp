// The long-running commands as an operator runs them: `cqp daemon` under the run lock, stopped
// by SIGTERM; `cqp worker` processes sharing the scans of one PostgreSQL store.

#include "cqp/ingest/ScanReader.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/repositories/MailRepository.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "ScanSet.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;

namespace {

std::size_t filesUnder(const std::filesystem::path& dir)
{
    std::size_t n = 0;
    if (std::filesystem::exists(dir))
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
            n += entry.is_regular_file();
    return n;
}

}  // namespace

TEST(Daemon, AnswersTheInboxHoldsTheRunLockAndStopsOnSigterm)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    writeFile(dir / "var/inbox/new/1.M1.test", buildMessage("Jean Martin <jean.martin@exemple.fr>", "Question", "q1@exemple.fr",
                                                             "Comment inscrire un salarié ?"));
    CqpProcess daemon{dir.path(), {"daemon"}};
    // The first pass starts at once: the reply is written to the outbox spool.
    for (int i = 0; i < 150 && filesUnder(dir / "var/outbox") == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    EXPECT_EQ(filesUnder(dir / "var/outbox"), 1u);
    // Meanwhile no other run may work on the store.
    const auto other = runCqp(dir.path(), {"run"});
    EXPECT_EQ(other.exitCode, 3);
    EXPECT_TRUE(contains(other.err, "another cqp run or daemon is working on var/cqp.db")) << other.err;
    daemon.terminate();
    const auto stopped = daemon.wait();
    EXPECT_EQ(stopped.exitCode, 0) << stopped.err;
    EXPECT_TRUE(contains(stopped.out, "daemon stopped")) << stopped.out;
    EXPECT_TRUE(contains(stopped.out, "fetch               1")) << stopped.out;
    // The lock went with it.
    EXPECT_EQ(runCqp(dir.path(), {"run"}).exitCode, 0);
}

TEST(Workers, ARefusedStoreAndAnEmptyQueue)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const auto sqlite = runCqp(dir.path(), {"worker"});
    EXPECT_EQ(sqlite.exitCode, 2);
    EXPECT_TRUE(contains(sqlite.err, "on SQLite, use cqp run or cqp daemon")) << sqlite.err;
    // On PostgreSQL with nothing queued, `--once` ends at once, having read nothing.
    const TestDatabase database;
    writeFile(dir / "cqp.properties", "store = postgresql:" + database.connection() + "\n");
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    const auto idle = runCqp(dir.path(), {"worker", "--once"});
    EXPECT_EQ(idle.exitCode, 0) << idle.err;
    EXPECT_TRUE(contains(idle.out, "\ningest              0")) << idle.out;
}

TEST(Workers, TwoWorkersShareTheScansOfOnePostgreSQLStoreAndNoneIsReadTwice)
{
    Branch branch{Backend::PostgreSQL};
    branch.createCandidature();
    ASSERT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status,
              SubmissionOutcome::Status::Accepted);
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = postgresql:" + branch.location().target + "\n");
    const auto pdf = renderForm(branch.store(), branch.referential, 1, 4, "12/01/2027");
    MailSettings mail;
    MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-01-12"), mail.intake()};
    constexpr int perBatch = 8;
    auto queue = [&](int batch) {
        for (int i = 0; i < perBatch; ++i) {
            // Each scan its own paper: one row ticked differently.
            std::vector<int> choices{1, 1, 1, 1, 1};
            choices[static_cast<std::size_t>(i % 5)] = batch == 0 ? 0 : -1;
            const auto png = ingest::encodePng(fillOutil4(pdf, choices, true, 150 + 10 * i + batch));
            intake.process(buildMessage("sophie.martin@evaluateurs.example", "Outil 4", std::to_string(batch) + "-" + std::to_string(i) + "@w",
                                        "Ci-joint.", {{"outil4.png", "image/png", png}}));
        }
    };
    auto timed = [&](int workers) {
        const auto started = std::chrono::steady_clock::now();
        std::vector<std::unique_ptr<CqpProcess>> running;
        for (int w = 0; w < workers; ++w)
            running.push_back(std::make_unique<CqpProcess>(dir.path(), std::vector<std::string>{"--date=2027-01-12", "worker", "--once"}));
        std::vector<CommandResult> results;
        for (auto& p : running)
            results.push_back(p->wait());
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        for (const auto& r : results) {
            EXPECT_EQ(r.exitCode, 0) << r.err;
            if (workers > 1) {  // both took a share
                std::istringstream summary{r.out.substr(r.out.find("\ningest") + 1)};
                std::string stage;
                int processed = 0;
                summary >> stage >> processed;
                EXPECT_GT(processed, 0) << r.out;
            }
        }
        return perBatch / seconds;
    };
    queue(0);
    const double one = timed(1);
    queue(1);
    const double two = timed(2);
    // Every scan read once: each reading leaves one searchable PDF.
    EXPECT_EQ(branch.store().mail().countScansPending(), 0);
    EXPECT_EQ(std::stoll(rawQuery(branch.location(),
                                  "SELECT COUNT(*) FROM scan_queue WHERE state = 'done' AND filed_by_submission = 0")),
              2 * perBatch);
    EXPECT_EQ(std::stoll(rawQuery(branch.location(), "SELECT COUNT(*) FROM documents WHERE file_name = 'outil4.png.ocr.pdf'")),
              2 * perBatch);
    std::printf("workers: %.2f scans/s with one worker, %.2f with two (x%.2f)\n", one, two, two / one);
}
