// The juries (calendar, members, lists and files, decisions entered per candidature) and the
// print batches (download, mark as posted).

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Labels.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/rules/StateMachine.h"

namespace cqp::pipeline::web {

namespace {

std::string n(Id id) { return std::to_string(id); }

std::string stem(const Jury& jury) { return "jury-" + n(jury.id) + "-" + jury.date.iso(); }

std::string juryState(const Jury& j, rules::Date today, const rules::Deadlines& deadlines)
{
    const auto cutoff = rules::registrationCutoff(j.date, deadlines);
    return j.frozenOn ? "liste arrêtée le " + j.frozenOn->french()
           : j.date < today ? "tenu"
           : cutoff < today ? "inscriptions closes"
                            : "ouvert";
}

// The decision form of one candidature: each competence it aims at, validated or not.
std::string decisionForm(Console& c, const Jury& jury, const Candidature& cand)
{
    std::string out = "<form method=\"post\" action=\"/secretariat/jurys/" + n(jury.id) + "/decisions\" class=\"stack\">" +
                      csrfField(c.session.csrf) + "<input type=\"hidden\" name=\"candidature\" value=\"" + n(cand.id) + "\">";
    const auto* certificate = c.context.web.referential.certificate(cand.certificateCode);
    const auto evaluation = c.store.candidatures().evaluation(cand.id);
    for (const auto& code : cand.competences) {
        std::string id = "d";
        id.append(n(cand.id)).append(1, '-').append(code);
        const auto* competence = certificate ? certificate->competence(code) : nullptr;
        std::string evaluated = "pas de résultat de l'évaluateur";
        if (evaluation)
            for (const auto& r : evaluation->results)
                if (r.competenceCode == code)
                    evaluated = r.acquired ? "acquise selon l'évaluateur" : "non acquise selon l'évaluateur";
        out += "<fieldset><legend>" + h(code) + (competence ? " — " + h(competence->title) : "") + " <span class=\"muted\">(" +
               h(evaluated) + ")</span></legend><input type=\"radio\" id=\"" + h(id) + "-o\" name=\"" + h("c:" + code) +
               "\" value=\"oui\" required><label for=\"" + h(id) + "-o\">validée</label> <input type=\"radio\" id=\"" + h(id) +
               "-n\" name=\"" + h("c:" + code) + "\" value=\"non\"><label for=\"" + h(id) + "-n\">non validée</label></fieldset>";
    }
    return out + "<button type=\"submit\">Enregistrer les décisions de la candidature n°" + n(cand.id) + "</button></form>";
}

}  // namespace

Response juriesPage(Console& c)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& j : c.store.juries().calendar())
        rows.push_back({link("/secretariat/jurys/" + n(j.id), "n°" + n(j.id)), h(j.date.french()), h(j.certificateCode.value_or("tous")),
                        n(j.placed) + " / " + n(j.capacity), h(rules::registrationCutoff(j.date, c.context.web.deadlines).french()),
                        h(juryState(j, c.today(), c.context.web.deadlines))});
    std::vector<std::vector<std::string>> members;
    for (const auto& m : c.store.juries().members())
        members.push_back({h(m.name), h(m.email), h(m.organisation)});
    return page(c, "Jurys", "/secretariat/jurys",
                table("Calendrier des jurys", {"Jury", "Date", "CQP", "Places prises", "Inscriptions jusqu'au", "État"}, rows) +
                    "<h2>Membres du jury paritaire national</h2>\n" + table("Membres", {"Nom", "Courriel", "Organisation"}, members));
}

