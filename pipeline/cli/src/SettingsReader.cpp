#include "SettingsReader.h"

#include "cqp/workflow/Errors.h"

#include <Poco/Exception.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <tuple>

namespace cqp::pipeline::detail {

namespace {

// Reads cqp.properties (or the embedded default) into the settings of every part.
class SettingsReader {
public:
    SettingsReader(const Poco::Util::AbstractConfiguration& config, const std::string& source) : c_{config}
    {
        settings_.source = source;
    }

    Settings read()
    {
        readSettings();
        return std::move(settings_);
    }

private:
    const Poco::Util::AbstractConfiguration& config() const { return c_; }

    void readSettings()
    {
        const auto& c = config();
        try {
            if (c.hasProperty("store"))
                settings_.store = StoreLocation::parse(c.getString("store"));
            readMail(c);
            readWeb(c);
            auto& r = settings_.parchment.retention;
            r.receivedMailDays = positive("retention.received_mail_days", r.receivedMailDays);
            r.refusedMailDays = positive("retention.refused_mail_days", r.refusedMailDays);
            r.sentMailDays = positive("retention.sent_mail_days", r.sentMailDays);
            r.logsDays = positive("retention.logs_days", r.logsDays);
            r.juryFilesDays = positive("retention.jury_files_days", r.juryFilesDays);
            r.orphanDocumentDays = positive("retention.orphan_document_days", r.orphanDocumentDays);
            r.decidedDossierYears = positive("retention.decided_dossier_years", r.decidedDossierYears);
            r.abandonedDossierYears = positive("retention.abandoned_dossier_years", r.abandonedDossierYears);
            readParchment(c);
            if (c.hasProperty("referential"))
                settings_.referentialFile = c.getString("referential");
            auto& d = settings_.deadlines;
            d.resultsMaxDaysAfterEvaluation = positive("deadlines.results_days", d.resultsMaxDaysAfterEvaluation);
            d.registrationMinDaysBeforeJury = positive("deadlines.registration_days", d.registrationMinDaysBeforeJury);
            d.decisionMaxHoursAfterJury = positive("deadlines.decision_hours", d.decisionMaxHoursAfterJury);
            d.acquiredValidityYears = positive("outcome.acquired_years", d.acquiredValidityYears);
            d.resultsReminderDays = positive("reminders.results_days", d.resultsReminderDays);
            d.registrationReminderDays = positive("reminders.registration_days", d.registrationReminderDays);
            d.signatureMaxAgeDays = positive("submissions.max_age_days", d.signatureMaxAgeDays);
            if (c.hasProperty("submissions.v1_0_until")) {
                const auto until = rules::Date::parseIso(c.getString("submissions.v1_0_until"));
                if (!until)
                    throw ConfigurationError("submissions.v1_0_until must be YYYY-MM-DD");
                d.version10AcceptedUntil = *until;
            }
            auto& daemon = settings_.daemon;
            daemon.intervalMinutes = positive("daemon.interval_minutes", daemon.intervalMinutes);
            daemon.pollSeconds = positive("worker.poll_seconds", daemon.pollSeconds);
            const std::string night = c.getString("daemon.night_at", "02:00");
            if (night.size() != 5 || night[2] != ':' || !std::isdigit(static_cast<unsigned char>(night[0])) ||
                !std::isdigit(static_cast<unsigned char>(night[1])) ||
                !std::isdigit(static_cast<unsigned char>(night[3])) ||
                !std::isdigit(static_cast<unsigned char>(night[4])) || std::stoi(night.substr(0, 2)) > 23 ||
                std::stoi(night.substr(3)) > 59)
                throw ConfigurationError("daemon.night_at must be HH:MM, not '" + night + "' (" + settings_.source +
                                         ")");
            daemon.nightHour = std::stoi(night.substr(0, 2));
            daemon.nightMinute = std::stoi(night.substr(3));
        } catch (const std::invalid_argument& e) {
            throw ConfigurationError(std::string{e.what()} + " (" + settings_.source + ")");
        } catch (const Poco::SyntaxException& e) {
            throw ConfigurationError(e.displayText() + " (" + settings_.source + ")");
        }
    }

    // host:port after a scheme, e.g. "pop3:mail.example:995".
    static std::pair<std::string, int> hostPort(const std::string& text, int defaultPort)
    {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos)
            return {text, defaultPort};
        return {text.substr(0, colon), std::stoi(text.substr(colon + 1))};
    }

