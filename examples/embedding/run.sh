#!/usr/bin/env bash
# Same as examples/run.sh embedding [OPTIONS...], from any directory.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/run.sh" embedding "$@"
