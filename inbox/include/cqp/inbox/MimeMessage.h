#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cqp::inbox {

/// Limits applied to every received message.
struct MimeLimits {
    std::size_t maxMessageBytes = 25 * 1024 * 1024;
    std::size_t maxDecodedBytes = 50 * 1024 * 1024;
    int maxParts = 200;
    int maxDepth = 10;
};

/// A file carried by the message, decoded, with a safe name (no path, no control characters).
struct MailAttachment {
    std::string fileName;
    std::string mediaType;  ///< lower case, e.g. application/pdf
    std::string content;
};

/// What cqp needs of one received message. Text is UTF-8.
struct MimeMessage {
    std::string messageId;     ///< without angle brackets; "" when absent
    std::string from;          ///< the address only, lower case ("" when the From line holds none or several)
    std::string fromDisplay;   ///< as written, decoded
    std::string subject;       ///< decoded (RFC 2047)
    std::string returnPath;
    std::string body;          ///< the first text/plain part (or text of text/html), UTF-8
    std::vector<MailAttachment> attachments;
    bool automatic = false;    ///< auto-reply, bounce, list or bulk mail: never answered
    std::string automaticWhy;  ///< French, which header said so
    std::string inReplyTo;     ///< In-Reply-To and References as written (Message-IDs in angle brackets)
    std::string references;
    bool encrypted = false;    ///< S/MIME or PGP: cannot be read
    std::vector<std::string> authenticationResults;  ///< every Authentication-Results header, top first
    std::vector<std::string> notes;  ///< French: what was odd but recoverable (charset, names…)
};

/// Thrown when a message cannot be read at all (structure, limits); the caller quarantines it.
struct MimeError {
    explicit MimeError(std::string why) : reason{std::move(why)} {}
    std::string reason;  ///< French
    /// What the header said, when it could be read (to answer the sender).
    std::string from;
    std::string subject;
    std::string messageId;
    bool automatic = false;
    std::string automaticWhy;
    std::string inReplyTo;
    std::string references;
};

/// Parses a raw RFC 5322 message with Poco's MIME classes: nested multiparts, forwarded
/// messages (message/rfc822), base64 and quoted-printable, RFC 2047 words, RFC 2231 file
/// names, UTF-8 / ISO-8859-1 / Windows-1252 text. Throws MimeError.
MimeMessage parseMime(const std::string& raw, const MimeLimits& limits = {});

/// What the header of a message says (From, Subject, Message-ID, automatic markers), read from
/// its first bytes only: for a message too big to be read whole. Never throws.
MimeMessage parseHeaderOnly(const std::string& head);

/// What identifies a message's content whichever way it came: the SHA-256 (hexadecimal) of the
/// message without the trace fields relays add at its top (Received, Return-Path, Delivered-To,
/// X-Original-To, Authentication-Results, ARC-*, X-Spam-*). Computed without copying the message.
std::string contentDigest(const std::string& raw);

/// Converts `text` in `charset` to UTF-8; unknown charsets are returned unchanged (`known` false).
std::string toUtf8(const std::string& text, const std::string& charset, bool* known = nullptr);

/// A file name safe to store and show: no directories, no control characters, no leading dot.
std::string safeFileName(const std::string& name, int index);

}  // namespace cqp::inbox