    // A secret comes from a file or the environment, never from the properties file.
    std::string secret(const std::string& key, const char* environment)
    {
        if (config().hasProperty(key))
            throw ConfigurationError(key + " must not be written in " + settings_.source + ": use " + key +
                                     "_file = FILE or the environment variable " + environment);
        if (config().hasProperty(key + "_file")) {
            std::ifstream in{config().getString(key + "_file")};
            if (!in)
                throw ConfigurationError("cannot read " + config().getString(key + "_file"));
            std::string value;
            std::getline(in, value);
            return value;
        }
        if (const char* value = std::getenv(environment))
            return value;
        return {};
    }

    void readMail(const Poco::Util::AbstractConfiguration& c)
    {
        auto& mail = settings_.mail;
        const std::string inbox = c.getString("inbox", "maildir:var/inbox");
        if (inbox.rfind("maildir:", 0) == 0) {
            mail.inbox = MailSettings::Inbox::Maildir;
            mail.inboxMaildir = inbox.substr(8);
        } else if (inbox.rfind("pop3:", 0) == 0 || inbox.rfind("pop3s:", 0) == 0) {
            mail.inbox = MailSettings::Inbox::Pop3;
            const bool implicit = inbox.rfind("pop3s:", 0) == 0;
            std::tie(mail.pop3.host, mail.pop3.port) = hostPort(inbox.substr(implicit ? 6 : 5), implicit ? 995 : 110);
            const std::string tls = c.getString("inbox.pop3.tls", implicit ? "implicit" : "none");
            if (tls != "none" && tls != "stls" && tls != "implicit")
                throw ConfigurationError("inbox.pop3.tls must be none, stls or implicit, not '" + tls + "'");
            mail.pop3.tls = tls == "stls"       ? inbox::Pop3Settings::Tls::Stls
                            : tls == "implicit" ? inbox::Pop3Settings::Tls::Implicit
                                                : inbox::Pop3Settings::Tls::None;
            mail.pop3.caFile = c.getString("mail.tls.ca_file", "");
            mail.pop3.user = c.getString("inbox.pop3.user", "");
            mail.pop3.password = secret("inbox.pop3.password", "CQP_POP3_PASSWORD");
            mail.pop3.deleteAfterCommit = c.getBool("inbox.pop3.delete", true);
            if (mail.pop3.user.empty())
                throw ConfigurationError("inbox.pop3.user is missing (" + settings_.source + ")");
        } else {
            throw ConfigurationError("inbox must be maildir:PATH, pop3:HOST:PORT or pop3s:HOST:PORT, not '" + inbox +
                                     "'");
        }
        const std::string outbox = c.getString("outbox", "spool:var/outbox");
        if (outbox.rfind("spool:", 0) == 0) {
            mail.outbox = MailSettings::Outbox::Spool;
            mail.outboxSpool = outbox.substr(6);
        } else if (outbox.rfind("smtp:", 0) == 0 || outbox.rfind("smtps:", 0) == 0) {
            mail.outbox = MailSettings::Outbox::Smtp;
            const bool implicit = outbox.rfind("smtps:", 0) == 0;
            std::tie(mail.smtp.host, mail.smtp.port) = hostPort(outbox.substr(implicit ? 6 : 5), implicit ? 465 : 25);
            std::string tls = c.getString("outbox.smtp.tls", implicit ? "implicit" : "none");
            if (c.getBool("outbox.smtp.starttls", false))
                tls = "starttls";
            if (tls != "none" && tls != "starttls" && tls != "implicit")
                throw ConfigurationError("outbox.smtp.tls must be none, starttls or implicit, not '" + tls + "'");
            mail.smtp.tls = tls == "starttls"   ? outbox::SmtpSettings::Tls::StartTls
                            : tls == "implicit" ? outbox::SmtpSettings::Tls::Implicit
                                                : outbox::SmtpSettings::Tls::None;
            mail.smtp.caFile = c.getString("mail.tls.ca_file", "");
            mail.smtp.user = c.getString("outbox.smtp.user", "");
            mail.smtp.password = secret("outbox.smtp.password", "CQP_SMTP_PASSWORD");
        } else {
            throw ConfigurationError("outbox must be spool:PATH, smtp:HOST:PORT or smtps:HOST:PORT, not '" + outbox +
                                     "'");
        }
        mail.from = c.getString("mail.from", mail.from);
        mail.domain = c.getString("mail.domain", mail.domain);
        mail.trustedAuthServer = c.getString("mail.trusted_authserv_id", "");
        mail.smtp.heloName = mail.domain;
        mail.limits.maxMessageBytes = static_cast<std::size_t>(c.getInt64("inbox.max_message_bytes", 25 * 1024 * 1024));
        mail.limits.maxDecodedBytes = static_cast<std::size_t>(c.getInt64("inbox.max_decoded_bytes", 50 * 1024 * 1024));
        mail.limits.maxParts = c.getInt("inbox.max_parts", mail.limits.maxParts);
        mail.limits.maxDepth = c.getInt("inbox.max_depth", mail.limits.maxDepth);
        mail.asideDir = c.getString("inbox.aside", mail.asideDir.string());
        mail.replies.perSenderPerDay = positive("mail.max_replies_per_day", mail.replies.perSenderPerDay);
        mail.replies.unknownPerDay = positive("mail.max_replies_per_day_unknown", mail.replies.unknownPerDay);
    }

