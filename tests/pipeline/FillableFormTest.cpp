// The fillable PDF forms of the invited persons (issue 16): mailed pre-filled, filled by two
// independent fillers from Debian (pdftk, pypdf) as a person's PDF reader would, sent back by
// mail, read from their fields — and every hostile variant refused or kept, never applied.

#include "cqp/inbox/Maildir.h"
#include "cqp/inbox/MimeMessage.h"
#include "cqp/ingest/FormReader.h"
#include "cqp/ingest/ScanReader.h"
#include "cqp/outbox/Spool.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/stages/FetchStage.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/stages/SendStage.h"
#include "cqp/rules/Replies.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/workflow/MailIntake.h"
#include "cqp/workflow/Workflow.h"

#include "Branch.h"
#include "MailBuilder.h"
#include "MailServers.h"
#include "ScanSet.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using namespace cqp::test;
namespace fs = std::filesystem;

namespace {

const std::string metier = "chef.atelier@chimie-exemple.fr";

// `text` as one shell word, whatever it holds.
std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return out + "'";
}

class FillableForms : public ::testing::Test {
protected:
    Branch branch;
    MailSettings mail;
    TempDir dir;
    rules::Date today = *rules::Date::parseIso("2027-01-13");
    int sent = 0;

    void SetUp() override
    {
        branch.createCandidature();  // the évaluatrice gets the outil n°4, fillable
        // The évaluateur métier is invited: a mail with his form.
        if (branch.send("evaluateur", Branch::example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status !=
            SubmissionOutcome::Status::Accepted)
            throw std::runtime_error("the example invitation was refused");
        mail.outbox = MailSettings::Outbox::Spool;
        mail.outboxSpool = dir / "outbox";
        mail.inboxMaildir = dir / "inbox";
        inbox::Maildir{mail.inboxMaildir}.create();
    }

    // The mails go out (forms rendered then); the PDF named `prefix…` of the last spooled mail
    // to `to`, as the recipient's mail client saves it.
    std::string mailedForm(const std::string& to, const std::string& prefix)
    {
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &mail};
        SendStage{}.run(context);
        std::string pdf;
        for (const auto& file : outbox::Spool{mail.outboxSpool}.messages()) {
            const std::string raw = readFile(file);
            if (headerOf(raw, "To").find(to) == std::string::npos)
                continue;
            const auto message = inbox::parseMime(raw);
            for (const auto& a : message.attachments)
                if (a.fileName.rfind(prefix, 0) == 0)
                    pdf = a.content;
        }
        return pdf;
    }

    fs::path fillWithPdftk(const std::string& form, const std::map<std::string, std::string>& values, const std::string& name)
    {
        writeFile(dir / "blank.pdf", form);
        std::string xfdf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><fields>";
        for (const auto& [field, value] : values)
            xfdf += "<field name=\"" + field + "\"><value>" + value + "</value></field>";
        xfdf += "</fields></xfdf>\n";
        writeFile(dir / "values.xfdf", xfdf);
        shell("pdftk '" + (dir / "blank.pdf").string() + "' fill_form '" + (dir / "values.xfdf").string() + "' output '" +
              (dir / name).string() + "' 2>&1");
        return dir / name;
    }

    fs::path fillWithPypdf(const std::string& form, const std::map<std::string, std::string>& values, const std::string& name,
                           bool hostile = false)
    {
        writeFile(dir / "blank.pdf", form);
        std::string command = "/usr/bin/python3 '" + (sourceDir() / "tests/support/fill-form.py").string() + "' " +
                              (hostile ? "--js " : "") + "'" + (dir / "blank.pdf").string() + "' '" + (dir / name).string() + "'";
        for (const auto& [field, value] : values)
            command += " " + quoted(field + "=" + value);
        shell(command + " 2>&1");
        return dir / name;
    }

    // The filled file mailed back from `from` through the Maildir and the fetch stage.
    StageReport mailBack(const fs::path& pdf, const std::string& from,
                         const std::vector<std::pair<std::string, std::string>>& headers = {})
    {
        const std::string type = pdf.extension() == ".png" ? "image/png" : "application/pdf";
        const std::string raw = buildMessage(from, "Re: Invitation", "form-" + std::to_string(++sent) + "@exemple.fr",
                                             "Voici le formulaire rempli.", {{pdf.filename().string(), type, readFile(pdf)}}, headers);
        writeFile(mail.inboxMaildir / "new" / ("form-" + std::to_string(sent)), raw);
        StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &mail};
        auto report = FetchStage{}.run(context);
        IngestStage{}.run(context);  // its scans, if any, as the night does
        return report;
    }

    std::string lastReply()
    {
        std::string body;
        for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
            if (m.reply)
                body = m.body;
        return body;
    }

    std::vector<MetierObservation> observations() { return branch.store().candidatures().metierObservations(1); }
};

}  // namespace

