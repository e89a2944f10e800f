#include "cqp/outbox/Letters.h"

#include <algorithm>

#include "cqp/outbox/HeaderText.h"

namespace cqp::outbox {

namespace {

const std::string signature = "\nCordialement,\n\nLe secrétariat des CQP des Industries Chimiques\n"
                              "Observatoire des Industries Chimiques\n";

std::string bullets(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& line : lines)
        out += "  - " + line + "\n";
    return out;
}

std::string dossierTitle(const DossierLine& d)
{
    return "candidature n°" + std::to_string(d.candidature) + " (" + d.candidateName + ")";
}

std::string dossierBlock(const DossierLine& d)
{
    return "Candidature : n°" + std::to_string(d.candidature) + "\nCandidat : " + d.candidateName + "\nCQP : " +
           d.certificateTitle + "\n";
}

}  // namespace

namespace {

// A received subject is the sender's text: one line, short, so that a forged message cannot
// make our reply carry a paragraph of its own words.
std::string quotedSubject(const std::string& original) { return singleLine(original, 80); }

std::string replySubject(const std::string& received)
{
    const std::string original = quotedSubject(received);
    if (original.empty())
        return "Réponse à votre envoi";
    if (original.rfind("Re:", 0) == 0 || original.rfind("RE:", 0) == 0)
        return original;
    return "Re: " + original;
}

}  // namespace

Letter messageReply(const std::string& originalSubject, const std::vector<ReplySection>& sections)
{
    const std::string quoted = quotedSubject(originalSubject);
    std::string body = "Bonjour,\n\nVoici le traitement de votre message" +
                       (quoted.empty() ? std::string{} : " « " + quoted + " »") + " :\n";
    for (const auto& section : sections) {
        body += "\n" + section.title + "\n";
        for (const auto& line : section.lines)
            body += "    " + line + "\n";
    }
    // Something refused: the guide that says how to write each document goes with the reply.
    const bool refused = std::any_of(sections.begin(), sections.end(),
                                     [](const ReplySection& s) { return s.title.find(" : refusé") != std::string::npos; });
    if (refused)
        body += "\nLe guide des envois, joint (" + std::string{guideFileName} +
                "), décrit chaque document, ses champs et ce qui est vérifié.\n";
    body += signature;
    return {replySubject(originalSubject), body, refused};
}

std::string sectionsText(const std::vector<ReplySection>& sections)
{
    std::string out;
    for (const auto& section : sections) {
        out += singleLine(section.title, 2000) + "\n";
        for (const auto& line : section.lines)
            out += "\t" + singleLine(line, 4000) + "\n";
    }
    return out;
}

std::vector<ReplySection> sectionsFromText(const std::string& text)
{
    std::vector<ReplySection> out;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(at, end - at);
        if (!line.empty() && line.front() == '\t' && !out.empty())
            out.back().lines.push_back(line.substr(1));
        else if (!line.empty())
            out.push_back({line, {}});
        at = end + 1;
    }
    return out;
}

Letter quarantineNotice(const std::string& originalSubject, const std::string& reason)
{
    return {replySubject(originalSubject),
            "Bonjour,\n\nVotre message" +
                (quotedSubject(originalSubject).empty() ? std::string{} : " « " + quotedSubject(originalSubject) + " »") +
                " n'a pas pu être traité automatiquement : " + reason +
                "\n\nIl est conservé tel quel par le secrétariat des CQP, qui l'examinera. Rien n'a été modifié dans vos "
                "dossiers.\n" + signature};
}

Letter accountFormOffer(const std::string& originalSubject)
{
    return {replySubject(originalSubject),
            "Bonjour,\n\nVotre message" +
                (quotedSubject(originalSubject).empty() ? std::string{} : " « " + quotedSubject(originalSubject) + " »") +
                " ne contient aucun document pour le secrétariat des CQP des Industries Chimiques ; il est conservé et le "
                "secrétariat le lira.\n\nPour présenter des salariés à un CQP, ou pour évaluer des candidats comme évaluateur "
                "habilité, il faut d'abord un compte. Remplissez le formulaire de demande de compte joint dans votre lecteur "
                "PDF, enregistrez-le, puis renvoyez-le en pièce jointe en répondant à ce message. Le secrétariat vérifie la "
                "demande (SIRET de l'établissement ou registre des évaluateurs habilités) et vous écrit dès l'ouverture du "
                "compte.\n" + signature};
}