    void readParchment(const Poco::Util::AbstractConfiguration& c)
    {
        auto& p = settings_.parchment;
        p.keyFile = c.getString("parchment.key_file", p.keyFile.string());
        // The QR codes point to the verification page of `cqp serve` at its public address.
        p.verifyUrl = c.getString("parchment.verify_url", settings_.web.publicUrl + "/verifier?code=");
        p.place = c.getString("parchment.place", p.place);
        p.logoFile = c.getString("parchment.logo", p.logoFile.string());
        if (c.hasProperty("parchment.signatory.1.name")) {
            p.signatories.clear();
            p.signatureFiles.clear();
            for (int i = 1; i <= 3; ++i) {
                const std::string key = "parchment.signatory." + std::to_string(i);
                if (c.hasProperty(key + ".name")) {
                    p.signatories.push_back({c.getString(key + ".role", ""), c.getString(key + ".name"), ""});
                    p.signatureFiles.emplace_back(c.getString(key + ".image", ""));
                }
            }
        }
        if (c.hasProperty("secretariat.address")) {
            p.secretariatAddress.clear();
            std::string lines = c.getString("secretariat.address");
            for (std::size_t at = 0; at <= lines.size();) {
                auto bar = lines.find('|', at);
                if (bar == std::string::npos)
                    bar = lines.size();
                p.secretariatAddress.push_back(lines.substr(at, bar - at));
                at = bar + 1;
            }
        }
        p.secretariatEmail = c.getString("secretariat.email", p.secretariatEmail);
        p.printDir = c.getString("print.dir", p.printDir.string());
        auto& a = settings_.accrochage;
        a.idClient = c.getString("accrochage.id_client", a.idClient);
        a.idContrat = c.getString("accrochage.id_contrat", a.idContrat);
        a.certificationType = c.getString("accrochage.type", a.certificationType);
        Poco::Util::AbstractConfiguration::Keys keys;
        c.keys("accrochage.code", keys);
        for (const auto& key : keys)
            a.codes[key] = c.getString("accrochage.code." + key);
        if (a.idClient.size() != 8)
            throw ConfigurationError("accrochage.id_client must have 8 characters (" + settings_.source + ")");
    }

    void readWeb(const Poco::Util::AbstractConfiguration& c)
    {
        auto& w = settings_.web;
        w.address = c.getString("web.address", w.address);
        w.port = c.getInt("web.port", w.port);
        if (w.port < 0 || w.port > 65535)
            throw ConfigurationError("web.port must be a port number (" + settings_.source + ")");
        w.publicUrl = c.getString("web.public_url", w.publicUrl);
        while (!w.publicUrl.empty() && w.publicUrl.back() == '/')
            w.publicUrl.pop_back();
        if (w.publicUrl.rfind("https://", 0) != 0 && w.publicUrl.rfind("http://", 0) != 0)
            throw ConfigurationError("web.public_url must begin with https:// (or http:// for a test), not '" + w.publicUrl + "' (" +
                                     settings_.source + ")");
        w.verifyPerMinute = positive("web.verify_per_minute", w.verifyPerMinute);
        w.loginPerMinute = positive("web.login_per_minute", w.loginPerMinute);
        w.idleMinutes = positive("web.idle_minutes", w.idleMinutes);
        w.lockAfter = positive("web.lock_after", w.lockAfter);
        w.lockMinutes = positive("web.lock_minutes", w.lockMinutes);
        w.threads = positive("web.threads", w.threads);
        w.trustedProxy = c.getString("web.trusted_proxy", w.trustedProxy);
    }

    int positive(const std::string& key, int fallback)
    {
        const int value = config().getInt(key, fallback);
        if (value <= 0)
            throw ConfigurationError(key + " must be a positive number (" + settings_.source + ")");
        return value;
    }

    const Poco::Util::AbstractConfiguration& c_;
    Settings settings_;
};

}  // namespace

Settings readSettings(const Poco::Util::AbstractConfiguration& config, const std::string& source)
{
    return SettingsReader{config, source}.read();
}

}  // namespace cqp::pipeline::detail