TEST_F(FillableForms, TheMetierInvitationCarriesAFormThatAnyReaderFillsAndThatIsReadExactly)
{
    const std::string form = mailedForm(metier, "observations-metier");
    ASSERT_FALSE(form.empty()) << "the invitation carries no form";
    writeFile(dir / "form.pdf", form);
    EXPECT_TRUE(qpdfClean(dir / "form.pdf"));
    const std::string text = pdfText(dir / "form.pdf");
    EXPECT_TRUE(contains(text, "Observations de l'évaluateur métier")) << text;
    EXPECT_TRUE(contains(text, "Vos observations sur l'évaluation du candidat")) << text;
    EXPECT_TRUE(contains(text, "Élise Marie")) << text;  // the candidate it is about
    const std::string fields = shell("pdftk '" + (dir / "form.pdf").string() + "' dump_data_fields_utf8");
    EXPECT_TRUE(contains(fields, "FieldName: observations")) << fields;
    EXPECT_TRUE(contains(fields, "FieldName: cqp_jeton")) << fields;

    const std::string said = "Geste sûr, consignes d'hygiène respectées ; l'opératrice « Élise » a su réagir.\nÀ revoir : "
                             "la traçabilité œnologique.";
    const auto filled = fillWithPdftk(form, {{"observations", said}}, "observations-pdftk.pdf");
    const auto report = mailBack(filled, metier);
    EXPECT_EQ(report.accepted, 1) << lastReply();
    ASSERT_EQ(observations().size(), 1u) << lastReply();
    EXPECT_EQ(observations()[0].observations, said);
    EXPECT_EQ(observations()[0].author, metier);
    EXPECT_TRUE(contains(lastReply(), "accepté")) << lastReply();
    // The form is the evidence: kept as a PDF document of the submission.
    const auto submissions = branch.store().submissions().forCandidature(1);
    ASSERT_FALSE(submissions.empty());
    EXPECT_EQ(branch.store().documents().document(submissions.back().documentId)->content, readFile(filled));

    // The same file again: already received, nothing twice.
    mailBack(filled, metier);
    EXPECT_EQ(observations().size(), 1u);
    EXPECT_TRUE(contains(lastReply(), "déjà reçu")) << lastReply();
    // The used token with other content: refused, naming the form.
    const auto other = fillWithPypdf(form, {{"observations", "Autre chose."}}, "observations-autre.pdf");
    mailBack(other, metier);
    EXPECT_EQ(observations().size(), 1u);
    EXPECT_TRUE(contains(lastReply(), "déjà servi")) << lastReply();
}

TEST_F(FillableForms, ASecondFillerGivesTheSameAndTheCandidateFormCarriesTheCivilStatus)
{
    // pypdf, the second filler, on the métier's form.
    const std::string form = mailedForm(metier, "observations-metier");
    const auto filled = fillWithPypdf(form, {{"observations", "Très bien : l'ouvrière a répondu « oui » à l'audit."}},
                                      "observations-pypdf.pdf");
    EXPECT_EQ(mailBack(filled, metier).accepted, 1) << lastReply();
    ASSERT_EQ(observations().size(), 1u);
    EXPECT_EQ(observations()[0].observations, "Très bien : l'ouvrière a répondu « oui » à l'audit.");

    // The candidate invited by the company gets her civil status, pre-filled, to check (within
    // the month her invitation lasts).
    today = *rules::Date::parseIso("2026-12-20");
    const std::string candidateForm = mailedForm("elise.durand@exemple.fr", "saisie-candidat");
    ASSERT_FALSE(candidateForm.empty());
    const auto values = ingest::readFormFields(candidateForm);
    EXPECT_EQ(values.at("nom_naissance"), "Dupont");
    EXPECT_EQ(values.at("prenoms"), "Élise Marie");
    const auto corrected = fillWithPdftk(candidateForm,
                                         {{"prenoms", "Élise Marie-Noëlle"}, {"nom_usage", "D'Ornano"}, {"date_naissance", "02/03/1990"}},
                                         "saisie.pdf");
    EXPECT_EQ(mailBack(corrected, "elise.durand@exemple.fr").accepted, 1) << lastReply();
    const auto candidate = branch.store().candidatures().candidate(1);
    EXPECT_EQ(candidate->prenoms, "Élise Marie-Noëlle");
    EXPECT_EQ(candidate->nomUsage, "D'Ornano");
    EXPECT_EQ(candidate->dateNaissance->iso(), "1990-03-02");
}

