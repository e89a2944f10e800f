#include "cqp/actions/Privacy.h"

#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/PrivacyRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/StateMachine.h"
#include "cqp/rules/Status.h"
#include "cqp/store/Clock.h"

#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>

#include <fstream>
#include <set>
#include <sstream>

namespace cqp::pipeline {

std::string jsonString(std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

namespace {

// Only letters, digits, '.', '-' and '_' of a stored file name go into a path of the zip.
std::string safeName(const std::string& name)
{
    std::string out;
    for (const char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
            out += c;
    while (!out.empty() && out.front() == '.')
        out.erase(0, 1);
    return out.empty() ? "document" : out.substr(0, 100);
}

bool namesDocument(const std::string& column)
{
    return column == "document_id" || (column.size() > 12 && column.ends_with("_document_id"));
}

}  // namespace

PersonExport exportPerson(Store& store, Id candidateId, const Actor& actor)
{
    const auto candidate = store.candidatures().candidate(candidateId);
    if (!candidate)
        throw NoSuchItem("aucun candidat n°" + std::to_string(candidateId));
    const auto candidatures = store.candidatures().candidaturesOfCandidate(candidateId);
    PersonExport out;
    std::set<Id> documents;
    std::string tables;
    for (const auto& table : store.privacy().tablesAboutCandidates()) {
        const auto rows = store.privacy().rowsAbout(table, candidateId, candidatures);
        out.rows[table.name] = rows.size();
        std::string list;
        for (const auto& row : rows) {
            std::string object;
            for (const auto& [column, value] : row) {
                object += (object.empty() ? "" : ", ") + jsonString(column) + ": " + (value ? jsonString(*value) : "null");
                if (value && namesDocument(column) && !value->empty())
                    documents.insert(std::stoll(*value));
                if (value && table.name == "outbox" && column == "id")
                    for (const Id attached : store.mail().attachments(std::stoll(*value)))
                        documents.insert(attached);
            }
            list += (list.empty() ? "\n    {" : ",\n    {") + object + "}";
        }
        tables += (tables.empty() ? "\n  " : ",\n  ") + jsonString(table.name) + ": [" + list + (list.empty() ? "]" : "\n  ]");
    }
    std::string files;
    for (const Id id : documents)
        if (const auto d = store.documents().document(id)) {
            PersonExport::File file{"documents/" + std::to_string(id) + "-" + safeName(d->fileName), d->mediaType, d->content};
            files += (files.empty() ? "\n    {" : ",\n    {") + std::string{"\"document\": "} + std::to_string(id) +
                     ", \"chemin\": " + jsonString(file.path) + ", \"type\": " + jsonString(d->mediaType) +
                     ", \"octets\": " + std::to_string(d->content.size()) + ", \"sha256\": " + jsonString(d->sha256) + "}";
            out.files.push_back(std::move(file));
        }
    const std::string at = utcTimestamp();
    out.json = "{\n  \"format\": \"cqp-export-personne-1\",\n  \"candidat\": " + std::to_string(candidateId) +
               ",\n  \"exporte_le\": " + jsonString(at) + ",\n  \"par\": " + jsonString(actor.label()) +
               ",\n  \"note\": \"Tout ce que cqp conserve sur cette personne : chaque ligne de chaque table qui la nomme "
               "(par son numéro de candidat ou de candidature), et les fichiers que ces lignes citent.\"" +
               ",\n  \"tables\": {" + tables + "\n  },\n  \"fichiers\": [" + files + (files.empty() ? "]" : "\n  ]") + "\n}\n";
    store.transaction([&] {
        store.console().logAccess({0, at, actor.label(), actor.channel, candidateId, std::nullopt, "export (droit d'accès)"});
    });
    return out;
}

void writeExportZip(const PersonExport& exported, const std::filesystem::path& file)
{
    std::ofstream out{file, std::ios::binary | std::ios::trunc};
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
    Poco::Zip::Compress zip{out, true};
    const Poco::DateTime now;
    std::istringstream json{exported.json};
    zip.addFile(json, now, Poco::Path{"export.json"});
    for (const auto& f : exported.files) {
        std::istringstream content{f.content};
        zip.addFile(content, now, Poco::Path{f.path});
    }
    zip.close();
    out.flush();
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

}  // namespace cqp::pipeline

namespace cqp::pipeline {

ActionOutcome erasePerson(Store& store, Id candidateId, const std::string& reason, const Actor& actor, rules::Date today,
                          const ErasureFolders& folders)
{
    const auto candidate = store.candidatures().candidate(candidateId);
    if (!candidate)
        throw NoSuchItem("aucun candidat n°" + std::to_string(candidateId));
    const auto candidatures = store.candidatures().candidaturesOfCandidate(candidateId);
    for (const Id id : candidatures)
        if (const auto c = store.candidatures().candidature(id); c && !rules::isFinal(c->status))
            return {false, "effacement refusé : la candidature n°" + std::to_string(id) + " est en cours (« " +
                               std::string{rules::statusLabel(c->status)} +
                               " ») ; ses données servent encore à l'instruire. L'effacement sera possible une fois la décision du "
                               "jury rendue."};
    PrivacyRepository::Erased erased;
    store.transaction([&] {
        erased = store.privacy().erase(candidateId, candidatures, true, false, today.iso());
        store.console().logAction({0, utcTimestamp(), actor.label(), actor.channel, "privacy.erase",
                                   "candidat " + std::to_string(candidateId), reason});
    });
    // The copies outside the store, now that the store no longer names them.
    const std::size_t files = removeCopies(erased, folders);
    store.compact();
    return {true, "candidat n°" + std::to_string(candidateId) + " effacé le " + today.french() + " : " + std::to_string(erased.rows) +
                      " ligne(s) supprimée(s) ou vidée(s), " + std::to_string(files) +
                      " fichier(s) retiré(s) des dossiers d'envoi, de jury et d'impression ; le registre de ses parchemins garde "
                      "leur numéro, leur code et leurs dates"};
}

}  // namespace cqp::pipeline
