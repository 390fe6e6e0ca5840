package tp.infinite;

import tp.infinite.gauss.GaussHermite;

/** Per-thread scratch for the slow (quadrature) evaluators. */
final class Workspace {
    final GaussHermite gh = new GaussHermite();
}
