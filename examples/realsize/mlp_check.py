"""Independent float64 check of tp's MLP kernels (issue 14, part 1).

Usage: python3 mlp_check.py X.npy NNGP.npy NTK.npy

Computes the NNGP and NTK of examples/scale/mlp_relu_2_784.tp (two relu hidden layers, weight
sigma 1.5, bias sigma 0.05, 784 inputs) on the points X with numpy, from the closed-form
arc-cosine recursion written out here (Cho and Saul's kernels; Jacot et al.'s NTK recursion),
and prints the largest entry error of tp's matrices relative to the largest entry, and numpy's
own time for the two kernels (vectorized, every core of its BLAS).
"""
import sys
import time

import numpy as np

SW2, SB2, D = 1.5 ** 2, 0.05 ** 2, 784


def relu_kernels(s, d):
    """E[relu(u) relu(v)] and E[step(u) step(v)] for (u, v) with variances d_i, d_j and covariance s_ij."""
    dd = np.outer(d, d)
    # the angle from the determinant (arctan2), not arccos of the correlation, which loses half
    # the digits near +-1: a point with itself would be off by 1e-8
    r = np.sqrt(np.maximum(dd - s * s, 0.0))
    theta = np.arctan2(r, s)
    e = (r + (np.pi - theta) * s) / (2 * np.pi)
    e_dot = (np.pi - theta) / (2 * np.pi)
    return e, e_dot


def kernels(x):
    s1 = SW2 / D * (x @ x.T) + SB2
    d1 = np.diag(s1).copy()
    e1, e1_dot = relu_kernels(s1, d1)
    s2 = SW2 * e1 + SB2
    d2 = np.diag(s2).copy()  # the variances as the same formula gives them: a point's angle with itself is 0
    e2, e2_dot = relu_kernels(s2, d2)
    s3 = SW2 * e2 + SB2
    theta2 = s2 + SW2 * e1_dot * s1
    theta3 = s3 + SW2 * e2_dot * theta2
    return s3, theta3


def main():
    x = np.load(sys.argv[1])
    t0 = time.perf_counter()
    nngp, ntk = kernels(x)
    seconds = time.perf_counter() - t0
    for name, path, ref in (("NNGP", sys.argv[2], nngp), ("NTK", sys.argv[3], ntk)):
        k = np.load(path)
        err = np.abs(k - ref).max() / np.abs(ref).max()
        print(f"{name}: largest |tp - numpy| / largest entry = {err:.2e}")
    print(f"numpy (float64, in process, {x.shape[0]} points): {seconds:.2f} s for both kernels")


if __name__ == "__main__":
    main()