TEST_F(FillableForms, HostileFormsAreRefusedOrKeptAndNeverApplied)
{
    const std::string form = mailedForm(metier, "observations-metier");
    // From another address: refused, the address is not told.
    mailBack(fillWithPdftk(form, {{"observations", "Usurpé."}}, "a.pdf"), "pirate@exemple.org");
    EXPECT_TRUE(observations().empty());
    EXPECT_TRUE(contains(lastReply(), "doit être renvoyé depuis l'adresse")) << lastReply();
    EXPECT_FALSE(contains(lastReply(), metier));
    // Control characters, and a value over its length.
    mailBack(fillWithPypdf(form, {{"observations", std::string{"Bip\x07 bip"}}}, "b.pdf"), metier);
    EXPECT_TRUE(contains(lastReply(), "Vos observations sur l'évaluation du candidat : ce champ contient des caractères de contrôle"))
        << lastReply();
    mailBack(fillWithPypdf(form, {{"observations", std::string(4200, 'x')}}, "c.pdf"), metier);
    EXPECT_TRUE(contains(lastReply(), "4200 caractères, 4000 au plus")) << lastReply();
    EXPECT_TRUE(observations().empty());
    // Another dossier's number with this token.
    const std::string elsewhere = fillWithPypdf(form, {{"observations", "Ailleurs."}, {"cqp_dossier", "99"}}, "d.pdf").string();
    mailBack(elsewhere, metier);
    EXPECT_TRUE(contains(lastReply(), "ne concerne pas la candidature n°99")) << lastReply();
    // An expired token: the candidate's own entry, a month after her invitation.
    const std::string candidateForm = mailedForm("elise.durand@exemple.fr", "saisie-candidat");
    mailBack(fillWithPdftk(candidateForm, {{"prenoms", "Élise"}}, "saisie-tard.pdf"), "elise.durand@exemple.fr");
    EXPECT_TRUE(contains(lastReply(), "a expiré le 02/01/2027")) << lastReply();
    EXPECT_EQ(branch.store().candidatures().candidate(1)->prenoms, "Élise Marie");
    // A script and a launch action: never run, the fields still read.
    const auto scripted = fillWithPypdf(form, {{"observations", "Avec script."}}, "e.pdf", true);
    ASSERT_TRUE(contains(readFile(scripted), "/Launch"));
    EXPECT_EQ(mailBack(scripted, metier).accepted, 1) << lastReply();
    ASSERT_EQ(observations().size(), 1u);
    EXPECT_EQ(observations()[0].observations, "Avec script.");
}

TEST_F(FillableForms, AFormWhoseSenderFailsDmarcAtOurServerWaitsForTheSecretariat)
{
    mail.trustedAuthServer = "mx.branche.example";
    const std::string form = mailedForm(metier, "observations-metier");
    const auto filled = fillWithPdftk(form, {{"observations", "Relu et approuvé."}}, "dmarc.pdf");
    // A header the sender wrote himself, claiming a pass from another server, changes nothing.
    mailBack(filled, metier,
             {{"Authentication-Results", "mx.branche.example; spf=softfail smtp.mailfrom=chimie-exemple.fr; dmarc=fail (p=none) "
                                         "header.from=chimie-exemple.fr"},
              {"Authentication-Results", "mx.pirate.example; dmarc=pass header.from=chimie-exemple.fr"}});
    EXPECT_TRUE(observations().empty());
    const auto held = branch.store().mail().receivedInState(ReceivedState::Quarantined);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_TRUE(contains(held[0].reason, "DMARC")) << held[0].reason;
    EXPECT_TRUE(contains(lastReply(), "transmis au secrétariat")) << lastReply();
    // The secretariat checks and retries it: applied.
    MailIntake intake{branch.store(), branch.referential, rules::Deadlines{}, today, mail.intake()};
    const auto retried = intake.process(held[0].raw, {}, held[0].id);
    EXPECT_EQ(retried.accepted, 1);
    ASSERT_EQ(observations().size(), 1u);
    // A pass at our server: applied at once.
    EXPECT_EQ(rules::dmarcVerdict({"mx.branche.example; dmarc=pass"}, mail.trustedAuthServer), rules::DmarcVerdict::Pass);
}

