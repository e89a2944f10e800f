// The same store suite on SQLite and on a real PostgreSQL server.

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"

#include "Seed.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Backend;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
    test::ScratchStore scratch{GetParam()};
    Store& store() { return scratch.store(); }
};

}  // namespace

TEST_P(StoreTest, CompaniesEtablissementsAndAccountsRoundTrip)
{
    const auto seeded = test::seedDossier(store(), test::SeedUpTo::Created);
    Account evaluatorAccount;
    evaluatorAccount.role = AccountRole::Evaluateur;
    evaluatorAccount.displayName = "Sophie Martin";
    evaluatorAccount.evaluatorId = seeded.evaluator;
    evaluatorAccount.publicKeyPem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n";
    evaluatorAccount.createdOn = d("2026-02-01");
    evaluatorAccount.addresses = {"Sophie.Martin@Evaluation.example", "s.martin@autre.example"};
    const Id pendingId = store().accounts().addAccount(evaluatorAccount);
    scratch.reopen();

    const auto company = store().accounts().companyBySiren("732829320");
    ASSERT_TRUE(company);
    EXPECT_EQ(company->raisonSociale, "Chimie Exemple SAS");
    const auto etab = store().accounts().etablissementBySiret("73282932000074");
    ASSERT_TRUE(etab);
    EXPECT_EQ(etab->companyId, company->id);
    EXPECT_EQ(etab->address.line1, "12 rue des Frères Lumière");
    EXPECT_EQ(etab->address.city, "Lyon");

    const auto account = store().accounts().account(seeded.account);
    ASSERT_TRUE(account);
    EXPECT_EQ(account->role, AccountRole::Entreprise);
    EXPECT_EQ(account->status, AccountStatus::Active);
    EXPECT_EQ(account->displayName, "Chimie Exemple — Usine de Lyon");
    EXPECT_EQ(account->addresses, std::vector<std::string>{"rh@chimie-exemple.fr"});
    EXPECT_EQ(account->approvedOn, d("2026-01-06"));

    const auto pending = store().accounts().accounts(AccountStatus::Pending);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].id, pendingId);
    EXPECT_EQ(pending[0].publicKeyPem, evaluatorAccount.publicKeyPem);
    EXPECT_EQ(pending[0].evaluatorId, seeded.evaluator);
    EXPECT_FALSE(pending[0].approvedOn);
    EXPECT_EQ(store().accounts().accountsByAddress("SOPHIE.martin@evaluation.EXAMPLE").at(0).id, pendingId);
    store().accounts().setStatus(pendingId, AccountStatus::Active, d("2026-02-02"));
    EXPECT_EQ(store().accounts().account(pendingId)->status, AccountStatus::Active);
    EXPECT_TRUE(store().accounts().accounts(AccountStatus::Pending).empty());
    EXPECT_THROW(store().accounts().addCompany({0, "732829320", "Doublon"}), StoreError);  // SIREN is unique
}

TEST_P(StoreTest, EvaluatorRegistryImportAddsUpdatesAndKeeps)
{
    Evaluator sophie{0, "EH-0001", "Martin", "Sophie", "Sophie.Martin@evaluation.example", d("2026-01-15"), {"552100554"},
                     {{"FAB-OPE", d("2024-01-01"), d("2028-12-31")}, {"LOG-AGT", d("2025-01-01"), std::nullopt}}};
    Evaluator paul{0, "EH-0002", "Durand", "Paul", "paul@evaluation.example", d("2026-01-15"), {}, {{"MNT-TEC", d("2025-01-01"), std::nullopt}}};
    auto first = store().evaluators().importRegistry({sophie, paul});
    EXPECT_EQ(first.added, 2);
    sophie.habilitations.pop_back();
    auto second = store().evaluators().importRegistry({sophie, paul});
    EXPECT_EQ(second.added, 0);
    EXPECT_EQ(second.updated, 1);
    EXPECT_EQ(second.unchanged, 1);
    scratch.reopen();
    const auto stored = store().evaluators().byRegistryNumber("EH-0001");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->email, "sophie.martin@evaluation.example");
    ASSERT_EQ(stored->habilitations.size(), 1u);
    EXPECT_EQ(stored->habilitations[0].validUntil, d("2028-12-31"));
    EXPECT_EQ(stored->employerSirens, std::vector<std::string>{"552100554"});
    EXPECT_EQ(store().evaluators().all().size(), 2u);
    EXPECT_EQ(store().evaluators().evaluator(stored->id)->registryNumber, "EH-0001");
    EXPECT_EQ(stored->profile().displayName, "Sophie Martin");
}

