// Bad input, one test each: a clear French reason for the sender, the original kept, nothing
// else changed, and the next document still processed.

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"

#include "Branch.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Branch;
using Status = SubmissionOutcome::Status;

namespace {

const char* const watchedTables[] = {"accounts",      "companies",          "etablissements", "candidates",
                                     "candidatures",  "candidature_competences", "status_history", "evaluations",
                                     "evaluation_results", "metier_observations", "registrations", "decisions",
                                     "acquisitions",  "invitations",        "candidate_documents", "candidature_documents"};

class BadSubmission : public ::testing::Test {
protected:
    Branch branch;

    std::map<std::string, long long> snapshot()
    {
        std::map<std::string, long long> counts;
        for (const char* table : watchedTables)
            counts[table] = test::countRows(branch.location(), table);
        return counts;
    }

    // Sends the document and checks everything a refusal must guarantee.
    void expectRefused(const std::string& key, const std::string& xml, const char* date, const std::string& reason,
                       std::vector<Attachment> attachments = {})
    {
        const auto before = snapshot();
        const auto submissionsBefore = test::countRows(branch.location(), "submissions");
        const auto pendingMails = branch.store().mail().inState(OutboxState::Pending).size();
        const std::string bytes = key.empty() ? xml : test::signWithXmlsec1(key, test::stamped(xml, date));
        SubmissionProcessor processor{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso(date)};
        const auto outcome = processor.process({bytes, "envoi.xml", "expediteur@exemple.fr", std::move(attachments)});
        ASSERT_EQ(outcome.status, Status::Rejected) << "accepted: " << (outcome.messages.empty() ? "" : outcome.messages[0]);
        std::string all;
        for (const auto& m : outcome.messages)
            all += m + "\n";
        EXPECT_NE(all.find(reason), std::string::npos) << all;
        EXPECT_EQ(snapshot(), before) << "a refused document changed the store";
        // The original is kept with its reasons.
        EXPECT_EQ(test::countRows(branch.location(), "submissions"), submissionsBefore + 1);
        const auto record = branch.store().submissions().all().back();
        EXPECT_EQ(record.status, "rejected");
        EXPECT_EQ(record.messages, all.substr(0, all.size() - 1));
        EXPECT_EQ(branch.store().documents().document(record.documentId)->content, bytes);
        // The sender is told, in French, by one mail.
        const auto mails = branch.store().mail().inState(OutboxState::Pending);
        ASSERT_EQ(mails.size(), pendingMails + 1);
        EXPECT_EQ(mails.back().kind, "rejection");
        EXPECT_EQ(mails.back().recipient, "expediteur@exemple.fr");
        EXPECT_NE(mails.back().body.find("Rien n'a été modifié"), std::string::npos);
        EXPECT_NE(mails.back().body.find(reason), std::string::npos);
        // And the batch goes on: the next good document is accepted.
        lastOutcome = outcome;
    }

    SubmissionOutcome lastOutcome;
};

std::string candidature(const std::map<std::string, std::string>& edits = {})
{
    return Branch::example("04-candidature.xml", edits);
}

}  // namespace

TEST_F(BadSubmission, MalformedXml)
{
    expectRefused("", "<?xml version=\"1.0\"?>\n<candidature xmlns=\"urn:cqp-industries-chimiques:soumission:1\">\n<cqp>FAB-OPE</cqpp>\n</candidature>",
                  "2026-12-04", "ligne 3");
    EXPECT_NE(lastOutcome.messages[0].find("la balise de fin ne correspond pas"), std::string::npos) << lastOutcome.messages[0];
}

TEST_F(BadSubmission, WrongNamespace)
{
    expectRefused("entreprise", candidature({{"urn:cqp-industries-chimiques:soumission:1", "urn:exemple:autre"}}), "2026-12-04",
                  "n'est pas dans l'espace de noms des soumissions");
}

TEST_F(BadSubmission, WrongVersion)
{
    expectRefused("entreprise", candidature({{"version=\"1.1\"", "version=\"2.0\""}}), "2026-12-04",
                  "la version « 2.0 » du format n'est pas prise en charge");
}

