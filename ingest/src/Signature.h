#pragma once

// Private: the only place that knows libxmlsec1.

#include "cqp/ingest/XmlProblem.h"

#include <libxml/tree.h>

#include <string>
#include <string_view>

namespace cqp::ingest::detail {

xmlNode* findSignature(xmlDoc* doc);
/// Verifies the enveloped signature of `doc` with the PEM public key; empty when valid.
XmlProblems verifyEnvelopedSignature(xmlDoc* doc, std::string_view publicKeyPem);
/// Exclusive C14N without comments of `doc` without the root's ds:Signature children.
std::string canonicalWithoutSignature(xmlDoc* doc);

}  // namespace cqp::ingest::detail
