#include "cqp/actions/Labels.h"

namespace cqp::pipeline {

std::string outboxStateLabel(OutboxState state)
{
    switch (state) {
    case OutboxState::Pending: return "à envoyer";
    case OutboxState::Sent: return "envoyé";
    case OutboxState::Failed: return "échec";
    }
    return {};
}

std::string receivedStateLabel(ReceivedState state)
{
    switch (state) {
    case ReceivedState::Processing: return "en cours";
    case ReceivedState::Processed: return "traité";
    case ReceivedState::Quarantined: return "en quarantaine";
    case ReceivedState::Ignored: return "ignoré";
    case ReceivedState::Dropped: return "écarté";
    case ReceivedState::KeptAside: return "mis à part";
    case ReceivedState::Duplicate: return "doublon";
    }
    return {};
}

std::string accountStatusLabel(AccountStatus status)
{
    switch (status) {
    case AccountStatus::Pending: return "en attente d'approbation";
    case AccountStatus::Active: return "ouvert";
    case AccountStatus::Suspended: return "suspendu";
    }
    return {};
}

std::string accountRoleLabel(AccountRole role)
{
    switch (role) {
    case AccountRole::Entreprise: return "entreprise";
    case AccountRole::Evaluateur: return "évaluateur";
    case AccountRole::Secretariat: return "secrétariat";
    case AccountRole::Candidat: return "candidat";
    }
    return {};
}

std::string consoleRoleLabel(ConsoleRole role)
{
    return role == ConsoleRole::Secretariat ? "secrétariat" : "lecture seule";
}

std::string scanStateLabel(const std::string& outcome)
{
    if (outcome.empty())
        return "";
    if (outcome == "pending")
        return "en attente de lecture";
    if (outcome == "filed")
        return "lu";
    if (outcome == "unidentified")
        return "lu, non identifié (vérification ouverte)";
    if (outcome == "unreadable")
        return "illisible (vérification ouverte)";
    return "lecture en échec (vérification ouverte)";
}

std::string parchmentLine(const Parchment& p, bool withCode)
{
    const bool attestation = p.kind == ParchmentKind::Attestation;
    return std::string{attestation ? "attestation n° " : "parchemin n° "} + p.label() + " du " + p.issuedOn.french() +
           (withCode ? ", code " + p.verificationCode : std::string{}) +
           (p.revokedOn ? std::string{attestation ? ", révoquée le " : ", révoqué le "} + p.revokedOn->french() + " (" +
                              p.revokeReason + ")"
                        : std::string{", valide"});
}

std::string accountEventLabel(const std::string& event)
{
    if (event == "approved_by")
        return "approuvé par";
    if (event == "suspended")
        return "suspendu";
    if (event == "reinstated")
        return "rouvert";
    if (event == "key_changed")
        return "nouvelle clé";
    return event;
}

std::string frenchTimestamp(const std::string& iso)
{
    if (iso.size() < 16 || iso[4] != '-' || iso[10] != 'T')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " à " + iso.substr(11, 5) + " UTC";
}

std::string markupEscaped(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 16);
    for (const char c : text)
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    return out;
}

std::string paperName(const Parchment& p)
{
    return p.kind == ParchmentKind::Attestation ? "attestation" : "parchemin";
}

}  // namespace cqp::pipeline
