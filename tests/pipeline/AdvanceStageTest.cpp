#include "cqp/ingest/ReferentialReader.h"
#include "cqp/stages/AdvanceStage.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/stages/SendStage.h"
#include "cqp/repositories/Store.h"

#include "Seed.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <set>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Backend;
using rules::CandidatureStatus;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class AdvanceStageTest : public ::testing::TestWithParam<Backend> {
protected:
    test::ScratchStore scratch{GetParam()};
    rules::Referential referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;

    StageReport advance(const char* today)
    {
        StageContext context{scratch.store(), referential, rules::Deadlines{}, d(today)};
        return AdvanceStage{}.run(context);
    }
    CandidatureStatus status(Id id) { return scratch.store().candidatures().candidature(id)->status; }

    // The mails of `kind` queued so far, whatever became of them.
    std::size_t everQueued(const std::string& kind)
    {
        std::size_t n = mails(kind).size();
        for (const auto& m : scratch.store().mail().inState(OutboxState::Sent))
            n += m.kind == kind;
        return n;
    }

    // The mails go (to a spool): the file names of what mail `id` then carries.
    std::set<std::string> sentAttachments(Id id, const char* today)
    {
        test::TempDir spool;
        MailSettings mail;
        mail.outbox = MailSettings::Outbox::Spool;
        mail.outboxSpool = spool / "outbox";
        StageContext context{scratch.store(), referential, rules::Deadlines{}, d(today), &mail};
        SendStage{}.run(context);
        std::set<std::string> names;
        for (const Id document : scratch.store().mail().attachments(id))
            names.insert(scratch.store().documents().document(document)->fileName);
        return names;
    }

    // The pending mails of `kind`: their recipients.
    std::vector<std::string> mails(const std::string& kind)
    {
        std::vector<std::string> out;
        for (const auto& m : scratch.store().mail().inState(OutboxState::Pending))
            if (m.kind == kind)
                out.push_back(m.recipient);
        return out;
    }
};

}  // namespace

TEST_P(AdvanceStageTest, ACompleteDossierGoesStepByStepToItsOutcome)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    const auto report = advance("2026-06-30");
    EXPECT_EQ(report.processed, 1);
    EXPECT_EQ(report.accepted, 1);
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Valide);
    const auto history = scratch.store().candidatures().history(s.candidature);
    ASSERT_EQ(history.size(), 5u);  // created + four single steps, none skipped
    const CandidatureStatus path[] = {CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation,
                                      CandidatureStatus::ValidationEvaluation, CandidatureStatus::InscriptionJury,
                                      CandidatureStatus::Valide};
    for (std::size_t i = 1; i < history.size(); ++i) {
        EXPECT_EQ(history[i].from, path[i - 1]);
        EXPECT_EQ(history[i].to, path[i]);
        EXPECT_EQ(history[i].actor, "cqp");
        EXPECT_EQ(history[i].logicalDate, d("2026-06-30"));
    }
    // A second run finds nothing to do.
    const auto again = advance("2026-06-30");
    EXPECT_EQ(again.processed, 0);
    EXPECT_EQ(scratch.store().candidatures().history(s.candidature).size(), 5u);
}

TEST_P(AdvanceStageTest, StopsWhereAPreconditionIsMissing)
{
    const auto evaluated = test::seedDossier(scratch.store(), test::SeedUpTo::Evaluated, {}, "E");
    const auto created = test::seedDossier(scratch.store(), test::SeedUpTo::Created, {}, "C");
    const auto report = advance("2026-06-30");
    EXPECT_EQ(report.processed, 2);
    EXPECT_EQ(report.accepted, 1);
    EXPECT_EQ(status(evaluated.candidature), CandidatureStatus::ValidationEvaluation);  // waits for the métier observations
    EXPECT_EQ(status(created.candidature), CandidatureStatus::EnCoursInscription);
    const auto facts = loadFacts(scratch.store(), referential, rules::Deadlines{}, evaluated.candidature);
    const auto blocked = std::get<rules::Blocked>(rules::nextTransition(facts, d("2026-06-30"), rules::Deadlines{}));
    EXPECT_TRUE(rules::hasRefusal(blocked.unmet, "metier_observations_missing"));
    EXPECT_TRUE(rules::hasRefusal(blocked.unmet, "jury_registration_missing"));
}

TEST_P(AdvanceStageTest, TheLogicalDateDecidesWhatCanHappen)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    advance("2026-03-01");  // the evaluation has not taken place yet
    EXPECT_EQ(status(s.candidature), CandidatureStatus::EnAttenteEvaluation);
    advance("2026-06-24");  // the day before the jury
    EXPECT_EQ(status(s.candidature), CandidatureStatus::InscriptionJury);
    advance("2026-06-25");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Valide);
}