TEST_P(StoreTest, CandidatesCandidaturesAndEvaluationsRoundTrip)
{
    const auto s = test::seedDossier(store(), test::SeedUpTo::Observed);
    scratch.reopen();
    const auto candidate = store().candidatures().candidate(s.candidate);
    ASSERT_TRUE(candidate);
    EXPECT_EQ(candidate->prenoms, "Élise Marie");
    EXPECT_EQ(candidate->communeNaissance, "Saint-Étienne");
    EXPECT_EQ(candidate->dateNaissance, d("1990-04-12"));
    EXPECT_EQ(candidate->externalRef, "MAT-42");
    EXPECT_TRUE(candidate->civilStatusComplete());

    const auto c = store().candidatures().candidature(s.candidature);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->status, rules::CandidatureStatus::EnCoursInscription);
    EXPECT_EQ(c->certificateCode, "FAB-OPE");
    EXPECT_EQ(c->competences.size(), 5u);
    EXPECT_EQ(c->dispositif, "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION");
    EXPECT_EQ(c->etablissementId, s.etablissement);
    EXPECT_EQ(c->evaluatorConfirmedOn, d("2026-01-25"));
    EXPECT_EQ(c->metierEmail, "chef.atelier@chimie-exemple.fr");
    EXPECT_FALSE(c->externalRef);

    const auto e = store().candidatures().evaluation(s.candidature);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->evaluationDate, d("2026-03-02"));
    EXPECT_EQ(e->receivedOn, d("2026-03-04"));
    ASSERT_EQ(e->results.size(), 5u);
    EXPECT_TRUE(e->results[0].acquired);
    EXPECT_EQ(e->results[0].comment, "Maîtrise observée en situation réelle.");
    EXPECT_TRUE(e->outil4DocumentId);
    const auto observations = store().candidatures().metierObservations(s.candidature);
    ASSERT_EQ(observations.size(), 1u);
    EXPECT_EQ(observations[0].observations, "Évaluation conforme à l'activité réelle.");

    auto updated = *candidate;
    updated.nomUsage = "Durand";
    store().candidatures().updateCandidate(updated);
    EXPECT_EQ(store().candidatures().candidate(s.candidate)->nomUsage, "Durand");
    // The company's reference is unique within its account.
    auto twin = *candidate;
    EXPECT_THROW(store().candidatures().addCandidate(twin), StoreError);
}

TEST_P(StoreTest, DocumentsAreContentAddressedAndKeepEveryByte)
{
    std::string bytes = "%PDF-1.7\n";
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    const Id id = store().documents().store(bytes, "application/pdf", "scan é.pdf", d("2026-03-04"));
    EXPECT_EQ(store().documents().store(bytes, "application/pdf", "copie.pdf", d("2026-03-05")), id);
    scratch.reopen();
    const auto doc = store().documents().document(id);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->content, bytes);
    EXPECT_EQ(doc->fileName, "scan é.pdf");
    EXPECT_EQ(doc->sha256, sha256Hex(bytes));
    EXPECT_EQ(store().documents().bySha256(sha256Hex(bytes))->id, id);
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto s = test::seedDossier(store(), test::SeedUpTo::Created);
    store().documents().attachToCandidature(s.candidature, id, DocumentKind::Outil4, d("2026-03-04"));
    store().documents().attachToCandidature(s.candidature, id, DocumentKind::Outil4, d("2026-03-04"));
    EXPECT_EQ(store().documents().candidatureDocuments(s.candidature, DocumentKind::Outil4), std::vector<Id>{id});
    EXPECT_TRUE(store().documents().candidatureDocuments(s.candidature, DocumentKind::Diplome).empty());
}

