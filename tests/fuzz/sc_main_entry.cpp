// libsystemc.so needs an sc_main even though the program has its own main() - here libFuzzer's
// (build-notes §4.3; <systemc> declares it extern "C"). Added to every target that links
// fuzz_edgetwin_scenario.
extern "C" int sc_main(int, char**) { return 0; }
