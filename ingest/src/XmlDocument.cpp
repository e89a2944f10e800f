#include "XmlDocument.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>

namespace cqp::ingest::detail {

namespace {

std::once_flag libxmlInit;

std::string trimmed(const char* message)
{
    std::string out = message ? message : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

// "{urn:…}candidat" → "candidat": senders know elements by their local names.
std::string withoutNamespaces(std::string text)
{
    for (auto open = text.find('{'); open != std::string::npos; open = text.find('{', open)) {
        const auto close = text.find('}', open);
        if (close == std::string::npos)
            break;
        text.erase(open, close - open + 1);
    }
    return text;
}

std::string between(const std::string& text, const std::string& before, const std::string& after, std::size_t from = 0)
{
    const auto start = text.find(before, from);
    if (start == std::string::npos)
        return {};
    const auto begin = start + before.size();
    const auto end = text.find(after, begin);
    return end == std::string::npos ? std::string{} : text.substr(begin, end - begin);
}

// libxml2's « Expected is ( a ). » or « Expected is one of ( a, b ). », in French words.
std::string expectedElements(const std::string& raw)
{
    const std::string one = between(raw, "Expected is ( ", " )");
    if (!one.empty())
        return "l'élément « " + one + " »";
    const std::string several = between(raw, "Expected is one of ( ", " )");
    if (several.empty())
        return {};
    std::string out;
    std::size_t at = 0;
    while (at <= several.size()) {
        auto comma = several.find(", ", at);
        if (comma == std::string::npos)
            comma = several.size();
        out += (out.empty() ? "" : ", ") + std::string{"« "} + several.substr(at, comma - at) + " »";
        at = comma + 2;
    }
    return "l'un des éléments " + out;
}

// libxml2 speaks English; senders read French. The frequent messages are rewritten, the rest
// keep libxml2's words after a French lead-in.
std::string french(const xmlError& error, const char* prefix)
{
    const std::string raw = withoutNamespaces(trimmed(error.message));
    if (error.domain == XML_FROM_SCHEMASV) {
        // "Element 'x': …" or "Element 'x', attribute 'a': …"
        const std::string element = between(raw, "Element '", "'");
        const std::string attribute = between(raw, "attribute '", "'");
        const std::string what = attribute.empty() ? "l'élément « " + element + " »"
                                                   : "l'attribut « " + attribute + " » de « " + element + " »";
        const std::string value = between(raw, "The value '", "'").empty() ? between(raw, ": '", "'")
                                                                           : between(raw, "The value '", "'");
        // What libxml2 expected instead, in words: « l'élément « a » » or « l'un des éléments « a », « b » ».
        const std::string expected = expectedElements(raw);
        if (raw.find("This element is not expected") != std::string::npos)
            return "l'élément « " + element + " » n'est pas attendu à cet endroit" +
                   (expected.empty() ? std::string{"."} : " : il manque avant lui " + expected + ".");
        if (raw.find("Missing child element") != std::string::npos)
            return "il manque " + (expected.empty() ? std::string{"un élément"} : expected) + " à la fin de « " + element + " ».";
        if (raw.find("No matching global declaration") != std::string::npos)
            return "« " + element + " » n'est pas un type de document connu.";
        if (raw.find("is required but missing") != std::string::npos)
            return "l'attribut « " + attribute + " » est obligatoire dans « " + element + " ».";
        if (raw.find("The attribute '") != std::string::npos && raw.find("is not allowed") != std::string::npos)
            return "l'attribut « " + between(raw, "The attribute '", "'") + " » n'est pas permis dans « " + element + " ».";
        if (raw.find("[facet 'enumeration']") != std::string::npos)
            return "« " + value + " » n'est pas une valeur permise pour " + what + " (valeurs permises : " +
                   between(raw, "set {", "}") + ").";
        if (raw.find("[facet 'pattern']") != std::string::npos)
            return "la valeur « " + value + " » de " + what + " n'a pas la forme attendue.";
        if (raw.find("[facet 'maxLength']") != std::string::npos)
            return what + " est trop long (" + between(raw, "length of '", "'") + " caractères, au plus " +
                   between(raw, "maximum length of '", "'") + ").";
        if (raw.find("[facet 'minLength']") != std::string::npos)
            return what + " est vide.";
        if (raw.find("is not a valid value of the atomic type") != std::string::npos ||
            raw.find("is not a valid value of the local atomic type") != std::string::npos) {
            const std::string type = between(raw, "atomic type '", "'");
            return "la valeur « " + value + " » de " + what + " n'est pas valide" +
                   (type.find("date") != std::string::npos      ? " (date attendue sous la forme AAAA-MM-JJ)."
                    : type.find("boolean") != std::string::npos ? " (true ou false attendu)."
                    : type.find("nteger") != std::string::npos  ? " (nombre entier attendu)."
                                                                : ".");
        }
        if (raw.find("Character content other than whitespace is not allowed") != std::string::npos)
            return "l'élément « " + element + " » ne doit pas contenir de texte.";
        if (raw.find("Duplicate key-sequence") != std::string::npos)
            return "valeur en double dans « " + element + " ».";
    } else if (error.domain == XML_FROM_PARSER) {
        const std::string lead = "XML mal formé : ";
        switch (error.code) {
        case XML_ERR_TAG_NAME_MISMATCH:
            return lead + "la balise de fin ne correspond pas à la balise ouvrante « " + between(raw, "mismatch: ", " line") + " ».";
        case XML_ERR_DOCUMENT_EMPTY: return lead + "le document est vide.";
        case XML_ERR_DOCUMENT_END: return lead + "du contenu suit la fin de l'élément racine.";
        case XML_ERR_TAG_NOT_FINISHED: return lead + "l'élément « " + between(raw, "Premature end of data in tag ", " line") + " » n'est pas fermé.";
        case XML_ERR_INVALID_CHAR: return lead + "caractère interdit dans un document XML.";
        case XML_ERR_INVALID_ENCODING: return lead + "le document n'est pas correctement encodé (UTF-8 attendu).";
        case XML_ERR_UNDECLARED_ENTITY: return lead + "entité inconnue « " + between(raw, "Entity '", "'") + " » (les entités sont interdites).";
        case XML_ERR_LT_IN_ATTRIBUTE: return lead + "caractère « < » interdit dans une valeur d'attribut.";
        case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: return lead + "attribut sans valeur.";
        case XML_ERR_GT_REQUIRED:
        case XML_ERR_LTSLASH_REQUIRED: return lead + "balise mal fermée.";
        default: break;
        }
    }
    return std::string{prefix} + raw;
}

struct ErrorSink {
    XmlProblems* problems;
    const char* prefix;
};

void collect(void* userData, xmlErrorPtr error)
{
    auto* sink = static_cast<ErrorSink*>(userData);
    if (!error || error->level == XML_ERR_WARNING || sink->problems->size() >= 100)
        return;
    XmlProblem problem;
    problem.line = error->line;
    problem.column = error->int2;
    if (error->node && static_cast<xmlNode*>(error->node)->type == XML_ELEMENT_NODE) {
        const auto* node = static_cast<const xmlNode*>(error->node);
        problem.path = elementPath(node);
        if (problem.line <= 0)
            problem.line = lineOf(node);
    }
    problem.message = french(*error, sink->prefix);
    sink->problems->push_back(std::move(problem));
}

int depthOf(const xmlNode* node)
{
    int deepest = 0;
    for (const xmlNode* c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            deepest = std::max(deepest, depthOf(c));
    return deepest + 1;
}

struct SchemaFree {
    void operator()(xmlSchemaPtr schema) const { xmlSchemaFree(schema); }
};
using CompiledSchema = std::unique_ptr<xmlSchema, SchemaFree>;

xmlSchemaPtr compiledSchema(std::string_view name, std::string_view xsd)
{
    static std::mutex mutex;
    static std::map<std::string, CompiledSchema, std::less<>> cache;
    std::lock_guard lock{mutex};
    if (auto it = cache.find(name); it != cache.end())
        return it->second.get();
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
    xmlSchemaPtr schema = parser ? xmlSchemaParse(parser) : nullptr;
    if (parser)
        xmlSchemaFreeParserCtxt(parser);
    if (!schema)
        throw std::logic_error("embedded schema " + std::string{name} + " does not compile");
    cache.emplace(std::string{name}, CompiledSchema{schema});  // freed at exit: leak checkers stay quiet
    return schema;
}

// A DOCTYPE is refused as soon as the parser meets it, before any entity is declared or
// expanded (billion laughs, external entities): nothing in our formats needs one.
void refuseDoctype(void* context, const xmlChar*, const xmlChar*, const xmlChar*)
{
    auto* parser = static_cast<xmlParserCtxtPtr>(context);
    *static_cast<bool*>(parser->_private) = true;
    xmlStopParser(parser);
}

}  // namespace

std::unique_ptr<XmlDocument> XmlDocument::parse(std::string_view bytes, const XmlLimits& limits, XmlProblems& problems)
{
    std::call_once(libxmlInit, [] { xmlInitParser(); });
    if (bytes.size() > limits.maxBytes) {
        problems.push_back({0, 0, "", "Le document fait " + std::to_string(bytes.size()) +
                                          " octets ; la taille maximale acceptée est de " +
                                          std::to_string(limits.maxBytes) + " octets."});
        return nullptr;
    }
    if (bytes.empty()) {
        problems.push_back({0, 0, "", "Le document est vide."});
        return nullptr;
    }
    // UTF-32 (with or without its byte order mark) would read as an empty document.
    if (bytes.size() >= 4 && ((bytes[0] == '\0' && bytes[1] == '\0') || (bytes[2] == '\0' && bytes[3] == '\0'))) {
        problems.push_back({0, 0, "", "Encodage non pris en charge (UTF-32) : UTF-8 attendu."});
        return nullptr;
    }
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser)
        throw std::bad_alloc();
    bool doctype = false;
    parser->_private = &doctype;
    parser->sax->internalSubset = refuseDoctype;
    XmlProblems parseProblems;
    ErrorSink parseSink{&parseProblems, "XML mal formé : "};
    xmlSetStructuredErrorFunc(&parseSink, collect);
    // NONET: never fetch anything; no NOENT / DTDLOAD: entities stay unexpanded and no external
    // subset is read. No NOBLANKS: white space is part of what a signature covers.
    xmlDoc* doc = xmlCtxtReadMemory(parser, bytes.data(), static_cast<int>(bytes.size()), "document.xml", nullptr,
                                    XML_PARSE_NONET | XML_PARSE_NOCDATA);
    const int doctypeLine = parser->input ? parser->input->line : 0;
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    xmlFreeParserCtxt(parser);
    if (doctype) {
        if (doc)
            xmlFreeDoc(doc);
        problems.push_back({doctypeLine, 0, "", "Les déclarations DOCTYPE (DTD, entités) sont interdites."});
        return nullptr;
    }
    problems.insert(problems.end(), parseProblems.begin(), parseProblems.end());
    if (!doc || !parseProblems.empty()) {
        if (doc)
            xmlFreeDoc(doc);
        if (problems.empty())
            problems.push_back({0, 0, "", "Le document n'est pas du XML lisible."});
        return nullptr;
    }
    std::unique_ptr<XmlDocument> document{new XmlDocument{doc}};
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) {
        problems.push_back({0, 0, "", "Le document n'a pas d'élément racine."});
        return nullptr;
    }
    if (depthOf(root) > limits.maxDepth) {
        problems.push_back({0, 0, "", "Le document est imbriqué sur plus de " + std::to_string(limits.maxDepth) +
                                          " niveaux."});
        return nullptr;
    }
    return document;
}

XmlDocument::~XmlDocument() { xmlFreeDoc(doc_); }

xmlNode* XmlDocument::root() const { return xmlDocGetRootElement(doc_); }

bool XmlDocument::validate(std::string_view schemaName, std::string_view xsd, XmlProblems& problems) const
{
    xmlSchemaPtr schema = compiledSchema(schemaName, xsd);
    xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt(schema);
    if (!context)
        throw std::bad_alloc();
    ErrorSink sink{&problems, "document non conforme au schéma : "};
    xmlSchemaSetValidStructuredErrors(context, collect, &sink);
    const int rc = xmlSchemaValidateDoc(context, doc_);
    xmlSchemaFreeValidCtxt(context);
    if (rc != 0 && problems.empty())
        problems.push_back({0, 0, "", "Le document n'est pas conforme au schéma " + std::string{schemaName} + "."});
    return rc == 0;
}

std::vector<xmlNode*> children(const xmlNode* parent, std::string_view name)
{
    std::vector<xmlNode*> out;
    for (xmlNode* c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(c->name))
            out.push_back(c);
    return out;
}

xmlNode* child(const xmlNode* parent, std::string_view name)
{
    for (xmlNode* c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(c->name))
            return c;
    return nullptr;
}

std::string text(const xmlNode* node)
{
    if (!node)
        return {};
    std::string out;
    for (const xmlNode* c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            out += reinterpret_cast<const char*>(c->content);
    const auto first = out.find_first_not_of(" \t\r\n");
    const auto last = out.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string{} : out.substr(first, last - first + 1);
}

std::optional<std::string> attribute(const xmlNode* node, const char* name)
{
    for (const xmlAttr* a = node->properties; a; a = a->next) {
        if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0 || a->ns)
            continue;
        std::string value;
        for (const xmlNode* c = a->children; c; c = c->next)
            if (c->content)
                value += reinterpret_cast<const char*>(c->content);
        return value;
    }
    return std::nullopt;
}

std::string localName(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string elementPath(const xmlNode* node)
{
    std::string path;
    for (const xmlNode* n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        int index = 0;
        int same = 0;
        if (n->parent && n->parent->type == XML_ELEMENT_NODE) {
            for (const xmlNode* s = n->parent->children; s; s = s->next) {
                if (s->type != XML_ELEMENT_NODE || std::strcmp(reinterpret_cast<const char*>(s->name),
                                                               reinterpret_cast<const char*>(n->name)) != 0)
                    continue;
                ++same;
                if (s == n)
                    index = same;
            }
        }
        std::string step = "/" + localName(n);
        if (same > 1)
            step += "[" + std::to_string(index) + "]";
        path = step + path;
    }
    return path;
}

int lineOf(const xmlNode* node) { return static_cast<int>(xmlGetLineNo(node)); }

XmlProblem problemAt(const xmlNode* node, std::string message)
{
    return XmlProblem{lineOf(node), 0, elementPath(node), std::move(message)};
}

}  // namespace cqp::ingest::detail
