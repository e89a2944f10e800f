#pragma once

#include <string>
#include <vector>

namespace cqp::outbox {

struct OutgoingAttachment {
    std::string fileName;
    std::string mediaType;
    std::string content;
};

/// One mail as cqp sends it: plain text in UTF-8, French, marked as automatic (RFC 3834) so
/// that well-behaved robots never answer it.
struct OutgoingMessage {
    std::string messageId;                 ///< without angle brackets, deterministic per outbox row
    std::string from;                      ///< "Secrétariat des CQP <cqp@branche.example>"
    std::vector<std::string> to;           ///< addresses
    std::string subject;
    std::string body;
    std::string inReplyTo;                 ///< Message-ID answered, without angle brackets
    bool reply = false;                    ///< Auto-Submitted: auto-replied (else auto-generated)
    std::string dateIso;                   ///< when it was queued (ISO 8601 UTC): the Date header
    std::vector<OutgoingAttachment> attachments;
};

/// The message as RFC 5322 text (Poco MailMessage): RFC 2047 subject, quoted-printable body.
std::string composeMessage(const OutgoingMessage& message);

/// Splits "a@x.fr, b@y.fr" into addresses.
std::vector<std::string> splitAddresses(const std::string& list);

}  // namespace cqp::outbox