TEST_P(AdvanceStageTest, APartialOutcomeRecordsTheAcquiredCompetencesOnce)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided, {true, false, true, false, false});
    advance("2026-06-30");
    advance("2026-07-01");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::Partiel);
    const auto acquired = scratch.store().juries().acquisitions(s.candidate, "FAB-OPE");
    ASSERT_EQ(acquired.size(), 2u);
    EXPECT_EQ(acquired[0].competenceCode, "FAB-OPE-C1");
    EXPECT_EQ(acquired[0].acquiredOn, d("2026-06-26"));
    EXPECT_EQ(acquired[0].validUntil, d("2031-06-26"));
    EXPECT_EQ(acquired[1].competenceCode, "FAB-OPE-C3");
}

TEST_P(AdvanceStageTest, AnEvaluatorEmployedByTheCompanyBlocksTheDossier)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Decided);
    auto evaluator = *scratch.store().evaluators().byRegistryNumber("EH-0001");
    evaluator.employerSirens = {"732829320"};  // the candidate's company
    scratch.store().evaluators().importRegistry({evaluator});
    advance("2026-06-30");
    EXPECT_EQ(status(s.candidature), CandidatureStatus::EnCoursInscription);
    const auto facts = loadFacts(scratch.store(), referential, rules::Deadlines{}, s.candidature);
    EXPECT_TRUE(rules::hasRefusal(facts.evaluatorIneligibility, "evaluator_employed_by_company"));
}

TEST_P(AdvanceStageTest, TheResultsWindowClosingIsRemindedOnce)
{
    const auto s = test::seedDossier(scratch.store(), test::SeedUpTo::Registered);  // evaluation planned on 2026-03-02, results due by 03-10
    advance("2026-03-07");
    EXPECT_TRUE(mails("reminder_results").empty());  // three days left
    advance("2026-03-08");
    const auto sent = mails("reminder_results");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], "sophie.martin@evaluation.example, rh@chimie-exemple.fr");  // the evaluator and the company
    const auto letter = scratch.store().mail().inState(OutboxState::Pending).back();
    EXPECT_NE(letter.body.find("jusqu'au 10/03/2026 inclus"), std::string::npos) << letter.body;
    // The reminder brings the outil n°4 to fill in once more, its token issued when it goes (issue 16).
    EXPECT_NE(letter.body.find("saisir les résultats dans l'outil n°4 joint"), std::string::npos) << letter.body;
    EXPECT_EQ(sentAttachments(letter.id, "2026-03-08"), std::set<std::string>{"outil4-candidature-" + std::to_string(s.candidature) + ".pdf"});
    advance("2026-03-09");
    advance("2026-03-10");
    EXPECT_EQ(everQueued("reminder_results"), 1u);  // once
}

TEST_P(AdvanceStageTest, AJuryCutOffSevenDaysAwayIsRemindedOnceToCompaniesThatHaveNotRegistered)
{
    const auto waiting = test::seedDossier(scratch.store(), test::SeedUpTo::Observed, {}, "W");
    const auto registered = test::seedDossier(scratch.store(), test::SeedUpTo::JuryRegistered, {}, "R");  // jury of 2026-06-25
    advance("2026-05-27");  // the cut-off (2026-06-04) is eight days away
    EXPECT_TRUE(mails("reminder_registration").empty());
    advance("2026-05-28");
    ASSERT_EQ(mails("reminder_registration").size(), 1u);
    const auto letter = scratch.store().mail().inState(OutboxState::Pending).back();
    EXPECT_EQ(letter.candidatureId, waiting.candidature);
    EXPECT_NE(letter.subject.find("Rappel : inscription au jury du 25/06/2026 jusqu'au 04/06/2026"), std::string::npos) << letter.subject;
    // With the registration form: the juries still open, to choose from (issue 16).
    EXPECT_EQ(sentAttachments(letter.id, "2026-05-28"),
              std::set<std::string>{"inscription-jury-candidature-" + std::to_string(waiting.candidature) + ".pdf"});
    advance("2026-06-01");
    EXPECT_EQ(everQueued("reminder_registration"), 1u);
    (void)registered;
}

