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
    /// A dossier judged this many years ago — every candidature of the person decided before — is
    /// reduced to the register of parchments, as an erasure would (docs/rgpd.md).
    int decidedDossierYears = 5;
    /// A dossier that never reached a decision and has not moved for this many years is too.
    int abandonedDossierYears = 3;
    /// Documents nothing refers to any more are deleted once this old (a margin for a document
    /// stored by a transaction still to attach it).
    int orphanDocumentDays = 30;
};

}  // namespace cqp::pipeline
