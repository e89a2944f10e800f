#include "MailServers.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <random>

#include <fcntl.h>
#include <sys/file.h>
#include <csignal>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cqp::test {

namespace fs = std::filesystem;

ReservedPort::ReservedPort()
{
    const fs::path folder{CQP_TEST_PORT_DIR};
    fs::create_directories(folder);
    std::random_device seed;
    std::mt19937 random{seed()};
    // 20000-31999: below Linux's ephemeral ports (32768-60999), which outgoing connections take.
    std::uniform_int_distribution<int> pick{20000, 31999};
    for (int attempt = 0; attempt < 500; ++attempt) {
        const int port = pick(random);
        const std::string lock = (folder / (std::to_string(port) + ".lock")).string();
        const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd);
            continue;
        }
        try {  // free of anything else on the machine too
            Poco::Net::ServerSocket probe;
            probe.bind(Poco::Net::SocketAddress{"127.0.0.1", static_cast<Poco::UInt16>(port)}, false);
        } catch (const Poco::Exception&) {
            ::close(fd);
            continue;
        }
        port_ = port;
        fd_ = fd;
        return;
    }
    throw std::runtime_error("no free port could be reserved in " + folder.string());
}

ReservedPort::~ReservedPort()
{
    if (fd_ >= 0)
        ::close(fd_);  // releases the flock
}

ReservedPort::ReservedPort(ReservedPort&& other) noexcept : port_{other.port_}, fd_{other.fd_}
{
    other.fd_ = -1;
}

int Pop3Server::reserve()
{
    reserved_.emplace_back();
    return reserved_.back().port();
}

