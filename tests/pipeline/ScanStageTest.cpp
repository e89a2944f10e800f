// Scanned outils n°4 sent by mail without XML, read and filed — or left to the secretariat.

#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/stages/JuryStage.h"
#include "cqp/stages/ParchmentSettings.h"
#include "cqp/repositories/Store.h"
#include "cqp/render/Report.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "ScanSet.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;

namespace {

class ScanStageTest : public ::testing::Test {
protected:
    Branch branch;
    MailSettings mail;

    void SetUp() override
    {
        branch.createCandidature();
        ASSERT_EQ(branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status,
                  SubmissionOutcome::Status::Accepted);
    }

    void deliver(const std::string& from, const std::string& id, const std::vector<Part>& attachments)
    {
        MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-01-12"), mail.intake()};
        const auto result = intake.process(buildMessage(from, "Documents", id, "Ci-joint.", attachments));
        ASSERT_EQ(result.kind, IntakeResult::Kind::Processed);
    }

    void mailScan(const std::vector<int>& choices, bool sign, const std::string& id, const std::string& date = "12/01/2027",
                  const std::string& from = "sophie.martin@evaluateurs.example")
    {
        const auto pdf = renderForm(branch.store(), branch.referential, 1, 4, date);
        deliver(from, id, {{"scan.png", "image/png", ingest::encodePng(fillOutil4(pdf, choices, sign))}});
    }

    void mailOutil6(bool companySigns, bool candidateSigns, int overwrite, const std::string& id)
    {
        const auto pdf = renderForm(branch.store(), branch.referential, 1, 6);
        deliver("rh@chimie-exemple.fr", id,
                {{"outil6.png", "image/png", ingest::encodePng(fillOutil6(pdf, companySigns, candidateSigns, overwrite))}});
    }

    // A typed page without form code (a diploma, an invoice…) as a 300 dpi PNG.
    static std::string pagePng(const std::string& title, const std::string& body)
    {
        render::Report page{*render::findFonts(), title, ""};
        page.heading(title);
        page.paragraph(body);
        ingest::ScanLimits limits;
        limits.dpi = 300;
        return ingest::encodePng(ingest::loadScan(page.finish(), "application/pdf", limits).pages.at(0));
    }

    void mailPage(const std::string& title, const std::string& body, const std::string& id)
    {
        deliver("rh@chimie-exemple.fr", id, {{"document.png", "image/png", pagePng(title, body)}});
    }

