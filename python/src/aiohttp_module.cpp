// aiohttp (the client part tutorials use): ClientSession, session.get/post/put/delete/request as
// async context managers, responses with status, reason, headers, text(), json(),
// raise_for_status(). Requests go through loopscope::fetch, i.e. the loop's HTTP transport (by
// default the deterministic simulated network, see engine/include/loopscope/http.hpp).
#include <cstdio>
#include <sstream>

#include "loopscope/detail/json.hpp"
#include "state.hpp"

namespace loopscope::python {

using State = Program::State;

namespace {

class Response final : public sc::NativeObject {
 public:
  Response(sc::ClassObj* c, HttpResponse r) : NativeObject(c), response(std::move(r)) {}
  HttpResponse response;
};

class RequestCm final : public sc::NativeObject {
 public:
  RequestCm(sc::ClassObj* c, HttpRequest r) : NativeObject(c), request(std::move(r)) {}
  Value await_value(Interpreter& in) override;
  HttpRequest request;
};

struct Classes {
  sc::ClassObj* response = nullptr;
  sc::ClassObj* request_cm = nullptr;
  sc::ClassObj* response_error = nullptr;
  sc::ClassObj* connection_error = nullptr;
  sc::ClassObj* content_type_error = nullptr;
};
Classes& classes() {
  static thread_local Classes c;
  return c;
}

// ---- JSON (enough for request bodies and response.json())
void json_string(std::string& out, const std::string& s) { loopscope::detail::append_json_string(out, s); }

void to_json(Interpreter& in, const Value& v, std::string& out) {
  if (v.is_none()) out += "null";
  else if (v.is_bool()) out += v.as_bool() ? "true" : "false";
  else if (v.is_int() || v.is_float() || v.is(sc::Kind::BigInt)) out += in.repr(v);
  else if (v.is(sc::Kind::Str)) json_string(out, v.as<sc::Str>()->s);
  else if (v.is(sc::Kind::List) || v.is(sc::Kind::Tuple)) {
    out += '[';
    bool first = true;
    for (auto& x : in.to_vector(v)) {
      if (!first) out += ", ";
      first = false;
      to_json(in, x, out);
    }
    out += ']';
  } else if (v.is(sc::Kind::Dict)) {
    out += '{';
    bool first = true;
    v.as<sc::Dict>()->for_each([&](const Value& k, const Value& x) {
      if (!first) out += ", ";
      first = false;
      json_string(out, in.str(k));
      out += ": ";
      to_json(in, x, out);
    });
    out += '}';
  } else {
    in.raise("TypeError", "Object of type " + in.type_name(v) + " is not JSON serializable");
  }
}

struct JsonParser {
  Interpreter& in;
  const std::string& s;
  std::size_t i = 0;
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  }
  [[noreturn]] void fail() { in.raise("ValueError", "Expecting value: line 1 column " + std::to_string(i + 1) + " (char " + std::to_string(i) + ")"); }
  std::string str() {
    std::string out;
    ++i;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) {
        char c = s[++i];
        if (c == 'n') out += '\n';
        else if (c == 't') out += '\t';
        else if (c == 'r') out += '\r';
        else if (c == 'u' && i + 4 < s.size()) {
          unsigned cp = std::stoul(s.substr(i + 1, 4), nullptr, 16);
          i += 4;
          if (cp < 0x80) out += char(cp);
          else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
          else { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
        } else out += c;
      } else {
        out += s[i];
      }
      ++i;
    }
    ++i;
    return out;
  }
  Value value() {
    ws();
    if (i >= s.size()) fail();
    char c = s[i];
    if (c == '{') {
      ++i;
      Value d = in.new_dict();
      ws();
      if (i < s.size() && s[i] == '}') { ++i; return d; }
      while (true) {
        ws();
        if (i >= s.size() || s[i] != '"') fail();
        Value k = in.new_str(str());
        ws();
        if (i >= s.size() || s[i] != ':') fail();
        ++i;
        Value v = value();
        d.as<sc::Dict>()->set(in, k, v);
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == '}') { ++i; return d; }
        fail();
      }
    }
    if (c == '[') {
      ++i;
      std::vector<Value> items;
      ws();
      if (i < s.size() && s[i] == ']') { ++i; return in.new_list(); }
      while (true) {
        items.push_back(value());
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == ']') { ++i; return in.new_list(std::move(items)); }
        fail();
      }
    }
    if (c == '"') return in.new_str(str());
    if (s.compare(i, 4, "true") == 0) { i += 4; return Value::boolean(true); }
    if (s.compare(i, 5, "false") == 0) { i += 5; return Value::boolean(false); }
    if (s.compare(i, 4, "null") == 0) { i += 4; return Value(); }
    std::size_t start = i;
    bool real = false;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E')) {
      if (s[i] == '.' || s[i] == 'e' || s[i] == 'E') real = true;
      ++i;
    }
    if (start == i) fail();
    std::string num = s.substr(start, i - start);
    if (real) return Value::floating(std::stod(num));
    return Value::integer(std::stoll(num));
  }
};

