#include "cqp/ingest/SubmissionReader.h"

#include "Signature.h"
#include "XmlDocument.h"

#include "cqp/rules/Siret.h"

#include <cstring>
#include <set>

namespace cqp::embedded {
extern const std::string_view soumissionXsd;
}  // namespace cqp::embedded

namespace cqp::ingest {

using namespace detail;

std::string_view submissionSchema() { return embedded::soumissionXsd; }

namespace {

constexpr std::pair<SubmissionKind, std::string_view> kindNames[] = {
    {SubmissionKind::AccountRequest, "demandeCompte"},
    {SubmissionKind::Candidate, "candidat"},
    {SubmissionKind::Candidature, "candidature"},
    {SubmissionKind::MetierInvitation, "invitationEvaluateurMetier"},
    {SubmissionKind::EvaluationResults, "resultatsEvaluation"},
    {SubmissionKind::MetierObservations, "observationsEvaluateurMetier"},
    {SubmissionKind::JuryRegistration, "inscriptionJury"},
    {SubmissionKind::JuryDecisions, "decisionsJury"},
    {SubmissionKind::CandidateSelfEntry, "saisieCandidat"},
    {SubmissionKind::KeyChange, "changementCle"},
};

}  // namespace

std::string_view kindElement(SubmissionKind kind)
{
    for (const auto& [k, name] : kindNames)
        if (k == kind)
            return name;
    return "";
}

std::string_view kindLabel(SubmissionKind kind)
{
    switch (kind) {
    case SubmissionKind::AccountRequest: return "demande de compte";
    case SubmissionKind::Candidate: return "dossier candidat";
    case SubmissionKind::Candidature: return "candidature";
    case SubmissionKind::MetierInvitation: return "invitation de l'évaluateur métier";
    case SubmissionKind::EvaluationResults: return "résultats de l'évaluation";
    case SubmissionKind::MetierObservations: return "observations de l'évaluateur métier";
    case SubmissionKind::JuryRegistration: return "inscription au jury";
    case SubmissionKind::JuryDecisions: return "décisions du jury";
    case SubmissionKind::CandidateSelfEntry: return "saisie de l'état civil par le candidat";
    case SubmissionKind::KeyChange: return "changement de clé";
    }
    return "soumission";
}

bool isSelfSigned(SubmissionKind kind)
{
    return kind == SubmissionKind::AccountRequest || kind == SubmissionKind::MetierObservations ||
           kind == SubmissionKind::CandidateSelfEntry;
}

struct ParsedSubmission::Impl {
    std::unique_ptr<XmlDocument> document;
    SubmissionKind kind = SubmissionKind::AccountRequest;
    SubmissionBody body;
    std::optional<std::int64_t> account;
    std::string version;
    std::optional<std::string> identifier;
    std::optional<rules::Date> signingDate;
};

ParsedSubmission::ParsedSubmission(std::unique_ptr<Impl> impl) : impl_{std::move(impl)} {}
ParsedSubmission::~ParsedSubmission() = default;
SubmissionKind ParsedSubmission::kind() const { return impl_->kind; }
const SubmissionBody& ParsedSubmission::body() const { return impl_->body; }
std::string ParsedSubmission::locate(std::string_view element, const std::string& message, int index) const
{
    return at(element, message, index).describe();
}
std::optional<std::int64_t> ParsedSubmission::claimedAccount() const { return impl_->account; }
const std::string& ParsedSubmission::version() const { return impl_->version; }
const std::optional<std::string>& ParsedSubmission::identifier() const { return impl_->identifier; }
const std::optional<rules::Date>& ParsedSubmission::signingDate() const { return impl_->signingDate; }
std::string ParsedSubmission::canonicalForm() const { return canonicalWithoutSignature(impl_->document->raw()); }
bool ParsedSubmission::hasSignature() const { return findSignature(impl_->document->raw()) != nullptr; }

XmlProblems ParsedSubmission::verifySignature(std::string_view publicKeyPem) const
{
    return verifyEnvelopedSignature(impl_->document->raw(), publicKeyPem);
}

namespace {

const xmlNode* findElement(const xmlNode* node, std::string_view name, int& index)
{
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name == reinterpret_cast<const char*>(c->name) && index-- == 0)
            return c;
        if (const xmlNode* found = findElement(c, name, index))
            return found;
    }
    return nullptr;
}

}  // namespace

