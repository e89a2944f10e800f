// The fillable forms (rules::fillable) as mailed: each pre-filled from the store for its
// recipient, with its token, rendered when the mail that carries it is sent.

#include "cqp/workflow/FormDocuments.h"

#include "FormContext.h"
#include "SubmissionHandlers.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/JuryPlacement.h"
#include "cqp/rules/Siret.h"
#include "cqp/rules/Statistics.h"
#include "cqp/workflow/Errors.h"

#include <algorithm>

namespace cqp::pipeline {

std::string fillableFileName(const std::string& form, Id dossier)
{
    if (form == "resultatsEvaluation")  // the outil n°4 the évaluateur always got, now also fillable
        return "outil4-candidature-" + std::to_string(dossier) + ".pdf";
    if (form == "inscriptionJury")
        return "inscription-jury-candidature-" + std::to_string(dossier) + ".pdf";
    if (form == "dossierCandidature")  // the account's, for its next candidate: no dossier number yet
        return "outil6-dossier-de-candidature.pdf";
    if (form == "invitationMetier")
        return "invitation-evaluateur-metier-candidature-" + std::to_string(dossier) + ".pdf";
    if (form == "demandeCompte")
        return "demande-de-compte.pdf";
    return form == "observationsMetier" ? "observations-metier-candidature-" + std::to_string(dossier) + ".pdf"
                                        : "saisie-candidat-" + std::to_string(dossier) + ".pdf";
}

namespace {

// What a form for one person says first: whose dossier it is.
std::vector<std::pair<std::string, std::string>> dossierContext(const detail::FormContext& f)
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
    const auto f = detail::formContext(store, referential, issued.dossier);
    auto d = formFor(rules::fillable::FormKind::InscriptionJury, issued.dossier, issued.token, issued.recipient,
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


// Outil n°6 for a company's account: the CQP of the referential, the dispositifs, the évaluateurs
// habilités today who are not its employees; the competences of each CQP on the last pages.
std::string dossierForm(Store& store, const rules::Referential& referential, const FormToken& issued, rules::Date today)
{
    const auto account = store.accounts().account(issued.dossier);
    if (!account || !account->etablissementId)
        throw NotFoundError("no company account " + std::to_string(issued.dossier));
    const auto etablissement = store.accounts().etablissement(*account->etablissementId);
    auto d = formFor(rules::fillable::FormKind::DossierCandidature, issued.dossier, issued.token, issued.recipient, issued.expiresOn,
                     "Dossier de candidature à un CQP (outil n°6)");
    d.context = {{"Établissement", account->displayName}, {"Compte", "n°" + std::to_string(account->id)}};
    d.values["siret"] = etablissement ? etablissement->siret : "";
    for (const auto& certificate : referential.certificates) {
        d.choices["cqp"].emplace_back(certificate.code, certificate.code + " — " + certificate.title);
        std::vector<std::string> lines;
        for (const auto& competence : certificate.competences)
            lines.push_back(competence.code + " : " + competence.title);
        d.appendix.emplace_back(certificate.code + " — " + certificate.title, std::move(lines));
    }
    d.appendixTitle = "Les compétences de chaque CQP : leurs codes, à reporter dans « Compétences visées »";
    for (const auto& code : rules::dispositifCodes())
        d.choices["dispositif"].emplace_back(code, rules::dispositifLabel(code));
    const std::string siren = etablissement ? rules::sirenOf(etablissement->siret) : "";
    for (const auto& e : store.evaluators().all()) {
        std::string cqps;
        for (const auto& h : e.habilitations)
            if (h.validFrom <= today && (!h.validUntil || today <= *h.validUntil))
                cqps += (cqps.empty() ? "" : ", ") + h.certificateCode;
        const bool employee = std::find(e.employerSirens.begin(), e.employerSirens.end(), siren) != e.employerSirens.end();
        if (!cqps.empty() && !employee)
            d.choices["evaluateur"].emplace_back(e.registryNumber, e.registryNumber + " — " + e.prenom + " " + e.nom + " (" + cqps + ")");
    }
    return render::renderFillableForm(d, workflowFonts());
}

std::string metierForm(Store& store, const rules::Referential& referential, const FormToken& issued)
{
    const auto f = detail::formContext(store, referential, issued.dossier);
    auto d = formFor(rules::fillable::FormKind::InvitationMetier, issued.dossier, issued.token, issued.recipient, issued.expiresOn,
                     "Invitation de l'évaluateur métier");
    d.context = dossierContext(f);
    return render::renderFillableForm(d, workflowFonts());
}

std::string invitedForm(Store& store, const rules::Referential& referential, rules::fillable::FormKind kind, const Invitation& invitation,
                        Id dossier)
{
    if (kind == rules::fillable::FormKind::ObservationsMetier) {
        const auto f = detail::formContext(store, referential, dossier);
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

std::string issueFormToken(Store& store, rules::fillable::FormKind kind, Id dossier, const std::string& recipient, rules::Date today,
                           rules::Date expiresOn)
{
    std::string token = detail::newToken();
    store.submissions().addFormToken({token, std::string{rules::fillable::kindName(kind)}, dossier, recipient, today, expiresOn, std::nullopt});
    return token;
}

std::optional<std::string> renderMailedForm(Store& store, const rules::Referential& referential, rules::fillable::FormKind kind,
                                            Id candidature, rules::Date today, const rules::Deadlines& deadlines)
{
    using rules::fillable::FormKind;
    const auto c = store.candidatures().candidature(candidature);
    if (!c)
        return std::nullopt;
    std::string recipient;
    auto from = today;
    if (kind == FormKind::InscriptionJury) {
        const auto candidate = store.candidatures().candidate(c->candidateId);
        const auto account = candidate ? store.accounts().account(candidate->accountId) : std::nullopt;
        if (account && !account->addresses.empty())
            recipient = account->addresses.front();
    } else if (c->evaluatorId) {
        if (const auto evaluator = store.evaluators().evaluator(*c->evaluatorId))
            recipient = evaluator->email;
        if (kind == FormKind::ResultatsEvaluation && c->plannedEvaluationDate)
            from = std::max(today, *c->plannedEvaluationDate);
    }
    if (recipient.empty())
        return std::nullopt;
    const std::string token = issueFormToken(store, kind, candidature, recipient, today, from.plusDays(rules::fillable::formValidityDays(kind)));
    return renderFillable(store, referential, std::string{rules::fillable::kindName(kind)}, candidature, token, today, deadlines);
}

std::string blankForm(rules::fillable::FormKind kind)
{
    render::FillableFormData d;
    d.kind = kind;
    d.title = "Demande de compte auprès du secrétariat des CQP des Industries Chimiques";
    d.context = {{"Pour qui", "un établissement qui présente des candidats, ou un évaluateur habilité inscrit au registre de la "
                              "CPNE"},
                 {"Ensuite", "le secrétariat vérifie le SIRET ou le registre, ouvre le compte et vous envoie vos formulaires"}};
    return render::renderFillableForm(d, workflowFonts());
}

std::string renderFillable(Store& store, const rules::Referential& referential, const std::string& form, Id dossier,
                           const std::string& token, rules::Date today, const rules::Deadlines& deadlines)
{
    using rules::fillable::FormKind;
    const auto kind = rules::fillable::kindNamed(form);
    if (kind && rules::fillable::isBlank(*kind))
        return blankForm(*kind);
    if (kind && rules::fillable::forAccountHolder(*kind)) {
        const auto issued = store.submissions().formToken(token);
        if (!issued || issued->dossier != dossier)
            throw NotFoundError("no token for the form " + form + " of candidature " + std::to_string(dossier));
        if (*kind == FormKind::InscriptionJury)
            return registrationForm(store, referential, *issued, today, deadlines);
        if (*kind == FormKind::DossierCandidature)
            return dossierForm(store, referential, *issued, today);
        if (*kind == FormKind::InvitationMetier)
            return metierForm(store, referential, *issued);
        auto d = outil4Data(store, referential, dossier);  // the printed outil n°4, with its fields
        d.token = token;
        return render::renderOutil4(d, workflowFonts());
    }
    const auto invitation = store.submissions().invitation(token);
    if (!kind || !invitation)
        throw NotFoundError("no invitation for the form " + form + " of dossier " + std::to_string(dossier));
    return invitedForm(store, referential, *kind, *invitation, dossier);
}

}  // namespace cqp::pipeline