Letter nextForms(const std::string& originalSubject)
{
    return {"Votre formulaire pour le candidat suivant",
            "Bonjour,\n\nVotre message" +
                (quotedSubject(originalSubject).empty() ? std::string{} : " « " + quotedSubject(originalSubject) + " »") +
                " est en cours de traitement ; notre réponse suivra. Voici dès maintenant le formulaire vierge pour présenter "
                "un autre candidat : remplissez-le dans votre lecteur PDF, enregistrez-le et renvoyez-le en pièce jointe en "
                "répondant à ce message.\n" + signature};
}

Letter acknowledgement(const std::string& kindLabel, const std::vector<std::string>& lines)
{
    return {"Accusé de réception : envoi accepté (" + kindLabel + ")",
            "Bonjour,\n\nNous avons bien reçu votre envoi (" + kindLabel + ") et l'avons enregistré :\n\n" + bullets(lines) +
                signature};
}

Letter rejection(const std::string& kindLabel, const std::string& fileName, const std::vector<std::string>& reasons)
{
    return {"Envoi refusé (" + kindLabel + ")",
            "Bonjour,\n\nVotre envoi" + (fileName.empty() ? std::string{} : " « " + fileName + " »") + " (" + kindLabel +
                ") n'a pas pu être enregistré. Rien n'a été modifié dans votre dossier.\n\nMotifs :\n\n" + bullets(reasons) +
                "\nMerci de corriger le document et de nous l'envoyer de nouveau. Le guide des envois, joint (" +
                guideFileName + "), décrit chaque document et ses champs.\n" + signature,
            true};
}

Letter alreadyReceived(const std::string& kindLabel, const std::string& receivedOn, const std::string& outcome)
{
    return {"Envoi déjà reçu (" + kindLabel + ")",
            "Bonjour,\n\nCe document (" + kindLabel + ") nous était déjà parvenu le " + receivedOn +
                " ; il n'a pas été traité une seconde fois.\n\nRésultat du premier envoi : " + outcome + "\n" + signature};
}

Letter accountRequested(long long account, const std::string& holder)
{
    return {"Demande de compte n°" + std::to_string(account) + " reçue",
            "Bonjour,\n\nLa demande de compte pour " + holder + " est enregistrée sous le n°" + std::to_string(account) +
                ".\nLe secrétariat des CQP va la vérifier ; vous recevrez un message dès l'ouverture du compte.\n"
                "Ce numéro sera à indiquer dans l'attribut « compte » de vos documents XML, si vous en envoyez.\n" +
                signature};
}

Letter accountApproved(long long account, const std::string& holder, bool evaluator, bool withKey)
{
    const std::string next =
        evaluator ? "Prochaines étapes : quand une entreprise vous choisit comme évaluateur habilité pour une candidature, "
                    "vous recevez l'outil n°4 (guide d'évaluation) prérempli, en PDF à remplir sur ordinateur (ou à imprimer, "
                    "remplir à la main, signer et scanner), avec le formulaire qui invite l'évaluateur métier. Renvoyez-les "
                    "en pièce jointe en répondant au message qui les apporte.\n"
                  : "Prochaines étapes : pour chaque salarié candidat, remplissez le dossier de candidature (outil n°6) "
                    "joint, dans votre lecteur PDF, puis renvoyez-le en pièce jointe en répondant à ce message, depuis une "
                    "adresse du compte. Un formulaire sert pour un candidat : l'accusé de réception de chacun apporte le "
                    "formulaire du suivant, et dit ce qui a été enregistré et ce qui reste à faire.\n";
    return {"Compte n°" + std::to_string(account) + " ouvert",
            "Bonjour,\n\nLe compte n°" + std::to_string(account) + " (" + holder + ") est ouvert." +
                (withKey ? " Vos envois signés avec la clé transmise lors de la demande seront désormais acceptés."
                         : " Les formulaires que nous vous envoyons seront acceptés depuis les adresses du compte.") +
                "\n\n" + next + "\nLe guide des envois, joint (" + guideFileName +
                "), décrit chaque document, y compris les documents XML signés pour les logiciels ; le secrétariat répond à "
                "vos questions à cette adresse.\n" + signature,
            true};
}

