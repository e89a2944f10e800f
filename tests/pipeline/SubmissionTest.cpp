// Submissions from file to store, signed with xmlsec1, on SQLite and PostgreSQL.

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/stages/AdvanceStage.h"
#include "cqp/stages/JuryStage.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/stages/SendStage.h"

#include "Branch.h"
#include "Seed.h"

#include <gtest/gtest.h>

#include <set>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Backend;
using cqp::test::Branch;
using Status = SubmissionOutcome::Status;
using rules::CandidatureStatus;

namespace {

class SubmissionTest : public ::testing::TestWithParam<Backend> {
protected:
    Branch branch{GetParam()};
    CandidatureStatus status() { return branch.store().candidatures().candidature(1)->status; }
    std::vector<std::string> mailKinds()
    {
        std::vector<std::string> kinds;
        for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
            kinds.push_back(m.kind);
        return kinds;
    }
    bool queued(const std::string& kind)
    {
        const auto kinds = mailKinds();
        return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
    }
};

}  // namespace

TEST_P(SubmissionTest, AccountRequestsWaitForTheSecretariat)
{
    const auto pending = branch.store().accounts().accounts(AccountStatus::Pending);
    EXPECT_TRUE(pending.empty());  // the fixture approved them
    const auto a = branch.store().accounts().account(1);
    EXPECT_EQ(a->role, AccountRole::Entreprise);
    EXPECT_EQ(a->addresses, std::vector<std::string>{"rh@chimie-exemple.fr"});
    EXPECT_NE(a->publicKeyPem.find("BEGIN PUBLIC KEY"), std::string::npos);
    EXPECT_EQ(branch.store().accounts().etablissementBySiret("73282932000074")->address.city, "Lyon");
    const auto evaluator = branch.store().accounts().account(2);
    EXPECT_EQ(evaluator->role, AccountRole::Evaluateur);
    EXPECT_TRUE(evaluator->evaluatorId);
    EXPECT_TRUE(queued("account_requested"));
}

