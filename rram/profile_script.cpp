#include "rram/profile_script.h"

#include <stdexcept>

#include "rram/matrix_input.h"
#include "sim/core/params.h"
#include "sim/core/user_error.h"

namespace edgetwin::rram {
namespace {

const ParamSchema& script_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.profile", "Crossbar profiling script (edgetwin rram profile --ops FILE)")
            .add(integer("schema_version", "Script format version").required().range(1, 1))
            .add(text("preset", "Crossbar preset (data/rram/<name>.json or a path); --preset overrides").def(""))
            .add(integer("seed", "Seed of every random draw (non-idealities, random operands)").def(1).range(0, 1e15))
            .add(integer("weight_bits", "Signed weight precision written to the arrays").def(8).range(2, 16))
            .add(integer("input_bits", "Signed input precision fed to the DACs").def(8).range(2, 16))
            .add(boolean("ideal_adc", "Read column currents exactly instead of through the preset's ADC").def(false)));
    return s;
}

const ParamSchema& nonideal_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.profile.non_idealities", "Seeded device non-idealities of a profiling script")
            .add(boolean("quantise", "Conductances on 2^bits_per_cell levels (false: continuous)").def(true))
            .add(real("prog_sigma", "Programming variation after write-verify, std dev / (g_on - g_off)").def(0.0).range(0, 1))
            .add(real("read_sigma", "Read noise, std dev / G, drawn on every read").def(0.0).range(0, 1))
            .add(real("p_stuck_on", "Probability a cell is stuck at g_on").def(0.0).range(0, 1))
            .add(real("p_stuck_off", "Probability a cell is stuck at g_off").def(0.0).range(0, 1))
            .add(choice("ir_drop", {"none", "nodal", "approx"}, "IR drop model").def("none"))
            .add(real("wire_r_ohm", "Wire resistance between cells [ohm]; 0 = the preset's").def(0.0).range(0, 1e4))
            .add(real("drift_nu", "Drift exponent of G(t) = G0 (t/t0)^-nu").def(0.0).range(0, 1))
            .add(quantity("read_time", Dimension::Time, "Time after programming at which the array is read").def("1s").range(1e-9, 1e10))
            .add(quantity("drift_t0", Dimension::Time, "Drift reference time t0").def("1s").range(1e-9, 1e10)));
    return s;
}

const ParamSchema& op_schema(const std::string& op) {
    static const ParamSchema& write = ParamRegistry::instance().add(
        ParamSchema("rram.profile.write_matrix", "Program a matrix (outputs x inputs) with write-verify")
            .add(text("op", "write_matrix").required())
            .add(text("label", "Name of the operand").def("")));
    static const ParamSchema& read = ParamRegistry::instance().add(
        ParamSchema("rram.profile.read_matrix", "Read the written matrix back cell by cell")
            .add(text("op", "read_matrix").required())
            .add(text("label", "Name of the operand").def("")));
    static const ParamSchema& mvm = ParamRegistry::instance().add(
        ParamSchema("rram.profile.mvm", "Multiply input vectors (columns of x) by the written matrix")
            .add(text("op", "mvm").required())
            .add(text("label", "Name of the operand").def("")));
    static const ParamSchema& hp = ParamRegistry::instance().add(
        ParamSchema("rram.profile.hp_inv", "Solve A x = b with HP-INV on the written (square) matrix")
            .add(text("op", "hp_inv").required())
            .add(text("label", "Name of the operand").def(""))
            .add(integer("max_iter", "Refinement iterations at most").def(20).range(1, 1000))
            .add(real("tolerance", "Stop at ||b - A x|| / ||b|| <= tolerance").def(1e-6).range(1e-15, 1))
            .add(integer("lp_array", "LP-INV array size (BlockAMC splits larger systems)").def(8).range(1, 4096)));
    if (op == "write_matrix") return write;
    if (op == "read_matrix") return read;
    if (op == "mvm") return mvm;
    return hp;
}

