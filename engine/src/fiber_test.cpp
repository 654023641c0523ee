#include "loopscope/fiber.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace loopscope {
namespace {

struct PingPong {
  Fiber* main = nullptr;
  Fiber* other = nullptr;
  std::vector<std::string> log;
  int rounds = 0;
};

Fiber* ping_body(void* arg) {
  auto& p = *static_cast<PingPong*>(arg);
  for (int i = 0; i < p.rounds; ++i) {
    p.log.push_back("fiber " + std::to_string(i));
    Fiber::switch_to(*p.main);
  }
  p.log.push_back("fiber done");
  return p.main;
}

TEST_CASE("fiber: switches back and forth and ends by naming its successor") {
  PingPong p;
  p.rounds = 3;
  p.main = &Fiber::current();
  Fiber f(&ping_body, &p, 64 * 1024);
  p.other = &f;
  CHECK(f.state() == FiberState::Created);
  for (int i = 0; i < 3; ++i) {
    Fiber::switch_to(f);
    CHECK(f.state() == FiberState::Waiting);
    p.log.push_back("main " + std::to_string(i));
  }
  Fiber::switch_to(f);
  CHECK(f.state() == FiberState::Done);
  CHECK(&Fiber::current() == p.main);
  CHECK(p.log == std::vector<std::string>{"fiber 0", "main 0", "fiber 1", "main 1", "fiber 2", "main 2", "fiber done"});
}

struct Chain {
  Fiber* main;
  std::vector<Fiber*> fibers;
  std::vector<int> order;
};

// Each fiber hands control straight to the next one (symmetric switching, no scheduler fiber).
Fiber* chain_body(void* arg) {
  auto& c = *static_cast<Chain*>(arg);
  std::size_t me = 0;
  while (c.fibers[me] != &Fiber::current()) ++me;
  c.order.push_back(static_cast<int>(me));
  return me + 1 < c.fibers.size() ? c.fibers[me + 1] : c.main;
}

TEST_CASE("fiber: a fiber can hand control to any other fiber") {
  Chain c;
  c.main = &Fiber::current();
  std::vector<std::unique_ptr<Fiber>> owned;
  for (int i = 0; i < 5; ++i) owned.push_back(std::make_unique<Fiber>(&chain_body, &c, 32 * 1024));
  for (auto& f : owned) c.fibers.push_back(f.get());
  Fiber::switch_to(*c.fibers[0]);
  CHECK(c.order == std::vector<int>{0, 1, 2, 3, 4});
  for (auto& f : owned) CHECK(f->state() == FiberState::Done);
}

struct Thrower {
  Fiber* main;
  std::string caught;
};

Fiber* throw_body(void* arg) {
  auto& t = *static_cast<Thrower*>(arg);
  try {
    Fiber::switch_to(*t.main);
    throw std::runtime_error("thrown after a switch");
  } catch (const std::exception& e) {
    t.caught = e.what();
  }
  return t.main;
}

TEST_CASE("fiber: exceptions are thrown and caught on a fiber's own stack across switches") {
  Thrower t;
  t.main = &Fiber::current();
  Fiber f(&throw_body, &t, 64 * 1024);
  Fiber::switch_to(f);
  CHECK(t.caught.empty());
  Fiber::switch_to(f);
  CHECK(t.caught == "thrown after a switch");
  CHECK(f.state() == FiberState::Done);
}

struct Deep {
  Fiber* main;
  int depth_reached = 0;
};

int recurse(Deep& d, int n) {
  volatile char pad[256];
  pad[0] = static_cast<char>(n);
  if (n == 0) {
    Fiber::switch_to(*d.main);
    return pad[0];
  }
  d.depth_reached = std::max(d.depth_reached, n);
  return recurse(d, n - 1) + pad[0];
}

Fiber* deep_body(void* arg) {
  auto& d = *static_cast<Deep*>(arg);
  recurse(d, 100);
  return d.main;
}

TEST_CASE("fiber: a configurable stack holds a deep call chain suspended at its bottom") {
  Deep d;
  d.main = &Fiber::current();
  Fiber f(&deep_body, &d, 256 * 1024);
  CHECK(f.stack_size() >= 256 * 1024);
  Fiber::switch_to(f);
  CHECK(d.depth_reached == 100);
  CHECK(f.state() == FiberState::Waiting);
  Fiber::switch_to(f);
  CHECK(f.state() == FiberState::Done);
}

TEST_CASE("fiber: state names") {
  CHECK(std::string(to_string(FiberState::Created)) == "created");
  CHECK(std::string(to_string(FiberState::Waiting)) == "waiting");
}

}  // namespace
}  // namespace loopscope
