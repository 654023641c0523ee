# ctest helper: run a C++ example on the virtual clock and its Python twin with python3;
# stdout and exit code must match byte for byte.
execute_process(COMMAND ${RUNNER} run --clock virtual ${NAME}
  OUTPUT_VARIABLE ours ERROR_VARIABLE ours_err RESULT_VARIABLE ours_rc)
find_program(PYTHON3 python3 REQUIRED)
execute_process(COMMAND ${PYTHON3} ${TWIN}
  OUTPUT_VARIABLE theirs ERROR_VARIABLE theirs_err RESULT_VARIABLE theirs_rc)
if(NOT ours STREQUAL theirs OR NOT ours_rc EQUAL theirs_rc)
  message(FATAL_ERROR "example ${NAME} differs from python3 ${TWIN}\n"
    "--- ours (exit ${ours_rc}) ---\n${ours}${ours_err}\n--- python3 (exit ${theirs_rc}) ---\n${theirs}${theirs_err}")
endif()
message(STATUS "${NAME}: same output as python3 (${ours_rc})")