const ParamSchema& random_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.profile.random", "Seeded random operand")
            .add(integer("rows", "Matrix rows (write_matrix)").def(0).range(0, 4096))
            .add(integer("cols", "Matrix columns (write_matrix)").def(0).range(0, 4096))
            .add(real("condition", "2-norm condition number (0: entries uniform in [-1, 1])").def(0.0).range(0, 1e12))
            .add(integer("vectors", "Input vectors (mvm)").def(1).range(1, 65536))
            .add(integer("seed", "Seed of this operand").def(1).range(0, 1e15)));
    return s;
}

// Registered at load time so `edgetwin list params` shows the script format.
[[maybe_unused]] const bool kSchemasRegistered = (script_schema(), nonideal_schema(), op_schema(""), random_schema(), true);

std::string dir_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

// {"file": path} -> the loaded matrix; {"random": {...}} -> the parsed random spec.
struct Operand {
    bool random = false;
    Eigen::MatrixXd m;
    ParamValues rnd;
};

Operand read_operand(const Json& j, const std::string& file, const std::string& key) {
    if (!j.is_object() || j.size() != 1 || !(j.contains("file") || j.contains("random")))
        throw UserError(file, key, "expected {\"file\": \"path (.csv, .txt or .npy)\"} or {\"random\": {...}}");
    Operand o;
    if (j.contains("file")) {
        if (!j["file"].is_string()) throw UserError(file, join_key(key, "file"), "expected a path string");
        std::string p = j["file"].get<std::string>();
        if (p.empty() || p.front() != '/') p = dir_of(file) + "/" + p;
        o.m = load_matrix_file(p);
        return o;
    }
    o.random = true;
    o.rnd = random_schema().read(j["random"], file, join_key(key, "random"));
    return o;
}

}  // namespace