TEST_P(StoreTest, JuriesRegistrationsDecisionsAndAcquisitions)
{
    const auto s = test::seedDossier(store(), test::SeedUpTo::Decided, {true, false, true, false, true});
    const Id later = store().juries().addJury({0, d("2026-10-15"), 12, std::string{"FAB-OPE"}, std::nullopt, d("2026-01-02"), 0});
    scratch.reopen();
    const auto calendar = store().juries().calendar();
    ASSERT_EQ(calendar.size(), 2u);
    EXPECT_EQ(calendar[0].id, s.jury);
    EXPECT_EQ(calendar[0].placed, 1);
    EXPECT_EQ(calendar[1].certificateCode, "FAB-OPE");
    EXPECT_EQ(store().juries().sessions()[1].capacity, 12);
    store().juries().freeze(s.jury, d("2026-06-04"));
    EXPECT_EQ(store().juries().jury(s.jury)->frozenOn, d("2026-06-04"));
    EXPECT_TRUE(store().juries().sessions()[0].frozen);
    EXPECT_FALSE(store().juries().jury(later)->frozenOn);

    const auto registration = store().juries().registrationOf(s.candidature);
    ASSERT_TRUE(registration);
    EXPECT_EQ(registration->placedJuryId, s.jury);
    EXPECT_EQ(registration->receivedOn, d("2026-05-01"));
    EXPECT_EQ(store().juries().registrationsIn(s.jury).size(), 1u);

    const auto decisions = store().juries().decisions(s.candidature);
    ASSERT_EQ(decisions.size(), 5u);
    EXPECT_FALSE(decisions[1].validated);
    EXPECT_EQ(decisions[0].decidedOn, d("2026-06-26"));

    store().juries().addAcquisitions({{s.candidate, "FAB-OPE", "FAB-OPE-C1", d("2026-06-26"), d("2031-06-26"), s.candidature}});
    const auto acquired = store().juries().acquisitions(s.candidate, "FAB-OPE");
    ASSERT_EQ(acquired.size(), 1u);
    EXPECT_EQ(acquired[0].validUntil, d("2031-06-26"));
    EXPECT_TRUE(store().juries().acquisitions(s.candidate, "LOG-AGT").empty());
}

TEST_P(StoreTest, ParchmentsAreNumberedPerYearWithUniqueCodes)
{
    const auto a = test::seedDossier(store(), test::SeedUpTo::Created, {}, "A");
    const auto b = test::seedDossier(store(), test::SeedUpTo::Created, {}, "B");
    const auto c = test::seedDossier(store(), test::SeedUpTo::Created, {}, "C");
    store().transaction([&] {
        const int n = store().parchments().nextNumber(2026);
        EXPECT_EQ(n, 1);
        store().parchments().add({0, a.candidature, 2026, n, d("2026-06-27"), "CODE-A", std::nullopt, "", ParchmentKind::Parchemin, std::nullopt});
    });
    store().transaction([&] {
        const int n = store().parchments().nextNumber(2026);
        EXPECT_EQ(n, 2);
        store().parchments().add({0, b.candidature, 2026, n, d("2026-06-27"), "CODE-B", std::nullopt, "", ParchmentKind::Parchemin, std::nullopt});
    });
    EXPECT_EQ(store().parchments().nextNumber(2027), 1);
    EXPECT_THROW(store().parchments().add({0, c.candidature, 2026, 3, d("2026-06-27"), "CODE-A", std::nullopt, "", ParchmentKind::Parchemin, std::nullopt}), StoreError);
    const auto p = store().parchments().byNumber(2026, 2);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->candidatureId, b.candidature);
    store().parchments().revoke(p->id, d("2026-09-01"), "Erreur sur le nom");
    scratch.reopen();
    const auto revoked = store().parchments().byVerificationCode("CODE-B");
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->revokedOn, d("2026-09-01"));
    EXPECT_EQ(revoked->revokeReason, "Erreur sur le nom");
    EXPECT_EQ(store().parchments().byCandidature(a.candidature)->number, 1);
}

TEST_P(StoreTest, ReceivedMailAndOutbox)
{
    ReceivedMail mail{0, "<abc@chimie-exemple.fr>", sha256Hex("raw"), "RH@chimie-exemple.fr", "Candidature",
                      "2026-03-04T08:00:00Z", d("2026-03-04"), ReceivedState::Processed, "", std::string{"raw\0bytes", 9}, "", "", std::nullopt};
    const Id id = store().mail().recordReceived(mail);
    EXPECT_THROW(store().mail().recordReceived(mail), StoreError);  // the same message is recorded once
    const auto back = store().mail().receivedBySha256(sha256Hex("raw"));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, id);
    EXPECT_EQ(back->sender, "rh@chimie-exemple.fr");
    EXPECT_EQ(back->raw, mail.raw);
    EXPECT_EQ(store().mail().receivedInState(ReceivedState::Processed).size(), 1u);

    OutboxMail out;
    out.kind = "reply";
    out.recipient = "rh@chimie-exemple.fr";
    out.subject = "Accusé de réception";
    out.body = "Bonjour,\nVotre envoi a été accepté.";
    out.createdAt = "2026-03-04T08:00:01Z";
    out.logicalDate = d("2026-03-04");
    out.nextAttemptAt = "2026-03-04T08:00:01Z";
    const Id first = store().mail().enqueue(out);
    const Id second = store().mail().enqueue(out);
    const Id third = store().mail().enqueue(out);
    EXPECT_EQ(store().mail().due("2026-03-04T09:00:00Z", 10).size(), 3u);
    EXPECT_TRUE(store().mail().due("2026-03-04T07:00:00Z", 10).empty());
    store().mail().markSent(first, "2026-03-04T09:00:00Z");
    store().mail().markSent(first, "2026-03-04T10:00:00Z");  // a second report changes nothing
    store().mail().markRetry(second, "421 try later", "2026-03-04T09:05:00Z");
    store().mail().markFailed(third, "550 no such user");
    scratch.reopen();
    const auto sent = store().mail().outgoing(first);
    EXPECT_EQ(sent->state, OutboxState::Sent);
    EXPECT_EQ(sent->sentAt, "2026-03-04T09:00:00Z");
    EXPECT_EQ(sent->attempts, 1);
    EXPECT_EQ(sent->subject, "Accusé de réception");
    const auto due = store().mail().due("2026-03-04T09:06:00Z", 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, second);
    EXPECT_EQ(due[0].lastError, "421 try later");
    EXPECT_EQ(store().mail().inState(OutboxState::Failed).at(0).lastError, "550 no such user");
}

