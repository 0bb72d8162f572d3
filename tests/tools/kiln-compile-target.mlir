// Tests kiln-compile's target selection: --list-targets, --target=NAME[:CHIP]
// (the chip reaching code generation), the --cpu spelling of the chip, and
// one clear error for an unknown target, an unknown chip or a contradiction.
// RUN: kiln-compile --list-targets | FileCheck %s --check-prefix=LIST
// LIST: cuda-emulation{{[[:space:]]}}for tests: cuda's placement and GPU loop mapping
// LIST: x86-64{{[[:space:]]}}x86-64 CPUs

// A generic x86-64 has no AVX; Skylake-AVX512 does.
// RUN: kiln-compile %s --feed 'x:f32[64]' --target=x86-64:x86-64 --emit=asm --name relu -o - 2>/dev/null | FileCheck %s --check-prefix=GENERIC
// GENERIC-NOT: %ymm
// GENERIC: relu_run:
// RUN: kiln-compile %s --feed 'x:f32[64]' --target=x86-64:skylake-avx512 --emit=asm --name relu -o - 2>/dev/null | FileCheck %s --check-prefix=SKX
// RUN: kiln-compile %s --feed 'x:f32[64]' --cpu=skylake-avx512 --emit=asm --name relu -o - 2>/dev/null | FileCheck %s --check-prefix=SKX
// SKX: %ymm

// RUN: not kiln-compile %s --feed 'x:f32[64]' --target=tpu 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: kiln-compile: unknown target 'tpu' (known: cuda, cuda-emulation, x86-64)
// RUN: not kiln-compile %s --feed 'x:f32[64]' --target=x86-64:nonsense 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not kiln-compile %s --feed 'x:f32[64]' --cpu=nonsense 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: kiln-compile: unknown x86-64 CPU 'nonsense'
// RUN: not kiln-compile %s --feed 'x:f32[64]' --target=x86-64:znver4 --cpu=skylake 2>&1 | FileCheck %s --check-prefix=CONTRADICT
// CONTRADICT: kiln-compile: --cpu=skylake contradicts --target=x86-64:znver4
// RUN: not kiln-compile %s --feed 'x:f32[64]' --target=cuda-emulation:sm_90 2>&1 | FileCheck %s --check-prefix=EMULATION
// EMULATION: kiln-compile: cuda-emulation compiles for this machine's CPU and takes no CHIP or features
// RUN: not kiln-compile --target= 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: kiln-compile: no MODEL given

// The JIT compiles for the machine it runs on only.
// RUN: rm -rf %t && mkdir -p %t && python3 %S/Inputs/npy.py %t/x.npy '<f4' 64 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
// RUN: not kiln-run %s --feed x=%t/x.npy --target=x86-64:znver4 2>&1 | FileCheck %s --check-prefix=JIT
// JIT: kiln-run: the JIT compiles for this machine's CPU; 'x86-64:znver4' is for ahead-of-time compilation

func.func @main(%x: tensor<64xf32> {kiln.feed = "x"}) -> tensor<64xf32> {
  %0 = kiln.relu %x : tensor<64xf32>
  return %0 : tensor<64xf32>
}
