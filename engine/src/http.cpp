#include "loopscope/http.hpp"

#include "loopscope/loop.hpp"
#include "loopscope/tasks.hpp"

namespace loopscope {

struct SimulatedNetwork::Pending {
  Handle timer;
};

namespace {
std::string reason_for(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "";
}

std::string page(const std::string& title) {
  return "<!doctype html>\n<html><head><title>" + title + "</title></head><body><h1>" + title +
         "</h1><p>A page served by Loopscope's simulated network.</p></body></html>\n";
}
}  // namespace

SimulatedNetwork::SimulatedNetwork() {
  // The sites the tutorials fetch, with latencies that make concurrency visible.
  add("https://example.com", {0.25, 200, page("Example Domain")});
  add("https://python.org", {0.4, 200, page("Welcome to Python.org")});
  add("https://asyncio.org", {0.15, 200, page("asyncio")});
  add("https://github.com", {0.3, 200, page("GitHub")});
  add("https://stackoverflow.com", {0.35, 200, page("Stack Overflow")});
  add("https://api.example.com/data", {0.2, 200, "{\"items\": [1, 2, 3], \"source\": \"simulated\"}", "application/json"});
  add("https://httpbin.org/get", {0.2, 200, "{\"url\": \"https://httpbin.org/get\"}", "application/json"});
  add("https://httpbin.org/status/500", {0.1, 500, "", "text/plain"});
}

void SimulatedNetwork::add(std::string url, Route route) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  routes_[std::move(url)] = std::move(route);
}

std::uint64_t SimulatedNetwork::start(Loop& loop, const HttpRequest& request, Done done) {
  std::string key = request.url;
  while (!key.empty() && key.back() == '/') key.pop_back();
  Route route;
  auto it = routes_.find(key);
  if (it != routes_.end()) {
    route = it->second;
  } else {
    route.latency = default_latency_;
    route.status = 404;
    route.body = page("404 Not Found");
  }
  HttpResponse response;
  response.status = route.status;
  response.reason = reason_for(route.status);
  response.url = request.url;
  response.headers = {{"Content-Type", route.content_type}, {"Content-Length", std::to_string(route.body.size())}};
  response.body = route.body;
  std::uint64_t id = next_id_++;
  auto pending = std::make_shared<Pending>();
  pending_[id] = pending;
  pending->timer = loop.call_later(route.latency, [this, id, done = std::move(done), response = std::move(response)] {
    pending_.erase(id);
    done(nullptr, response);
  });
  return id;
}

void SimulatedNetwork::abort(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  it->second->timer.cancel();
  pending_.erase(it);
}

HttpResponse fetch(const HttpRequest& request) {
  Loop& loop = get_running_loop();
  HttpTransport& transport = loop.http();
  Future<HttpResponse> result = loop.create_future<HttpResponse>();
  std::uint64_t op = loop.next_future_id();
  if (loop.tracing()) {
    std::uint32_t label = loop.trace().intern(request.method + " " + request.url);
    result.state().set_wait_reason(WaitKind::Io, op, label);
    loop.record(TraceKind::IoStart, loop.current_task_id(), op, label);
  }
  std::uint64_t id = transport.start(loop, request, [result, op, &loop](std::exception_ptr error, HttpResponse response) {
    loop.record(TraceKind::IoEnd, 0, op, 0, error ? 1 : 0);
    if (result.done()) return;  // cancelled meanwhile
    if (error) result.set_exception(error);
    else result.set_result(std::move(response));
  });
  try {
    return await(result);
  } catch (const CancelledError&) {
    transport.abort(id);
    loop.record(TraceKind::IoEnd, 0, op, 0, 1);
    throw;
  }
}

}  // namespace loopscope
