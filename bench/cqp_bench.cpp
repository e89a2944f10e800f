// Benchmarks of cqp, each on a fresh SQLite store; figures are printed as key=value lines.
//
//   cqp_bench ingest [N] [WORKDIR]   N signed submissions (half `candidat`, half `candidature`
//       naming them) applied as `cqp ingest` does (prepared on every core, one commit per batch):
//       submissions_per_s, peak_rss_mb, and xmllint_ratio (our time over
//       `xmllint --noout --schema` on the same files).
//   cqp_bench mail [N] [WORKDIR]     N messages in a Maildir (each a signed `candidat` with a
//       scan, one in ten an invalid document) through the fetch stage: MIME, submissions,
//       one queued reply each: messages_per_s, peak_rss_mb.
//   cqp_bench scans [N] [WORKDIR]   N generated scanned forms (the accuracy set): QR rate, box
//       error and ambiguity rates, page_ms (reading one page, one core), fullpage_tesseract_ms
//       (the tesseract command on the same pages, OMP_THREAD_LIMIT=1), ratio, pages_per_s (2 cores);
//       then the whole ingest stage (read, apply, archive, commit) on coded outil n°4 pages and on
//       pages without a code, beside OCRmyPDF (one thread) on the same pages:
//       stage_ms_per_coded_page, stage_ms_per_uncoded_page, ocrmypdf_ms_per_page and the ratios.
//   cqp_bench parchments [N] [WORKDIR]  N parchments (and a packing sheet every 20) in one
//       print batch: parchments_per_s, kb_per_page, peak_rss_mb.
//   cqp_bench night [N] [WORKDIR] [STORE]   a store of N candidatures in every status
//       (bench/NightStore.h; SQLite in WORKDIR, or STORE, e.g. an empty PostgreSQL database),
//       then the nightly stages (advance, jury, render) on it: night_s, peak_rss_mb.

#include "cqp/ingest/EvaluatorRegistryReader.h"
#include "cqp/ingest/FormReader.h"
#include "cqp/ingest/FormScan.h"
#include "cqp/render/FillableForms.h"
#include "cqp/render/Forms.h"
#include "cqp/ingest/ReferentialReader.h"
#include "cqp/inbox/Maildir.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/stages/FetchStage.h"
#include "cqp/cli/Settings.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/workflow/SubmissionProcessor.h"
#include "cqp/render/Fonts.h"
#include "cqp/render/PrintBatch.h"
#include "cqp/render/Report.h"
#include "ScanSet.h"
#include "NightStore.h"
#include "BenchSupport.h"
#include "cqp/stages/Runner.h"
#include "cqp/stages/IngestStage.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/exports/Statistics.h"
#include "cqp/render/Statistics.h"

#include <atomic>
#include <thread>

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>

#include <libxml/parser.h>
#include <xmlsec/crypto.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;
using namespace cqp;
using namespace cqp::bench;

namespace {

const char* const signatureTemplate =
    "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
    "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
    "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
    "<ds:Reference URI=\"\"><ds:Transforms>"
    "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
    "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"
    "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue/></ds:Reference>"
    "</ds:SignedInfo><ds:SignatureValue/></ds:Signature>";

// Signs like scripts/sign-submission (xmlsec1), through the library to make 10,000 quickly.
class Signer {
public:
    explicit Signer(const fs::path& privateKey)
    {
        xmlInitParser();
        if (xmlSecInit() < 0 || xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0)
            throw std::runtime_error("xmlsec init");
        key_ = xmlSecCryptoAppKeyLoad(privateKey.c_str(), xmlSecKeyDataFormatPem, nullptr, nullptr, nullptr);
        if (!key_)
            throw std::runtime_error("cannot load " + privateKey.string());
    }
    ~Signer() { xmlSecKeyDestroy(key_); }

