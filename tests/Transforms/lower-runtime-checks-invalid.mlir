// RUN: kiln-opt --split-input-file --kiln-lower-runtime-checks --verify-diagnostics %s

func.func @in_a_loop(%bad: i1) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c4 step %c1 {
    // expected-error @+1 {{'kiln.runtime_check' op is nested in scf.for; a failed check can only return from the step's own blocks}}
    kiln.runtime_check %bad {message = "in a loop"}
  }
  return
}

// -----

// expected-error @+1 {{'func.func' op has run-time checks but returns values; its results must be out-parameters}}
func.func @returns_a_value(%bad: i1) -> i64 {
  %c0 = arith.constant 0 : i64
  kiln.runtime_check %bad {message = "with a result"}
  return %c0 : i64
}