Response juryPage(Console& c, Id id)
{
    const auto jury = c.store.juries().jury(id);
    if (!jury)
        return notFound(c);
    c.logAccess(std::nullopt, std::nullopt, "jury " + n(id) + " (candidatures et décisions)");
    std::string body = "<p>" + h(jury->date.french()) + (jury->certificateCode ? " — " + h(*jury->certificateCode) : "") + " — " +
                       n(jury->placed) + " candidature(s) pour " + n(jury->capacity) + " place(s) — " +
                       h(juryState(*jury, c.today(), c.context.web.deadlines)) + ".</p>\n";
    if (jury->frozenOn)
        body += "<p>" + link("/secretariat/jurys/" + n(id) + "/liste.pdf", "Liste du jury (PDF)") + " · " +
                link("/secretariat/jurys/" + n(id) + "/dossiers.pdf", "Dossiers du jury (PDF)") + "</p>\n";
    const bool held = !(c.today() < jury->date);
    body += "<h2>Candidatures</h2>\n";
    for (const auto& registration : c.store.juries().registrationsIn(id)) {
        const auto cand = c.store.candidatures().candidature(registration.candidatureId);
        if (!cand)
            continue;
        const auto person = c.store.candidatures().candidate(cand->candidateId);
        std::string company;
        if (cand->etablissementId)
            if (const auto e = c.store.accounts().etablissement(*cand->etablissementId))
                company = e->name;
        body += "<section><h3>" + link("/secretariat/dossiers/" + n(cand->id), "Candidature n°" + n(cand->id)) + " — " +
                h(person ? person->prenoms + " " + (person->nomUsage.empty() ? person->nomNaissance : person->nomUsage) : "?") +
                "</h3>\n<p>" + h(cand->certificateCode) + (company.empty() ? "" : " — " + h(company)) + " — « " +
                h(rules::statusLabel(cand->status)) + " »" + (registration.moved ? " (déplacée)" : "") + "</p>\n";
        const auto decisions = c.store.juries().decisions(cand->id);
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : decisions)
            rows.push_back({h(d.competenceCode), d.validated ? "validée" : "non validée", h(d.decidedOn.french())});
        if (!rows.empty())
            body += table("Décisions", {"Compétence", "Décision", "Le"}, rows);
        else if (held && cand->status == rules::CandidatureStatus::InscriptionJury && c.canAct())
            body += decisionForm(c, *jury, *cand);
        body += "</section>\n";
    }
    if (!held)
        body += "<p class=\"muted\">Les décisions se saisissent une fois le jury réuni.</p>\n";
    return page(c, "Jury n°" + n(id) + " du " + jury->date.french(), "/secretariat/jurys", body);
}

Response juryFile(Console& c, Id id, const std::string& which)
{
    const auto jury = c.store.juries().jury(id);
    const auto doc = jury ? c.store.documents().latestNamed(stem(*jury) + (which == "liste.pdf" ? "-liste.pdf" : "-dossiers.pdf"))
                          : std::nullopt;
    if (!doc)
        return notFound(c);
    c.logAccess(std::nullopt, std::nullopt, "jury " + n(id) + " : " + doc->fileName);
    return fileResponse(doc->content, doc->mediaType, doc->fileName);
}

Response decideJury(Console& c, Id id)
{
    const std::string back = "/secretariat/jurys/" + n(id);
    const std::string given = c.request.field("candidature");
    const auto number = numberOf(given);
    const auto cand = number ? c.store.candidatures().candidature(*number) : std::nullopt;
    if (!cand)
        return afterAction(c, {false, "aucune candidature n°" + given.substr(0, 20)}, back);
    std::vector<std::pair<std::string, bool>> competences;
    for (const auto& code : cand->competences) {
        const std::string value = c.request.field("c:" + code);
        if (value != "oui" && value != "non")
            return afterAction(c, {false, "la décision manque pour la compétence " + code}, back);
        competences.emplace_back(code, value == "oui");
    }
    const auto outcome = c.secretariat().decide(id, cand->id, competences);
    return afterAction(c, outcome, back);
}

Response batchesPage(Console& c)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : c.store.parchments().printBatches())
        rows.push_back({"n°" + n(b.id), h(b.createdOn.french()), link("/secretariat/lots/" + n(b.id), b.fileName), n(b.parchments),
                        n(b.pages),
                        b.postedOn ? h("posté le " + b.postedOn->french() + " par " + b.postedBy)
                                   : (c.canAct() ? actionButton("/secretariat/lots/" + n(b.id) + "/poste", c.session.csrf, "Marquer posté")
                                                 : std::string{"à poster"})});
    return page(c, "Lots d'impression", "/secretariat/lots",
                "<p>Chaque lot est un PDF à imprimer sur le papier des parchemins, puis à poster.</p>\n" +
                    table("Lots d'impression", {"Lot", "Créé le", "PDF", "Documents", "Pages", "Envoi"}, rows));
}

Response batchFile(Console& c, Id id)
{
    const auto batch = c.store.parchments().printBatch(id);
    const auto doc = batch ? c.store.documents().document(batch->documentId) : std::nullopt;
    if (!doc)
        return notFound(c);
    c.logAccess(std::nullopt, std::nullopt, "lot d'impression " + n(id));
    return fileResponse(doc->content, "application/pdf", batch->fileName);
}

Response markBatchPosted(Console& c, Id id)
{
    try {
        return afterAction(c, c.secretariat().markPosted(id), "/secretariat/lots");
    } catch (const NoSuchItem& e) {
        return afterAction(c, {false, e.what()}, "/secretariat/lots");
    }
}

}  // namespace cqp::pipeline::web
