#include "hwmodels/jetson/mmq_costs.h"

namespace edgetwin::jetson {

double mmq_issue_fraction(GgmlType type) {
    switch (type) {
        case GgmlType::Q8_0:
        case GgmlType::Q4_0:
        case GgmlType::Q5_0: return 8.0 / 18.0;  // vec_dot_q8_0_q8_1_mma: scale product only
        case GgmlType::Q6_K: return 8.0 / 27.9;  // vec_dot_q6_K_q8_1_mma
        default: return 8.0 / 24.3;              // vec_dot_q8_1_q8_1_mma (q4_K): scales and the min term
    }
}

}  // namespace edgetwin::jetson
