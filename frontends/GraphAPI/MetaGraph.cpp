//===- MetaGraph.cpp - what tf.train.Saver exports beside a checkpoint ----===//

#include "frontends/GraphAPI/MetaGraph.h"

#include "tools/Version.h"

#include <algorithm>

namespace kiln::graph {

namespace {

using tensorflow::AttrValue;
using tensorflow::NodeDef;

AttrValue typeAttr(tensorflow::DataType type) {
  AttrValue value;
  value.set_type(type);
  return value;
}

/// Appends NodeDefs to a GraphDef under the "save/" scope.
class SaverWriter {
public:
  explicit SaverWriter(tensorflow::GraphDef &graph) : graph_(graph) {}

  NodeDef *add(const std::string &name, const std::string &op,
               std::vector<std::string> inputs) {
    NodeDef *node = graph_.add_node();
    node->set_name("save/" + name);
    node->set_op(op);
    for (std::string &input : inputs)
      node->add_input(std::move(input));
    return node;
  }

  /// A string Const: a scalar, or a vector when `vector` is set.
  std::string strings(const std::string &name,
                      const std::vector<std::string> &values,
                      bool vector = true) {
    NodeDef *node = add(name, "Const", {});
    AttrValue value;
    tensorflow::TensorProto *tensor = value.mutable_tensor();
    tensor->set_dtype(tensorflow::DT_STRING);
    tensorflow::TensorShapeProto *shape = tensor->mutable_tensor_shape();
    if (vector)
      shape->add_dim()->set_size(int64_t(values.size()));
    for (const std::string &v : values)
      tensor->add_string_val(v);
    (*node->mutable_attr())["dtype"] = typeAttr(tensorflow::DT_STRING);
    (*node->mutable_attr())["value"] = value;
    return node->name();
  }

  std::string stringPlaceholder(const std::string &name,
                                const std::string &fallback) {
    NodeDef *node = add(name, "PlaceholderWithDefault", {fallback});
    (*node->mutable_attr())["dtype"] = typeAttr(tensorflow::DT_STRING);
    (*node->mutable_attr())["shape"].mutable_shape();
    return node->name();
  }

private:
  tensorflow::GraphDef &graph_;
};

/// The value an initializer Assign writes ("<var>/Initializer/...:0").
std::string initialValueOf(const tensorflow::GraphDef &graph,
                           const Variable &var) {
  for (const NodeDef &node : graph.node())
    if (node.name() == var.initializer.node && node.input_size() > 1) {
      const std::string &input = node.input(1);
      return input.find(':') == std::string::npos ? input + ":0" : input;
    }
  return "";
}

std::string variableDef(const tensorflow::GraphDef &graph,
                        const Variable &var) {
  tensorflow::VariableDef def;
  def.set_variable_name(var.ref.node + ":0");
  def.set_initializer_name(var.initializer.node);
  def.set_snapshot_name(var.value.node + ":0");
  def.set_initial_value_name(initialValueOf(graph, var));
  def.set_trainable(var.trainable);
  return def.SerializeAsString();
}

} // namespace

Status buildMetaGraphDef(const Graph &g, const MetaGraphOptions &options,
                         tensorflow::MetaGraphDef &out) {
  tensorflow::MetaGraphDef meta;
  tensorflow::GraphDef &graph = *meta.mutable_graph_def();
  KILN_RETURN_IF_ERROR(g.toTensorFlowGraphDef(graph));

  // tf.train.Saver keeps its variables sorted by name.
  std::vector<Variable> variables = g.globalVariables();
  std::sort(
      variables.begin(), variables.end(),
      [](const Variable &a, const Variable &b) { return a.name < b.name; });
  std::vector<std::string> names, slices(variables.size());
  AttrValue dtypes;
  for (const Variable &var : variables) {
    names.push_back(var.name);
    dtypes.mutable_list()->add_type(var.dtype);
  }
  SaverWriter save(graph);
  std::string filename = save.stringPlaceholder(
      "filename", save.strings("filename/input", {"model"}, false));
  std::string fileTensor = save.stringPlaceholder("Const", filename);
  std::vector<std::string> saveInputs = {
      fileTensor, save.strings("SaveV2/tensor_names", names),
      save.strings("SaveV2/shape_and_slices", slices)};
  for (const Variable &var : variables)
    saveInputs.push_back(var.ref.node);
  NodeDef *saveV2 = save.add("SaveV2", "SaveV2", saveInputs);
  (*saveV2->mutable_attr())["dtypes"] = dtypes;
  NodeDef *saved =
      save.add("control_dependency", "Identity", {fileTensor, "^save/SaveV2"});
  (*saved->mutable_attr())["T"] = typeAttr(tensorflow::DT_STRING);
  std::string restoreNames = save.strings("RestoreV2/tensor_names", names);
  std::string restoreSlices =
      save.strings("RestoreV2/shape_and_slices", slices);
  NodeDef *restore = save.add("RestoreV2", "RestoreV2",
                              {fileTensor, restoreNames, restoreSlices});
  (*restore->mutable_attr())["dtypes"] = dtypes;
  std::vector<std::string> assigns;
  for (size_t i = 0; i < variables.size(); ++i) {
    std::string name = i == 0 ? "Assign" : "Assign_" + std::to_string(i);
    NodeDef *assign = save.add(
        name, "Assign",
        {variables[i].ref.node,
         i == 0 ? "save/RestoreV2" : "save/RestoreV2:" + std::to_string(i)});
    auto &attrs = *assign->mutable_attr();
    attrs["T"] = typeAttr(variables[i].dtype);
    attrs["use_locking"].set_b(true);
    attrs["validate_shape"].set_b(true);
    assigns.push_back("^" + assign->name());
  }
  save.add("restore_all", "NoOp", assigns);

  tensorflow::SaverDef &saver = *meta.mutable_saver_def();
  saver.set_filename_tensor_name(fileTensor + ":0");
  saver.set_save_tensor_name("save/control_dependency:0");
  saver.set_restore_op_name("save/restore_all");
  saver.set_max_to_keep(options.maxToKeep);
  saver.set_keep_checkpoint_every_n_hours(10000.0f);
  saver.set_version(tensorflow::SaverDef::V2);

  auto &collections = *meta.mutable_collection_def();
  for (const Variable &var : g.globalVariables()) {
    std::string def = variableDef(graph, var);
    collections["variables"].mutable_bytes_list()->add_value(def);
    if (var.trainable)
      collections["trainable_variables"].mutable_bytes_list()->add_value(def);
  }
  for (const std::string &op : options.trainOps)
    collections["train_op"].mutable_node_list()->add_value(op);

  tensorflow::MetaGraphDef::MetaInfoDef &info = *meta.mutable_meta_info_def();
  info.set_tensorflow_git_version("kiln " KILN_VERSION);
  out = std::move(meta);
  return Status();
}

} // namespace kiln::graph
