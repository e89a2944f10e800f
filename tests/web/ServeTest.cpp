// `cqp serve` over HTTP, a real server process on 127.0.0.1 and Poco's HTTPClientSession: the
// public verification page (facts shown, none more; no enumeration; security headers) and the
// secretariat's console (login, sessions, CSRF, roles, every page and action through the same
// actions as the command line, the logs, hostile names and paths).

#include "ServeClient.h"

#include "Branch.h"
#include "MailBuilder.h"

#include "cqp/actions/Passwords.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/stages/MailSettings.h"
#include "cqp/store/Clock.h"
#include "cqp/workflow/MailIntake.h"

#include <gtest/gtest.h>

namespace cqp::test {
namespace {

using pipeline::ConsoleRole;
using pipeline::Id;
using pipeline::SubmissionOutcome;

rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }

const char* const password = "un-mot-de-passe-solide";
const char* const script = "<script>alert(1)</script>";

// The branch of Branch.h, its candidature n°1 registered to the June jury, a candidate named
// like a script, a pending account whose name has quotes and markup, two quarantined messages,
// two console users; then `cqp serve` on that store on 16/06/2027.
class Serve : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        branch = std::make_unique<Branch>(GetParam());
        branch->createCandidature();
        branch->evaluate();
        branch->observe();
        branch->register_(2);
        ASSERT_EQ(branch->send("entreprise", Branch::example("03-candidat.xml", {{"MAT-0042", "XSS-1"}, {"<nomNaissance>Dupont", std::string{"<nomNaissance>&lt;script&gt;alert(1)&lt;/script&gt;"}}, {"<nomUsage>Durand</nomUsage>", ""}}),
                               "2026-12-05", {Branch::pdf("outil6-dupont.pdf")})
                      .status,
                  SubmissionOutcome::Status::Accepted);
        const auto scripted = branch->send("entreprise", Branch::example("04-candidature.xml", {{"MAT-0042", "XSS-1"}, {"CQP-2027-001", "CQP-XSS-1"}}),
                                           "2026-12-05");
        ASSERT_EQ(scripted.status, SubmissionOutcome::Status::Accepted) << scripted.messages.at(0);
        scriptedDossier = *scripted.candidatureId;
        std::string request = Branch::example(
            "01-demande-compte-entreprise.xml",
            {{"73282932000074", "42103917000012"},
             {"Chimie Exemple SAS", "Chimie &quot;Guillemets&quot; &amp; &lt;b&gt;Fils&lt;/b&gt;"},
             {"rh@chimie-exemple.fr", "contact@guillemets.example"}});
        const auto begin = request.find("-----BEGIN PUBLIC KEY-----");
        const auto end = request.find("-----END PUBLIC KEY-----") + 24;
        request.replace(begin, end - begin, readFile(std::string{CQP_SOURCE_DIR} + "/tests/data/keys/metier.pub.pem"));
        const auto asked = branch->send("metier", request, "2027-06-10", {}, "contact@guillemets.example");
        ASSERT_EQ(asked.status, SubmissionOutcome::Status::Accepted) << asked.messages.at(0);
        pendingAccount = *asked.accountId;
        pipeline::MailSettings mail;
        for (const char* id : {"q1@chimie-exemple.fr", "q2@chimie-exemple.fr"}) {
            pipeline::MailIntake intake{branch->store(), branch->referential, rules::Deadlines{}, d("2027-06-10"), mail.intake()};
            intake.process(buildMessage("rh@chimie-exemple.fr", "Une question", std::string{"<"} + id + ">", "Bonjour, où en est le dossier ?"));
        }
        auto& console = branch->store().console();
        console.addUser({0, "amelie", ConsoleRole::Secretariat, pipeline::hashPassword(password), 0, "", pipeline::utcTimestamp(), false});
        console.addUser({0, "lea", ConsoleRole::Lecture, pipeline::hashPassword(password), 0, "", pipeline::utcTimestamp(), false});
    }

    void start(const std::string& settings = "web.public_url = http://127.0.0.1\n")
    {
        server = std::make_unique<ServeProcess>(branch->location(), "2027-06-16", settings);
    }

    std::vector<pipeline::HistoryEntry> history(Id candidature) { return branch->store().candidatures().history(candidature); }

    std::unique_ptr<Branch> branch;
    std::unique_ptr<ServeProcess> server;
    Id pendingAccount = 0;
    Id scriptedDossier = 0;
};