    // The one review a paper ticking C5 « acquis » opens against XML results saying « non acquis »
    // (or the other way round: `paperSays`), the évaluateur habilité told, the dossier held.
    void expectC5Conflict(bool paperSays = true)
    {
        const auto reviews = branch.store().mail().reviews(ReviewState::Open);
        ASSERT_EQ(reviews.size(), 1u);
        const std::string said = paperSays ? "« acquis » sur l'outil n°4, « non acquis » dans les résultats envoyés"
                                           : "« non acquis » sur l'outil n°4, « acquis » dans les résultats envoyés";
        EXPECT_NE(reviews[0].reason.find("compétence FAB-OPE-C5 « "), std::string::npos) << reviews[0].reason;
        EXPECT_NE(reviews[0].reason.find(said), std::string::npos) << reviews[0].reason;
        int told = 0;
        for (const auto& m : branch.store().mail().aboutCandidature(1))
            if (m.kind == "scan_disagreement") {
                ++told;
                EXPECT_EQ(m.recipient, "sophie.martin@evaluateurs.example");
                const auto body = branch.store().mail().outgoing(m.id)->body;  // lists carry no body
                EXPECT_NE(body.find("FAB-OPE-C5"), std::string::npos) << body;
                EXPECT_NE(body.find(said), std::string::npos) << body;
                EXPECT_NE(body.find("Le dossier est retenu"), std::string::npos) << body;
            }
        EXPECT_EQ(told, 1);
        // Held: whatever else arrives, the dossier does not go on a jury's list until the review is settled.
        const auto status = branch.store().candidatures().candidature(1)->status;
        EXPECT_NE(status, rules::CandidatureStatus::InscriptionJury);
        branch.observe();
        if (status == rules::CandidatureStatus::ValidationEvaluation)
            branch.register_();
        EXPECT_EQ(branch.store().candidatures().candidature(1)->status, status);
        branch.store().mail().resolveReview(reviews[0].id, "L'évaluateur confirme les résultats envoyés.",
                                            *rules::Date::parseIso("2027-01-15"));
        Workflow workflow{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-01-15")};
        workflow.advance(1, "secrétariat");
        if (status != rules::CandidatureStatus::ValidationEvaluation)
            branch.register_();
        EXPECT_EQ(branch.store().candidatures().candidature(1)->status, rules::CandidatureStatus::InscriptionJury);
    }

    // The archive's text (pdftotext -layout): the candidate, each competence with its title,
    // the result read on the row of each competence, the evaluation date; and a sound PDF.
    static void expectArchiveText(const std::filesystem::path& pdf)
    {
        EXPECT_TRUE(qpdfClean(pdf));
        const std::string text = pdfText(pdf);
        EXPECT_NE(text.find("Candidat : Élise Marie Durand"), std::string::npos) << text;
        EXPECT_NE(text.find("Transmettre les informations au poste suivant"), std::string::npos) << text;
        EXPECT_NE(text.find("12/01/2027"), std::string::npos) << text;
        for (int row = 1; row <= 5; ++row) {
            const auto at = text.find("FAB-OPE-C" + std::to_string(row));
            ASSERT_NE(at, std::string::npos) << text;
            const auto next = text.find("FAB-OPE-C", at + 5);
            const std::string block = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
            // Rows 1–4 ticked « acquis », row 5 « non acquis »: the word sits on the row.
            EXPECT_EQ(block.find("non acquis") != std::string::npos, row == 5) << block;
            EXPECT_NE(block.find("acquis"), std::string::npos) << block;
        }
    }

    StageReport scan()
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-01-12"), &mail};
        return IngestStage{}.run(context);
    }
};

}  // namespace

TEST_F(ScanStageTest, ACertainOutil4GivesTheResultsUnderTheSameRules)
{
    mailScan({1, 1, 1, 1, 0}, true, "scan-ok@x");
    const auto report = scan();
    EXPECT_EQ(report.accepted, 1);
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty());
    const auto evaluation = branch.store().candidatures().evaluation(1);
    ASSERT_TRUE(evaluation);
    ASSERT_EQ(evaluation->results.size(), 5u);
    EXPECT_TRUE(evaluation->results[0].acquired);
    EXPECT_FALSE(evaluation->results[4].acquired);
    EXPECT_EQ(evaluation->evaluationDate, rules::Date::parseIso("2027-01-12"));  // typed on the form, read by Tesseract
    EXPECT_EQ(branch.store().documents().candidatureDocuments(1, DocumentKind::Outil4).size(), 1u);
    // And a searchable PDF of the scan, with the printed text under the image.
    const auto others = branch.store().documents().candidatureDocuments(1, DocumentKind::Autre);
    ASSERT_EQ(others.size(), 1u);
    const auto searchable = branch.store().documents().document(others[0]);
    EXPECT_EQ(searchable->fileName, "scan.png.ocr.pdf");
    TempDir dir;
    writeFile(dir / "ocr.pdf", searchable->content);
    expectArchiveText(dir / "ocr.pdf");
    EXPECT_EQ(scan().processed, 0);  // done once
}

// Issue 15: the archive of a page of our form is not OCR'd: its text is what the form printed
// and what was read from it, where the page shows it — also for a page scanned upside down,
// archived upright.
TEST_F(ScanStageTest, TheArchiveOfAFormPageSaysWhatItPrintedAndWhatWasReadAtTheirPlaces)
{
    const auto pdf = renderForm(branch.store(), branch.referential, 1, 4, "12/01/2027");
    const auto upsideDown = ingest::turned(fillOutil4(pdf, {1, 1, 1, 1, 0}, true), 2);
    deliver("sophie.martin@evaluateurs.example", "scan-upside-down@x", {{"scan.png", "image/png", ingest::encodePng(upsideDown)}});
    EXPECT_EQ(scan().accepted, 1);
    const auto others = branch.store().documents().candidatureDocuments(1, DocumentKind::Autre);
    ASSERT_EQ(others.size(), 1u);
    TempDir dir;
    writeFile(dir / "ocr.pdf", branch.store().documents().document(others[0])->content);
    expectArchiveText(dir / "ocr.pdf");
    // Upright: the top of the rendered page is the form's title, not its footer.
    shell("pdftoppm -r 30 -gray -png -singlefile " + (dir / "ocr.pdf").string() + " " + (dir / "page").string());
    const auto page = ingest::loadScan(readFile(dir / "page.png"), "image/png");
    ASSERT_EQ(page.pages.size(), 1u) << page.problem;
    {
        const auto& image = page.pages[0];
        auto ink = [&](int y0, int y1) {
            long dark = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = 0; x < image.width; ++x)
                    dark += image.at(x, y) < 128;
            return dark;
        };
        EXPECT_GT(ink(image.height / 20, image.height / 6), ink(image.height * 5 / 6, image.height * 19 / 20));
    }
}

