#include <doctest/doctest.h>

#include <cstdio>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

// Every expectation below is what python3 prints for the same program written with asyncio
// (each `job(name, d, fail)` sleeps d seconds, logs "<name> done" and returns its name, or raises
// ValueError(name); a cancelled job logs "<name> cancelled").
struct Jobs {
  Log& log;
  std::function<std::string()> operator()(std::string name, double d, bool fail = false) const {
    return testing::job(log, std::move(name), d, fail);
  }
};

std::string outcome_repr(const Outcome<std::string>& o) {
  if (o.ok()) return "'" + *o.value + "'";
  return describe_exception(o.error).repr;
}

TEST_CASE("gather: results in argument order, fail-fast, return_exceptions, cancellation") {
  VirtualLoop v;
  Log log;
  Jobs job{log};
  v.loop.run_until_complete([&] {
    double t0 = get_running_loop().time();
    auto r = await(gather(job("a", 0.3), job("b", 0.1), job("c", 0.2)));
    log("results ['" + std::get<0>(r) + "', '" + std::get<1>(r) + "', '" + std::get<2>(r) + "']");

    try {
      await(gather(job("x", 0.1, true), job("y", 0.3), job("z", 0.2)));
    } catch (const ValueError& e) {
      log(std::string("caught ValueError('") + e.what() + "')");
    }
    sleep(1);  // y and z keep running after the gather failed

    std::vector<Future<std::string>> settled_children{create_task(job("p", 0.1, true)), create_task(job("q", 0.2))};
    auto settled = await(gather_outcomes(settled_children));
    log("settled [" + outcome_repr(settled[0]) + ", " + outcome_repr(settled[1]) + "]");

    auto g = gather(job("m", 1), job("n", 2));
    sleep(0.5);
    log(std::string("cancel gather -> ") + (g.cancel() ? "True" : "False"));
    try {
      await(g);
    } catch (const CancelledError&) {
      log("gather cancelled");
    }

    auto empty = await(gather(std::vector<Future<int>>{}));
    log("empty [" + std::string(empty.empty() ? "" : "?") + "]");

    auto awaiter = create_task([&] { await(gather(job("k1", 5), job("k2", 5))); });
    sleep(1);
    awaiter.cancel();
    try {
      await(awaiter);
    } catch (const CancelledError&) {
      log(std::string("awaiter cancelled ") + (awaiter.cancelled() ? "True" : "False"));
    }

    auto t1 = create_task(job("r1", 5));
    auto t2 = create_task(job("r2", 0.1));
    auto g2 = gather_outcomes(std::vector<Task<std::string>>{t1, t2});
    sleep(0.5);
    t1.cancel();
    auto with_cancelled = await(g2);
    log("with cancelled child [" + outcome_repr(with_cancelled[0]) + ", " + outcome_repr(with_cancelled[1]) + "]");
    char buf[32];
    std::snprintf(buf, sizeof buf, "t=%.1f", get_running_loop().time() - t0);
    log(buf);
  });
  CHECK(join(log.lines) ==
        "b done\nc done\na done\nresults ['a', 'b', 'c']\n"
        "x raising\ncaught ValueError('x')\nz done\ny done\n"
        "p raising\nq done\nsettled [ValueError('p'), 'q']\n"
        "cancel gather -> True\nm cancelled\nn cancelled\ngather cancelled\n"
        "empty []\n"
        "k1 cancelled\nk2 cancelled\nawaiter cancelled True\n"
        "r2 done\nr1 cancelled\nwith cancelled child [CancelledError(''), 'r2']\n"
        "t=3.6\n");
  CHECK(v.errors.empty());
}

TEST_CASE("gather: a vector of tasks and void children") {
  VirtualLoop v;
  int sum = 0;
  v.loop.run_until_complete([&] {
    std::vector<Task<int>> tasks;
    for (int i = 1; i <= 10; ++i) {
      tasks.push_back(create_task([i] {
        sleep(0.01 * (11 - i));
        return i * i;
      }));
    }
    auto squares = await(gather(tasks));
    for (std::size_t i = 0; i < squares.size(); ++i) CHECK(squares[i] == static_cast<int>((i + 1) * (i + 1)));
    for (int s : squares) sum += s;
    auto units = await(gather([] { sleep(0.1); }, [] {}));
    CHECK(std::tuple_size<decltype(units)>::value == 2);
  });
  CHECK(sum == 385);
}

}  // namespace
}  // namespace loopscope