TEST_P(StoreTest, StatusChangesAreCheckedAndTheHistoryIsAppendOnly)
{
    const auto s = test::seedDossier(store(), test::SeedUpTo::Created);
    using rules::CandidatureStatus;
    EXPECT_TRUE(store().candidatures().changeStatus(
        s.candidature, {CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation, d("2026-02-01"), "cqp",
                        "steps_2_to_4_complete", std::nullopt, ""}));
    // A second worker working from the old status changes nothing.
    EXPECT_FALSE(store().candidatures().changeStatus(
        s.candidature, {CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation, d("2026-02-01"), "cqp",
                        "steps_2_to_4_complete", std::nullopt, ""}));
    const Id evidence = store().documents().store("preuve", "text/plain", "preuve.txt", d("2026-02-02"));
    EXPECT_TRUE(store().candidatures().changeStatus(
        s.candidature, {CandidatureStatus::EnAttenteEvaluation, CandidatureStatus::EnCoursInscription, d("2026-02-02"),
                        "secretariat", "correction", evidence, "Évaluateur à remplacer"}));
    scratch.reopen();
    const auto history = store().candidatures().history(s.candidature);
    ASSERT_EQ(history.size(), 3u);
    EXPECT_FALSE(history[0].from);
    EXPECT_EQ(history[0].rule, "created");
    EXPECT_EQ(history[1].from, CandidatureStatus::EnCoursInscription);
    EXPECT_EQ(history[1].to, CandidatureStatus::EnAttenteEvaluation);
    EXPECT_EQ(history[1].logicalDate, d("2026-02-01"));
    EXPECT_EQ(history[2].actor, "secretariat");
    EXPECT_EQ(history[2].reason, "Évaluateur à remplacer");
    EXPECT_EQ(history[2].evidenceDocumentId, evidence);
    EXPECT_FALSE(history[2].recordedAt.empty());
    EXPECT_EQ(store().candidatures().candidature(s.candidature)->statusChangedOn, d("2026-02-02"));
    EXPECT_EQ(store().candidatures().countByStatus()[CandidatureStatus::EnCoursInscription], 1);
    EXPECT_EQ(store().candidatures().idsWithStatus(CandidatureStatus::EnCoursInscription), std::vector<Id>{s.candidature});

    // Not even SQL behind the repositories' back can rewrite or erase the history.
    EXPECT_NE(test::rawExecute(scratch.location(), "UPDATE status_history SET actor = 'someone else'").find("append-only"),
              std::string::npos);
    EXPECT_NE(test::rawExecute(scratch.location(), "DELETE FROM status_history").find("append-only"), std::string::npos);
    EXPECT_EQ(store().candidatures().history(s.candidature).size(), 3u);
}

TEST_P(StoreTest, AFailedTransactionLeavesNothingBehind)
{
    EXPECT_THROW(store().transaction([&] {
        store().accounts().addCompany({0, "111111111", "Éphémère"});
        throw std::runtime_error("crash in the middle of an item");
    }),
                 std::runtime_error);
    EXPECT_FALSE(store().accounts().companyBySiren("111111111"));
    store().transaction([&] { store().accounts().addCompany({0, "222222222", "Durable"}); });
    scratch.reopen();
    EXPECT_TRUE(store().accounts().companyBySiren("222222222"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, test::bothBackends(), test::backendTestName);