TEST_F(ScanStageTest, AnUnansweredRowOrAMissingSignatureOpensAReview)
{
    mailScan({1, 1, -1, 1, 2}, false, "scan-doubt@x", "");
    scan();
    EXPECT_FALSE(branch.store().candidatures().evaluation(1));  // nothing guessed
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_EQ(reviews[0].candidatureId, 1);
    EXPECT_NE(reviews[0].reason.find("compétence n°3 (page 1) : aucune case cochée"), std::string::npos) << reviews[0].reason;
    // Both boxes of a row ticked is said so (issue 15), not « aucune case cochée ».
    EXPECT_NE(reviews[0].reason.find("compétence n°5 (page 1) : deux cases cochées"), std::string::npos) << reviews[0].reason;
    EXPECT_NE(reviews[0].reason.find("pas signé par l'évaluateur habilité"), std::string::npos);
    EXPECT_NE(reviews[0].reason.find("la date de l'évaluation n'est pas remplie"), std::string::npos);
    // The doubtful row is kept as an image for the secretariat.
    ASSERT_TRUE(reviews[0].cropDocumentId);
    const auto crop = branch.store().documents().document(*reviews[0].cropDocumentId);
    EXPECT_EQ(crop->mediaType, "image/png");
    EXPECT_EQ(crop->fileName, "extrait-candidature-1-competence-3.png");
    const auto image = ingest::loadScan(crop->content, "image/png");
    ASSERT_EQ(image.pages.size(), 1u);
    EXPECT_GT(image.pages[0].width, image.pages[0].height);  // a row: wider than tall
    // The scan itself is filed with the candidature all the same.
    EXPECT_EQ(branch.store().documents().candidatureDocuments(1, DocumentKind::Outil4).size(), 1u);
}

TEST_F(ScanStageTest, APaperThatContradictsTheXmlResultsOpensAReview)
{
    ASSERT_EQ(branch.send("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-12",
                          {Branch::pdf("outil4-dupont.pdf")})
                  .status,
              SubmissionOutcome::Status::Accepted);
    mailScan({1, 1, 1, 1, 1}, true, "scan-conflict@x");  // the XML says C5 non acquis
    scan();
    expectC5Conflict();
    // Settled and on the jury's list: the jury file marks the scan's page with what was found
    // and decided, names the évaluateur métier, and leaves no page announcing a scan.
    TempDir dir;
    ParchmentSettings settings;
    settings.juryDir = dir / "jury";
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-05-26")};
    JuryStage{settings}.run(context);
    const auto file = dir / "jury" / "jury-2-2027-06-15-dossiers.pdf";
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_TRUE(qpdfClean(file));
    const std::string text = pdfText(file);
    EXPECT_NE(text.find("Luc Bernard"), std::string::npos) << text;
    EXPECT_NE(text.find("ATTENTION"), std::string::npos) << text;
    EXPECT_NE(text.find("Tranché par le secrétariat : L'évaluateur confirme les résultats envoyés."), std::string::npos) << text;
    // No page left with a mere announcement: the summary (one page), then the three scans'
    // pages (the outil n°4 of the results, the one mailed, the outil n°6), each with its caption.
    EXPECT_EQ(text.find("à la suite"), std::string::npos);
    EXPECT_NE(shell("pdfinfo '" + file.string() + "'").find("Pages:           4"), std::string::npos)
        << shell("pdfinfo '" + file.string() + "'");
}

