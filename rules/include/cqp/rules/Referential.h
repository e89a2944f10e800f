#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules {

/// CQP: branch certificate; CQPI: the inter-branch variant.
enum class CertificateKind { Cqp, Cqpi };

std::string_view kindCode(CertificateKind kind);  // "CQP" or "CQPI"

struct Competence {
    std::string code;
    std::string title;
};

/// One certificate of the referential, as the secretariat maintains it.
struct Certificate {
    std::string code;
    std::string title;  ///< exact title, e.g. "Agent logistique des Industries Chimiques (H/F)"
    std::string field;  ///< filière: Fabrication, Conditionnement, Logistique, Maintenance, Commercialisation
    CertificateKind kind = CertificateKind::Cqp;
    std::vector<Competence> competences;
    std::string registration = "";  ///< number in the national register, "RNCP38765" or "RS5678" ("" when not given)

    const Competence* competence(std::string_view code) const;
};

/// The whole referential. It is data (a file the secretariat edits), never code.
struct Referential {
    std::string version;
    bool example = false;  ///< true while the shipped example competences are still in use
    std::vector<Certificate> certificates;

    const Certificate* certificate(std::string_view code) const;
};

/// One of the 13 certificates created by the CPNE des Industries Chimiques (27 April 2011),
/// with its title exactly as the branch publishes it (Certifi@ mode d'emploi, May 2023).
struct SeedCertificate {
    std::string_view field;
    std::string_view title;
};

const std::vector<SeedCertificate>& seedCertificates();

/// « Certification enregistrée au Répertoire national des certifications professionnelles
/// (RNCP38765) », or the Répertoire spécifique for an RS number; "" without a number.
std::string registrationSentence(const Certificate& certificate);

/// A problem found in a referential; `where` names the certificate or competence.
struct ReferentialProblem {
    std::string code;
    std::string where;
    std::string message;  ///< English: the referential is checked by operators, not senders
};

/// Every problem of the referential: duplicate or empty codes and titles, certificates
/// without competences, seed certificates missing or with a title that differs from the seed.
std::vector<ReferentialProblem> validateReferential(const Referential& referential);

}  // namespace cqp::rules
