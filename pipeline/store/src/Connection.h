#pragma once

// Private to the store: the Poco Data session behind a Database.

#include "cqp/store/Database.h"

#include <Poco/Data/Session.h>

namespace cqp::pipeline::detail {

struct Database::Connection {
    Poco::Data::Session session;
};

}  // namespace cqp::pipeline::detail