Letter evaluatorConfirmed(const DossierLine& d, const std::string& company, const std::string& plannedDate)
{
    return {"Vous êtes confirmé(e) comme évaluateur habilité — " + dossierTitle(d),
            "Bonjour,\n\nL'entreprise " + company +
                " a confirmé votre choix comme évaluateur habilité CPNE pour la candidature suivante :\n\n" + dossierBlock(d) +
                "Évaluation prévue le : " + plannedDate +
                "\n\nProchaine étape : invitez l'évaluateur métier (invitationEvaluateurMetier), puis envoyez les "
                "résultats de l'évaluation au plus tard 8 jours après l'évaluation, avec le scan de l'outil n°4 "
                "(le guide pré-rempli est joint).\n" +
                signature};
}

Letter dossierForm(const DossierLine& d)
{
    return {"Dossier de candidature à signer — " + dossierTitle(d),
            "Bonjour,\n\nVoici le dossier de candidature (outil n°6) pré-rempli pour :\n\n" + dossierBlock(d) +
                "\nProchaine étape : imprimez-le, faites-le signer par le candidat et par l'entreprise, puis renvoyez-le "
                "scanné à cette adresse (PDF, TIFF, PNG ou JPEG). Ne masquez ni le code ni les carrés noirs des coins : ils "
                "permettent de le lire automatiquement.\n" + signature};
}

Letter metierInvitation(const DossierLine& d, const std::string& evaluator, const std::string& token,
                        const std::string& expiresOn)
{
    return {"Invitation à saisir vos observations — " + dossierTitle(d),
            "Bonjour,\n\n" + evaluator +
                ", évaluateur habilité CPNE, vous invite en tant qu'évaluateur métier à saisir vos observations sur "
                "l'évaluation des compétences de :\n\n" +
                dossierBlock(d) + "\nVotre jeton d'invitation : " + token + "\nValable jusqu'au : " + expiresOn +
                "\n\nProchaine étape : ouvrez le formulaire PDF joint, saisissez vos observations dans votre lecteur PDF "
                "(Adobe Acrobat Reader, votre navigateur, Aperçu…) et enregistrez-le. Renvoyez-le en pièce jointe en "
                "répondant à ce courriel, depuis cette adresse.\n(Un logiciel peut aussi envoyer un document XML signé "
                "observationsEvaluateurMetier portant ce jeton.)\n" +
                signature};
}

Letter candidateInvitation(const std::string& company, long long candidate, const std::string& token,
                           const std::string& expiresOn)
{
    return {"Invitation à compléter votre dossier de candidat n°" + std::to_string(candidate),
            "Bonjour,\n\nVotre employeur, " + company +
                ", vous invite à saisir vous-même votre état civil pour votre dossier de candidat n°" +
                std::to_string(candidate) + " à un CQP des Industries Chimiques.\n\nVotre jeton d'invitation : " + token +
                "\nValable jusqu'au : " + expiresOn +
                "\n\nProchaine étape : ouvrez le formulaire PDF joint, vérifiez et complétez votre état civil dans votre "
                "lecteur PDF (Adobe Acrobat Reader, votre navigateur, Aperçu…) et enregistrez-le. Renvoyez-le en pièce "
                "jointe en répondant à ce courriel, depuis cette adresse.\n(Un logiciel peut aussi envoyer un document "
                "XML signé saisieCandidat portant ce jeton.)\n" + signature};
}