TEST_F(BadSubmission, SchemaViolation)
{
    expectRefused("entreprise", candidature({{"<parcours>", "<parcourss>"}, {"</parcours>", "</parcourss>"}}), "2026-12-04",
                  "ligne 13, /candidature/parcourss : l'élément « parcourss » n'est pas attendu à cet endroit : il manque avant "
                  "lui l'élément « parcours »");
}

TEST_F(BadSubmission, AMissingElementIsNamedInFrenchWords)
{
    // Issue 14, item 3: the element that is missing, named, not libxml2's « expected is ».
    const auto xml = candidature();
    const auto from = xml.find("  <parcours>");
    const auto to = xml.find("</parcours>") + std::string{"</parcours>\n"}.size();
    ASSERT_NE(from, std::string::npos);
    expectRefused("entreprise", xml.substr(0, from) + xml.substr(to), "2026-12-04",
                  "l'élément « dispositif » n'est pas attendu à cet endroit : il manque avant lui l'élément « parcours »");
}

TEST_F(BadSubmission, ExternalEntityToALocalFile)
{
    expectRefused("", "<?xml version=\"1.0\"?>\n<!DOCTYPE candidat [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                      "<candidat xmlns=\"urn:cqp-industries-chimiques:soumission:1\" version=\"1.0\" compte=\"1\">&x;</candidat>",
                  "2026-12-04", "Les déclarations DOCTYPE (DTD, entités) sont interdites.");
    EXPECT_EQ(lastOutcome.messages.at(0).find("root:"), std::string::npos);
}

TEST_F(BadSubmission, ExternalEntityToAUrl)
{
    expectRefused("", "<?xml version=\"1.0\"?>\n<!DOCTYPE candidat SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
                      "<candidat xmlns=\"urn:cqp-industries-chimiques:soumission:1\" version=\"1.0\" compte=\"1\"/>",
                  "2026-12-04", "DOCTYPE");
}

TEST_F(BadSubmission, BillionLaughs)
{
    std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    for (int i = 1; i <= 9; ++i) {
        xml += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j)
            xml += "&lol" + (i == 1 ? std::string{} : std::to_string(i - 1)) + ";";
        xml += "\">";
    }
    xml += "]>\n<candidat xmlns=\"urn:cqp-industries-chimiques:soumission:1\">&lol9;</candidat>";
    expectRefused("", xml, "2026-12-04", "DOCTYPE");
}

TEST_F(BadSubmission, FiftyMegabytes)
{
    std::string xml = candidature();
    xml.insert(xml.find("</parcours>"), std::string(50 * 1024 * 1024, 'x'));
    expectRefused("", xml, "2026-12-04", "la taille maximale acceptée est de 10485760 octets");
}

TEST_F(BadSubmission, UnknownCqp)
{
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03", {Branch::pdf("outil6-dupont.pdf")});
    expectRefused("entreprise", candidature({{"<cqp>FAB-OPE</cqp>", "<cqp>FAB-XYZ</cqp>"}}), "2026-12-04",
                  "le CQP « FAB-XYZ » n'existe pas dans le référentiel");
}

TEST_F(BadSubmission, CompetenceOutsideTheCqp)
{
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03", {Branch::pdf("outil6-dupont.pdf")});
    expectRefused("entreprise", candidature({{"FAB-OPE-C5", "LOG-AGT-C1"}}), "2026-12-04",
                  "ligne 11, /candidature/competences/competence[5] : la compétence « LOG-AGT-C1 » n'appartient pas au CQP");
}

TEST_F(BadSubmission, EvaluatorNotHabilitatedForTheCqp)
{
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03", {Branch::pdf("outil6-dupont.pdf")});
    // EH-0102 is habilitated for the logistics CQP only.
    expectRefused("entreprise", candidature({{"EH-0101", "EH-0102"}}), "2026-12-04",
                  "n'est pas habilité pour le CQP FAB-OPE au 11/01/2027");
}

