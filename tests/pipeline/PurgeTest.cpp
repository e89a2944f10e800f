// The retention purge (docs/rgpd.md): what is past its time goes — raw messages, refused ones
// sooner, sent mails' bodies and attachment links, old log lines, old jury and print copies,
// documents nothing cites — and nothing else; a dry run counts exactly what the purge removes.

#include "Branch.h"
#include "MailBuilder.h"

#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/stages/PurgeStage.h"
#include "cqp/workflow/MailIntake.h"

#include <gtest/gtest.h>

namespace cqp::test {
namespace {

using pipeline::Id;

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class Purge : public ::testing::TestWithParam<Backend> {};

TEST_P(Purge, WhatIsPastItsRetentionGoesAndADryRunCountsExactlyThat)
{
    Branch branch{GetParam()};
    branch.createCandidature();  // 03-12-2026: its documents stay with the dossier
    auto& store = branch.store();
    pipeline::MailSettings mail;
    const auto deliver = [&](const char* date, const std::string& id, const std::string& text) {
        pipeline::MailIntake intake{store, branch.referential, rules::Deadlines{}, d(date), mail.intake()};
        return intake.process(buildMessage("rh@chimie-exemple.fr", "Message " + id, "<" + id + "@chimie-exemple.fr>", text,
                                           {{"candidature.xml", "application/xml", signWithXmlsec1("entreprise", Branch::example("04-candidature.xml", {{"CQP-2027-001", "CQP-" + id}}))}}));
    };
    const auto old = deliver("2027-01-10", "OLD-1", "Bonjour");       // processed (a refused document), a year and more before
    const auto recent = deliver("2027-12-20", "NEW-1", "Bonjour");    // processed, recent
    pipeline::MailIntake questions{store, branch.referential, rules::Deadlines{}, d("2027-06-01"), mail.intake()};
    const auto question = questions.process(buildMessage("rh@chimie-exemple.fr", "Une question", "<q@chimie-exemple.fr>", "Où en est-on ?"));
    ASSERT_EQ(question.kind, pipeline::IntakeResult::Kind::Quarantined);
    for (const auto& m : store.mail().listOutbox(std::nullopt, ""))
        store.mail().markSent(m.id, "2027-01-10T10:00:00.000Z");
    const Id orphan = store.documents().store("%PDF-1.4 orphelin", "application/pdf", "orphelin.pdf", d("2027-01-01"));
    const Id young = store.documents().store("%PDF-1.4 jeune", "application/pdf", "jeune.pdf", d("2027-12-30"));
    auto& console = store.console();
    console.logAccess({0, "2026-12-01T10:00:00.000Z", "amelie (console)", "console", 1, 1, "dossier"});
    console.logAccess({0, "2027-12-01T10:00:00.000Z", "amelie (console)", "console", 1, 1, "dossier"});
    console.logAction({0, "2026-12-01T10:00:00.000Z", "amelie (console)", "console", "review.resolve", "vérification 1", ""});
    TempDir folders;
    pipeline::ParchmentSettings settings;
    settings.juryDir = folders / "jury";
    settings.printDir = folders / "print";
    std::filesystem::create_directories(settings.juryDir);
    std::filesystem::create_directories(settings.printDir);
    writeFile(settings.juryDir / "jury-1-2026-12-15-liste.pdf", "%PDF");
    writeFile(settings.juryDir / "jury-2-2027-12-15-liste.pdf", "%PDF");
    writeFile(settings.printDir / "lot-2026-12-16-2026-0001.pdf", "%PDF");
    writeFile(settings.printDir / "notes.txt", "sans date");

    const auto today = d("2028-01-15");  // one year: 15/01/2027; six months: 15/07/2027
    pipeline::StageContext context{store, branch.referential, rules::Deadlines{}, today};
    const auto dry = pipeline::PurgeStage{settings, true}.run(context);
    EXPECT_EQ(store.mail().received(old.receivedMailId)->raw.empty(), false);  // a dry run removes nothing
    EXPECT_TRUE(std::filesystem::exists(settings.juryDir / "jury-1-2026-12-15-liste.pdf"));
    const auto done = pipeline::PurgeStage{settings}.run(context);
    EXPECT_EQ(done.details.size(), dry.details.size());
    for (std::size_t i = 0; i + 1 < done.details.size(); ++i)  // the same counts, but the documents the purge frees
        EXPECT_EQ(done.details[i].substr(done.details[i].find(':')), dry.details[i].substr(dry.details[i].find(':'))) << i;

    // Raw messages: the old processed one and the refused one emptied, their rows kept (dedup).
    const auto oldMail = store.mail().received(old.receivedMailId);
    EXPECT_TRUE(oldMail->raw.empty());
    EXPECT_EQ(oldMail->sender, "");
    EXPECT_EQ(oldMail->subject, "");
    EXPECT_FALSE(oldMail->sha256.empty());
    EXPECT_TRUE(store.mail().received(question.receivedMailId)->raw.empty());
    EXPECT_EQ(store.mail().received(question.receivedMailId)->state, pipeline::ReceivedState::Dropped);  // no longer listed
    EXPECT_FALSE(store.mail().received(recent.receivedMailId)->raw.empty());
    // Sent mails: bodies of the old ones gone, headers kept; recent ones whole.
    for (const auto& m : store.mail().listOutbox(std::nullopt, "")) {
        const auto whole = store.mail().outgoing(m.id);
        EXPECT_EQ(whole->body.empty(), whole->logicalDate < d("2027-01-15")) << m.id << " " << whole->logicalDate.iso();
        EXPECT_FALSE(whole->subject.empty());
    }
    // Logs: the old lines gone, the recent one kept — and still append-only.
    EXPECT_EQ(console.accessesOf(1).size(), 1u);
    EXPECT_EQ(console.actions(10).size(), 0u);
    EXPECT_NE(rawExecute(branch.location(), "DELETE FROM access_log"), "");
    // Documents: the orphan past its margin goes, a young orphan and the dossier's stay.
    EXPECT_FALSE(store.documents().document(orphan));
    EXPECT_TRUE(store.documents().document(young));
    EXPECT_FALSE(store.documents().candidateDocuments(1, pipeline::DocumentKind::Outil6).empty());
    EXPECT_TRUE(store.documents().document(store.documents().candidateDocuments(1, pipeline::DocumentKind::Outil6)[0]));
    // Folders: dated copies past a year go; recent and undated ones stay.
    EXPECT_FALSE(std::filesystem::exists(settings.juryDir / "jury-1-2026-12-15-liste.pdf"));
    EXPECT_FALSE(std::filesystem::exists(settings.printDir / "lot-2026-12-16-2026-0001.pdf"));
    EXPECT_TRUE(std::filesystem::exists(settings.juryDir / "jury-2-2027-12-15-liste.pdf"));
    EXPECT_TRUE(std::filesystem::exists(settings.printDir / "notes.txt"));
    // Nothing left to do the same day.
    const auto again = pipeline::PurgeStage{settings}.run(context);
    EXPECT_EQ(again.processed, 0);

    // The candidature waiting since December 2026 without a move: three years later its person
    // is reduced to the register, as an erasure would.
    EXPECT_FALSE(rawQuery(branch.location(), "SELECT nom_naissance FROM candidates WHERE id = 1").starts_with("\n"));
    pipeline::StageContext later{store, branch.referential, rules::Deadlines{}, d("2029-12-01")};
    const auto notYet = pipeline::PurgeStage{settings, true}.run(later);
    EXPECT_TRUE(contains(notYet.details[5], "à supprimer : 0 dossier(s)")) << notYet.details[5];
    pipeline::StageContext threeYears{store, branch.referential, rules::Deadlines{}, d("2030-01-10")};
    const auto counted = pipeline::PurgeStage{settings, true}.run(threeYears);
    EXPECT_TRUE(contains(counted.details[5], "à supprimer : 1 dossier(s)")) << counted.details[5];
    pipeline::PurgeStage{settings}.run(threeYears);
    EXPECT_EQ(rawQuery(branch.location(), "SELECT nom_naissance, prenoms, email FROM candidates WHERE id = 1"), " |  | \n");
    EXPECT_EQ(rawQuery(branch.location(), "SELECT COUNT(*) FROM status_history WHERE candidature_id = 1"), "0\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, Purge, bothBackends(), backendTestName);

}  // namespace
}  // namespace cqp::test
