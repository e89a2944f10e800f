// Issue 12, items 2 and 4: replays of signed documents, and who may hold an account — on the
// real submission processor and the real binary.

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"

#include "Branch.h"

#include <Poco/TextConverter.h>
#include <Poco/UTF16Encoding.h>
#include <Poco/UTF8Encoding.h>

#include <gtest/gtest.h>

#include <algorithm>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using Status = SubmissionOutcome::Status;

namespace {

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

}  // namespace

namespace {

class Replay : public ::testing::Test {
protected:
    Branch branch;

    void SetUp() override { branch.createCandidature(); }

    // The évaluateur habilité's invitation, signed on `date` and applied.
    std::string invitation(const std::string& identifier = "invitation-0001", const char* signedOn = "2027-01-05")
    {
        std::string xml = Branch::example("05-invitation-evaluateur-metier.xml",
                                          {{"identifiant=\"exemple-05-invitation-evaluateur-metier\"",
                                            "identifiant=\"" + identifier + "\""},
                                           {"dateSignature=\"2026-11-30\"", std::string{"dateSignature=\""} + signedOn + "\""}});
        return signWithXmlsec1("evaluateur", xml);
    }

    SubmissionOutcome process(const std::string& bytes, const char* date = "2027-01-05",
                              const std::string& from = "attacker@evil.example", rules::Deadlines deadlines = {})
    {
        SubmissionProcessor processor{branch.store(), branch.referential, deadlines, d(date)};
        return processor.process({bytes, "invitation.xml", from, {}});
    }

