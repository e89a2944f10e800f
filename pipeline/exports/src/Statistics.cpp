#include "cqp/exports/Statistics.h"

#include "cqp/repositories/StatisticsRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Statistics.h"
#include "cqp/rules/Status.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace cqp::pipeline {

namespace {

using render::StatTable;

std::string number(long long n) { return std::to_string(n); }

// "validé" → "Validé" (the labels of the rules are written for the middle of a sentence).
std::string capitalized(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string decimal(double value)
{
    const long long tenths = std::llround(value * 10);
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0)
        text += "," + std::to_string(std::llabs(tenths % 10));
    return text;
}

const char* const monthNames[] = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."};

// "2027-03" → "mars 2027"
std::string monthLabel(const std::string& yearMonth)
{
    if (yearMonth.size() != 7)
        return yearMonth;
    const int month = std::stoi(yearMonth.substr(5, 2));
    return month >= 1 && month <= 12 ? std::string{monthNames[month - 1]} + " " + yearMonth.substr(0, 4) : yearMonth;
}

// The statistics document, one table per method, in the order of the document.
class StatisticsBuilder {
public:
    StatisticsBuilder(Store& store, const rules::Referential& referentialData, const rules::Deadlines& deadlineRules,
                      rules::Date first, rules::Date last, rules::Date dataDate)
        : stats{store.statistics()}, referential{referentialData}, deadlines{deadlineRules}, from{first}, to{last}, asOf{dataDate},
          period{first, last}
    {
        doc.title = "Statistiques des CQP des Industries Chimiques";
        doc.period = "Période du " + from.french() + " au " + to.french();
        doc.dataDate = "données au " + asOf.french();
    }

    render::StatsDocument build()
    {
        // Candidatures created in the period.
        createdByStatus();
        byMonth();
        byCertificate();
        byCompany();
        byDispositif();
        // Outcomes of the period.
        outcomes();
        durations();
        juryFilling();
        // Deadlines, mail, inputs kept aside.
        deadlinesAndReminders();
        mails();
        setAside();
        return std::move(doc);
    }

private:
    std::string certificateLabel(const std::string& code) const
    {
        const auto* c = referential.certificate(code);
        return c ? code + " — " + c->title : code;
    }

    void createdByStatus()
    {
    StatTable t{"Candidatures créées sur la période, par statut actuel", {"Statut", "Candidatures"}, {}, StatTable::Chart::Bars, {1}, ""};
    std::map<std::string, long long> byStatus;
    long long total = 0;
    for (const auto& c : stats.createdBy("status", period)) {
        byStatus[c.key] = c.count;
        total += c.count;
    }
    for (const auto status : rules::allStatuses)
        t.rows.push_back({capitalized(std::string{rules::statusLabel(status)}), number(byStatus[std::string{rules::statusCode(status)}])});
    t.note = "Total : " + number(total) + " candidature(s) créée(s) du " + from.french() + " au " + to.french() + ".";
    doc.tables.push_back(std::move(t));
    }

    void byMonth()
    {
    StatTable t{"Candidatures et décisions par mois", {"Mois", "Créées", "Décidées"}, {}, StatTable::Chart::Lines, {1, 2},
                "Décidées : candidatures arrivées à un statut final (validé, partiel, non validé) dans le mois."};
    std::map<std::string, std::pair<long long, long long>> months;
    // Every month of the period, even an empty one.
    for (rules::Date d = rules::Date::fromYmd(from.year(), from.month(), 1); d <= to;
         d = rules::Date::fromYmd(d.month() == 12 ? d.year() + 1 : d.year(), d.month() == 12 ? 1 : d.month() + 1, 1))
        months[d.iso().substr(0, 7)];
    for (const auto& c : stats.createdBy("month", period))
        months[c.key].first = c.count;
    for (const auto& c : stats.decidedByMonth(period))
        months[c.key].second = c.count;
    for (const auto& [month, counts] : months)
        t.rows.push_back({monthLabel(month), number(counts.first), number(counts.second)});
    doc.tables.push_back(std::move(t));
    }