ProfileScript load_profile_script(const std::string& path) {
    ProfileScript s;
    s.file = path;
    const Json j = load_json_file(path);
    if (!j.is_object()) throw UserError(path, "", "expected a JSON object");
    const ParamValues top = script_schema().read(j, path, "", {"non_idealities", "ops"});
    s.preset = top.str("preset");
    s.settings.seed = static_cast<std::uint64_t>(top.integer("seed"));
    s.settings.weight_bits = static_cast<int>(top.integer("weight_bits"));
    s.settings.input_bits = static_cast<int>(top.integer("input_bits"));
    s.settings.ideal_adc = top.flag("ideal_adc");
    const ParamValues ni = nonideal_schema().read(j.value("non_idealities", Json::object()), path, "non_idealities");
    NonIdealities& n = s.settings.ni;
    n.quantise = ni.flag("quantise");
    n.prog_sigma = ni.num("prog_sigma");
    n.read_sigma = ni.num("read_sigma");
    n.p_stuck_on = ni.num("p_stuck_on");
    n.p_stuck_off = ni.num("p_stuck_off");
    if (n.p_stuck_on + n.p_stuck_off > 1) throw UserError(path, "non_idealities.p_stuck_off", "p_stuck_on + p_stuck_off must be <= 1");
    n.ir = ni.str("ir_drop") == "nodal" ? IrMode::Nodal : ni.str("ir_drop") == "approx" ? IrMode::Approx : IrMode::None;
    n.wire_r_ohm = ni.num("wire_r_ohm");
    n.drift_nu = ni.num("drift_nu");
    n.t_s = ni.num("read_time");
    n.t0_s = ni.num("drift_t0");

    const Json& ops = require_field(j, "ops", path, "");
    if (!ops.is_array() || ops.empty()) throw UserError(path, "ops", "expected a non-empty array of operations");
    bool written = false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::string key = "ops[" + std::to_string(i) + "]";
        const Json& o = ops[i];
        if (!o.is_object()) throw UserError(path, key, "expected an object with \"op\"");
        const std::string op = require_string(o, "op", path, key);
        if (op != "write_matrix" && op != "read_matrix" && op != "mvm" && op != "hp_inv")
            throw UserError(path, join_key(key, "op"), "'" + op + "' (allowed: write_matrix, read_matrix, mvm, hp_inv)");
        const char* operand_key = op == "write_matrix" ? "matrix" : op == "mvm" ? "x" : op == "hp_inv" ? "b" : nullptr;
        const ParamValues v = op_schema(op).read(o, path, key, operand_key ? std::vector<std::string>{operand_key}
                                                                             : std::vector<std::string>{});
        ScriptOp so;
        so.op = op;
        so.key = key;
        so.label = v.str("label");
        if (op != "write_matrix" && !written)
            throw UserError(path, key, op + " before any write_matrix (write a matrix first)");
        if (operand_key) {
            const Operand x = read_operand(require_field(o, operand_key, path, key), path, join_key(key, operand_key));
            if (op == "write_matrix") {
                written = true;
                if (x.random) {
                    const int rows = static_cast<int>(x.rnd.integer("rows")), cols = static_cast<int>(x.rnd.integer("cols"));
                    if (rows < 1 || cols < 1)
                        throw UserError(path, join_key(key, "matrix.random"), "needs rows and cols (1..4096)");
                    const double cond = x.rnd.num("condition");
                    if (cond != 0 && cond < 1) throw UserError(path, join_key(key, "matrix.random.condition"), "must be 0 or >= 1");
                    const auto seed = static_cast<std::uint64_t>(x.rnd.integer("seed"));
                    so.operand = cond > 0 ? random_conditioned_matrix(rows, cols, cond, seed) : random_uniform_matrix(rows, cols, seed);
                } else {
                    so.operand = x.m;
                }
            } else if (x.random) {
                so.random_vectors = true;
                so.random_count = op == "mvm" ? static_cast<int>(x.rnd.integer("vectors")) : 1;
                so.random_seed = static_cast<std::uint64_t>(x.rnd.integer("seed"));
            } else {
                // A single row in a file is one vector.
                so.operand = x.m.rows() == 1 ? Eigen::MatrixXd(x.m.transpose()) : x.m;
                if (op == "hp_inv" && so.operand.cols() != 1)
                    throw UserError(path, join_key(key, "b"), "expected one vector (one row or one column), got " +
                                                                  std::to_string(x.m.rows()) + "x" + std::to_string(x.m.cols()));
            }
        }
        if (op == "hp_inv") so.hp = {static_cast<int>(v.integer("max_iter")), v.num("tolerance"), static_cast<int>(v.integer("lp_array"))};
        s.ops.push_back(std::move(so));
    }
    s.resolved = Json{{"script", path},
                      {"seed", s.settings.seed},
                      {"weight_bits", s.settings.weight_bits},
                      {"input_bits", s.settings.input_bits},
                      {"ideal_adc", s.settings.ideal_adc},
                      {"non_idealities",
                       {{"quantise", n.quantise}, {"prog_sigma", n.prog_sigma}, {"read_sigma", n.read_sigma},
                        {"p_stuck_on", n.p_stuck_on}, {"p_stuck_off", n.p_stuck_off}, {"ir_drop", ni.str("ir_drop")},
                        {"wire_r_ohm", n.wire_r_ohm}, {"drift_nu", n.drift_nu}, {"read_time_s", n.t_s}, {"drift_t0_s", n.t0_s}}},
                      {"ops", ops}};
    return s;
}

std::vector<ProfileRecord> run_profile_script(const ProfileScript& s, const CrossbarArch& arch) {
    CrossbarProfiler prof(arch, s.settings);
    Eigen::Index k = 0, n = 0;  // shape of the matrix written last
    for (const ScriptOp& o : s.ops) {
        try {
            if (o.op == "write_matrix") {
                prof.write_matrix(o.operand, o.label);
                n = o.operand.rows();
                k = o.operand.cols();
            } else if (o.op == "read_matrix") {
                prof.read_matrix();
            } else if (o.op == "mvm") {
                const Eigen::MatrixXd X = o.random_vectors ? random_uniform_matrix(static_cast<int>(k), o.random_count, o.random_seed)
                                                           : o.operand;
                prof.mvm(X, o.label);
            } else {
                const Eigen::VectorXd b = o.random_vectors ? Eigen::VectorXd(random_uniform_matrix(static_cast<int>(n), 1, o.random_seed).col(0))
                                                           : Eigen::VectorXd(o.operand.col(0));
                prof.hp_inv(b, o.hp, o.label);
            }
        } catch (const std::invalid_argument& e) {
            throw UserError(s.file, o.key, e.what());
        }
    }
    return prof.records();
}

}  // namespace edgetwin::rram