    std::string sign(std::string xml) const
    {
        xml.insert(xml.rfind("</"), signatureTemplate);
        xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr, XML_PARSE_NONET);
        xmlNodePtr node = xmlSecFindNode(xmlDocGetRootElement(doc), xmlSecNodeSignature, xmlSecDSigNs);
        xmlSecDSigCtxPtr context = xmlSecDSigCtxCreate(nullptr);
        context->signKey = xmlSecKeyDuplicate(key_);
        if (xmlSecDSigCtxSign(context, node) < 0)
            throw std::runtime_error("sign failed");
        xmlSecDSigCtxDestroy(context);
        xmlChar* out = nullptr;
        int size = 0;
        xmlDocDumpMemoryEnc(doc, &out, &size, "UTF-8");
        std::string result{reinterpret_cast<char*>(out), static_cast<std::size_t>(size)};
        xmlFree(out);
        xmlFreeDoc(doc);
        return result;
    }

private:
    xmlSecKeyPtr key_ = nullptr;
};

std::string candidate(int i)
{
    char date[16];
    std::snprintf(date, sizeof date, "19%02d-%02d-%02d", 60 + i % 40, 1 + i % 12, 1 + i % 28);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<candidat xmlns=\"urn:cqp-industries-chimiques:soumission:1\" "
           "version=\"1.1\" identifiant=\"bench-candidat-" + std::to_string(i) + "\" dateSignature=\"2026-12-01\" compte=\"1\" reference=\"MAT-" + std::to_string(i) + "\">\n  <etatCivil>\n"
           "    <nomNaissance>Lefèvre-" + std::to_string(i) + "</nomNaissance>\n    <prenoms>Zoé Amélie</prenoms>\n"
           "    <sexe>F</sexe>\n    <dateNaissance>" + date + "</dateNaissance>\n"
           "    <naissanceFrance><commune>Besançon</commune><codeInsee>25056</codeInsee></naissanceFrance>\n"
           "  </etatCivil>\n  <outil6 fichier=\"outil6.pdf\"/>\n</candidat>\n";
}

std::string candidature(int i)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<candidature xmlns=\"urn:cqp-industries-chimiques:soumission:1\" "
           "version=\"1.1\" identifiant=\"bench-candidature-" + std::to_string(i) + "\" dateSignature=\"2026-12-01\" compte=\"1\" reference=\"CQP-" + std::to_string(i) + "\">\n  <candidat reference=\"MAT-" +
           std::to_string(i) + "\"/>\n  <cqp>FAB-OPE</cqp>\n  <competences><competence code=\"FAB-OPE-C1\"/>"
           "<competence code=\"FAB-OPE-C2\"/><competence code=\"FAB-OPE-C3\"/></competences>\n"
           "  <parcours>Formation en situation de travail.</parcours>\n"
           "  <dispositif>FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION</dispositif>\n"
           "  <siret>73282932000074</siret>\n  <evaluateurHabilite numero=\"EH-0101\"/>\n"
           "  <dateEvaluationPrevue>2027-01-11</dateEvaluationPrevue>\n</candidature>\n";
}

}  // namespace

// A store with the example registry and company A's open account (key "entreprise").
std::unique_ptr<pipeline::Store> freshStore(const fs::path& work, const rules::Referential& referential, rules::Date today)
{
    const fs::path source = CQP_SOURCE_DIR;
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(work / (std::string{"bench.db"} + suffix));
    auto store = pipeline::Store::open({pipeline::StoreLocation::Kind::SQLite, (work / "bench.db").string()});
    store->migrate();
    const auto registry = ingest::readEvaluatorRegistry(readFile(source / "examples/registre-evaluateurs.xml"), referential);
    std::vector<pipeline::Evaluator> evaluators;
    for (const auto& e : registry.registry->evaluators)
        evaluators.push_back({0, e.registryNumber, e.nom, e.prenom, e.email, registry.registry->publishedOn, e.employerSirens,
                              e.habilitations});
    store->evaluators().importRegistry(evaluators);
    const pipeline::Id company = store->accounts().addCompany({0, "732829320", "Chimie Exemple SAS"});
    const pipeline::Id etablissement =
        store->accounts().addEtablissement({0, company, "73282932000074", "Usine de Lyon", {"1 rue", "", "69008", "Lyon"}});
    pipeline::Account account;
    account.role = pipeline::AccountRole::Entreprise;
    account.status = pipeline::AccountStatus::Active;
    account.displayName = "Chimie Exemple SAS — Usine de Lyon";
    account.etablissementId = etablissement;
    account.publicKeyPem = readFile(source / "tests/data/keys/entreprise.pub.pem");
    account.createdOn = today;
    account.addresses = {"rh@chimie-exemple.fr"};
    store->accounts().addAccount(account);
    return store;
}

