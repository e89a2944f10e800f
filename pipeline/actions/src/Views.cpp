#include "cqp/actions/Views.h"

#include "cqp/actions/Labels.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/rules/StateMachine.h"
#include "cqp/rules/Verification.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <sstream>

namespace cqp::pipeline {

std::string DossierView::candidateName() const
{
    if (!candidate)
        return "?";
    if (erased())
        return "(données effacées à sa demande)";
    return candidate->prenoms + " " + (candidate->nomUsage.empty() ? candidate->nomNaissance : candidate->nomUsage);
}

namespace {

void gatherDocuments(Store& store, DossierView& view)
{
    static const std::pair<DocumentKind, const char*> kinds[] = {{DocumentKind::Outil4, "outil n°4"},
                                                                 {DocumentKind::Outil6, "outil n°6"},
                                                                 {DocumentKind::Diplome, "diplôme"},
                                                                 {DocumentKind::Autre, "autre"}};
    const auto& c = view.candidature;
    for (const auto& [kind, label] : kinds) {
        auto ids = store.documents().candidatureDocuments(c.id, kind);
        for (const Id id : store.documents().candidateDocuments(c.candidateId, kind))
            ids.push_back(id);
        for (const Id id : ids)
            if (const auto d = store.documents().document(id))
                view.documents.push_back({d->id, label, d->fileName, d->mediaType, d->receivedOn,
                                          scanStateLabel(store.mail().scanOutcome(d->id))});
    }
}

}  // namespace

std::optional<DossierView> dossierView(Store& store, const rules::Referential& referential, Id candidatureId)
{
    const auto c = store.candidatures().candidature(candidatureId);
    if (!c)
        return std::nullopt;
    DossierView view;
    view.candidature = *c;
    if (const auto* certificate = referential.certificate(c->certificateCode))
        view.certificateTitle = certificate->title;
    view.candidate = store.candidatures().candidate(c->candidateId);
    if (c->etablissementId)
        view.etablissement = store.accounts().etablissement(*c->etablissementId);
    if (c->evaluatorId)
        view.evaluator = store.evaluators().evaluator(*c->evaluatorId);
    gatherDocuments(store, view);
    view.evaluation = store.candidatures().evaluation(c->id);
    view.observations = store.candidatures().metierObservations(c->id);
    view.registration = store.juries().registrationOf(c->id);
    if (view.registration && view.registration->placedJuryId)
        view.jury = store.juries().jury(*view.registration->placedJuryId);
    view.decisions = store.juries().decisions(c->id);
    view.parchments = store.parchments().allOfCandidature(c->id);
    view.history = store.candidatures().history(c->id);
    view.mails = store.mail().aboutCandidature(c->id);
    return view;
}

bool documentOfDossier(Store& store, const DossierView& dossier, Id documentId)
{
    if (std::any_of(dossier.documents.begin(), dossier.documents.end(), [&](const auto& d) { return d.id == documentId; }))
        return true;
    if (dossier.evaluation && dossier.evaluation->outil4DocumentId == documentId)
        return true;
    for (const auto& line : dossier.documents)
        for (const auto& review : store.mail().reviewsOfDocument(line.id))
            if (review.cropDocumentId == documentId)
                return true;
    return false;
}

Verification verify(Store& store, const rules::Referential& referential, const std::string& given)
{
    Verification v;
    const auto code = rules::verificationCodeFrom(given);
    if (!code)
        return v;
    v.code = *code;
    const auto found = store.parchments().verified(*code);
    if (!found)
        return v;
    const auto& p = found->parchment;
    v.state = p.revokedOn ? Verification::State::Revoked : Verification::State::Valid;
    v.number = p.label();
    v.kindLabel = paperName(p);
    v.issuedOn = p.issuedOn;
    v.revokedOn = p.revokedOn;
    v.holder = found->prenoms.empty() && found->nom.empty() ? "(données du titulaire effacées à sa demande)"
                                                            : found->prenoms + " " + found->nom;
    const auto* certificate = referential.certificate(found->certificateCode);
    v.certificate = certificate ? std::string{rules::kindCode(certificate->kind)} + " " +
                                      rules::genderedTitle(certificate->title, found->sexe)
                                : found->certificateCode;
    return v;
}

std::string keyFingerprint(const std::string& pem)
{
    std::string body;
    std::istringstream lines{pem};
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("-----", 0) != 0)
            body += line;
    std::istringstream encoded{body};
    Poco::Base64Decoder decoder{encoded};
    std::string der;
    char buffer[512];
    try {
        while (decoder.read(buffer, sizeof buffer) || decoder.gcount() > 0)
            der.append(buffer, static_cast<std::size_t>(decoder.gcount()));
    } catch (const Poco::Exception&) {
        der.clear();
    }
    if (der.empty())
        return "(aucune clé lisible)";
    Poco::SHA2Engine sha{Poco::SHA2Engine::SHA_256};
    sha.update(der);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (const auto byte : sha.digest()) {
        if (!out.empty())
            out += ':';
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

std::vector<std::string> lateDecisions(Store& store, rules::Date today, const rules::Deadlines& deadlines)
{
    std::vector<std::string> lines;
    for (const auto& [jury, waiting] :
         store.juries().undecidedHeldBefore(rules::decisionsOverdueForJuriesBefore(today, deadlines)))
        lines.push_back("décisions en retard : jury n°" + std::to_string(jury.id) + " du " + jury.date.french() + ", " +
                        std::to_string(waiting.size()) + " candidature(s) sans décision (attendue le " +
                        rules::decisionDueDate(jury.date, deadlines).french() + ")");
    return lines;
}

Dashboard dashboard(Store& store, rules::Date today, const rules::Deadlines& deadlines)
{
    Dashboard d;
    d.byStatus = store.candidatures().countByStatus();
    d.lateDecisions = lateDecisions(store, today, deadlines);
    d.openReviews = store.mail().reviews(ReviewState::Open).size();
    d.quarantined = static_cast<std::size_t>(store.mail().countReceivedInState(ReceivedState::Quarantined));
    d.failedMails = store.mail().listOutbox(OutboxState::Failed, "").size();
    d.pendingAccounts = store.accounts().accounts(AccountStatus::Pending).size();
    for (const auto& b : store.parchments().printBatches())
        if (!b.postedOn)
            ++d.unpostedBatches;
    for (const auto& j : store.juries().calendar())
        if (!(j.date < today) && d.nextJuries.size() < 5)
            d.nextJuries.push_back({j, rules::registrationCutoff(j.date, deadlines)});
    return d;
}

}  // namespace cqp::pipeline