XmlProblem ParsedSubmission::at(std::string_view name, std::string message, int index) const
{
    const xmlNode* root = impl_->document->root();
    if (name == localName(root))
        return problemAt(root, std::move(message));
    const xmlNode* node = findElement(root, name, index);
    return node ? problemAt(node, std::move(message)) : problemAt(root, std::move(message));
}

namespace {

// Reads the typed body; problems the schema cannot express are appended.
class BodyReader {
public:
    explicit BodyReader(XmlProblems& problems) : problems_{problems} {}

    std::int64_t number(const xmlNode* node, const char* attr)
    {
        const auto value = node ? attribute(node, attr) : std::nullopt;
        return value ? std::stoll(*value) : 0;
    }

    std::optional<std::int64_t> optNumber(const xmlNode* node, const char* attr)
    {
        const auto value = node ? attribute(node, attr) : std::nullopt;
        return value ? std::optional<std::int64_t>{std::stoll(*value)} : std::nullopt;
    }

    rules::Date date(const xmlNode* node)
    {
        const auto value = rules::Date::parseIso(text(node));
        if (!value) {
            problems_.push_back(problemAt(node, "la date « " + text(node) + " » n'existe pas."));
            return {};
        }
        return *value;
    }

    static std::optional<std::string> attribute(const xmlNode* node, const char* attr)
    {
        return node ? detail::attribute(node, attr) : std::nullopt;
    }

    bool flag(const xmlNode* node, const char* attr)
    {
        const auto value = attribute(node, attr).value_or("false");
        return value == "true" || value == "1";
    }

    DossierRef dossier(const xmlNode* node)
    {
        DossierRef ref{optNumber(node, "numero"), attribute(node, "reference")};
        if (ref.numero.has_value() == ref.reference.has_value())
            problems_.push_back(problemAt(node, "désignez le dossier soit par son numéro (attribut numero), soit par votre "
                                                "référence (attribut reference), l'un ou l'autre."));
        return ref;
    }

    void siret(const xmlNode* node)
    {
        if (node && !rules::isValidSiret(text(node)))
            problems_.push_back(problemAt(node, "le SIRET « " + text(node) + " » n'est pas valide (clé de contrôle)."));
    }

    Person person(const xmlNode* node)
    {
        return {text(child(node, "nom")), text(child(node, "prenom")), lowerAscii(text(child(node, "courriel"))),
                text(child(node, "telephone"))};
    }

    CivilStatus civil(const xmlNode* node)
    {
        CivilStatus c;
        c.nomNaissance = text(child(node, "nomNaissance"));
        c.nomUsage = text(child(node, "nomUsage"));
        c.prenoms = text(child(node, "prenoms"));
        c.sexe = text(child(node, "sexe"));
        c.dateNaissance = date(child(node, "dateNaissance"));
        if (const xmlNode* france = child(node, "naissanceFrance")) {
            c.communeNaissance = text(child(france, "commune"));
            c.codeInsee = text(child(france, "codeInsee"));
        } else if (const xmlNode* abroad = child(node, "naissanceEtranger")) {
            c.paysNaissance = text(child(abroad, "pays"));
            c.communeNaissance = text(child(abroad, "commune"));
        }
        return c;
    }

    static std::string lowerAscii(std::string s)
    {
        for (char& ch : s)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        return s;
    }

    AccountRequest accountRequest(const xmlNode* root)
    {
        AccountRequest r;
        if (const xmlNode* e = child(root, "etablissement")) {
            siret(child(e, "siret"));
            r.siret = text(child(e, "siret"));
            r.raisonSociale = text(child(e, "raisonSociale"));
            r.etablissementName = text(child(e, "nom"));
            const xmlNode* a = child(e, "adresse");
            r.addressLine1 = text(child(a, "ligne1"));
            r.addressLine2 = text(child(a, "ligne2"));
            r.postcode = text(child(a, "codePostal"));
            r.city = text(child(a, "commune"));
        } else {
            r.evaluatorNumber = attribute(child(root, "evaluateurHabilite"), "numero");
        }
        for (const xmlNode* c : children(root, "contact"))
            r.contacts.push_back(person(c));
        r.publicKeyPem = text(child(root, "clePublique"));
        return r;
    }

