#pragma once

// What the secretariat reads for the store's codes, in French: shared by the command line and
// the console so that both say the same thing.

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/ConsoleRecords.h"
#include "cqp/repositories/MailRecords.h"
#include "cqp/repositories/ParchmentRecords.h"

#include <string>
#include <string_view>

namespace cqp::pipeline {

std::string outboxStateLabel(OutboxState state);
std::string receivedStateLabel(ReceivedState state);
std::string accountStatusLabel(AccountStatus status);
std::string accountRoleLabel(AccountRole role);
std::string consoleRoleLabel(ConsoleRole role);
/// What became of a scan (MailRepository::scanOutcome): « en attente de lecture », « lu »…; ""
/// for a document that is not a scan.
std::string scanStateLabel(const std::string& outcome);
/// « parchemin n° 2027-0001 du 16/06/2027[, code …], valide » or « …, révoquée le … (raison) »,
/// agreed with the document's kind.
std::string parchmentLine(const Parchment& parchment, bool withCode);
/// An event of an account's history (AccountRepository::addEvent): « suspendu », « rouvert »…
std::string accountEventLabel(const std::string& event);
/// An ISO UTC timestamp (2026-12-01T05:21:42.123Z) as « 01/12/2026 à 05:21 UTC »; other text as is.
std::string frenchTimestamp(const std::string& iso);
/// Text made safe inside XML or HTML content and quoted attribute values: & < > " ' escaped.
std::string markupEscaped(std::string_view text);
/// « parchemin » or « attestation ».
std::string paperName(const Parchment& parchment);

}  // namespace cqp::pipeline