TEST_P(SubmissionTest, TheWholeProcessFromCandidateToJuryDecision)
{
    const auto candidate = branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03",
                                       {Branch::pdf("outil6-dupont.pdf"), Branch::pdf("cap-dupont.pdf")}, "rh@chimie-exemple.fr");
    ASSERT_EQ(candidate.status, Status::Accepted) << candidate.messages.at(0);
    EXPECT_EQ(candidate.candidateId, 1);
    EXPECT_EQ(candidate.attachmentsUsed, (std::vector<std::string>{"outil6-dupont.pdf", "cap-dupont.pdf"}));
    EXPECT_EQ(branch.store().documents().candidateDocuments(1, DocumentKind::Diplome).size(), 1u);
    EXPECT_TRUE(queued("candidate_invitation"));

    const auto candidature = branch.send("entreprise", Branch::example("04-candidature.xml"), "2026-12-04");
    ASSERT_EQ(candidature.status, Status::Accepted) << candidature.messages.at(0);
    EXPECT_EQ(candidature.candidatureId, 1);
    EXPECT_EQ(status(), CandidatureStatus::EnAttenteEvaluation);
    EXPECT_TRUE(queued("evaluator_confirmed"));
    EXPECT_EQ(candidature.messages.back(), "Candidature n°1 : statut « en attente d'évaluation ».");
    // The forms the next steps need travel with the mails: outil n°4 to the evaluator, n°6 to the
    // company — rendered when the mails are sent, not in the submission's transaction (issue 15).
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "evaluator_confirmed" || m.kind == "dossier_form") {
            EXPECT_TRUE(branch.store().mail().attachments(m.id).empty());
            // The company's outil n°6 waits to be rendered; the evaluator's fillable outil n°4 and
            // métier invitation are chosen by the mail's kind when it goes, tokens and all (issue 16).
            ASSERT_EQ(branch.store().mail().formsToRender(m.id).size() + branch.store().mail().fillableFormsToRender(m.id).size(),
                      m.kind == "dossier_form" ? 1u : 0u);
        }
    test::TempDir spool;
    MailSettings mail;
    mail.outboxSpool = spool / "outbox";
    StageContext sending{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-04"), &mail};
    SendStage{}.run(sending);
    for (const auto& m : branch.store().mail().inState(OutboxState::Sent))
        if (m.kind == "evaluator_confirmed" || m.kind == "dossier_form") {
            EXPECT_TRUE(branch.store().mail().formsToRender(m.id).empty());
            EXPECT_TRUE(branch.store().mail().fillableFormsToRender(m.id).empty());
            const auto attached = branch.store().mail().attachments(m.id);
            std::set<std::string> names;
            for (const Id document : branch.store().mail().attachments(m.id)) {
                const auto form = branch.store().documents().document(document);
                EXPECT_EQ(form->content.rfind("%PDF", 0), 0u);
                names.insert(form->fileName);
            }
            // The evaluator's outil n°4 with the form that invites the évaluateur métier.
            const std::set<std::string> expected =
                m.kind == "evaluator_confirmed"
                    ? std::set<std::string>{"outil4-candidature-1.pdf", "invitation-evaluateur-metier-candidature-1.pdf"}
                    : std::set<std::string>{"outil6-candidature-1.pdf"};
            EXPECT_EQ(names, expected);
        }

    branch.evaluate();
    EXPECT_EQ(status(), CandidatureStatus::ValidationEvaluation);
    EXPECT_TRUE(queued("metier_invitation"));
    EXPECT_FALSE(queued("evaluations_complete"));  // the évaluateur métier has not commented yet
    const auto evaluation = branch.store().candidatures().evaluation(1);
    ASSERT_TRUE(evaluation);
    EXPECT_TRUE(evaluation->outil4DocumentId);
    EXPECT_FALSE(evaluation->results.back().acquired);

    branch.observe();
    EXPECT_TRUE(queued("evaluations_complete"));
    // The company reads which juries it can still register to (issue 14, item 10).
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending)) {
        if (m.kind != "evaluations_complete")
            continue;
        EXPECT_NE(m.body.find("Jurys ouverts pour ce CQP :\n"), std::string::npos) << m.body;
        EXPECT_NE(m.body.find("  - jury n°2 du 15/06/2027 : inscription jusqu'au 25/05/2027, 2 place(s) libre(s)"),
                  std::string::npos)
            << m.body;
    }

    branch.register_();
    EXPECT_EQ(status(), CandidatureStatus::InscriptionJury);
    EXPECT_TRUE(queued("jury_registration_confirmed"));
    EXPECT_EQ(branch.store().juries().registrationOf(1)->placedJuryId, 2);

    const auto decisions = branch.send("secretariat", Branch::example("09-decisions-jury.xml"), "2027-06-16");
    ASSERT_EQ(decisions.status, Status::Accepted) << decisions.messages.at(0);
    EXPECT_EQ(status(), CandidatureStatus::Partiel);
    EXPECT_TRUE(queued("jury_results"));
    // The candidate, whose address the dossier holds, is told in a mail of their own (issue 14, item 10).
    bool candidateTold = false;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        candidateTold = candidateTold || (m.kind == "jury_results_candidate" && m.recipient == "elise.durand@exemple.fr" &&
                                          m.subject.rfind("Résultat du jury : partiel", 0) == 0);
    EXPECT_TRUE(candidateTold);
    EXPECT_EQ(branch.store().juries().acquisitions(1, "FAB-OPE").size(), 4u);

    const auto history = branch.store().candidatures().history(1);
    ASSERT_EQ(history.size(), 5u);
    EXPECT_EQ(history[4].actor, "secretariat");
    EXPECT_TRUE(history[4].evidenceDocumentId);  // the decisions document
    // Candidature, invitation, results, observations, registration; decisions name several candidatures.
    EXPECT_EQ(branch.store().submissions().forCandidature(1).size(), 5u);
}

