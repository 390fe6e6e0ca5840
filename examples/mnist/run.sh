#!/usr/bin/env bash
# Same as examples/run.sh mnist [OPTIONS...], from any directory.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/run.sh" mnist "$@"
