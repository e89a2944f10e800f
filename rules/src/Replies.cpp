#include "cqp/rules/Replies.h"

#include <algorithm>
#include <cctype>

namespace cqp::rules {

namespace {

std::string folded(std::string_view text)
{
    std::string out;
    for (const char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

bool isRobotAddress(std::string_view address)
{
    const std::string local = folded(address.substr(0, address.find('@')));
    static constexpr std::string_view robots[] = {"noreply",    "donotreply", "nepasrepondre", "nereponsepas", "mailerdaemon",
                                                  "postmaster", "bounce",     "bounces",       "autoreply"};
    return std::any_of(std::begin(robots), std::end(robots), [&](std::string_view r) {
        return local == r || (local.size() > r.size() && local.compare(0, r.size(), r) == 0 && r != "bounce");
    });
}

bool namesOurMessage(std::string_view headerValue, std::string_view domain)
{
    std::size_t at = 0;
    while ((at = headerValue.find("<cqp.", at)) != std::string_view::npos) {
        const auto close = headerValue.find('>', at);
        if (close == std::string_view::npos)
            return false;
        const std::string_view id = headerValue.substr(at + 1, close - at - 1);
        const auto sign = id.rfind('@');
        if (sign != std::string_view::npos && id.substr(sign + 1) == domain)
            return true;
        at = close;
    }
    return false;
}

std::optional<std::string> noReplyReason(const ReplyFacts& facts, const ReplyLimits& limits)
{
    if (!facts.validSender)
        return "pas d'adresse d'expéditeur valide (une seule adresse attendue dans From) : aucune réponse possible";
    if (!facts.automaticWhy.empty())
        return facts.automaticWhy + " : jamais de réponse";
    if (isRobotAddress(facts.sender))
        return "adresse d'expéditeur automatique (" + facts.sender + ") : jamais de réponse";
    if (facts.answersOurMail && !facts.carriesSubmission)
        return "réponse à l'un de nos courriels, sans document : pas de réponse (pas de boucle)";
    if (!facts.knownSender && facts.repliesToday >= limits.unknownPerDay)
        return "expéditeur inconnu, déjà une réponse aujourd'hui : pas d'autre réponse avant demain";
    if (facts.repliesToday >= limits.perSenderPerDay)
        return "déjà " + std::to_string(facts.repliesToday) + " réponses aujourd'hui à cette adresse : limite atteinte";
    return std::nullopt;
}

DmarcVerdict dmarcVerdict(const std::vector<std::string>& headers, std::string_view trustedServer)
{
    const auto lowered = [](std::string_view text) {
        std::string out{text};
        for (auto& c : out)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    const auto trim = [](std::string_view text) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
            text.remove_prefix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
            text.remove_suffix(1);
        return text;
    };
    if (trustedServer.empty())
        return DmarcVerdict::NotChecked;
    const std::string trusted = lowered(trustedServer);
    for (const auto& header : headers) {
        const std::string value = lowered(header);
        const auto semicolon = value.find(';');
        // "authserv-id [version]; method=result ..."
        std::string_view id = trim(std::string_view{value}.substr(0, semicolon));
        if (const auto space = id.find_first_of(" \t"); space != std::string_view::npos)
            id = id.substr(0, space);
        if (id != trusted || semicolon == std::string::npos)
            continue;
        const auto at = value.find("dmarc=", semicolon);
        if (at == std::string::npos)
            return DmarcVerdict::NotChecked;
        const std::string_view result = std::string_view{value}.substr(at + 6, 4);
        return result == "pass" ? DmarcVerdict::Pass : DmarcVerdict::Fail;  // fail, none, quarantine…: not proven
    }
    return DmarcVerdict::NotChecked;
}

}  // namespace cqp::rules
