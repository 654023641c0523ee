#include <doctest/doctest.h>

#include <cstdio>
#include <mutex>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

using testing::tf;

// Python twin:
//   lock = asyncio.Lock()
//   async def worker(name, d):
//       log(f"{name} wants")
//       async with lock:
//           log(f"{name} has it"); await asyncio.sleep(d)
//       log(f"{name} released")
//   ts = [create_task(worker(n, 1)) for n in "abc"]; await sleep(0)
//   log(f"locked={lock.locked()}"); ts[1].cancel()
//   await gather(*ts, return_exceptions=True); log(f"t={time:.1f}")
//   await lock.acquire()
//   x = create_task(worker("x", 1)); y = create_task(worker("y", 1)); await sleep(0)
//   lock.release(); x.cancel()          # x was woken, then cancelled: y gets the lock
//   await gather(x, y, return_exceptions=True)
//   log(f"x cancelled={x.cancelled()} locked={lock.locked()}")
//   try: lock.release()
//   except RuntimeError as e: log(f"RuntimeError: {e}")
TEST_CASE("Lock: FIFO hand-over, a cancelled waiter is skipped, a woken-then-cancelled waiter passes it on") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Lock lock;
    auto worker = [&](std::string name, double d) {
      return [&, name, d] {
        log(name + " wants");
        {
          std::lock_guard<Lock> guard(lock);
          log(name + " has it");
          sleep(d);
        }
        log(name + " released");
      };
    };
    double t0 = get_running_loop().time();
    std::vector<Future<void>> ts{create_task(worker("a", 1)), create_task(worker("b", 1)), create_task(worker("c", 1))};
    sleep(0);
    log("locked=" + tf(lock.locked()));
    CHECK(lock.repr() == "<" + lock.trace_name() + " [locked, waiters:2]>");
    ts[1].cancel();
    await(gather_outcomes(ts));
    char buf[32];
    std::snprintf(buf, sizeof buf, "t=%.1f", get_running_loop().time() - t0);
    log(buf);
    lock.acquire();
    auto x = create_task(worker("x", 1));
    auto y = create_task(worker("y", 1));
    sleep(0);
    lock.release();
    x.cancel();
    await(gather_outcomes(std::vector<Future<void>>{x, y}));
    log("x cancelled=" + tf(x.cancelled()) + " locked=" + tf(lock.locked()));
    try {
      lock.release();
    } catch (const RuntimeError& e) {
      log(std::string("RuntimeError: ") + e.what());
    }
  });
  CHECK(join(log.lines) ==
        "a wants\na has it\nb wants\nc wants\nlocked=True\na released\nc has it\nc released\nt=2.0\n"
        "x wants\ny wants\ny has it\ny released\nx cancelled=True locked=False\nRuntimeError: Lock is not acquired.\n");
}

