#!/usr/bin/env python3
"""Cycles per block of the llama.cpp dotprod repack kernels on Cortex-A76 (Raspberry Pi 5), via llvm-mca.

Compiles a76_repack_kernels.c with Debian's aarch64 gcc 12 (-O3 -mcpu=cortex-a76: dotprod, no i8mm), finds in
each kernel function the loop nest that holds the SDOTs, and runs llvm-mca on the own body (instructions not in
a nested loop) of every loop of that nest; cycles per outer iteration (one 32-weight block for q4_0/q8_0, one
256-weight super-block for q4_K/q6_K) = sum over loops of trips-per-iteration x cycles. Checks that the SDOT
count per iteration equals the arithmetic minimum (MACs / 16). Measured with:
  * llvm-mca-19 -mcpu=neoverse-n1   (the only real A76-class scheduling model available here; the A76 core
                                     and Neoverse N1 share the microarchitecture)          <- primary
  * llvm-mca-19 -mcpu=neoverse-n1 -dispatch=4  (4-wide decode/rename bound of the A76)      <- sensitivity
  * llvm-mca (LLVM 14) -mcpu=cortex-a76 (which in LLVM 14 AND 19 maps to the Cortex-A57 model) <- reference
Variants: gcc (default flags, primary) and gcc-nosched (-fno-schedule-insns: no spills in the 16-row q4_0
tile, which upstream writes as hand-scheduled inline asm).
Prints one line per kernel (the number in parentheses: cycles per block per weight-row x activation-row
pair); `count_a76.py out.json` also writes every loop's figures.
"""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "a76_repack_kernels.c")
BRANCH = re.compile(r"^\s*(b(?:\.?[a-z]{2})?|cbnz|cbz|tbnz|tbz)\s+(?:[^,]*,\s*)*(\.L\w+)\s*$")

# kernel -> (weight type, phase, upstream function, what one loop iteration covers, divisor, block size)
KERNELS = {
    "q4_0_gemm_16x4": ("q4_0", "prefill", "ggml_gemm_q4_0_4x4_q8_0 (16-row main loop, inline asm)",
                       "4 w-rows x 16 act-rows x 1 block", 64, 32),
    "q4_0_gemm_4x4":  ("q4_0", "prefill tail", "ggml_gemm_q4_0_4x4_q8_0 (nr%16 row-tail loop)",
                       "4 w-rows x 4 act-rows x 1 block", 16, 32),
    "q4_0_gemv_4":    ("q4_0", "decode", "ggml_gemv_q4_0_4x4_q8_0",
                       "4 w-rows x 1 act-row x 1 block", 4, 32),
    "q8_0_gemm_4x4":  ("q8_0", "prefill", "ggml_gemm_q8_0_4x4_q8_0",
                       "4 w-rows x 4 act-rows x 1 block", 16, 32),
    "q8_0_gemv_4":    ("q8_0", "decode", "ggml_gemv_q8_0_4x4_q8_0",
                       "4 w-rows x 1 act-row x 1 block", 4, 32),
    "q4_K_gemm_4x8":  ("q4_K", "prefill", "ggml_gemm_q4_K_8x4_q8_K",
                       "8 w-rows x 4 act-rows x 1 super-block", 32, 256),
    "q4_K_gemv_8":    ("q4_K", "decode", "ggml_gemv_q4_K_8x4_q8_K",
                       "8 w-rows x 1 act-row x 1 super-block", 8, 256),
    "q6_K_gemm_4x8":  ("q6_K", "prefill", "ggml_gemm_q6_K_8x4_q8_K",
                       "8 w-rows x 4 act-rows x 1 super-block", 32, 256),
    "q6_K_gemv_8":    ("q6_K", "decode", "ggml_gemv_q6_K_8x4_q8_K",
                       "8 w-rows x 1 act-row x 1 super-block", 8, 256),
}

MCA = [
    ("n1_19", ["llvm-mca-19", "-mtriple=aarch64", "-mcpu=neoverse-n1"]),
    ("n1_19_d4", ["llvm-mca-19", "-mtriple=aarch64", "-mcpu=neoverse-n1", "-dispatch=4"]),
    ("a76_14_(A57model)", ["llvm-mca", "-mtriple=aarch64", "-mcpu=cortex-a76"]),
]


EXPECTED_SDOT = {"q4_0_gemm_16x4": 128, "q4_0_gemm_4x4": 32, "q4_0_gemv_4": 8, "q8_0_gemm_4x4": 32,
                 "q8_0_gemv_4": 8, "q4_K_gemm_4x8": 512, "q4_K_gemv_8": 128, "q6_K_gemm_4x8": 512,
                 "q6_K_gemv_8": 128}
# executions per outer (block / super-block) iteration of a loop at nesting depth 0, 1, 2
TRIPS = {"q4_K_gemm_4x8": [1, 4], "q4_K_gemv_8": [1, 4], "q6_K_gemm_4x8": [1, 2, 8], "q6_K_gemv_8": [1, 2, 8]}


def clean(asm):
    lines = [l.split("//")[0].rstrip() for l in asm.splitlines()]
    return [l for l in lines if l.strip() and not l.strip().startswith((".cfi", ".p2align", ".align", ".loc"))]


