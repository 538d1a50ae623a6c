# MCU benchmark; include from bench/CMakeLists.txt with: include(${CMAKE_CURRENT_LIST_DIR}/mcu.cmake)
add_executable(bench_mcu ${CMAKE_CURRENT_LIST_DIR}/bench_mcu.cpp)
target_link_libraries(bench_mcu PRIVATE edgetwin edgetwin_warnings)
add_test(NAME bench_mcu_smoke COMMAND bench_mcu 1)
set_tests_properties(bench_mcu_smoke PROPERTIES ENVIRONMENT
                     "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1;EDGETWIN_DATA_DIR=${CMAKE_SOURCE_DIR}/data")