TEST_F(ScanStageTest, ADiplomaWithoutCodeIsFiledByTheNameAndBirthDateItCarries)
{
    mailPage("DIPLÔME — CERTIFICAT D'APTITUDE PROFESSIONNELLE",
             "Le recteur de l'académie certifie que Élise Marie DUPONT, née le 12/04/1990 à Saint-Étienne, a obtenu le CAP "
             "Conducteur d'installations de production.",
             "diplome@x");
    scan();
    EXPECT_EQ(branch.store().documents().candidateDocuments(1, DocumentKind::Diplome).size(), 1u);
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty());
}

TEST_F(ScanStageTest, AnUnrelatedScanIsKeptForTheSecretariatAndTheSenderTold)
{
    mailPage("FACTURE N° 2027-118", "Prestation de maintenance des chariots, montant 1 250,00 euros.", "facture@x");
    scan();
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_NE(reviews[0].reason.find("Scan sans code de formulaire"), std::string::npos) << reviews[0].reason;
    bool told = false;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        told = told || (m.kind == "reply" && m.recipient == "rh@chimie-exemple.fr" &&
                        m.body.find("sans code de formulaire, il n'a pu être rattaché à aucun dossier") != std::string::npos);
    EXPECT_TRUE(told);
}

TEST_F(ScanStageTest, ASignedOutil6ThatSaysWhatTheDossierSaysIsFiled)
{
    mailOutil6(true, true, -1, "outil6-ok@x");
    const auto report = scan();
    EXPECT_EQ(report.accepted, 1);
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty()) << branch.store().mail().reviews(ReviewState::Open)[0].reason;
    // Beside the PDF the candidate's XML cited.
    EXPECT_EQ(branch.store().documents().candidateDocuments(1, DocumentKind::Outil6).size(), 2u);
    // Its archive says what the form printed, field by field, without OCR.
    std::string archive;
    for (const Id id : branch.store().documents().candidateDocuments(1, DocumentKind::Autre))  // with the candidate's papers
        if (const auto d = branch.store().documents().document(id); d && d->fileName == "outil6.png.ocr.pdf")
            archive = d->content;
    ASSERT_FALSE(archive.empty());
    TempDir dir;
    writeFile(dir / "outil6.pdf", archive);
    EXPECT_TRUE(qpdfClean(dir / "outil6.pdf"));
    const std::string text = pdfText(dir / "outil6.pdf");
    EXPECT_NE(text.find("Outil n°6 — Dossier de candidature"), std::string::npos) << text;
    EXPECT_NE(text.find("Date de naissance"), std::string::npos) << text;
    EXPECT_NE(text.find("73282932000074"), std::string::npos) << text;
}

TEST_F(ScanStageTest, AnOutil6CorrectedByHandOrUnsignedOpensAReviewWithTheField)
{
    mailOutil6(true, false, 4, "outil6-corrige@x");  // the birth date written over; no candidate signature
    scan();
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_EQ(reviews[0].candidatureId, 1);
    EXPECT_NE(reviews[0].reason.find("« Date de naissance » : "), std::string::npos) << reviews[0].reason;
    EXPECT_NE(reviews[0].reason.find("« 12/04/1990 » dans le dossier"), std::string::npos) << reviews[0].reason;
    EXPECT_NE(reviews[0].reason.find("il n'est pas signé par le candidat"), std::string::npos);
    EXPECT_EQ(reviews[0].reason.find("Nom de naissance"), std::string::npos) << reviews[0].reason;  // the rest reads right
    ASSERT_TRUE(reviews[0].cropDocumentId);
    EXPECT_EQ(branch.store().documents().document(*reviews[0].cropDocumentId)->fileName, "extrait-candidature-1-outil6-champ-5.png");
    EXPECT_EQ(branch.store().documents().candidateDocuments(1, DocumentKind::Outil6).size(), 2u);  // filed all the same

    // The secretariat sees the review and opens the extract it cites, without SQL (issue 14, item 7).
    TempDir dir;
    writeFile(dir / "cqp.properties", "store = " + branch.location().describe() + "\n");
    const auto shown = runCqp(dir.path(), {"review", "show", std::to_string(reviews[0].id), "--output", "extrait.png"});
    EXPECT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_TRUE(contains(shown.out, "vérification n°" + std::to_string(reviews[0].id) + " (ouverte)")) << shown.out;
    EXPECT_TRUE(contains(shown.out, "extrait écrit dans extrait.png (image/png)")) << shown.out;
    const auto png = readFile(dir / "extrait.png");
    EXPECT_EQ(png.substr(0, 4), "\x89PNG");
    EXPECT_EQ(png, branch.store().documents().document(*reviews[0].cropDocumentId)->content);
    EXPECT_TRUE(contains(runCqp(dir.path(), {"review", "list"}).out, "1 vérification(s) ouverte(s)"));
}

