# cmake -DOUT=file.cpp -DSOURCES=a.py;b.py -P embed_python.cmake
# Writes OUT: the Python modules in SOURCES (script/lib/*.py) as C++ string literals, the table
# kPythonLibrary that Interpreter::init_modules registers (python_library.hpp).
set(entries "")
foreach(src IN LISTS SOURCES)
  get_filename_component(name "${src}" NAME_WE)
  file(READ "${src}" text)
  string(FIND "${text}" ")PY\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${src} contains the raw string's delimiter )PY\"")
  endif()
  string(APPEND entries "    {\"${name}\", R\"PY(${text})PY\"},\n")
endforeach()
file(WRITE "${OUT}.new"
  "// Generated from script/lib/*.py by script/cmake/embed_python.cmake: do not edit.\n"
  "#include \"python_library.hpp\"\n\n"
  "namespace loopscope::script {\n\n"
  "const PythonModuleSource kPythonLibrary[] = {\n${entries}    {nullptr, nullptr},\n};\n\n"
  "}  // namespace loopscope::script\n")
# Only a changed file is rewritten, so that an unchanged library recompiles nothing.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.new" "${OUT}")
file(REMOVE "${OUT}.new")
