#!/usr/bin/python3
"""Writes a small, valid GGUF v3 llama (2 layers, d 64, GQA 4:2, F32 weights of zeros) to argv[1]:
the user's own model file for README examples such as `edgetwin inspect path/to/model.gguf`.
Layout per ggml-org/ggml docs/gguf.md (shared/reference/formats.md §1)."""
import os
import struct
import sys

GGML_F32 = 0
T_U32, T_F32, T_STR, T_ARR = 4, 6, 8, 9


def s(text):
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return s(key) + struct.pack("<I", vtype) + payload


def main(path):
    d, ff, layers, vocab = 64, 128, 2, 32
    kvs = [
        kv("general.architecture", T_STR, s("llama")),
        kv("general.name", T_STR, s("readme-example")),
        kv("general.file_type", T_U32, struct.pack("<I", 0)),
        kv("llama.context_length", T_U32, struct.pack("<I", 256)),
        kv("llama.embedding_length", T_U32, struct.pack("<I", d)),
        kv("llama.block_count", T_U32, struct.pack("<I", layers)),
        kv("llama.feed_forward_length", T_U32, struct.pack("<I", ff)),
        kv("llama.attention.head_count", T_U32, struct.pack("<I", 4)),
        kv("llama.attention.head_count_kv", T_U32, struct.pack("<I", 2)),
        kv("llama.attention.layer_norm_rms_epsilon", T_F32, struct.pack("<f", 1e-5)),
        kv("llama.rope.dimension_count", T_U32, struct.pack("<I", d // 4)),
        kv("tokenizer.ggml.model", T_STR, s("llama")),
        kv("tokenizer.ggml.tokens", T_ARR,
           struct.pack("<IQ", T_STR, vocab) + b"".join(s(f"tok{i}") for i in range(vocab))),
    ]
    tensors = [("token_embd.weight", (d, vocab))]
    for l in range(layers):
        b = f"blk.{l}."
        tensors += [(b + "attn_norm.weight", (d,)), (b + "attn_q.weight", (d, d)), (b + "attn_k.weight", (d, d // 2)),
                    (b + "attn_v.weight", (d, d // 2)), (b + "attn_output.weight", (d, d)),
                    (b + "ffn_norm.weight", (d,)), (b + "ffn_gate.weight", (d, ff)), (b + "ffn_up.weight", (d, ff)),
                    (b + "ffn_down.weight", (ff, d))]
    tensors += [("output_norm.weight", (d,)), ("output.weight", (d, vocab))]
    infos, offset, sizes = b"", 0, []
    for name, shape in tensors:
        n = 1
        for x in shape:
            n *= x
        infos += s(name) + struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", x) for x in shape)
        infos += struct.pack("<IQ", GGML_F32, offset)
        size = 4 * n
        sizes.append(size)
        offset += (size + 31) // 32 * 32
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs)) + b"".join(kvs) + infos
    head += b"\0" * ((32 - len(head) % 32) % 32)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "wb") as f:
        f.write(head)
        for size in sizes:
            f.write(b"\0" * ((size + 31) // 32 * 32))


if __name__ == "__main__":
    main(sys.argv[1])
