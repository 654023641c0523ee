#include <algorithm>

#include "example.hpp"

namespace loopscope::examples {
namespace {
std::vector<Example>& registry() {
  static std::vector<Example> list;
  return list;
}
}  // namespace

Registration::Registration(Example example) {
  auto& list = registry();
  // Static initialisation order across files is unspecified: keep the list sorted by name.
  list.insert(std::upper_bound(list.begin(), list.end(), example,
                               [](const Example& a, const Example& b) { return std::string(a.name) < b.name; }),
              example);
}

const std::vector<Example>& all() { return registry(); }

namespace {
std::vector<std::string>& argument_list() {
  static std::vector<std::string> args;
  return args;
}
}  // namespace

void set_arguments(std::vector<std::string> args) { argument_list() = std::move(args); }
const std::vector<std::string>& arguments() { return argument_list(); }

const Example* find(const std::string& name) {
  for (auto& e : registry()) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

}  // namespace loopscope::examples