TEST_F(FillableForms, EncryptedDamagedAndLyingPdfsAreProblemsNotCrashes)
{
    const std::string form = mailedForm(metier, "observations-metier");
    const auto filled = fillWithPdftk(form, {{"observations", "Correct."}}, "f.pdf");
    // Encrypted with a user password: unreadable as a form, kept as a scan that says why.
    shell("qpdf --encrypt secret secret 256 -- '" + filled.string() + "' '" + (dir / "g.pdf").string() + "'");
    EXPECT_FALSE(ingest::readFilledForm(readFile(dir / "g.pdf")).isForm);
    // Damaged: cut in half.
    const std::string bytes = readFile(filled);
    EXPECT_FALSE(ingest::readFilledForm(bytes.substr(0, bytes.size() / 2)).submission);
    // An AcroForm whose field claims a page that does not exist, and loops through its kids.
    const std::string lying = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R 3 0 R] >> >> endobj\n"
                              "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                              "3 0 obj << /T (cqp_formulaire) /FT /Tx /V (observationsMetier) /P 99 0 R /Kids [3 0 R] >> endobj\n"
                              "trailer << /Root 1 0 R >>\n%%EOF\n";
    const auto read = ingest::readFilledForm(lying);
    EXPECT_FALSE(read.submission);
    // Through the mail, each is answered and nothing is applied.
    mailBack(dir / "g.pdf", metier);
    writeFile(dir / "h.pdf", lying);
    mailBack(dir / "h.pdf", metier);
    EXPECT_TRUE(observations().empty());
}

TEST_F(FillableForms, TheEvaluatorFillsTheOutil4AndItsResultsAreRecordedThenItsPrintedScanIsRead)
{
    const std::string evaluator = "sophie.martin@evaluateurs.example";
    const std::string form = mailedForm(evaluator, "outil4-candidature-1");
    ASSERT_FALSE(form.empty());
    writeFile(dir / "outil4.pdf", form);
    EXPECT_TRUE(qpdfClean(dir / "outil4.pdf"));
    const std::string fields = shell("pdftk '" + (dir / "outil4.pdf").string() + "' dump_data_fields_utf8");
    EXPECT_TRUE(contains(fields, "FieldName: resultat_FAB-OPE-C1")) << fields;
    EXPECT_TRUE(contains(fields, "FieldStateOption: non_acquis")) << fields;
    EXPECT_TRUE(contains(fields, "FieldName: commentaire_FAB-OPE-C5")) << fields;

    std::map<std::string, std::string> values{{"date_evaluation", "11/01/2027"},
                                              {"observations_candidat", "Évaluation conforme à mon activité ; « merci »."}};
    for (int c = 1; c <= 5; ++c) {
        const std::string code = "FAB-OPE-C" + std::to_string(c);
        values["resultat_" + code] = c == 5 ? "non_acquis" : "acquis";
        values["commentaire_" + code] = "Compétence " + code + " : l'opératrice maîtrise le geste.";
    }
    // From another address than the évaluatrice's: refused, nothing recorded.
    mailBack(fillWithPdftk(form, values, "outil4-pirate.pdf"), "pirate@exemple.org");
    EXPECT_FALSE(branch.store().candidatures().evaluation(1));
    EXPECT_TRUE(contains(lastReply(), "doit être renvoyé depuis l'adresse")) << lastReply();
    // Half filled: each missing tick named by its competence.
    auto partial = values;
    partial.erase("resultat_FAB-OPE-C3");
    mailBack(fillWithPypdf(form, partial, "outil4-partiel.pdf"), evaluator);
    EXPECT_TRUE(contains(lastReply(), "FAB-OPE-C3")) << lastReply();
    EXPECT_FALSE(branch.store().candidatures().evaluation(1));

    const auto filled = fillWithPdftk(form, values, "outil4-rempli.pdf");
    EXPECT_EQ(mailBack(filled, evaluator).accepted, 1) << lastReply();
    const auto evaluation = branch.store().candidatures().evaluation(1);
    ASSERT_TRUE(evaluation) << lastReply();
    EXPECT_EQ(evaluation->evaluationDate.iso(), "2027-01-11");
    EXPECT_EQ(evaluation->candidateObservations, "Évaluation conforme à mon activité ; « merci ».");
    ASSERT_EQ(evaluation->results.size(), 5u);
    for (const auto& r : evaluation->results) {
        EXPECT_EQ(r.acquired, r.competenceCode != "FAB-OPE-C5") << r.competenceCode;
        EXPECT_EQ(r.comment, "Compétence " + r.competenceCode + " : l'opératrice maîtrise le geste.");
    }
    EXPECT_TRUE(contains(lastReply(), "scan de l'outil n°4 signé reste à envoyer")) << lastReply();
    // The same token with other content: used once.
    values["resultat_FAB-OPE-C5"] = "acquis";
    mailBack(fillWithPypdf(form, values, "outil4-autre.pdf"), evaluator);
    EXPECT_TRUE(contains(lastReply(), "a déjà servi")) << lastReply();
    EXPECT_FALSE(branch.store().candidatures().evaluation(1)->results.back().acquired);

    // Printed from the reader, signed and scanned at 200 dpi: the page is read as the printed
    // form, and its ticks agree with what was typed.
    shell("pdftoppm -r 200 -gray -png -singlefile '" + filled.string() + "' '" + (dir / "scan").string() + "'");
    ASSERT_TRUE(fs::exists(dir / "scan.png"));
    const auto read = ingest::readFormPage(ingest::loadScan(readFile(dir / "scan.png"), "image/png", {}).pages.at(0));
    ASSERT_TRUE(read.identified) << "the printed fillable form lost its code";
    EXPECT_TRUE(read.aligned);
    ASSERT_EQ(read.acquis.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(read.acquis[i].state, i == 4 ? ingest::BoxState::Empty : ingest::BoxState::Checked) << i;
        EXPECT_EQ(read.nonAcquis[i].state, i == 4 ? ingest::BoxState::Checked : ingest::BoxState::Empty) << i;
    }
    EXPECT_EQ(read.dateText, "11/01/2027");

    // Flattened (pdftk), printed, signed by both and scanned, then mailed: read as the printed
    // form, compared with the results typed in the form, filed — nothing for the secretariat.
    shell("pdftk '" + filled.string() + "' output '" + (dir / "flat.pdf").string() + "' flatten");
    EXPECT_TRUE(ingest::readFormFields(readFile(dir / "flat.pdf")).empty());
    writeFile(dir / "outil4-signe.png", ingest::encodePng(test::fillOutil4(readFile(dir / "flat.pdf"), std::vector<int>(5, -1), true)));
    mailBack(dir / "outil4-signe.png", evaluator);
    EXPECT_EQ(branch.store().documents().candidatureDocuments(1, DocumentKind::Outil4).size(), 1u) << lastReply();
    EXPECT_TRUE(branch.store().mail().reviews(ReviewState::Open).empty())
        << branch.store().mail().reviews(ReviewState::Open).at(0).reason;
}

