#pragma once

// A store as the branch would have it after years of use, for the nightly benchmark: N
// candidatures in every status (the share of each below), with the juries, evaluations,
// decisions and printed parchments that go with them, and the work of one night waiting:
// statuses to advance, a jury whose registration cut-off is tonight, decisions to turn into
// results and parchments, reminders due.

#include "cqp/repositories/Store.h"
#include "cqp/rules/Date.h"

namespace cqp::bench {

struct NightStore {
    int candidatures = 0;
    int juries = 0;
};

/// Fills an empty, migrated store. `night`: the logical date of the night to run.
NightStore generateNightStore(pipeline::Store& store, int candidatures, rules::Date night);

}  // namespace cqp::bench
