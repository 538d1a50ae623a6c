# libFuzzer targets for the user input files other than traces and model files, included from
# tests/fuzz/CMakeLists.txt (clang only); each has a seed corpus in tests/fuzz/<target>_seeds/ and a
# smoke test (`ctest -R fuzz_input_`):
#   fuzz_scenario             scenario/sweep JSON: parse_json_text, read_scenario_json, expand_sweep,
#                             resolve_design_point (names resolved against data/)
#   fuzz_calibration_overlay  apply_calibration + resolve_design_point (the overlay's overrides applied)
#   fuzz_rram_script          load_profile_script (+ its crossbar preset)
#   fuzz_rram_matrix_text     load_matrix_file on CSV / whitespace text
#   fuzz_rram_matrix_npy      load_matrix_file on .npy
# Targets whose entry point takes a path write each input to a per-process scratch directory
# (fuzz_scratch.h: $EDGETWIN_FUZZ_TMPDIR, /dev/shm or /tmp). A long run by hand, from build-fuzz/:
#   ./fuzz_scenario -seed=1 -runs=1000000 -rss_limit_mb=2048 -max_len=4096 -dict=../tests/fuzz/scenario.dict \
#       corpus_scenario ../tests/fuzz/scenario_seeds
#
# resolve_design_point lives in sim/scenario/scenario.cpp next to build_validated_platform, which
# reaches the engines through sim/runner/simulate.cpp, and the TLM engine is SystemC: the scenario
# library therefore links libsystemc (uninstrumented; nothing fuzzed runs in it). No HDF5.
if(NOT TARGET Eigen3::Eigen)
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
endif()
if(NOT TARGET PkgConfig::SystemC)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SystemC REQUIRED IMPORTED_TARGET systemc>=2.3.4)
endif()

# Scenario reading and resolution, the sweep expansion and the calibration overlay (overlay.cpp
# writes overlays too, with calib::param_json_value from fit.cpp).
add_library(fuzz_edgetwin_scenario STATIC
    ${EDGETWIN_ROOT}/sim/scenario/scenario.cpp
    ${EDGETWIN_ROOT}/sim/scenario/overrides.cpp
    ${EDGETWIN_ROOT}/sim/scenario/design_point.cpp
    ${EDGETWIN_ROOT}/sim/runner/sweep_spec.cpp
    ${EDGETWIN_ROOT}/sim/runner/simulate.cpp
    ${EDGETWIN_ROOT}/sim/runner/run_accounting.cpp
    ${EDGETWIN_ROOT}/sim/engine/engine_factory.cpp
    ${EDGETWIN_ROOT}/sim/engine/analytic_engine.cpp
    ${EDGETWIN_ROOT}/sim/engine/tlm_engine.cpp
    ${EDGETWIN_ROOT}/sim/engine/run_result.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/overlay.cpp
    ${EDGETWIN_ROOT}/analysis/calibration/fit.cpp)
target_include_directories(fuzz_edgetwin_scenario PUBLIC ${EDGETWIN_ROOT})
target_compile_options(fuzz_edgetwin_scenario PRIVATE ${EDGETWIN_FUZZ_LIB_FLAGS})
# sim/runner/run_accounting.h has a member clang (not gcc) reports as unused; a source property comes
# after edgetwin_warnings' -Wall -Werror on the command line.
get_target_property(EDGETWIN_FUZZ_SCENARIO_SOURCES fuzz_edgetwin_scenario SOURCES)
set_property(SOURCE ${EDGETWIN_FUZZ_SCENARIO_SOURCES} APPEND PROPERTY COMPILE_OPTIONS -Wno-unused-private-field)
target_link_libraries(fuzz_edgetwin_scenario PUBLIC fuzz_edgetwin_base PkgConfig::SystemC Eigen3::Eigen PRIVATE edgetwin_warnings)
target_sources(fuzz_edgetwin_scenario INTERFACE ${CMAKE_CURRENT_LIST_DIR}/sc_main_entry.cpp)

# The crossbar profiler's inputs (Eigen only); profile_script.cpp also holds run_profile_script, so
# the profiler comes along although only the loader is fuzzed.
add_library(fuzz_edgetwin_rram STATIC
    ${EDGETWIN_ROOT}/rram/profile_script.cpp
    ${EDGETWIN_ROOT}/rram/matrix_input.cpp
    ${EDGETWIN_ROOT}/rram/crossbar_schema.cpp
    ${EDGETWIN_ROOT}/rram/profiler.cpp
    ${EDGETWIN_ROOT}/rram/hp_inv.cpp
    ${EDGETWIN_ROOT}/rram/functional_mvm.cpp
    ${EDGETWIN_ROOT}/rram/ir_drop.cpp
    ${EDGETWIN_ROOT}/rram/mvm_cost.cpp
    ${EDGETWIN_ROOT}/rram/layer_mapping.cpp)
target_include_directories(fuzz_edgetwin_rram PUBLIC ${EDGETWIN_ROOT})
target_compile_options(fuzz_edgetwin_rram PRIVATE ${EDGETWIN_FUZZ_LIB_FLAGS})
target_link_libraries(fuzz_edgetwin_rram PUBLIC fuzz_edgetwin_base Eigen3::Eigen PRIVATE edgetwin_warnings)

# fuzz_<name> from <source>, linked with <lib>; its smoke test runs from a fresh corpus and the seeds
# in <name>_seeds/, with the dictionary <name>.dict (syntax and the key names the reader looks for),
# inputs up to <max_len> bytes.
function(edgetwin_input_fuzzer name source lib max_len)
  add_executable(fuzz_${name} ${CMAKE_CURRENT_LIST_DIR}/${source})
  target_include_directories(fuzz_${name} PRIVATE ${EDGETWIN_ROOT} ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(fuzz_${name} PRIVATE EDGETWIN_SOURCE_DIR="${EDGETWIN_ROOT}" ${ARGN})
  target_compile_options(fuzz_${name} PRIVATE ${EDGETWIN_FUZZ_EXE_FLAGS})
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_${name} PRIVATE ${lib} edgetwin_warnings)
  add_test(NAME fuzz_input_${name}_smoke
           COMMAND sh -c "rm -rf corpus_${name} && mkdir -p corpus_${name} && ${EDGETWIN_FUZZ_LAUNCH}$<TARGET_FILE:fuzz_${name}> -seed=1 -reload=0 -runs=${EDGETWIN_FUZZ_RUNS} -max_total_time=${EDGETWIN_FUZZ_SECONDS} -rss_limit_mb=2048 -max_len=${max_len} -dict=${CMAKE_CURRENT_LIST_DIR}/${name}.dict corpus_${name} ${CMAKE_CURRENT_LIST_DIR}/${name}_seeds"
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endfunction()

edgetwin_input_fuzzer(scenario scenario_fuzz.cpp fuzz_edgetwin_scenario 4096)
edgetwin_input_fuzzer(calibration_overlay calibration_overlay_fuzz.cpp fuzz_edgetwin_scenario 4096)
edgetwin_input_fuzzer(rram_script rram_script_fuzz.cpp fuzz_edgetwin_rram 4096)
edgetwin_input_fuzzer(rram_matrix_text rram_matrix_fuzz.cpp fuzz_edgetwin_rram 4096 EDGETWIN_FUZZ_MATRIX_FILE="m.csv")
edgetwin_input_fuzzer(rram_matrix_npy rram_matrix_fuzz.cpp fuzz_edgetwin_rram 4096 EDGETWIN_FUZZ_MATRIX_FILE="m.npy")