// A real one-page PDF standing for a scanned form named by a document (it must open).
const std::string& scannedForm()
{
    static const std::string pdf = [] {
        render::Report page{*render::findFonts(), "Outil n°6", ""};
        page.paragraph("Dossier de candidature (scan).");
        return page.finish();
    }();
    return pdf;
}

int mailBench(int n, const fs::path& work)
{
    const fs::path source = CQP_SOURCE_DIR;
    const Signer signer{source / "tests/data/keys/entreprise.key.pem"};
    // Corpus 2: the outil n°6 named by each document is a real one-page PDF (a form that cannot be
    // opened refuses its document since issue 12).
    const fs::path corpus = work / "mail-corpus-2";
    fs::create_directories(corpus);
    const std::string& outil6 = scannedForm();
    for (int i = 0; i < n; ++i) {
        const fs::path file = corpus / (std::to_string(1800000000 + i) + ".M" + std::to_string(i) + ".bench");
        if (fs::exists(file))
            continue;
        Poco::Net::MailMessage mail;
        mail.setSender("Service RH <rh@chimie-exemple.fr>");
        mail.addRecipient(Poco::Net::MailRecipient{Poco::Net::MailRecipient::PRIMARY_RECIPIENT, "cqp@branche.example"});
        mail.setSubject(Poco::Net::MailMessage::encodeWord("Dossier candidat n°" + std::to_string(i), "UTF-8"));
        mail.set("Message-ID", "<bench-" + std::to_string(i) + "@chimie-exemple.fr>");
        mail.addContent(new Poco::Net::StringPartSource("Bonjour,\nci-joint le dossier et le scan.\n", "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        const std::string xml = i % 10 == 9 ? std::string{"<?xml version=\"1.0\"?><candidat/>"} : signer.sign(candidate(i));
        mail.addAttachment("candidat.xml", new Poco::Net::StringPartSource(xml, "application/xml", "candidat.xml"));
        mail.addAttachment("outil6.pdf", new Poco::Net::StringPartSource(outil6 + "% n" + std::to_string(i) + "\n",
                                                                          "application/pdf", "outil6.pdf"));
        std::ofstream out{file, std::ios::binary};
        mail.write(out);
    }
    const auto referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;
    const auto today = *rules::Date::parseIso("2026-12-04");
    auto store = freshStore(work, referential, today);
    pipeline::MailSettings mail;
    mail.inboxMaildir = work / "maildir";
    mail.replies.perSenderPerDay = 2 * n;  // one company sending the whole batch: every message answered
    fs::remove_all(mail.inboxMaildir);
    inbox::Maildir{mail.inboxMaildir}.create();
    for (const auto& entry : fs::directory_iterator(corpus))
        fs::copy_file(entry.path(), mail.inboxMaildir / "new" / entry.path().filename());
    pipeline::StageContext context{*store, referential, rules::Deadlines{}, today, &mail};
    const auto started = std::chrono::steady_clock::now();
    const auto report = pipeline::FetchStage{}.run(context);
    const double elapsed = seconds(started);
    std::printf("messages=%d\nsubmissions_accepted=%d\nsubmissions_rejected=%d\nreplies_queued=%d\nseconds=%.3f\n"
                "messages_per_s=%.0f\npeak_rss_mb=%.1f\n",
                report.processed, report.accepted, report.rejected, report.mailsQueued, elapsed, report.processed / elapsed,
                peakRssMb());
    return report.processed == n ? 0 : 1;
}

int ingestBench(int n, const fs::path& work)
{
    const fs::path source = CQP_SOURCE_DIR;
    fs::create_directories(work / "corpus");

    // The corpus is kept between runs: signing is not what is measured.
    const Signer signer{source / "tests/data/keys/entreprise.key.pem"};
    std::vector<fs::path> files;
    for (int i = 0; i < n; ++i) {
        const bool isCandidate = i < n / 2;
        const fs::path file = work / "corpus" / ((isCandidate ? "candidat-" : "candidature-") + std::to_string(i) + ".xml");
        if (!fs::exists(file)) {
            std::ofstream out{file, std::ios::binary};
            out << signer.sign(isCandidate ? candidate(i) : candidature(i - n / 2));
        }
        files.push_back(file);
    }

    const auto referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;
    const auto today = *rules::Date::parseIso("2026-12-04");
    auto store = freshStore(work, referential, today);

    pipeline::SubmissionProcessor processor{*store, referential, rules::Deadlines{}, today};
    const pipeline::Attachment outil6{"outil6.pdf", "application/pdf", scannedForm()};
    int accepted = 0;
    const auto started = std::chrono::steady_clock::now();
    const double writerCpuBefore = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);  // this thread applies and commits
    const double cpuBefore = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    // Each file read by the worker that prepares it, as `cqp ingest` does.
    const auto received = [&](std::size_t i) -> pipeline::ReceivedDocument {
        return {readFile(files[i]), files[i].filename().string(), "rh@chimie-exemple.fr", {outil6}};
    };
    processor.processAll(files.size(), received, [&](std::size_t first, const std::vector<pipeline::SubmissionOutcome>& outcomes) {
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].status == pipeline::SubmissionOutcome::Status::Accepted)
                ++accepted;
            else
                std::cerr << files[first + i] << ": " << (outcomes[i].messages.empty() ? "?" : outcomes[i].messages[0]) << "\n";
    });
    const double ours = seconds(started);
    const double writerCpu = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - writerCpuBefore;
    const double cpu = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpuBefore;

    // xmllint on the same files, in batches (one process per 1,000 files).
    const auto xmllintStarted = std::chrono::steady_clock::now();
    for (std::size_t from = 0; from < files.size(); from += 1000) {
        std::string command = "xmllint --noout --schema '" + (source / "ingest/schemas/soumission.xsd").string() + "'";
        for (std::size_t i = from; i < std::min(files.size(), from + 1000); ++i)
            command += " '" + files[i].string() + "'";
        command += " >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0)
            std::cerr << "xmllint reported errors\n";
    }
    const double xmllint = seconds(xmllintStarted);

    std::printf("submissions=%d\naccepted=%d\nseconds=%.3f\nsubmissions_per_s=%.0f\npeak_rss_mb=%.1f\n"
                "xmllint_seconds=%.3f\nxmllint_ratio=%.2f\n"
                "cpu_us_per_submission=%.0f\nwriter_cpu_us_per_submission=%.0f\nprepare_cpu_us_per_submission=%.0f\n",
                n, accepted, ours, n / ours, peakRssMb(), xmllint, ours / xmllint, cpu * 1e6 / n, writerCpu * 1e6 / n,
                (cpu - writerCpu) * 1e6 / n);
    return accepted == n ? 0 : 1;
}

