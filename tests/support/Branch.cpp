#include "Branch.h"

#include "cqp/ingest/EvaluatorRegistryReader.h"
#include "cqp/ingest/ReferentialReader.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/render/Fonts.h"
#include "cqp/render/Report.h"
#include "cqp/stages/IngestStage.h"

#include <regex>
#include <stdexcept>

namespace cqp::test {

using namespace pipeline;

namespace {
rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }
}  // namespace

Branch::Branch(Backend backend)
    : scratch{backend}, referential{*ingest::readReferential(ingest::defaultReferentialXml()).referential}
{
    const auto registry = ingest::readEvaluatorRegistry(readFile(sourceDir() / "examples/registre-evaluateurs.xml"), referential);
    std::vector<Evaluator> evaluators;
    for (const auto& e : registry.registry->evaluators)
        evaluators.push_back({0, e.registryNumber, e.nom, e.prenom, e.email, registry.registry->publishedOn, e.employerSirens,
                              e.habilitations});
    store().evaluators().importRegistry(evaluators);
    for (const char* date : {"2027-03-15", "2027-06-15", "2027-10-15"})
        store().juries().addJury({0, d(date), 2, std::nullopt, std::nullopt, d("2026-11-01"), 0});

    auto approve = [&](const SubmissionOutcome& outcome) {
        if (outcome.status != SubmissionOutcome::Status::Accepted)
            throw std::runtime_error("account request refused: " + (outcome.messages.empty() ? "" : outcome.messages[0]));
        store().accounts().setStatus(*outcome.accountId, AccountStatus::Active, d("2026-11-02"));
    };
    approve(send("entreprise", example("01-demande-compte-entreprise.xml"), "2026-11-02"));
    approve(send("evaluateur", example("02-demande-compte-evaluateur.xml"), "2026-11-02"));
    Account secretariat;
    secretariat.role = AccountRole::Secretariat;
    secretariat.status = AccountStatus::Active;
    secretariat.displayName = "Secrétariat des CQP";
    secretariat.addresses = {"secretariat@branche.example"};
    secretariat.publicKeyPem = readFile(dataFile("keys/secretariat.pub.pem"));
    secretariat.createdOn = d("2026-11-01");
    store().accounts().addAccount(secretariat);
    approve(send("entreprise-b",
                 example("01-demande-compte-entreprise.xml",
                         {{"73282932000074", "55210055400005"},
                          {"Chimie Exemple SAS", "Société Nouvelle de Chimie"},
                          {"rh@chimie-exemple.fr", "rh@snc.example"},
                          {readFile(dataFile("keys/entreprise.pub.pem")), readFile(dataFile("keys/entreprise-b.pub.pem"))}}),
                 "2026-11-02"));
}

std::string Branch::example(const std::string& name, const std::map<std::string, std::string>& edits)
{
    std::string xml = readFile(sourceDir() / "examples/submissions" / name);
    for (const auto& [from, to] : edits) {
        std::string key = from;
        // PEM keys in the examples are indented-free blocks; compare without the final newline.
        while (!key.empty() && key.back() == '\n')
            key.pop_back();
        const auto at = xml.find(key);
        if (at == std::string::npos)
            throw std::runtime_error("edit not found in " + name + ": " + key.substr(0, 40));
        std::string replacement = to;
        while (!replacement.empty() && replacement.back() == '\n' && from.back() != '\n')
            replacement.pop_back();
        xml.replace(at, key.size(), replacement);
    }
    return xml;
}

SubmissionOutcome Branch::send(const std::string& key, const std::string& xml, const char* date,
                               std::vector<Attachment> attachments, const std::string& from)
{
    const std::string bytes = key.empty() ? xml : signWithXmlsec1(key, stamped(xml, date));
    SubmissionProcessor processor{store(), referential, rules::Deadlines{}, d(date)};
    return processor.process({bytes, "document.xml", from, std::move(attachments)});
}

Attachment Branch::pdf(const std::string& name)
{
    // A real one-page PDF (forms named by a submission must open).
    static const std::string page = [] {
        render::Report report{*render::findFonts(), "Scan", ""};
        report.paragraph("Scan joint.");
        return report.finish();
    }();
    return {name, "application/pdf", page + "% " + name + "\n"};
}

void Branch::createCandidature()
{
    if (send("entreprise", example("03-candidat.xml"), "2026-12-03", {pdf("outil6-dupont.pdf")}).status !=
            SubmissionOutcome::Status::Accepted ||
        send("entreprise", example("04-candidature.xml"), "2026-12-04").status != SubmissionOutcome::Status::Accepted)
        throw std::runtime_error("the example candidature was refused");
}

void Branch::evaluate()
{
    if (send("evaluateur", example("05-invitation-evaluateur-metier.xml"), "2027-01-05").status !=
            SubmissionOutcome::Status::Accepted ||
        send("evaluateur", example("06-resultats-evaluation.xml"), "2027-01-12", {pdf("outil4-dupont.pdf")}).status !=
            SubmissionOutcome::Status::Accepted)
        throw std::runtime_error("the example evaluation was refused");
    readScans("2027-01-12");  // the forms the submissions named, as the night's ingest stage does
}

void Branch::readScans(const char* date)
{
    pipeline::StageContext context{store(), referential, rules::Deadlines{}, *rules::Date::parseIso(date)};
    pipeline::IngestStage{}.run(context);
}

void Branch::observe()
{
    const auto outcome = send("metier",
                              example("07-observations-evaluateur-metier.xml",
                                      {{"0123456789abcdef0123456789abcdef", token("metier")}}),
                              "2027-01-13");
    if (outcome.status != SubmissionOutcome::Status::Accepted)
        throw std::runtime_error("the example observations were refused: " + outcome.messages.at(0));
}

void Branch::register_(int jury)
{
    const auto outcome = send("entreprise", example("08-inscription-jury.xml", {{"<jury numero=\"2\"/>",
                                                                                 "<jury numero=\"" + std::to_string(jury) + "\"/>"}}),
                              "2027-01-14");
    if (outcome.status != SubmissionOutcome::Status::Accepted)
        throw std::runtime_error("the example registration was refused: " + outcome.messages.at(0));
}

std::string Branch::token(const std::string& kind)
{
    // The store keeps only the tokens' hashes: the token is read where its holder reads it, in
    // the invitation mail.
    const std::string mailKind = kind == "metier" ? "metier_invitation" : "candidate_invitation";
    std::string token;
    const std::regex hex{"jeton d'invitation : ([0-9a-f]{32})"};
    for (const auto state : {pipeline::OutboxState::Sent, pipeline::OutboxState::Pending})
        for (const auto& m : store().mail().inState(state)) {
            std::smatch match;
            if (m.kind == mailKind && std::regex_search(m.body, match, hex))
                token = match[1];
        }
    return token;
}

}  // namespace cqp::test
