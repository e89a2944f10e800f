#include "cqp/stages/RenderStage.h"
#include "cqp/render/RenderError.h"

#include "Files.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/stages/StageSettings.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"
#include "cqp/workflow/Errors.h"
#include "cqp/workflow/Workflow.h"
#include "cqp/render/Fonts.h"

#include <Poco/Logger.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

namespace cqp::pipeline {

namespace fs = std::filesystem;

std::string verificationCode(const std::string& key, const std::string& facts)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(facts.data()),
         facts.size(), digest, &length);
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I
    std::string code;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t byte = 0;
    while (code.size() < 19) {
        if (code.size() % 5 == 4) {
            code += '-';
            continue;
        }
        if (bits < 5) {
            buffer = (buffer << 8) | digest[byte++];
            bits += 8;
        }
        code += alphabet[(buffer >> (bits - 5)) & 31];
        bits -= 5;
    }
    return code;
}

std::string parchmentKey(const ParchmentSettings& settings, bool create)
{
    std::ifstream in{settings.keyFile, std::ios::binary};
    std::string key;
    if (in && std::getline(in, key) && key.size() >= 32)
        return key;
    if (!create)
        throw ConfigurationError("no parchment key in " + settings.keyFile.string() + ": run 'cqp init'");
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw ConfigurationError("cannot draw the parchment key: the system's random source failed");
    static const char hex[] = "0123456789abcdef";
    key.clear();
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    if (settings.keyFile.has_parent_path())
        fs::create_directories(settings.keyFile.parent_path());
    // Created with mode 0600 (never readable by others, not even for an instant) and never
    // over an existing file; every byte checked.
    const int fd = ::open(settings.keyFile.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw ConfigurationError("cannot create the parchment key " + settings.keyFile.string() + ": " + std::strerror(errno));
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        fs::remove(settings.keyFile);
        throw ConfigurationError("cannot write the parchment key " + settings.keyFile.string());
    }
    return key;
}

namespace {

std::string upper(std::string s)
{
    // Family names in capitals, the French way on official documents (ASCII letters and the
    // usual accented ones).
    static const std::pair<std::string_view, std::string_view> accents[] = {
        {"é", "É"}, {"è", "È"}, {"ê", "Ê"}, {"ë", "Ë"}, {"à", "À"}, {"â", "Â"}, {"ä", "Ä"}, {"î", "Î"}, {"ï", "Ï"},
        {"ô", "Ô"}, {"ö", "Ö"}, {"ù", "Ù"}, {"û", "Û"}, {"ü", "Ü"}, {"ç", "Ç"}, {"ÿ", "Ÿ"}, {"æ", "Æ"}, {"œ", "Œ"}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        for (const auto& [lower, up] : accents)
            if (s.compare(i, lower.size(), lower) == 0) {
                out += up;
                i += lower.size();
                replaced = true;
                break;
            }
        if (!replaced)
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i++])));
    }
    return out;
}

struct Holder {
    std::string name;
    std::string birth;
    std::string sortKey;
};

Holder holderOf(const Candidate& c)
{
    const std::string family = c.nomUsage.empty() ? c.nomNaissance : c.nomUsage;
    Holder h;
    h.name = c.prenoms + " " + upper(family);
    const std::string born = c.sexe == "F" ? "née" : "né";
    h.birth = born + " le " + (c.dateNaissance ? c.dateNaissance->french() : "") + " à " +
              (c.communeNaissance.empty() ? c.paysNaissance : c.communeNaissance) +
              (!c.paysNaissance.empty() && !c.communeNaissance.empty() ? " (" + c.paysNaissance + ")" : "");
    if (!c.nomUsage.empty() && c.nomUsage != c.nomNaissance)
        h.birth = (c.sexe == "F" ? "née " : "né ") + upper(c.nomNaissance) + ", " + h.birth.substr(born.size() + 1);
    h.sortKey = upper(family) + " " + c.prenoms;
    return h;
}

std::string facts(const Parchment& p, const Candidate& c, const Candidature& candidature, rules::Date juryDate)
{
    return p.label() + "|" + p.kind + "|" + c.nomNaissance + "|" + c.prenoms + "|" +
           (c.dateNaissance ? c.dateNaissance->iso() : "") + "|" + candidature.certificateCode + "|" + juryDate.iso();
}

}  // namespace

