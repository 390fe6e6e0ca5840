#!/usr/bin/env bash
# Same as examples/run.sh orrhede [OPTIONS...], from any directory.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/run.sh" orrhede "$@"
