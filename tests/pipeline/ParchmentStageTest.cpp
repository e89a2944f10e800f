// From the jury's decisions to a print batch a secretariat can put in envelopes.

#include "cqp/stages/AdvanceStage.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/stages/RenderStage.h"
#include "cqp/cli/Settings.h"
#include "cqp/repositories/Store.h"

#include "Branch.h"
#include "Seed.h"

#include <gtest/gtest.h>


using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
using cqp::test::shell;

namespace {

int countSubstrings(const std::string& text, const std::string& what)
{
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class ParchmentStageTest : public ::testing::Test {
protected:
    Branch branch;
    TempDir dir;
    ParchmentSettings settings;
    rules::Date day = *rules::Date::parseIso("2027-06-16");

    void SetUp() override
    {
        settings.keyFile = dir / "parchment.key";
        settings.printDir = dir / "print";
        settings.verifyUrl = "https://cqp.branche.example/verifier?code=";
        settings.signatories = {{"Le Président de la CPNE des Industries Chimiques", "Jean-François Moreau", ""}};
        // The example images the project draws (scripts/make-example-images).
        settings.logoFile = sourceDir() / "examples/images/logo-cpne.png";
        settings.signatureFiles = {sourceDir() / "examples/images/signature-president.png"};
        // Candidature n°1 (company A, by XML): partiel. Candidature n°2 (seeded): validé.
        branch.createCandidature();
        branch.evaluate();
        branch.observe();
        branch.register_();
        branch.send("secretariat", Branch::example("09-decisions-jury.xml"), "2027-06-16");
        seedDossier(branch.store(), SeedUpTo::Decided, {true, true, true, true, true}, "V");
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, day};
        AdvanceStage{}.run(context);
    }

    StageReport render()
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, day};
        return RenderStage{settings}.run(context);
    }
};

}  // namespace

