// RUN: kiln-opt --kiln-cuda-library-calls=workspace-bytes=-1 --verify-diagnostics %s -o /dev/null

// Tests that a negative workspace is refused.
// expected-error @+1 {{workspace-bytes must not be negative, got -1}}
module {
}