TEST_P(Serve, TheVerificationPageSaysValidRevokedOrUnknownWithThePublicFactsOnly)
{
    auto& parchments = branch->store().parchments();
    parchments.add({0, 1, 2027, 1, d("2027-06-16"), "K7QM-3RTX-9BZA-W2HC", std::nullopt, "", pipeline::ParchmentKind::Parchemin, std::nullopt});
    parchments.add({0, 1, 2026, 9, d("2026-06-20"), "ABCD-EFGH-JKLM-NPQR", d("2027-01-05"), "erreur de nom", pipeline::ParchmentKind::Parchemin, std::nullopt});
    start();
    Browser web{server->port()};
    // The forms the QR code and the printed code take: case, dashes and spaces ignored.
    for (const std::string path : {"/verifier?code=K7QM-3RTX-9BZA-W2HC", "/verifier/k7qm3rtx9bzaw2hc", "/verifier?code=k7qm+3rtx+9bza+w2hc"}) {
        const auto page = web.get(path);
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_TRUE(contains(page.body, "Parchemin valide")) << path;
        EXPECT_TRUE(contains(page.body, "2027-0001"));
        EXPECT_TRUE(contains(page.body, "Élise Marie Durand"));
        EXPECT_TRUE(contains(page.body, "16/06/2027"));
        EXPECT_TRUE(contains(page.body, "CQP Opératrice de fabrication")) << page.body;
        // Nothing more than the holder's name: no birth date, place, company or reference.
        for (const char* secret : {"12/04/1990", "1990", "Saint-Étienne", "Chimie Exemple", "MAT-0042", "elise.durand"})
            EXPECT_FALSE(contains(page.body, secret)) << secret;
    }
    const auto revoked = web.get("/verifier/ABCD-EFGH-JKLM-NPQR");
    EXPECT_TRUE(contains(revoked.body, "Parchemin révoqué le 05/01/2027"));
    EXPECT_FALSE(contains(revoked.body, "erreur de nom"));  // the reason is the secretariat's
    const auto unknown = web.get("/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    EXPECT_EQ(unknown.status, 200);
    EXPECT_TRUE(contains(unknown.body, "Code inconnu"));
    // JSON: the same keys whatever the answer, so that an unknown code looks like any other.
    const auto keysOf = [](const std::string& json) {
        std::string keys;
        for (std::size_t at = json.find("\":"); at != std::string::npos; at = json.find("\":", at + 2))
            keys += json.substr(json.rfind('"', at - 1) + 1, at - json.rfind('"', at - 1) - 1) + ",";
        return keys;
    };
    const auto known = web.get("/verifier/K7QM-3RTX-9BZA-W2HC", {{"Accept", "application/json"}});
    const auto none = web.get("/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZZ", {{"Accept", "application/json"}});
    EXPECT_EQ(known.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_TRUE(contains(known.body, "\"etat\":\"valide\""));
    EXPECT_TRUE(contains(none.body, "\"etat\":\"inconnu\""));
    EXPECT_EQ(keysOf(known.body), keysOf(none.body));
    EXPECT_EQ(keysOf(known.body), "etat,code,numero,document,titre,delivre_le,revoque_le,titulaire,");
    // The headers of every page: no inline script, no sniffing, no referrer, no framing.
    for (const auto& r : {known, none, unknown}) {
        EXPECT_TRUE(contains(r.header("Content-Security-Policy"), "default-src 'none'"));
        EXPECT_TRUE(contains(r.header("Content-Security-Policy"), "frame-ancestors 'none'"));
        EXPECT_FALSE(contains(r.header("Content-Security-Policy"), "unsafe-inline"));
        EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
        EXPECT_EQ(r.header("Strict-Transport-Security"), "");  // web.public_url is http here
    }
}

TEST_P(Serve, VerificationsAreRateLimitedPerClientAndHstsFollowsAnHttpsPublicUrl)
{
    start("web.public_url = https://cqp.branche.example\nweb.verify_per_minute = 5\n");
    Browser web{server->port()};
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(web.get("/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZ" + std::string(1, "ABCDE"[i])).status, 200);
    const auto refused = web.get("/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZF");
    EXPECT_EQ(refused.status, 429);
    EXPECT_GT(std::stoi(refused.header("Retry-After")), 0);
    EXPECT_TRUE(contains(refused.body, "Trop de vérifications"));
    EXPECT_EQ(web.get("/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZF", {{"Accept", "application/json"}}).status, 429);
    EXPECT_EQ(refused.header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
    // Behind https the console's cookies are Secure.
    const auto login = web.get("/secretariat/connexion");
    ASSERT_FALSE(login.cookiesSet.empty());
    EXPECT_TRUE(contains(login.cookiesSet[0], "; Secure"));
}

TEST_P(Serve, WithoutASessionEveryConsolePageGoesToTheLoginAndWrongPasswordsLockTheUser)
{
    start("web.public_url = http://127.0.0.1\nweb.lock_after = 3\n");
    Browser web{server->port()};
    for (const char* path : {"/secretariat/", "/secretariat/dossiers/1", "/secretariat/documents/1?dossier=1", "/secretariat/statistiques.csv"}) {
        const auto r = web.get(path);
        EXPECT_EQ(r.status, 303) << path;
        EXPECT_EQ(r.header("Location"), "/secretariat/connexion") << path;
    }
    EXPECT_EQ(web.post("/secretariat/comptes/" + std::to_string(pendingAccount) + "/approuver", {{"csrf", "x"}}).status, 303);
    const auto good = web.login("amelie", password);
    EXPECT_EQ(good.status, 303);
    ASSERT_EQ(good.header("Location"), "/secretariat/");
    bool sessionCookie = false;
    for (const auto& c : good.cookiesSet)
        if (c.rfind("cqp_session=", 0) == 0) {
            sessionCookie = true;
            EXPECT_TRUE(contains(c, "HttpOnly"));
            EXPECT_TRUE(contains(c, "SameSite=Strict"));
        }
    EXPECT_TRUE(sessionCookie);
    EXPECT_EQ(web.get("/secretariat/").status, 200);
    // Logging out ends the session on the server: the old cookie opens nothing.
    EXPECT_EQ(web.post("/secretariat/deconnexion", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(web.get("/secretariat/").status, 303);

    Browser intruder{server->port()};
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(intruder.login("lea", "mauvais-mot-de-passe").status, 401);
    const auto locked = intruder.login("lea", password);  // the right one, too late
    EXPECT_EQ(locked.status, 401);
    EXPECT_TRUE(contains(locked.body, "bloqué"));
    EXPECT_FALSE(branch->store().console().user("lea")->lockedUntil.empty());
    // An unknown name gets the same answer as a wrong password.
    const auto stranger = intruder.login("personne", password);
    EXPECT_EQ(stranger.status, 401);
    EXPECT_TRUE(contains(stranger.body, "Identifiant ou mot de passe incorrect."));
    // The login form itself carries a token: a form posted from elsewhere is refused.
    Browser other{server->port()};
    EXPECT_EQ(other.post("/secretariat/connexion", {{"nom", "amelie"}, {"mdp", password}}).status, 403);
}

TEST_P(Serve, EveryActionNeedsTheSessionsTokenAndTheSecretariatRole)
{
    start();
    Browser lea{server->port()};
    ASSERT_EQ(lea.login("lea", password).status, 303);
    const std::string approve = "/secretariat/comptes/" + std::to_string(pendingAccount) + "/approuver";
    EXPECT_EQ(lea.get("/secretariat/comptes/" + std::to_string(pendingAccount)).status, 200);
    const auto refused = lea.post(approve, {{"csrf", lea.csrf()}});
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(contains(refused.body, "lecture seule"));
    EXPECT_FALSE(contains(lea.get("/secretariat/jurys/2").body, "Enregistrer les décisions"));

    Browser amelie{server->port()};
    ASSERT_EQ(amelie.login("amelie", password).status, 303);
    amelie.get("/secretariat/comptes/" + std::to_string(pendingAccount));
    EXPECT_EQ(amelie.post(approve, {}).status, 403);                          // no token
    EXPECT_EQ(amelie.post(approve, {{"csrf", "AAAAAAAAAAAAAAAAAAAA"}}).status, 403);  // another
    EXPECT_EQ(amelie.post(approve, {{"csrf", lea.csrf()}}).status, 403);     // another session's
    EXPECT_EQ(branch->store().accounts().account(pendingAccount)->status, pipeline::AccountStatus::Pending);
    EXPECT_EQ(amelie.post(approve, {{"csrf", amelie.csrf()}}).status, 303);
    EXPECT_EQ(branch->store().accounts().account(pendingAccount)->status, pipeline::AccountStatus::Active);
}

TEST_P(Serve, EveryPageAndActionOfTheConsoleWorksAndIsRecordedWithItsUser)
{
    auto& store = branch->store();
    const auto outil4 = store.documents().candidatureDocuments(1, pipeline::DocumentKind::Outil4);
    ASSERT_FALSE(outil4.empty());
    const Id batchPdf = store.documents().store(Branch::pdf("outil4-dupont.pdf").content, "application/pdf",
                                                "lot-2027-06-16.pdf", d("2027-06-16"));
    const Id batch = store.parchments().addPrintBatch(2, batchPdf, "lot-2027-06-16.pdf", 3, d("2027-06-16"), {});
    start();
    Browser web{server->port()};
    ASSERT_EQ(web.login("amelie", password).status, 303);
    for (const std::string path :
         {"/secretariat/", "/secretariat/dossiers", "/secretariat/dossiers?q=dupont", "/secretariat/dossiers?q=1", "/secretariat/dossiers/1",
          "/secretariat/verifications", "/secretariat/comptes", "/secretariat/comptes/1", "/secretariat/quarantaine",
          "/secretariat/quarantaine/1", "/secretariat/jurys", "/secretariat/jurys/2", "/secretariat/lots", "/secretariat/statistiques",
          "/secretariat/statistiques?du=2026-09-01&au=2027-06-30", "/secretariat/courriels", "/secretariat/courriels?etat=pending",
          "/secretariat/courriels/1"}) {
        const auto page = web.get(path);
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8") << path;
        EXPECT_TRUE(contains(page.body, "<html lang=\"fr\">")) << path;
    }
    EXPECT_TRUE(contains(web.get("/secretariat/dossiers?q=dupont").body, "/secretariat/dossiers/1\""));
    const auto dossier = web.get("/secretariat/dossiers/1");
    EXPECT_TRUE(contains(dossier.body, "Candidature n°1 — Élise Marie Durand"));
    EXPECT_TRUE(contains(dossier.body, "/secretariat/documents/" + std::to_string(outil4[0]) + "?dossier=1"));
    const auto scan = web.get("/secretariat/documents/" + std::to_string(outil4[0]) + "?dossier=1");
    EXPECT_EQ(scan.status, 200);
    EXPECT_EQ(scan.header("Content-Type"), "application/pdf");
    EXPECT_TRUE(contains(scan.header("Content-Disposition"), "inline"));
    EXPECT_EQ(scan.header("Content-Security-Policy"), "frame-ancestors 'self'");
    const auto csv = web.get("/secretariat/statistiques.csv?du=2026-09-01&au=2027-06-30");
    EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(contains(csv.body, "Candidatures"));
    EXPECT_TRUE(contains(web.get("/secretariat/statistiques").body, "<svg class=\"chart\""));

    // The jury's decisions, per competence: validé, the history naming the console's user.
    web.get("/secretariat/jurys/2");
    std::vector<std::pair<std::string, std::string>> form{{"csrf", web.csrf()}, {"candidature", "1"}};
    for (int c = 1; c <= 5; ++c)
        form.emplace_back("c:FAB-OPE-C" + std::to_string(c), "oui");
    EXPECT_EQ(web.post("/secretariat/jurys/2/decisions", form).status, 303);
    EXPECT_TRUE(contains(web.get("/secretariat/jurys/2").body, "Décisions du jury du 15/06/2027 enregistrées"));
    EXPECT_EQ(store.candidatures().candidature(1)->status, rules::CandidatureStatus::Valide);
    EXPECT_EQ(history(1).back().actor, "amelie (console)");

    // A review settled with a reason, kept in the dossier's history.
    const Id review = store.mail().addReview({0, Id{1}, outil4[0], 1, "Case C3 douteuse", pipeline::ReviewState::Open, "", d("2027-06-16"), std::nullopt});
    EXPECT_EQ(web.get("/secretariat/verifications/" + std::to_string(review)).status, 200);
    EXPECT_EQ(web.get("/secretariat/documents/" + std::to_string(outil4[0]) + "?verification=" + std::to_string(review)).status, 200);
    EXPECT_EQ(web.post("/secretariat/verifications/" + std::to_string(review) + "/trancher", {{"csrf", web.csrf()}, {"motif", "Case vérifiée sur l'original."}}).status, 303);
    EXPECT_EQ(store.mail().review(review)->state, pipeline::ReviewState::Resolved);
    EXPECT_EQ(history(1).back().actor, "amelie (console)");
    EXPECT_TRUE(contains(history(1).back().reason, "Case vérifiée sur l'original."));

    // Accounts: approved, suspended with a reason, reinstated.
    const std::string account = "/secretariat/comptes/" + std::to_string(pendingAccount);
    EXPECT_EQ(web.post(account + "/approuver", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(web.post(account + "/suspendre", {{"csrf", web.csrf()}, {"motif", "Signalement"}}).status, 303);
    EXPECT_EQ(store.accounts().account(pendingAccount)->status, pipeline::AccountStatus::Suspended);
    EXPECT_EQ(web.post(account + "/rouvrir", {{"csrf", web.csrf()}, {"motif", "Levée"}}).status, 303);
    EXPECT_EQ(store.accounts().account(pendingAccount)->status, pipeline::AccountStatus::Active);

    // Quarantine: processed again (a question stays there), then set aside.
    const auto quarantined = store.mail().receivedInState(pipeline::ReceivedState::Quarantined);
    ASSERT_EQ(quarantined.size(), 2u);
    const std::string first = "/secretariat/quarantaine/" + std::to_string(quarantined[0].id);
    EXPECT_EQ(web.post(first + "/reessayer", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_TRUE(contains(web.get("/secretariat/quarantaine").body, "toujours en quarantaine"));
    EXPECT_EQ(web.post(first + "/ecarter", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(store.mail().received(quarantined[0].id)->state, pipeline::ReceivedState::Dropped);

    // A mail that failed tried again, a sent one copied; a print batch downloaded and posted.
    store.mail().markFailed(1, "550 boîte inconnue");
    store.mail().markSent(2, pipeline::utcTimestamp());
    EXPECT_TRUE(contains(web.get("/secretariat/courriels?etat=failed").body, "550 boîte inconnue"));
    EXPECT_EQ(web.post("/secretariat/courriels/1/renvoyer", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(store.mail().outgoing(1)->state, pipeline::OutboxState::Pending);
    const auto before = store.mail().listOutbox(std::nullopt, "").size();
    EXPECT_EQ(web.post("/secretariat/courriels/2/renvoyer", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(store.mail().listOutbox(std::nullopt, "").size(), before + 1);
    const auto pdf = web.get("/secretariat/lots/" + std::to_string(batch));
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    EXPECT_EQ(web.post("/secretariat/lots/" + std::to_string(batch) + "/poste", {{"csrf", web.csrf()}}).status, 303);
    EXPECT_EQ(store.parchments().printBatch(batch)->postedBy, "amelie (console)");

    // Every action is in the action log with its user; every reading of a person's data in the
    // access log; both append-only.
    std::string actions;
    for (const auto& a : store.console().actions(100))
        actions += a.actor + " " + a.action + "\n";
    for (const char* action : {"jury.decide", "review.resolve", "account.approve", "account.suspend", "account.reinstate",
                               "quarantine.retry", "quarantine.drop", "mail.resend", "batch.posted"})
        EXPECT_TRUE(contains(actions, std::string{"amelie (console) "} + action)) << action << "\n" << actions;
    const auto accesses = store.console().accessesOf(store.candidatures().candidature(1)->candidateId);
    ASSERT_FALSE(accesses.empty());
    std::string read;
    for (const auto& a : accesses) {
        EXPECT_EQ(a.actor, "amelie (console)");
        read += a.what + "\n";
    }
    // Listed by a search (the text typed is not kept), the dossier, its document.
    EXPECT_TRUE(contains(read, "liste de recherche\n")) << read;
    EXPECT_TRUE(contains(read, "dossier\n")) << read;
    EXPECT_TRUE(contains(read, "document " + std::to_string(outil4[0]) + "\n")) << read;
    EXPECT_FALSE(contains(read, "dupont")) << read;
    EXPECT_NE(rawExecute(branch->location(), "UPDATE access_log SET actor = 'x'"), "");
    EXPECT_NE(rawExecute(branch->location(), "DELETE FROM access_log"), "");
    EXPECT_NE(rawExecute(branch->location(), "DELETE FROM action_log"), "");
}

TEST_P(Serve, HostileNamesAreShownAsTextAndDocumentsOnlyFromTheirDossier)
{
    start();
    Browser web{server->port()};
    ASSERT_EQ(web.login("amelie", password).status, 303);
    ASSERT_EQ(branch->store().candidatures().search("<script>", 10).size(), 1u);
    // The candidate named like a script and the company with quotes, on every page that names them.
    for (const std::string& path : std::vector<std::string>{"/secretariat/dossiers?q=" + formEncoded({{"", script}}).substr(1), "/secretariat/comptes",
                                   "/secretariat/comptes/" + std::to_string(pendingAccount), "/secretariat/courriels",
                                   "/secretariat/dossiers/" + std::to_string(scriptedDossier), "/secretariat/",
                                   "/secretariat/dossiers?q=%22%3E%3Cimg%20src%3Dx%3E"}) {
        const auto page = web.get(path);
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_FALSE(contains(page.body, "<script")) << path;
        EXPECT_FALSE(contains(page.body, "<b>Fils")) << path;
        EXPECT_FALSE(contains(page.body, "<img src=x>")) << path;
    }
    EXPECT_TRUE(contains(web.get("/secretariat/comptes").body, "Chimie &quot;Guillemets&quot; &amp; &lt;b&gt;Fils&lt;/b&gt;"));
    EXPECT_TRUE(contains(web.get("/secretariat/dossiers?q=%3Cscript").body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_TRUE(contains(web.get("/secretariat/dossiers/" + std::to_string(scriptedDossier)).body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Paths: only numbers name documents, and only from the dossier or review that shows them.
    const auto outil4 = branch->store().documents().candidatureDocuments(1, pipeline::DocumentKind::Outil4);
    for (const std::string& path : std::vector<std::string>{"/secretariat/documents/../../../../etc/passwd", "/secretariat/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "/secretariat/documents/" + std::to_string(outil4[0]), "/secretariat/documents/" + std::to_string(outil4[0]) + "?dossier=2",
          "/secretariat/documents/" + std::to_string(outil4[0]) + "?dossier=../1", "/secretariat/documents/1x?dossier=1",
          "/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/secretariat/jurys/2/../../../etc/passwd"}) {
        const auto r = web.get(path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_FALSE(contains(r.body, "root:")) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Serve, bothBackends(), backendTestName);

}  // namespace
}  // namespace cqp::test