TEST_F(BadSubmission, EvaluatorEmployedByTheCompany)
{
    // Company B (SIREN 552100554) employs EH-0101.
    branch.send("entreprise-b", Branch::example("03-candidat.xml", {{"compte=\"1\"", "compte=\"4\""}}), "2026-12-03");
    expectRefused("entreprise-b", candidature({{"compte=\"1\"", "compte=\"4\""}, {"73282932000074", "55210055400005"}}),
                  "2026-12-04", "est salarié de l'entreprise du candidat (SIREN 552100554)");
}

TEST_F(BadSubmission, ResultsAfterTheEightDayWindow)
{
    branch.createCandidature();
    branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05");
    expectRefused("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-20",
                  "devaient être saisis au plus tard le 19/01/2027", {Branch::pdf("outil4-dupont.pdf")});
    // The rule that refused it is kept for the statistics of deadline breaches.
    EXPECT_EQ(test::rawQuery(branch.location(), "SELECT refusal_codes FROM submissions WHERE status = 'rejected'"), ",results_too_late,\n");
}

TEST_F(BadSubmission, ResultsBeforeTheCandidatureIsComplete)
{
    // The candidate's dossier lacks the outil n°6 scan: the candidature stays en cours d'inscription.
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03");
    branch.send("entreprise", candidature(), "2026-12-04");
    expectRefused("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-12",
                  "est au statut « en cours d'inscription » : les résultats ne sont acceptés qu'en attente d'évaluation");
}

TEST_F(BadSubmission, RegistrationWithEveryLaterJuryTooLateOrFull)
{
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    // On 2027-09-25 the cut-off of the last jury (2027-10-15) has passed (2027-09-24).
    expectRefused("entreprise", Branch::example("08-inscription-jury.xml", {{"numero=\"2\"", "numero=\"3\""}}), "2027-09-25",
                  "devait parvenir au plus tard le 24/09/2027");
    EXPECT_NE(test::rawQuery(branch.location(), "SELECT refusal_codes FROM submissions WHERE status = 'rejected'").find(",registration_too_late,"),
              std::string::npos);
}

TEST_F(BadSubmission, ForgedSignature)
{
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03", {Branch::pdf("outil6-dupont.pdf")});
    std::string signedXml = test::signWithXmlsec1("entreprise", candidature());
    signedXml.replace(signedXml.find("EH-0101"), 7, "EH-0105");  // changed after signing
    expectRefused("", signedXml, "2026-12-04", "le document a été modifié après sa signature");
}

TEST_F(BadSubmission, MissingSignature)
{
    expectRefused("", candidature(), "2026-12-04", "Le document n'est pas signé");
}

TEST_F(BadSubmission, ValidSignatureFromAnotherCompany)
{
    // Company B signs with its own key but claims to be account n°1.
    expectRefused("entreprise-b", Branch::example("03-candidat.xml"), "2026-12-03",
                  "il n'a pas été signé avec la clé enregistrée pour ce compte");
}

TEST_F(BadSubmission, ACompanyCannotTouchAnotherCompanysCandidate)
{
    branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03", {Branch::pdf("outil6-dupont.pdf")});
    expectRefused("entreprise-b", candidature({{"compte=\"1\"", "compte=\"4\""}, {"<candidat reference=\"MAT-0042\"/>", "<candidat numero=\"1\"/>"},
                                               {"73282932000074", "55210055400005"}}),
                  "2026-12-04", "aucun candidat n°1 dans votre compte");
}

TEST_F(BadSubmission, ACompanyCannotSendResults)
{
    branch.createCandidature();
    expectRefused("entreprise", Branch::example("06-resultats-evaluation.xml", {{"compte=\"2\"", "compte=\"1\""}}), "2027-01-12",
                  "un compte « entreprise » ne peut pas envoyer de résultats de l'évaluation");
}

TEST_F(BadSubmission, OnlyTheSecretariatSendsDecisions)
{
    expectRefused("evaluateur", Branch::example("09-decisions-jury.xml", {{"compte=\"3\"", "compte=\"2\""}}), "2027-06-16",
                  "un compte « évaluateur habilité » ne peut pas envoyer de décisions du jury");
}