TEST_F(FillableForms, TheCompanyChoosesItsJuryInTheFormThatCameWithTheEndOfTheEvaluation)
{
    ASSERT_EQ(branch.send("evaluateur", Branch::example("06-resultats-evaluation.xml"), "2027-01-12",
                          {Branch::pdf("outil4-dupont.pdf")}).status,
              SubmissionOutcome::Status::Accepted);
    branch.readScans("2027-01-12");
    branch.observe();  // validation de l'évaluation: the company is told, with its form
    const std::string company = "rh@chimie-exemple.fr";
    const std::string form = mailedForm(company, "inscription-jury");
    ASSERT_FALSE(form.empty());
    writeFile(dir / "inscription.pdf", form);
    EXPECT_TRUE(qpdfClean(dir / "inscription.pdf"));
    const std::string fields = shell("pdftk '" + (dir / "inscription.pdf").string() + "' dump_data_fields_utf8");
    EXPECT_TRUE(contains(fields, "FieldName: jury")) << fields;
    EXPECT_TRUE(contains(fields, "FieldStateOption: 2")) << fields;  // the open juries, by number
    EXPECT_TRUE(contains(pdfText(dir / "inscription.pdf"), "Inscription au jury paritaire national"));

    // A jury that is not offered (n°99): refused by the rules, naming the form's field.
    mailBack(fillWithPypdf(form, {{"jury", "99"}}, "inscription-99.pdf"), company);
    EXPECT_FALSE(branch.store().juries().registrationOf(1));
    EXPECT_TRUE(contains(lastReply(), "Jury paritaire national choisi")) << lastReply();
    // The jury offered, from the company's address: registered.
    EXPECT_EQ(mailBack(fillWithPdftk(form, {{"jury", "2"}}, "inscription.pdf"), company).accepted, 1) << lastReply();
    const auto registration = branch.store().juries().registrationOf(1);
    ASSERT_TRUE(registration) << lastReply();
    EXPECT_EQ(registration->requestedJuryId, 2);
    EXPECT_TRUE(contains(lastReply(), "inscrite au jury")) << lastReply();
}

TEST_F(FillableForms, AFilledFormComesThroughARealPop3ServerToo)
{
    Pop3Server pop3;
    const std::string form = mailedForm(metier, "observations-metier");
    const auto filled = fillWithPypdf(form, {{"observations", "Relevé par POP3 : geste sûr, poste rangé."}}, "pop3.pdf");
    pop3.deliver(buildMessage(metier, "Re: Invitation", "form-pop3@chimie-exemple.fr", "Ci-joint.",
                              {{"observations-metier-candidature-1.pdf", "application/pdf", readFile(filled)}}));
    MailSettings pop;
    pop.inbox = MailSettings::Inbox::Pop3;
    pop.pop3.port = pop3.port();
    pop.pop3.user = Pop3Server::user;
    pop.pop3.password = Pop3Server::password;
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &pop};
    EXPECT_EQ(FetchStage{}.run(context).accepted, 1) << lastReply();
    EXPECT_EQ(pop3.count(), 0u);  // deleted from the server once committed
    ASSERT_EQ(observations().size(), 1u);
    EXPECT_EQ(observations()[0].observations, "Relevé par POP3 : geste sûr, poste rangé.");
}