// Python twin: /tmp locks2.py —
//   sem = Semaphore(2); users a(1) b(2) c(1) d(1) each `async with sem: log in; sleep(d)`, log out
//   log(f"locked={sem.locked()} value={sem._value}")
//   s = Semaphore(0); w waits on s.acquire(); s.release(); log locked; sleep(0); log value
//   BoundedSemaphore(1): acquire, release, release -> ValueError; Semaphore(-1) -> ValueError
//   Event: p and q wait; sleep(1); ev.set(); ev.clear(); both wake with is_set() False
//   Condition: c1 c2 c3 `async with cond: await cond.wait_for(lambda: items)`, pop one;
//     main appends 1, 2 and notify(2) under the lock; sleep(0.5); appends 3 and notify_all()
//   notify()/wait() without the lock -> RuntimeError
TEST_CASE("Semaphore, BoundedSemaphore, Event, Condition: wake-up order and error messages as in 3.11") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Semaphore sem(2);
    auto user = [&](std::string name, double d) {
      return [&, name, d] {
        {
          std::lock_guard<Semaphore> guard(sem);
          log(name + " in");
          sleep(d);
        }
        log(name + " out");
      };
    };
    auto a = create_task(user("a", 1));
    auto b = create_task(user("b", 2));
    auto c = create_task(user("c", 1));
    auto d = create_task(user("d", 1));
    sleep(0);
    log("locked=" + tf(sem.locked()) + " value=" + std::to_string(sem.value()));
    await(gather(a, b, c, d));

    Semaphore s(0);
    auto w = create_task([&] {
      s.acquire();
      log("w acquired");
    });
    sleep(0);
    s.release();
    log("after release locked=" + tf(s.locked()));
    sleep(0);
    log("value=" + std::to_string(s.value()));

    BoundedSemaphore bs(1);
    bs.acquire();
    bs.release();
    try {
      bs.release();
    } catch (const ValueError& e) {
      log(std::string("ValueError: ") + e.what());
    }
    try {
      Semaphore bad(-1);
    } catch (const ValueError& e) {
      log(std::string("ValueError: ") + e.what());
    }

    Event ev;
    auto ew = [&](std::string name) {
      return [&, name] {
        log(name + " waits");
        ev.wait();
        log(name + " woke set=" + tf(ev.is_set()));
      };
    };
    auto p = create_task(ew("p"));
    auto q = create_task(ew("q"));
    sleep(1);
    ev.set();
    ev.clear();
    await(gather(p, q));

    Condition cond;
    std::vector<int> items;
    auto consumer = [&](std::string name) {
      return [&, name] {
        std::lock_guard<Condition> guard(cond);
        cond.wait_for([&] { return !items.empty(); });
        log(name + " got " + std::to_string(items.front()));
        items.erase(items.begin());
      };
    };
    auto c1 = create_task(consumer("c1"));
    auto c2 = create_task(consumer("c2"));
    auto c3 = create_task(consumer("c3"));
    sleep(0);
    {
      std::lock_guard<Condition> guard(cond);
      items.push_back(1);
      items.push_back(2);
      cond.notify(2);
      log("notified 2");
    }
    sleep(0.5);
    {
      std::lock_guard<Condition> guard(cond);
      items.push_back(3);
      cond.notify_all();
    }
    await(gather(c1, c2, c3));
    try {
      cond.notify();
    } catch (const RuntimeError& e) {
      log(std::string("RuntimeError: ") + e.what());
    }
    try {
      cond.wait();
    } catch (const RuntimeError& e) {
      log(std::string("RuntimeError: ") + e.what());
    }
  });
  CHECK(join(log.lines) ==
        "a in\nb in\nlocked=True value=0\na out\nc in\nb out\nc out\nd in\nd out\n"
        "after release locked=True\nw acquired\nvalue=0\n"
        "ValueError: BoundedSemaphore released too many times\nValueError: Semaphore initial value must be >= 0\n"
        "p waits\nq waits\np woke set=False\nq woke set=False\n"
        "notified 2\nc1 got 1\nc2 got 2\nc3 got 3\n"
        "RuntimeError: cannot notify on un-acquired lock\nRuntimeError: cannot wait on un-acquired lock\n");
}

