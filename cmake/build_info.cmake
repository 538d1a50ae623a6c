# Regenerates build_info.h at every build so result files carry the commit they were built from;
# configure_file rewrites the header only when the commit changed (no needless rebuilds).
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE EDGETWIN_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT EDGETWIN_GIT_COMMIT)
  set(EDGETWIN_GIT_COMMIT "unknown")
endif()
execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE _dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(_dirty)
  string(APPEND EDGETWIN_GIT_COMMIT "-dirty")
endif()
configure_file(${SRC}/sim/core/build_info.h.in ${OUT} @ONLY)
