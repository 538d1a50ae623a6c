#!/usr/bin/env python3
"""Regenerates the cortex-a72 kernel_cycles_per_block of data/runtimes/llama.cpp-cpu-arm.json.

Compiles the NEON loops of this folder (written here to the structure of ggml-cpu's Armv8.0 paths:
ggml/src/ggml-cpu/arch/arm/quants.c @ 0549d660 with ggml_vdotq_s32 expanded as without
__ARM_FEATURE_DOTPROD, and the F32Cx4 mapping of simd-mappings.h without FP16 vector arithmetic) with
Debian's aarch64 gcc for the A72 and prints llvm-mca's steady-state cycles per iteration of every loop
(-mcpu=cortex-a72). Needs gcc-aarch64-linux-gnu and llvm. Iterations: q4k = one 256-weight super-block
(gcc unrolls the four 64-weight steps); q6k = 128 weights (two per super-block); dot (f16) = 16 weights.
"""
import os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BRANCH = re.compile(r"^\s*(b\.?(ne|gt|hi|lt|ge|cc|cs)|cbnz|cbz)\s+.*?(\.L\d+)\s*$")

def loops(asm):
    lines = [l for l in asm.splitlines() if l.strip() and not l.strip().startswith((".cfi", "//"))]
    func = None
    for i, l in enumerate(lines):
        m = re.match(r"^([A-Za-z_]\w*):", l)
        if m:
            func = m.group(1)
        m = re.match(r"^(\.L\d+):", l)
        if not m:
            continue
        for k in range(i + 1, len(lines)):
            b = BRANCH.match(lines[k])
            if b and b.group(3) == m.group(1):
                body = [x for x in lines[i + 1:k + 1] if not re.match(r"^\.L\d+:", x)]
                yield func, m.group(1), body
                break

def main():
    with tempfile.TemporaryDirectory() as tmp:
        for src in ("armv80_kquant_dots.c", "armv80_f16_dot.c"):
            asm = subprocess.run(["aarch64-linux-gnu-gcc", "-O3", "-mcpu=cortex-a72", "-S", "-o", "-",
                                  os.path.join(HERE, src)], check=True, capture_output=True, text=True).stdout
            for func, label, body in loops(asm):
                path = os.path.join(tmp, "loop.s")
                with open(path, "w") as f:
                    f.write("\n".join(body) + "\n")
                out = subprocess.run(["llvm-mca", "-mtriple=aarch64", "-mcpu=cortex-a72", "-iterations=200", path],
                                     check=True, capture_output=True, text=True).stdout
                it = int(re.search(r"Iterations:\s+(\d+)", out).group(1))
                cyc = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
                print(f"{src} {func} {label}: {len(body)} instructions, {cyc / it:.2f} cycles/iteration")
    return 0

if __name__ == "__main__":
    sys.exit(main())