int parchmentBench(int n, const fs::path& work)
{
    const auto fonts = render::findFonts();
    if (!fonts)
        return 3;
    const auto started = std::chrono::steady_clock::now();
    render::PrintBatch batch{*fonts};
    for (int i = 0; i < n; ++i) {
        if (i % 20 == 0)
            batch.addPackingSheet({{"Secrétariat des CQP des Industries Chimiques", "Le Diamant A", "14 rue de la République",
                                    "92800 PUTEAUX"},
                                   {"Chimie Exemple " + std::to_string(i / 20) + " SAS", "12 rue des Frères Lumière", "69008 LYON"},
                                   "Parchemins — jury du 15/06/2027",
                                   {"Parchemin n° 2027-" + std::to_string(i) + " et suivants"},
                                   "Puteaux",
                                   "16/06/2027"});
        render::ParchmentData p;
        p.certificateTitle = "Conducteur(trice) d'équipement de fabrication des Industries Chimiques";
        p.holderName = "Zoé Amélie LEFÈVRE-" + std::to_string(i);
        p.birth = "née le 03/02/1985 à Besançon";
        p.juryDate = "15/06/2027";
        p.number = "2027-" + std::to_string(10000 + i).substr(1);
        p.verificationCode = "K7QD-2M4X-9BHR-" + std::to_string(1000 + i % 9000);
        p.verificationUrl = "https://cqp.observatoiredelachimie.fr/verifier?code=" + p.verificationCode;
        p.issuedOn = "16/06/2027";
        p.signatories = {{"Le Président de la CPNE des Industries Chimiques", "Jean-François Moreau", ""},
                         {"La Vice-Présidente de la CPNE des Industries Chimiques", "Anaïs Rousseau", ""}};
        batch.addParchment(p);
    }
    const int pages = batch.pages();
    const std::string pdf = batch.finish("Lot d'impression");
    const double elapsed = seconds(started);
    std::ofstream{work / "batch.pdf", std::ios::binary} << pdf;
    std::printf("parchments=%d\npages=%d\nseconds=%.3f\nparchments_per_s=%.0f\nkb_per_page=%.2f\npdf_mb=%.2f\npeak_rss_mb=%.1f\nfile=%s\n",
                n, pages, elapsed, n / elapsed, static_cast<double>(pdf.size()) / 1024.0 / pages,
                static_cast<double>(pdf.size()) / 1024.0 / 1024.0, peakRssMb(), (work / "batch.pdf").c_str());
    return 0;
}