TEST_F(ScanStageTest, AFormOfSomeoneElsesCandidatureIsNotTakenIntoAccount)
{
    // A valid outil n°4 of candidature 1, sent from an address that is neither its company nor
    // its evaluator: nothing applied, nothing filed, the sender told, the secretariat warned.
    mailScan({1, 1, 1, 1, 1}, true, "forged@x", "12/01/2027", "concurrent@autre-entreprise.example");
    const auto report = scan();
    EXPECT_EQ(report.rejected, 1);
    EXPECT_FALSE(branch.store().candidatures().evaluation(1));
    EXPECT_TRUE(branch.store().documents().candidatureDocuments(1, DocumentKind::Outil4).empty());
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_NE(reviews[0].reason.find("envoyé par concurrent@autre-entreprise.example, qui n'est ni l'entreprise"), std::string::npos)
        << reviews[0].reason;
    bool told = false;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        told = told || (m.kind == "reply" && m.recipient == "concurrent@autre-entreprise.example" &&
                        m.body.find("non pris en compte : seuls l'entreprise de la candidature") != std::string::npos);
    EXPECT_TRUE(told);
}

TEST_F(ScanStageTest, APageWithoutCodeGoesToTheDossierTheXmlOfItsMessageNames)
{
    // A new candidate's XML and a diploma that names nobody the store knows, in one message.
    const auto xml = signWithXmlsec1("entreprise", stamped(Branch::example("03-candidat.xml", {{"MAT-0042", "MAT-0077"}, {"<nomNaissance>Dupont", "<nomNaissance>Petit"}}), "2027-01-12"));
    deliver("rh@chimie-exemple.fr", "avec-xml@x",
            {{"candidat.xml", "application/xml", xml},
             {"diplome.png", "image/png",
              pagePng("DIPLÔME — BACCALAURÉAT PROFESSIONNEL", "Le recteur certifie que le titulaire a obtenu le baccalauréat "
                                                             "professionnel Procédés de la chimie, de l'eau et des papiers-cartons.")}});
    // This message's scan (the forms its XML documents named are queued too, filed already).
    ASSERT_EQ(rawQuery(branch.location(), "SELECT COUNT(*) FROM scan_queue WHERE state = 'pending' AND filed_by_submission = 0"),
              "1\n");
    scan();
    EXPECT_EQ(branch.store().documents().candidateDocuments(2, DocumentKind::Diplome).size(), 1u);
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty());
}

TEST_F(ScanStageTest, APageWithoutCodeIsOnlyMatchedAmongTheSendersDossiers)
{
    // The name and birth date of candidate 1, sent by a stranger: not filed in that dossier.
    const auto png = pagePng("DIPLÔME — CERTIFICAT D'APTITUDE PROFESSIONNELLE",
                             "Le recteur de l'académie certifie que Élise Marie DUPONT, née le 12/04/1990 à Saint-Étienne, a "
                             "obtenu le CAP Conducteur d'installations de production.");
    deliver("inconnu@ailleurs.example", "etranger@x", {{"diplome.png", "image/png", png}});
    scan();
    EXPECT_TRUE(branch.store().documents().candidateDocuments(1, DocumentKind::Diplome).empty());
    const auto reviews = branch.store().mail().reviews(ReviewState::Open);
    ASSERT_EQ(reviews.size(), 1u);
    EXPECT_NE(reviews[0].reason.find("aucun candidat reconnu"), std::string::npos) << reviews[0].reason;
}

