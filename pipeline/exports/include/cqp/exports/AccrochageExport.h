#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Referential.h"

#include <map>
#include <string>

namespace cqp::pipeline {

class Store;

/// What the Caisse des Dépôts knows the branch by, and the national code of each CQP.
struct AccrochageSettings {
    std::string idClient = "00000000";   ///< 8 characters, given by the CDC
    std::string idContrat = "CQPIC";     ///< ≤ 20 characters
    std::string certificationType = "RNCP";
    std::map<std::string, std::string> codes;  ///< CQP code → national code (e.g. RNCP34567); default: the CQP code
};

struct AccrochageResult {
    std::string xml;
    int passages = 0;
};

/// The holders delivered from `from` to `to` (parchment issue dates, both included) as the
/// CDC "accrochage" flux (urn:cdc:cpf:pc5:schema:1.0.0). Only full deliveries (validé) are
/// certifications: partial outcomes (attestations) are not reported until the candidate
/// completes the CQP. Revoked parchments are left out. The same period always gives the same
/// document: idTechnique is the parchment's number, the flux id and time stamp come from the period.
AccrochageResult exportAccrochage(Store& store, const rules::Referential& referential, const AccrochageSettings& settings,
                                  rules::Date from, rules::Date to);

}  // namespace cqp::pipeline
