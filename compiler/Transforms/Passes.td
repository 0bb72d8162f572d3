#ifndef KILN_COMPILER_TRANSFORMS_PASSES_TD
#define KILN_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapesPass : Pass<"kiln-infer-shapes", "::mlir::ModuleOp"> {
  let summary = "Refines dynamic dimensions from operands to results";
  let description = [{
    Walks every function in order and recomputes each kiln op's result types
    from its (possibly already refined) operand types with the dialect's
    shape rules. A result dimension that is dynamic but inferable becomes
    static; a static dimension never changes. This is how a feed's concrete
    shape (say a batch of 32 for a `tensor<?x784xf32>` placeholder) reaches
    every op of the step.

    Kiln ops accept any compatible operand type. Other users of a refined
    value (and the return of a function that has call sites) keep the old
    type through a `tensor.cast`; the result types of a function without
    call sites follow its returned values.

    Refinement can expose a conflict that dynamic dimensions hid, for
    example a batch of 32 added to a batch of 16; the pass then fails with
    the op's shape error.

    ```mlir
    // Before
    %0 = kiln.relu %arg0 : tensor<32x784xf32>
    %1 = kiln.matmul %0, %w : (tensor<32x784xf32>, tensor<784x200xf32>)
                                -> tensor<?x200xf32>
    // After
    %1 = kiln.matmul %0, %w : (tensor<32x784xf32>, tensor<784x200xf32>)
                                -> tensor<32x200xf32>
    ```
  }];
  let dependentDialects = ["::kiln::KilnDialect", "::mlir::tensor::TensorDialect"];
}

def PlaceOpsPass : Pass<"kiln-place-ops", "::mlir::ModuleOp"> {
  let summary = "Gives every kiln op the device it runs on";
  let description = [{
    Sets `device` on every kiln op to a full TensorFlow device name
    (`/job:localhost/replica:0/task:0/device:CPU:0`). A device the graph
    requested wins; it may be written `/cpu:0`, `/gpu:1`,
    `/device:GPU:0` or in full, and is normalized. An op with no kernel on
    its requested device moves to the CPU when `soft-placement` is on and
    is an error naming the op and the device otherwise, as in TensorFlow.
    Unplaced ops go to the first target's device. With
    `log-device-placement` every op's device is printed to stderr in
    TensorFlow's style, `name: (op): device`.

    The placed device is a `#kiln.device<"TYPE", INDEX>` attribute under
    `device`, which later passes read. Wherever an op uses a value produced
    on another device (function arguments and results live on the host),
    a `kiln.copy` to the op's device is inserted, one per value and
    device.

    Which devices exist and which ops have kernels on them is asked of the
    targets in `targets` (compiler/Target/Target.h): `/device:TYPE:I` is a
    device of the target whose device type is TYPE when I is below its
    device count, and an op may run there when the target has a kernel
    for it. The first target is the host, the fallback of soft placement.
  }];
  let options = [
    ListOption<"targets", "targets", "std::string",
               "Targets whose devices ops may run on, the host first "
               "(NAME[:CHIP]; default x86-64)">,
    Option<"softPlacement", "soft-placement", "bool", /*default=*/"false",
           "Move ops without a kernel on their device to the CPU">,
    Option<"logDevicePlacement", "log-device-placement", "bool",
           /*default=*/"false", "Print every op's device">,
  ];
}

