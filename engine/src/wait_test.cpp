#include <doctest/doctest.h>

#include <cstdio>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;
using testing::job;

using testing::tf;

// job(name, d, fail): sleeps d, logs "<name> done" and returns name, or raises ValueError(name);
// a cancelled job logs "<name> cancelled". Python twin of this whole test:
//   ts = a(3) b(1) c(2) as named tasks
//   done, pending = await wait(ts, return_when=FIRST_COMPLETED); log(first_completed ...)
//   done, pending = await wait(ts, timeout=0.5); log(timeout ...)
//   us = x(1) y(2, fail) z(5); wait(us, return_when=FIRST_EXCEPTION); log(first_exception ...)
//   wait(ts + us); log(all ...); wait([]) -> ValueError
//   wait_for(job("w1", 1), timeout=2); wait_for(job("w2", 5), timeout=1) -> TimeoutError()
//   wait_for(stubborn(), timeout=1): stubborn sleeps 0.5 in its cancellation cleanup first
//   wait_for(job("w3", 1), timeout=0) -> TimeoutError; wait_for(job("w4", 1), None)
//   inner = job("inner", 5); outer = create_task(wait_for(inner, 10)); sleep(1); outer.cancel()
//   as_completed over p(3) q(1, fail) r(2); then over s(1) t(5) with timeout=2
//   inner = job("shielded", 2); outer = shield(inner); a task awaiting outer is cancelled after 1 s

std::string names(const std::vector<Task<std::string>>& s) {
  std::string out;
  for (auto& t : s) out += (out.empty() ? "" : ", ") + t.get_name();
  return "[" + out + "]";
}

TEST_CASE("wait, wait_for, as_completed, shield: the sequence python3 prints") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    double t0 = loop.time();
    auto T = [&] { return testing::elapsed_since(loop, t0); };
    std::vector<Task<std::string>> ts{create_task(job(log, "a", 3), "a"), create_task(job(log, "b", 1), "b"),
                                      create_task(job(log, "c", 2), "c")};
    auto r = wait(ts, std::nullopt, ReturnWhen::FirstCompleted);
    log("first_completed t=" + T() + " done=" + names(r.done) + " pending=" + names(r.pending));
    r = wait(ts, 0.5);
    log("timeout t=" + T() + " done=" + names(r.done) + " pending=" + names(r.pending));
    std::vector<Task<std::string>> us{create_task(job(log, "x", 1), "x"), create_task(job(log, "y", 2, true), "y"),
                                      create_task(job(log, "z", 5), "z")};
    r = wait(us, std::nullopt, ReturnWhen::FirstException);
    log("first_exception t=" + T() + " done=" + names(r.done) + " pending=" + names(r.pending));
    std::vector<Task<std::string>> all = ts;
    all.insert(all.end(), us.begin(), us.end());
    r = wait(all);
    log("all t=" + T() + " pending=" + std::to_string(r.pending.size()));
    try {
      wait(std::vector<Task<std::string>>{});
    } catch (const ValueError& e) {
      log(std::string("ValueError: ") + e.what());
    }

    std::string got = wait_for(job(log, "w1", 1), 2.0);
    log("wait_for -> " + got + " t=" + T());
    try {
      wait_for(job(log, "w2", 5), 1.0);
    } catch (const TimeoutError&) {
      log("TimeoutError " + describe_exception(std::current_exception()).repr + " t=" + T());
    }
    auto stubborn = [&] {
      try {
        sleep(5);
      } catch (const CancelledError&) {
        log("stubborn cleanup");
        sleep(0.5);
        log("stubborn cleaned");
        throw;
      }
    };
    try {
      wait_for(stubborn, 1.0);
    } catch (const TimeoutError&) {
      log("TimeoutError after cleanup t=" + T());
    }
    try {
      wait_for(job(log, "w3", 1), 0.0);
    } catch (const TimeoutError&) {
      log("zero timeout t=" + T());
    }
    log("none -> " + wait_for(job(log, "w4", 1), std::nullopt));
    auto inner = create_task(job(log, "inner", 5), "inner");
    auto outer = create_task([inner] { return wait_for(inner, 10.0); });
    sleep(1);
    outer.cancel();
    try {
      await(outer);
    } catch (const CancelledError&) {
      log("outer cancelled inner.cancelled=" + tf(inner.cancelled()) + " t=" + T());
    }

    std::vector<Task<std::string>> fs{create_task(job(log, "p", 3)), create_task(job(log, "q", 1, true)),
                                      create_task(job(log, "r", 2))};
    auto ac = as_completed(fs);
    for (std::size_t i = 0; i < ac.size(); ++i) {
      try {
        std::string next = ac.next();
        log("as_completed -> " + next + " t=" + T());
      } catch (const ValueError& e) {
        log(std::string("as_completed ValueError ") + e.what() + " t=" + T());
      }
    }
    std::vector<Task<std::string>> gs{create_task(job(log, "s", 1)), create_task(job(log, "t", 5))};
    auto ac2 = as_completed(gs, 2.0);
    for (std::size_t i = 0; i < ac2.size(); ++i) {
      try {
        std::string next = ac2.next();
        log("as_completed -> " + next + " t=" + T());
      } catch (const TimeoutError&) {
        log("as_completed TimeoutError t=" + T());
      }
    }
    await(gs[1]);

    auto sh_inner = create_task(job(log, "shielded", 2));
    auto sh_outer = shield(sh_inner);
    auto w = create_task([sh_outer] { return await(sh_outer); });
    sleep(1);
    w.cancel();
    try {
      await(w);
    } catch (const CancelledError&) {
      log("waiter cancelled outer.cancelled=" + tf(sh_outer.cancelled()) + " inner.done=" + tf(sh_inner.done()));
    }
    got = await(sh_inner);
    log("shielded result " + got + " t=" + T());
  });
  CHECK(join(log.lines) ==
        "b done\nfirst_completed t=1.0 done=[b] pending=[a, c]\ntimeout t=1.5 done=[b] pending=[a, c]\n"
        "c done\nx done\na done\ny raising\nfirst_exception t=3.5 done=[x, y] pending=[z]\nz done\n"
        "all t=6.5 pending=0\nValueError: Set of Tasks/Futures is empty.\n"
        "w1 done\nwait_for -> w1 t=7.5\nw2 cancelled\nTimeoutError TimeoutError() t=8.5\n"
        "stubborn cleanup\nstubborn cleaned\nTimeoutError after cleanup t=10.0\nzero timeout t=10.0\n"
        "w4 done\nnone -> w4\ninner cancelled\nouter cancelled inner.cancelled=True t=12.0\n"
        "q raising\nas_completed ValueError q t=13.0\nr done\nas_completed -> r t=14.0\np done\n"
        "as_completed -> p t=15.0\ns done\nas_completed -> s t=16.0\nas_completed TimeoutError t=17.0\nt done\n"
        "waiter cancelled outer.cancelled=True inner.done=False\nshielded done\nshielded result shielded t=22.0\n");
}

}  // namespace
}  // namespace loopscope
