// libsystemc.so needs an sc_main even when Catch2 provides main() (build-notes §4.3).
#include <systemc>
int sc_main(int, char**) { return 0; }
