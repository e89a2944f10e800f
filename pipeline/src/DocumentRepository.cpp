#include "cqp/pipeline/DocumentRepository.h"

#include "Convert.h"
#include "Database.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace cqp::pipeline {

using namespace detail;

std::string sha256Hex(const std::string& bytes)
{
    Poco::SHA2Engine engine{Poco::SHA2Engine::SHA_256};
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

Id DocumentRepository::store(const std::string& content, const std::string& mediaType, const std::string& fileName,
                             rules::Date receivedOn)
{
    const std::string hash = sha256Hex(content);
    Id id = 0;
    db_.transaction([&] {
        if (auto existing = db_.queryOne("SELECT id FROM documents WHERE sha256 = ?", {hash})) {
            id = existing->integer(0);
            return;
        }
        id = db_.insert("INSERT INTO documents (sha256, media_type, file_name, size, content, received_on)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        {hash, mediaType, fileName, static_cast<std::int64_t>(content.size()), Bytes{content},
                         receivedOn.iso()});
    });
    return id;
}

namespace {

constexpr const char* columns = "SELECT id, sha256, media_type, file_name, content, received_on FROM documents";

Document documentFrom(const Row& r)
{
    return Document{r.integer(0), r.text(1), r.text(2), r.text(3), r.bytes(4), date(r, 5)};
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

void DocumentRepository::attachToCandidate(Id candidateId, Id documentId, DocumentKind kind, rules::Date on)
{
    if (db_.scalar("SELECT COUNT(*) FROM candidate_documents WHERE candidate_id = ? AND document_id = ? AND kind = ?",
                   {candidateId, documentId, documentKindCode(kind)}) == 0)
        db_.execute("INSERT INTO candidate_documents (candidate_id, document_id, kind, attached_on) VALUES (?, ?, ?, ?)",
                    {candidateId, documentId, documentKindCode(kind), on.iso()});
}

void DocumentRepository::attachToCandidature(Id candidatureId, Id documentId, DocumentKind kind, rules::Date on)
{
    if (db_.scalar("SELECT COUNT(*) FROM candidature_documents WHERE candidature_id = ? AND document_id = ? AND kind = ?",
                   {candidatureId, documentId, documentKindCode(kind)}) == 0)
        db_.execute("INSERT INTO candidature_documents (candidature_id, document_id, kind, attached_on) VALUES (?, ?, ?, ?)",
                    {candidatureId, documentId, documentKindCode(kind), on.iso()});
}

std::vector<Id> DocumentRepository::candidateDocuments(Id candidateId, DocumentKind kind)
{
    std::vector<Id> out;
    for (const auto& r : db_.query("SELECT document_id FROM candidate_documents WHERE candidate_id = ? AND kind = ?"
                                   " ORDER BY attached_on, document_id",
                                   {candidateId, documentKindCode(kind)}))
        out.push_back(r.integer(0));
    return out;
}

std::vector<Id> DocumentRepository::candidatureDocuments(Id candidatureId, DocumentKind kind)
{
    std::vector<Id> out;
    for (const auto& r : db_.query("SELECT document_id FROM candidature_documents WHERE candidature_id = ? AND kind = ?"
                                   " ORDER BY attached_on, document_id",
                                   {candidatureId, documentKindCode(kind)}))
        out.push_back(r.integer(0));
    return out;
}

}  // namespace cqp::pipeline
