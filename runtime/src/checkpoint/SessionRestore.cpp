//===- SessionRestore.cpp - a C API session's variables from a checkpoint -===//

#include "kiln/runtime/checkpoint/session_restore.h"

#include "kiln/runtime/checkpoint/bundle_reader.h"
#include "kiln/runtime/checkpoint/checkpoint_state.h"
#include "runtime/src/base/status_internal.h"

#include <memory>
#include <string>

namespace ckpt = kiln::runtime::checkpoint;
using kiln::runtime::DType;

// The C API's dtype numbering is DType's.
static_assert(int(DType::F32) == KILN_DTYPE_F32 &&
              int(DType::I64) == KILN_DTYPE_I64 &&
              int(DType::Bool) == KILN_DTYPE_BOOL &&
              int(DType::U64) == KILN_DTYPE_U64);

namespace {

kiln_status_t toCStatus(const kiln::Status &status) {
  if (status.ok())
    return nullptr;
  return kiln_make_status(kiln::toKilnStatusCode(status.code()), "%s",
                          status.message().c_str());
}

} // namespace

extern "C" kiln_status_t kiln_session_restore(kiln_session_t *session,
                                              const char *path) {
  const kiln_step_info_t *step = kiln_session_step(session);
  if (!step || !path)
    return kiln_make_status(KILN_STATUS_INVALID_ARGUMENT,
                            "kiln_session_restore: null session or path");
  std::string prefix;
  if (kiln::Status found = ckpt::checkpointToRestore(path, prefix); !found.ok())
    return toCStatus(found);
  std::unique_ptr<ckpt::BundleReader> reader;
  if (kiln::Status opened = ckpt::BundleReader::open(prefix, reader);
      !opened.ok())
    return toCStatus(opened);
  for (int32_t i = 0; i < step->num_variables; ++i) {
    const kiln_tensor_info_t &variable = step->variables[i];
    if (!reader->find(variable.name))
      return kiln_make_status(KILN_STATUS_NOT_FOUND,
                              "checkpoint %s has no tensor '%s' (a variable of "
                              "step %s)",
                              prefix.c_str(), variable.name, step->name);
    kiln::runtime::HostTensor value;
    std::vector<int64_t> shape(variable.shape, variable.shape + variable.rank);
    if (kiln::Status read = reader->readExpecting(
            variable.name, DType(variable.dtype), shape, value);
        !read.ok())
      return toCStatus(read);
    if (kiln_status_t bound = kiln_session_bind_input(
            session, variable.name, variable.dtype, variable.rank,
            variable.shape, value.data.data(), value.data.size()))
      return bound;
  }
  return nullptr;
}