TEST_F(ScanStageTest, ReplayedXmlOfAnotherCompanyFilesNoScanInItsDossier)
{
    // Issue 12, item 3: a stranger attaches company A's old accepted candidature plus scans: the
    // XML is « déjà reçu » and names no dossier; nothing is filed in A's dossiers, whatever the
    // way of filing (page without code, unreadable scan, coded form).
    std::string replayed;
    for (const auto& s : branch.store().submissions().all())
        if (s.kind == "candidature" && s.status == "accepted")
            replayed = branch.store().documents().document(s.documentId)->content;
    ASSERT_FALSE(replayed.empty());
    auto filed = [&] {
        std::size_t n = 0;
        for (const auto kind : {DocumentKind::Outil4, DocumentKind::Outil6, DocumentKind::Diplome, DocumentKind::Autre})
            n += branch.store().documents().candidateDocuments(1, kind).size() +
                 branch.store().documents().candidatureDocuments(1, kind).size();
        return n;
    };
    const auto before = filed();
    const auto outil4 = renderForm(branch.store(), branch.referential, 1, 4, "12/01/2027");
    MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, *rules::Date::parseIso("2027-01-12"), mail.intake()};
    const auto result = intake.process(buildMessage(
        "attacker@evil.example", "Documents", "replay@x", "Ci-joint.",
        {{"candidature.xml", "application/xml", replayed},
         {"diplome.png", "image/png", pagePng("DIPLÔME", "Le titulaire a obtenu le baccalauréat professionnel.")},
         {"abime.pdf", "application/pdf", "%PDF-1.4\n%abîmé\n"},
         {"outil4.png", "image/png", ingest::encodePng(fillOutil4(outil4, {1, 1, 1, 1, 1}, true))}}));
    ASSERT_EQ(result.kind, IntakeResult::Kind::Processed);
    EXPECT_EQ(result.accepted, 0);
    scan();
    EXPECT_EQ(filed(), before);
    EXPECT_FALSE(branch.store().candidatures().evaluation(1));
    int replies = 0;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.receivedMailId == result.receivedMailId) {
            ++replies;
            EXPECT_EQ(m.recipient, "attacker@evil.example");
            EXPECT_EQ(m.body.find("rattaché au dossier de la candidature"), std::string::npos) << m.body;
            EXPECT_NE(m.body.find("déjà reçu"), std::string::npos) << m.body;
            EXPECT_NE(m.body.find("« abime.pdf » : illisible"), std::string::npos) << m.body;
        }
    EXPECT_EQ(replies, 1);  // one reply for the message, whatever it carried
}

TEST_F(ScanStageTest, TheOutil4NamedByTheResultsIsReadAndComparedByTheSameQueue)
{
    // Issue 12, item 11: the form a submission names is read by the ingest stage like any scan —
    // by mail or `cqp ingest` —, filed once, and a contradiction with the XML opens a review.
    const auto pdf = renderForm(branch.store(), branch.referential, 1, 4, "12/01/2027");
    const std::string png = ingest::encodePng(fillOutil4(pdf, {1, 1, 1, 1, 1}, true));  // the XML says C5 non acquis
    const auto outcome = branch.send("evaluateur",
                                     Branch::example("06-resultats-evaluation.xml", {{"outil4-dupont.pdf", "outil4-dupont.png"}}),
                                     "2027-01-12", {{"outil4-dupont.png", "image/png", png}}, "sophie.martin@evaluateurs.example");
    ASSERT_EQ(outcome.status, SubmissionOutcome::Status::Accepted) << outcome.messages.at(0);
    EXPECT_EQ(rawQuery(branch.location(), "SELECT COUNT(*) FROM scan_queue WHERE state = 'pending' AND filed_by_submission = 1"),
              "2\n");  // the outil n°6 of the candidature's creation, and this outil n°4
    scan();
    expectC5Conflict();
    EXPECT_EQ(branch.store().documents().candidatureDocuments(1, DocumentKind::Outil4).size(), 1u);  // filed once
    EXPECT_EQ(branch.store().mail().countScansPending(), 0);
}

