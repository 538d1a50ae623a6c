# libFuzzer targets for the calibration trace parsers (one executable per parser), included from
# tests/fuzz/CMakeLists.txt (clang only). Each gets a seed corpus from tests/fuzz/calibration_seeds/
# <parser>/ and a smoke test: `ctest -R fuzz_calib_` runs each for EDGETWIN_FUZZ_SECONDS.
# A long run by hand: ./fuzz_calib_tegrastats -max_total_time=600 corpus_tegrastats <seeds>
set(EDGETWIN_CALIB_PARSERS llama_bench_json llama_bench_jsonl llama_bench_csv llama_bench_markdown llama_bench_sql
    llama_timings tegrastats jtop_csv llama2c_log ppk2_csv joulescope_csv)
set(EDGETWIN_CALIB_PARSER_SOURCES
    ${EDGETWIN_ROOT}/analysis/calibration/trace_text.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench_json.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench_json_common.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench_csv.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench_markdown.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_bench_sql.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama_timings.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/tegrastats.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/jtop_csv.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/llama2c_log.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/ppk2_csv.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/joulescope_csv.cpp)
# The parsers are compiled once (instrumented for coverage and sanitizers) and linked into each target.
add_library(fuzz_calib_parsers STATIC ${EDGETWIN_CALIB_PARSER_SOURCES})
target_include_directories(fuzz_calib_parsers PUBLIC ${EDGETWIN_ROOT})
target_compile_options(fuzz_calib_parsers PRIVATE ${EDGETWIN_FUZZ_LIB_FLAGS})
target_link_libraries(fuzz_calib_parsers PUBLIC fuzz_edgetwin_base PRIVATE edgetwin_warnings)
foreach(parser IN LISTS EDGETWIN_CALIB_PARSERS)
  add_executable(fuzz_calib_${parser} ${CMAKE_CURRENT_LIST_DIR}/calibration_fuzz.cpp)
  target_include_directories(fuzz_calib_${parser} PRIVATE ${EDGETWIN_ROOT})
  target_compile_definitions(fuzz_calib_${parser} PRIVATE EDGETWIN_FUZZ_PARSER_NAME="${parser}")
  target_compile_options(fuzz_calib_${parser} PRIVATE ${EDGETWIN_FUZZ_EXE_FLAGS})
  target_link_options(fuzz_calib_${parser} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_calib_${parser} PRIVATE fuzz_calib_parsers edgetwin_warnings)
  add_test(NAME fuzz_calib_${parser}_smoke
           COMMAND sh -c "rm -rf corpus_${parser} && mkdir -p corpus_${parser} && ${EDGETWIN_FUZZ_LAUNCH}$<TARGET_FILE:fuzz_calib_${parser}> -seed=1 -reload=0 -runs=${EDGETWIN_FUZZ_RUNS} -max_total_time=${EDGETWIN_FUZZ_SECONDS} -rss_limit_mb=2048 -max_len=8192 corpus_${parser} ${CMAKE_CURRENT_LIST_DIR}/calibration_seeds/${parser}"
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endforeach()

# The generic observation CSV resolves model names against the model cards, so its target also links
# the observation layer and, through fuzz_edgetwin_base, the workload library and sim/core (no SystemC,
# no HDF5).
add_library(fuzz_calib_observations STATIC
    ${EDGETWIN_ROOT}/analysis/calibration/generic_csv.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/observations.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/bench_observations.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/model_match.cpp)
target_include_directories(fuzz_calib_observations PUBLIC ${EDGETWIN_ROOT})
target_compile_definitions(fuzz_calib_observations PRIVATE EDGETWIN_SOURCE_DIR="${EDGETWIN_ROOT}")
target_compile_options(fuzz_calib_observations PRIVATE ${EDGETWIN_FUZZ_LIB_FLAGS})
target_link_libraries(fuzz_calib_observations PUBLIC fuzz_calib_parsers PRIVATE edgetwin_warnings)
add_executable(fuzz_calib_generic_csv ${CMAKE_CURRENT_LIST_DIR}/calibration_fuzz.cpp)
target_include_directories(fuzz_calib_generic_csv PRIVATE ${EDGETWIN_ROOT})
target_compile_definitions(fuzz_calib_generic_csv PRIVATE EDGETWIN_FUZZ_PARSER_NAME="generic_csv" EDGETWIN_FUZZ_OBSERVATIONS=1)
target_compile_options(fuzz_calib_generic_csv PRIVATE ${EDGETWIN_FUZZ_EXE_FLAGS})
target_link_options(fuzz_calib_generic_csv PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_calib_generic_csv PRIVATE fuzz_calib_observations edgetwin_warnings)
add_test(NAME fuzz_calib_generic_csv_smoke
         COMMAND sh -c "rm -rf corpus_generic_csv && mkdir -p corpus_generic_csv && ${EDGETWIN_FUZZ_LAUNCH}$<TARGET_FILE:fuzz_calib_generic_csv> -seed=1 -reload=0 -runs=${EDGETWIN_FUZZ_RUNS} -max_total_time=${EDGETWIN_FUZZ_SECONDS} -rss_limit_mb=2048 -max_len=8192 corpus_generic_csv ${CMAKE_CURRENT_LIST_DIR}/calibration_seeds/generic_csv"
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