Letter evaluationsComplete(const DossierLine& d, const std::string& registrationCutoffHint, bool formJoined)
{
    const std::string how = formJoined ? "Choisissez le jury dans le formulaire PDF joint, dans votre lecteur PDF (Adobe Acrobat "
                                         "Reader, votre navigateur, Aperçu…), enregistrez-le et renvoyez-le en pièce jointe en "
                                         "répondant à ce courriel (un logiciel peut aussi envoyer un document XML signé "
                                         "inscriptionJury). "
                                       : "(document inscriptionJury). ";
    return {"Évaluation terminée — " + dossierTitle(d),
            "Bonjour,\n\nL'évaluateur habilité et l'évaluateur métier ont saisi leurs commentaires pour :\n\n" +
                dossierBlock(d) + "\nStatut : validation de l'évaluation.\n\nProchaine étape : inscrivez la candidature à un "
                "jury paritaire national. " + how + registrationCutoffHint + "\n" + signature};
}

Letter juryRegistered(const DossierLine& d, const std::string& juryDate, bool moved, const std::string& requestedDate,
                      const std::vector<std::string>& reasons)
{
    std::string body = "Bonjour,\n\n";
    if (moved)
        body += "Le jury du " + requestedDate + " ne pouvait pas recevoir cette candidature :\n\n" + bullets(reasons) +
                "\nElle est inscrite au jury suivant, qui se réunira le " + juryDate + ".\n\n";
    else
        body += "L'inscription au jury paritaire national du " + juryDate + " est confirmée.\n\n";
    body += dossierBlock(d) + "\nStatut : inscription au jury.\n\nProchaine étape : le jury se réunit ; ses résultats "
                              "vous seront communiqués sous 48 heures.\n" + signature;
    return {(moved ? "Inscription reportée au jury du " : "Inscription confirmée au jury du ") + juryDate + " — " +
                dossierTitle(d),
            body};
}

Letter juryResults(const DossierLine& d, const std::string& outcomeLabel, const std::string& juryDate,
                   const std::vector<std::string>& validated, const std::vector<std::string>& remaining,
                   const std::string& acquiredUntil)
{
    std::string body = "Bonjour,\n\nLe jury paritaire national du " + juryDate + " a statué sur :\n\n" + dossierBlock(d) +
                       "\nDécision : " + outcomeLabel + "\n";
    if (!validated.empty())
        body += "\nCompétences validées :\n" + bullets(validated);
    if (!remaining.empty())
        body += "\nCompétences non validées :\n" + bullets(remaining);
    if (outcomeLabel == "validé")
        body += "\nProchaine étape : le secrétariat imprime et vous envoie le parchemin.\n";
    else if (outcomeLabel == "partiel")
        body += "\nLes compétences validées restent acquises jusqu'au " + acquiredUntil +
                " et comptent pour une prochaine candidature. Une attestation vous sera envoyée.\n";
    return {"Résultat du jury : " + outcomeLabel + " — " + dossierTitle(d), body + signature};
}

Letter parchmentReissued(const DossierLine& d, bool attestation, const std::string& newLabel, const std::string& oldLabel,
                         const std::string& reason)
{
    const std::string what = attestation ? "L'attestation" : "Le parchemin";
    return {std::string{attestation ? "Attestation rééditée" : "Parchemin réédité"} + " n° " + newLabel + " — " + dossierTitle(d),
            "Bonjour,\n\n" + what + " n° " + oldLabel + " de la candidature ci-dessous a été " +
                (attestation ? "révoquée" : "révoqué") + " (motif : " + reason + ") et " +
                (attestation ? "remplacée par l'attestation" : "remplacé par le parchemin") + " n° " + newLabel +
                ", qui porte un nouveau code de vérification.\n\n" + dossierBlock(d) + "\nL'ancien code répond désormais « " +
                (attestation ? "révoquée" : "révoqué") + " » à toute vérification. Le secrétariat imprime le nouveau document "
                "avec le prochain lot et vous l'adresse ; merci de détruire l'ancien si vous le détenez.\n" + signature};
}