TEST_P(AdvanceStageTest, LateJuryDecisionsAreRemindedOnceToTheSecretariatAndTheMembers)
{
    test::seedDossier(scratch.store(), test::SeedUpTo::JuryRegistered);  // jury of 2026-06-25, no decision
    scratch.store().juries().addMember({0, "Marie Lambert", "marie.lambert@syndicat.example", "CFDT"});
    advance("2026-06-27");  // due on the 27th
    EXPECT_TRUE(mails("reminder_decisions").empty());
    advance("2026-06-28");
    const auto sent = mails("reminder_decisions");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], "secretariat-cqp@localhost, marie.lambert@syndicat.example");
    const auto letter = scratch.store().mail().inState(OutboxState::Pending).back();
    EXPECT_NE(letter.body.find("Élise Marie Dupont (candidature n°1)"), std::string::npos) << letter.body;
    advance("2026-06-29");
    EXPECT_EQ(mails("reminder_decisions").size(), 1u);
}

namespace {

// Every fact, as text, to compare two readings.
std::string describe(const rules::CandidatureFacts& f)
{
    auto date = [](const std::optional<rules::Date>& d) { return d ? d->iso() : std::string{"-"}; };
    std::string out = std::string{rules::statusCode(f.status)};
    for (const bool flag : {f.civilStatusComplete, f.outil6Received, f.certificateKnown, f.parcoursSet, f.dispositifSet,
                            f.etablissementSet, f.evaluatorConfirmed, f.metierInvited, f.candidateObservations,
                            f.outil4Received, f.metierObservations})
        out += flag ? " 1" : " 0";
    for (const std::size_t n : {f.competencesChosen, f.competencesWithResult, f.competencesWithComment, f.openReviews, f.scansUnread})
        out += " " + std::to_string(n);
    for (const auto& refusal : f.evaluatorIneligibility)
        out += " " + refusal.code;
    out += " " + date(f.evaluationDate) + " " + date(f.resultsReceivedOn) + " " + date(f.registeredOn) + " " + date(f.juryDate);
    out += f.outcome ? " outcome " + std::to_string(static_cast<int>(*f.outcome)) : " -";
    return out;
}

}  // namespace

// The night reads the records of 256 candidatures at a time with one query per kind of record;
// the facts must be those read one by one, whatever the dossier holds.
TEST_P(AdvanceStageTest, TheFactsOfAGroupAreThoseReadOneByOne)
{
    auto& store = scratch.store();
    std::vector<Id> ids;
    int n = 0;
    for (const auto upTo : {test::SeedUpTo::Created, test::SeedUpTo::Registered, test::SeedUpTo::Evaluated,
                            test::SeedUpTo::Observed, test::SeedUpTo::JuryRegistered, test::SeedUpTo::Decided})
        for (const auto& validated : {std::vector<bool>{true, true, true, true}, std::vector<bool>{true, false, true, false}})
            ids.push_back(test::seedDossier(store, upTo, validated, "G" + std::to_string(n++)).candidature);
    // Papers holding two of them: an open review, scans not read yet of the candidature and of
    // the candidate (counted for the candidate's other candidatures only).
    const auto held = test::seedDossier(store, test::SeedUpTo::Observed, {}, "H");
    ids.push_back(held.candidature);
    const Id scan = store.documents().store("%PDF-1.4 scan", "application/pdf", "scan.pdf", d("2026-03-05"));
    store.mail().addReview({0, held.candidature, scan, 1, "case douteuse", ReviewState::Open, "", d("2026-03-05"), {}});
    store.mail().queueScan(scan, std::nullopt, "rh@example.fr", d("2026-03-05"), held.candidature, held.candidate);
    const auto other = test::seedDossier(store, test::SeedUpTo::Evaluated, {}, "H2");
    store.mail().queueScan(scan, std::nullopt, "rh@example.fr", d("2026-03-06"), std::nullopt, other.candidate);
    ids.push_back(other.candidature);
    ids.push_back(999999);  // no such candidature: left out

    const auto group = gatherRecords(store, ids);
    ASSERT_EQ(group.size(), ids.size() - 1);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < group.size(); ++i) {
        EXPECT_EQ(group[i].candidature.id, ids[i]);
        const auto fromGroup = describe(factsOf(group[i], referential, rules::Deadlines{}));
        EXPECT_EQ(fromGroup, describe(loadFacts(store, referential, rules::Deadlines{}, ids[i]))) << "candidature " << ids[i];
        seen.insert(fromGroup);
    }
    // The dossiers differ: the comparison is not of empty facts.
    EXPECT_GE(seen.size(), 8u);
    EXPECT_EQ(factsOf(group[group.size() - 2], referential, rules::Deadlines{}).openReviews, 1u);
    EXPECT_EQ(factsOf(group[group.size() - 2], referential, rules::Deadlines{}).scansUnread, 1u);
    EXPECT_EQ(factsOf(group.back(), referential, rules::Deadlines{}).scansUnread, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdvanceStageTest, test::bothBackends(), test::backendTestName);
