//===- Session.h - tf.Session-style JIT over a graph ------------*- C++ -*-===//
//
// A Session holds one graph (a GraphDef, e.g. from the C++ graph API) and
// runs fetches on feeds like tf.Session.run. The first run for a given
// signature - feed names, dtypes and shapes, and fetch names - imports,
// specializes and compiles that step; later runs with the same signature
// only look the executable up and call it.
//
// Not thread-safe: one thread at a time per Session.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_API_SESSION_H
#define KILN_COMPILER_API_SESSION_H

#include "compiler/API/ModelRunner.h"
#include "frontends/TFGraph/proto/graph.pb.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

class Session {
public:
  explicit Session(tensorflow::GraphDef graph);
  ~Session();

  /// Runs `fetches` ("node" or "node:k") on `feeds`; fills `outputs`, one
  /// tensor per fetch. Returns false with `error` set on failure.
  bool run(const std::vector<NamedTensor> &feeds,
           const std::vector<std::string> &fetches,
           std::vector<runtime::HostTensor> &outputs, std::string &error);

  /// How many distinct signatures have been compiled.
  size_t compiledSignatures() const { return cache_.size(); }

  /// The executable compiled for the most recent run, or null.
  const JitExecutable *lastExecutable() const { return last_; }

private:
  struct Compiled;
  tensorflow::GraphDef graph_;
  std::map<std::string, std::unique_ptr<Compiled>> cache_;
  const JitExecutable *last_ = nullptr;
};

} // namespace kiln

#endif // KILN_COMPILER_API_SESSION_H