// Issue 16, "done when": a dossier from the very first mail to the évaluateur métier's invitation
// with nothing but a mail client and forms — the account requests (company and évaluateur), the
// secretariat's approval, the outil n°6 that makes candidate and candidature, the évaluateur's
// invitation of the évaluateur métier.
TEST_F(FillableForms, ADossierGoesThroughFormsOnlyFromTheFirstMailToTheMetierInvitation)
{
    const std::string company = "rh@nouvelle-chimie.fr";
    const std::string evaluator = "francois.nguyen@evaluateurs.example";
    // Someone without an account writes, with nothing attached: the reply carries the blank
    // account request.
    writeFile(mail.inboxMaildir / "new" / "hello", buildMessage(company, "Inscrire nos salariés", "hello@nouvelle-chimie.fr",
                                                                "Bonjour, comment inscrire nos salariés à un CQP ?"));
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &mail};
    FetchStage{}.run(context);
    EXPECT_NE(lastReply().find("Remplissez le formulaire de demande de compte joint"), std::string::npos) << lastReply();
    const std::string blank = mailedForm(company, "demande-de-compte");
    ASSERT_FALSE(blank.empty());
    EXPECT_EQ(ingest::readFormFields(blank).at("cqp_formulaire"), "demandeCompte");

    // The company fills it with pdftk, the évaluateur habilité with pypdf.
    mailBack(fillWithPdftk(blank,
                           {{"siret", "44306184100104"}, {"raison_sociale", "Nouvelle Chimie d'Île-de-France"},
                            {"nom_etablissement", "Usine de Gennevilliers"}, {"adresse", "12, rue de l'Œuvre"},
                            {"code_postal", "92230"}, {"commune", "Gennevilliers"}, {"contact_nom", "Lemaître"},
                            {"contact_prenom", "Zoé"}, {"contact_courriel", company}},
                           "compte-entreprise.pdf"),
             company);
    mailBack(fillWithPypdf(blank, {{"numero_evaluateur", "eh-0105"}, {"contact_nom", "Nguyen"}, {"contact_prenom", "François"},
                                   {"contact_courriel", evaluator}},
                           "compte-evaluateur.pdf"),
             evaluator);
    auto companyAccounts = branch.store().accounts().accountsByAddress(company);
    auto evaluatorAccounts = branch.store().accounts().accountsByAddress(evaluator);
    ASSERT_EQ(companyAccounts.size(), 1u);
    ASSERT_EQ(evaluatorAccounts.size(), 1u);
    EXPECT_EQ(companyAccounts[0].status, AccountStatus::Pending);
    EXPECT_EQ(companyAccounts[0].displayName, "Nouvelle Chimie d'Île-de-France — Usine de Gennevilliers");
    EXPECT_TRUE(companyAccounts[0].publicKeyPem.empty());  // forms need no key
    EXPECT_EQ(evaluatorAccounts[0].role, AccountRole::Evaluateur);
    branch.store().transaction([&] {
        Workflow workflow{branch.store(), branch.referential, rules::Deadlines{}, today};
        workflow.approveAccount(companyAccounts[0]);
        workflow.approveAccount(evaluatorAccounts[0]);
    });

    // The approval brings the company its outil n°6: one form makes candidate and candidature.
    const std::string outil6 = mailedForm(company, "outil6-dossier");
    ASSERT_FALSE(outil6.empty());
    const std::map<std::string, std::string> dossier{
        {"nom_naissance", "N'Diaye"}, {"prenoms", "Amélie Françoise"}, {"sexe", "F"}, {"date_naissance", "14/02/1992"},
        {"commune_naissance", "Saint-Étienne"}, {"code_insee", "42218"}, {"cqp", "FAB-ANI"},
        {"parcours", "Deux ans au poste d'opératrice ; formation « sécurité » interne."}, {"dispositif", "VAE"},
        {"evaluateur", "EH-0105"}, {"date_evaluation_prevue", "20/02/2027"}, {"reference", "NC-2027-01"}};
    mailBack(fillWithPypdf(outil6, dossier, "outil6.pdf"), company);
    const auto born = branch.store().candidatures().candidatesBornOn(companyAccounts[0].id, *rules::Date::parseIso("1992-02-14"));
    ASSERT_EQ(born.size(), 1u) << lastReply();
    EXPECT_EQ(born[0].nomNaissance, "N'Diaye");
    EXPECT_EQ(born[0].prenoms, "Amélie Françoise");
    EXPECT_EQ(born[0].communeNaissance, "Saint-Étienne");
    const auto ids = branch.store().candidatures().candidaturesOfCandidate(born[0].id);
    ASSERT_EQ(ids.size(), 1u);
    const auto made = *branch.store().candidatures().candidature(ids[0]);
    EXPECT_EQ(made.certificateCode, "FAB-ANI");
    EXPECT_EQ(made.dispositif, "VAE");
    EXPECT_EQ(made.competences.size(), branch.referential.certificate("FAB-ANI")->competences.size());  // none named: all
    EXPECT_EQ(branch.store().evaluators().evaluator(*made.evaluatorId)->registryNumber, "EH-0105");
    EXPECT_NE(lastReply().find("Pour présenter un autre candidat : un nouveau formulaire, vierge, est joint"), std::string::npos)
        << lastReply();

    // The same form again with another candidate: refused, it served once. The new one the
    // acknowledgement brought, sent from another address: refused.
    auto other = dossier;
    other["prenoms"] = "Bruno";
    mailBack(fillWithPypdf(outil6, other, "outil6-encore.pdf"), company);
    EXPECT_NE(lastReply().find("ce formulaire a déjà servi"), std::string::npos) << lastReply();
    const std::string next = mailedForm(company, "outil6-dossier");
    EXPECT_NE(ingest::readFormFields(next).at("cqp_jeton"), ingest::readFormFields(outil6).at("cqp_jeton"));  // a new one
    mailBack(fillWithPypdf(next, other, "outil6-suivant.pdf"), "intrus@ailleurs.example");
    EXPECT_NE(lastReply().find("doit être renvoyé depuis l'adresse"), std::string::npos) << lastReply();
    EXPECT_EQ(branch.store().candidatures().candidatesBornOn(companyAccounts[0].id, *rules::Date::parseIso("1992-02-14")).size(), 1u);
    other["reference"] = "NC-2027-02";
    mailBack(fillWithPypdf(next, other, "outil6-bruno.pdf"), company);  // from the company: the second candidate
    EXPECT_EQ(branch.store().candidatures().candidatesBornOn(companyAccounts[0].id, *rules::Date::parseIso("1992-02-14")).size(), 2u)
        << lastReply();

    // As with a dossier sent in XML, the printed outil n°6 comes pre-filled from what the form
    // said: signed by the company and the candidate, scanned and mailed back, it completes the
    // inscription.
    EXPECT_EQ(made.status, rules::CandidatureStatus::EnCoursInscription);
    const std::string printed = mailedForm(company, "outil6-candidature-" + std::to_string(made.id));
    ASSERT_FALSE(printed.empty());
    writeFile(dir / "outil6-signe.png", ingest::encodePng(test::fillOutil6(printed, true, true)));
    mailBack(dir / "outil6-signe.png", company);
    EXPECT_EQ(branch.store().candidatures().candidature(made.id)->status, rules::CandidatureStatus::EnAttenteEvaluation) << lastReply();

    // The évaluateur habilité got the outil n°4 and the form naming the évaluateur métier.
    EXPECT_FALSE(mailedForm(evaluator, "outil4-candidature-" + std::to_string(made.id)).empty());
    const std::string invitation = mailedForm(evaluator, "invitation-evaluateur-metier-candidature-" + std::to_string(made.id));
    ASSERT_FALSE(invitation.empty());
    mailBack(fillWithPdftk(invitation, {{"nom", "Bérénice"}, {"prenom", "Marie-Ève"}, {"courriel", "m.berenice@nouvelle-chimie.fr"}},
                           "invitation.pdf"),
             evaluator);
    const auto invited = *branch.store().candidatures().candidature(made.id);
    EXPECT_EQ(invited.metierEmail, "m.berenice@nouvelle-chimie.fr") << lastReply();
    EXPECT_EQ(invited.metierName, "Marie-Ève Bérénice");
    EXPECT_FALSE(mailedForm("m.berenice@nouvelle-chimie.fr", "observations-metier").empty());
}