TEST_F(ParchmentStageTest, NumbersCodesAndOnePrintBatchPerJury)
{
    const auto report = render();
    EXPECT_EQ(report.accepted, 2);
    const auto partiel = branch.store().parchments().byCandidature(1);
    ASSERT_TRUE(partiel);
    EXPECT_EQ(partiel->kind, ParchmentKind::Attestation);
    EXPECT_EQ(partiel->label(), "2027-0001");
    const auto valide = branch.store().parchments().byCandidature(2);
    ASSERT_TRUE(valide);
    EXPECT_EQ(valide->kind, ParchmentKind::Parchemin);
    EXPECT_EQ(valide->label(), "2027-0002");
    EXPECT_NE(partiel->verificationCode, valide->verificationCode);
    EXPECT_EQ(valide->verificationCode.size(), 19u);

    // The seeded dossier sits in jury n°1, the XML one in jury n°2: two batches.
    std::vector<std::filesystem::path> batches;
    for (const auto& entry : std::filesystem::directory_iterator(settings.printDir))
        batches.push_back(entry.path());
    std::sort(batches.begin(), batches.end());
    ASSERT_EQ(batches.size(), 2u);
    for (const auto& file : batches)
        EXPECT_TRUE(qpdfClean(file));
    const auto parchmentText = pdfText(batches[0]);
    EXPECT_NE(parchmentText.find("Élise Marie DUPONTV"), std::string::npos) << parchmentText;
    // Issue 14, item 9: the title in the holder's gender, the register's number under it, the
    // logo and the signature as images (with the QR code: three per parchment page).
    EXPECT_NE(parchmentText.find("Opératrice de fabrication des Industries Chimiques"), std::string::npos) << parchmentText;
    EXPECT_EQ(parchmentText.find("Opérateur(trice)"), std::string::npos);
    EXPECT_NE(parchmentText.find("Certification enregistrée au Répertoire national des certifications professionnelles sous le "
                                 "n° RNCP99001"),
              std::string::npos)
        << parchmentText;
    EXPECT_EQ(countSubstrings(shell("pdfimages -f 2 -l 2 -list '" + batches[0].string() + "'"), "\n   2 "), 3);
    EXPECT_NE(parchmentText.find("N° 2027-0002"), std::string::npos);
    EXPECT_NE(parchmentText.find("Chimie Exemple SAS"), std::string::npos);  // the packing sheet
    EXPECT_NE(parchmentText.find("69008 LYON"), std::string::npos);
    const auto attestationText = pdfText(batches[1]);
    EXPECT_NE(attestationText.find("Attestation de compétences"), std::string::npos);
    EXPECT_NE(attestationText.find("Élise Marie DURAND"), std::string::npos) << attestationText;  // nom d'usage
    EXPECT_NE(attestationText.find("née DUPONT"), std::string::npos);
    EXPECT_NE(attestationText.find("FAB-OPE-C5"), std::string::npos);
    EXPECT_NE(attestationText.find("candidate au CQP « Opératrice de fabrication des Industries Chimiques »"), std::string::npos)
        << attestationText;
    EXPECT_NE(attestationText.find("jusqu'au 16/06/2032"), std::string::npos);
    // The attestation carries its number, code and QR code like a parchment, and they verify.
    EXPECT_NE(attestationText.find("N° 2027-0001"), std::string::npos) << attestationText;
    EXPECT_NE(attestationText.find("Code de vérification : " + partiel->verificationCode), std::string::npos) << attestationText;

    // The QR code of the parchment page gives the verification URL back, and so does the
    // attestation's (its page follows its packing sheet).
    const auto decoded = pageQrCode(batches[0], 2, 150);
    EXPECT_NE(decoded.find("https://cqp.branche.example/verifier?code=" + valide->verificationCode), std::string::npos) << decoded;
    const auto attestationQr = pageQrCode(batches[1], 2, 150);
    EXPECT_NE(attestationQr.find("https://cqp.branche.example/verifier?code=" + partiel->verificationCode), std::string::npos)
        << attestationQr;
    writeFile(dir / "cqp.properties", "store = " + branch.location().describe() + "\n");
    const auto checked = runCqp(dir.path(), {"verify", attestationQr.substr(attestationQr.find("https://"))});
    EXPECT_EQ(checked.exitCode, 0) << checked.out << checked.err;
    EXPECT_NE(checked.out.find("attestation n° 2027-0001 délivrée le 16/06/2027"), std::string::npos) << checked.out;

    // Both batches go to the secretariat, with the PDF attached.
    int mails = 0;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "print_batch") {
            ++mails;
            EXPECT_EQ(branch.store().mail().attachments(m.id).size(), 1u);
        }
    EXPECT_EQ(mails, 2);

    // A second run prints nothing twice.
    const auto again = render();
    EXPECT_EQ(again.accepted, 0);
    EXPECT_EQ(again.mailsQueued, 0);
}

TEST_F(ParchmentStageTest, CodesAreBoundToTheKeyAndTheFacts)
{
    EXPECT_EQ(verificationCode("key", "2027-0001|parchemin|DUPONT"), verificationCode("key", "2027-0001|parchemin|DUPONT"));
    EXPECT_NE(verificationCode("key", "2027-0001|parchemin|DUPONT"), verificationCode("key", "2027-0001|parchemin|DUPONd"));
    EXPECT_NE(verificationCode("key", "2027-0001|parchemin|DUPONT"), verificationCode("other", "2027-0001|parchemin|DUPONT"));
    const auto key = parchmentKey(settings, true);
    EXPECT_EQ(key.size(), 64u);
    EXPECT_EQ(parchmentKey(settings, false), key);  // kept, not regenerated
    EXPECT_EQ(std::filesystem::status(settings.keyFile).permissions() & std::filesystem::perms::others_read,
              std::filesystem::perms::none);
}

