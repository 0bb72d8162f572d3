//===- VariableStore.cpp - variable values kept between JIT steps ---------===//

#include "compiler/API/VariableStore.h"

namespace kiln {

StatusOr<runtime::HostTensor *>
VariableStore::bind(const TensorSignature &input) {
  auto it = values_.find(input.name);
  if (it == values_.end()) {
    if (input.variableRead)
      return Status(StatusCode::FailedPrecondition,
                    "variable '" + input.name +
                        "' is read before any step assigned it; run its "
                        "initializer (e.g. fetch ^init) first");
    runtime::HostTensor storage{input.dtype, input.shape, {}};
    storage.data.assign(storage.elementCount() * runtime::dtypeSize(input.dtype), 0);
    it = values_.emplace(input.name, std::move(storage)).first;
  } else if (it->second.dtype != input.dtype || it->second.shape != input.shape) {
    return invalidArgument("variable '" + input.name +
                           "' is used with two different types");
  }
  return &it->second;
}

const runtime::HostTensor *VariableStore::find(const std::string &name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

Status VariableStore::assign(const std::string &name,
                             runtime::HostTensor value) {
  auto it = values_.find(name);
  if (it == values_.end()) {
    values_.emplace(name, std::move(value));
    return Status();
  }
  if (it->second.dtype != value.dtype || it->second.shape != value.shape ||
      it->second.data.size() != value.data.size())
    return invalidArgument("variable '" + name +
                           "' cannot take a value of another dtype or shape");
  // In place: compiled steps hold pointers to this storage.
  it->second.data.assign(value.data.begin(), value.data.end());
  return Status();
}

} // namespace kiln