// The whole ingest stage (read, apply, archive, commit) on `count` coded pages (outil n°4 of
// candidatures the store holds, ticked and signed) and `count` pages without a code (a typed
// page named by its message), 200 dpi PNG; then OCRmyPDF on some of the same pages.
struct StageFigures {
    double codedMs = 0, uncodedMs = 0, ocrmypdfMs = 0;
};

StageFigures scanStageBench(int count, const fs::path& work)
{
    const fs::path source = CQP_SOURCE_DIR;
    const auto referential = *ingest::readReferential(ingest::defaultReferentialXml()).referential;
    const auto today = *rules::Date::parseIso("2027-01-12");
    auto store = freshStore(work, referential, *rules::Date::parseIso("2026-12-04"));
    {
        const Signer signer{source / "tests/data/keys/entreprise.key.pem"};
        pipeline::SubmissionProcessor processor{*store, referential, rules::Deadlines{}, *rules::Date::parseIso("2026-12-04")};
        const pipeline::Attachment outil6{"outil6.pdf", "application/pdf", scannedForm()};
        for (int i = 0; i < count; ++i) {
            processor.process({signer.sign(candidate(i)), "c.xml", "rh@chimie-exemple.fr", {outil6}});
            processor.process({signer.sign(candidature(i)), "d.xml", "rh@chimie-exemple.fr", {}});
        }
    }
    pipeline::MailSettings mail;
    pipeline::StageContext context{*store, referential, rules::Deadlines{}, today, &mail};
    (void)pipeline::IngestStage{}.run(context);  // the outil n°6 the submissions filed
    std::vector<std::string> coded, uncoded;
    for (int i = 0; i < count; ++i) {
        const auto pdf = pipeline::renderForm(*store, referential, i + 1, 4, "12/01/2027");
        coded.push_back(ingest::encodePng(test::fillOutil4(pdf, {1, 1, 0}, true)));
        render::Report page{*render::findFonts(), "Attestation", ""};
        page.heading("Attestation de formation n°" + std::to_string(i));
        page.paragraph("La société Chimie Exemple atteste que Zoé Amélie Lefèvre-" + std::to_string(i) +
                       " a suivi la formation « Conduite des opérations de fabrication » du 2 au 27 novembre 2026, "
                       "soit 140 heures, à l'usine de Lyon. Fait à Lyon, le 30 novembre 2026.");
        ingest::ScanLimits limits;
        limits.dpi = 200;
        uncoded.push_back(ingest::encodePng(ingest::loadScan(page.finish(), "application/pdf", limits).pages.at(0)));
    }
    auto timeStage = [&](const std::vector<std::string>& pages, bool named) {
        for (std::size_t i = 0; i < pages.size(); ++i) {
            const auto document = store->documents().store(pages[i], "image/png", "page-" + std::to_string(i) + ".png", today);
            store->mail().queueScan(document, std::nullopt, "rh@chimie-exemple.fr", today,
                                    named ? std::optional<pipeline::Id>{static_cast<pipeline::Id>(i + 1)} : std::nullopt,
                                    std::nullopt, "page.png");
        }
        const auto started = std::chrono::steady_clock::now();
        (void)pipeline::IngestStage{}.run(context);
        return seconds(started) * 1000.0 / static_cast<double>(pages.size());
    };
    StageFigures f;
    f.codedMs = timeStage(coded, false);
    f.uncodedMs = timeStage(uncoded, true);
    // OCRmyPDF, one thread, on two pages of each kind.
    int ocrPages = 0;
    double ocrMs = 0;
    for (const auto* set : {&coded, &uncoded})
        for (std::size_t i = 0; i < std::min<std::size_t>(2, set->size()); ++i) {
            const auto input = work / ("ocrmypdf-in-" + std::to_string(ocrPages) + ".png");
            std::ofstream{input, std::ios::binary} << (*set)[i];
            const auto t = std::chrono::steady_clock::now();
            const std::string command = "OMP_THREAD_LIMIT=1 ocrmypdf -l fra --jobs 1 --image-dpi 200 --output-type pdf -q '" +
                                        input.string() + "' '" + (work / "ocrmypdf-out.pdf").string() + "' >/dev/null 2>&1";
            if (std::system(command.c_str()) != 0) {
                std::cerr << "ocrmypdf failed (apt-get install ocrmypdf)\n";
                return f;
            }
            ocrMs += seconds(t) * 1000.0;
            ++ocrPages;
        }
    f.ocrmypdfMs = ocrPages ? ocrMs / ocrPages : 0;
    return f;
}

