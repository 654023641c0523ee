// The standard library modules written in Python (script/lib/*.py), compiled in as text by
// script/cmake/embed_python.cmake. Interpreter::init_modules registers each: importing one runs
// its source in the new module, as CPython does with its own .py modules.
#pragma once

namespace loopscope::script {

struct PythonModuleSource {
  const char* name;    // "typing"
  const char* source;  // the module's Python source
};

// Ends with {nullptr, nullptr}.
extern const PythonModuleSource kPythonLibrary[];

}  // namespace loopscope::script