def loop_nests(asm):
    """{function: [dict(label, depth, own=[instructions not inside a nested loop])]} for the loop nest holding SDOTs."""
    lines = clean(asm)
    found, func = {}, None
    for i, l in enumerate(lines):
        m = re.match(r"^([A-Za-z_]\w*):", l)
        if m:
            func = m.group(1)
            continue
        m = re.match(r"^(\.L\w+):", l)
        if not m or func not in KERNELS:
            continue
        for k in range(i + 1, len(lines)):
            if re.match(r"^[A-Za-z_]\w*:", lines[k]):
                break
            b = BRANCH.match(lines[k])
            if b and b.group(2) == m.group(1):
                found.setdefault(func, []).append((m.group(1), i, k))
                break
    nests = {}
    for f, ls in found.items():
        items = []
        for lab, s0, e0 in ls:
            inner = [(s1, e1) for _, s1, e1 in ls if (s1, e1) != (s0, e0) and s0 <= s1 and e1 <= e0]
            outer = [1 for _, s1, e1 in ls if (s1, e1) != (s0, e0) and s1 <= s0 and e0 <= e1]
            own = [lines[j] for j in range(s0 + 1, e0 + 1)
                   if not any(s1 <= j <= e1 for s1, e1 in inner) and not re.match(r"^\.L\w+:", lines[j])]
            tot = sum(1 for j in range(s0 + 1, e0 + 1) if lines[j].strip().startswith("sdot"))
            items.append(dict(label=lab, depth=len(outer), own=own, total_sdot=tot,
                              sdot=sum(1 for x in own if x.strip().startswith("sdot"))))
        root = max((it for it in items if it["depth"] == 0), key=lambda it: it["total_sdot"])
        # keep the root and the loops nested inside it
        keep = [root] + [it for it in items if it["depth"] > 0]
        nests[f] = keep
    return nests


def sanitize(line):
    # GNU as accepts sign-extended byte immediates for MOVI .16b/.8b; LLVM's parser wants 0..255.
    m = re.match(r"^(\s*movi\s+v\d+\.(?:16b|8b),\s*)(0x[0-9a-f]+|-?\d+)\s*$", line)
    if m:
        return f"{m.group(1)}{int(m.group(2), 0) & 0xff}"
    return line


def mca(cmd, body):
    body = [sanitize(x) for x in body]
    with tempfile.NamedTemporaryFile("w", suffix=".s", delete=False) as f:
        f.write("\n".join(body) + "\n")
        path = f.name
    out = subprocess.run(cmd + ["-iterations=200", path], check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    it = int(re.search(r"Iterations:\s+(\d+)", out).group(1))
    cyc = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
    return cyc / it


def main():
    results = {}
    variants = (("gcc", "a76_repack_kernels.c", []),
                ("gcc-nosched", "a76_repack_kernels.c", ["-fno-schedule-insns"]))
    for variant, src, extra in variants:
        cmd = ["aarch64-linux-gnu-gcc", "-O3", "-mcpu=cortex-a76", *extra, "-S", "-o", "-", os.path.join(HERE, src)]
        asm = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        for func, nest in loop_nests(asm).items():
            depth = max(it["depth"] for it in nest)
            trips = [1] if depth == 0 else TRIPS[func]
            sd = sum(trips[it["depth"]] * it["sdot"] for it in nest)
            assert sd == EXPECTED_SDOT[func], (variant, func, sd, [(it["label"], it["depth"], it["sdot"]) for it in nest])
            r = {"loops": [], "compile": " ".join(cmd[:-4] + ["-S", src])}
            for name, mcmd in MCA:
                r[name] = 0.0
            for it in nest:
                body = it["own"]
                entry = {"label": it["label"], "depth": it["depth"], "trips": trips[it["depth"]],
                         "instructions": len(body), "sdot": it["sdot"],
                         "stack_accesses": sum(1 for x in body if re.search(r"\[sp", x)),
                         "cond_branches_inside": sum(1 for x in body[:-1] if BRANCH.match(x))}
                for name, mcmd in MCA:
                    entry[name] = mca(mcmd, body)
                    r[name] += trips[it["depth"]] * entry[name]
                r["loops"].append(entry)
            r["instructions_per_iter"] = sum(e["trips"] * e["instructions"] for e in r["loops"])
            r["stack_per_iter"] = sum(e["trips"] * e["stack_accesses"] for e in r["loops"])
            results[f"{func}/{variant}"] = r
            div = KERNELS[func][4]
            print(f"{variant:22s} {func:15s} loops={len(nest)} insns/iter={r['instructions_per_iter']:5d} "
                  f"stack/iter={r['stack_per_iter']:4d} | " +
                  " ".join(f"{n}={r[n]:7.1f} ({r[n] / div:6.2f})" for n, _ in MCA))
    if len(sys.argv) > 1:  # optional: the full per-loop results as JSON, to a file the caller names
        with open(sys.argv[1], "w") as f:
            json.dump({"kernels": KERNELS, "mca": dict(MCA), "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
