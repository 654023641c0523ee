#include <doctest/doctest.h>

#include <cstdio>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;
using testing::job;


std::string reprs(const ExceptionGroup& eg) {
  std::string out;
  for (auto& e : eg.exceptions()) out += (out.empty() ? "" : ", ") + describe_exception(e).repr;
  return "(" + out + (eg.exceptions().size() == 1 ? ",)" : ")");
}

// Python twin (job as in wait_test.cpp):
//   async with asyncio.TaskGroup() as g:
//       a = g.create_task(job("a", 1)); b = g.create_task(job("b", 2)); log(repr(g))
//   log(f"group done {a.result()} {b.result()} t={T()}")
//   try:
//       async with asyncio.TaskGroup() as g:
//           g.create_task(job("x", 1, True)); g.create_task(job("y", 3)); await asyncio.sleep(5); log("not reached")
//   except* ValueError as eg: log(f"caught {eg.exceptions!r} t={T()} cancelling={current_task().cancelling()}")
//   p(1, fail) and q(1, fail) -> log(f"{eg} {eg!r}")
//   r(2) with the body raising RuntimeError("body") -> (RuntimeError('body'),) (r never started: no log)
//   async def parent(): async with TaskGroup() as g: g.create_task(job("c1", 5))
//   p = create_task(parent()); sleep(1); p.cancel() -> c1 cancelled, parent cancelled at 1.0 after start
//   f(1, fail); sleep(0.5); g(1); sleep(1) -> g cancelled; afterwards g.create_task -> "... is finished"
TEST_CASE("TaskGroup: waits for children, first failure cancels siblings and parent, ExceptionGroup, cancellation") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    double t0 = loop.time();
    auto T = [&] { return testing::elapsed_since(loop, t0); };
    Task<std::string> a, b;
    task_group([&](TaskGroup& g) {
      a = g.create_task(job(log, "a", 1));
      b = g.create_task(job(log, "b", 2));
      log(g.repr());
    });
    log("group done " + a.result() + " " + b.result() + " t=" + T());
    try {
      task_group([&](TaskGroup& g) {
        g.create_task(job(log, "x", 1, true));
        g.create_task(job(log, "y", 3));
        sleep(5);
        log("not reached");
      });
    } catch (const ExceptionGroup& eg) {
      log("caught " + reprs(eg) + " t=" + T() + " cancelling=" + std::to_string(current_task()->cancelling()));
    }
    try {
      task_group([&](TaskGroup& g) {
        g.create_task(job(log, "p", 1, true));
        g.create_task(job(log, "q", 1, true));
      });
    } catch (const ExceptionGroup& eg) {
      log(std::string(eg.what()) + " " + describe_exception(std::current_exception()).repr);
    }
    try {
      task_group([&](TaskGroup& g) {
        g.create_task(job(log, "r", 2));
        throw RuntimeError("body");
      });
    } catch (const ExceptionGroup& eg) {
      log(std::string(eg.what()) + " " + reprs(eg));
    }
    double started = loop.time();
    auto parent = create_task([&] { task_group([&](TaskGroup& g) { g.create_task(job(log, "c1", 5)); }); });
    sleep(1);
    parent.cancel();
    try {
      await(parent);
    } catch (const CancelledError&) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "parent cancelled after %.1f", loop.time() - started);
      log(buf);
    }
    TaskGroup* kept = nullptr;
    try {
      task_group([&](TaskGroup& g) {
        kept = &g;
        g.create_task(job(log, "f", 1, true));
        sleep(0.5);
        g.create_task(job(log, "g", 1));
        sleep(1);
      });
    } catch (const ExceptionGroup&) {
    }
    (void)kept;
  });
  CHECK(join(log.lines) ==
        "<TaskGroup tasks=2 entered>\na done\nb done\ngroup done a b t=2.0\n"
        "x raising\ny cancelled\ncaught (ValueError('x'),) t=3.0 cancelling=0\n"
        "p raising\nq raising\nunhandled errors in a TaskGroup (2 sub-exceptions) "
        "ExceptionGroup('unhandled errors in a TaskGroup', [ValueError('p'), ValueError('q')])\n"
        "unhandled errors in a TaskGroup (1 sub-exception) (RuntimeError('body'),)\n"
        "c1 cancelled\nparent cancelled after 1.0\nf raising\ng cancelled\n");
}

TEST_CASE("TaskGroup: create_task on a finished or failing group raises RuntimeError") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    TaskGroup g;
    CHECK_THROWS_WITH_AS(g.create_task([] {}), "TaskGroup <TaskGroup> has not been entered", RuntimeError);
    g.enter();
    g.create_task(job(log, "f", 1, true));
    std::exception_ptr error;
    try {
      sleep(5);
    } catch (...) {
      error = std::current_exception();  // the group cancelled us
    }
    try {
      g.create_task([] {});
      FAIL("expected RuntimeError");
    } catch (const RuntimeError& e) {
      CHECK(std::string(e.what()) == "TaskGroup <TaskGroup errors=1 cancelling> is shutting down");
    }
    CHECK_THROWS_AS(g.exit(error), ExceptionGroup);
    CHECK_THROWS_WITH_AS(g.create_task([] {}), "TaskGroup <TaskGroup cancelling> is finished", RuntimeError);
    CHECK(current_task()->cancelling() == 0);
  });
}

}  // namespace
}  // namespace loopscope

namespace loopscope {
namespace {
// Python twin:
//   async def bad():
//       try: await asyncio.sleep(10)
//       except asyncio.CancelledError: raise ValueError("during cleanup")
//   async def parent():
//       async with asyncio.TaskGroup() as g: g.create_task(bad()); await asyncio.sleep(10)
//   p = create_task(parent()); await sleep(1); p.cancel()
//   await p -> ExceptionGroup (ValueError('during cleanup'),) cancelling=1   (errors beat CancelledError)
//   a group whose parent is cancelled with no child error -> the parent ends cancelled
TEST_CASE("TaskGroup: parent cancelled from outside: CancelledError unless a child failed meanwhile") {
  testing::VirtualLoop v;
  testing::Log log;
  v.loop.run_until_complete([&] {
    auto p = create_task([&] {
      task_group([&](TaskGroup& g) {
        g.create_task([] {
          try {
            sleep(10);
          } catch (const CancelledError&) {
            throw ValueError("during cleanup");
          }
        });
        sleep(10);
      });
    });
    sleep(1);
    p.cancel();
    try {
      await(p);
    } catch (const ExceptionGroup& eg) {
      std::string subs;
      for (auto& e : eg.exceptions()) subs += describe_exception(e).repr + ",";
      log("ExceptionGroup (" + subs + ") cancelling=" + std::to_string(p.cancelling()));
    }
    auto q = create_task([&] {
      task_group([&](TaskGroup& g) {
        g.create_task([] { sleep(10); });
        sleep(10);
      });
    });
    sleep(1);
    q.cancel();
    try {
      await(q);
    } catch (const CancelledError&) {
      log(std::string("quiet cancelled=") + (q.cancelled() ? "True" : "False"));
    }
  });
  CHECK(log.lines == std::vector<std::string>{"ExceptionGroup (ValueError('during cleanup'),) cancelling=1",
                                              "quiet cancelled=True"});
}
}  // namespace
}  // namespace loopscope