int scanBench(int n, const fs::path& work)
{
    // The same generator as the accuracy test (tests/support/ScanSet.cpp).
    const auto samples = test::generateScanSet(n);
    const auto s = test::score(samples);
    // Reading time, one core.
    const auto started = std::chrono::steady_clock::now();
    for (const auto& sample : samples)
        (void)ingest::readFormPage(sample.image);
    const double pageMs = seconds(started) * 1000.0 / n;
    // Both cores: one reader thread each.
    const auto parallelStarted = std::chrono::steady_clock::now();
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < samples.size(); i = next++)
            (void)ingest::readFormPage(samples[i].image);
    };
    std::thread a{worker}, b{worker};
    a.join();
    b.join();
    const double pagesPerS = n / seconds(parallelStarted);
    // Full-page Tesseract on the same pages (French, one thread), for comparison.
    const int ocrPages = std::min(n, 4);
    fs::create_directories(work);
    double tesseractMs = 0;
    for (int i = 0; i < ocrPages; ++i) {
        const auto file = work / ("page-" + std::to_string(i) + ".pgm");
        {
            std::ofstream out{file, std::ios::binary};
            out << "P5 " << samples[static_cast<std::size_t>(i)].image.width << " " << samples[static_cast<std::size_t>(i)].image.height
                << " 255\n";
            out.write(reinterpret_cast<const char*>(samples[static_cast<std::size_t>(i)].image.pixels.data()),
                      static_cast<std::streamsize>(samples[static_cast<std::size_t>(i)].image.pixels.size()));
        }
        const auto t = std::chrono::steady_clock::now();
        const std::string command = "OMP_THREAD_LIMIT=1 tesseract '" + file.string() + "' - -l fra >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0)
            std::cerr << "tesseract failed\n";
        tesseractMs += seconds(t) * 1000.0;
    }
    tesseractMs /= ocrPages;
    // The harder pages, row by row, one kind at a time (a kind's pages in memory at once).
    int hardRows = 0, hardSettled = 0, hardErrors = 0;
    for (std::size_t k = 0; k < test::hardScanKinds().size(); ++k) {
        const auto& kind = test::hardScanKinds()[k];
        const auto r = test::scoreRows(test::generateHardScanSet(std::max(2, n / 21), 20261130 + static_cast<unsigned>(k),
                                                                 static_cast<int>(k)))
                           .at(kind);
        std::string key;
        for (char c : kind)
            key += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
        while (key.find("__") != std::string::npos)
            key.erase(key.find("__"), 1);
        while (!key.empty() && key.back() == '_')
            key.pop_back();
        std::printf("rows_settled_rate.%s=%.3f\nsilent_box_errors.%s=%d\n", key.c_str(),
                    r.rows ? static_cast<double>(r.settled) / r.rows : 0.0, key.c_str(), r.silentErrors);
        hardRows += r.rows;
        hardSettled += r.settled;
        hardErrors += r.silentErrors;
    }
    std::printf("rows_settled_rate=%.3f\nsilent_box_errors=%d\n", hardRows ? static_cast<double>(hardSettled) / hardRows : 0.0,
                hardErrors);
    const auto stage = scanStageBench(std::max(2, n / 20), work / "stage");
    std::printf("stage_ms_per_coded_page=%.1f\nstage_ms_per_uncoded_page=%.1f\nocrmypdf_ms_per_page=%.0f\n"
                "ocrmypdf_ratio_coded=%.3f\nocrmypdf_ratio_uncoded=%.3f\n",
                stage.codedMs, stage.uncodedMs, stage.ocrmypdfMs, stage.ocrmypdfMs > 0 ? stage.codedMs / stage.ocrmypdfMs : 0.0,
                stage.ocrmypdfMs > 0 ? stage.uncodedMs / stage.ocrmypdfMs : 0.0);
    std::printf("pages=%d\nqr_identified=%d\nqr_rate=%.4f\nboxes=%d\nbox_errors=%d\nbox_error_rate=%.6f\nambiguous=%d\n"
                "ambiguous_rate=%.4f\nsignature_errors=%d\nfield_char_accuracy=%.4f\npage_ms=%.1f\nfullpage_tesseract_ms=%.0f\nratio=%.3f\npages_per_s=%.1f\n"
                "peak_rss_mb=%.1f\n",
                s.pages, s.identified, static_cast<double>(s.identified) / s.pages, s.boxes, s.errors,
                s.boxes ? static_cast<double>(s.errors) / s.boxes : 0.0, s.ambiguous,
                s.boxes ? static_cast<double>(s.ambiguous) / s.boxes : 0.0, s.signatureErrors,
                s.fieldCharacters ? 1.0 - static_cast<double>(s.fieldEdits) / s.fieldCharacters : 0.0, pageMs, tesseractMs,
                pageMs / tesseractMs, pagesPerS, peakRssMb());
    return 0;
}

