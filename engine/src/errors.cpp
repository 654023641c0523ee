#include "loopscope/errors.hpp"

#include <cstdlib>
#include <memory>
#include <typeinfo>
#include <vector>

#if defined(__GNUG__)
#include <cxxabi.h>
#endif

namespace loopscope {
namespace {

std::vector<ExceptionDescriber>& describers() {
  static std::vector<ExceptionDescriber> list;
  return list;
}

std::string demangle(const char* name) {
#if defined(__GNUG__)
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  if (status == 0 && out) return out.get();
#endif
  return name;
}

// Python's repr of a str: single quotes unless the text has one and no double quote.
std::string py_str_repr(const std::string& s) {
  char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == q || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  out += q;
  return out;
}

ExceptionText text(const std::string& type, const std::string& what, bool has_message) {
  ExceptionText t;
  t.repr = type + "(" + (has_message ? py_str_repr(what) : "") + ")";
  t.traceback = has_message && !what.empty() ? type + ": " + what + "\n" : type + "\n";
  return t;
}

}  // namespace

void add_exception_describer(ExceptionDescriber describer) { describers().push_back(std::move(describer)); }

ExceptionText describe_exception(const std::exception_ptr& error) {
  for (auto& d : describers()) {
    if (auto t = d(error)) return *t;
  }
  try {
    std::rethrow_exception(error);
  } catch (const CancelledError& e) {
    return text("CancelledError", e.message(), e.has_message());
  } catch (const Error& e) {
    return text(e.python_type(), e.what(), std::string(e.what()).size() > 0);
  } catch (const std::exception& e) {
    return text(demangle(typeid(e).name()), e.what(), true);
  } catch (...) {
    return text("<unknown exception>", "", false);
  }
}

}  // namespace loopscope