// Python twin: barrier.py —
//   b = Barrier(3); parties a(1) b(2) c(3): sleep(d); log arrives n_waiting; i = await b.wait(); log passes
//   x, y wait; sleep(1); await b.reset()      -> both BrokenBarrierError("Abort or reset of barrier")
//   u, v wait; sleep(1); await b.abort()      -> both BrokenBarrierError; a late wait -> "Barrier aborted"
TEST_CASE("Barrier: indices, reset, abort, BrokenBarrierError") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Barrier b(3);
    auto party = [&](std::string name, double d) {
      return [&, name, d] {
        sleep(d);
        log(name + " arrives n_waiting=" + std::to_string(b.n_waiting()));
        int i = b.wait();
        log(name + " passes index=" + std::to_string(i));
      };
    };
    await(gather(party("a", 1), party("b", 2), party("c", 3)));
    CHECK(b.repr() == "<" + b.trace_name() + " [filling, waiters:0/3]>");
    auto victim = [&](std::string name) {
      return [&, name] {
        try {
          b.wait();
        } catch (const BrokenBarrierError& e) {
          log(name + " BrokenBarrierError: " + e.what());
        }
      };
    };
    auto x = create_task(victim("x"));
    auto y = create_task(victim("y"));
    sleep(1);
    CHECK(b.n_waiting() == 2);
    b.reset();
    await(gather(x, y));
    log("broken=" + tf(b.broken()));
    auto u = create_task(victim("u"));
    auto w = create_task(victim("v"));
    sleep(1);
    b.abort();
    await(gather(u, w));
    victim("late")();
    log("broken=" + tf(b.broken()) + " " + b.repr().substr(b.repr().find(" [") + 2));
    try {
      Barrier bad(0);
    } catch (const ValueError& e) {
      log(std::string("ValueError: ") + e.what());
    }
  });
  CHECK(join(log.lines) ==
        "a arrives n_waiting=0\nb arrives n_waiting=1\nc arrives n_waiting=2\n"
        "c passes index=2\na passes index=0\nb passes index=1\n"
        "x BrokenBarrierError: Abort or reset of barrier\ny BrokenBarrierError: Abort or reset of barrier\n"
        "broken=False\n"
        "u BrokenBarrierError: Abort or reset of barrier\nv BrokenBarrierError: Abort or reset of barrier\n"
        "late BrokenBarrierError: Barrier aborted\nbroken=True broken]>\nValueError: parties must be > 0\n");
}

TEST_CASE("primitives: waiters are tagged for the trace with the primitive's id and label") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  std::uint64_t sem_id = 0, lock_id = 0;
  v.loop.run_until_complete([&] {
    Semaphore sem(0);
    Lock lock;
    sem_id = sem.object_id();
    lock_id = lock.object_id();
    CHECK(sem.trace_name() == "Semaphore#" + std::to_string(sem_id));
    lock.acquire();
    auto t1 = create_task([&] { sem.acquire(); });
    auto t2 = create_task([&] { lock.acquire(); lock.release(); });
    sleep(1);
    sem.release();
    lock.release();
    await(gather(t1, t2));
  });
  CHECK(sem_id != lock_id);
  std::vector<std::string> waits;
  for (auto& r : v.loop.trace().records()) {
    if (r.kind != TraceKind::Wait) continue;
    waits.push_back(std::string(to_string(static_cast<WaitKind>(r.detail))) + " " + std::to_string(r.object) + " " +
                    v.loop.trace().string(static_cast<std::uint32_t>(r.arg)));
  }
  CHECK(std::find(waits.begin(), waits.end(),
                  "semaphore " + std::to_string(sem_id) + " Semaphore#" + std::to_string(sem_id)) != waits.end());
  CHECK(std::find(waits.begin(), waits.end(), "lock " + std::to_string(lock_id) + " Lock#" + std::to_string(lock_id)) !=
        waits.end());
}

TEST_CASE("primitives: a primitive bound to one loop refuses another") {
  Lock lock;
  {
    VirtualLoop v1;
    v1.loop.run_until_complete([&] {
      lock.acquire();
      auto t = create_task([&] { lock.acquire(); });
      sleep(0);
      t.cancel();
      sleep(0);
      lock.release();
    });
  }
  VirtualLoop v2;
  v2.loop.run_until_complete([&] {
    lock.acquire();
    auto t = create_task([&] {
      try {
        lock.acquire();
        FAIL("should not acquire");
      } catch (const RuntimeError& e) {
        CHECK(std::string(e.what()).find("is bound to a different event loop") != std::string::npos);
      }
    });
    await(t);
  });
}

}  // namespace
}  // namespace loopscope
