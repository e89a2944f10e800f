#pragma once

#include "cqp/ingest/Submission.h"
#include "cqp/ingest/XmlProblem.h"

#include <memory>
#include <optional>
#include <string_view>

namespace cqp::ingest {

/// A schema-valid submission, still holding its parsed document so that its signature can be
/// checked against whichever key the caller trusts for the claimed sender.
class ParsedSubmission : public SubmittedDocument {
public:
    ~ParsedSubmission() override;
    ParsedSubmission(const ParsedSubmission&) = delete;
    ParsedSubmission& operator=(const ParsedSubmission&) = delete;

    SubmissionKind kind() const override;
    const SubmissionBody& body() const override;
    std::string locate(std::string_view element, const std::string& message, int index = 0) const override;
    /// The account the document claims to come from (`compte`); empty for self-signed kinds.
    std::optional<std::int64_t> claimedAccount() const;

    /// "1.0" or "1.1" (the root's `version`).
    const std::string& version() const;
    /// Version 1.1: the sender's unique identifier of this document and its signing date,
    /// both covered by the signature. Empty in version 1.0.
    const std::optional<std::string>& identifier() const;
    const std::optional<rules::Date>& signingDate() const;
    /// What the signature covers, in one form: the document without its ds:Signature element,
    /// exclusive XML canonicalisation without comments (UTF-8, attributes normalised). Two
    /// documents that differ only in quoting, comments, encoding, whitespace outside the root or
    /// the signature element's content have the same canonical form.
    std::string canonicalForm() const;

    bool hasSignature() const;
    /// Checks the enveloped XML signature (RSA or ECDSA with SHA-256, one reference to the
    /// whole document, URI="") with `publicKeyPem`. Empty when it verifies.
    XmlProblems verifySignature(std::string_view publicKeyPem) const;

    /// Where the first `localName` element (the `index`-th one) is, with `message`; used to
    /// locate problems found when the submission is applied.
    XmlProblem at(std::string_view localName, std::string message, int index = 0) const;

    struct Impl;
    explicit ParsedSubmission(std::unique_ptr<Impl> impl);

private:
    std::unique_ptr<Impl> impl_;
};

struct SubmissionReadResult {
    std::unique_ptr<ParsedSubmission> submission;  ///< set when there is no problem
    XmlProblems problems;                          ///< French, located (line, column, path)
};

/// Parses and validates one submission (safe parsing, schema soumission.xsd, kind-specific
/// checks the schema cannot express).
SubmissionReadResult readSubmission(std::string_view bytes, const XmlLimits& limits = {});

std::string_view submissionSchema();

}  // namespace cqp::ingest
