#pragma once
// Effect of crossbar non-idealities on a small transformer's output: a llama2.c-style forward pass
// (RMSNorm, RoPE, grouped-query attention over a KV cache, SwiGLU FFN, classifier) whose
// every linear layer (wq, wk, wv, wo, w1, w2, w3, classifier) runs through the functional crossbar
// MVM, compared with the same pass in fp64. Attention, norms and softmax stay exact (the digital
// SIMD unit). Weights are seeded random (no checkpoint is shipped), N(0, 1/fan_in) for linear
// layers and N(0, 1) for the embedding. The classifier is a separate random matrix although
// stories260K ties it to the embedding: with tied random weights the residual stream keeps the
// input token's embedding and the argmax is nearly always the input token itself, which no
// device error changes (observed: agreement stuck at 15/16 even at 78 % logit error), so the
// study would measure nothing.
//
// Teacher forcing: the ideal run greedily generates `tokens` tokens from token 1; the crossbar run
// is fed the same tokens, and top-1 agreement is the share of positions where both runs' argmax
// of the logits is the same token. Each trial programs every layer anew (its own seed), so
// programming variation and read noise are redrawn; OpenMP over trials, reduced in trial order
// (identical for any thread count).
#include <cstdint>
#include <string>
#include <vector>

#include "rram/functional_mvm.h"

namespace edgetwin::rram {

struct TinyLlamaShape {  // stories260K (data/models/stories260K.json)
    int dim = 64, n_layers = 5, n_heads = 8, n_kv_heads = 4, hidden = 172, vocab = 512;
};

enum class StudyKnob { ReadSigma, ProgSigma, AdcBits };
// "read_sigma" | "prog_sigma" | "adc_bits"; throws UserError naming `where` otherwise.
StudyKnob parse_study_knob(const std::string& s, const std::string& where);
const char* knob_name(StudyKnob k);

struct LogitsStudySpec {
    TinyLlamaShape shape;
    std::uint64_t weight_seed = 1;  // the random model
    std::uint64_t seed = 1;         // device draws
    int tokens = 16;
    int trials = 4;
    FunctionalSpec device;  // cells, converters, precisions
    NonIdealities base;     // everything but the swept knob
    StudyKnob knob = StudyKnob::ReadSigma;
    std::vector<double> strengths;  // adc_bits: bits (0 = ideal readout)
};

struct LogitsStudyPoint {
    double strength = 0;
    double top1_agreement = 0;  // mean over trials, 0..1
    double top1_stderr = 0;     // standard error of that mean over trials
    double logit_rel_rmse = 0;  // ||logits - ideal|| / ||ideal|| over all positions and trials
    int positions = 0;          // tokens x trials
};

std::vector<LogitsStudyPoint> logits_study(const LogitsStudySpec& spec);

}  // namespace edgetwin::rram