TEST(ParchmentCommands, VerifyAndRevoke)
{
    TempDir dir;
    ASSERT_EQ(runCqp(dir.path(), {"init"}).exitCode, 0);
    {
        auto store = Store::open(StoreLocation::parse("sqlite:" + (dir / "var/cqp.db").string()));
        seedDossier(*store, SeedUpTo::Decided);
    }
    const auto run = runCqp(dir.path(), {"--date=2027-06-16", "run"});
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("render              1         1"), std::string::npos) << run.out;
    auto store = Store::open(StoreLocation::parse("sqlite:" + (dir / "var/cqp.db").string()));
    const auto parchment = store->parchments().byCandidature(1);
    ASSERT_TRUE(parchment);
    const auto valid = runCqp(dir.path(), {"verify", parchment->verificationCode});
    EXPECT_EQ(valid.exitCode, 0);
    EXPECT_NE(valid.out.find(parchment->verificationCode + " : valide"), std::string::npos) << valid.out;
    EXPECT_NE(valid.out.find("parchemin n° 2027-0001 délivré le 16/06/2027"), std::string::npos) << valid.out;
    EXPECT_NE(valid.out.find("titulaire : Élise Marie Dupont, née le 12/04/1990"), std::string::npos) << valid.out;
    EXPECT_NE(valid.out.find("CQP : Opératrice de fabrication des Industries Chimiques"), std::string::npos);
    // What the QR code gives, and the code typed in lower case without its dashes: the same answer.
    std::string typed;
    for (char c : parchment->verificationCode)
        if (c != '-')
            typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& given : {"https://cqp.observatoiredelachimie.fr/verifier?code=" + parchment->verificationCode, typed}) {
        const auto again = runCqp(dir.path(), {"verify", given});
        EXPECT_EQ(again.exitCode, 0) << given;
        EXPECT_EQ(again.out, valid.out) << given;
    }
    std::string forged = parchment->verificationCode;
    forged[0] = forged[0] == 'A' ? 'B' : 'A';
    const auto unknown = runCqp(dir.path(), {"verify", forged});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.out.find(forged + " : inconnu"), std::string::npos) << unknown.out;
    const auto notACode = runCqp(dir.path(), {"verify", "2027-0001"});
    EXPECT_EQ(notACode.exitCode, 1);
    EXPECT_NE(notACode.out.find("« 2027-0001 » n'est pas un code de vérification"), std::string::npos) << notACode.out;
    EXPECT_EQ(runCqp(dir.path(), {"parchment", "revoke", "2027-0001"}).exitCode, 2);  // a reason is required
    EXPECT_EQ(runCqp(dir.path(), {"--date=2027-07-01", "parchment", "revoke", "2027-0001", "--reason=Erreur sur la date de naissance"}).exitCode, 0);
    const auto revoked = runCqp(dir.path(), {"verify", parchment->verificationCode});
    EXPECT_EQ(revoked.exitCode, 1);
    EXPECT_NE(revoked.out.find("révoqué le 01/07/2027 (Erreur sur la date de naissance)"), std::string::npos) << revoked.out;
    // The revocation shows in the candidature's status and history (issue 14, item 4).
    EXPECT_NE(runCqp(dir.path(), {"status", "1"}).out.find("parchemin n° 2027-0001 du 16/06/2027, révoqué le 01/07/2027 (Erreur sur"),
              std::string::npos);
    EXPECT_NE(runCqp(dir.path(), {"history", "1"})
                  .out.find("01/07/2027  « validé » (inchangé)  par secrétariat  règle parchment_revoke  motif : Parchemin "
                            "2027-0001 révoqué : Erreur sur"),
              std::string::npos);
    // Reissued (issue 14, item 4): a new number and code at the next run, the old one still
    // revoked, the history and the company told.
    const auto reissue =
        runCqp(dir.path(), {"--date=2027-07-01", "parchment", "reissue", "2027-0001", "--reason=Date de naissance corrigée"});
    EXPECT_EQ(reissue.exitCode, 0) << reissue.out << reissue.err;
    EXPECT_NE(reissue.out.find("réédition : un nouveau numéro et un nouveau code au prochain `cqp run`"), std::string::npos)
        << reissue.out;
    EXPECT_EQ(runCqp(dir.path(), {"parchment", "reissue", "2027-0001", "--reason=encore"}).exitCode, 1);  // once
    const auto rerun = runCqp(dir.path(), {"--date=2027-07-02", "run"});
    EXPECT_EQ(rerun.exitCode, 0) << rerun.out << rerun.err;
    const auto current = store->parchments().byCandidature(1);
    ASSERT_TRUE(current);
    EXPECT_EQ(current->label(), "2027-0002");
    EXPECT_EQ(current->replacesId, parchment->id);
    EXPECT_NE(current->verificationCode, parchment->verificationCode);
    EXPECT_EQ(runCqp(dir.path(), {"verify", current->verificationCode}).exitCode, 0);
    EXPECT_EQ(runCqp(dir.path(), {"verify", parchment->verificationCode}).exitCode, 1);
    const auto status = runCqp(dir.path(), {"status", "1"}).out;
    EXPECT_NE(status.find("parchemin n° 2027-0001 du 16/06/2027, révoqué le 01/07/2027"), std::string::npos) << status;
    EXPECT_NE(status.find("parchemin n° 2027-0002 du 02/07/2027, valide"), std::string::npos) << status;
    EXPECT_NE(runCqp(dir.path(), {"history", "1"}).out.find("Parchemin 2027-0002 délivré en remplacement de 2027-0001"),
              std::string::npos);
    const auto mails = runCqp(dir.path(), {"mail", "list"}).out;
    EXPECT_NE(mails.find("Parchemin réédité n° 2027-0002"), std::string::npos) << mails;
    EXPECT_EQ(runCqp(dir.path(), {"--date=2027-07-03", "run"}).exitCode, 0);
    EXPECT_EQ(store->parchments().allOfCandidature(1).size(), 2u);  // nothing issued twice
    EXPECT_TRUE(std::filesystem::exists(dir / "var/print"));
    const auto form = runCqp(dir.path(), {"forms", "render", "--candidature=1", "--outil=4", "--output=outil4.pdf"});
    EXPECT_EQ(form.exitCode, 0) << form.err;
    EXPECT_NE(pdfText(dir / "outil4.pdf").find("Guide d'évaluation des compétences"), std::string::npos);
    EXPECT_EQ(runCqp(dir.path(), {"forms", "render", "--candidature=1", "--outil=5", "--output=x.pdf"}).exitCode, 2);
}

