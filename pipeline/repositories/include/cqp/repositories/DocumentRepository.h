#pragma once

#include "cqp/repositories/DocumentRecords.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// Stored files (scans, diplomas, received XML), kept once per content (SHA-256).
class DocumentRepository {
public:
    explicit DocumentRepository(detail::Database& db) : db_{db} {}

    /// Stores the bytes unless the same content is already there; returns the document's id.
    /// `sha256`: the content's, when already known.
    Id store(const std::string& content, const std::string& mediaType, const std::string& fileName, rules::Date receivedOn,
             const std::string& sha256 = {});
    std::optional<Document> document(Id id);
    std::optional<Document> bySha256(const std::string& sha256);
    /// The newest document stored under that file name (the jury's list and file).
    std::optional<Document> latestNamed(const std::string& fileName);

    void attachToCandidate(Id candidateId, Id documentId, DocumentKind kind, rules::Date on);
    void attachToCandidature(Id candidatureId, Id documentId, DocumentKind kind, rules::Date on);
    /// Ids of the documents of that kind attached to the candidate (or candidature), oldest first.
    std::vector<Id> candidateDocuments(Id candidateId, DocumentKind kind);
    std::vector<Id> candidatureDocuments(Id candidatureId, DocumentKind kind);

    /// Set-based: those of the candidates / candidatures that have a document of `kind`.
    std::vector<Id> candidatesWithDocument(const std::vector<Id>& candidateIds, DocumentKind kind);
    std::vector<Id> candidaturesWithDocument(const std::vector<Id>& candidatureIds, DocumentKind kind);

private:
    detail::Database& db_;
};

/// Lower-case hexadecimal SHA-256 of `bytes`.
std::string sha256Hex(const std::string& bytes);

}  // namespace cqp::pipeline
