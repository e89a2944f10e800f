#include "cqp/repositories/DocumentRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace cqp::pipeline {

using namespace detail;

std::string sha256Hex(const std::string& bytes)
{
    // OpenSSL's, which uses the processor's SHA instructions (Poco's is several times slower).
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * length, '0');
    for (unsigned int i = 0; i < length; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    return out;
}

Id DocumentRepository::store(const std::string& content, const std::string& mediaType, const std::string& fileName,
                             rules::Date receivedOn, const std::string& sha256)
{
    const std::string hash = sha256.empty() ? sha256Hex(content) : sha256;
    // Stored once per content. A submission's XML is new (a replay is caught before it is
    // stored): sent with its insert, one statement. A file (scan, PDF, form) may come again —
    // the same scan in several messages — and is large: looked up first, not sent for nothing.
    const bool submission = mediaType == "application/xml";
    if (!submission)
        if (const Id known = db_.scalar("SELECT id FROM documents WHERE sha256 = ?", {hash}))
            return known;
    Id id = db_.insert("INSERT INTO documents (sha256, media_type, file_name, size, content, received_on)"
                       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                       {hash, mediaType, fileName, static_cast<std::int64_t>(content.size()), Bytes{content}, receivedOn.iso()});
    if (id == 0)
        id = db_.scalar("SELECT id FROM documents WHERE sha256 = ?", {hash});
    return id;
}

namespace {

constexpr const char* columns = "SELECT id, sha256, media_type, file_name, content, received_on FROM documents";

Document documentFrom(const Row& r)
{
    return Document{r.integer("id"), r.text("sha256"), r.text("media_type"), r.text("file_name"), r.bytes("content"), date(r, "received_on")};
}

}  // namespace

std::optional<Document> DocumentRepository::document(Id id)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE id = ?", {id});
    return row ? std::optional{documentFrom(*row)} : std::nullopt;
}

std::optional<Document> DocumentRepository::bySha256(const std::string& sha256)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE sha256 = ?", {sha256});
    return row ? std::optional{documentFrom(*row)} : std::nullopt;
}

std::optional<Document> DocumentRepository::latestNamed(const std::string& fileName)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE file_name = ? ORDER BY id DESC LIMIT 1", {fileName});
    return row ? std::optional{documentFrom(*row)} : std::nullopt;
}

namespace {

// candidate_documents and candidature_documents have the same shape: (owner, document, kind).
struct LinkTable {
    const char* table;
    const char* owner;
};
constexpr LinkTable candidateLinks{"candidate_documents", "candidate_id"};
constexpr LinkTable candidatureLinks{"candidature_documents", "candidature_id"};

void attach(Database& db, const LinkTable& t, Id owner, Id documentId, DocumentKind kind, rules::Date on)
{
    const std::string where = std::string{" WHERE "} + t.owner + " = ? AND document_id = ? AND kind = ?";
    if (db.scalar(std::string{"SELECT COUNT(*) FROM "} + t.table + where, {owner, documentId, documentKindCode(kind)}) == 0)
        db.execute(std::string{"INSERT INTO "} + t.table + " (" + t.owner + ", document_id, kind, attached_on) VALUES (?, ?, ?, ?)",
                   {owner, documentId, documentKindCode(kind), on.iso()});
}

std::vector<Id> attached(Database& db, const LinkTable& t, Id owner, DocumentKind kind)
{
    std::vector<Id> out;
    for (const auto& r : db.query(std::string{"SELECT document_id FROM "} + t.table + " WHERE " + t.owner +
                                      " = ? AND kind = ? ORDER BY attached_on, document_id",
                                  {owner, documentKindCode(kind)}))
        out.push_back(r.integer(0));
    return out;
}

std::vector<Id> owning(Database& db, const LinkTable& t, const std::vector<Id>& owners, DocumentKind kind)
{
    return ids(db.query(std::string{"SELECT DISTINCT "} + t.owner + " FROM " + t.table + " WHERE " + t.owner + in(db) +
                            " AND kind = ?",
                        {db.dialect().idList(owners), documentKindCode(kind)}));
}

}  // namespace

std::vector<Id> DocumentRepository::candidatesWithDocument(const std::vector<Id>& candidateIds, DocumentKind kind)
{
    return owning(db_, candidateLinks, candidateIds, kind);
}

std::vector<Id> DocumentRepository::candidaturesWithDocument(const std::vector<Id>& candidatureIds, DocumentKind kind)
{
    return owning(db_, candidatureLinks, candidatureIds, kind);
}

void DocumentRepository::attachToCandidate(Id candidateId, Id documentId, DocumentKind kind, rules::Date on)
{
    attach(db_, candidateLinks, candidateId, documentId, kind, on);
}

void DocumentRepository::attachToCandidature(Id candidatureId, Id documentId, DocumentKind kind, rules::Date on)
{
    attach(db_, candidatureLinks, candidatureId, documentId, kind, on);
}

std::vector<Id> DocumentRepository::candidateDocuments(Id candidateId, DocumentKind kind)
{
    return attached(db_, candidateLinks, candidateId, kind);
}

std::vector<Id> DocumentRepository::candidatureDocuments(Id candidatureId, DocumentKind kind)
{
    return attached(db_, candidatureLinks, candidatureId, kind);
}

}  // namespace cqp::pipeline
