// The jury commands: calendar, members, moves and decisions given by the secretariat.

#include "CommandSupport.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/StateMachine.h"
#include <filesystem>
#include <iomanip>

namespace cqp::pipeline::detail {

namespace {

int cmdJuryAdd(Invocation& inv)
{
    expectWords(inv, 2);
    const auto date = rules::Date::parseIso(option(inv, "meeting"));
    if (!date)
        throw UsageError("--meeting must be YYYY-MM-DD");
    const Id capacity = parseId(option(inv, "capacity"), "--capacity");
    std::optional<std::string> cqp;
    if (auto it = inv.options.find("cqp"); it != inv.options.end()) {
        const auto referential = loadReferential(inv.settings);
        if (!referential.certificate(it->second))
            throw UsageError("no CQP " + it->second + " in the referential");
        cqp = it->second;
    }
    auto store = openStore(inv.settings);
    Jury jury;
    jury.date = *date;
    jury.capacity = static_cast<int>(capacity);
    jury.certificateCode = cqp;
    jury.createdOn = inv.today;
    const Id id = store->juries().addJury(jury);
    inv.out << "jury n°" << id << " du " << date->french() << ", " << capacity << " places" << (cqp ? ", CQP " + *cqp : "")
            << ", inscriptions jusqu'au " << rules::registrationCutoff(*date, inv.settings.deadlines).french() << "\n";
    return ExitDone;
}

int cmdJuryList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    inv.out << padded("n°", 5) << padded("date", 12) << padded("CQP", 10) << padded("places", 8) << padded("placées", 9)
            << padded("inscriptions jusqu'au", 23) << "état\n";
    for (const auto& j : store->juries().calendar()) {
        const auto cutoff = rules::registrationCutoff(j.date, inv.settings.deadlines);
        std::string state = j.frozenOn           ? "liste arrêtée le " + j.frozenOn->french()
                            : j.date < inv.today ? "tenu"
                            : cutoff < inv.today ? "inscriptions closes"
                                                 : "ouvert";
        inv.out << padded(std::to_string(j.id), 5) << padded(j.date.french(), 12) << padded(j.certificateCode.value_or("tous"), 10)
                << padded(std::to_string(j.capacity), 8) << padded(std::to_string(j.placed), 9) << padded(cutoff.french(), 23)
                << state << "\n";
    }
    return ExitDone;
}

int cmdJuryMemberAdd(Invocation& inv)
{
    expectWords(inv, 3);
    JuryRepository::Member member{0, option(inv, "name"), option(inv, "email"), {}};
    if (auto it = inv.options.find("organisation"); it != inv.options.end())
        member.organisation = it->second;
    if (member.email.find('@') == std::string::npos)
        throw UsageError("--email must be a mail address");
    auto store = openStore(inv.settings);
    const Id id = store->juries().addMember(member);
    inv.out << "membre du jury n°" << id << " : " << member.name << " <" << member.email << ">\n";
    return ExitDone;
}

int cmdJuryMemberList(Invocation& inv)
{
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    for (const auto& m : store->juries().members())
        inv.out << std::left << std::setw(5) << m.id << m.name << " <" << m.email << ">"
                << (m.organisation.empty() ? "" : "  " + m.organisation) << "\n";
    return ExitDone;
}

int cmdJuryMemberRemove(Invocation& inv)
{
    const Id id = parseId(operand(inv, 3, "MEMBER"), "MEMBER");
    expectWords(inv, 4);
    auto store = openStore(inv.settings);
    bool removed = false;
    store->transaction([&] { removed = store->juries().removeMember(id); });
    if (!removed)
        throw UsageError("no jury member " + std::to_string(id) + " (cqp jury member list)");
    inv.out << "membre du jury n°" << id << " retiré : les prochains dossiers de jury iront aux autres membres\n";
    return ExitDone;
}

int cmdJuryDecide(Invocation& inv)
{
    const Id juryId = parseId(operand(inv, 2, "JURY"), "JURY");
    const std::string path = operand(inv, 3, "FILE");
    expectWords(inv, 4);
    const std::string xml = readFile(path);
    if (xml.find("<jury numero=\"" + std::to_string(juryId) + "\"") == std::string::npos &&
        xml.find("jury numero='" + std::to_string(juryId) + "'") == std::string::npos)
        throw UsageError(path + " does not hold the decisions of jury " + std::to_string(juryId));
    return act(inv, [&](Secretariat& s) { return s.decideDocument(xml, std::filesystem::path{path}.filename().string()); });
}

int cmdJuryMove(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATURE"), "CANDIDATURE");
    expectWords(inv, 3);
    const Id juryId = parseId(option(inv, "jury"), "--jury");
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto candidature = store->candidatures().candidature(id);
    const auto registration = store->juries().registrationOf(id);
    const auto jury = store->juries().jury(juryId);
    if (!candidature || !registration || candidature->status != rules::CandidatureStatus::InscriptionJury)
        throw UsageError("candidature " + std::to_string(id) + " is not registered to a jury");
    if (!jury || jury->frozenOn)
        throw UsageError("jury " + std::to_string(juryId) + " does not exist or its list is frozen");
    store->transaction([&] {
        store->juries().moveRegistration(registration->id, juryId);
        // Recorded in the history: the list of a frozen jury never changes silently.
        store->candidatures().recordEvent(id, StatusChange{candidature->status,
                                                           candidature->status,
                                                           inv.today,
                                                           "secretariat",
                                                           "jury_change",
                                                           {},
                                                           reason + " (jury n°" + std::to_string(juryId) + ")"});
    });
    inv.out << "candidature n°" << id << " placée dans le jury n°" << juryId << " du " << jury->date.french() << "\n";
    return ExitDone;
}

// One jury with the names: its date, cut-off and state, then each candidature placed in it —
// candidate, company, status and the jury's decision per competence once given.
int cmdJuryShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "JURY"), "JURY");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    const auto jury = store->juries().jury(id);
    if (!jury)
        throw UsageError("no jury " + std::to_string(id) + " (cqp jury list)");
    const auto cutoff = rules::registrationCutoff(jury->date, inv.settings.deadlines);
    inv.out << "jury n°" << jury->id << " du " << jury->date.french() << (jury->certificateCode ? " (" + *jury->certificateCode + ")" : "")
            << " : " << jury->placed << " candidature(s) pour " << jury->capacity << " place(s), inscriptions jusqu'au "
            << cutoff.french() << (jury->frozenOn ? ", liste arrêtée le " + jury->frozenOn->french() : std::string{}) << "\n";
    for (const auto& registration : store->juries().registrationsIn(id)) {
        const auto c = store->candidatures().candidature(registration.candidatureId);
        if (!c)
            continue;
        const auto candidate = store->candidatures().candidate(c->candidateId);
        std::string company;
        if (c->etablissementId)
            if (const auto e = store->accounts().etablissement(*c->etablissementId))
                company = e->name;
        inv.out << "  candidature n°" << c->id << "  "
                << (candidate ? candidate->prenoms + " " + (candidate->nomUsage.empty() ? candidate->nomNaissance : candidate->nomUsage)
                              : std::string{"?"})
                << "  " << c->certificateCode << (company.empty() ? "" : "  " + company) << "  « " << rules::statusLabel(c->status)
                << " »" << (registration.moved ? "  (déplacée)" : "") << "\n";
        for (const auto& d : store->juries().decisions(c->id))
            inv.out << "      " << d.competenceCode << " : " << (d.validated ? "validée" : "non validée") << " le " << d.decidedOn.french()
                    << "\n";
    }
    return ExitDone;
}

}  // namespace

