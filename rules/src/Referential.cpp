#include "cqp/rules/Referential.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cqp::rules {

std::string_view kindCode(CertificateKind kind)
{
    return kind == CertificateKind::Cqpi ? "CQPI" : "CQP";
}

const Competence* Certificate::competence(std::string_view wanted) const
{
    for (const auto& c : competences)
        if (c.code == wanted)
            return &c;
    return nullptr;
}

const Certificate* Referential::certificate(std::string_view wanted) const
{
    for (const auto& c : certificates)
        if (c.code == wanted)
            return &c;
    return nullptr;
}

const std::vector<SeedCertificate>& seedCertificates()
{
    // Spelling kept as published, including "(H/F)" placement and the capital of "Industrielle".
    static const std::vector<SeedCertificate> seed{
        {"Fabrication", "Opérateur(trice) de fabrication des Industries Chimiques"},
        {"Fabrication", "Conducteur(trice) d'équipement de fabrication des Industries Chimiques"},
        {"Fabrication", "Pilote d'installation de fabrication (H/F) des Industries Chimiques"},
        {"Fabrication", "Animateur(trice) d'équipe de fabrication des Industries Chimiques"},
        {"Conditionnement", "Conducteur(trice) de ligne de conditionnement des Industries Chimiques"},
        {"Conditionnement", "Pilote de ligne de conditionnement (H/F) des Industries Chimiques"},
        {"Conditionnement", "Animateur(trice) d'équipe de conditionnement des Industries Chimiques"},
        {"Logistique", "Agent logistique des Industries Chimiques (H/F)"},
        {"Logistique", "Animateur(trice) d'équipe de logistique des Industries Chimiques"},
        {"Maintenance", "Opérateur(trice) de maintenance industrielle des Industries Chimiques"},
        {"Maintenance", "Technicien(ne) de maintenance Industrielle des Industries Chimiques"},
        {"Maintenance", "Animateur(trice) d'équipe de maintenance des Industries Chimiques"},
        {"Commercialisation", "Technico-commercial(e) des Industries Chimiques"},
    };
    return seed;
}

std::string registrationSentence(const Certificate& c)
{
    if (c.registration.empty())
        return "";
    const bool specific = c.registration.rfind("RS", 0) == 0;
    return std::string{"Certification enregistrée au "} +
           (specific ? "Répertoire spécifique" : "Répertoire national des certifications professionnelles") + " sous le n° " +
           c.registration;
}

namespace {

bool blank(const std::string& text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

// Folds ASCII case, spaces and the common accented letters so that a near-miss of a seed
// title ("Technicien(ne) de maintenance industrielle ...") is reported as a misspelling.
std::string folded(std::string_view text)
{
    static const std::pair<std::string_view, char> accents[] = {
        {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"à", 'a'}, {"â", 'a'},
        {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ç", 'c'}, {"’", '\''}};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        for (const auto& [from, to] : accents) {
            if (text.substr(i, from.size()) == from) {
                out += to;
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (replaced)
            continue;
        const auto c = static_cast<unsigned char>(text[i++]);
        if (std::isspace(c)) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += static_cast<char>(std::tolower(c));
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

}  // namespace

std::vector<ReferentialProblem> validateReferential(const Referential& referential)
{
    std::vector<ReferentialProblem> problems;
    auto problem = [&](std::string code, std::string where, std::string message) {
        problems.push_back({std::move(code), std::move(where), std::move(message)});
    };

    if (referential.certificates.empty())
        problem("referential_empty", "referential", "the referential has no certificate");

    std::map<std::string, int> certificateCodes;
    std::map<std::string, std::string> competenceOwners;
    std::map<std::string, const Certificate*> byTitle;
    for (const auto& cert : referential.certificates) {
        const std::string where = cert.code.empty() ? "certificate \"" + cert.title + "\"" : cert.code;
        if (blank(cert.code))
            problem("certificate_code_empty", where, "a certificate has no code");
        else if (++certificateCodes[cert.code] == 2)
            problem("certificate_code_duplicate", where, "certificate code " + cert.code + " is used more than once");
        if (blank(cert.title))
            problem("certificate_title_empty", where, "the certificate has no title");
        else if (auto [it, inserted] = byTitle.emplace(cert.title, &cert); !inserted)
            problem("certificate_title_duplicate", where,
                    "title \"" + cert.title + "\" is also used by " + it->second->code);
        if (blank(cert.field))
            problem("certificate_field_empty", where, "the certificate has no field (filière)");
        if (cert.competences.empty())
            problem("certificate_without_competence", where, "the certificate has no competence");

        std::set<std::string> local;
        for (const auto& comp : cert.competences) {
            const std::string cwhere = where + "/" + comp.code;
            if (blank(comp.code)) {
                problem("competence_code_empty", where, "a competence has no code");
                continue;
            }
            if (!local.insert(comp.code).second)
                problem("competence_code_duplicate", cwhere, "competence code " + comp.code + " is used twice in " + cert.code);
            else if (auto [it, inserted] = competenceOwners.emplace(comp.code, cert.code); !inserted)
                problem("competence_code_duplicate", cwhere,
                        "competence code " + comp.code + " is also used by " + it->second);
            if (blank(comp.title))
                problem("competence_title_empty", cwhere, "the competence has no title");
        }
    }

    for (const auto& seed : seedCertificates()) {
        const std::string title{seed.title};
        if (auto it = byTitle.find(title); it != byTitle.end()) {
            if (it->second->field != seed.field)
                problem("seed_field_mismatch", it->second->code,
                        "\"" + title + "\" belongs to field " + std::string{seed.field} + ", not " + it->second->field);
            continue;
        }
        const Certificate* nearMiss = nullptr;
        for (const auto& cert : referential.certificates)
            if (folded(cert.title) == folded(title))
                nearMiss = &cert;
        if (nearMiss)
            problem("seed_title_mismatch", nearMiss->code,
                    "title \"" + nearMiss->title + "\" must be spelt exactly \"" + title + "\"");
        else
            problem("seed_certificate_missing", "referential", "the certificate \"" + title + "\" is missing");
    }
    return problems;
}

}  // namespace cqp::rules
