#include "session.hpp"

#include "example.hpp"

namespace loopscope::host {

// ---------------------------------------------------------------- HTTP through the host

std::uint64_t HostHttp::start(Loop& loop, const HttpRequest& request, Done done) {
  std::uint64_t id = next_id_++;
  pending_[id] = Pending{&loop, std::move(done)};
  loop.begin_external_work();  // an idle loop waits for the answer instead of calling it a deadlock
  send_(id, request);
  return id;
}

void HostHttp::abort(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  it->second.loop->end_external_work();
  pending_.erase(it);
  abort_(id);
}

void HostHttp::complete(std::uint64_t id, const std::string& error, HttpResponse response) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  // Delivered like a thread's result: the next iteration's phase 3 picks it up.
  p.loop->call_soon_threadsafe([p, error, response = std::move(response)]() mutable {
    p.loop->end_external_work();
    if (error.empty()) p.done(nullptr, std::move(response));
    else p.done(std::make_exception_ptr(HttpError(error)), {});
  });
}

// ---------------------------------------------------------------- session

Session::Session() { configure(Config{}); }

Session::~Session() { driver_.reset(); }

void Session::configure(const Config& config) {
  config_ = config;
  if (config.virtual_clock) clock_ = std::make_shared<VirtualClock>();
  else clock_ = std::make_shared<RealClock>(config.speed);
  trace_ = std::make_shared<Trace>();
  trace_->set_enabled(config.trace);
  if (config.real_network && fetch_send_) {
    host_http_ = std::make_shared<HostHttp>(fetch_send_, fetch_abort_);
    http_ = host_http_;
  } else {
    host_http_.reset();
    http_ = std::make_shared<SimulatedNetwork>();
  }
}

void Session::set_fetch_host(HostHttp::Send send, HostHttp::Abort abort) {
  fetch_send_ = std::move(send);
  fetch_abort_ = std::move(abort);
  configure(config_);
}

void Session::complete_fetch(std::uint64_t id, const std::string& error, HttpResponse response) {
  if (host_http_) host_http_->complete(id, error, std::move(response));
}

LoopOptions Session::loop_options() const {
  LoopOptions o;
  o.clock = config_.virtual_clock ? LoopOptions::ClockKind::Virtual : LoopOptions::ClockKind::Real;
  o.speed = config_.speed;
  o.shared_clock = clock_;
  o.shared_trace = trace_;
  o.http = http_;
  return o;
}

void Session::set_speed(double speed) {
  config_.speed = speed;
  if (auto* real = dynamic_cast<RealClock*>(clock_.get())) real->set_speed(speed);
}

bool Session::load_example(const std::string& name, std::vector<std::string> args) {
  const examples::Example* example = examples::find(name);
  if (!example) {
    error_ = "no example named '" + name + "'";
    return false;
  }
  load_program([example, args = std::move(args)](Session& s) -> std::function<void()> {
    LoopOptions options = s.loop_options();
    return [example, options, args, &s] {
      examples::set_arguments(args);
      try {
        example->run(options);
      } catch (...) {
        write_output(Stream::Stderr, describe_exception(std::current_exception()).traceback);
        s.set_exit_code(1);
      }
    };
  });
  return true;
}

void Session::load_python(std::string source, std::string filename, std::vector<std::string> args) {
  python::ProgramOptions o;
  o.filename = filename;
  o.argv = {filename};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.clock = config_.virtual_clock ? LoopOptions::ClockKind::Virtual : LoopOptions::ClockKind::Real;
  o.speed = config_.speed;
  o.trace = config_.trace;
  o.async_input = true;
  o.recursion_limit = config_.recursion_limit;
  o.http = http_;
  auto program = std::make_unique<python::Program>(std::move(source), o);
  // The program's loops share its clock and trace; the session reports those.
  clock_ = program->clock();
  trace_ = program->trace();
  reset_program();
  python_ = std::move(program);
}

void Session::deliver_input(std::optional<std::string> line) {
  if (python_) python_->deliver_input(std::move(line));
}

void Session::load_program(ProgramFactory factory) {
  reset_program();
  factory_ = std::move(factory);
}

void Session::reset_program() {
  python_.reset();
  factory_ = nullptr;
  started_ = false;
  exit_code_ = 0;
  error_.clear();
}

void Session::start() {
  driver_ = std::make_unique<Driver>();
  if (python_) python_->start(*driver_);
  else driver_->start(factory_(*this));
  started_ = true;
}

SliceResult Session::drive(SliceBudget budget) {
  if (!driver_) return SliceResult{SliceResult::End::Finished, 0};
  // The program's output goes to this session only while it runs (other sessions may share
  // the thread between our slices).
  OutputSink outer = set_output_sink([this](Stream s, std::string_view text) { write(s, text); });
  SliceResult r = driver_->drive(budget);
  set_output_sink(std::move(outer));
  if (r.end == SliceResult::End::Finished) {
    if (python_) {
      exit_code_ = python_->exit_code();
    } else if (driver_->error()) {
      write(Stream::Stderr, describe_exception(driver_->error()).traceback);
      exit_code_ = 1;
    }
  }
  return r;
}

void Session::write(Stream stream, std::string_view text) {
  if (stream == Stream::Stdout) stdout_.append(text);
  if (!output_.empty() && output_.back().stream == stream) output_.back().text.append(text);
  else output_.push_back(OutputChunk{stream, std::string(text)});
}

std::vector<OutputChunk> Session::take_output() {
  std::vector<OutputChunk> out;
  out.swap(output_);
  return out;
}

std::string Session::chrome_trace_json() const { return to_chrome_trace_json(trace_->records(), *trace_); }

}  // namespace loopscope::host
