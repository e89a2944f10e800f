#include "Html.h"

#include "cqp/actions/Labels.h"

namespace cqp::pipeline::web {

std::string h(std::string_view text) { return markupEscaped(text); }

std::string urlEncoded(std::string_view text)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

namespace {

const char* const head =
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<link rel=\"stylesheet\" href=\"/static/console.css\">\n";

struct Section {
    const char* path;
    const char* label;
};

const Section sections[] = {
    {"/secretariat/", "Tableau de bord"},         {"/secretariat/dossiers", "Dossiers"},
    {"/secretariat/verifications", "Vérifications"}, {"/secretariat/comptes", "Comptes"},
    {"/secretariat/quarantaine", "Quarantaine"},  {"/secretariat/jurys", "Jurys"},
    {"/secretariat/lots", "Lots d'impression"},   {"/secretariat/statistiques", "Statistiques"},
    {"/secretariat/courriels", "Courriels"},
};

}  // namespace

std::string consolePage(const ConsoleLayout& l, const std::string& body)
{
    std::string out = head;
    out += "<title>" + h(l.title) + " — Console du secrétariat des CQP</title>\n</head>\n<body>\n"
           "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n<header>\n"
           "<p class=\"brand\">CQP des Industries Chimiques — console du secrétariat</p>\n"
           "<form method=\"post\" action=\"/secretariat/deconnexion\" class=\"who\">" +
           csrfField(l.csrf) + "<span>" + h(l.user) + " (" + h(l.role) +
           ")</span> <button type=\"submit\">Se déconnecter</button></form>\n</header>\n"
           "<nav aria-label=\"Sections de la console\"><ul>\n";
    for (const auto& s : sections) {
        const bool current = l.active == s.path;
        out += std::string{"<li><a href=\""} + s.path + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + s.label +
               "</a></li>\n";
    }
    out += "</ul></nav>\n<main id=\"contenu\">\n";
    if (!l.flash.empty())
        out += "<p class=\"flash\" role=\"status\">" + h(l.flash) + "</p>\n";
    out += "<h1>" + h(l.title) + "</h1>\n" + body + "\n</main>\n</body>\n</html>\n";
    return out;
}

std::string publicPage(const std::string& title, const std::string& body)
{
    return std::string{head} + "<title>" + h(title) + "</title>\n</head>\n<body class=\"public\">\n<main id=\"contenu\">\n" +
           body + "\n</main>\n</body>\n</html>\n";
}

std::string csrfField(const std::string& csrf)
{
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + h(csrf) + "\">";
}

std::string actionButton(const std::string& action, const std::string& csrf, const std::string& label,
                         const std::vector<std::pair<std::string, std::string>>& fields, bool danger)
{
    std::string out = "<form method=\"post\" action=\"" + h(action) + "\" class=\"inline\">" + csrfField(csrf);
    for (const auto& [name, value] : fields)
        out += "<input type=\"hidden\" name=\"" + h(name) + "\" value=\"" + h(value) + "\">";
    return out + "<button type=\"submit\"" + (danger ? " class=\"danger\"" : "") + ">" + h(label) + "</button></form>";
}

std::string table(const std::string& caption, const std::vector<std::string>& headers,
                  const std::vector<std::vector<std::string>>& rows)
{
    std::string out = "<div class=\"scroll\"><table>\n<caption>" + h(caption) + "</caption>\n<thead><tr>";
    for (const auto& header : headers)
        out += "<th scope=\"col\">" + h(header) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
        out += "<tr>";
        for (const auto& cell : row)
            out += "<td>" + cell + "</td>";
        out += "</tr>\n";
    }
    if (rows.empty())
        out += "<tr><td colspan=\"" + std::to_string(headers.size()) + "\">Aucun élément.</td></tr>\n";
    return out + "</tbody>\n</table></div>\n";
}

std::string link(const std::string& href, const std::string& text)
{
    return "<a href=\"" + h(href) + "\">" + h(text) + "</a>";
}

}  // namespace cqp::pipeline::web