StageReport RenderStage::run(StageContext& context)
{
    auto& log = Poco::Logger::get("cqp.render");
    StageReport report{name()};
    auto& store = context.store;
    const std::string key = parchmentKey(settings_, true);
    Workflow workflow{store, context.referential, context.deadlines, context.today};

    // 1. A number and a code for every new outcome.
    for (const Id id : store.parchments().candidaturesAwaitingParchment()) {
        ++report.processed;
        const bool numbered = isolatedItem(context, report, name(), "candidature " + std::to_string(id), [&] {
            store.transaction([&] {
                const auto candidature = store.candidatures().candidature(id);
                const auto candidate = store.candidatures().candidate(candidature->candidateId);
                const auto registration = store.juries().registrationOf(id);
                const auto jury = registration && registration->placedJuryId ? store.juries().jury(*registration->placedJuryId)
                                                                              : std::nullopt;
                Parchment p;
                p.candidatureId = id;
                p.year = context.today.year();
                p.number = store.parchments().nextNumber(p.year);
                p.issuedOn = context.today;
                p.kind = candidature->status == rules::CandidatureStatus::Valide ? "parchemin" : "attestation";
                p.verificationCode = verificationCode(key, facts(p, *candidate, *candidature, jury ? jury->date : context.today));
                store.parchments().add(p);
            });
        });
        if (!numbered)
            continue;
        ++report.accepted;
    }

    // 2. One print batch per jury with what is not printed yet.
    const auto fonts = render::findFonts();
    if (!fonts)
        throw render::RenderError("no usable fonts (apt-get install fonts-dejavu-core)");
    std::map<Id, std::vector<Parchment>> byJury;
    for (const auto& p : store.parchments().unprinted()) {
        if (p.revokedOn)
            continue;
        const auto registration = store.juries().registrationOf(p.candidatureId);
        byJury[registration && registration->placedJuryId ? *registration->placedJuryId : 0].push_back(p);
    }
    for (auto& [juryId, parchments] : byJury) {
        // One batch at a time: one that cannot be made or written is recorded, the others go.
        const Id batchJury = juryId;
        auto& batchParchments = parchments;
        isolatedItem(context, report, name(), "print batch of jury " + std::to_string(batchJury), [&] {
            const auto jury = store.juries().jury(batchJury);
            const std::string juryDate = jury ? jury->date.french() : context.today.french();
            struct Item {
                Parchment parchment;
                Holder holder;
                Candidature candidature;
                std::string company;
            };
            std::map<Id, std::vector<Item>> byEtablissement;  // établissement → its documents
            for (const auto& p : batchParchments) {
                const auto candidature = *store.candidatures().candidature(p.candidatureId);
                const auto candidate = *store.candidatures().candidate(candidature.candidateId);
                byEtablissement[candidature.etablissementId.value_or(0)].push_back({p, holderOf(candidate), candidature, ""});
            }
            render::PrintBatch batch{*fonts};
            std::vector<Id> printed;
            std::vector<std::pair<std::string, Id>> order;  // company name → établissement, for the order of the envelopes
            for (const auto& [etablissementId, items] : byEtablissement) {
                const auto etablissement = store.accounts().etablissement(etablissementId);
                const auto company = etablissement ? store.accounts().company(etablissement->companyId) : std::nullopt;
                order.emplace_back((company ? company->raisonSociale : std::string{}) + (etablissement ? etablissement->name : ""),
                                   etablissementId);
            }
            std::sort(order.begin(), order.end());
            for (const auto& [companyName, etablissementId] : order) {
                auto items = byEtablissement[etablissementId];
                std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
                    if (a.parchment.kind != b.parchment.kind)
                        return a.parchment.kind == "parchemin";  // parchments first, then attestations
                    return a.holder.sortKey < b.holder.sortKey;
                });
                const auto etablissement = store.accounts().etablissement(etablissementId);
                const auto company = etablissement ? store.accounts().company(etablissement->companyId) : std::nullopt;
                render::PackingSheetData sheet;
                sheet.senderLines = settings_.secretariatAddress;
                if (company)
                    sheet.addressLines.push_back(company->raisonSociale);
                if (etablissement) {
                    sheet.addressLines.push_back(etablissement->name);
                    sheet.addressLines.push_back(etablissement->address.line1);
                    if (!etablissement->address.line2.empty())
                        sheet.addressLines.push_back(etablissement->address.line2);
                    sheet.addressLines.push_back(etablissement->address.postcode + " " + upper(etablissement->address.city));
                }
                sheet.subject = "Parchemins et attestations — jury paritaire national du " + juryDate;
                sheet.place = settings_.place;
                sheet.date = context.today.french();
                for (const auto& item : items)
                    sheet.enclosed.push_back((item.parchment.kind == "parchemin" ? "Parchemin n° " : "Attestation n° ") +
                                             item.parchment.label() + " — " + item.holder.name);
                batch.addPackingSheet(sheet);
                for (const auto& item : items) {
                    const auto* certificate = context.referential.certificate(item.candidature.certificateCode);
                    const std::string title = certificate ? certificate->title : item.candidature.certificateCode;
                    const std::string kind = certificate ? std::string{rules::kindCode(certificate->kind)} : "CQP";
                    if (item.parchment.kind == "parchemin") {
                        render::ParchmentData data;
                        data.certificateKind = kind;
                        data.certificateTitle = title;
                        data.holderName = item.holder.name;
                        data.birth = item.holder.birth;
                        data.juryDate = juryDate;
                        data.number = item.parchment.label();
                        data.verificationCode = item.parchment.verificationCode;
                        data.verificationUrl = settings_.verifyUrl + item.parchment.verificationCode;
                        data.place = settings_.place;
                        data.issuedOn = item.parchment.issuedOn.french();
                        data.signatories = settings_.signatories;
                        batch.addParchment(data);
                    } else {
                        render::AttestationData data;
                        data.certificateKind = kind;
                        data.certificateTitle = title;
                        data.holderName = item.holder.name;
                        data.birth = item.holder.birth;
                        data.juryDate = juryDate;
                        data.place = settings_.place;
                        data.issuedOn = item.parchment.issuedOn.french();
                        data.signatories = settings_.signatories;
                        if (const auto outcome = storedOutcome(store, context.referential, context.deadlines, item.candidature)) {
                            auto titled = [&](const std::string& code) {
                                const auto* comp = certificate ? certificate->competence(code) : nullptr;
                                return code + (comp ? " — " + comp->title : "");
                            };
                            for (const auto& code : outcome->validatedNow)
                                data.validated.push_back(titled(code));
                            for (const auto& code : outcome->stillAcquired)
                                data.validated.push_back(titled(code));
                            for (const auto& code : outcome->remaining)
                                data.remaining.push_back(titled(code));
                            if (!outcome->newAcquisitions.empty())
                                data.acquiredUntil = outcome->newAcquisitions.front().validUntil.french();
                        }
                        batch.addAttestation(data);
                    }
                    printed.push_back(item.parchment.id);
                }
            }
            const int pages = batch.pages();
            const std::string pdf = batch.finish("Lot d'impression — jury du " + juryDate);
            const std::string fileName = "lot-jury-" + std::to_string(batchJury) + "-" + (jury ? jury->date.iso() : context.today.iso()) +
                                         "-" + batchParchments.front().label() + ".pdf";
            // Written, every byte checked, before the commit under a name of its own: a rerun
            // rewrites the same file; a batch that cannot be written is a failure of the run.
            detail::writeWholeFile(settings_.printDir / fileName, pdf);
            store.transaction([&] {
                const Id document = store.documents().store(pdf, "application/pdf", fileName, context.today);
                store.parchments().addPrintBatch(batchJury, document, fileName, pages, context.today, printed);
                outbox::Letter letter{"Lot d'impression — jury du " + juryDate + " (" + std::to_string(printed.size()) + " document(s))",
                                      "Bonjour,\n\nLe lot d'impression du jury paritaire national du " + juryDate +
                                          " est joint (" + std::to_string(pages) + " pages : un bordereau par établissement, puis "
                                          "ses parchemins et ses attestations), prêt pour des enveloppes à fenêtre.\n\nFichier : " +
                                          (settings_.printDir / fileName).string() + "\n\n-- \ncqp\n"};
                workflow.queue("print_batch", std::nullopt, settings_.secretariatEmail, letter, {document});
            });
            log.information("print batch %s: %d pages, %z documents", fileName, pages, printed.size());
            ++report.mailsQueued;
        });
    }
    return report;
}

}  // namespace cqp::pipeline
