// The real `cqp` binary, run as the secretariat runs it.

#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"

#include "Branch.h"
#include "Seed.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using cqp::test::contains;
using cqp::test::runCqp;
using cqp::test::TempDir;

namespace {

class CommandLine : public ::testing::Test {
protected:
    TempDir dir;
    test::CommandResult cqp(const std::vector<std::string>& args) { return runCqp(dir.path(), args); }
    void init() { ASSERT_EQ(cqp({"init"}).exitCode, 0); }
};

}  // namespace

TEST_F(CommandLine, HelpListsEveryCommand)
{
    const auto r = cqp({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    for (const char* command : {"init", "run", "status", "history CANDIDATURE", "referential check FILE",
                                "evaluator import FILE", "jury add --meeting D --capacity N [--cqp CODE]", "jury list",
                                "--date=YYYY-MM-DD", "--config=FILE", "Exit codes"})
        EXPECT_TRUE(contains(r.out, command)) << command;
}

TEST_F(CommandLine, UsageErrorsExitWith2)
{
    EXPECT_EQ(cqp({}).exitCode, 2);
    EXPECT_EQ(cqp({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(cqp({"--no-such-option", "status"}).exitCode, 2);
    EXPECT_EQ(cqp({"--date=2026-02-30", "status"}).exitCode, 2);
    EXPECT_EQ(cqp({"referential", "check"}).exitCode, 2);
    const auto r = cqp({"history", "abc"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "positive number"));
}

TEST_F(CommandLine, InitCreatesTheEmbeddedDefaultAndIsIdempotent)
{
    const auto first = cqp({"init"});
    EXPECT_EQ(first.exitCode, 0) << first.err;
    EXPECT_TRUE(contains(first.out, "migration appliquée : 1 initial schema"));
    for (const char* path : {"var/cqp.db", "var/inbox/new", "var/inbox/cur", "var/inbox/tmp", "var/outbox"})
        EXPECT_TRUE(std::filesystem::exists(dir / path)) << path;
    const auto second = cqp({"init"});
    EXPECT_EQ(second.exitCode, 0);
    EXPECT_FALSE(contains(second.out, "migration appliquée"));
    EXPECT_TRUE(contains(second.out, "au schéma 18"));
}

TEST_F(CommandLine, CommandsBeforeInitAndBadConfigurationExitWith3)
{
    const auto r = cqp({"status"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(contains(r.err, "cqp init"));
    test::writeFile(dir / "cqp.properties", "store = mysql:cqp\n");
    EXPECT_EQ(cqp({"status"}).exitCode, 3);
    EXPECT_EQ(cqp({"--config", "missing.properties", "status"}).exitCode, 3);
    test::writeFile(dir / "other.properties", "deadlines.results_days = -2\n");
    EXPECT_EQ(cqp({"--config=other.properties", "status"}).exitCode, 3);
}

TEST_F(CommandLine, ReferentialCheckListsEveryProblem)
{
    const auto good = cqp({"referential", "check", (test::sourceDir() / "rules/referential/referentiel-cqp-industries-chimiques.xml").string()});
    EXPECT_EQ(good.exitCode, 0);
    EXPECT_TRUE(contains(good.out, "13 certificats"));
    EXPECT_TRUE(contains(good.out, "compétences d'exemple"));
    const auto bad = cqp({"referential", "check", test::dataFile("referential/problemes-metier.xml").string()});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_TRUE(contains(bad.out, "seed_title_mismatch"));
    EXPECT_TRUE(contains(bad.out, "competence_code_duplicate"));
    EXPECT_TRUE(contains(bad.out, "seed_certificate_missing"));
    EXPECT_TRUE(contains(bad.out, "3 problème(s)"));
    EXPECT_EQ(cqp({"referential", "check", "nowhere.xml"}).exitCode, 2);
}

TEST_F(CommandLine, AReferentialFileInTheConfigurationIsValidatedAtStart)
{
    init();
    test::writeFile(dir / "cqp.properties", "referential = " + test::dataFile("referential/problemes-metier.xml").string() + "\n");
    const auto r = cqp({"run"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(contains(r.err, "seed_title_mismatch"));
}

TEST_F(CommandLine, EvaluatorImportIsAllOrNothing)
{
    init();
    const auto bad = cqp({"evaluator", "import", test::dataFile("evaluators/registre-cqp-inconnu.xml").string()});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_TRUE(contains(bad.out, "rien n'est importé"));
    const auto good = cqp({"evaluator", "import", test::dataFile("evaluators/registre.xml").string()});
    EXPECT_EQ(good.exitCode, 0) << good.err;
    EXPECT_TRUE(contains(good.out, "2 ajouté(s), 0 mis à jour, 0 inchangé(s)"));
    EXPECT_TRUE(contains(cqp({"evaluator", "import", test::dataFile("evaluators/registre.xml").string()}).out,
                         "0 ajouté(s), 0 mis à jour, 2 inchangé(s)"));
    const auto list = cqp({"evaluator", "list"});
    EXPECT_TRUE(contains(list.out, "EH-0002  Hélène Lefèvre <helene.lefevre@evaluation.example>  LOG-AGT 2025-06-01.."));
}

TEST_F(CommandLine, JuryCalendar)
{
    init();
    const auto added = cqp({"jury", "add", "--meeting", "2026-06-25", "--capacity", "20"});
    EXPECT_EQ(added.exitCode, 0) << added.err;
    EXPECT_TRUE(contains(added.out, "inscriptions jusqu'au 04/06/2026"));
    EXPECT_EQ(cqp({"jury", "add", "--meeting=2026-10-15", "--capacity=8", "--cqp=LOG-AGT"}).exitCode, 0);
    EXPECT_EQ(cqp({"jury", "add", "--meeting=2026-10-15", "--capacity=0"}).exitCode, 2);
    EXPECT_EQ(cqp({"jury", "add", "--meeting=2026-10-15", "--capacity=5", "--cqp=NOPE"}).exitCode, 2);
    EXPECT_EQ(cqp({"jury", "add", "--capacity=5"}).exitCode, 2);
    const auto list = cqp({"--date=2026-06-10", "jury", "list"});
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_TRUE(contains(list.out, "25/06/2026  tous      20      0        04/06/2026             inscriptions closes"));
    EXPECT_TRUE(contains(list.out, "15/10/2026  LOG-AGT   8       0        24/09/2026             ouvert"));
}

TEST_F(CommandLine, RunStatusHistoryAndCorrection)
{
    init();
    {
        auto store = pipeline::Store::open(pipeline::StoreLocation::parse("sqlite:" + (dir / "var/cqp.db").string()));
        test::seedDossier(*store, test::SeedUpTo::Evaluated);
    }
    const auto waiting = cqp({"--date=2026-06-30", "status", "1"});
    EXPECT_EQ(waiting.exitCode, 0) << waiting.err;
    EXPECT_TRUE(contains(waiting.out, "en cours d'inscription"));
    EXPECT_TRUE(contains(waiting.out, "prête à passer à : « en attente d'évaluation » (prochaine exécution)"));

    const auto run = cqp({"--date=2026-06-30", "run"});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "exécution du 30/06/2026"));
    EXPECT_TRUE(contains(run.out, "advance             1         1         0"));
    EXPECT_TRUE(contains(run.out, "base :   sqlite:var/cqp.db"));
    EXPECT_TRUE(contains(run.out, "boîte de réception : var/inbox"));
    EXPECT_TRUE(contains(run.out, "envois : var/outbox"));

    const auto blocked = cqp({"--date=2026-06-30", "status", "1"});
    EXPECT_TRUE(contains(blocked.out, "validation de l'évaluation"));
    EXPECT_TRUE(contains(blocked.out, "[metier_observations_missing] L'évaluateur métier n'a pas saisi ses observations."));

    const auto overview = cqp({"--date=2026-06-30", "status"});
    EXPECT_TRUE(contains(overview.out, "validation de l'évaluation           1"));

    EXPECT_EQ(cqp({"candidature", "correct", "1", "--to=validation_evaluation", "--reason=x"}).exitCode, 1);
    EXPECT_EQ(cqp({"candidature", "correct", "1", "--to=en_attente_evaluation"}).exitCode, 2);
    const auto corrected = cqp({"--date=2026-07-01", "candidature", "correct", "1", "--to=en_attente_evaluation",
                                "--reason=Résultats saisis sur le mauvais dossier"});
    EXPECT_EQ(corrected.exitCode, 0) << corrected.out << corrected.err;

    const auto history = cqp({"history", "1"});
    EXPECT_EQ(history.exitCode, 0);
    EXPECT_TRUE(contains(history.out, "20/01/2026  — → en cours d'inscription  par test  règle created"));
    EXPECT_TRUE(contains(history.out, "30/06/2026  en attente d'évaluation → validation de l'évaluation  par cqp  règle step_5_complete"));
    EXPECT_TRUE(contains(history.out, "par secretariat  règle correction  motif : Résultats saisis sur le mauvais dossier"));
    EXPECT_EQ(cqp({"history", "99"}).exitCode, 2);
}

TEST_F(CommandLine, LateJuryDecisionsAreReported)
{
    init();
    {
        auto store = pipeline::Store::open(pipeline::StoreLocation::parse("sqlite:" + (dir / "var/cqp.db").string()));
        test::seedDossier(*store, test::SeedUpTo::JuryRegistered);
    }
    ASSERT_EQ(cqp({"--date=2026-06-20", "run"}).exitCode, 0);
    EXPECT_TRUE(contains(cqp({"--date=2026-06-28", "run"}).out, "décisions en retard : jury n°1 du 25/06/2026"));
    EXPECT_EQ(cqp({"--date=2026-06-27", "status"}).exitCode, 0);  // within 48 h
    const auto late = cqp({"--date=2026-06-28", "status"});
    EXPECT_EQ(late.exitCode, 1);
    EXPECT_TRUE(contains(late.out, "décisions en retard : jury n°1 du 25/06/2026, 1 candidature(s) sans décision (attendue le 27/06/2026)"));
}

TEST_F(CommandLine, TheSameCommandsRunOnPostgreSQL)
{
    const test::TestDatabase database;
    const std::string& connection = database.connection();
    test::writeFile(dir / "cqp.properties", "# PostgreSQL store\nstore = postgresql:" + connection +
                                                 "\ninbox = maildir:mail/in\noutbox = spool:mail/out\n");
    const auto initialised = cqp({"init"});
    EXPECT_EQ(initialised.exitCode, 0) << initialised.err;
    EXPECT_TRUE(contains(initialised.out, "base postgresql:host=127.0.0.1"));
    EXPECT_TRUE(std::filesystem::exists(dir / "mail/in/new"));
    EXPECT_EQ(cqp({"jury", "add", "--meeting=2026-06-25", "--capacity=3"}).exitCode, 0);
    {
        auto store = pipeline::Store::open(pipeline::StoreLocation::parse("postgresql:" + connection));
        test::seedDossier(*store, test::SeedUpTo::Decided);
    }
    const auto run = cqp({"--date=2026-06-30", "run"});
    EXPECT_EQ(run.exitCode, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "advance             1         1"));
    EXPECT_TRUE(contains(cqp({"status", "1"}).out, "validé"));
    test::PostgresServer::shared().dropDatabase(connection);
}

TEST_F(CommandLine, IngestAndAccountApproval)
{
    init();
    ASSERT_EQ(cqp({"evaluator", "import", (test::sourceDir() / "examples/registre-evaluateurs.xml").string()}).exitCode, 0);
    test::writeFile(dir / "demande.xml", test::signWithXmlsec1("entreprise", test::readFile(test::sourceDir() /
                                                                                             "examples/submissions/01-demande-compte-entreprise.xml")));
    const auto request = cqp({"--date=2026-12-01", "ingest", "demande.xml", "--from", "rh@chimie-exemple.fr"});
    EXPECT_EQ(request.exitCode, 0) << request.err;
    EXPECT_TRUE(contains(request.out, "demande.xml : accepté (demandeCompte)"));
    EXPECT_TRUE(contains(request.out, "Demande de compte n°1 enregistrée pour Chimie Exemple SAS — Usine de Lyon"));
    EXPECT_TRUE(contains(cqp({"ingest", "demande.xml"}).out, "demande.xml : déjà reçu"));

    const auto pending = cqp({"account", "list", "--pending"});
    EXPECT_TRUE(contains(pending.out, "1     entreprise   en attente d'approbation  Chimie Exemple SAS — Usine de Lyon <rh@chimie-exemple.fr>"));
    // Before approval the company cannot send anything.
    test::writeFile(dir / "candidat.xml", test::signWithXmlsec1("entreprise", test::readFile(test::sourceDir() /
                                                                                              "examples/submissions/03-candidat.xml")));
    const auto early = cqp({"--date=2026-12-02", "ingest", "candidat.xml", "--from=rh@chimie-exemple.fr"});
    EXPECT_EQ(early.exitCode, 1);
    EXPECT_TRUE(contains(early.out, "candidat.xml : refusé (candidat)"));
    EXPECT_TRUE(contains(early.out, "n'est pas encore ouvert par le secrétariat"));

    // What the secretariat checks before approving (issue 14, item 7): SIRET and company, the
    // addresses, the key's fingerprint — the one openssl gives for the key that signs.
    const auto shown = cqp({"account", "show", "1"});
    EXPECT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_TRUE(contains(shown.out, "compte n°1 — entreprise, en attente d'approbation (demandé le 01/12/2026)")) << shown.out;
    EXPECT_TRUE(contains(shown.out, "SIRET 73282932000074 (clé de contrôle correcte), SIREN 732829320 : Chimie Exemple SAS"))
        << shown.out;
    EXPECT_TRUE(contains(shown.out, "adresses autorisées : rh@chimie-exemple.fr")) << shown.out;
    std::string fingerprint = test::shell("openssl pkey -pubin -in '" + test::dataFile("keys/entreprise.pub.pem").string() +
                                          "' -outform DER | sha256sum | cut -c1-64");
    std::string colons;
    for (std::size_t i = 0; i + 1 < fingerprint.size() && fingerprint[i] != '\n'; i += 2)
        colons += (colons.empty() ? "" : ":") + fingerprint.substr(i, 2);
    EXPECT_EQ(colons.size(), 95u);
    EXPECT_TRUE(contains(shown.out, "clé publique : empreinte SHA-256 " + colons)) << shown.out << colons;
    EXPECT_EQ(cqp({"account", "show", "9"}).exitCode, 2);

    EXPECT_EQ(cqp({"--date=2026-12-02", "account", "approve", "1"}).exitCode, 0);
    EXPECT_EQ(cqp({"account", "approve", "1"}).exitCode, 1);  // already open
    EXPECT_TRUE(contains(cqp({"account", "show", "1"}).out, "ouvert (demandé le 01/12/2026, approuvé le 02/12/2026)"));
    {
        // The holder is told what to do next (issue 14, item 10).
        auto store = pipeline::Store::open(pipeline::StoreLocation::parse("sqlite:" + (dir / "var/cqp.db").string()));
        bool told = false;
        for (const auto& m : store->mail().inState(pipeline::OutboxState::Pending))
            told = told || (m.kind == "account_approved" && m.recipient == "rh@chimie-exemple.fr" &&
                            contains(m.body, "Prochaines étapes : pour chaque salarié candidat, remplissez le dossier de candidature "
                                                    "(outil n°6) joint") &&
                            store->mail().fillableFormsToRender(m.id).size() == 1 &&
                            store->mail().fillableFormsToRender(m.id)[0].form == "dossierCandidature");
        EXPECT_TRUE(told);
    }
    EXPECT_TRUE(cqp({"account", "list", "--pending"}).out.empty());
    // A damaged outil n°6 named by the document refuses it: it would satisfy nothing (issue 12, item 11).
    test::writeFile(dir / "outil6-dupont.pdf", "%PDF-1.4 scan\n");
    const auto damaged = cqp({"--date=2026-12-03", "ingest", "candidat.xml", "outil6-dupont.pdf", "--from=rh@chimie-exemple.fr"});
    EXPECT_EQ(damaged.exitCode, 1) << damaged.out;
    EXPECT_TRUE(contains(damaged.out, "Le scan de l'outil n°6 « outil6-dupont.pdf » ne peut pas être lu : le PDF est illisible"))
        << damaged.out;
    test::writeFile(dir / "outil6-dupont.pdf", test::Branch::pdf("outil6-dupont.pdf").content);
    // The same document, refused while the account was pending, is accepted once it is open.
    const auto accepted = cqp({"--date=2026-12-03", "ingest", "candidat.xml", "outil6-dupont.pdf", "--from=rh@chimie-exemple.fr"});
    EXPECT_EQ(accepted.exitCode, 0) << accepted.out;
    EXPECT_TRUE(contains(accepted.out, "Candidat n°1 créé (votre référence « MAT-0042 »)."));
    EXPECT_TRUE(contains(accepted.out, "Dossier de candidature (outil n°6) « outil6-dupont.pdf » enregistré."));

    const auto secretariat = cqp({"account", "add", "--role=secretariat", "--name=Secrétariat des CQP",
                                  "--email=secretariat@branche.example", "--key=" + test::dataFile("keys/secretariat.pub.pem").string()});
    EXPECT_EQ(secretariat.exitCode, 0) << secretariat.err;
    EXPECT_TRUE(contains(secretariat.out, "compte n°2 (secrétariat, Secrétariat des CQP) créé"));
    EXPECT_EQ(cqp({"account", "add", "--role=entreprise", "--name=x", "--email=x@y.fr", "--key=k"}).exitCode, 2);
}

TEST_F(CommandLine, QuarantineListShowRetryDrop)
{
    init();
    test::writeFile(dir / "var/inbox/new/1.M1.test",
                    "From: Jean Martin <jean.martin@exemple.fr>\r\nSubject: Question\r\nMessage-ID: <q1@exemple.fr>\r\n\r\n"
                    "Comment s'inscrire ?\r\n");
    const auto run = cqp({"--date=2026-12-03", "run"});
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_TRUE(contains(run.out, "quarantaine : 1 message(s)"));
    EXPECT_TRUE(contains(run.out, "envois : var/outbox (1 courriel(s) écrit(s))"));
    const auto list = cqp({"quarantine", "list"});
    EXPECT_TRUE(contains(list.out, "1     2026-12-03  jean.martin@exemple.fr  « Question »  aucun document XML"));
    const auto show = cqp({"quarantine", "show", "1"});
    EXPECT_TRUE(contains(show.out, "Comment s'inscrire ?"));
    EXPECT_EQ(cqp({"quarantine", "retry", "1"}).exitCode, 1);  // still nothing to process
    EXPECT_EQ(cqp({"quarantine", "drop", "1"}).exitCode, 0);
    EXPECT_TRUE(cqp({"quarantine", "list"}).out.empty());
    EXPECT_EQ(cqp({"quarantine", "show", "1"}).exitCode, 2);
    const auto status = cqp({"--date=2026-12-03", "status"});
    EXPECT_TRUE(contains(status.out, "envois : 0 courriel(s) à envoyer, 0 en échec"));
}
