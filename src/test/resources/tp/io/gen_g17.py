# Regenerates g17.txt: "HEXBITS TEXT" lines, TEXT being Python's '%.17g' % x (correctly rounded,
# half-even, David Gay's dtoa). Used by DoubleFormatTest as an independent reference.
import math, random, struct
random.seed(20240601)
def bits(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def frombits(b): return struct.unpack('<d', struct.pack('<Q', b))[0]
xs = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
      1.7976931348623157e308, 1.0, -1.0, 0.1, 0.5, 1/3, 2/3, 1e15 + 0.25, 1e15 + 0.75,
      2**53, 2**53 + 2, 2**63, 1e16, 1e17, 1e-5, 1e-4, 123456789012345678.0]
for k in range(-325, 309):
    try:
        x = float('1e%d' % k)
    except OverflowError:
        continue
    if x == 0 or math.isinf(x): continue
    xs += [x, math.nextafter(x, 0), math.nextafter(x, math.inf), -x]
for _ in range(1500):
    b = random.getrandbits(64)
    x = frombits(b)
    if math.isfinite(x): xs.append(x)
for _ in range(500): xs.append(random.gauss(0, 1))
for _ in range(300): xs.append(random.gauss(0, 1) * 10 ** random.randint(-20, 25))
for _ in range(200): xs.append((random.getrandbits(52) | (1 << 52)) / 4.0)   # ties at digit 18
for _ in range(200): xs.append(random.getrandbits(52) * 5e-324)            # subnormals
with open('g17.txt', 'w') as f:
    for x in xs:
        f.write('%016x %s\n' % (bits(x), '%.17g' % x))
