# Regenerates the np_*.npy fixtures with NumPy itself (independent of tp's writer).
# Each holds a[i, j] = (i * 10 + j) / 8 (exact in float32 too) unless noted.
import numpy as np
from numpy.lib import format as fmt
a = np.array([[(i * 10 + j) / 8 for j in range(4)] for i in range(3)])
np.save('np_f8.npy', a)
np.save('np_f4_fortran.npy', np.asfortranarray(a.astype('<f4')))
np.save('np_i8_1d.npy', np.array([3, -1, 7], dtype='<i8'))
np.save('np_big_endian.npy', a.astype('>f8'))
np.save('np_3d.npy', np.zeros((2, 2, 2)))
np.save('np_nan.npy', np.array([[1.0, 2.0], [3.0, np.nan]]))
with open('np_f8_v3.npy', 'wb') as f:
    fmt.write_array(f, a, version=(3, 0))
