#include "cqp/ingest/ReferentialReader.h"

#include "XmlDocument.h"

#include <map>

namespace cqp::embedded {
extern const std::string_view referentielXsd;
extern const std::string_view defaultReferential;
}  // namespace cqp::embedded

namespace cqp::ingest {

using namespace detail;

std::string_view defaultReferentialXml() { return embedded::defaultReferential; }
std::string_view referentialSchema() { return embedded::referentielXsd; }

ReferentialReadResult readReferential(std::string_view xml, const XmlLimits& limits)
{
    ReferentialReadResult result;
    auto document = XmlDocument::parse(xml, limits, result.problems);
    if (!document || !document->validate("referentiel.xsd", embedded::referentielXsd, result.problems))
        return result;

    rules::Referential referential;
    const xmlNode* root = document->root();
    referential.version = attribute(root, "version").value_or("");
    const auto example = attribute(root, "exemple");
    referential.example = example && (*example == "true" || *example == "1");
    std::map<std::string, const xmlNode*> nodeOf;
    for (const xmlNode* cqp : children(root, "cqp")) {
        rules::Certificate cert;
        cert.code = attribute(cqp, "code").value_or("");
        cert.field = attribute(cqp, "filiere").value_or("");
        cert.registration = attribute(cqp, "enregistrement").value_or("");
        cert.kind = attribute(cqp, "type") == "CQPI" ? rules::CertificateKind::Cqpi : rules::CertificateKind::Cqp;
        cert.title = text(child(cqp, "intitule"));
        for (const xmlNode* comp : children(cqp, "competence"))
            cert.competences.push_back({attribute(comp, "code").value_or(""), text(comp)});
        nodeOf.emplace(cert.code, cqp);
        referential.certificates.push_back(std::move(cert));
    }
    for (const auto& problem : rules::validateReferential(referential)) {
        const auto slash = problem.where.find('/');
        const auto it = nodeOf.find(problem.where.substr(0, slash));
        XmlProblem located = it != nodeOf.end() ? problemAt(it->second, problem.message)
                                                : XmlProblem{0, 0, "/referentiel", problem.message};
        located.message = "[" + problem.code + "] " + problem.where + ": " + problem.message;
        result.problems.push_back(std::move(located));
    }
    result.referential = std::move(referential);
    return result;
}

}  // namespace cqp::ingest
