# Jetson benchmark; included from bench/CMakeLists.txt.
add_executable(bench_jetson ${CMAKE_CURRENT_LIST_DIR}/bench_jetson.cpp)
target_link_libraries(bench_jetson PRIVATE edgetwin edgetwin_warnings)
add_test(NAME bench_jetson_smoke COMMAND bench_jetson 1)
set_tests_properties(bench_jetson_smoke PROPERTIES ENVIRONMENT
                     "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1;EDGETWIN_DATA_DIR=${CMAKE_SOURCE_DIR}/data")
