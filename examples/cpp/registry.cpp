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

const Example* find(const std::string& name) {
  for (auto& e : registry()) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

}  // namespace loopscope::examples