int nightBench(int n, const fs::path& work, const std::string& storeText)
{
    fs::remove_all(work);
    fs::create_directories(work);
    pipeline::Settings settings;
    settings.store = storeText.empty() ? pipeline::StoreLocation{pipeline::StoreLocation::Kind::SQLite, (work / "cqp.db").string()}
                                       : pipeline::StoreLocation::parse(storeText);
    settings.parchment.juryDir = work / "jury";
    settings.parchment.printDir = work / "print";
    settings.parchment.keyFile = work / "parchment.key";
    const auto night = *rules::Date::parseIso("2027-06-01");
    auto store = pipeline::Store::open(settings.store);
    store->migrate();
    const auto generated = std::chrono::steady_clock::now();
    const auto shape = bench::generateNightStore(*store, n, night);
    const double generateS = seconds(generated);
    auto referential = ingest::readReferential(std::string{ingest::defaultReferentialXml()}).referential;
    const auto stages = pipeline::makeStages(settings.parchment, settings.store.kind, {"advance", "jury", "render"});
    pipeline::StageContext context{*store, *referential, settings.deadlines, night, &settings.mail};
    const auto started = std::chrono::steady_clock::now();
    const auto reports = pipeline::runStages(context, stages);
    const double nightS = seconds(started);
    pipeline::printSummary(std::cerr, reports);
    const double nightRss = peakRssMb();
    // The statistics of the year before the night, as `cqp stats` makes them (PDF and CSV).
    const auto statsStarted = std::chrono::steady_clock::now();
    const auto document = pipeline::statistics(*store, *referential, settings.deadlines, night.plusDays(-365), night, night);
    const auto fonts = render::findFonts();
    const std::string pdf = fonts ? render::renderStatistics(document, *fonts) : std::string{};
    const std::string csv = pipeline::statisticsCsv(document);
    const double statsS = seconds(statsStarted);
    std::ofstream{work / "stats.pdf", std::ios::binary} << pdf;
    std::printf("candidatures=%d\njuries=%d\ngenerate_s=%.1f\nnight_s=%.2f\npeak_rss_mb=%.1f\nstats_s=%.2f\nstats_pdf_kb=%.0f\n"
                "peak_rss_mb_with_stats=%.1f\n",
                shape.candidatures, shape.juries, generateS, nightS, nightRss, statsS, static_cast<double>(pdf.size()) / 1024.0,
                peakRssMb());
    return 0;
}