    long long invitations() { return countRows(branch.location(), "invitations"); }
    long long outbox() { return countRows(branch.location(), "outbox"); }
};

std::string utf16(const std::string& xml)
{
    std::string body = xml;
    body.replace(0, body.find("?>") + 2, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>");
    Poco::UTF8Encoding from;
    Poco::UTF16Encoding to{Poco::UTF16Encoding::LITTLE_ENDIAN_BYTE_ORDER};
    std::string out = "\xff\xfe";
    Poco::TextConverter{from, to}.convert(body, out);
    return out;
}

}  // namespace

// Item 2: the same signed content in other bytes, from anyone, is « déjà reçu »: no second
// invitation, no new token, no mail.
TEST_F(Replay, TheSameSignedContentInOtherBytesIsAlreadyReceived)
{
    const std::string original = invitation();
    ASSERT_EQ(process(original, "2027-01-05", "sophie.martin@evaluateurs.example").status, Status::Accepted);
    const auto invitationsBefore = invitations();
    const auto outboxBefore = outbox();
    std::string requoted = original;
    requoted.replace(requoted.find("compte=\"2\""), 10, "compte='2'");
    std::string commented = original;
    commented.insert(commented.find("<candidature"), "<!-- rejoué -->");
    std::string inSignature = original;
    inSignature.insert(inSignature.find("</ds:Signature>"), "<ds:Object>rejoué</ds:Object>");
    const std::vector<std::pair<std::string, std::string>> variants{
        {"identical", original}, {"re-quoted", requoted}, {"comment", commented}, {"trailing newline", original + "\n\n"},
        {"UTF-16", utf16(original)}, {"inside ds:Signature", inSignature}};
    for (const auto& [name, bytes] : variants) {
        const auto outcome = process(bytes, "2027-01-06");
        EXPECT_EQ(outcome.status, Status::AlreadyReceived) << name << ": " << (outcome.messages.empty() ? "" : outcome.messages[0]);
        EXPECT_FALSE(outcome.candidatureId) << name;  // nothing of the first document is handed over
        EXPECT_FALSE(outcome.accountId) << name;
    }
    EXPECT_EQ(invitations(), invitationsBefore);
    EXPECT_EQ(outbox(), outboxBefore);
}

// Item 2: an identifier already applied for this account is « déjà reçu », even on new content.
TEST_F(Replay, AnIdentifierIsAppliedOncePerSigner)
{
    ASSERT_EQ(process(invitation("invitation-0002")).status, Status::Accepted);
    const auto applied = invitations();
    std::string other = Branch::example("05-invitation-evaluateur-metier.xml",
                                        {{"identifiant=\"exemple-05-invitation-evaluateur-metier\"", "identifiant=\"invitation-0002\""},
                                         {"dateSignature=\"2026-11-30\"", "dateSignature=\"2027-01-06\""},
                                         {"<prenom>", "<prenom>Jean-"}});
    EXPECT_EQ(process(signWithXmlsec1("evaluateur", other), "2027-01-06").status, Status::AlreadyReceived);
    EXPECT_EQ(invitations(), applied);
}

// Item 2: a document signed more than 30 days ago, or dated after its arrival, is refused.
TEST_F(Replay, OldAndFutureSigningDatesAreRefused)
{
    const auto before = invitations();
    const auto old = process(invitation("invitation-0003", "2026-12-05"), "2027-01-05");
    ASSERT_EQ(old.status, Status::Rejected);
    EXPECT_TRUE(contains(old.messages.at(0), "signé le 05/12/2026, il y a plus de 30 jours")) << old.messages.at(0);
    const auto future = process(invitation("invitation-0004", "2027-01-09"), "2027-01-05");
    ASSERT_EQ(future.status, Status::Rejected);
    EXPECT_TRUE(contains(future.messages.at(0), "après sa réception")) << future.messages.at(0);
    rules::Deadlines shorter;
    shorter.signatureMaxAgeDays = 2;
    EXPECT_EQ(process(invitation("invitation-0005", "2027-01-02"), "2027-01-05", "sophie.martin@evaluateurs.example", shorter).status,
              Status::Rejected);
    EXPECT_EQ(invitations(), before);
}

// Item 2: format 1.0 (no identifier) is still taken until its last day, deduplicated on what its
// signature covers; after that day it is refused with the reason.
TEST_F(Replay, Version10IsAcceptedUntilItsLastDayThenRefused)
{
    const std::string xml = Branch::example("05-invitation-evaluateur-metier.xml",
                                            {{"version=\"1.1\"\n    identifiant=\"exemple-05-invitation-evaluateur-metier\" "
                                              "dateSignature=\"2026-11-30\"",
                                              "version=\"1.0\""}});
    const std::string bytes = signWithXmlsec1("evaluateur", xml);
    const auto before = invitations();
    rules::Deadlines retired;
    retired.version10AcceptedUntil = d("2027-01-04");
    const auto refused = process(bytes, "2027-01-05", "sophie.martin@evaluateurs.example", retired);
    ASSERT_EQ(refused.status, Status::Rejected);
    EXPECT_TRUE(contains(refused.messages.at(0), "La version 1.0 du format n'est plus acceptée depuis le 05/01/2027"))
        << refused.messages.at(0);
    ASSERT_EQ(process(bytes).status, Status::Accepted);
    std::string requoted = bytes;
    requoted.replace(requoted.find("compte=\"2\""), 10, "compte='2'");
    EXPECT_EQ(process(requoted).status, Status::AlreadyReceived);
    EXPECT_EQ(invitations(), before + 1);
}

// Item 2: old results replayed after a secretariat correction do not move the candidature again.
TEST_F(Replay, OldResultsAfterACorrectionAreAlreadyReceived)
{
    branch.evaluate();
    const auto evaluated = branch.store().candidatures().candidature(1)->status;
    std::string results;
    for (const auto& s : branch.store().submissions().all())
        if (s.kind == "resultatsEvaluation" && s.status == "accepted")
            results = branch.store().documents().document(s.documentId)->content;
    ASSERT_FALSE(results.empty());
    branch.store().candidatures().changeStatus(
        1, StatusChange{evaluated, rules::CandidatureStatus::EnAttenteEvaluation, d("2027-01-13"), "secretariat", "correction", {}, "erreur"});
    results.replace(results.find("compte=\"2\""), 10, "compte='2'");
    const auto outcome = process(results, "2027-01-13");
    EXPECT_EQ(outcome.status, Status::AlreadyReceived);
    EXPECT_EQ(branch.store().candidatures().candidature(1)->status, rules::CandidatureStatus::EnAttenteEvaluation);
}

namespace {

class Accounts : public ::testing::Test {
protected:
    Branch branch;

