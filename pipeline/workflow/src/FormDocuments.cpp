#include "cqp/workflow/FormDocuments.h"

#include "FormContext.h"
#include "cqp/rules/JuryPlacement.h"
#include "cqp/render/RenderError.h"
#include "cqp/workflow/Errors.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/store/StoreError.h"
#include "cqp/render/Forms.h"
#include "cqp/render/Fonts.h"
#include "cqp/render/Guide.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/DocumentRepository.h"

namespace cqp::pipeline {

namespace detail {

FormContext formContext(Store& store, const rules::Referential& referential, Id candidatureId)
{
    const auto candidature = store.candidatures().candidature(candidatureId);
    if (!candidature)
        throw NotFoundError("no candidature " + std::to_string(candidatureId));
    const auto candidate = *store.candidatures().candidate(candidature->candidateId);
    const auto* certificate = referential.certificate(candidature->certificateCode);
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
    return {*candidature, candidate, title, company, siret, competences};
}

}  // namespace detail

using detail::formContext;

render::Outil6Data outil6Data(Store& store, const rules::Referential& referential, Id candidatureId)
{
    const auto f = formContext(store, referential, candidatureId);
    render::Outil6Data d;
    d.candidature = f.candidature.id;
    d.nomNaissance = f.candidate.nomNaissance;
    d.nomUsage = f.candidate.nomUsage;
    d.prenoms = f.candidate.prenoms;
    d.sexe = f.candidate.sexe;
    d.dateNaissance = f.candidate.dateNaissance ? f.candidate.dateNaissance->french() : "";
    d.lieuNaissance = f.candidate.communeNaissance + (f.candidate.codeInsee.empty() ? "" : " (" + f.candidate.codeInsee + ")") +
                      (f.candidate.paysNaissance.empty() ? "" : " " + f.candidate.paysNaissance);
    d.certificateTitle = f.title;
    d.company = f.company;
    d.siret = f.siret;
    d.competences = f.competences;
    return d;
}

render::Outil4Data outil4Data(Store& store, const rules::Referential& referential, Id candidatureId)
{
    const auto f = formContext(store, referential, candidatureId);
    const auto& candidature = f.candidature;
    const auto& candidate = f.candidate;
    render::Outil4Data d;
    d.candidature = candidature.id;
    d.candidateName = candidate.prenoms + " " + (candidate.nomUsage.empty() ? candidate.nomNaissance : candidate.nomUsage);
    d.certificateTitle = f.title;
    d.company = f.company;
    if (candidature.evaluatorId)
        if (const auto e = store.evaluators().evaluator(*candidature.evaluatorId))
            d.evaluatorName = e->prenom + " " + e->nom + " (" + e->registryNumber + ")";
    d.plannedDate = candidature.plannedEvaluationDate ? candidature.plannedEvaluationDate->french() : "";
    d.competences = f.competences;
    return d;
}

const render::FontSet& workflowFonts()
{
    static const auto fonts = render::findFonts();  // looked up once per process
    if (!fonts)
        throw render::RenderError("no usable fonts (apt-get install fonts-dejavu-core)");
    return *fonts;
}

std::string renderForm(Store& store, const rules::Referential& referential, Id candidatureId, int outil,
                       const std::string& typedDate)
{
    if (outil == 4) {
        auto d = outil4Data(store, referential, candidatureId);
        d.typedDate = typedDate;
        return render::renderOutil4(d, workflowFonts());
    }
    return render::renderOutil6(outil6Data(store, referential, candidatureId), workflowFonts());
}

std::vector<render::FormTextRun> formText(Store& store, const rules::Referential& referential, Id candidatureId, int outil)
{
    if (outil == 4)
        return render::outil4Text(outil4Data(store, referential, candidatureId), workflowFonts());
    return render::outil6Text(outil6Data(store, referential, candidatureId), workflowFonts());
}

}  // namespace cqp::pipeline

namespace cqp::embedded {
extern const std::string_view submissionsGuide;
}

namespace cqp::pipeline {

Id guideDocument(Store& store, rules::Date today)
{
    static const std::string pdf =
        render::renderMarkdown(embedded::submissionsGuide, workflowFonts(), "Guide des envois au secrétariat des CQP");
    return store.documents().store(pdf, "application/pdf", outbox::guideFileName, today);
}

}  // namespace cqp::pipeline
