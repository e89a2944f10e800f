#pragma once

// A person's rights over what `cqp` keeps (docs/rgpd.md): access and portability (everything
// about a candidate, as JSON with the original files, in a zip), and the log of who read it.

#include "cqp/actions/Secretariat.h"
#include "cqp/repositories/ConsoleRecords.h"
#include "cqp/stages/PurgeStage.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cqp::pipeline {

class Store;

struct PersonExport {
    std::string json;  ///< export.json: every row about the person, by table, and the file list
    struct File {
        std::string path;  ///< inside the zip, e.g. documents/12-outil6-dupont.png
        std::string mediaType;
        std::string content;
    };
    std::vector<File> files;                  ///< the documents those rows name
    std::map<std::string, std::size_t> rows;  ///< rows exported per table
};

/// Everything the store holds about candidate `candidateId` (NoSuchItem when unknown): the rows
/// of every table naming the candidate or one of its candidatures (PrivacyRepository), the
/// documents they name and the attachments of the mails about them. The export is itself a
/// reading of the person's data: recorded in the access log, in its own transaction.
PersonExport exportPerson(Store& store, Id candidateId, const Actor& actor);

/// The export as a zip: export.json, then the files.
void writeExportZip(const PersonExport& exported, const std::filesystem::path& file);

/// Erases candidate `candidateId` where no legal duty requires keeping (PrivacyRepository::erase):
/// refused — nothing done, the message says why — while one of their candidatures is still in
/// progress. Then removes the copies outside the store: the spool files of the mails about them
/// (and of the jury mails that carried their files), the jury folder's lists and files of their
/// juries, the print batches that held their parchment; and compacts the store so that its files
/// keep nothing of them. The action log says who erased whom, and why.
ActionOutcome erasePerson(Store& store, Id candidateId, const std::string& reason, const Actor& actor, rules::Date today,
                          const ErasureFolders& folders);

/// A string as a JSON string literal (quotes, backslashes and control characters escaped).
std::string jsonString(std::string_view text);

}  // namespace cqp::pipeline
