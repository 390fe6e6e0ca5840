package tp.cli;

/** The {@code --kind} option. */
enum KernelKind {
    nngp, ntk
}