TEST_F(BadSubmission, AnEvaluatorCannotTouchACandidatureNotAssignedToThem)
{
    branch.createCandidature();
    // A second évaluateur habilité (EH-0103, key "metier") with an open account of their own.
    const auto request = branch.send("metier", Branch::example("02-demande-compte-evaluateur.xml",
                                                               {{"EH-0101", "EH-0103"},
                                                                {test::readFile(test::dataFile("keys/evaluateur.pub.pem")),
                                                                 test::readFile(test::dataFile("keys/metier.pub.pem"))}}),
                                     "2026-12-01");
    ASSERT_EQ(request.status, Status::Accepted);
    branch.store().accounts().setStatus(*request.accountId, AccountStatus::Active, *rules::Date::parseIso("2026-12-01"));
    expectRefused("metier", Branch::example("05-invitation-evaluateur-metier.xml",
                                            {{"compte=\"2\"", "compte=\"" + std::to_string(*request.accountId) + "\""}}),
                  "2027-01-05", "la candidature n°1 n'existe pas ou ne vous a pas été confiée comme évaluateur habilité");
}

TEST_F(BadSubmission, ThePendingAccountCannotSendYet)
{
    const auto request = branch.send("entreprise", Branch::example("01-demande-compte-entreprise.xml",
                                                                   {{"73282932000074", "35600000000047"},
                                                                    {"rh@chimie-exemple.fr", "rh@laposte.example"}}),
                                     "2026-12-01");
    ASSERT_EQ(request.status, Status::Accepted);
    expectRefused("entreprise", Branch::example("03-candidat.xml", {{"compte=\"1\"", "compte=\"" + std::to_string(*request.accountId) + "\""}}),
                  "2026-12-03", "n'est pas encore ouvert par le secrétariat");
}

TEST_F(BadSubmission, TheSameCandidateTwiceWithinOneCompany)
{
    ASSERT_EQ(branch.send("entreprise", Branch::example("03-candidat.xml"), "2026-12-03").status, Status::Accepted);
    expectRefused("entreprise", Branch::example("03-candidat.xml", {{"MAT-0042", "MAT-0043"}, {"<inviterCandidat/>", ""}}),
                  "2026-12-03", "ce candidat existe déjà dans votre compte (candidat n°1");
}

TEST_F(BadSubmission, AnUnknownInvitationToken)
{
    branch.createCandidature();
    expectRefused("metier", Branch::example("07-observations-evaluateur-metier.xml"), "2027-01-13",
                  "ce jeton d'invitation est inconnu");
}

TEST_F(BadSubmission, IncompleteJuryDecisions)
{
    branch.createCandidature();
    branch.evaluate();
    branch.observe();
    branch.register_();
    expectRefused("secretariat", Branch::example("09-decisions-jury.xml", {{"<competence code=\"FAB-OPE-C5\" valide=\"false\"/>", ""}}),
                  "2027-06-16", "La décision du jury manque pour la compétence FAB-OPE-C5.");
    expectRefused("secretariat", Branch::example("09-decisions-jury.xml"), "2027-06-14", "ne s'est pas encore réuni");
}

TEST(SubmissionsVerbatim, SqlLookingStringsAndLongUnicodeNamesComeBackAsSent)
{
    Branch branch;
    const std::string sqlName = "Robert'); DROP TABLE candidates;--";
    std::string longName;
    while (longName.size() < 150)
        longName += "Ægir-Łukasz Ñúñez 山田 ";
    while (!longName.empty() && longName.back() == ' ')
        longName.pop_back();
    const auto outcome = branch.send("entreprise", Branch::example("03-candidat.xml", {{"<nomNaissance>Dupont</nomNaissance>",
                                                                                        "<nomNaissance>Robert&apos;); DROP TABLE candidates;--</nomNaissance>"},
                                                                                       {"Élise Marie", longName}}),
                                     "2026-12-03");
    ASSERT_EQ(outcome.status, Status::Accepted) << outcome.messages.at(0);
    const auto candidate = branch.store().candidatures().candidate(*outcome.candidateId);
    EXPECT_EQ(candidate->nomNaissance, sqlName);
    EXPECT_EQ(candidate->prenoms, longName);
    EXPECT_EQ(test::countRows(branch.location(), "candidates"), 1);
}

