// The public verification page the parchments' QR codes point to: valid, revoked or unknown,
// with the number, title, date and holder's name only. The same page, the same JSON keys and
// the same single query whatever the code: nothing tells a guessed code from a known one but
// the answer, and a client guessing many is slowed down to `web.verify_per_minute`.

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Privacy.h"
#include "cqp/actions/Views.h"

namespace cqp::pipeline::web {

namespace {

const char* stateCode(Verification::State s)
{
    switch (s) {
    case Verification::State::Valid: return "valide";
    case Verification::State::Revoked: return "revoque";
    case Verification::State::Unknown: return "inconnu";
    }
    return "inconnu";
}

Response asJson(const Verification& v, int status)
{
    Response r;
    r.status = status;
    r.contentType = "application/json; charset=utf-8";
    const bool known = v.state != Verification::State::Unknown;
    r.body = "{\"etat\":" + jsonString(stateCode(v.state)) + ",\"code\":" + jsonString(v.code) + ",\"numero\":" + jsonString(v.number) +
             ",\"document\":" + jsonString(v.kindLabel) + ",\"titre\":" + jsonString(v.certificate) +
             ",\"delivre_le\":" + jsonString(known ? v.issuedOn.iso() : "") +
             ",\"revoque_le\":" + jsonString(v.revokedOn ? v.revokedOn->iso() : "") + ",\"titulaire\":" + jsonString(v.holder) + "}\n";
    return r;
}

std::string verdict(const Verification& v)
{
    const bool attestation = v.kindLabel == "attestation";
    switch (v.state) {
    case Verification::State::Valid:
        return "<p class=\"verdict valide\" role=\"status\">✓ " + std::string{attestation ? "Attestation valide" : "Parchemin valide"} +
               "</p>";
    case Verification::State::Revoked:
        return "<p class=\"verdict revoque\" role=\"status\">✗ " + std::string{attestation ? "Attestation révoquée" : "Parchemin révoqué"} +
               " le " + h(v.revokedOn->french()) + "</p>";
    case Verification::State::Unknown: break;
    }
    return "<p class=\"verdict inconnu\" role=\"status\">? Code inconnu</p>";
}

Response asHtml(const Verification& v, const std::string& given, int status)
{
    std::string body = "<h1>Vérification d'un parchemin de CQP</h1>\n<p>Branche des Industries Chimiques — certificats de "
                       "qualification professionnelle.</p>\n" +
                       verdict(v) + "\n";
    if (v.state != Verification::State::Unknown)
        body += "<dl>\n<dt>Code</dt><dd>" + h(v.code) + "</dd>\n<dt>" + h(v.kindLabel == "attestation" ? "Attestation" : "Parchemin") +
                " n°</dt><dd>" + h(v.number) + "</dd>\n<dt>Certificat</dt><dd>" + h(v.certificate) +
                "</dd>\n<dt>Délivré le</dt><dd>" + h(v.issuedOn.french()) + "</dd>\n<dt>Titulaire</dt><dd>" + h(v.holder) +
                "</dd>\n</dl>\n";
    else
        body += "<p>" +
                (v.code.empty() ? "« " + h(given.substr(0, 80)) +
                                      " » n'est pas un code de vérification (16 caractères, par exemple K7QM-3RTX-9BZA-W2HC)."
                                : "Aucun parchemin ni aucune attestation de la branche ne porte le code " + h(v.code) + ".") +
                " Vérifiez la saisie, ou scannez le code QR imprimé sur le document.</p>\n";
    body += "<form method=\"get\" action=\"/verifier\" class=\"stack\"><label for=\"code\">Vérifier un autre code</label>"
            "<input id=\"code\" name=\"code\" autocomplete=\"off\" spellcheck=\"false\" maxlength=\"80\" "
            "placeholder=\"K7QM-3RTX-9BZA-W2HC\"><button type=\"submit\">Vérifier</button></form>\n"
            "<p class=\"muted\">Seuls le numéro, le certificat, la date et le nom du titulaire sont publiés ; pour toute "
            "question, écrivez au secrétariat des CQP.</p>";
    return Response::html(publicPage("Vérification d'un parchemin — CQP des Industries Chimiques", body), status);
}

}  // namespace

Response verifyPage(const Request& request, Context& context, const std::string& given)
{
    if (const int wait = context.verifyLimiter.admit(request.client)) {
        Verification none;
        Response r = request.wantsJson
                         ? asJson(none, 429)
                         : Response::html(publicPage("Trop de vérifications",
                                                     "<h1>Trop de vérifications</h1><p>Trop de codes ont été vérifiés depuis votre "
                                                     "adresse en peu de temps. Réessayez dans " +
                                                         std::to_string(wait) + " secondes.</p>"),
                                          429);
        r.headers.emplace_back("Retry-After", std::to_string(wait));
        return r;
    }
    if (given.empty() && !request.wantsJson)
        return Response::html(publicPage(
                   "Vérification d'un parchemin — CQP des Industries Chimiques",
                   "<h1>Vérification d'un parchemin de CQP</h1><form method=\"get\" action=\"/verifier\" class=\"stack\">"
                   "<label for=\"code\">Code de vérification (imprimé sous le code QR)</label><input id=\"code\" name=\"code\" "
                   "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"80\" placeholder=\"K7QM-3RTX-9BZA-W2HC\">"
                   "<button type=\"submit\">Vérifier</button></form>"));
    auto store = context.stores.take();
    const auto v = verify(*store, context.web.referential, given);
    return request.wantsJson ? asJson(v, 200) : asHtml(v, given, 200);
}

}  // namespace cqp::pipeline::web
