#include "cqp/pipeline/FormDocuments.h"

#include "cqp/pipeline/AccountRepository.h"
#include "cqp/pipeline/CandidatureRepository.h"
#include "cqp/pipeline/EvaluatorRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/StoreError.h"
#include "cqp/render/Forms.h"

namespace cqp::pipeline {

std::string renderForm(Store& store, const rules::Referential& referential, Id candidatureId, int outil,
                       const std::string& typedDate)
{
    const auto candidature = store.candidatures().candidature(candidatureId);
    if (!candidature)
        throw StoreError("no candidature " + std::to_string(candidatureId));
    const auto candidate = *store.candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);
    const auto fonts = render::findFonts();
    if (!fonts)
        throw StoreError("no usable fonts (apt-get install fonts-dejavu-core)");
    std::vector<std::pair<std::string, std::string>> competences;
    for (const auto& code : candidature->competences) {
        const auto* comp = certificate ? certificate->competence(code) : nullptr;
        competences.emplace_back(code, comp ? comp->title : "");
    }
    std::string company, siret;
    if (candidature->etablissementId)
        if (const auto etab = store.accounts().etablissement(*candidature->etablissementId)) {
            siret = etab->siret;
            const auto c = store.accounts().company(etab->companyId);
            company = (c ? c->raisonSociale + " — " : "") + etab->name;
        }
    const std::string title = certificate ? certificate->title : candidature->certificateCode;
    if (outil == 4) {
        render::Outil4Data d;
        d.candidature = candidature->id;
        d.candidateName = candidate.prenoms + " " + (candidate.nomUsage.empty() ? candidate.nomNaissance : candidate.nomUsage);
        d.certificateTitle = title;
        d.company = company;
        if (candidature->evaluatorId)
            if (const auto e = store.evaluators().evaluator(*candidature->evaluatorId))
                d.evaluatorName = e->prenom + " " + e->nom + " (" + e->registryNumber + ")";
        d.plannedDate = candidature->plannedEvaluationDate ? candidature->plannedEvaluationDate->french() : "";
        d.competences = competences;
        d.typedDate = typedDate;
        return render::renderOutil4(d, *fonts);
    }
    render::Outil6Data d;
    d.candidature = candidature->id;
    d.nomNaissance = candidate.nomNaissance;
    d.nomUsage = candidate.nomUsage;
    d.prenoms = candidate.prenoms;
    d.sexe = candidate.sexe;
    d.dateNaissance = candidate.dateNaissance ? candidate.dateNaissance->french() : "";
    d.lieuNaissance = candidate.communeNaissance + (candidate.codeInsee.empty() ? "" : " (" + candidate.codeInsee + ")") +
                      (candidate.paysNaissance.empty() ? "" : " " + candidate.paysNaissance);
    d.certificateTitle = title;
    d.company = company;
    d.siret = siret;
    d.competences = competences;
    return render::renderOutil6(d, *fonts);
}

}  // namespace cqp::pipeline
