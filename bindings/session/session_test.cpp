#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "session.hpp"

namespace loopscope::host {
namespace {

std::string drive_to_end(Session& s, SliceBudget budget = {}) {
  std::string out;
  for (int i = 0; i < 100000 && !s.finished(); ++i) {
    SliceResult r = s.drive(budget);
    for (auto& chunk : s.take_output()) out += (chunk.stream == Stream::Stderr ? "[err]" : "") + chunk.text;
    if (r.end == SliceResult::End::WaitTimer) {
      double ms = static_cast<double>(r.deadline - s.now()) / 1e6 / s.config().speed;
      if (ms > 0) std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(ms * 1000)));
    }
  }
  return out;
}

Session::Config virtual_clock() {
  Session::Config c;
  c.virtual_clock = true;
  return c;
}

TEST_CASE("session: runs an example by name and captures its output") {
  detail::reset_task_counter();
  Session s;
  s.configure(virtual_clock());
  REQUIRE(s.load_example("gather_two_tasks"));
  s.start();
  CHECK(drive_to_end(s) == "Task started\nTask started\nTask completed\nTask completed\n");
  CHECK(s.exit_code() == 0);
  CHECK(s.now() == 2'000'000'000);
  CHECK(s.trace().records().size() > 10);
  std::string json = s.chrome_trace_json();
  CHECK(json.find("\"name\":\"Task-2\"") != std::string::npos);
}

TEST_CASE("session: unknown examples are refused with a clear message") {
  Session s;
  CHECK_FALSE(s.load_example("no_such_thing"));
  CHECK(s.error() == "no example named 'no_such_thing'");
}

TEST_CASE("session: on the real clock a slice ends waiting for a timer, never blocking") {
  Session s;
  Session::Config c;
  c.speed = 10.0;
  s.configure(c);
  REQUIRE(s.load_example("hello_world"));
  s.start();
  SliceResult first = s.drive({});
  CHECK(first.end == SliceResult::End::WaitTimer);
  CHECK(first.deadline >= 100'000'000);  // 1 s of loop time ahead...
  auto start = std::chrono::steady_clock::now();
  std::string out = drive_to_end(s);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& chunk : s.take_output()) out = chunk.text + out;
  CHECK(out == "Hello\nWorld\n");
  CHECK(elapsed > 0.05);  // ...which at 10x speed is about 0.1 s of real time
  CHECK(elapsed < 1.0);
}

TEST_CASE("session: HTTP through the host: requests go out, answers come back between slices") {
  Session s;
  std::vector<std::pair<std::uint64_t, std::string>> sent;
  s.set_fetch_host([&](std::uint64_t id, const HttpRequest& r) { sent.emplace_back(id, r.method + " " + r.url); },
                   [](std::uint64_t) {});
  Session::Config c = virtual_clock();
  c.real_network = true;
  s.configure(c);
  REQUIRE(s.load_example("fetch_pages", {"http://127.0.0.1:1/a", "http://127.0.0.1:1/b"}));
  s.start();
  SliceResult r = s.drive({});
  CHECK(r.end == SliceResult::End::WaitExternal);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].second == "GET http://127.0.0.1:1/a");
  HttpResponse response;
  response.status = 200;
  response.body = "hello";
  s.complete_fetch(sent[1].first, "", response);
  s.complete_fetch(sent[0].first, "", response);
  std::string out;
  for (auto& chunk : s.take_output()) out += chunk.text;
  out += drive_to_end(s);
  CHECK(out ==
        "Starting fetch: http://127.0.0.1:1/a\nStarting fetch: http://127.0.0.1:1/b\n"
        "Completed fetch: http://127.0.0.1:1/b 200 5 bytes\nCompleted fetch: http://127.0.0.1:1/a 200 5 bytes\n"
        "Fetched 2 pages\n");
}

TEST_CASE("session: cancelling a task aborts its request at the host") {
  Session s;
  std::vector<std::uint64_t> sent, aborted;
  s.set_fetch_host([&](std::uint64_t id, const HttpRequest&) { sent.push_back(id); },
                   [&](std::uint64_t id) { aborted.push_back(id); });
  // The real clock: a virtual one would stand still while the request is out (see host.cpp),
  // and this host never answers.
  Session::Config c;
  c.speed = 10.0;
  c.real_network = true;
  s.configure(c);
  REQUIRE(s.load_example("fetch_pages", {"http://127.0.0.1:1/slow", "cancel"}));
  s.start();
  std::string out = drive_to_end(s);
  CHECK(out.find("Cancelled 1 fetches") != std::string::npos);
  CHECK(aborted == sent);
}

}  // namespace
}  // namespace loopscope::host

namespace loopscope::host {
namespace {

TEST_CASE("session: a Python program runs driven, with its own clock and trace") {
  Session s;
  Session::Config c;
  c.virtual_clock = true;
  s.configure(c);
  s.load_python(
      "import asyncio\n"
      "async def main():\n"
      "    print('Hello')\n"
      "    await asyncio.sleep(1)\n"
      "    print('World')\n"
      "asyncio.run(main())\n",
      "hello.py");
  s.start();
  std::string out;
  for (int i = 0; i < 1000 && !s.finished(); ++i) {
    s.drive({});
    for (auto& chunk : s.take_output()) out += chunk.text;
  }
  CHECK(out == "Hello\nWorld\n");
  CHECK(s.exit_code() == 0);
  CHECK(s.now() == 1'000'000'000);
  CHECK(s.trace().records().size() > 5);
}

TEST_CASE("session: input() waits for the host, which delivers lines between slices") {
  Session s;
  Session::Config c;
  c.virtual_clock = true;
  s.configure(c);
  s.load_python("name = input('Name? ')\nprint('Hello,', name)\nprint(input())\n", "ask.py");
  s.start();
  std::string out;
  std::vector<std::string> lines{"Ada", "bye"};
  std::size_t next = 0;
  for (int i = 0; i < 1000 && !s.finished(); ++i) {
    SliceResult r = s.drive({});
    for (auto& chunk : s.take_output()) out += chunk.text;
    (void)r;
    if (s.waiting_for_input()) s.deliver_input(lines.at(next++));
  }
  CHECK(out == "Name? Hello, Ada\nbye\n");
  CHECK(next == 2);
  CHECK(s.exit_code() == 0);
}

TEST_CASE("session: an uncaught Python exception prints a traceback and exits 1") {
  Session s;
  Session::Config c;
  c.virtual_clock = true;
  s.configure(c);
  s.load_python("def f():\n    raise ValueError('bad')\nf()\n", "bad.py");
  s.start();
  std::string err;
  for (int i = 0; i < 100 && !s.finished(); ++i) {
    s.drive({});
    for (auto& chunk : s.take_output()) if (chunk.stream == Stream::Stderr) err += chunk.text;
  }
  CHECK(s.exit_code() == 1);
  CHECK(err.find("Traceback (most recent call last):\n  File \"bad.py\", line 3, in <module>") == 0);
  CHECK(err.find("ValueError: bad\n") != std::string::npos);
}

}  // namespace
}  // namespace loopscope::host
