#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

std::string fixed2(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::shared_ptr<Executor> modelled(Loop& loop, int max_workers = 0) {
  ExecutorOptions o;
  o.mode = ExecutorOptions::Mode::Modelled;
  o.max_workers = max_workers;
  return std::make_shared<Executor>(loop, o);
}

// Python twin (python3 prints this order; its times are real, so t=0.31 there):
//   def blocking(name, d, fail=False):
//       print(f"{name} starts"); time.sleep(d)
//       if fail: raise ValueError(name)
//       print(f"{name} ends"); return name
//   async def ticker():
//       for i in range(3): await asyncio.sleep(0.1); print(f"tick {i}")
//   f1 = loop.run_in_executor(None, blocking, "j1", 0.25)
//   f2 = loop.run_in_executor(None, blocking, "j2", 0.15)
//   r = await asyncio.gather(f1, f2, asyncio.create_task(ticker())); print(r[:2], f"t={T()}")
//   try: await loop.run_in_executor(None, blocking, "bad", 0.05, True)
//   except ValueError as e: print(f"ValueError {e} t={T()}")
//   loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
//   fs = [loop.run_in_executor(None, blocking, n, 0.1) for n in ("s1", "s2", "s3")]; fs[2].cancel()
//   res = await gather(*fs, return_exceptions=True); print(f"serial {res[:2]} s3 cancelled=... t=...")
//   await loop.shutdown_default_executor(); loop.run_in_executor(...) -> RuntimeError
TEST_CASE("run_in_executor (modelled workers): blocking sleeps block only the worker, as threads would") {
  VirtualLoop v;
  Log log;
  v.loop.set_default_executor(modelled(v.loop));
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    double t0 = loop.time();
    auto blocking = [&](std::string name, double d, bool fail = false) {
      return [&log, name, d, fail] {
        CHECK(this_worker::active());
        log(name + " starts");
        blocking_sleep(d);
        if (fail) throw ValueError(name);
        log(name + " ends");
        return name;
      };
    };
    auto f1 = loop.run_in_executor(blocking("j1", 0.25));
    auto f2 = loop.run_in_executor(blocking("j2", 0.15));
    auto t = create_task([&] {
      for (int i = 0; i < 3; ++i) {
        sleep(0.1);
        log("tick " + std::to_string(i));
      }
    });
    auto r = await(gather(f1, f2, t));
    log("['" + std::get<0>(r) + "', '" + std::get<1>(r) + "'] t=" + fixed2(loop.time() - t0));
    try {
      await(run_in_executor(blocking("bad", 0.05, true)));
    } catch (const ValueError& e) {
      log(std::string("ValueError ") + e.what() + " t=" + fixed2(loop.time() - t0));
    }
    loop.set_default_executor(modelled(loop, 1));
    std::vector<Future<std::string>> fs{loop.run_in_executor(blocking("s1", 0.1)), loop.run_in_executor(blocking("s2", 0.1)),
                                        loop.run_in_executor(blocking("s3", 0.1))};
    fs[2].cancel();
    auto res = await(gather_outcomes(fs));
    log("serial ['" + *res[0].value + "', '" + *res[1].value + "'] s3 cancelled=" + (fs[2].cancelled() ? "True" : "False") +
        " t=" + fixed2(loop.time() - t0));
    CHECK(loop.default_executor().worker_count() == 1);
    loop.shutdown_default_executor();
    try {
      loop.run_in_executor([] { return 0; });
    } catch (const RuntimeError& e) {
      log(std::string("RuntimeError: ") + e.what());
    }
  });
  CHECK(join(log.lines) ==
        "j1 starts\nj2 starts\ntick 0\nj2 ends\ntick 1\nj1 ends\ntick 2\n['j1', 'j2'] t=0.30\n"
        "bad starts\nValueError bad t=0.35\ns1 starts\ns1 ends\ns2 starts\ns2 ends\n"
        "serial ['s1', 's2'] s3 cancelled=True t=0.55\nRuntimeError: Executor shutdown has been called\n");
  CHECK_FALSE(this_worker::active());
}