TEST_F(ScanStageTest, ResultsContradictingAnOutil4ReadBeforeThemHoldTheDossierToo)
{
    // Issue 14, items 2 and 3: the paper first (its ticks recorded), then the XML that completes it
    // — comments and the candidate's observations, without <outil4> — says otherwise for C5.
    mailScan({1, 1, 1, 1, 0}, true, "scan-first@x");
    scan();
    ASSERT_TRUE(branch.store().candidatures().evaluation(1));
    const std::string xml = Branch::example("06-resultats-evaluation.xml", {{"<outil4 fichier=\"outil4-dupont.pdf\"/>\n", ""},
                                                                           {"competence=\"FAB-OPE-C5\" acquis=\"false\"",
                                                                            "competence=\"FAB-OPE-C5\" acquis=\"true\""}});
    const auto outcome = branch.send("evaluateur", xml, "2027-01-12");
    ASSERT_EQ(outcome.status, SubmissionOutcome::Status::Accepted) << outcome.messages.at(0);
    const std::string said = [&] {
        std::string all;
        for (const auto& m : outcome.messages)
            all += m + "\n";
        return all;
    }();
    EXPECT_NE(said.find("Guide d'évaluation (outil n°4) déjà reçu"), std::string::npos) << said;
    EXPECT_NE(said.find("le dossier est retenu"), std::string::npos) << said;
    expectC5Conflict(false);
}

TEST_F(ScanStageTest, AScanAloneThenTheXmlWithoutOutil4FinishesTheEvaluation)
{
    // Issue 14, item 3: the results read from the paper, then comments and observations by XML
    // without <outil4>: the evaluation is complete, nothing held.
    mailScan({1, 1, 1, 1, 0}, true, "scan-alone@x");
    scan();
    EXPECT_EQ(branch.store().candidatures().candidature(1)->status, rules::CandidatureStatus::EnAttenteEvaluation);
    const auto outcome = branch.send(
        "evaluateur", Branch::example("06-resultats-evaluation.xml", {{"<outil4 fichier=\"outil4-dupont.pdf\"/>\n", ""}}),
        "2027-01-12");
    ASSERT_EQ(outcome.status, SubmissionOutcome::Status::Accepted) << outcome.messages.at(0);
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty());
    EXPECT_EQ(branch.store().candidatures().candidature(1)->status, rules::CandidatureStatus::ValidationEvaluation);
    EXPECT_EQ(branch.store().candidatures().evaluation(1)->results.at(0).comment,
              "Prépare son poste sans aide, respecte le mode opératoire.");
    EXPECT_TRUE(branch.store().candidatures().evaluation(1)->outil4DocumentId);
    // Without the paper nor <outil4>, the results wait for it.
}

TEST_F(ScanStageTest, AReplyThatRefusesADocumentCarriesTheSubmissionsGuide)
{
    // Issue 14, item 10: the reply saying what to correct brings the guide it refers to, as a PDF.
    const std::string refused = signWithXmlsec1("entreprise", Branch::example("04-candidature.xml", {{"FAB-OPE", "XXX-YYY"},
                                                                                                      {"CQP-2027-001", "CQP-2027-002"}}));
    deliver("rh@chimie-exemple.fr", "refused@x", {{"candidature.xml", "application/xml", refused}});
    std::optional<OutboxMail> reply;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.kind == "reply")
            reply = branch.store().mail().outgoing(m.id);
    ASSERT_TRUE(reply);
    EXPECT_NE(reply->body.find("refusé"), std::string::npos) << reply->body;
    EXPECT_NE(reply->body.find("Le guide des envois, joint (guide-des-envois.pdf)"), std::string::npos) << reply->body;
    const auto attached = branch.store().mail().attachments(reply->id);
    ASSERT_EQ(attached.size(), 1u);
    const auto guide = branch.store().documents().document(attached[0]);
    EXPECT_EQ(guide->fileName, "guide-des-envois.pdf");
    TempDir dir;
    writeFile(dir / "guide.pdf", guide->content);
    EXPECT_TRUE(qpdfClean(dir / "guide.pdf"));
    const auto text = pdfText(dir / "guide.pdf");
    EXPECT_NE(text.find("candidature"), std::string::npos);
    EXPECT_NE(text.find("dateEvaluationPrevue"), std::string::npos);
    EXPECT_EQ(text.find("**"), std::string::npos);
    if (const char* keep = std::getenv("CQP_KEEP_PDF"))
        writeFile(keep, guide->content);
}
