# RRAM benchmark; include from bench/CMakeLists.txt with: include(${CMAKE_CURRENT_LIST_DIR}/rram.cmake)
add_executable(bench_rram ${CMAKE_CURRENT_LIST_DIR}/bench_rram.cpp)
target_link_libraries(bench_rram PRIVATE edgetwin edgetwin_warnings)
add_test(NAME bench_rram_smoke COMMAND bench_rram 4)