def FuseOpsPass : Pass<"kiln-fuse-ops", "::mlir::func::FuncOp"> {
  let summary = "Groups kiln ops that should compile as one kernel";
  let description = [{
    Wraps each fusible group into a `kiln.fusion` op:

    * a matmul followed by bias_add and then element-wise unary ops
      (`matmul_bias_relu`, `matmul_bias`, `matmul_relu`, ...);
    * a conv2d followed by bias_add (or an add of a rank-1 bias) and then
      element-wise unary ops (`conv2d_bias_relu`, ...);
    * any chain of two or more element-wise ops (`elementwise`);
    * a matmul or conv2d without an epilogue (`matmul`, `conv2d`) and a
      convolution's input or filter gradient (`conv2d_backprop_input`,
      `conv2d_backprop_filter`), each a kernel of its own, which targets
      may hand to a library by that kind;
    * off the host's CPU (an op placed on a GPU), also a lone element-wise
      op (`elementwise`) and each reduction, softmax, log_softmax,
      cross-entropy, pool, pool gradient, transpose, concat, slice, reverse
      and gather (named after the op, `reduce_sum`, `softmax`, ...): a GPU
      runs only kernels.

    A value joins a group only when the group's next op is its single
    user, so nothing computed inside is needed outside: fusing never
    recomputes work, and results are unchanged (the ops inside are the
    same ops). Reductions with their element-wise neighbours (softmax,
    log_softmax, cross-entropy) are single kiln ops already and are fused
    as they lower.

    ```mlir
    %m = kiln.matmul %x, %w : (...) -> tensor<32x200xf32>
    %s = kiln.bias_add %m, %b : (...) -> tensor<32x200xf32>
    %r = kiln.relu %s : tensor<32x200xf32>
    // becomes
    %r = kiln.fusion "matmul_bias_relu" (%x, %w, %b) : (...) -> tensor<32x200xf32> {...}
    ```

    A group holds ops of one device only (their `#kiln.device`), and the
    `kiln.fusion` carries that device.
  }];
  let dependentDialects = ["::kiln::KilnDialect"];
}