    CandidateSubmission candidate(const xmlNode* root)
    {
        CandidateSubmission c;
        c.reference = attribute(root, "reference");
        c.civil = civil(child(root, "etatCivil"));
        c.email = lowerAscii(text(child(root, "courriel")));
        c.inviteCandidate = child(root, "inviterCandidat") != nullptr;
        if (c.inviteCandidate && c.email.empty())
            problems_.push_back(problemAt(child(root, "inviterCandidat"),
                                          "pour inviter le candidat, indiquez son adresse (élément courriel)."));
        c.outil6File = attribute(child(root, "outil6"), "fichier").value_or("");
        for (const xmlNode* d : children(root, "diplome"))
            c.diplomas.push_back({attribute(d, "intitule").value_or(""), attribute(d, "annee").value_or(""),
                                  attribute(d, "fichier").value_or("")});
        return c;
    }

    CandidatureSubmission candidature(const xmlNode* root)
    {
        CandidatureSubmission c;
        c.reference = attribute(root, "reference");
        c.candidate = dossier(child(root, "candidat"));
        c.certificateCode = text(child(root, "cqp"));
        std::set<std::string> seen;
        for (const xmlNode* comp : children(child(root, "competences"), "competence")) {
            const auto code = attribute(comp, "code").value_or("");
            if (!seen.insert(code).second)
                problems_.push_back(problemAt(comp, "la compétence « " + code + " » est citée deux fois."));
            c.competences.push_back(code);
        }
        c.parcours = text(child(root, "parcours"));
        c.dispositif = text(child(root, "dispositif"));
        siret(child(root, "siret"));
        c.siret = text(child(root, "siret"));
        if (const xmlNode* of = child(root, "organismeFormation")) {
            c.organismeName = text(child(of, "nom"));
            siret(child(of, "siret"));
            c.organismeSiret = text(child(of, "siret"));
        }
        c.evaluatorNumber = attribute(child(root, "evaluateurHabilite"), "numero").value_or("");
        c.plannedEvaluation = date(child(root, "dateEvaluationPrevue"));
        return c;
    }

    EvaluationResults results(const xmlNode* root)
    {
        EvaluationResults r;
        r.candidature = number(child(root, "candidature"), "numero");
        r.evaluationDate = date(child(root, "dateEvaluation"));
        std::set<std::string> seen;
        for (const xmlNode* line : children(root, "resultat")) {
            const auto code = attribute(line, "competence").value_or("");
            if (!seen.insert(code).second)
                problems_.push_back(problemAt(line, "la compétence « " + code + " » a deux résultats."));
            r.results.push_back({code, flag(line, "acquis"), text(child(line, "commentaire"))});
        }
        r.candidateObservations = text(child(root, "observationsCandidat"));
        r.outil4File = attribute(child(root, "outil4"), "fichier").value_or("");
        return r;
    }

    JuryDecisions decisions(const xmlNode* root)
    {
        JuryDecisions d;
        d.jury = number(child(root, "jury"), "numero");
        std::set<std::int64_t> seenCandidatures;
        for (const xmlNode* decision : children(root, "decision")) {
            CandidatureDecision cd;
            cd.candidature = number(decision, "candidature");
            if (!seenCandidatures.insert(cd.candidature).second)
                problems_.push_back(problemAt(decision, "la candidature n°" + std::to_string(cd.candidature) +
                                                            " a deux décisions."));
            for (const xmlNode* comp : children(decision, "competence"))
                cd.competences.emplace_back(attribute(comp, "code").value_or(""), flag(comp, "valide"));
            d.decisions.push_back(std::move(cd));
        }
        return d;
    }