Letter resultsReminder(const DossierLine& d, const std::string& evaluationDate, const std::string& lastDay, bool formJoined)
{
    return {"Rappel : résultats de l'évaluation attendus au plus tard le " + lastDay + " — " + dossierTitle(d),
            "Bonjour,\n\nL'évaluation de la candidature ci-dessous était prévue le " + evaluationDate +
                ". Ses résultats (acquis / non acquis par compétence, commentaires, observations du candidat et "
                "outil n°4 signé) ne nous sont pas encore parvenus.\n\n" + dossierBlock(d) +
                "\nIls sont acceptés jusqu'au " + lastDay + " inclus ; au-delà, ils seront refusés et l'évaluation "
                "devra être reprogrammée.\n" +
                (formJoined ? "\nL'évaluateur habilité peut saisir les résultats dans l'outil n°4 joint, avec son lecteur PDF, "
                              "et le renvoyer en répondant à ce message ; imprimé, signé par lui et le candidat puis scanné, "
                              "le même document tient lieu d'outil n°4 signé.\n"
                            : "") +
                signature};
}

Letter registrationReminder(const DossierLine& d, const std::string& juryDate, const std::string& cutoff, bool formJoined)
{
    return {"Rappel : inscription au jury du " + juryDate + " jusqu'au " + cutoff + " — " + dossierTitle(d),
            "Bonjour,\n\nLa candidature ci-dessous est en validation de l'évaluation : elle peut être inscrite à un "
            "jury paritaire national.\n\n" + dossierBlock(d) + "\nLe jury du " + juryDate +
                " reçoit les inscriptions jusqu'au " + cutoff + " inclus. Passé cette date, la candidature ira au jury "
                "suivant.\n" +
                (formJoined ? "\nChoisissez le jury dans le formulaire joint, avec votre lecteur PDF, puis renvoyez-le en "
                              "répondant à ce message.\n"
                            : "") +
                signature};
}

Letter metierObservationsReminder(const DossierLine& d, const std::string& metier, const std::string& juryDate,
                                  const std::string& cutoff, bool formJoined)
{
    return {"Rappel : observations de l'évaluateur métier attendues avant le " + cutoff + " — " + dossierTitle(d),
            "Bonjour,\n\nLes observations de l'évaluateur métier (" + metier +
                ") ne nous sont pas encore parvenues pour la candidature ci-dessous.\n\n" + dossierBlock(d) +
                "\nSans elles, la candidature ne peut pas être inscrite au jury du " + juryDate +
                ", qui reçoit les inscriptions jusqu'au " + cutoff +
                " inclus.\n\nL'évaluateur métier peut les envoyer avec le formulaire de son invitation, qui reste valable "
                "tant qu'elles manquent. S'il ne l'a plus, l'évaluateur habilité peut l'inviter de nouveau" +
                (formJoined ? " avec le formulaire joint (à remplir dans son lecteur PDF et à renvoyer en réponse)" : "") +
                " : la nouvelle invitation remplace l'ancienne.\n" + signature};
}

Letter scanDisagreement(const DossierLine& d, const std::vector<std::string>& disagreements)
{
    return {"Outil n°4 et résultats en désaccord — " + dossierTitle(d),
            "Bonjour,\n\nLe guide d'évaluation (outil n°4) scanné pour la candidature ci-dessous ne dit pas la même chose "
            "que les résultats envoyés :\n\n" + bullets(disagreements) + "\n" + dossierBlock(d) +
                "\nLe dossier est retenu : il n'ira pas au jury tant que le secrétariat n'a pas tranché. Si les résultats "
                "envoyés sont justes, renvoyez l'outil n°4 corrigé et signé ; sinon, dites-le au secrétariat en "
                "répondant à ce message.\n" + signature};
}

Letter decisionsLate(const std::string& juryDate, const std::string& dueDate, const std::vector<std::string>& waiting)
{
    return {"Décisions en retard — jury du " + juryDate,
            "Bonjour,\n\nLes décisions du jury paritaire national du " + juryDate + " étaient attendues au plus tard le " +
                dueDate + ". Elles manquent encore pour " + std::to_string(waiting.size()) + " candidature(s) :\n\n" +
                bullets(waiting) + "\nLes entreprises attendent ces résultats ; merci de les transmettre "
                "(decisionsJury) dès que possible.\n" + signature};
}

}  // namespace cqp::outbox