// asyncio: loop.close() calls executor.shutdown(wait=False); run_in_executor on a closed loop
// raises RuntimeError('Event loop is closed').
TEST_CASE("close() shuts the default executor down without waiting for its jobs") {
  for (auto mode : {ExecutorOptions::Mode::Modelled, ExecutorOptions::Mode::Threads}) {
    std::atomic<bool> release{false};  // outlives the loop, whose destruction joins the worker
    VirtualLoop v;
    ExecutorOptions o;
    o.mode = mode;
    auto executor = std::make_shared<Executor>(v.loop, o);
    v.loop.set_default_executor(executor);
    v.loop.run_until_complete([&] {
      CHECK(await(run_in_executor([] { return 1; })) == 1);
      if (!executor->modelled()) {  // (WebAssembly models Threads too: a spinning job would hold the loop)
        // a job still running when the loop closes: close() must not wait for it
        run_in_executor([&release] {
          while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
      }
    });
    CHECK_FALSE(executor->is_shutdown());
    v.loop.close();
    CHECK(executor->is_shutdown());
    std::string error;
    try {
      v.loop.run_in_executor([] { return 0; });
    } catch (const RuntimeError& e) {
      error = e.what();
    }
    CHECK(error == "Event loop is closed");
    release = true;
  }
}

TEST_CASE("executor trace: worker lanes distinct from tasks, job and block periods, Chrome-trace lanes") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.set_default_executor(modelled(v.loop));
  std::uint64_t main_id = 0;
  std::string worker_name;
  v.loop.run_until_complete([&] {
    main_id = current_task()->task_id();
    auto f = run_in_executor([&] {
      worker_name = this_worker::name();
      this_worker::sleep(1);
      return 7;
    });
    CHECK(await(f) == 7);
  });
  CHECK(worker_name == "asyncio_0");
  std::vector<std::string> kinds;
  std::uint32_t lane = 0;
  for (auto& r : v.loop.trace().records()) {
    switch (r.kind) {
      case TraceKind::WorkerCreated:
        lane = r.task;
        CHECK(v.loop.trace().string(static_cast<std::uint32_t>(r.arg)) == "asyncio_0");
        [[fallthrough]];
      case TraceKind::JobStart:
      case TraceKind::JobEnd:
      case TraceKind::BlockStart:
      case TraceKind::BlockEnd:
        CHECK(r.task == lane);
        kinds.push_back(std::string(to_string(r.kind)) + "@" + fixed2(nanos_to_seconds(r.time)));
        break;
      default: break;
    }
  }
  CHECK(lane != 0);
  CHECK(lane != main_id);
  CHECK(kinds == std::vector<std::string>{"worker_created@0.00", "job_start@0.00", "block_start@0.00", "block_end@1.00",
                                          "job_end@1.00"});
  std::string json = to_chrome_trace_json(v.loop.trace().records(), v.loop.trace());
  CHECK(json.find("\"executor asyncio_0\"") != std::string::npos);
  CHECK(json.find("\"name\":\"blocked\"") != std::string::npos);
  CHECK(json.find("run_in_executor #") != std::string::npos);
}

TEST_CASE("run_in_executor: a worker can block on a future the loop completes") {
  VirtualLoop v;
  v.loop.set_default_executor(modelled(v.loop));
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    Future<std::string> line = loop.create_future<std::string>();
    auto f = run_in_executor([&] {
      this_worker::block_on(line.state());  // input() on a worker
      return "got " + line.result();
    });
    sleep(2);
    line.set_result("hello");
    CHECK(await(f) == "got hello");
    CHECK(loop.time() == doctest::Approx(2.0));
  });
}

TEST_CASE("this_worker: outside a worker the primitives refuse, blocking_sleep blocks the loop") {
  VirtualLoop v;
  v.loop.run_until_complete([&] {
    CHECK_FALSE(this_worker::active());
    CHECK_THROWS_AS(this_worker::sleep(1), RuntimeError);
    blocking_sleep(1.5);  // time.sleep in a coroutine: the virtual clock jumps
    CHECK(get_running_loop().time() == doctest::Approx(1.5));
  });
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("run_in_executor (threads): results come back through call_soon_threadsafe; the idle loop waits") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    std::vector<Future<int>> fs;
    for (int i = 0; i < 4; ++i) {
      fs.push_back(loop.run_in_executor([i] {
        CHECK(this_worker::active());
        CHECK(this_worker::name().rfind("asyncio_", 0) == 0);
        this_worker::sleep(1.0 + i);  // virtual clock: the loop's timer wakes the thread
        return i * i;
      }));
    }
    auto r = await(gather(fs));
    CHECK(r == std::vector<int>{0, 1, 4, 9});
    CHECK(loop.time() == doctest::Approx(4.0));
    CHECK(loop.external_work() == 0);
    auto bad = loop.run_in_executor([]() -> int { throw ValueError("in thread"); });
    CHECK_THROWS_WITH_AS(await(bad), "in thread", ValueError);
  });
  int jobs = 0;
  for (auto& r : v.loop.trace().records()) jobs += r.kind == TraceKind::JobEnd;
  CHECK(jobs == 5);
}

TEST_CASE("run_in_executor (threads, real clock): asyncio.run shuts the executor down") {
  detail::reset_task_counter();
  std::string errors;
  int result = run([] {
    Loop& loop = get_running_loop();
    loop.set_error_output([](const std::string&) {});
    auto f = loop.run_in_executor([] {
      this_worker::sleep(0.02);
      return 42;
    });
    return await(f);
  });
  CHECK(result == 42);
}
#endif

}  // namespace
}  // namespace loopscope

namespace loopscope {
namespace {
TEST_CASE("run_in_executor (modelled workers) under a driver on the real clock: the host is never blocked") {
  detail::reset_task_counter();
  Driver driver;
  testing::Log log;
  driver.start([&] {
    run([&] {
      Loop& loop = get_running_loop();
      ExecutorOptions o;
      o.mode = ExecutorOptions::Mode::Modelled;
      loop.set_default_executor(std::make_shared<Executor>(loop, o));
      auto f = run_in_executor([&] {
        log("job starts");
        blocking_sleep(0.03);
        log("job ends");
        return 1;
      });
      auto t = create_task([&] {
        sleep(0.01);
        log("task ticks");
      });
      CHECK(await(f) == 1);
      await(t);
    });
    log("program end");
  });
  int waits = 0;
  for (int i = 0; i < 1000 && !driver.finished(); ++i) {
    SliceResult r = driver.drive();
    if (r.end == SliceResult::End::WaitTimer) {
      ++waits;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  CHECK(driver.finished());
  CHECK(driver.error() == nullptr);
  CHECK(waits > 0);  // the worker's sleep became a timer the host waited for
  CHECK(log.lines == std::vector<std::string>{"job starts", "task ticks", "job ends", "program end"});
}
}  // namespace
}  // namespace loopscope
