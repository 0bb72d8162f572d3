//===- VariableStore.cpp - variable values kept between JIT steps ---------===//

#include "compiler/API/VariableStore.h"

namespace kiln {

runtime::HostTensor *VariableStore::bind(const TensorSignature &input,
                                         std::string &error) {
  auto it = values_.find(input.name);
  if (it == values_.end()) {
    if (input.variableRead) {
      error = "variable '" + input.name +
              "' is read before any step assigned it; run its initializer "
              "(e.g. fetch ^init) first";
      return nullptr;
    }
    runtime::HostTensor storage{input.dtype, input.shape, {}};
    storage.data.assign(storage.elementCount() * runtime::dtypeSize(input.dtype), 0);
    it = values_.emplace(input.name, std::move(storage)).first;
  } else if (it->second.dtype != input.dtype || it->second.shape != input.shape) {
    error = "variable '" + input.name + "' is used with two different types";
    return nullptr;
  }
  return &it->second;
}

const runtime::HostTensor *VariableStore::find(const std::string &name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

bool VariableStore::assign(const std::string &name, runtime::HostTensor value,
                           std::string &error) {
  auto it = values_.find(name);
  if (it == values_.end()) {
    values_.emplace(name, std::move(value));
    return true;
  }
  if (it->second.dtype != value.dtype || it->second.shape != value.shape ||
      it->second.data.size() != value.data.size()) {
    error = "variable '" + name + "' cannot take a value of another dtype or shape";
    return false;
  }
  // In place: compiled steps hold pointers to this storage.
  it->second.data.assign(value.data.begin(), value.data.end());
  return true;
}

} // namespace kiln