    SubmissionOutcome request(const std::string& key, const std::string& evaluator, const std::string& contact, const std::string& from)
    {
        const std::string pem = readFile(dataFile("keys/" + key + ".pub.pem"));
        return branch.send(key,
                           Branch::example("02-demande-compte-evaluateur.xml",
                                           {{"EH-0101", evaluator},
                                            {"<courriel>sophie.martin@evaluateurs.example", "<courriel>" + contact},
                                            {readFile(dataFile("keys/evaluateur.pub.pem")), pem}}),
                           "2026-12-03", {}, from);
    }
};

}  // namespace

// Item 4: an evaluator's account always carries the registry's address; a second request from
// another address goes to the secretariat instead of being refused.
TEST_F(Accounts, SquattingAnEvaluatorsAccountReachesTheRealEvaluatorAndTheSecretariat)
{
    const auto squat = request("metier", "EH-0102", "attacker@evil.example", "attacker@evil.example");
    ASSERT_EQ(squat.status, Status::Accepted) << squat.messages.at(0);
    const auto account = branch.store().accounts().account(*squat.accountId);
    ASSERT_TRUE(account);
    EXPECT_NE(std::find(account->addresses.begin(), account->addresses.end(), "helene.lefevre@evaluateurs.example"),
              account->addresses.end());  // the registry's address is always one of them
    bool told = false;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        told = told || (m.kind == "account_requested" && contains(m.recipient, "helene.lefevre@evaluateurs.example"));
    EXPECT_TRUE(told);

    // The real evaluator asks from the registry's address: not refused, sent to the secretariat.
    const auto real = request("candidat", "EH-0102", "helene.lefevre@evaluateurs.example", "helene.lefevre@evaluateurs.example");
    EXPECT_EQ(real.status, Status::Accepted);
    EXPECT_TRUE(contains(real.messages.at(0), "votre demande est transmise au secrétariat")) << real.messages.at(0);
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_TRUE(contains(reviews[0].reason, "envoyée par helene.lefevre@evaluateurs.example, alors que le compte n°" +
                                                std::to_string(account->id) + " existe déjà")) << reviews[0].reason;
    // The first requester asking again is told the account exists.
    const auto again = request("metier", "EH-0102", "attacker2@evil.example", "attacker@evil.example");
    ASSERT_EQ(again.status, Status::Rejected);
    EXPECT_TRUE(contains(again.messages.at(0), "un compte existe déjà pour l'évaluateur habilité EH-0102"));
}

// Item 4: suspension, reinstatement, and key rotation signed with the old key or, when it is
// lost, by the secretariat — through the real binary.
TEST(IntakeSecurity, AccountsCanBeSuspendedAndTheirKeysReplaced)
{
    Branch branch;
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = sqlite:" + branch.location().target + "\n");
    auto cqp = [&](const std::vector<std::string>& args) { return runCqp(dir.path(), args); };
    auto candidate = [&](const std::string& reference, const std::string& key, const char* date) {
        return branch.send(key, Branch::example("03-candidat.xml", {{"MAT-0042", reference}, {"<nomNaissance>Dupont", "<nomNaissance>" + reference}}),
                           date, {Branch::pdf("outil6-dupont.pdf"), Branch::pdf("cap-dupont.pdf")}, "rh@chimie-exemple.fr");
    };
    const auto suspend = cqp({"--date=2026-12-03", "account", "suspend", "1", "--reason=Signalement de la direction"});
    EXPECT_EQ(suspend.exitCode, 0) << suspend.err;
    EXPECT_EQ(cqp({"account", "suspend", "1", "--reason=x"}).exitCode, 1);  // already
    const auto refused = candidate("S1", "entreprise", "2026-12-03");
    ASSERT_EQ(refused.status, Status::Rejected);
    EXPECT_TRUE(contains(refused.messages.at(0), "le compte n°1 est suspendu"));
    EXPECT_TRUE(contains(cqp({"account", "list"}).out, "suspendu")) << cqp({"account", "list"}).out;
    EXPECT_EQ(cqp({"--date=2026-12-04", "account", "reinstate", "1", "--reason=Vérifié"}).exitCode, 0);
    EXPECT_EQ(candidate("S2", "entreprise", "2026-12-04").status, Status::Accepted);

    // A key change signed with the old key: the new key works, the old one no longer does.
    const std::string change = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<changementCle xmlns=\"urn:cqp-industries-chimiques:soumission:1\" version=\"1.1\"\n"
                               "    identifiant=\"cle-2026-0001\" dateSignature=\"2026-12-05\" compte=\"1\">\n"
                               "  <nouvelleClePublique>\n" +
                               readFile(dataFile("keys/metier.pub.pem")) + "  </nouvelleClePublique>\n</changementCle>\n";
    const auto changed = branch.send("entreprise", change, "2026-12-05", {}, "rh@chimie-exemple.fr");
    ASSERT_EQ(changed.status, Status::Accepted) << changed.messages.at(0);
    EXPECT_EQ(candidate("S3", "entreprise", "2026-12-05").status, Status::Rejected);
    EXPECT_EQ(candidate("S4", "metier", "2026-12-05").status, Status::Accepted);

    // The key lost: the secretariat records a new one, and the account's addresses are told.
    const auto rekey = cqp({"--date=2026-12-06", "account", "rekey", "1", "--key=" + dataFile("keys/entreprise.pub.pem").string(),
                            "--reason=Clé perdue, identité vérifiée par téléphone"});
    EXPECT_EQ(rekey.exitCode, 0) << rekey.err;
    EXPECT_EQ(candidate("S5", "entreprise", "2026-12-06").status, Status::Accepted);
    const auto events = branch.store().accounts().events(1);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[3].event, "key_changed");
    EXPECT_TRUE(contains(events[3].reason, "Clé perdue"));
}