// ---- issue 12 -----------------------------------------------------------------------------

TEST_F(BadSubmission, TwoAddressesInOneCourriel)
{
    expectRefused("entreprise",
                  Branch::example("03-candidat.xml", {{"elise.durand@exemple.fr", "a@x.example,b@y.example"}}), "2026-12-04",
                  "/candidat/courriel");
}

TEST_F(BadSubmission, ABirthDateInTheFuture)
{
    expectRefused("entreprise", Branch::example("03-candidat.xml", {{"1990-04-12", "2027-04-12"}}), "2026-12-04",
                  "La date de naissance (12/04/2027) est postérieure à la date de réception");
}

TEST_F(BadSubmission, ACandidateYoungerThanSixteen)
{
    expectRefused("entreprise", Branch::example("03-candidat.xml", {{"1990-04-12", "2011-01-20"}}), "2026-12-04",
                  "le candidat aurait moins de 16 ans");
}

TEST_F(BadSubmission, Utf32IsNotSupported)
{
    const std::string xml = Branch::example("04-candidature.xml");
    std::string utf32 = "\xff\xfe";
    utf32 += '\0';
    utf32 += '\0';
    for (const char c : xml) {
        utf32 += c;
        utf32.append(3, '\0');
    }
    expectRefused("", utf32, "2026-12-04", "Encodage non pris en charge (UTF-32) : UTF-8 attendu.");
}

TEST_F(BadSubmission, AnUnknownAccountIsNotRevealed)
{
    // Unsigned, naming an account that does not exist: told only that nothing verifies.
    expectRefused("", candidature({{"compte=\"1\"", "compte=\"77\""}}), "2026-12-04",
                  "la signature ne peut pas être vérifiée avec la clé du compte n°77");
    EXPECT_EQ(lastOutcome.messages.at(0).find("n'existe pas"), std::string::npos);
}

TEST_F(BadSubmission, APendingAccountIsNotRevealedToAnUnsignedDocument)
{
    const auto request = branch.send("entreprise-b", Branch::example("01-demande-compte-entreprise.xml",
                                                                     {{"73282932000074", "44306184100047"},
                                                                      {"rh@chimie-exemple.fr", "rh@autre.example"},
                                                                      {test::readFile(test::dataFile("keys/entreprise.pub.pem")),
                                                                       test::readFile(test::dataFile("keys/entreprise-b.pub.pem"))}}),
                                     "2026-12-02");
    ASSERT_EQ(request.status, Status::Accepted) << request.messages.at(0);
    const std::string pending = std::to_string(*request.accountId);
    expectRefused("", candidature({{"compte=\"1\"", "compte=\"" + pending + "\""}}), "2026-12-04", "Le document n'est pas signé");
    EXPECT_EQ(lastOutcome.messages.at(0).find("pas encore ouvert"), std::string::npos);
}

TEST_F(BadSubmission, Version11WithoutIdentifier)
{
    expectRefused("entreprise", candidature({{"identifiant=\"exemple-04-candidature\" ", ""}}), "2026-12-04",
                  "un document de la version 1.1 porte les attributs « identifiant »");
}

TEST_F(BadSubmission, Version10WithVersion11Attributes)
{
    expectRefused("entreprise", candidature({{"version=\"1.1\"", "version=\"1.0\""}}), "2026-12-04",
                  "appartiennent à la version 1.1");
}

TEST_F(BadSubmission, AnIdentifierTooShort)
{
    expectRefused("entreprise", candidature({{"identifiant=\"exemple-04-candidature\"", "identifiant=\"x1\""}}), "2026-12-04",
                  "identifiant");
}

TEST_F(BadSubmission, ADamagedOutil4NamedByTheResults)
{
    branch.createCandidature();
    ASSERT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status, Status::Accepted);
    expectRefused("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-12",
                  "Le scan de l'outil n°4 « outil4-dupont.pdf » ne peut pas être lu : le PDF est illisible",
                  {{"outil4-dupont.pdf", "application/pdf", "%PDF-1.4\n%%EOF tronqué"}});
}