TEST_F(ParchmentStageTest, TheAccrochageExportIsValidStableAndHoldsOnlyFullDeliveries)
{
    render();
    ASSERT_EQ(runCqp(dir.path(), {"--help"}).exitCode, 0);
    writeFile(dir / "cqp.properties", "store = sqlite:" + branch.location().target +
                                          "\naccrochage.id_client = CQP12345\naccrochage.id_contrat = CTR-2027\n"
                                          "accrochage.code.FAB-OPE = RNCP34567\n");
    const auto first = runCqp(dir.path(), {"export", "accrochage", "--from=2027-01-01", "--to=2027-12-31", "--output=flux1.xml"});
    ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
    EXPECT_NE(first.out.find("1 titulaire(s)"), std::string::npos);  // the attestation is not a certification
    const auto xml = readFile(dir / "flux1.xml");
    const auto valid = shell("xmllint --noout --schema '" + dataFile("standards/cdc-accrochage-v2.0.0.xsd").string() + "' '" +
                             (dir / "flux1.xml").string() + "' 2>&1; echo rc=$?");
    EXPECT_NE(valid.find("validates"), std::string::npos) << valid << xml;
    EXPECT_NE(xml.find("<cpf:idTechnique>CQPIC-2027-0002</cpf:idTechnique>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<cpf:code>RNCP34567</cpf:code>"), std::string::npos);
    EXPECT_NE(xml.find("<cpf:modaliteAcces>FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION</cpf:modaliteAcces>"), std::string::npos);
    EXPECT_NE(xml.find("<cpf:codeInsee>42218</cpf:codeInsee>"), std::string::npos);
    EXPECT_EQ(xml.find("secu"), std::string::npos);  // no social security number, ever
    ASSERT_EQ(runCqp(dir.path(), {"export", "accrochage", "--from=2027-01-01", "--to=2027-12-31", "--output=flux2.xml"}).exitCode, 0);
    EXPECT_EQ(readFile(dir / "flux2.xml"), xml);  // the same period gives the same document
    EXPECT_EQ(runCqp(dir.path(), {"export", "accrochage", "--from=2026-01-01", "--to=2026-12-31", "--output=none.xml"}).exitCode, 1);
}