namespace {

void waitForPort(int port, const std::string& what)
{
    for (int i = 0; i < 200; ++i) {
        try {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress{"127.0.0.1", static_cast<Poco::UInt16>(port)});
            return;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    throw std::runtime_error(what + " did not start on port " + std::to_string(port));
}

}  // namespace

TlsFiles makeTlsFiles(const fs::path& dir)
{
    TlsFiles f{dir / "ca.pem", dir / "server.pem", dir / "server.key", dir / "wrong.pem", dir / "wrong.key"};
    writeFile(dir / "make-certificates.sh",
              "set -e\n"
              "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=cqp-test-ca\n"
              "for pair in server:localhost wrong:wrong.example; do\n"
              "  name=${pair%%:*}; host=${pair#*:}\n"
              "  openssl req -newkey rsa:2048 -nodes -keyout $name.key -out $name.csr -subj /CN=$host\n"
              "  if [ \"$name\" = server ]; then san='DNS:localhost,IP:127.0.0.1'; else san='DNS:wrong.example'; fi\n"
              "  echo \"subjectAltName=$san\" > $name.ext\n"
              "  openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 2 -extfile $name.ext\n"
              "done\n"
              "chmod 644 ./*.pem ./*.key\n");
    const std::string command = "cd '" + dir.string() + "' && bash make-certificates.sh >openssl.log 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("openssl could not make the test certificates: " + readFile(dir / "openssl.log"));
    return f;
}

Pop3Server::Pop3Server() : port_{reserve()} { start("ssl = no\ndisable_plaintext_auth = no\n"); }

Pop3Server::Pop3Server(WithImap) : port_{reserve()}, imapPort_{reserve()}
{
    start("ssl = no\ndisable_plaintext_auth = no\n");
}

Pop3Server::Pop3Server(const fs::path& cert, const fs::path& key) : port_{reserve()}, tlsPort_{reserve()}
{
    start("ssl = required\nssl_cert = <" + cert.string() + "\nssl_key = <" + key.string() + "\ndisable_plaintext_auth = yes\n");
}

void Pop3Server::start(const std::string& ssl)
{
    const fs::path d = dir_.path();
    const bool root = getuid() == 0;
    const unsigned uid = root ? 65534 : getuid();  // dovecot never serves mail as root
    const unsigned gid = root ? 65534 : getgid();
    fs::create_directories(d / "home/Maildir/new");
    fs::create_directories(d / "home/Maildir/cur");
    fs::create_directories(d / "home/Maildir/tmp");
    writeFile(d / "passwd", std::string{user} + ":{PLAIN}" + password + ":" + std::to_string(uid) + ":" + std::to_string(gid) +
                                "::" + (d / "home").string() + "\n");
    writeFile(d / "dovecot.conf",
              "base_dir = " + (d / "run").string() + "\nstate_dir = " + (d / "state").string() + "\nlog_path = " +
                  (d / "dovecot.log").string() +
                  "\nprotocols = pop3" + (imapPort_ ? std::string{" imap"} : std::string{}) + "\nlisten = 127.0.0.1\n" + ssl +
                  "auth_mechanisms = plain login\n"
                  "mail_location = maildir:~/Maildir\npop3_uidl_format = %08Xu%08Xv\n"
                  "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " + (d / "passwd").string() +
                  "\n}\nuserdb {\n  driver = passwd-file\n  args = username_format=%u " + (d / "passwd").string() +
                  "\n}\nservice pop3-login {\n  chroot =\n  inet_listener pop3 {\n    address = 127.0.0.1\n    port = " +
                  std::to_string(port_) + "\n  }\n" +
                  (tlsPort_ ? "  inet_listener pop3s {\n    address = 127.0.0.1\n    port = " + std::to_string(tlsPort_) +
                                  "\n    ssl = yes\n  }\n"
                            : std::string{}) +
                  "}\nservice anvil {\n  chroot =\n}\n" +
                  (imapPort_ ? "service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = " +
                                   std::to_string(imapPort_) + "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}\n"
                             : std::string{}));
    if (root) {
        fs::permissions(d, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec);
        const std::string chown = "chown -R " + std::to_string(uid) + ":" + std::to_string(gid) + " '" + (d / "home").string() + "'";
        if (std::system(chown.c_str()) != 0)
            throw std::runtime_error("cannot chown the POP3 mailbox");
    }
    // dovecot keeps the descriptors it inherits: give it none of ours.
    const std::string command = "/usr/sbin/dovecot -c '" + (d / "dovecot.conf").string() + "' </dev/null >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("cannot start dovecot (apt-get install dovecot-pop3d)");
    waitForPort(port_, "dovecot");
}

Pop3Server::~Pop3Server()
{
    std::ifstream pidFile{dir_.path() / "run/master.pid"};
    int pid = 0;
    if (pidFile >> pid && pid > 0) {
        kill(pid, SIGTERM);
        for (int i = 0; i < 100 && kill(pid, 0) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void Pop3Server::deliver(const std::string& raw)
{
    const fs::path tmp = dir_.path() / "home/Maildir/tmp" / ("m" + std::to_string(++delivered_));
    const fs::path target = dir_.path() / "home/Maildir/new" / (std::to_string(1700000000 + delivered_) + ".M" +
                                                                std::to_string(delivered_) + ".test");
    writeFile(tmp, raw);
    if (getuid() == 0 && std::system(("chown 65534:65534 '" + tmp.string() + "'").c_str()) != 0)
        throw std::runtime_error("chown");
    fs::rename(tmp, target);
}

std::size_t Pop3Server::count() const
{
    std::size_t n = 0;
    for (const char* sub : {"new", "cur"})
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_.path() / "home/Maildir" / sub))
            ++n;
    return n;
}

SmtpServer::SmtpServer(bool picky) : port_{reserved_.port()}
{
    const std::string maildir = (dir_.path() / "received").string();
    if (picky)
        run({(sourceDir() / "tests/support/smtp-picky.py").string(), std::to_string(port_), maildir});
    else
        run({"-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_), "-c", "aiosmtpd.handlers.Mailbox", maildir});
}

SmtpServer::SmtpServer(const std::string& mode, const fs::path& cert, const fs::path& key) : port_{reserved_.port()}
{
    run({(sourceDir() / "tests/support/smtp-tls.py").string(), std::to_string(port_), (dir_.path() / "received").string(),
         cert.string(), key.string(), mode, user, password});
}

void SmtpServer::run(const std::vector<std::string>& arguments)
{
    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork");
    if (pid_ == 0) {
        // The child: a real SMTP server (python3-aiosmtpd) writing every message to a Maildir.
        std::freopen("/dev/null", "r", stdin);
        std::freopen((dir_.path() / "smtp.log").c_str(), "w", stdout);
        std::freopen((dir_.path() / "smtp.log").c_str(), "a", stderr);
        std::vector<char*> argv{const_cast<char*>("python3")};
        for (const auto& a : arguments)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv("/usr/bin/python3", argv.data());
        _exit(127);
    }
    waitForPort(port_, "aiosmtpd");
}

SmtpServer::~SmtpServer()
{
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

std::vector<std::string> SmtpServer::messages() const
{
    std::vector<std::string> out;
    for (const char* sub : {"new", "cur"}) {
        const fs::path folder = dir_.path() / "received" / sub;
        if (!fs::is_directory(folder))
            continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder))
            files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            out.push_back(readFile(f));
    }
    return out;
}

}  // namespace cqp::test
