//===- TensorFlowGradients.h - KilnGradients as TensorFlow's own ops -*- C++
//-*-===//
//
// The graph API writes tf.gradients as one KilnGradients node, which kiln
// differentiates when it compiles the graph. TensorFlow has no such op, so
// a GraphDef meant for TensorFlow (a `.meta`, a TensorBoard graph) replaces
// each one by the backward ops tf.gradients would have written: MatMul with
// transposes, ReluGrad, BiasAddGrad, Conv2DBackpropInput/Filter,
// MaxPoolGrad, Sum over BroadcastGradientArgs, and so on, under
// "<gradients node>/<forward node>_grad/". The node keeps its name as an
// IdentityN of the gradients, so the optimizer's Apply* nodes read them
// unchanged. Kiln imports these ops too, so the rewritten graph trains in
// both.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_GRAPHAPI_TENSORFLOWGRADIENTS_H
#define KILN_FRONTENDS_GRAPHAPI_TENSORFLOWGRADIENTS_H

#include "frontends/TFGraph/proto/graph.pb.h"
#include "kiln/runtime/status_cc.h"

namespace kiln::graph {

/// Rewrites every KilnGradients node of `graph` in place. An error names
/// the gradients node and the first forward node whose op has no gradient
/// here; `graph` is then unchanged.
Status writeTensorFlowGradients(tensorflow::GraphDef &graph);

} // namespace kiln::graph

#endif // KILN_FRONTENDS_GRAPHAPI_TENSORFLOWGRADIENTS_H
