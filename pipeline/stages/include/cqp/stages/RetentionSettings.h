#pragma once

// How long `cqp` keeps what it keeps (`retention.*`, justified in docs/rgpd.md); the purge stage
// applies it every night.

namespace cqp::pipeline {

struct RetentionSettings {
    int receivedMailDays = 365;  ///< raw received messages, once processed (their documents stay with the dossier)
    int refusedMailDays = 180;   ///< raw messages quarantined, ignored, set aside, duplicates
    int sentMailDays = 365;      ///< bodies (and attachment links) of sent or failed mails; the header stays
    int logsDays = 365;          ///< the access and action logs
    int juryFilesDays = 365;     ///< copies in the jury and print folders
    /// Documents nothing refers to any more are deleted once this old (a margin for a document
    /// stored by a transaction still to attach it).
    int orphanDocumentDays = 30;
};

}  // namespace cqp::pipeline
