// The privacy figures (bench/run privacy): the night benchmark's store of N candidatures, given
// five years of mail — for each candidature a received message (2 kB raw), a sent mail (600 B
// body) and a scan of its own (4 kB), their dates spread over the five years before the night —
// then: the export of a person (a hundred of them), the purge on the night, the purge five years
// later (every judged person reduced to the register), the store's size before and after.

#include "BenchSupport.h"
#include "NightStore.h"

#include "cqp/actions/Privacy.h"
#include "cqp/ingest/ReferentialReader.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/stages/PurgeStage.h"
#include "cqp/store/Clock.h"

#include <cstdio>

namespace cqp::bench {

namespace fs = std::filesystem;
using pipeline::Id;

namespace {

double storeMb(const fs::path& db)
{
    double bytes = 0;
    for (const auto& file : {db, fs::path{db.string() + "-wal"}})
        if (fs::exists(file))
            bytes += static_cast<double>(fs::file_size(file));
    return bytes / 1e6;
}

// Five years of mail about each candidature, spread evenly before `night`.
void addMail(pipeline::Store& store, rules::Date night)
{
    const std::string raw(2000, 'x');
    const std::string body(600, 'y');
    std::vector<Id> all;
    for (const auto status : rules::allStatuses)
        for (const Id id : store.candidatures().idsWithStatus(status))
            all.push_back(id);
    store.transaction([&] {
        for (std::size_t i = 0; i < all.size(); ++i) {
            const auto day = night.plusDays(-static_cast<std::int64_t>((i * 1826) / all.size()));
            const auto c = store.candidatures().candidature(all[i]);
            pipeline::ReceivedMail m;
            m.messageId = "<bench-" + std::to_string(i) + "@example>";
            m.sha256 = pipeline::sha256Hex(m.messageId);
            m.sender = "rh@entreprise.example";
            m.subject = "Dossier " + std::to_string(all[i]);
            m.receivedAt = day.iso() + "T09:00:00.000Z";
            m.logicalDate = day;
            m.state = i % 10 == 0 ? pipeline::ReceivedState::Quarantined : pipeline::ReceivedState::Processed;
            m.raw = raw + std::to_string(i);
            store.mail().recordReceived(m);
            pipeline::OutboxMail o;
            o.kind = "reply";
            o.candidatureId = all[i];
            o.recipient = "rh@entreprise.example";
            o.subject = "Accusé de réception — candidature n°" + std::to_string(all[i]);
            o.body = body;
            o.createdAt = m.receivedAt;
            o.nextAttemptAt = m.receivedAt;
            o.logicalDate = day;
            const Id sent = store.mail().enqueue(o);
            store.mail().markSent(sent, m.receivedAt);
            const Id scan = store.documents().store(std::string(4000, 's') + std::to_string(i), "image/png",
                                                    "scan-" + std::to_string(i) + ".png", day);
            store.documents().attachToCandidate(c->candidateId, scan, pipeline::DocumentKind::Outil6, day);
        }
    });
}

}  // namespace

int privacyBench(int n, const fs::path& work)
{
    fs::remove_all(work);
    fs::create_directories(work);
    const pipeline::StoreLocation location{pipeline::StoreLocation::Kind::SQLite, (work / "cqp.db").string()};
    const auto night = *rules::Date::parseIso("2027-06-01");
    auto store = pipeline::Store::open(location);
    store->migrate();
    generateNightStore(*store, n, night);
    addMail(*store, night);
    auto referential = ingest::readReferential(std::string{ingest::defaultReferentialXml()}).referential;
    store->compact();
    const double before = storeMb(work / "cqp.db");

    // The right of access: a hundred people, one after the other.
    auto started = std::chrono::steady_clock::now();
    std::size_t rows = 0, files = 0;
    const int exports = 100;
    for (int i = 0; i < exports; ++i) {
        const auto exported = pipeline::exportPerson(*store, 1 + (i * 997) % (n / 2), {"bench", "cli"});
        for (const auto& [table, count] : exported.rows)
            rows += count;
        files += exported.files.size();
    }
    const double exportMs = seconds(started) * 1000.0 / exports;

    pipeline::ParchmentSettings settings;
    settings.juryDir = work / "jury";
    settings.printDir = work / "print";
    const auto purge = [&](rules::Date on) {
        pipeline::StageContext context{*store, *referential, rules::Deadlines{}, on};
        const auto t = std::chrono::steady_clock::now();
        const auto report = pipeline::PurgeStage{settings}.run(context);
        return std::pair{seconds(t), report.processed};
    };
    const auto [nightS, nightItems] = purge(night);
    const double afterNight = storeMb(work / "cqp.db");
    store->compact();
    const double afterNightCompacted = storeMb(work / "cqp.db");
    const auto [laterS, laterItems] = purge(night.plusYears(5));
    store->compact();
    const double afterLater = storeMb(work / "cqp.db");
    std::printf("candidatures=%d\nexport_ms=%.1f\nexport_rows=%.0f\nexport_files=%.1f\nstore_mb_before=%.1f\n"
                "purge_s=%.2f\npurge_items=%d\nstore_mb_after_purge=%.1f\nstore_mb_after_purge_compacted=%.1f\n"
                "purge_5y_later_s=%.2f\npurge_5y_later_items=%d\nstore_mb_5y_later_compacted=%.1f\npeak_rss_mb=%.1f\n",
                n, exportMs, static_cast<double>(rows) / exports, static_cast<double>(files) / exports, before, nightS, nightItems,
                afterNight, afterNightCompacted, laterS, laterItems, afterLater, peakRssMb());
    return 0;
}

}  // namespace cqp::bench