def PlanMemoryPass : Pass<"kiln-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Places every transient buffer of a step in one arena";
  let description = [{
    Runs on bufferized functions. Every static `memref.alloc` in the
    function's body becomes a `memref.view` at a byte offset into the
    step's arena, which is made of one block ("slot") per group of buffers
    that share bytes (so LLVM can tell buffers of different slots apart).
    With `arena-argument` (what the step ABI wants,
    kiln/runtime/executable.h) the caller provides the arena: each slot of
    a public function becomes a trailing `memref<Nxi8>` argument marked
    `kiln.arena_slot = OFFSET`, its place in the arena, and nothing is
    allocated. Otherwise each slot is allocated at entry and freed at
    exit. A buffer lives from its first write to its
    last use (views of it included); buffers whose lifetimes do not overlap
    share space. An element-wise linalg.generic may write its result over
    an input that dies at it (in-place reuse), since each element is read
    before it is written.

    Offsets are chosen greedily, largest buffer first, at the lowest
    64-byte-aligned offset free for its whole lifetime. The function is
    annotated with `kiln.arena_bytes` (the arena's size) and
    `kiln.arena_lower_bound` (the peak of simultaneously live bytes, which
    no placement can beat); kiln-compile prints both.

    Allocations inside loops or other regions, and dynamically shaped
    ones, are left alone.
  }];
  let options = [
    Option<"arenaArgument", "arena-argument", "bool", /*default=*/"false",
           "Public functions take the arena as an argument">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def OutlineKernelsPass : Pass<"kiln-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Moves each linalg op of a step into its own kernel function";
  let description = [{
    Runs on bufferized steps. Each linalg op becomes a call to a private
    function `<step>_kernel_<n>` taking the op's buffers as arguments; an
    argument is marked `llvm.noalias` when no other argument of the call
    is the same buffer. The buffers of one op never overlap (memory
    planning only shares bytes between buffers that are not live at the
    same time, and an in-place op passes the same buffer twice, which is
    then not marked), so LLVM may vectorize each kernel's loops without
    overlap checks even though all temporaries live in one arena. LLVM
    inlines the kernels back and keeps the no-alias facts as scopes.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def ParallelizeLoopsPass
    : Pass<"kiln-parallelize-loops", "::mlir::func::FuncOp"> {
  let summary = "Runs the outermost loop of large linalg ops in parallel";
  let description = [{
    Runs on bufferized code (a step or its outlined kernels). A linalg op
    with at least `min-iterations` loop iterations in all, whose outermost
    loop is parallel with two or more iterations, is lowered to loops
    here, its outermost loop an `scf.parallel`, every inner loop an
    `scf.for` (the innermost loop stays the one LLVM vectorizes). Smaller
    ops, and ops whose outermost loop reduces, are left to
    convert-linalg-to-loops. convert-scf-to-openmp turns the parallel
    loops into OpenMP worksharing loops, which the CPU kernel library runs
    on its threads (kiln/kernels/cpu_kernels.h).

    First, `memref.copy` ops with a strided side (e.g. into the interior
    of a padded buffer) become `linalg.copy`, so they are loops too rather
    than calls to the runtime's element-by-element copy.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", /*default=*/"65536",
           "Fewest loop iterations of an op worth splitting over threads">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect"];
}

def MarkBuffersNoAliasPass
    : Pass<"kiln-mark-buffers-noalias", "::mlir::func::FuncOp"> {
  let summary = "Declares a step's argument buffers as non-overlapping";
  let description = [{
    The step ABI (runtime/include/kiln/runtime/executable.h) requires every
    input and output buffer to be distinct memory. This pass states that to
    LLVM by putting `llvm.noalias` on each memref argument of public
    functions, so loops that read inputs and write outputs vectorize
    without run-time overlap checks.
  }];
}

def ForwardResultCopiesPass
    : Pass<"kiln-forward-result-copies", "::mlir::func::FuncOp"> {
  let summary = "Writes results straight into out-parameters, without a copy";
  let description = [{
    Runs after buffer-results-to-out-params. A `memref.copy` of a fresh
    `memref.alloc` into an out-parameter that nothing else uses, after the
    allocation's last other use, is dropped, and the allocation replaced by
    the out-parameter. This covers results a step returns from a kernel
    call, whose buffer the out-params pass hoists to the call rather than
    to the step's caller.

    ```mlir
    %r = memref.alloc() : memref<4xf32>
    call @step_elementwise_0(%x, %r) : (memref<4xf32>, memref<4xf32>) -> ()
    memref.copy %r, %out : memref<4xf32> to memref<4xf32>
    // becomes
    call @step_elementwise_0(%x, %out) : (memref<4xf32>, memref<4xf32>) -> ()
    ```
  }];
}

def MakeResultsDistinctPass
    : Pass<"kiln-make-results-distinct", "::mlir::func::FuncOp"> {
  let summary = "Copies returned tensors that would share a buffer";
  let description = [{
    Runs just before bufferization. A value returned twice, or a function
    argument returned as is, would make two results (or a result and an
    input) alias once results become caller-provided buffers; each such
    return operand is replaced by a fresh copy written into its own
    `bufferization.alloc_tensor`, which no later fusion or CSE merges back.

    ```mlir
    return %0, %0 : tensor<4xf32>, tensor<4xf32>
    // becomes
    %alloc = bufferization.alloc_tensor() : tensor<4xf32>
    %copy = linalg.copy ins(%0 : tensor<4xf32>) outs(%alloc : tensor<4xf32>) -> tensor<4xf32>
    return %0, %copy : tensor<4xf32>, tensor<4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def OutlineFusionsPass : Pass<"kiln-outline-fusions", "::mlir::ModuleOp"> {
  let summary = "Moves each kiln.fusion into a kernel function";
  let description = [{
    Each `kiln.fusion` of a step becomes a call to a private function
    `@<step>_<kind>_<n>` holding the fusion's body, marked
    `kiln.kernel = #kiln.kernel<"<kind>", <device>>`. Lowering and
    bufferization treat it like any function, so the target receives each
    kernel whole, with its kind and device, as IREE's dispatch regions.

    ```mlir
    %r = kiln.fusion "matmul_bias_relu" (%x, %w, %b) {device = #kiln.device<"CPU", 0>} : ... {...}
    // becomes
    %r = call @predict_matmul_bias_relu_0(%x, %w, %b) : (...) -> tensor<32x200xf32>
    func.func private @predict_matmul_bias_relu_0(...) -> tensor<32x200xf32>
        attributes {kiln.kernel = #kiln.kernel<"matmul_bias_relu", #kiln.device<"CPU", 0>>} {...}
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def LowerRuntimeChecksPass
    : Pass<"kiln-lower-runtime-checks", "::mlir::ModuleOp"> {
  let summary = "Turns run-time checks into early returns of their step";
  let description = [{
    Runs on a step whose structured control flow is already branches (after
    convert-scf-to-cf) and whose results are out-parameters. A step with
    `kiln.runtime_check` ops gets one more argument, a pointer to the
    caller's kiln_step_error_t (runtime/include/kiln/runtime/executable.h);
    each check becomes a conditional branch to a block that stores the
    check's message (a private string constant) and values there and
    returns, so nothing after a failed check runs. The step ABI's entry
    (StepWrapper) passes that record and reports it.

    ```mlir
    kiln.runtime_check %bad, %i {message = "'x': index %lld"}
    // becomes
    cf.cond_br %bad, ^failed, ^next
    ^failed:  // stores @kiln_check_message_0 and %i into the record
      return
    ^next:
    ```

    A check nested in a loop or a parallel region has no step to return
    from there and is an error.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::cf::ControlFlowDialect"];
}

def InlineKernelsPass : Pass<"kiln-inline-kernels", "::mlir::ModuleOp"> {
  let summary = "Inlines kernel functions into their steps";
  let description = [{
    For targets whose kernels need no launch (x86): once the target has
    turned the kernels it hands to a library into calls, every function
    marked `kiln.kernel` is inlined at its calls and erased, so memory
    planning sees each step whole. Runs on bufferized or unbufferized IR.
  }];
}

def SinkTransposesPass : Pass<"kiln-sink-transposes", "::mlir::func::FuncOp"> {
  let summary = "Moves transposes below element-wise ops so that pairs cancel";
  let description = [{
    An element-wise op whose operands are all `kiln.transpose`s by the same
    permutation (or rank-0 values, or constants) computes on the
    untransposed operands instead and is transposed once after. Models in
    NCHW (ONNX) wrap every NHWC window op in a transpose in and out; moved
    past the activations and residual adds between two window ops, the
    out-transpose meets the next in-transpose and both fold away.

    A transpose moves only when the op is its single user, so the pass
    never adds work: each rewrite removes at least as many transposes as
    it makes.
  }];
}

def FuseElementwisePass : Pass<"kiln-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Merges element-wise linalg loop nests without recomputing";
  let description = [{
    linalg's producer-into-consumer fusion of element-wise generics, with
    one restriction: a producer merges into a consumer only when the
    consumer reads each produced element in exactly one iteration (its
    indexing map for the operand is a permutation) and nothing else uses
    the producer. An element-wise chain becomes one loop nest, and an
    element-wise producer of a reduction (exp feeding a sum) merges into
    it; a bias + relu that feeds a matmul does not, since the matmul reads
    each element once per output column, nor does an op whose result is
    broadcast.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def UnshareEmptyTensorsPass
    : Pass<"kiln-unshare-empty-tensors", "::mlir::func::FuncOp"> {
  let summary = "Gives every use of a tensor.empty its own op";
  let description = [{
    Runs just before bufferization. CSE merges identical `tensor.empty`
    ops; one-shot bufferization would then give the ops writing into them
    one buffer whenever the first result is dead before the second op
    writes, deciding buffer reuse before memory planning can. After this
    pass every destination is a fresh allocation, and kiln-plan-memory
    alone decides which buffers share bytes.

    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %a = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    %b = linalg.exp ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %a = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    %e2 = tensor.empty() : tensor<4xf32>
    %b = linalg.exp ins(%a : tensor<4xf32>) outs(%e2 : tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
}

def ExternalizeVariablesPass
    : Pass<"kiln-externalize-variables", "::mlir::ModuleOp"> {
  let summary = "Turns the variables a step touches into buffers it is given";
  let description = [{
    Variables live in runtime-owned storage outside the step's arena and are
    updated in place. For every function, each variable it reads or assigns
    becomes a trailing `memref` argument carrying `kiln.variable = "<name>"`
    (and `kiln.variable_read` when the step reads the value it had on
    entry). Reads and assignments are threaded as SSA values in program
    order (an assign_add becomes a kiln.add), so a read after an assignment
    in the same step sees the new value; each assigned variable's final
    value is written into its buffer at the end of the step with
    `bufferization.materialize_in_destination`. Declarations no function
    refers to any more are removed.

    ```mlir
    kiln.variable @step : tensor<i64>
    func.func @main(%d: tensor<i64>) -> tensor<i64> {
      kiln.assign_add_variable @step, %d : tensor<i64>
      %v = kiln.read_variable @step : tensor<i64>
      return %v : tensor<i64>
    }
    // becomes
    func.func @main(%d: tensor<i64>, %buf: memref<i64> {kiln.variable = "step", kiln.variable_read}) -> tensor<i64> {
      %0 = bufferization.to_tensor %buf restrict : memref<i64> to tensor<i64>
      %1 = kiln.add %0, %d : (tensor<i64>, tensor<i64>) -> tensor<i64>
      bufferization.materialize_in_destination %1 in restrict writable %buf : (tensor<i64>, memref<i64>) -> ()
      return %1 : tensor<i64>
    }
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ExpandGradientsPass : Pass<"kiln-expand-gradients", "::mlir::func::FuncOp"> {
  let summary = "Replaces kiln.gradients by the backward computation";
  let description = [{
    Reverse-mode differentiation: for each `kiln.gradients %loss wrt %xs`,
    adjoints start at 1 for the loss and flow backwards through every op
    that depends on an `x` and that the loss depends on, with one rule per
    op (matmul with any transposes, bias_add, broadcasting add/sub/mul/div/
    maximum/minimum/pow, relu, sigmoid, tanh, exp, log, neg, abs, square,
    sqrt, rsqrt, softmax, log_softmax, sparse softmax cross-entropy,
    reduce_sum/mean/max, reshape, transpose, concat, float casts, select, conv2d
    (filter gradient for any strides and dilations, input gradient for
    stride 1), and max/avg pools whose windows tile the input).
    Contributions of several uses are added. An `x` the loss does not
    depend on gets zeros. Nothing flows back through `kiln.stop_gradient`
    (one with a `prevent_message` that a gradient reaches is an error),
    and the pass removes those ops afterwards. A differentiable op without a rule yet (slice,
    overlapping or padded pools, strided conv inputs) is an error naming
    it.

    ```mlir
    %y = kiln.mul %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %l = kiln.reduce_sum %y {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
    %dw = kiln.gradients %l wrt %w : tensor<f32>, (tensor<3xf32>) -> (tensor<3xf32>)
    // becomes (dw = d l / d w = x)
    %one = kiln.constant dense<1.0> : tensor<f32>
    %0 = kiln.reshape %one : (tensor<f32>) -> tensor<1xf32>
    ... %dw = kiln.mul %1, %x ...
    ```
  }];
}

def SplitStepPass : Pass<"kiln-split-step", "::mlir::ModuleOp"> {
  let summary = "Splits a step into segments at gradient buckets";
  let description = [{
    Data-parallel training overlaps the all-reduce of the gradients the
    backward pass produces first with the computation of the rest (as
    Horovod's and PyTorch DDP's gradient buckets do). This pass splits the
    step function `entry` (one block, kiln ops, gradients expanded) into
    functions `@<entry>_segment<K>` that run one after the other:

    - The results after the first `keep-results` are gradients. Each is
      ranked by how much of the step it needs (the ops of its backward
      slice); in that order they are grouped into buckets of at least
      `bucket-bytes` bytes (what is left joins the last full bucket). Segment
      0 computes the first `keep-results` results and the first bucket;
      segment K the ops the K-th bucket needs that no earlier segment ran.
      A gradient an earlier segment already computes is returned there.
    - A value a segment computes and a later one uses is returned by the
      first (`kiln.cut = "kiln_cut_N"` on the result) and taken by the
      second as an argument fed under that name. Constants and variable
      reads are repeated in each segment instead; every segment keeps the
      step's arguments.
    - Each original result is returned by exactly one segment, marked
      `kiln.split_result = I` (its index in the step's results).

    A step with an op that writes memory (a variable assignment, a random
    number generator) or holds regions, or whose cut values would not be
    statically shaped tensors, becomes one segment, as does a
    `bucket-bytes` of 0.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The step function to split">,
    Option<"keepResults", "keep-results", "unsigned", /*default=*/"0",
           "Leading results that are not gradients (segment 0 returns them)">,
    Option<"bucketBytes", "bucket-bytes", "int64_t", /*default=*/"0",
           "Smallest size of a gradient bucket; 0 keeps one segment">,
  ];
}

#endif // KILN_COMPILER_TRANSFORMS_PASSES_TD
