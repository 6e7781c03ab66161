#!/usr/bin/env python3
"""NumPy peer for the dense-eigenvalue benchmark: numpy.linalg.eigvalsh of the symmetric
matrix bench/nn.mjs writes (float64, row-major, n × n), single-threaded BLAS.

    python3 bench/numpy_eigh.py FILE N      prints {"seconds": s, "cpuSeconds": s, "eigenvalues": [...]}"""
import json
import sys
import time

import numpy as np

a = np.fromfile(sys.argv[1], dtype="<f8").reshape(int(sys.argv[2]), int(sys.argv[2]))
t0, c0 = time.perf_counter(), time.process_time()
ev = np.linalg.eigvalsh(a)
print(json.dumps({"seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0, "eigenvalues": ev.tolist()}))
