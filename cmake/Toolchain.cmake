# Flags shared by every target, per platform. Kept in one place so the native, sanitized and
# WebAssembly builds differ only where they must.

# doctest is a single header; under emcmake find_package() sees nothing, and -I/usr/include
# would drag glibc's headers into the wasm build, so the header is copied into a folder of its own.
find_file(DOCTEST_HEADER doctest/doctest.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(DOCTEST_INCLUDE_DIR ${CMAKE_BINARY_DIR}/doctest-include)
configure_file(${DOCTEST_HEADER} ${DOCTEST_INCLUDE_DIR}/doctest/doctest.h COPYONLY)

add_library(loopscope_flags INTERFACE)
target_compile_options(loopscope_flags INTERFACE -Wall -Wextra -Wno-unused-parameter)

if(EMSCRIPTEN)
  # Fibers need Asyncify; exceptions must cross fiber swaps (see docs/architecture.md).
  target_compile_options(loopscope_flags INTERFACE -fexceptions)
  target_link_options(loopscope_flags INTERFACE
    -fexceptions -sASYNCIFY=1 -sASYNCIFY_STACK_SIZE=65536
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sTOTAL_STACK=1048576
    -sENVIRONMENT=web,worker,node -sEXIT_RUNTIME=1
    # wasm-opt inlines every function that has a single caller, whatever its size: exec_if,
    # exec_for, exec_simple... all land in Interpreter::exec (48k lines of wasm) and eval_misc &
    # co. in eval. V8 then runs those giants in its baseline tier for longer (the optimising
    # tier compiles them late) and they optimise worse. Capping it keeps each statement kind a
    # function of its own: fib(25) runs ~2x faster in Node (bench/python.mjs).
    -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=200)
  set(LOOPSCOPE_FIBER_BACKEND emscripten)
  # The project's package.json says "type": "module"; Emscripten's plain .js output is CommonJS.
  file(WRITE ${CMAKE_BINARY_DIR}/package.json "{\"type\": \"commonjs\"}\n")
else()
  find_package(Boost 1.74 REQUIRED COMPONENTS context)
  find_package(Threads REQUIRED)
  target_link_libraries(loopscope_flags INTERFACE Boost::context Threads::Threads)
  set(LOOPSCOPE_FIBER_BACKEND boost)
  if(LOOPSCOPE_SANITIZE)
    # fiber_boost.cpp announces every stack switch to ASan (LOOPSCOPE_SANITIZED).
    target_compile_definitions(loopscope_flags INTERFACE LOOPSCOPE_SANITIZED)
    target_compile_options(loopscope_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(loopscope_flags INTERFACE -fsanitize=address,undefined)
  endif()
endif()

# loopscope_trim_asyncify(TARGET LIST...): Asyncify instruments every function that might be on a
# fiber's stack when it swaps, which with indirect calls is nearly all of them, and roughly
# doubles their code. The lists (cmake/asyncify-remove*.txt, one name or `prefix*` per line)
# name big functions that never are: the parser, the resolver, the interpreter's and the modules'
# set-up, the trace export, the C++ demangler. Nothing they call runs Python code or swaps
# fibers; a swap under one of them would trap. wasm-opt warns about a name that matches nothing.
# Saves ~6% of the module (bench:web counts the bytes). No-op natively.
function(loopscope_trim_asyncify target)
  if(NOT EMSCRIPTEN)
    return()
  endif()
  set(merged "")
  foreach(list IN LISTS ARGN)
    file(READ ${PROJECT_SOURCE_DIR}/cmake/${list} text)
    string(APPEND merged "${text}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/${list})
    # The merged file is written here, at configure time: an edited list must configure again.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/${list})
  endforeach()
  set(file ${CMAKE_CURRENT_BINARY_DIR}/${target}-asyncify-remove.txt)
  # Rewritten only when its content changes (configure_file), and the link depends on it.
  file(WRITE ${file}.new "${merged}")
  configure_file(${file}.new ${file} COPYONLY)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${file})
  target_link_options(${target} PRIVATE -sASYNCIFY_REMOVE=@${file})
endfunction()