// "Printed to PDF" (fields flattened by pdftk) or printed and scanned at 200 dpi: the form is
// known by its QR code, its fields found where its PDF puts them and read by OCR — to the same
// result as its fields, or held for the secretariat where OCR doubts.
TEST_F(FillableForms, AFilledFormFlattenedOrScannedIsReadToTheSameResultOrHeldForReview)
{
    auto flatten = [&](const fs::path& filled, const std::string& name) {
        shell("pdftk '" + filled.string() + "' output '" + (dir / (name + ".pdf")).string() + "' flatten 2>&1");
        EXPECT_TRUE(ingest::readFormFields(readFile(dir / (name + ".pdf"))).empty());  // no field left
        return dir / (name + ".pdf");
    };
    auto scan = [&](const fs::path& flat, const std::string& name) {
        shell("pdftoppm -r 200 -gray -png -singlefile '" + flat.string() + "' '" + (dir / name).string() + "' 2>&1");
        return dir / (name + ".png");
    };
    // The évaluateur métier's observations, printed and scanned.
    const std::string said = "Geste sûr, consignes d'hygiène respectées ; l'opératrice a su réagir vite.";
    const auto observed = fillWithPdftk(mailedForm(metier, "observations-metier"), {{"observations", said}}, "observations.pdf");
    mailBack(scan(flatten(observed, "observations-plat"), "observations-scan"), metier);
    ASSERT_EQ(observations().size(), 1u) << lastReply() << branch.store().mail().reviews(ReviewState::Open).size();
    EXPECT_EQ(observations()[0].observations, said);
    EXPECT_EQ(observations()[0].author, metier);

    // The candidate's civil status, "printed to PDF": read from the flattened pages.
    today = *rules::Date::parseIso("2026-12-20");
    const auto corrected = fillWithPdftk(mailedForm("elise.durand@exemple.fr", "saisie-candidat"),
                                         {{"prenoms", "Élise Marie-Noëlle"}, {"nom_usage", "D'Ornano"}, {"date_naissance", "02/03/1990"}},
                                         "saisie.pdf");
    mailBack(flatten(corrected, "saisie-plate"), "elise.durand@exemple.fr");
    const auto candidate = branch.store().candidatures().candidate(1);
    std::string replies;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        replies += m.body;
    EXPECT_EQ(candidate->prenoms, "Élise Marie-Noëlle") << replies;
    EXPECT_EQ(candidate->nomUsage, "D'Ornano");
    EXPECT_EQ(candidate->dateNaissance->iso(), "1990-03-02");

    // A value OCR cannot be sure of (scribbled over): nothing applied, the secretariat looks.
    const auto reviews = branch.store().mail().reviews(ReviewState::Open).size();
    auto page = ingest::loadScan(readFile(scan(flatten(observed, "observations-2"), "observations-2")), "image/png").pages.at(0);
    for (int y = page.height * 27 / 100; y < page.height * 34 / 100; y += 3)
        for (int x = page.width / 8; x < page.width * 7 / 8; ++x)
            page.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(page.width) + static_cast<std::size_t>(x)] = 0;
    writeFile(dir / "gribouille.png", ingest::encodePng(page));
    mailBack(dir / "gribouille.png", metier);
    EXPECT_EQ(observations().size(), 1u);
    EXPECT_EQ(branch.store().mail().reviews(ReviewState::Open).size(), reviews + 1);
}