    void byCertificate()
    {
    StatTable t{"Candidatures créées par CQP", {"CQP", "Candidatures"}, {}, StatTable::Chart::Bars, {1}, ""};
    for (const auto& c : stats.createdBy("certificate", period))
        t.rows.push_back({certificateLabel(c.key), number(c.count)});
    doc.tables.push_back(std::move(t));
    }

    void byCompany()
    {
    StatTable t{"Candidatures créées par entreprise", {"Entreprise — établissement", "Candidatures"}, {}, StatTable::Chart::Bars, {1}, ""};
    for (const auto& c : stats.createdBy("company", period))
        t.rows.push_back({c.key.empty() ? "Établissement non renseigné" : c.key, number(c.count)});
    doc.tables.push_back(std::move(t));
    }

    void byDispositif()
    {
    StatTable t{"Candidatures créées par dispositif de formation", {"Dispositif", "Candidatures"}, {}, StatTable::Chart::Bars, {1}, ""};
    for (const auto& c : stats.createdBy("dispositif", period))
        t.rows.push_back({rules::dispositifLabel(c.key), number(c.count)});
    doc.tables.push_back(std::move(t));
    }

    void outcomes()
    {
    StatTable t{"Résultats des jurys par CQP", {"CQP", "Validé", "Partiel", "Non validé", "Total", "Validé (%)"}, {},
                StatTable::Chart::Bars, {1, 2, 3}, "Candidatures arrivées sur la période à leur statut final."};
    std::map<std::string, std::map<std::string, long long>> outcomes;
    for (const auto& c : stats.outcomesByCertificate(period)) {
        const auto bar = c.key.find('|');
        outcomes[c.key.substr(0, bar)][c.key.substr(bar + 1)] += c.count;
    }
    for (auto& [code, byStatus] : outcomes) {
        const long long total = byStatus["valide"] + byStatus["partiel"] + byStatus["non_valide"];
        t.rows.push_back({certificateLabel(code), number(byStatus["valide"]), number(byStatus["partiel"]),
                          number(byStatus["non_valide"]), number(total), decimal(rules::percent(byStatus["valide"], total))});
    }
    doc.tables.push_back(std::move(t));
    }

    void durations()
    {
    StatTable t{"Durées entre les étapes (jours)", {"Étape", "Dossiers", "Médiane", "90e centile"}, {}, StatTable::Chart::Bars, {2, 3},
                "Pour les dossiers dont l'étape s'est achevée sur la période : création → évaluation (résultats reçus), "
                "évaluation → jury (jury tenu), jury → parchemin (délivré), et de la création au parchemin."};
    const std::pair<const char*, const char*> steps[] = {{"creation-evaluation", "Création → évaluation"},
                                                         {"evaluation-jury", "Évaluation → jury"},
                                                         {"jury-parchment", "Jury → parchemin"},
                                                         {"creation-parchment", "Création → parchemin"}};
    for (const auto& [key, label] : steps) {
        std::vector<int> days;
        for (const auto& [start, end] : stats.step(key, period))
            days.push_back(static_cast<int>(end.daysSince(start)));
        const auto s = rules::summarizeDurations(days);
        t.rows.push_back({label, number(s.count), decimal(s.median), number(s.p90)});
    }
    doc.tables.push_back(std::move(t));
    }

    void juryFilling()
    {
    StatTable t{"Remplissage des jurys tenus sur la période", {"Jury", "Places", "Inscrits", "Remplissage (%)"}, {},
                StatTable::Chart::Bars, {3}, ""};
    long long places = 0, placed = 0;
    for (const auto& j : stats.juriesHeld(period)) {
        t.rows.push_back({"Jury du " + j.date.french() + (j.certificate ? " (" + *j.certificate + ")" : ""), number(j.capacity),
                          number(j.placed), decimal(rules::percent(j.placed, j.capacity))});
        places += j.capacity;
        placed += j.placed;
        const auto due = rules::decisionDueDate(j.date, deadlines);
        if ((j.lastDecision && *j.lastDecision > due) || (j.undecided > 0 && asOf > due))
            ++lateJuries;
    }
    t.note = "Ensemble : " + number(placed) + " inscrit(s) pour " + number(places) + " place(s), soit " +
             decimal(rules::percent(placed, places)) + " %.";
    doc.tables.push_back(std::move(t));
    }

