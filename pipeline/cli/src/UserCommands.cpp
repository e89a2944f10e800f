// The console's users (`cqp serve`): added, listed, given a new password by the secretariat.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Passwords.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/Clock.h"

#include <iomanip>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace cqp::pipeline::detail {

namespace {

// The password from --password-file (its first line), else typed at the terminal without echo,
// else the first line of standard input.
std::string passwordOf(Invocation& inv)
{
    std::string password;
    if (const auto it = inv.options.find("password-file"); it != inv.options.end()) {
        password = readFile(it->second);
        password = password.substr(0, password.find('\n'));
    } else {
        termios saved{};
        const bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
        if (terminal) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
            std::cerr << "mot de passe : " << std::flush;
        }
        std::getline(std::cin, password);
        if (terminal) {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved);
            std::cerr << "\n";
        }
    }
    if (!password.empty() && password.back() == '\r')
        password.pop_back();
    if (const auto problem = passwordProblem(password); !problem.empty())
        throw UsageError(problem);
    return password;
}

bool validName(const std::string& name)
{
    return !name.empty() && name.size() <= 64 &&
           name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
}

int cmdUserAdd(Invocation& inv)
{
    const std::string name = operand(inv, 2, "NAME");
    expectWords(inv, 3);
    if (!validName(name))
        throw UsageError("NAME is 1 to 64 letters, digits, '.', '_' or '-', not '" + name + "'");
    const auto role = fromCode<ConsoleRole>(option(inv, "role"));
    if (!role)
        throw UsageError("--role must be secretariat or lecture");
    auto store = openStore(inv.settings);
    if (store->console().user(name))
        throw UsageError("a console user '" + name + "' already exists (cqp user password " + name + " to change its password)");
    const std::string hash = hashPassword(passwordOf(inv));
    store->transaction([&] {
        store->console().addUser({0, name, *role, hash, 0, "", utcTimestamp(), false});
        store->console().logAction({0, utcTimestamp(), "secretariat", "cli", "user.add", "utilisateur " + name, code(*role)});
    });
    inv.out << "utilisateur « " << name << " » (" << consoleRoleLabel(*role) << ") créé pour la console du secrétariat\n";
    return ExitDone;
}

int cmdUserPassword(Invocation& inv)
{
    const std::string name = operand(inv, 2, "NAME");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    const auto user = store->console().user(name);
    if (!user)
        throw UsageError("no console user '" + name + "' (cqp user list)");
    const std::string hash = hashPassword(passwordOf(inv));
    store->transaction([&] {
        store->console().setPassword(user->id, hash);
        store->console().logAction({0, utcTimestamp(), "secretariat", "cli", "user.password", "utilisateur " + name, ""});
    });
    inv.out << "utilisateur « " << name << " » : nouveau mot de passe enregistré (et débloqué)\n";
    return ExitDone;
}

int cmdUserList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& u : store->console().users())
        inv.out << std::left << padded(u.name, 20) << padded(consoleRoleLabel(u.role), 16) << "créé le " << u.createdAt.substr(0, 10)
                << (u.lockedUntil.empty() ? "" : "  bloqué jusqu'au " + u.lockedUntil) << "\n";
    return ExitDone;
}

}  // namespace

CommandList userCommands()
{
    const OptionSpec passwordFile{"password-file", "FILE", "read the password from the first line of FILE (else it is asked)", ""};
    return {
        {{"user", "add"},
         "user add NAME --role secretariat|lecture [--password-file FILE]",
         "a user of the secretariat's console (cqp serve): secretariat acts, lecture only reads; password of 12 characters or more",
         {{"role", "ROLE", "secretariat or lecture", ""}, passwordFile},
         cmdUserAdd},
        {{"user", "password"},
         "user password NAME [--password-file FILE]",
         "give a console user a new password (and unlock it)",
         {passwordFile},
         cmdUserPassword},
        {{"user", "list"}, "user list", "the console's users, their role, and whether they are locked out", {}, cmdUserList},
    };
}

}  // namespace cqp::pipeline::detail
