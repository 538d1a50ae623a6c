#include "rram/logits_study.h"

#include <cmath>
#include <memory>

#include "sim/core/user_error.h"

namespace edgetwin::rram {
namespace {

struct LayerWeights {
    Eigen::MatrixXd wq, wk, wv, wo, w1, w2, w3;  // outputs x inputs
};

struct Model {
    TinyLlamaShape s;
    Eigen::MatrixXd emb;  // vocab x dim
    Eigen::MatrixXd cls;  // vocab x dim classifier (untied, see the header)
    std::vector<LayerWeights> layers;
};

Model random_model(const TinyLlamaShape& s, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::normal_distribution<double> n(0.0, 1.0);
    auto mat = [&](int rows, int cols, double sd) {
        Eigen::MatrixXd m(rows, cols);
        for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = sd * n(g);
        return m;
    };
    Model m;
    m.s = s;
    m.emb = mat(s.vocab, s.dim, 1.0);
    m.cls = mat(s.vocab, s.dim, 1.0 / std::sqrt(s.dim));
    const int kv_dim = s.dim / s.n_heads * s.n_kv_heads;
    for (int l = 0; l < s.n_layers; ++l) {
        const double in = 1.0 / std::sqrt(s.dim), hid = 1.0 / std::sqrt(s.hidden);
        m.layers.push_back({mat(s.dim, s.dim, in), mat(kv_dim, s.dim, in), mat(kv_dim, s.dim, in), mat(s.dim, s.dim, in),
                            mat(s.hidden, s.dim, in), mat(s.dim, s.hidden, hid), mat(s.hidden, s.dim, in)});
    }
    return m;
}

// y = W x, exactly or through programmed crossbars (index = order of the matrices below).
class Linear {
public:
    virtual ~Linear() = default;
    virtual Eigen::VectorXd apply(int index, const Eigen::MatrixXd& W, const Eigen::VectorXd& x) = 0;
};

class ExactLinear final : public Linear {
public:
    Eigen::VectorXd apply(int, const Eigen::MatrixXd& W, const Eigen::VectorXd& x) override { return W * x; }
};

class CrossbarLinear final : public Linear {
public:
    CrossbarLinear(const Model& m, const FunctionalSpec& spec, const NonIdealities& ni, std::uint64_t seed)
        : rng_(trial_seed(seed, 0xffff)) {
        std::uint64_t k = 0;
        auto add = [&](const Eigen::MatrixXd& W) { xb_.push_back(std::make_unique<ProgrammedCrossbar>(W, spec, ni, trial_seed(seed, k++))); };
        for (const LayerWeights& l : m.layers)
            for (const Eigen::MatrixXd* W : {&l.wq, &l.wk, &l.wv, &l.wo, &l.w1, &l.w2, &l.w3}) add(*W);
        add(m.cls);
    }
    Eigen::VectorXd apply(int index, const Eigen::MatrixXd&, const Eigen::VectorXd& x) override { return xb_[index]->mvm(x, rng_); }

private:
    std::vector<std::unique_ptr<ProgrammedCrossbar>> xb_;
    std::mt19937_64 rng_;
};

Eigen::VectorXd rmsnorm(const Eigen::VectorXd& x) { return x / std::sqrt(x.squaredNorm() / x.size() + 1e-5); }

void rope(Eigen::VectorXd& v, int pos, int head_size) {
    for (Eigen::Index i = 0; i < v.size(); i += 2) {
        const int hd = static_cast<int>(i % head_size);
        const double freq = 1.0 / std::pow(10000.0, hd / static_cast<double>(head_size));
        const double c = std::cos(pos * freq), s = std::sin(pos * freq);
        const double a = v(i), b = v(i + 1);
        v(i) = a * c - b * s;
        v(i + 1) = a * s + b * c;
    }
}

// Logits at every position for the token sequence `tokens` (teacher forcing).
std::vector<Eigen::VectorXd> forward(const Model& m, const std::vector<int>& tokens, Linear& lin) {
    const TinyLlamaShape& s = m.s;
    const int hs = s.dim / s.n_heads, kv_mul = s.n_heads / s.n_kv_heads;
    std::vector<std::vector<Eigen::VectorXd>> kc(s.n_layers), vc(s.n_layers);
    std::vector<Eigen::VectorXd> out;
    for (std::size_t pos = 0; pos < tokens.size(); ++pos) {
        Eigen::VectorXd x = m.emb.row(tokens[pos]).transpose();
        for (int l = 0; l < s.n_layers; ++l) {
            const LayerWeights& w = m.layers[l];
            const int base = 7 * l;
            Eigen::VectorXd xb = rmsnorm(x);
            Eigen::VectorXd q = lin.apply(base + 0, w.wq, xb), k = lin.apply(base + 1, w.wk, xb);
            const Eigen::VectorXd v = lin.apply(base + 2, w.wv, xb);
            rope(q, static_cast<int>(pos), hs);
            rope(k, static_cast<int>(pos), hs);
            kc[l].push_back(k);
            vc[l].push_back(v);
            Eigen::VectorXd att_out = Eigen::VectorXd::Zero(s.dim);
            for (int h = 0; h < s.n_heads; ++h) {
                const int kvh = h / kv_mul;
                Eigen::VectorXd score(pos + 1);
                for (std::size_t t = 0; t <= pos; ++t)
                    score(t) = q.segment(h * hs, hs).dot(kc[l][t].segment(kvh * hs, hs)) / std::sqrt(static_cast<double>(hs));
                score = (score.array() - score.maxCoeff()).exp();
                score /= score.sum();
                for (std::size_t t = 0; t <= pos; ++t) att_out.segment(h * hs, hs) += score(t) * vc[l][t].segment(kvh * hs, hs);
            }
            x += lin.apply(base + 3, w.wo, att_out);
            xb = rmsnorm(x);
            const Eigen::VectorXd h1 = lin.apply(base + 4, w.w1, xb), h3 = lin.apply(base + 6, w.w3, xb);
            const Eigen::VectorXd hh = (h1.array() / (1.0 + (-h1.array()).exp()) * h3.array()).matrix();
            x += lin.apply(base + 5, w.w2, hh);
        }
        out.push_back(lin.apply(7 * s.n_layers, m.cls, rmsnorm(x)));
    }
    return out;
}

int argmax(const Eigen::VectorXd& v) {
    Eigen::Index i = 0;
    v.maxCoeff(&i);
    return static_cast<int>(i);
}

}  // namespace

StudyKnob parse_study_knob(const std::string& s, const std::string& where) {
    if (s == "read_sigma") return StudyKnob::ReadSigma;
    if (s == "prog_sigma") return StudyKnob::ProgSigma;
    if (s == "adc_bits") return StudyKnob::AdcBits;
    throw UserError("command line", where, "'" + s + "' (allowed: read_sigma, prog_sigma, adc_bits)");
}

const char* knob_name(StudyKnob k) {
    return k == StudyKnob::ReadSigma ? "read_sigma" : k == StudyKnob::ProgSigma ? "prog_sigma" : "adc_bits";
}

std::vector<LogitsStudyPoint> logits_study(const LogitsStudySpec& spec) {
    const Model m = random_model(spec.shape, spec.weight_seed);
    // Ideal greedy continuation from token 1 gives the teacher-forced sequence and reference logits.
    std::vector<int> tokens{1};
    ExactLinear exact;
    for (int t = 1; t < spec.tokens; ++t) tokens.push_back(argmax(forward(m, tokens, exact).back()));
    const std::vector<Eigen::VectorXd> ref = forward(m, tokens, exact);
    double ref_sq = 0;
    for (const auto& r : ref) ref_sq += r.squaredNorm();

    std::vector<LogitsStudyPoint> out;
    for (std::size_t si = 0; si < spec.strengths.size(); ++si) {
        const double strength = spec.strengths[si];
        FunctionalSpec dev = spec.device;
        NonIdealities ni = spec.base;
        if (spec.knob == StudyKnob::ReadSigma) ni.read_sigma = strength;
        else if (spec.knob == StudyKnob::ProgSigma) ni.prog_sigma = strength;
        else dev.adc_bits = static_cast<int>(strength);
        std::vector<double> agree(spec.trials, 0.0), err_sq(spec.trials, 0.0);
#pragma omp parallel for schedule(dynamic)
        for (int t = 0; t < spec.trials; ++t) {
            // The same device draws at every strength (seed by trial only): common random numbers.
            CrossbarLinear xbar(m, dev, ni, trial_seed(spec.seed, static_cast<std::uint64_t>(t)));
            const std::vector<Eigen::VectorXd> got = forward(m, tokens, xbar);
            int same = 0;
            for (std::size_t p = 0; p < got.size(); ++p) {
                same += argmax(got[p]) == argmax(ref[p]);
                err_sq[t] += (got[p] - ref[p]).squaredNorm();
            }
            agree[t] = static_cast<double>(same) / got.size();
        }
        LogitsStudyPoint pt;
        pt.strength = strength;
        pt.positions = spec.tokens * spec.trials;
        double sum = 0, sq = 0, e = 0;
        for (int t = 0; t < spec.trials; ++t) {
            sum += agree[t];
            e += err_sq[t];
        }
        pt.top1_agreement = sum / spec.trials;
        for (int t = 0; t < spec.trials; ++t) sq += (agree[t] - pt.top1_agreement) * (agree[t] - pt.top1_agreement);
        pt.top1_stderr = spec.trials > 1 ? std::sqrt(sq / (spec.trials - 1) / spec.trials) : 0.0;
        pt.logit_rel_rmse = std::sqrt(e / (ref_sq * spec.trials));
        out.push_back(pt);
    }
    return out;
}

}  // namespace edgetwin::rram