TEST_F(ParchmentStageTest, APrintBatchThatCannotBeWrittenIsAFailureAndIsMadeAgainLater)
{
    // Issue 12, item 8: the print folder is a file (as a full or read-only disk would refuse it).
    writeFile(dir / "print", "not a folder");
    const auto failed = render();
    EXPECT_GE(failed.failed, 1);
    const auto failures = branch.store().failuresSince("2027-01-01");
    ASSERT_FALSE(failures.empty());
    EXPECT_EQ(failures.back().stage, "render");
    EXPECT_NE(failures.back().reason.find("print"), std::string::npos) << failures.back().reason;  // the folder named
    EXPECT_TRUE(branch.store().parchments().unprinted().size() > 0);  // nothing recorded as printed
    std::filesystem::remove(dir / "print");
    const auto again = render();
    EXPECT_EQ(again.failed, 0);
    EXPECT_TRUE(branch.store().parchments().unprinted().empty());
}

TEST_F(ParchmentStageTest, FamilyNamesInCapitalsKeepTheirAccents)
{
    // Candidature n°2 is seeded; its holder becomes Núñez-Éloïse before the parchment is made.
    const auto candidature = branch.store().candidatures().candidature(2);
    ASSERT_TRUE(candidature);
    auto candidate = *branch.store().candidatures().candidate(candidature->candidateId);
    candidate.nomNaissance = "Núñez-Éloïse";
    branch.store().transaction([&] { branch.store().candidatures().updateCandidate(candidate); });
    render();
    std::string text;
    for (const auto& entry : std::filesystem::directory_iterator(settings.printDir))
        text += pdfText(entry.path());
    EXPECT_TRUE(contains(text, "NÚÑEZ-ÉLOÏSE")) << text;
    EXPECT_FALSE(contains(text, "NúñEZ"));
}

TEST_F(ParchmentStageTest, TheWholeDossierWithoutSql)
{
    // Issue 14, item 7: what the secretariat reads of a candidature, from the civil status to
    // the attestation and the mails.
    render();
    writeFile(dir / "cqp.properties", "store = " + branch.location().describe() + "\n");
    const auto shown = runCqp(dir.path(), {"dossier", "show", "1"});
    EXPECT_EQ(shown.exitCode, 0) << shown.err;
    for (const char* part : {"candidature n°1 au FAB-OPE — Opérateur(trice) de fabrication des Industries Chimiques",
                             "statut : « partiel »", "Élise Marie Dupont (nom d'usage Durand), née le 12/04/1990",
                             "entreprise : ", "(SIRET 73282932000074)", "évaluateur habilité : Sophie Martin (EH-0101",
                             "évaluateur métier : ", "documents :", "outil n°4 : document", "FAB-OPE-C5 : non acquis",
                             "observations de l'évaluateur métier", "jury : n°", "décision FAB-OPE-C5 : non validée",
                             "attestation n° 2027-0001", ", valide", "historique :", "→ partiel", "courriels :", "envoyer"})
        EXPECT_NE(shown.out.find(part), std::string::npos) << part << "\n" << shown.out;
    EXPECT_EQ(runCqp(dir.path(), {"dossier", "show", "99"}).exitCode, 2);
}
