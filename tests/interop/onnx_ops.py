"""Single-op ONNX models run by kiln (kiln-run) and by onnxruntime, compared.

  python onnx_ops.py KILN_RUN WORKDIR [CASE...]

Each case is one node with its attributes, float inputs drawn from a seeded
generator (fed at run time) and integer inputs (pads, axes, shapes) as
initializers, as exporters write them. Prints one line per case and a
total; exits 1 when any case differs beyond rtol 1e-4 (plus 1e-5 of the
output's RMS) or fails to run.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import single_op  # noqa: E402


def case(name, op, inputs, attrs=None, opset=18, outputs=1, consts=None):
    return dict(name=name, op=op, inputs=inputs, attrs=attrs or {},
                opset=opset, outputs=outputs, consts=consts or {})


def f(*shape):
    return ("f", shape)


def fed_indices(low, high, *shape, dtype=np.int64):
    """Integers (int64 unless dtype says) in [low, high) fed at run time."""
    return ("i", shape, low, high, dtype)


I64 = lambda *v: np.array(v, np.int64)

CASES = [
    case("erf", "Erf", [f(3, 4)]),
    case("gelu", "Gelu", [f(2, 5)], opset=20),
    case("gelu_tanh", "Gelu", [f(2, 5)], {"approximate": "tanh"}, opset=20),
    case("elu", "Elu", [f(3, 4)], {"alpha": 0.5}),
    case("selu", "Selu", [f(3, 4)]),
    case("celu", "Celu", [f(3, 4)], {"alpha": 2.0}),
    case("softplus", "Softplus", [f(3, 4)]),
    case("softsign", "Softsign", [f(3, 4)]),
    case("hard_sigmoid", "HardSigmoid", [f(3, 4)], {"alpha": 0.3, "beta": 0.4}),
    case("hard_swish", "HardSwish", [f(3, 4)]),
    case("mish", "Mish", [f(3, 4)]),
    case("prelu", "PRelu", [f(2, 3, 4), f(4)]),
    case("thresholded_relu", "ThresholdedRelu", [f(3, 4)], {"alpha": 0.2}),
    case("layer_norm", "LayerNormalization", [f(2, 3, 8), f(8), f(8)]),
    case("layer_norm_axis1", "LayerNormalization", [f(2, 3, 4), f(3, 4)],
         {"axis": 1, "epsilon": 1e-3}),
    case("pad_constant", "Pad", [f(2, 3), "pads", "value"],
         consts={"pads": I64(1, 0, 0, 2), "value": np.array(1.5, np.float32)}),
    case("pad_edge", "Pad", [f(1, 2, 3, 3), "pads"], {"mode": "edge"},
         consts={"pads": I64(0, 0, 1, 2, 0, 0, 2, 1)}),
    case("pad_reflect", "Pad", [f(1, 2, 4, 4), "pads"], {"mode": "reflect"},
         consts={"pads": I64(0, 0, 2, 1, 0, 0, 1, 3)}),
    case("pad_wrap", "Pad", [f(3, 4), "pads"], {"mode": "wrap"}, opset=19,
         consts={"pads": I64(1, 2, 2, 1)}),
    case("pad_crop", "Pad", [f(4, 5), "pads"],
         consts={"pads": I64(-1, 1, 0, -2)}),
    case("pad_axes", "Pad", [f(2, 3, 4), "pads", "", "axes"],
         consts={"pads": I64(1, 2), "axes": I64(-1)}),
    case("trilu_upper", "Trilu", [f(2, 4, 5), "k"], consts={"k": I64(1)}),
    case("trilu_lower", "Trilu", [f(4, 4)], {"upper": 0}),
    case("depth_to_space_dcr", "DepthToSpace", [f(1, 8, 2, 3)], {"blocksize": 2}),
    case("depth_to_space_crd", "DepthToSpace", [f(1, 8, 2, 3)],
         {"blocksize": 2, "mode": "CRD"}),
    case("space_to_depth", "SpaceToDepth", [f(1, 2, 4, 6)], {"blocksize": 2}),
    case("resize_nearest", "Resize", [f(1, 2, 3, 4), "", "scales"],
         {"mode": "nearest", "coordinate_transformation_mode": "asymmetric",
          "nearest_mode": "floor"},
         consts={"scales": np.array([1, 1, 2, 2], np.float32)}),
    case("resize_nearest_half_pixel", "Resize", [f(1, 1, 5, 5), "", "", "sizes"],
         {"mode": "nearest"}, consts={"sizes": I64(1, 1, 3, 8)}),
    case("resize_linear", "Resize", [f(1, 2, 3, 4), "", "", "sizes"],
         {"mode": "linear"}, consts={"sizes": I64(1, 2, 7, 5)}),
    case("resize_linear_align_corners", "Resize", [f(2, 1, 4, 4), "", "scales"],
         {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
         consts={"scales": np.array([1, 1, 2, 1.5], np.float32)}),
    case("resize_cubic", "Resize", [f(1, 2, 4, 5), "", "scales"], {"mode": "cubic"},
         consts={"scales": np.array([1, 1, 2, 1.5], np.float32)}),
    case("resize_cubic_exclude_outside", "Resize", [f(2, 1, 6, 7), "", "", "sizes"],
         {"mode": "cubic", "cubic_coeff_a": -0.5, "exclude_outside": 1,
          "coordinate_transformation_mode": "asymmetric"},
         consts={"sizes": I64(2, 1, 4, 11)}),
    case("resize_cubic_align_corners", "Resize", [f(1, 1, 3, 4), "", "", "sizes"],
         {"mode": "cubic", "coordinate_transformation_mode": "align_corners"},
         consts={"sizes": I64(1, 1, 8, 3)}),
    case("resize_linear_pytorch", "Resize", [f(1, 3, 8, 8), "", "", "sizes"],
         {"mode": "linear",
          "coordinate_transformation_mode": "pytorch_half_pixel"},
         consts={"sizes": I64(1, 3, 3, 1)}),
    case("conv_grouped", "Conv", [f(2, 6, 5, 5), f(4, 3, 3, 3), f(4)],
         {"group": 2, "pads": [1, 1, 1, 1]}),
    case("conv_depthwise", "Conv", [f(1, 4, 6, 6), f(8, 1, 3, 3)],
         {"group": 4, "strides": [2, 2]}),
    case("conv_transpose", "ConvTranspose", [f(1, 2, 4, 4), f(2, 3, 3, 3), f(3)],
         {"strides": [2, 2], "pads": [1, 1, 1, 1], "output_padding": [1, 1]}),
    case("conv_transpose_grouped", "ConvTranspose", [f(2, 6, 4, 5), f(6, 2, 3, 2), f(6)],
         {"group": 3, "strides": [2, 1], "pads": [1, 0, 0, 1], "output_padding": [1, 0]}),
    # output_padding past the end padding: rows no input reaches.
    case("conv_transpose_output_padding", "ConvTranspose", [f(1, 2, 3, 4), f(2, 3, 2, 2)],
         {"strides": [3, 2], "output_padding": [2, 1]}),
    case("conv_transpose_depthwise", "ConvTranspose", [f(1, 4, 5, 5), f(4, 1, 3, 3)],
         {"group": 4, "strides": [2, 2], "dilations": [2, 1]}),
    case("conv_transpose_dilated", "ConvTranspose", [f(2, 3, 5, 4), f(3, 2, 2, 3)],
         {"dilations": [2, 1], "pads": [0, 1, 1, 0]}),
    case("conv_transpose_1d", "ConvTranspose", [f(1, 2, 6), f(2, 4, 3)],
         {"strides": [3]}),
    case("conv_transpose_output_shape", "ConvTranspose", [f(1, 1, 3, 3), f(1, 2, 3, 3)],
         {"strides": [2, 2], "output_shape": [6, 6]}),
    case("conv_transpose_same_upper", "ConvTranspose", [f(1, 2, 3, 4), f(2, 2, 4, 4)],
         {"strides": [2, 2], "auto_pad": "SAME_UPPER"}),
    case("lstm", "LSTM", [f(5, 2, 3), f(1, 16, 3), f(1, 16, 4), f(1, 32)],
         {"hidden_size": 4}, outputs=3),
    case("lstm_bidirectional", "LSTM",
         [f(4, 3, 2), f(2, 20, 2), f(2, 20, 5), f(2, 40), "", f(2, 3, 5), f(2, 3, 5)],
         {"hidden_size": 5, "direction": "bidirectional"}, outputs=3),
    case("gru", "GRU", [f(6, 2, 3), f(1, 12, 3), f(1, 12, 4), f(1, 24)],
         {"hidden_size": 4}, outputs=2),
    case("gru_reverse_linear_before_reset", "GRU",
         [f(3, 2, 3), f(1, 9, 3), f(1, 9, 3), f(1, 18), "", f(1, 2, 3)],
         {"hidden_size": 3, "direction": "reverse", "linear_before_reset": 1},
         outputs=2),
    # Sequences shorter than the input: constant lengths, and lengths fed
    # at run time (forward, reverse and both directions).
    case("lstm_sequence_lens", "LSTM",
         [f(5, 3, 2), f(1, 12, 2), f(1, 12, 3), f(1, 24), "lens"],
         {"hidden_size": 3}, outputs=3, consts={"lens": np.array([5, 2, 3], np.int32)}),
    case("gru_sequence_lens_fed", "GRU",
         [f(6, 4, 3), f(2, 12, 3), f(2, 12, 4), f(2, 24),
          fed_indices(1, 7, 4, dtype=np.int32)],
         {"hidden_size": 4, "direction": "bidirectional"}, outputs=2),
    case("rnn_sequence_lens_reverse", "RNN",
         [f(4, 2, 3), f(1, 5, 3), f(1, 5, 5), "", "lens"],
         {"hidden_size": 5, "direction": "reverse"}, outputs=2,
         consts={"lens": np.array([1, 3], np.int32)}),
    case("rnn_relu", "RNN", [f(4, 2, 3), f(1, 5, 3), f(1, 5, 5)],
         {"hidden_size": 5, "activations": ["Relu"]}, outputs=2),
    case("einsum_matmul", "Einsum", [f(3, 4), f(4, 5)], {"equation": "ij,jk->ik"}),
    case("einsum_batched", "Einsum", [f(2, 3, 4), f(2, 4, 5)],
         {"equation": "bij,bjk->bik"}),
    case("einsum_attention", "Einsum", [f(2, 3, 4, 5), f(2, 3, 6, 5)],
         {"equation": "bhqd,bhkd->bhqk"}),
    case("einsum_transpose", "Einsum", [f(3, 4)], {"equation": "ij->ji"}),
    case("einsum_row_sum", "Einsum", [f(3, 4)], {"equation": "ij->i"}),
    case("einsum_dot", "Einsum", [f(6), f(6)], {"equation": "i,i"}),
    case("einsum_matvec", "Einsum", [f(3, 4), f(4)], {"equation": "ij,j->i"}),
    case("matmul_batched_broadcast", "MatMul", [f(2, 1, 3, 4), f(5, 4, 2)]),
    case("gather_axis1", "Gather", [f(3, 5), "indices"], {"axis": 1},
         consts={"indices": I64(4, 0, -1)}),
    case("gather_fed_indices", "Gather", [f(6, 4), fed_indices(-6, 6, 2, 5)]),
    case("gather_nd", "GatherND", [f(4, 3, 2), fed_indices(-3, 3, 5, 2)]),
    case("gather_nd_full", "GatherND", [f(3, 4), fed_indices(-3, 3, 2, 3, 2)]),
    case("gather_fed_indices_axis2", "Gather", [f(2, 3, 7), fed_indices(-7, 7, 4)],
         {"axis": -1}),
    case("slice_reverse", "Slice", [f(4, 6), "starts", "ends", "axes", "steps"],
         consts={"starts": I64(-1, 5), "ends": I64(-10, 1), "axes": I64(0, 1),
                 "steps": I64(-1, -1)}),
    case("slice_steps", "Slice", [f(7, 13, 5), "starts", "ends", "axes", "steps"],
         consts={"starts": I64(1, 12, 0), "ends": I64(100, -100, 5), "axes": I64(0, 1, 2),
                 "steps": I64(2, -3, 4)}),
    case("floor", "Floor", [f(3, 7)]),
    case("ceil", "Ceil", [f(3, 7)]),
    case("round", "Round", [f(29)]),
    case("sign", "Sign", [f(13)]),
    case("sin", "Sin", [f(3, 5)]),
    case("cos", "Cos", [f(3, 5)]),
    case("mod_fmod", "Mod", [f(3, 4), "divisor"], {"fmod": 1},
         consts={"divisor": np.array([0.7, -1.3, 2.0, -0.4], np.float32)}),
    case("split", "Split", [f(6, 2), "split"], outputs=2,
         consts={"split": I64(2, 4)}),
    case("tile", "Tile", [f(2, 3), "repeats"], consts={"repeats": I64(2, 3)}),
    case("expand", "Expand", [f(3, 1), "shape"], consts={"shape": I64(2, 3, 4)}),
    case("reduce_l2", "ReduceL2", [f(3, 4, 5), "axes"], {"keepdims": 0},
         consts={"axes": I64(1)}),
    case("reduce_log_sum_exp", "ReduceLogSumExp", [f(3, 4), "axes"],
         consts={"axes": I64(-1)}),
    case("reduce_min", "ReduceMin", [f(3, 4), "axes"], consts={"axes": I64(0)}),
    case("reduce_prod", "ReduceProd", [f(3, 4, 5), "axes"], {"keepdims": 0},
         consts={"axes": I64(0, -1)}),
    case("argmin", "ArgMin", [f(3, 4)], {"axis": 1, "keepdims": 0}),
    case("top_k", "TopK", [f(3, 13, 2), "k"], {"axis": 1}, outputs=2,
         consts={"k": I64(5)}),
    case("top_k_smallest", "TopK", [f(4, 7), "k"], {"largest": 0}, outputs=2,
         consts={"k": I64(3)}),
    case("top_k_int_smallest", "TopK", [fed_indices(-9, 9, 3, 20), "k"], {"largest": 0},
         outputs=2, consts={"k": I64(4)}),
    case("top_k_smallest_selection", "TopK", [f(3, 40), "k"], {"largest": 0}, outputs=2,
         consts={"k": I64(6)}),
    case("max_pool_indices", "MaxPool", [f(2, 3, 9, 8)],
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]}, outputs=2),
    case("max_pool_3d_dilated", "MaxPool", [f(1, 2, 7, 6, 5)],
         {"kernel_shape": [2, 3, 2], "dilations": [2, 1, 2], "strides": [2, 2, 1]}),
    case("avg_pool_3d_ceil", "AveragePool", [f(2, 1, 7, 6, 5)],
         {"kernel_shape": [3, 2, 2], "strides": [2, 2, 2], "pads": [1, 0, 1, 1, 0, 0],
          "ceil_mode": 1}),
    case("cumsum", "CumSum", [f(3, 7), "axis"], {"exclusive": 1, "reverse": 1},
         consts={"axis": np.array(-1, np.int64)}),
    case("hard_where", "Where", ["cond", f(3, 4), f(4)],
         consts={"cond": np.array([[True, False, True, False]] * 3)}),
]


def build(c, rng):
    inputs, feeds, inits, names = [], {}, [], []
    for i, spec in enumerate(c["inputs"]):
        if spec == "":
            names.append("")
        elif isinstance(spec, str):
            inits.append(numpy_helper.from_array(c["consts"][spec], spec))
            names.append(spec)
        else:
            name = f"x{i}"
            if spec[0] == "i":
                value = rng.randint(spec[2], spec[3], spec[1]).astype(spec[4])
                element = helper.np_dtype_to_tensor_dtype(np.dtype(spec[4]))
            else:
                value = rng.uniform(-2, 2, spec[1]).astype(np.float32)
                element = TensorProto.FLOAT
            inputs.append(helper.make_tensor_value_info(name, element, spec[1]))
            feeds[name] = value
            names.append(name)
    outs = [f"y{i}" for i in range(c["outputs"])]
    node = helper.make_node(c["op"], names, outs, **c["attrs"])
    graph = helper.make_graph([node], c["name"], inputs,
                              [helper.make_empty_tensor_value_info(o) for o in outs], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", c["opset"])])
    model.ir_version = 9
    # Output types as ONNX infers them, as an exporter writes them.
    return onnx.shape_inference.infer_shapes(model), feeds, outs


def run(kiln_run, workdir, c, rng):
    model, feeds, outs = build(c, rng)
    path = os.path.join(workdir, c["name"] + ".onnx")
    onnx.save(model, path)
    expected = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(outs, feeds)
    got = single_op.run_kiln(kiln_run, workdir, c["name"], path, feeds, outs)
    return single_op.compare_outputs(outs, got, expected, 1e-4, 1e-5, "onnxruntime")


if __name__ == "__main__":
    single_op.main(CASES, run, "onnx ops", "onnxruntime")
