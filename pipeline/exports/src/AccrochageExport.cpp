#include "cqp/exports/AccrochageExport.h"

#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"

#include <Poco/XML/XMLWriter.h>
#include <Poco/SAX/AttributesImpl.h>

#include <map>
#include <sstream>

namespace cqp::pipeline {

namespace {

constexpr const char* ns = "urn:cdc:cpf:pc5:schema:1.0.0";
constexpr const char* xsi = "http://www.w3.org/2001/XMLSchema-instance";

// Cuts to `max` characters (not bytes): the CDC limits are in characters.
std::string cut(const std::string& s, std::size_t max)
{
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == max)
            return s.substr(0, i);
    }
    return s;
}

class Writer {
public:
    explicit Writer(std::ostream& out) : xml_{out, Poco::XML::XMLWriter::WRITE_XML_DECLARATION | Poco::XML::XMLWriter::PRETTY_PRINT}
    {
        xml_.setNewLine("\n");
        xml_.setIndent("  ");
    }
    void start(const std::string& name, bool root = false)
    {
        Poco::XML::AttributesImpl attributes;
        if (root) {
            xml_.startPrefixMapping("cpf", ns);
            xml_.startPrefixMapping("xsi", xsi);
        }
        xml_.startElement(ns, name, "cpf:" + name, attributes);
    }
    void end(const std::string& name) { xml_.endElement(ns, name, "cpf:" + name); }
    void leaf(const std::string& name, const std::string& value)
    {
        start(name);
        xml_.characters(value);
        end(name);
    }
    void nil(const std::string& name)
    {
        Poco::XML::AttributesImpl attributes;
        attributes.addAttribute(xsi, "nil", "xsi:nil", "CDATA", "true");
        xml_.emptyElement(ns, name, "cpf:" + name, attributes);
    }
    void document(bool begin) { begin ? xml_.startDocument() : xml_.endDocument(); }

private:
    Poco::XML::XMLWriter xml_;
};

// The holder's civil status, as the CDC identifies a person.
void holder(Writer& w, const Candidate& candidate)
{
    w.start("identificationTitulaire");
    w.start("titulaire");
    w.leaf("nomNaissance", cut(candidate.nomNaissance, 60));
    if (candidate.nomUsage.empty())
        w.nil("nomUsage");
    else
        w.leaf("nomUsage", cut(candidate.nomUsage, 60));
    std::istringstream names{candidate.prenoms};
    std::string name;
    for (int i = 1; i <= 3 && names >> name; ++i)
        w.leaf("prenom" + std::to_string(i), cut(name, 60));
    if (candidate.dateNaissance) {
        w.leaf("anneeNaissance", std::to_string(candidate.dateNaissance->year()));
        w.leaf("moisNaissance", std::to_string(candidate.dateNaissance->month()));
        w.leaf("jourNaissance", std::to_string(candidate.dateNaissance->day()));
    }
    w.leaf("sexe", candidate.sexe);
    w.start("codeCommuneNaissance");
    if (candidate.codeInsee.size() == 5) {
        w.start("codeInseeNaissance");
        w.leaf("codeInsee", candidate.codeInsee);
        w.end("codeInseeNaissance");
    } else {
        w.start("codePostalNaissance");
        w.nil("codePostal");
        w.end("codePostalNaissance");
    }
    w.end("codeCommuneNaissance");
    if (!candidate.communeNaissance.empty())
        w.leaf("libelleCommuneNaissance", cut(candidate.communeNaissance, 60));
    if (!candidate.paysNaissance.empty())
        w.leaf("libellePaysNaissance", cut(candidate.paysNaissance, 60));
    w.end("titulaire");
    w.end("identificationTitulaire");
}

// One holder's passage of the certification.
void passage(Writer& w, const rules::Referential& referential, const std::string& code, const Parchment& parchment,
             const Candidature& candidature, const std::optional<Jury>& jury, const Candidate& candidate)
{
    w.start("passageCertification");
    w.leaf("idTechnique", "CQPIC-" + parchment.label());
    const auto* certificate = referential.certificate(code);
    if (certificate)
        w.leaf("libelleOption", cut(certificate->title, 255));
    w.leaf("obtentionCertification", "PAR_ADMISSION");
    w.leaf("donneeCertifiee", "true");
    if (jury) {
        w.leaf("dateDebutExamen", jury->date.iso());
        w.leaf("dateFinExamen", jury->date.iso());
    }
    w.leaf("dateDebutValidite", parchment.issuedOn.iso());
    w.nil("dateFinValidite");  // a CQP does not expire
    w.leaf("presenceNiveauLangueEuro", "false");
    w.leaf("presenceNiveauNumeriqueEuro", "false");
    w.nil("scoring");
    w.nil("mentionValidee");
    w.start("modalitesInscription");
    if (candidature.dispositif.empty())
        w.nil("modaliteAcces");
    else
        w.leaf("modaliteAcces", candidature.dispositif);
    w.end("modalitesInscription");
    holder(w, candidate);
    w.end("passageCertification");
}

}  // namespace

AccrochageResult exportAccrochage(Store& store, const rules::Referential& referential, const AccrochageSettings& settings,
                                  rules::Date from, rules::Date to)
{
    // Holders grouped by certification, in number order: the same period, the same document.
    std::map<std::string, std::vector<std::pair<Parchment, Candidature>>> byCertification;
    for (const auto& p : store.parchments().issuedBetween(from, to)) {
        if (p.kind != ParchmentKind::Parchemin || p.revokedOn)
            continue;
        const auto candidature = store.candidatures().candidature(p.candidatureId);
        if (candidature)
            byCertification[candidature->certificateCode].emplace_back(p, *candidature);
    }
    std::ostringstream out;
    Writer w{out};
    AccrochageResult result;
    w.document(true);
    w.start("flux", true);
    w.leaf("idFlux", cut("CQPIC-" + from.iso() + "-" + to.iso(), 50));
    w.leaf("horodatage", to.iso() + "T00:00:00+00:00");
    w.start("emetteur");
    w.leaf("idClient", settings.idClient);
    w.start("certificateurs");
    w.start("certificateur");
    w.leaf("idClient", settings.idClient);
    w.leaf("idContrat", cut(settings.idContrat, 20));
    w.start("certifications");
    for (const auto& [code, holders] : byCertification) {
        w.start("certification");
        w.leaf("type", settings.certificationType);
        // The settings' code, else the referential's registration number, else the CQP's own code.
        const auto mapped = settings.codes.find(code);
        const auto* certificate = referential.certificate(code);
        w.leaf("code", mapped != settings.codes.end()                    ? mapped->second
                       : certificate && !certificate->registration.empty() ? certificate->registration
                                                                           : code);
        w.leaf("natureDeposant", "CERTIFICATEUR");
        w.start("passageCertifications");
        for (const auto& [parchment, candidature] : holders) {
            const auto candidate = *store.candidatures().candidate(candidature.candidateId);
            const auto registration = store.juries().registrationOf(candidature.id);
            const auto jury = registration && registration->placedJuryId ? store.juries().jury(*registration->placedJuryId)
                                                                          : std::nullopt;
            passage(w, referential, code, parchment, candidature, jury, candidate);
            ++result.passages;
        }
        w.end("passageCertifications");
        w.end("certification");
    }
    w.end("certifications");
    w.end("certificateur");
    w.end("certificateurs");
    w.end("emetteur");
    w.end("flux");
    w.document(false);
    result.xml = out.str();
    return result;
}

}  // namespace cqp::pipeline
