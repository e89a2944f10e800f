#include "cqp/ingest/XmlProblem.h"

namespace cqp::ingest {

std::string XmlProblem::describe() const
{
    std::string out;
    if (line > 0) {
        out += "ligne " + std::to_string(line);
        if (column > 0)
            out += ", colonne " + std::to_string(column);
    }
    if (!path.empty())
        out += (out.empty() ? "" : ", ") + path;
    return out.empty() ? message : out + " : " + message;
}

}  // namespace cqp::ingest