// Issue 15: documents applied in batches — prepared (parsed, validated, signatures checked with
// the keys known when the batch began) on worker threads, one commit per batch, a savepoint
// each. The outcomes are those of one-by-one processing: a key changed inside the batch is the
// key the next documents are checked with, a replay inside the batch is « déjà reçu », a
// malformed document is refused alone.
TEST(IntakeSecurity, ABatchGivesTheOutcomesOfOneByOneProcessing)
{
    Branch branch;
    auto candidat = [](const std::string& reference, const std::string& key) {
        return signWithXmlsec1(key, Branch::example("03-candidat.xml", {{"MAT-0042", reference},
                                                                         {"<nomNaissance>Dupont", "<nomNaissance>" + reference}}));
    };
    const std::string change = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<changementCle xmlns=\"urn:cqp-industries-chimiques:soumission:1\" version=\"1.1\"\n"
                               "    identifiant=\"cle-2026-0002\" dateSignature=\"2026-12-05\" compte=\"1\">\n"
                               "  <nouvelleClePublique>\n" +
                               readFile(dataFile("keys/metier.pub.pem")) + "  </nouvelleClePublique>\n</changementCle>\n";
    std::vector<std::string> documents;
    for (int i = 0; i < 299; ++i)
        documents.push_back(candidat("B" + std::to_string(i), "entreprise"));
    documents.push_back(documents[5]);                               // 299: a replay
    documents.push_back(signWithXmlsec1("entreprise", change));      // 300: the key changes
    documents.push_back(candidat("N1", "metier"));                   // 301: new key, accepted
    documents.push_back(candidat("N2", "entreprise"));               // 302: old key, refused
    documents.push_back("<?xml version=\"1.0\"?><candidat><x></candidat>");  // 303: malformed
    SubmissionProcessor processor{branch.store(), branch.referential, {}, *rules::Date::parseIso("2026-12-05")};
    const long long before = countRows(branch.location(), "submissions");
    std::vector<SubmissionOutcome> outcomes;
    std::vector<long long> commits;
    processor.processAll(
        documents.size(),
        [&](std::size_t i) -> ReceivedDocument { return {documents[i], "d" + std::to_string(i) + ".xml", "rh@chimie-exemple.fr", {}}; },
        [&](std::size_t first, const std::vector<SubmissionOutcome>& batch) {
            EXPECT_EQ(first, outcomes.size());
            outcomes.insert(outcomes.end(), batch.begin(), batch.end());
            commits.push_back(countRows(branch.location(), "submissions") - before);  // seen by another connection: committed
        },
        128);
    ASSERT_EQ(outcomes.size(), documents.size());
    EXPECT_EQ(commits, (std::vector<long long>{128, 256, 303}));  // the replay is not recorded again
    for (std::size_t i = 0; i < 299; ++i)
        EXPECT_EQ(outcomes[i].status, Status::Accepted) << i << ": " << outcomes[i].messages.at(0);
    EXPECT_EQ(outcomes[300].status, Status::Accepted) << outcomes[300].messages.at(0);
    EXPECT_EQ(outcomes[301].status, Status::Accepted) << outcomes[301].messages.at(0);
    ASSERT_EQ(outcomes[302].status, Status::Rejected);
    EXPECT_TRUE(contains(outcomes[302].messages.at(0), "signature")) << outcomes[302].messages.at(0);
    EXPECT_EQ(outcomes[299].status, Status::AlreadyReceived);
    EXPECT_EQ(outcomes[303].status, Status::Rejected);
    EXPECT_EQ(countRows(branch.location(), "candidates"), 300);
}
