#include "loopscope/detail/primitive.hpp"

#include "loopscope/loop.hpp"

namespace loopscope::detail {

Primitive::Primitive(WaitKind kind, const char* type_name) : kind_(kind), type_(type_name) {
  if (Loop* loop = Loop::running()) bind(*loop);
}

void Primitive::bind(Loop& loop) {
  life_ = loop.life();
  if (!id_) id_ = loop.next_future_id();
}

Loop& Primitive::get_loop() {
  Loop& loop = Loop::get_running();
  if (!life_) bind(loop);
  else if (life_->loop != &loop) throw RuntimeError(repr() + " is bound to a different event loop");
  return loop;
}

std::string Primitive::trace_name() const {
  if (!name_.empty()) return name_;
  return std::string(type_) + "#" + std::to_string(id_);
}

void Primitive::retag(WaitKind kind, std::uint64_t object, std::string name) {
  kind_ = kind;
  id_ = object;
  name_ = std::move(name);
}

Future<void> Primitive::make_waiter(const char* suffix) {
  Loop& loop = get_loop();
  Future<void> f = loop.create_future<void>();
  std::uint32_t label = 0;
  if (loop.tracing()) {
    std::string text = trace_name();
    if (suffix) text += std::string(".") + suffix;
    label = loop.trace().intern(text);
  }
  f.state().set_wait_reason(kind_, id_, label);
  return f;
}

}  // namespace loopscope::detail