CommandList juryCommands()
{
    return {
        {{"jury", "add"},
         "jury add --meeting D --capacity N [--cqp CODE]",
         "add a jury meeting to the calendar",
         {{"meeting", "D", "the date of the meeting (YYYY-MM-DD)", ""},
          {"capacity", "N", "number of dossiers the jury examines", ""},
          {"cqp", "CODE", "the jury examines only this CQP", ""}},
         cmdJuryAdd},
        {{"jury", "member", "add"},
         "jury member add --name NAME --email ADDRESS [--organisation ORG]",
         "a member of the jury paritaire national (receives the jury files)",
         {{"name", "NAME", "the member's name", ""},
          {"email", "ADDRESS", "the member's mail address", ""},
          {"organisation", "ORG", "the member's organisation", ""}},
         cmdJuryMemberAdd},
        {{"jury", "member", "remove"},
         "jury member remove MEMBER",
         "a member who leaves the jury paritaire national (receives no more jury files)",
         {},
         cmdJuryMemberRemove},
        {{"jury", "member", "list"}, "jury member list", "the jury members", {}, cmdJuryMemberList},
        {{"jury", "decide"},
         "jury decide JURY FILE",
         "record the jury's decisions (decisionsJury XML) given by the secretariat",
         {},
         cmdJuryDecide},
        {{"jury", "move"},
         "jury move CANDIDATURE --jury ID --reason TEXT",
         "secretariat change of a candidature's jury (recorded in its history)",
         {{"jury", "ID", "the jury to move the candidature to", ""},
          {"reason", "TEXT", "why (kept in the history)", ""}},
         cmdJuryMove},
        {{"jury", "show"},
         "jury show JURY",
         "one jury with the names: places, cut-off, state, and each candidature placed in it with its decisions",
         {},
         cmdJuryShow},
        {{"jury", "list"}, "jury list", "the jury calendar with places taken and cut-off dates", {}, cmdJuryList},
    };
}

}  // namespace cqp::pipeline::detail
