#include "Signature.h"

#include "XmlDocument.h"

#include <libxml/c14n.h>
#include <libxml/xmlIO.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <stdexcept>

namespace cqp::ingest::detail {

namespace {

std::once_flag xmlsecInit;

// xmlsec prints its errors to stderr by default; ours are reported to the sender instead.
void quiet(const char*, int, const char*, const char*, const char*, int, const char*) {}

void initialise()
{
    std::call_once(xmlsecInit, [] {
        xmlInitParser();
        if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0)
            throw std::runtime_error("cannot initialise xmlsec");
        xmlSecErrorsSetCallback(quiet);
    });
}

struct KeyFree {
    void operator()(xmlSecKeyPtr key) const { xmlSecKeyDestroy(key); }
};
struct ContextFree {
    void operator()(xmlSecDSigCtxPtr context) const { xmlSecDSigCtxDestroy(context); }
};

// Decoding a PEM key is the dearest step of a verification with OpenSSL 3; senders are few,
// so their decoded keys are kept (bounded) and duplicated for each verification.
xmlSecKeyPtr decodedKey(std::string_view pem)
{
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<xmlSecKey, KeyFree>, std::less<>> cache;
    std::lock_guard lock{mutex};
    auto it = cache.find(pem);
    if (it == cache.end()) {
        xmlSecKeyPtr key = xmlSecCryptoAppKeyLoadMemory(reinterpret_cast<const xmlSecByte*>(pem.data()),
                                                        static_cast<xmlSecSize>(pem.size()), xmlSecKeyDataFormatPem,
                                                        nullptr, nullptr, nullptr);
        if (!key)
            return nullptr;
        if (cache.size() >= 4096)
            cache.clear();
        it = cache.emplace(std::string{pem}, std::unique_ptr<xmlSecKey, KeyFree>{key}).first;
    }
    return xmlSecKeyDuplicate(it->second.get());
}

// C14N visibility: nothing inside a ds:Signature that is a child of the root.
int outsideSignature(void* data, xmlNode* node, xmlNode* parent)
{
    const auto* root = static_cast<const xmlNode*>(data);
    const xmlNode* n = node && node->type != XML_NAMESPACE_DECL && node->type != XML_ATTRIBUTE_NODE ? node : parent;
    for (; n && n != root; n = n->parent)
        if (n->parent == root && n->type == XML_ELEMENT_NODE && n->ns && n->name &&
            xmlStrEqual(n->name, xmlSecNodeSignature) && xmlStrEqual(n->ns->href, xmlSecDSigNs))
            return 0;
    return 1;
}

}  // namespace

std::string canonicalWithoutSignature(xmlDoc* doc)
{
    xmlNode* root = xmlDocGetRootElement(doc);
    xmlBuffer* buffer = xmlBufferCreate();
    if (!buffer)
        throw std::bad_alloc();
    xmlOutputBuffer* output = xmlOutputBufferCreateBuffer(buffer, nullptr);
    const int written = xmlC14NExecute(doc, outsideSignature, root, XML_C14N_EXCLUSIVE_1_0, nullptr, 0, output);
    xmlOutputBufferClose(output);
    std::string out;
    if (written >= 0)
        out.assign(reinterpret_cast<const char*>(xmlBufferContent(buffer)), static_cast<std::size_t>(xmlBufferLength(buffer)));
    xmlBufferFree(buffer);
    if (written < 0)
        throw std::runtime_error("XML canonicalisation failed");
    return out;
}

xmlNode* findSignature(xmlDoc* doc)
{
    initialise();
    xmlNode* root = xmlDocGetRootElement(doc);
    return root ? xmlSecFindNode(root, xmlSecNodeSignature, xmlSecDSigNs) : nullptr;
}

XmlProblems verifyEnvelopedSignature(xmlDoc* doc, std::string_view publicKeyPem)
{
    XmlProblems problems;
    xmlNode* signature = findSignature(doc);
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!signature) {
        problems.push_back({0, 0, root ? elementPath(root) : "", "Le document n'est pas signé (élément ds:Signature absent)."});
        return problems;
    }
    if (signature->parent != root) {
        problems.push_back(problemAt(signature, "La signature doit être un enfant direct de l'élément racine (signature enveloppée)."));
        return problems;
    }
    std::unique_ptr<xmlSecKey, KeyFree> key{decodedKey(publicKeyPem)};
    if (!key) {
        problems.push_back({0, 0, "", "La clé publique enregistrée pour ce compte est illisible."});
        return problems;
    }
    std::unique_ptr<xmlSecDSigCtx, ContextFree> context{xmlSecDSigCtxCreate(nullptr)};
    if (!context)
        throw std::bad_alloc();
    context->signKey = key.release();
    // One reference to the whole document only: no external or fragment URI, so nothing else can
    // be fetched and no element can be wrapped around a signed one.
    context->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
    for (auto id : {xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId, xmlSecTransformInclC14NId,
                    xmlSecTransformInclC14NWithCommentsId, xmlSecTransformRsaSha256Id, xmlSecTransformEcdsaSha256Id})
        xmlSecDSigCtxEnableSignatureTransform(context.get(), id);
    for (auto id : {xmlSecTransformEnvelopedId, xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
                    xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId, xmlSecTransformSha256Id})
        xmlSecDSigCtxEnableReferenceTransform(context.get(), id);
    if (xmlSecDSigCtxVerify(context.get(), signature) < 0) {
        problems.push_back(problemAt(signature, "La signature est illisible ou utilise un algorithme non accepté "
                                                "(attendu : RSA ou ECDSA avec SHA-256, référence URI=\"\" au document entier)."));
        return problems;
    }
    if (context->status != xmlSecDSigStatusSucceeded)
        problems.push_back(problemAt(signature, "La signature ne correspond pas : le document a été modifié après sa "
                                                "signature, ou il n'a pas été signé avec la clé enregistrée pour ce compte."));
    return problems;
}

}  // namespace cqp::ingest::detail