    void deadlinesAndReminders()
    {
    std::map<std::string, long long> reminders;
    for (const auto& c : stats.remindersByKind(period))
        reminders[c.key] = c.count;
    StatTable t{"Délais non tenus et relances", {"Délai", "Nombre"}, {}, StatTable::Chart::Bars, {1}, ""};
    t.rows = {{"Résultats d'évaluation reçus hors délai (refusés)", number(stats.refusedBy("results_too_late", period))},
              {"Inscriptions au jury hors délai (refusées)", number(stats.refusedBy("registration_too_late", period))},
              {"Inscriptions reportées au jury suivant", number(stats.registrationsMoved(period))},
              {"Jurys aux décisions en retard (plus de " + std::to_string(deadlines.decisionMaxHoursAfterJury) + " h)",
               number(lateJuries)},
              {"Relances : fin du délai des résultats", number(reminders["results_window"])},
              {"Relances : clôture des inscriptions au jury", number(reminders["registration"])},
              {"Relances : décisions du jury en retard", number(reminders["decisions_late"])}};
    doc.tables.push_back(std::move(t));
    }

    void mails()
    {
    std::map<std::string, long long> mails;
    for (const auto& c : stats.mailsByState(period))
        mails[c.key] = c.count;
    const long long sent = mails[code(OutboxState::Sent)];
    const long long pending = mails[code(OutboxState::Pending)];
    const long long failed = mails[code(OutboxState::Failed)];
    const long long total = sent + pending + failed;
    StatTable t{"Courriels", {"État", "Courriels", "Part (%)"}, {}, StatTable::Chart::Bars, {1}, ""};
    t.rows = {{"Envoyés", number(sent), decimal(rules::percent(sent, total))},
              {"En attente d'envoi", number(pending), decimal(rules::percent(pending, total))},
              {"Échecs de remise définitifs", number(failed), decimal(rules::percent(failed, total))}};
    doc.tables.push_back(std::move(t));
    }

    void setAside()
    {
    StatTable t{"Envois mis de côté", {"Envoi", "Nombre"}, {}, StatTable::Chart::Bars, {1}, ""};
    t.rows = {{"Messages en quarantaine", number(stats.receivedInState(ReceivedState::Quarantined, period))},
              {"Documents XML refusés", number(stats.rejectedSubmissions(period))},
              {"Scans à vérifier par le secrétariat", number(stats.reviewsOpened(period))}};
    doc.tables.push_back(std::move(t));
    }

    StatisticsRepository& stats;
    const rules::Referential& referential;
    const rules::Deadlines& deadlines;
    rules::Date from;
    rules::Date to;
    rules::Date asOf;
    StatisticsRepository::Period period;
    render::StatsDocument doc;
    long long lateJuries = 0;  // counted by juryFilling, shown by deadlinesAndReminders
};

}  // namespace

render::StatsDocument statistics(Store& store, const rules::Referential& referential, const rules::Deadlines& deadlines,
                                 rules::Date from, rules::Date to, rules::Date asOf)
{
    return StatisticsBuilder{store, referential, deadlines, from, to, asOf}.build();
}

std::string statisticsCsv(const render::StatsDocument& document)
{
    auto line = [](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0)
                out.push_back(';');
            const bool quote = cells[i].find_first_of(";\"\n") != std::string::npos;
            if (quote)
                out.push_back('"');
            for (char c : cells[i]) {
                out.push_back(c);
                if (c == '"')
                    out.push_back('"');  // doubled inside quotes
            }
            if (quote)
                out.push_back('"');
        }
        out.append("\r\n");
        return out;
    };
    std::string csv = "\xEF\xBB\xBF" + line({document.title}) + line({document.period, document.dataDate}) + "\r\n";
    for (const auto& t : document.tables) {
        csv += line({t.title}) + line(t.columns);
        for (const auto& row : t.rows)
            csv += line(row);
        csv += "\r\n";
    }
    return csv;
}

}  // namespace cqp::pipeline