TEST_P(SubmissionTest, TheSameSignedDocumentTwiceIsAppliedOnce)
{
    const std::string signedXml = test::signWithXmlsec1("entreprise", Branch::example("03-candidat.xml"));
    SubmissionProcessor processor{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-03")};
    const auto first = processor.process({signedXml, "candidat.xml", "rh@chimie-exemple.fr", {}});
    ASSERT_EQ(first.status, Status::Accepted);
    const auto mails = branch.store().mail().inState(OutboxState::Pending).size();
    const auto second = processor.process({signedXml, "candidat.xml", "rh@chimie-exemple.fr", {}});
    EXPECT_EQ(second.status, Status::AlreadyReceived);
    EXPECT_EQ(second.submissionId, first.submissionId);
    EXPECT_FALSE(second.candidateId);  // a second copy names no dossier (it could come from anyone)
    EXPECT_NE(second.messages.at(0).find("déjà reçu"), std::string::npos);
    EXPECT_EQ(test::countRows(branch.location(), "candidates"), 1);
    EXPECT_EQ(branch.store().mail().inState(OutboxState::Pending).size(), mails);
}

TEST_P(SubmissionTest, TheCompanysReferenceIsAnAliasWithinItsAccount)
{
    branch.createCandidature();
    // Company A registers by its own reference "CQP-2027-001" (08-inscription-jury.xml uses it).
    branch.evaluate();
    branch.observe();
    branch.register_();
    EXPECT_EQ(status(), CandidatureStatus::InscriptionJury);
    // Company B cannot use company A's reference: for B it designates nothing.
    const auto other = branch.send("entreprise-b",
                                   Branch::example("08-inscription-jury.xml", {{"compte=\"1\"", "compte=\"4\""}}), "2027-01-14");
    EXPECT_EQ(other.status, Status::Rejected);
    EXPECT_NE(other.messages.at(0).find("aucune candidature de référence « CQP-2027-001 » dans votre compte"), std::string::npos);
}

TEST_P(SubmissionTest, AnInvitedCandidateEntersTheirOwnCivilStatus)
{
    branch.createCandidature();
    const auto entry = branch.send("candidat",
                                   Branch::example("10-saisie-candidat.xml", {{"fedcba9876543210fedcba9876543210", branch.token("candidat")}}),
                                   "2026-12-05");
    ASSERT_EQ(entry.status, Status::Accepted) << entry.messages.at(0);
    EXPECT_EQ(branch.store().candidatures().candidate(1)->prenoms, "Élise Marie Jeanne");
    // The token is single-use.
    const auto again = branch.send("candidat",
                                   Branch::example("10-saisie-candidat.xml", {{"fedcba9876543210fedcba9876543210", branch.token("candidat")},
                                                                              {"Jeanne", "Louise"}}),
                                   "2026-12-06");
    EXPECT_EQ(again.status, Status::Rejected);
    EXPECT_NE(again.messages.at(0).find("a déjà servi"), std::string::npos);
}

TEST_P(SubmissionTest, AFullJurySendsTheRegistrationToTheNextOne)
{
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    // Two other dossiers already fill jury n°2 (capacity 2).
    for (const char* suffix : {"X", "Y"}) {
        const auto other = test::seedDossier(branch.store(), test::SeedUpTo::Observed, {}, suffix);
        branch.store().juries().addRegistration({0, other.candidature, 2, 2, *rules::Date::parseIso("2027-01-10"), false});
    }
    const auto outcome = branch.send("entreprise", Branch::example("08-inscription-jury.xml"), "2027-01-14");
    ASSERT_EQ(outcome.status, Status::Accepted) << outcome.messages.at(0);
    EXPECT_NE(outcome.messages.at(0).find("elle est inscrite au jury suivant, le 15/10/2027"), std::string::npos)
        << outcome.messages.at(0);
    const auto registration = branch.store().juries().registrationOf(1);
    EXPECT_EQ(registration->requestedJuryId, 2);
    EXPECT_EQ(registration->placedJuryId, 3);
    EXPECT_TRUE(registration->moved);
    EXPECT_EQ(status(), CandidatureStatus::InscriptionJury);
    const auto mails = branch.store().mail().inState(OutboxState::Pending);
    const auto moved = std::find_if(mails.begin(), mails.end(), [](const OutboxMail& m) { return m.kind == "jury_registration_moved"; });
    ASSERT_NE(moved, mails.end());
    EXPECT_NE(moved->body.find("Le jury du 15/06/2027 est complet (2 dossiers)."), std::string::npos) << moved->body;
}

TEST_P(SubmissionTest, ALateRegistrationGoesToTheNextJuryWhoseCutOffIsOpen)
{
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    // 2027-05-26 is 20 days before the jury of 2027-06-15.
    const auto outcome = branch.send("entreprise", Branch::example("08-inscription-jury.xml"), "2027-05-26");
    ASSERT_EQ(outcome.status, Status::Accepted) << outcome.messages.at(0);
    EXPECT_EQ(branch.store().juries().registrationOf(1)->placedJuryId, 3);
    EXPECT_TRUE(queued("jury_registration_moved"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SubmissionTest, test::bothBackends(), test::backendTestName);

// Issue 14, item 1: the évaluateur métier is never locked out while the observations are needed.
TEST(MetierInvitation, TheTokenLivesAsLongAsTheObservationsAreNeeded)
{
    Branch branch;
    branch.createCandidature();
    branch.evaluate();  // invited on 05/01/2027, results on 12/01/2027: validation de l'évaluation
    const std::string token = branch.token("metier");
    // Fifty days later, long past the 30 days of the mail: still accepted, the observations are missing.
    const auto late = branch.send("metier",
                                  Branch::example("07-observations-evaluateur-metier.xml", {{"0123456789abcdef0123456789abcdef", token}}),
                                  "2027-03-01");
    EXPECT_EQ(late.status, SubmissionOutcome::Status::Accepted) << (late.messages.empty() ? "" : late.messages.at(0));
    // Once given, the token is spent, and no new invitation is possible.
    const auto again = branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-03-02");
    EXPECT_EQ(again.status, SubmissionOutcome::Status::Rejected);
    EXPECT_NE(again.messages.at(0).find("tant que les observations de l'évaluateur métier manquent"), std::string::npos)
        << again.messages.at(0);
}

TEST(MetierInvitation, ANewInvitationReplacesTheOldOneWhileObservationsAreMissing)
{
    Branch branch;
    branch.createCandidature();
    branch.evaluate();  // results in: the candidature waits for the métier's observations
    const std::string first = branch.token("metier");
    // The company learns the métier lost the mail: the évaluateur invites again, after the results.
    const auto reinvited = branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-20");
    EXPECT_EQ(reinvited.status, SubmissionOutcome::Status::Accepted) << (reinvited.messages.empty() ? "" : reinvited.messages.at(0));
    const std::string second = branch.token("metier");
    ASSERT_NE(first, second);
    const auto old = branch.send("metier",
                                 Branch::example("07-observations-evaluateur-metier.xml", {{"0123456789abcdef0123456789abcdef", first}}),
                                 "2027-01-21");
    EXPECT_EQ(old.status, SubmissionOutcome::Status::Rejected);
    EXPECT_NE(old.messages.at(0).find("remplacé par une invitation plus récente"), std::string::npos) << old.messages.at(0);
    const auto current = branch.send("metier",
                                     Branch::example("07-observations-evaluateur-metier.xml", {{"0123456789abcdef0123456789abcdef", second}}),
                                     "2027-01-21");
    EXPECT_EQ(current.status, SubmissionOutcome::Status::Accepted) << (current.messages.empty() ? "" : current.messages.at(0));
}

TEST(MetierInvitation, TheCompanyAndTheEvaluatorAreRemindedBeforeTheCutOffWhileTheObservationsMiss)
{
    // Issue 14, item 1: a few days before the cut-off of the next jury (15/03/2027, cut-off
    // 22/02/2027), the company and the évaluateur habilité are told the métier has not answered —
    // once — and the métier's token still works after that.
    Branch branch;
    branch.createCandidature();
    branch.evaluate();
    auto advance = [&](const char* date) {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso(date)};
        AdvanceStage{}.run(context);
    };
    auto reminders = [&] {
        std::vector<OutboxMail> out;
        for (const auto& m : branch.store().mail().aboutCandidature(1))
            if (m.kind == "reminder_metier")
                out.push_back(*branch.store().mail().outgoing(m.id));
        return out;
    };
    advance("2027-02-14");
    EXPECT_TRUE(reminders().empty());
    advance("2027-02-15");
    ASSERT_EQ(reminders().size(), 1u);
    const auto letter = reminders()[0];
    EXPECT_EQ(letter.recipient, "sophie.martin@evaluateurs.example, rh@chimie-exemple.fr");
    EXPECT_NE(letter.subject.find("Rappel : observations de l'évaluateur métier attendues avant le 22/02/2027"),
              std::string::npos)
        << letter.subject;
    EXPECT_NE(letter.body.find("ne peut pas être inscrite au jury du 15/03/2027"), std::string::npos) << letter.body;
    EXPECT_NE(letter.body.find("la nouvelle invitation remplace l'ancienne"), std::string::npos) << letter.body;
    advance("2027-02-16");
    EXPECT_EQ(reminders().size(), 1u);  // once per jury
    const auto observed = branch.send(
        "metier", Branch::example("07-observations-evaluateur-metier.xml", {{"0123456789abcdef0123456789abcdef", branch.token("metier")}}),
        "2027-02-17");
    EXPECT_EQ(observed.status, SubmissionOutcome::Status::Accepted) << (observed.messages.empty() ? "" : observed.messages.at(0));
    advance("2027-05-20");  // the next jury's window: nothing missing any more
    EXPECT_EQ(reminders().size(), 1u);
}

TEST(Corrections, TheCompanyCorrectsItsCandidateAndCandidatureUntilTheJuryListIsFrozen)
{
    // Issue 14, item 4: the same `candidat` sent again with a corrected birth date, the same
    // `candidature` with another parcours: both applied, the history says before and after;
    // once the jury's list is made, refused with whom to write to.
    Branch branch;
    branch.createCandidature();
    const auto candidate = branch.send("entreprise", Branch::example("03-candidat.xml", {{"1990-04-12", "1990-04-14"}}),
                                       "2026-12-10", {Branch::pdf("outil6-dupont.pdf")});
    ASSERT_EQ(candidate.status, SubmissionOutcome::Status::Accepted) << candidate.messages.at(0);
    EXPECT_EQ(candidate.messages.at(0),
              "Candidat n°1 corrigé (votre référence « MAT-0042 ») : Date de naissance : 12/04/1990 → 14/04/1990.");
    EXPECT_EQ(branch.store().candidatures().candidate(1)->dateNaissance, rules::Date::parseIso("1990-04-14"));
    EXPECT_EQ(branch.store().candidatures().candidatesBornOn(1, *rules::Date::parseIso("1990-04-12")).size(), 0u);  // no second candidate

    const auto candidature = branch.send(
        "entreprise",
        Branch::example("04-candidature.xml", {{"<parcours>", "<parcours>Parcours complété : "}}), "2026-12-11");
    ASSERT_EQ(candidature.status, SubmissionOutcome::Status::Accepted) << candidature.messages.at(0);
    EXPECT_NE(candidature.messages.at(0).find("Candidature n°1 corrigée (votre référence « CQP-2027-001 ») : Parcours : "),
              std::string::npos)
        << candidature.messages.at(0);
    const auto history = branch.store().candidatures().history(1);
    std::vector<std::string> reasons;
    for (const auto& h : history)
        if (h.rule == "correction_candidat" || h.rule == "correction_candidature")
            reasons.push_back(h.reason);
    ASSERT_EQ(reasons.size(), 2u);
    EXPECT_EQ(reasons[0], "Candidat corrigé par l'entreprise : Date de naissance : 12/04/1990 → 14/04/1990");
    EXPECT_NE(reasons[1].find("→ Parcours complété : "), std::string::npos) << reasons[1];
    EXPECT_EQ(test::countRows(branch.location(), "candidatures"), 1);

    // A CQP cannot change by correction, and a correction is checked as a creation is.
    const auto otherCqp = branch.send("entreprise", Branch::example("04-candidature.xml", {{"FAB-OPE", "LOG-AGT"}}), "2026-12-12");
    EXPECT_EQ(otherCqp.status, SubmissionOutcome::Status::Rejected);
    const auto strange = branch.send(
        "entreprise", Branch::example("04-candidature.xml", {{"<competence code=\"FAB-OPE-C5\"/>", "<competence code=\"LOG-AGT-C1\"/>"}}),
        "2026-12-12");
    EXPECT_EQ(strange.status, SubmissionOutcome::Status::Rejected);
    EXPECT_NE(strange.messages.at(0).find("LOG-AGT-C1"), std::string::npos) << strange.messages.at(0);
    const auto past = branch.send("entreprise", Branch::example("04-candidature.xml", {{"2027-01-11", "2026-12-01"}}), "2026-12-12");
    EXPECT_EQ(past.status, SubmissionOutcome::Status::Rejected);
    EXPECT_NE(past.messages.at(0).find("est passée"), std::string::npos) << past.messages.at(0);

    branch.evaluate();
    branch.observe();
    branch.register_();
    test::TempDir dir;
    ParchmentSettings settings;
    settings.juryDir = dir / "jury";
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-05-26")};
    JuryStage{settings}.run(context);  // the list of the jury of 15/06/2027 is made
    ASSERT_TRUE(branch.store().juries().jury(2)->frozenOn);
    const auto late = branch.send("entreprise", Branch::example("03-candidat.xml", {{"1990-04-12", "1990-04-15"}}), "2027-05-27");
    EXPECT_EQ(late.status, SubmissionOutcome::Status::Rejected);
    EXPECT_NE(late.messages.at(0).find("est sur la liste arrêtée de son jury"), std::string::npos) << late.messages.at(0);
    EXPECT_EQ(branch.store().candidatures().candidate(1)->dateNaissance, rules::Date::parseIso("1990-04-14"));
}
