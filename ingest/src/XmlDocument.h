#pragma once

// Private: the only place that knows libxml2. Parses untrusted bytes safely (no network, no
// entity expansion, no DTD at all, size and depth limits) and validates against our XSDs.

#include "cqp/ingest/XmlProblem.h"

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::ingest::detail {

class XmlDocument {
public:
    /// Parses `bytes`; problems are appended to `problems` and nothing is returned on failure.
    static std::unique_ptr<XmlDocument> parse(std::string_view bytes, const XmlLimits& limits, XmlProblems& problems);
    ~XmlDocument();
    XmlDocument(const XmlDocument&) = delete;
    XmlDocument& operator=(const XmlDocument&) = delete;

    /// Validates against the XSD whose text is `xsd` (compiled once per process and cached).
    bool validate(std::string_view schemaName, std::string_view xsd, XmlProblems& problems) const;

    xmlNode* root() const;
    xmlDoc* raw() const { return doc_; }

private:
    explicit XmlDocument(xmlDoc* doc) : doc_{doc} {}
    xmlDoc* doc_;
};

// Tree helpers over libxml2 nodes (element children by local name, attributes, text).
std::vector<xmlNode*> children(const xmlNode* parent, std::string_view localName);
xmlNode* child(const xmlNode* parent, std::string_view localName);
std::string text(const xmlNode* node);
std::optional<std::string> attribute(const xmlNode* node, const char* name);
std::string localName(const xmlNode* node);
/// /referentiel/cqp[3]/competence[2]
std::string elementPath(const xmlNode* node);
int lineOf(const xmlNode* node);
XmlProblem problemAt(const xmlNode* node, std::string message);

}  // namespace cqp::ingest::detail