    SubmissionBody read(SubmissionKind kind, const xmlNode* root)
    {
        switch (kind) {
        case SubmissionKind::AccountRequest:
            return accountRequest(root);
        case SubmissionKind::Candidate:
            return candidate(root);
        case SubmissionKind::Candidature:
            return candidature(root);
        case SubmissionKind::MetierInvitation:
            return MetierInvitation{number(child(root, "candidature"), "numero"), person(child(root, "evaluateurMetier"))};
        case SubmissionKind::EvaluationResults:
            return results(root);
        case SubmissionKind::MetierObservations:
            return MetierObservations{number(child(root, "candidature"), "numero"), text(child(root, "jeton")),
                                      text(child(root, "observations")), text(child(root, "clePublique"))};
        case SubmissionKind::JuryRegistration:
            return JuryRegistrationSubmission{dossier(child(root, "candidature")), number(child(root, "jury"), "numero")};
        case SubmissionKind::JuryDecisions:
            return decisions(root);
        case SubmissionKind::KeyChange:
            return KeyChange{text(child(root, "nouvelleClePublique"))};
        case SubmissionKind::CandidateSelfEntry:
            return CandidateSelfEntry{text(child(root, "jeton")), civil(child(root, "etatCivil")),
                                      lowerAscii(text(child(root, "courriel"))), text(child(root, "clePublique"))};
        }
        return AccountRequest{};
    }

private:
    XmlProblems& problems_;
};

}  // namespace

SubmissionReadResult readSubmission(std::string_view bytes, const XmlLimits& limits)
{
    SubmissionReadResult result;
    auto document = XmlDocument::parse(bytes, limits, result.problems);
    if (!document)
        return result;
    const xmlNode* root = document->root();
    const char* ns = root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
    if (std::strcmp(ns, submissionNamespace) != 0) {
        result.problems.push_back(problemAt(root, std::string{"l'élément racine « "} + localName(root) +
                                                      " » n'est pas dans l'espace de noms des soumissions (attendu : " +
                                                      submissionNamespace + (*ns ? ", reçu : " + std::string{ns} : std::string{}) +
                                                      ")."));
        return result;
    }
    const std::string version = attribute(root, "version").value_or("");
    if (version != "1.0" && version != "1.1") {
        result.problems.push_back(problemAt(root, "la version « " + version +
                                                      " » du format n'est pas prise en charge (versions acceptées : 1.1 et, "
                                                      "pour un temps, 1.0)."));
        return result;
    }
    if (!document->validate("soumission.xsd", embedded::soumissionXsd, result.problems))
        return result;

    auto impl = std::make_unique<ParsedSubmission::Impl>();
    bool known = false;
    for (const auto& [kind, name] : kindNames)
        if (name == localName(root)) {
            impl->kind = kind;
            known = true;
        }
    if (!known) {
        result.problems.push_back(problemAt(root, "type de soumission inconnu « " + localName(root) + " »."));
        return result;
    }
    BodyReader reader{result.problems};
    try {
        impl->body = reader.read(impl->kind, root);
        if (!isSelfSigned(impl->kind))
            impl->account = reader.optNumber(root, "compte");
    } catch (const std::out_of_range&) {
        result.problems.push_back(problemAt(root, "un numéro est trop grand."));
    }
    impl->version = version;
    impl->identifier = attribute(root, "identifiant");
    if (const auto date = attribute(root, "dateSignature"))
        impl->signingDate = rules::Date::parseIso(*date);
    if (version == "1.1" && (!impl->identifier || !impl->signingDate))
        result.problems.push_back(problemAt(root, "un document de la version 1.1 porte les attributs « identifiant » "
                                                  "(unique pour chaque document) et « dateSignature » (AAAA-MM-JJ)."));
    if (version == "1.0" && (impl->identifier || impl->signingDate))
        result.problems.push_back(problemAt(root, "les attributs « identifiant » et « dateSignature » appartiennent à la "
                                                  "version 1.1 : indiquez version=\"1.1\"."));
    if (!result.problems.empty())
        return result;
    impl->document = std::move(document);
    result.submission = std::make_unique<ParsedSubmission>(std::move(impl));
    return result;
}

}  // namespace cqp::ingest
