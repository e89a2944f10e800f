#pragma once

// Private: the only place that knows libxmlsec1.

#include "cqp/ingest/XmlProblem.h"

#include <libxml/tree.h>

#include <string_view>

namespace cqp::ingest::detail {

xmlNode* findSignature(xmlDoc* doc);
/// Verifies the enveloped signature of `doc` with the PEM public key; empty when valid.
XmlProblems verifyEnvelopedSignature(xmlDoc* doc, std::string_view publicKeyPem);

}  // namespace cqp::ingest::detail