// Two outils n°6 in one message: two dossiers, and the reply carries one new form (a mail
// carries a form once).
TEST_F(FillableForms, TwoOutil6FormsInOneMessageMakeTwoDossiersAndTheReplyOneNewForm)
{
    const std::string company = "rh@chimie-exemple.fr";
    std::vector<Part> parts;
    for (const auto& [first, name] : {std::pair{"Léa", "Moreau"}, std::pair{"Hugo", "Lambert"}}) {
        std::string pdf;
        branch.store().transaction([&] {
            const auto token = issueFormToken(branch.store(), rules::fillable::FormKind::DossierCandidature, 1, company, today,
                                              today.plusDays(30));
            pdf = renderFillable(branch.store(), branch.referential, "dossierCandidature", 1, token, today, rules::Deadlines{});
        });
        const auto filled = fillWithPypdf(pdf,
                                          {{"nom_naissance", name}, {"prenoms", first}, {"sexe", "F"}, {"date_naissance", "03/05/1994"},
                                           {"commune_naissance", "Lyon"}, {"cqp", "FAB-OPE"}, {"parcours", "Trois ans au poste."},
                                           {"dispositif", "VAE"}, {"evaluateur", "EH-0101"}, {"date_evaluation_prevue", "20/02/2027"}},
                                          std::string{"outil6-"} + name + ".pdf");
        parts.push_back({filled.filename().string(), "application/pdf", readFile(filled)});
    }
    writeFile(mail.inboxMaildir / "new" / "two", buildMessage(company, "Deux candidats", "two@chimie-exemple.fr", "Ci-joint.", parts));
    StageContext context{branch.store(), branch.referential, rules::Deadlines{}, today, &mail};
    EXPECT_EQ(FetchStage{}.run(context).accepted, 2) << lastReply();
    EXPECT_EQ(branch.store().candidatures().candidatesBornOn(1, *rules::Date::parseIso("1994-05-03")).size(), 2u);
    int forms = 0;
    for (const auto& m : branch.store().mail().inState(OutboxState::Pending))
        if (m.reply)
            for (const auto& f : branch.store().mail().fillableFormsToRender(m.id))
                forms += f.form == "dossierCandidature";
    EXPECT_EQ(forms, 1);
}
