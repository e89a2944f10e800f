// The reference data: the referential of CQP and the registry of évaluateurs habilités.

#include "CommandSupport.h"

#include "cqp/ingest/EvaluatorRegistryReader.h"
#include "cqp/ingest/ReferentialReader.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/Store.h"

namespace cqp::pipeline::detail {

namespace {

int cmdReferentialCheck(Invocation& inv)
{
    const std::string& path = operand(inv, 2, "FILE");
    expectWords(inv, 3);
    const auto result = ingest::readReferential(readFile(path));
    for (const auto& problem : result.problems)
        inv.out << path << ": " << problem.describe() << "\n";
    if (!result.problems.empty()) {
        inv.out << result.problems.size() << " problème(s) dans " << path << "\n";
        return ExitRejected;
    }
    std::size_t competences = 0;
    for (const auto& c : result.referential->certificates)
        competences += c.competences.size();
    inv.out << path << " : valide, version " << result.referential->version << ", "
            << result.referential->certificates.size() << " certificats, " << competences << " compétences"
            << (result.referential->example ? " (compétences d'exemple : à remplacer par les listes officielles)" : "")
            << "\n";
    return ExitDone;
}

int cmdEvaluatorImport(Invocation& inv)
{
    const std::string& path = operand(inv, 2, "FILE");
    expectWords(inv, 3);
    const auto referential = loadReferential(inv.settings);
    const auto result = ingest::readEvaluatorRegistry(readFile(path), referential);
    if (!result.registry) {
        for (const auto& problem : result.problems)
            inv.out << path << ": " << problem.describe() << "\n";
        inv.out << "rien n'est importé : " << result.problems.size() << " problème(s)\n";
        return ExitRejected;
    }
    std::vector<Evaluator> evaluators;
    for (const auto& e : result.registry->evaluators)
        evaluators.push_back(Evaluator{0, e.registryNumber, e.nom, e.prenom, e.email, result.registry->publishedOn,
                                       e.employerSirens, e.habilitations});
    auto store = openStore(inv.settings);
    const auto imported = store->evaluators().importRegistry(evaluators);
    inv.out << "registre du " << result.registry->publishedOn.french() << " : " << imported.added << " ajouté(s), "
            << imported.updated << " mis à jour, " << imported.unchanged << " inchangé(s)\n";
    return ExitDone;
}

int cmdEvaluatorList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& e : store->evaluators().all()) {
        inv.out << e.registryNumber << "  " << e.prenom << " " << e.nom << " <" << e.email << ">";
        for (const auto& h : e.habilitations)
            inv.out << "  " << h.certificateCode << " " << h.validFrom.iso() << ".."
                    << (h.validUntil ? h.validUntil->iso() : std::string{});
        inv.out << "\n";
    }
    return ExitDone;
}

}  // namespace

CommandList referenceCommands()
{
    return {
        {{"referential", "check"},
         "referential check FILE",
         "validate a referential file and list every problem",
         {},
         cmdReferentialCheck},
        {{"evaluator", "import"},
         "evaluator import FILE",
         "import the registry of évaluateurs habilités (XML)",
         {},
         cmdEvaluatorImport},
        {{"evaluator", "list"},
         "evaluator list",
         "list the évaluateurs habilités and their habilitations",
         {},
         cmdEvaluatorList},
    };
}

}  // namespace cqp::pipeline::detail
