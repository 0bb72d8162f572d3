//===- CheckOps.cpp - check_numerics, runtime_check -----------------------===//

#include "dialects/Kiln/IR/KilnDialect.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace kiln;

/// The message is handed to printf with int64 values, so every conversion
/// must be `%lld` and their number the number of values; anything else
/// would read the wrong arguments.
LogicalResult RuntimeCheckOp::verify() {
  if (getValues().size() > size_t(kMaxCheckValues))
    return emitOpError("reports at most ")
           << kMaxCheckValues << " values, got " << getValues().size();
  StringRef message = getMessage();
  size_t conversions = 0;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '%')
      continue;
    if (message.substr(i + 1).starts_with("%")) {
      ++i;
      continue;
    }
    if (!message.substr(i + 1).starts_with("lld"))
      return emitOpError("message may only use %lld and %%, got '")
             << message.substr(i, 4) << "'";
    ++conversions;
    i += 3;
  }
  if (conversions != getValues().size())
    return emitOpError("message has ")
           << conversions << " %lld for " << getValues().size() << " values";
  return success();
}

namespace {

struct EraseCheckThatCannotFail : public OpRewritePattern<RuntimeCheckOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RuntimeCheckOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchPattern(op.getFailed(), m_Zero()))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void RuntimeCheckOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                 MLIRContext *ctx) {
  patterns.add<EraseCheckThatCannotFail>(ctx);
}