Value header_dict(Interpreter& in, const HttpHeaders& headers) {
  Value d = in.new_dict();
  for (auto& [k, v] : headers) d.as<sc::Dict>()->set(in, in.new_str(k), in.new_str(v));
  return d;
}

Value do_fetch(Interpreter& in, const HttpRequest& request) {
  running_loop(in);
  HttpResponse r;
  std::exception_ptr err;
  {
    SwitchGuard g(in);
    try {
      r = fetch(request);
    } catch (const HttpError&) {
      err = std::current_exception();
    }
  }
  if (err) {
    try {
      std::rethrow_exception(err);
    } catch (const HttpError& e) {
      in.raise(classes().connection_error, e.what());
    }
  }
  return Value(new Response(classes().response, std::move(r)));
}

Value RequestCm::await_value(Interpreter& in) { return do_fetch(in, request); }

Response& resp(const Args& a) { return *static_cast<Response*>(a[0].obj()); }

Value request(Interpreter& in, const std::string& method, const Args& a, std::size_t url_index) {
  HttpRequest r;
  r.method = method;
  const Value* url = a.get(url_index, "url");
  if (!url) in.raise("TypeError", "request() missing required argument: 'url'");
  r.url = in.str(*url);
  if (const Value* h = a.kw("headers"))
    if (h->is(sc::Kind::Dict))
      h->as<sc::Dict>()->for_each([&](const Value& k, const Value& v) { r.headers.emplace_back(in.str(k), in.str(v)); });
  if (const Value* j = a.kw("json")) {
    if (!j->is_none()) {
      to_json(in, *j, r.body);
      r.headers.emplace_back("Content-Type", "application/json");
    }
  }
  if (const Value* d = a.kw("data")) {
    if (d->is(sc::Kind::Dict)) {
      std::string body;
      d->as<sc::Dict>()->for_each([&](const Value& k, const Value& v) {
        if (!body.empty()) body += '&';
        body += in.str(k) + "=" + in.str(v);
      });
      r.body = body;
      r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else if (!d->is_none()) {
      r.body = in.str(*d);
    }
  }
  return Value(new RequestCm(classes().request_cm, std::move(r)));
}

}  // namespace

