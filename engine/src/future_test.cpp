#include <doctest/doctest.h>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::Log;
using testing::VirtualLoop;

TEST_CASE("future: result, exception, cancel and their errors") {
  VirtualLoop v;
  auto f = v.loop.create_future<int>();
  CHECK_FALSE(f.done());
  CHECK(f.repr() == "<Future pending>");
  CHECK_THROWS_WITH_AS(f.result(), "Result is not set.", InvalidStateError);
  CHECK_THROWS_WITH_AS(f.exception(), "Exception is not set.", InvalidStateError);
  f.set_result(3);
  CHECK(f.done());
  CHECK(f.result() == 3);
  CHECK(f.exception() == nullptr);
  CHECK(f.repr() == "<Future finished result=3>");
  CHECK_THROWS_WITH_AS(f.set_result(4), "invalid state", InvalidStateError);  // python3: InvalidStateError('invalid state')
  CHECK_FALSE(f.cancel());

  auto g = v.loop.create_future<std::string>();
  g.set_exception(std::make_exception_ptr(ValueError("bad")));
  CHECK(g.repr() == "<Future finished exception=ValueError('bad')>");
  CHECK_THROWS_WITH_AS(g.result(), "bad", ValueError);

  auto h = v.loop.create_future<void>();
  CHECK(h.cancel("why"));
  CHECK(h.cancelled());
  CHECK(h.repr() == "<Future cancelled>");
  try {
    h.result();
    FAIL("result() of a cancelled future must raise");
  } catch (const CancelledError& e) {
    CHECK(e.message() == "why");
  }
  CHECK_THROWS_AS(h.exception(), CancelledError);
}

TEST_CASE("future: done callbacks are scheduled with call_soon, not called inline") {
  VirtualLoop v;
  Log log;
  auto f = v.loop.create_future<int>();
  f.add_done_callback([&](FutureState&) { log("first"); });
  auto id = f.add_done_callback([&](FutureState&) { log("removed"); });
  f.add_done_callback([&](FutureState& s) { log(s.done() ? "third sees done" : "third"); });
  CHECK(f.remove_done_callback(id) == 1);
  CHECK(f.repr() == "<Future pending cb=[<callback>, <callback>]>");
  f.set_result(1);
  CHECK(log.lines.empty());
  v.loop.run_once();
  CHECK(log.lines == std::vector<std::string>{"first", "third sees done"});
  f.add_done_callback([&](FutureState&) { log("added after done"); });
  CHECK(log.lines.size() == 2);
  v.loop.run_once();
  CHECK(log.lines.back() == "added after done");
}

TEST_CASE("future: 'Future exception was never retrieved' when dropped unread") {
  VirtualLoop v;
  {
    auto f = v.loop.create_future<int>();
    f.set_exception(std::make_exception_ptr(RuntimeError("lost")));
  }
  CHECK(v.errors ==
        "Future exception was never retrieved\nfuture: <Future finished exception=RuntimeError('lost')>\nRuntimeError: lost\n");
  v.errors.clear();
  {
    auto f = v.loop.create_future<int>();
    f.set_exception(std::make_exception_ptr(RuntimeError("read")));
    CHECK(f.exception() != nullptr);
  }
  CHECK(v.errors.empty());
}

TEST_CASE("future: run_until_complete returns the result or raises") {
  VirtualLoop v;
  auto f = v.loop.create_future<std::string>();
  v.loop.call_later(2, [f] { f.set_result("ready"); });
  CHECK(v.loop.run_until_complete(f) == "ready");
  CHECK(v.loop.time() == doctest::Approx(2.0));
  auto g = v.loop.create_future<int>();
  v.loop.call_soon([g] { g.set_exception(std::make_exception_ptr(ValueError("nope"))); });
  CHECK_THROWS_WITH_AS(v.loop.run_until_complete(g), "nope", ValueError);
}

}  // namespace
}  // namespace loopscope
