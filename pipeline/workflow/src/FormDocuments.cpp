#include "cqp/workflow/FormDocuments.h"
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

namespace {

// What both forms print about a candidature.
struct FormContext {
    Candidature candidature;
    Candidate candidate;
    std::string title;
    std::string company;
    std::string siret;
    std::vector<std::pair<std::string, std::string>> competences;
};

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

}  // namespace

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

std::string fillableFileName(const std::string& form, Id dossier)
{
    if (form == "resultatsEvaluation")  // the outil n°4 the évaluateur always got, now also fillable
        return "outil4-candidature-" + std::to_string(dossier) + ".pdf";
    if (form == "inscriptionJury")
        return "inscription-jury-candidature-" + std::to_string(dossier) + ".pdf";
    return form == "observationsMetier" ? "observations-metier-candidature-" + std::to_string(dossier) + ".pdf"
                                        : "saisie-candidat-" + std::to_string(dossier) + ".pdf";
}

namespace {

// What a form for one person says first: whose dossier it is.
std::vector<std::pair<std::string, std::string>> dossierContext(const FormContext& f)
{
    return {{"Candidat", f.candidate.prenoms + " " + (f.candidate.nomUsage.empty() ? f.candidate.nomNaissance : f.candidate.nomUsage)},
            {"Candidature", "n°" + std::to_string(f.candidature.id)},
            {"CQP", f.title},
            {"Entreprise", f.company}};
}

render::FillableFormData formFor(rules::fillable::FormKind kind, Id dossier, const std::string& token, const std::string& recipient,
                                 rules::Date expiresOn, std::string title)
{
    render::FillableFormData d;
    d.kind = kind;
    d.dossier = dossier;
    d.token = token;
    d.recipient = recipient;
    d.expiresOn = expiresOn.french();
    d.title = std::move(title);
    return d;
}

std::string registrationForm(Store& store, const rules::Referential& referential, const FormToken& issued, rules::Date today,
                             const rules::Deadlines& deadlines)
{
    const auto f = formContext(store, referential, issued.candidatureId);
    auto d = formFor(rules::fillable::FormKind::InscriptionJury, issued.candidatureId, issued.token, issued.recipient,
                     issued.expiresOn, "Inscription au jury paritaire national");
    d.context = dossierContext(f);
    auto& offered = d.choices["jury"];  // the juries open when the mail goes
    for (const auto& jury : store.juries().sessions())
        if (rules::openForRegistration(jury, f.candidature.certificateCode, today, deadlines))
            offered.emplace_back(std::to_string(jury.id), "n°" + std::to_string(jury.id) + " — jury du " + jury.date.french() +
                                                              " (inscription jusqu'au " +
                                                              rules::registrationCutoff(jury.date, deadlines).french() + ")");
    return render::renderFillableForm(d, workflowFonts());
}

std::string invitedForm(Store& store, const rules::Referential& referential, rules::fillable::FormKind kind, const Invitation& invitation,
                        Id dossier)
{
    if (kind == rules::fillable::FormKind::ObservationsMetier) {
        const auto f = formContext(store, referential, dossier);
        auto d = formFor(kind, dossier, invitation.token, invitation.email, invitation.expiresOn, "Observations de l'évaluateur métier");
        d.context = dossierContext(f);
        if (f.candidature.evaluatorId)
            if (const auto e = store.evaluators().evaluator(*f.candidature.evaluatorId))
                d.context.emplace_back("Évaluateur habilité", e->prenom + " " + e->nom);
        return render::renderFillableForm(d, workflowFonts());
    }
    const auto candidate = store.candidatures().candidate(dossier);
    if (!candidate)
        throw NotFoundError("no candidate " + std::to_string(dossier));
    auto d = formFor(kind, dossier, invitation.token, invitation.email, invitation.expiresOn,
                     "Votre état civil pour votre dossier de candidat");
    d.context = {{"Dossier de candidat", "n°" + std::to_string(dossier)}};
    if (const auto account = store.accounts().account(candidate->accountId))
        d.context.emplace_back("Employeur", account->displayName);
    d.values = {{"nom_naissance", candidate->nomNaissance}, {"nom_usage", candidate->nomUsage},
                {"prenoms", candidate->prenoms},            {"sexe", candidate->sexe},
                {"date_naissance", candidate->dateNaissance ? candidate->dateNaissance->french() : ""},
                {"commune_naissance", candidate->communeNaissance}, {"code_insee", candidate->codeInsee},
                {"pays_naissance", candidate->paysNaissance},       {"courriel", candidate->email}};
    return render::renderFillableForm(d, workflowFonts());
}

}  // namespace

std::string renderFillable(Store& store, const rules::Referential& referential, const std::string& form, Id dossier,
                           const std::string& token, rules::Date today, const rules::Deadlines& deadlines)
{
    using rules::fillable::FormKind;
    const auto kind = rules::fillable::kindNamed(form);
    if (kind && rules::fillable::forAccountHolder(*kind)) {
        const auto issued = store.submissions().formToken(token);
        if (!issued || issued->candidatureId != dossier)
            throw NotFoundError("no token for the form " + form + " of candidature " + std::to_string(dossier));
        if (*kind == FormKind::InscriptionJury)
            return registrationForm(store, referential, *issued, today, deadlines);
        auto d = outil4Data(store, referential, dossier);  // the printed outil n°4, with its fields
        d.token = token;
        return render::renderOutil4(d, workflowFonts());
    }
    const auto invitation = store.submissions().invitation(token);
    if (!kind || !invitation)
        throw NotFoundError("no invitation for the form " + form + " of dossier " + std::to_string(dossier));
    return invitedForm(store, referential, *kind, *invitation, dossier);
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