// `import aiohttp`. Named, for cmake/asyncify-remove.txt (see define_asyncio_module).
void define_aiohttp_module(Interpreter& in, sc::Module& m) {
  State& st = current_state();
  Classes& c = classes();
  Ref<sc::ClassObj> client_error = in.new_class("ClientError", "aiohttp.client_exceptions", {in.exception_class("Exception")});
  Ref<sc::ClassObj> response_error = in.new_class("ClientResponseError", "aiohttp.client_exceptions", {client_error});
  Ref<sc::ClassObj> connection_error = in.new_class("ClientConnectionError", "aiohttp.client_exceptions", {client_error});
  Ref<sc::ClassObj> content_error = in.new_class("ContentTypeError", "aiohttp.client_exceptions", {response_error});
  in.set_attr(m, "ClientError", Value(client_error.get()));
  in.set_attr(m, "ClientResponseError", Value(response_error.get()));
  in.set_attr(m, "ClientConnectionError", Value(connection_error.get()));
  in.set_attr(m, "ClientConnectorError", Value(connection_error.get()));
  in.set_attr(m, "ContentTypeError", Value(content_error.get()));
  c.response_error = response_error.get();
  c.connection_error = connection_error.get();
  c.content_type_error = content_error.get();
  st.error_classes["ClientConnectionError"] = connection_error.get();

  Ref<sc::ClassObj> response = in.new_class("ClientResponse", "aiohttp.client_reqrep");
  c.response = response.get();
  st.keep_alive.push_back(Value(response.get()));
  in.add_property(*response, "status", [](Interpreter&, const Args& a) -> Value { return Value::integer(resp(a).response.status); });
  in.add_property(*response, "reason", [](Interpreter& in, const Args& a) -> Value { return in.new_str(resp(a).response.reason); });
  in.add_property(*response, "url", [](Interpreter& in, const Args& a) -> Value { return in.new_str(resp(a).response.url); });
  in.add_property(*response, "ok", [](Interpreter&, const Args& a) -> Value { return Value::boolean(resp(a).response.status < 400); });
  in.add_property(*response, "headers", [](Interpreter& in, const Args& a) -> Value { return header_dict(in, resp(a).response.headers); });
  in.add_property(*response, "content_type", [](Interpreter& in, const Args& a) -> Value {
    for (auto& [k, v] : resp(a).response.headers)
      if (k == "Content-Type" || k == "content-type") return in.new_str(v.substr(0, v.find(';')));
    return in.new_str("application/octet-stream");
  });
  in.add_method(*response, "text", [](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    return make_coro(in, "text", [self](Interpreter& in) -> Value {
      return in.new_str(static_cast<Response*>(self.obj())->response.body);
    });
  });
  in.add_method(*response, "json", [](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    return make_coro(in, "json", [self](Interpreter& in) -> Value {
      auto& r = static_cast<Response*>(self.obj())->response;
      JsonParser p{in, r.body};
      return p.value();
    });
  });
  in.add_method(*response, "raise_for_status", [](Interpreter& in, const Args& a) -> Value {
    auto& r = resp(a).response;
    if (r.status >= 400)
      in.raise(classes().response_error, std::to_string(r.status) + ", message='" + r.reason + "', url='" + r.url + "'");
    return Value();
  });
  in.add_method(*response, "release", [](Interpreter&, const Args&) -> Value { return Value(); });
  in.add_method(*response, "__repr__", [](Interpreter& in, const Args& a) -> Value {
    auto& r = resp(a).response;
    return in.new_str("<ClientResponse(" + r.url + ") [" + std::to_string(r.status) + " " + r.reason + "]>");
  });

  Ref<sc::ClassObj> cm = in.new_class("_RequestContextManager", "aiohttp.client");
  c.request_cm = cm.get();
  st.keep_alive.push_back(Value(cm.get()));
  in.add_method(*cm, "__aenter__", [](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    return make_coro(in, "__aenter__", [self](Interpreter& in) -> Value {
      return do_fetch(in, static_cast<RequestCm*>(self.obj())->request);
    });
  });
  in.add_method(*cm, "__aexit__", [](Interpreter& in, const Args&) -> Value {
    return make_coro(in, "__aexit__", [](Interpreter&) -> Value { return Value::boolean(false); });
  });

  Ref<sc::ClassObj> session = in.new_class("ClientSession", "aiohttp.client");
  in.set_constructor(*session, [](Interpreter& in, sc::ClassObj* cls, const Args&) -> Value {
    Ref<sc::Instance> obj(new sc::Instance(cls));
    return Value(obj.get());
  });
  for (const char* method : {"get", "post", "put", "delete", "patch", "head"}) {
    std::string upper = method;
    for (auto& ch : upper) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    in.add_method(*session, method, [upper](Interpreter& in, const Args& a) -> Value { return request(in, upper, a, 1); });
  }
  in.add_method(*session, "request", [](Interpreter& in, const Args& a) -> Value { return request(in, in.str(a[1]), a, 2); });
  in.add_method(*session, "__aenter__", [](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    return make_coro(in, "__aenter__", [self](Interpreter&) -> Value { return self; });
  });
  in.add_method(*session, "__aexit__", [](Interpreter& in, const Args&) -> Value {
    return make_coro(in, "__aexit__", [](Interpreter&) -> Value { return Value::boolean(false); });
  });
  in.add_method(*session, "close", [](Interpreter& in, const Args&) -> Value {
    return make_coro(in, "close", [](Interpreter&) -> Value { return Value(); });
  });
  in.set_attr(m, "ClientSession", Value(session.get()));
}

void install_aiohttp(Interpreter& in) { in.register_module("aiohttp", define_aiohttp_module); }

}  // namespace loopscope::python
