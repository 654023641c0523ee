// The Program API as hosts use it: natively, driven by a Driver (the browser's way), with input
// delivered by the host, and a runaway loop that must not freeze a driven host.
#include <doctest/doctest.h>

#include <string>

#include "loopscope/output.hpp"
#include "loopscope/python/program.hpp"

using loopscope::Driver;
using loopscope::SliceBudget;
using loopscope::SliceResult;
using loopscope::python::Program;
using loopscope::python::ProgramOptions;

namespace {
struct Capture {
  std::string out, err;
  loopscope::OutputSink old;
  Capture() {
    old = loopscope::set_output_sink([this](loopscope::Stream s, std::string_view t) {
      (s == loopscope::Stream::Stdout ? out : err) += t;
    });
  }
  ~Capture() { loopscope::set_output_sink(old); }
};

ProgramOptions virtual_clock() {
  ProgramOptions o;
  o.clock = loopscope::LoopOptions::ClockKind::Virtual;
  return o;
}
}  // namespace

TEST_CASE("python: a program runs natively with CPython's output and exit codes") {
  Capture c;
  {
    Program p("import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print('slept', asyncio.get_running_loop().time())\nasyncio.run(main())\n",
              virtual_clock());
    p.run();
    CHECK(p.exit_code() == 0);
  }
  CHECK(c.out == "slept 1.0\n");
  {
    Program p("import sys\nsys.exit(4)\n", virtual_clock());
    p.run();
    CHECK(p.exit_code() == 4);
  }
  {
    Program p("def f(:\n", virtual_clock());
    p.run();
    CHECK(p.exit_code() == 1);
  }
  CHECK(c.err.find("SyntaxError") != std::string::npos);
}

TEST_CASE("python: a driven program gives the host its turns, even in a runaway loop") {
  Capture c;
  Driver d;
  ProgramOptions o = virtual_clock();
  Program p("i = 0\nwhile i < 300000:\n    i += 1\nprint(i)\n", o);
  p.start(d);
  int slices = 0;
  SliceBudget b;
  b.real_time = 1'000'000;  // 1 ms
  while (!d.finished() && slices < 100000) {
    d.drive(b);
    ++slices;
  }
  CHECK(d.finished());
  CHECK(slices > 1);
  CHECK(c.out == "300000\n");
  CHECK(p.exit_code() == 0);
}

TEST_CASE("python: input() in a task waits for the host's line; other tasks keep running") {
  Capture c;
  Driver d;
  ProgramOptions o = virtual_clock();
  o.async_input = true;
  Program p(
      "import asyncio\n"
      "async def ticker():\n"
      "    for i in range(3):\n"
      "        print('tick', i)\n"
      "        await asyncio.sleep(1)\n"
      "async def main():\n"
      "    t = asyncio.create_task(ticker())\n"
      "    loop = asyncio.get_running_loop()\n"
      "    name = await loop.run_in_executor(None, input, 'name? ')\n"
      "    print('hello', name)\n"
      "    await t\n"
      "asyncio.run(main())\n",
      o);
  p.start(d);
  int delivered = 0;
  for (int i = 0; i < 1000 && !d.finished(); ++i) {
    SliceResult r = d.drive();
    if (p.waiting_for_input() && r.end != SliceResult::End::Budget) {
      // every tick that can run before the line arrives has run
      CHECK(c.out.find("tick 0") != std::string::npos);
      p.deliver_input(std::string("Ada"));
      ++delivered;
    }
  }
  CHECK(d.finished());
  CHECK(delivered == 1);
  CHECK(c.out.find("name? ") != std::string::npos);
  CHECK(c.out.find("hello Ada\n") != std::string::npos);
  CHECK(c.out.find("tick 2\n") != std::string::npos);
  CHECK(p.exit_code() == 0);
}

TEST_CASE("python: deep recursion inside a task raises RecursionError instead of overflowing") {
  Capture c;
  Program p(
      "import asyncio, sys\n"
      "sys.setrecursionlimit(100000)\n"
      "def f(n):\n"
      "    try:\n"
      "        return f(n + 1)\n"
      "    except RecursionError:\n"
      "        return n\n"
      "async def main():\n"
      "    print('depth', f(0))\n"
      "asyncio.run(main())\n",
      virtual_clock());
  p.run();
  MESSAGE("depth reached in a task: " << c.out);
  REQUIRE(c.out.rfind("depth ", 0) == 0);
  CHECK(std::stoi(c.out.substr(6)) >= 200);
}