int main(int argc, char** argv)
{
    ingest::runWithOneOcrThread(argv);
    const std::string mode = argc > 1 ? argv[1] : "ingest";
    const int n = argc > 2 ? std::stoi(argv[2]) : (mode == "mail" ? 5000 : 10000);
    const fs::path work = argc > 3 ? fs::path{argv[3]} : fs::temp_directory_path() / ("cqp-" + mode + "-bench");
    fs::create_directories(work);
    if (mode == "mail")
        return mailBench(n, work);
    if (mode == "ingest")
        return ingestBench(n, work);
    if (mode == "scans")
        return scanBench(argc > 2 ? n : 210, work);
    if (mode == "parchments")
        return parchmentBench(argc > 2 ? n : 1000, work);
    if (mode == "night")
        return nightBench(n, work, argc > 4 ? argv[4] : "");
    if (mode == "forms")
        return formsBench(argc > 2 ? n : 1000, work);
    if (mode == "privacy")
        return privacyBench(argc > 2 ? n : 100000, work);
    if (mode == "flat") {
        const auto fonts = render::findFonts();
        return fonts ? flattenedBench(argc > 2 ? n : 60, work, *fonts) : 3;
    }
    std::cerr << "usage: cqp_bench ingest|mail|parchments|scans|night|forms|flat|privacy [N] [WORKDIR]\n";
    return 2;
}
