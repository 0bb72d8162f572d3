//===- BuildersTest.cpp - kiln op builders that infer result types --------===//
//
// What a frontend relies on: `AddOp::create(b, loc, lhs, rhs)` and the
// other inferring builders give the type the dialect's rules give, and a
// broken rule still builds an op whose verifier names the rule.
//
//===----------------------------------------------------------------------===//

#include "dialects/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace kiln;

namespace {

class Builders : public ::testing::Test {
protected:
  Builders() : b(&ctx) {
    ctx.loadDialect<KilnDialect, func::FuncDialect>();
    module = ModuleOp::create(b.getUnknownLoc());
    b.setInsertionPointToEnd(module->getBody());
  }

  /// A function argument of `shape` and `element` type to build on.
  Value argument(ArrayRef<int64_t> shape, Type element) {
    if (!entry) {
      auto func = func::FuncOp::create(b, b.getUnknownLoc(), "f",
                                       b.getFunctionType({}, {}));
      entry = func.addEntryBlock();
    }
    b.setInsertionPointToEnd(entry);
    return entry->addArgument(RankedTensorType::get(shape, element),
                              b.getUnknownLoc());
  }

  /// The first error the verifier reports for `op`, or "".
  std::string verifierError(Operation *op) {
    std::string message;
    ScopedDiagnosticHandler capture(&ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    (void)verify(op);
    return message;
  }

  MLIRContext ctx;
  OpBuilder b;
  OwningOpRef<ModuleOp> module;
  Block *entry = nullptr;
};

TEST_F(Builders, BroadcastingOpsInferTheBroadcastType) {
  Value x = argument({8, 1, 16}, b.getF32Type());
  Value y = argument({4, 16}, b.getF32Type());
  auto add = AddOp::create(b, b.getUnknownLoc(), x, y);
  EXPECT_EQ(add.getType(), RankedTensorType::get({8, 4, 16}, b.getF32Type()));
  EXPECT_EQ(verifierError(add), "");

  auto less = LessOp::create(b, b.getUnknownLoc(), x, y);
  EXPECT_EQ(less.getType(), RankedTensorType::get({8, 4, 16}, b.getI1Type()));
  EXPECT_EQ(verifierError(less), "");

  Value c = argument({4, 1}, b.getI1Type());
  auto select = SelectOp::create(b, b.getUnknownLoc(), c, y, x);
  EXPECT_EQ(select.getType(), RankedTensorType::get({8, 4, 16}, b.getF32Type()));
}

TEST_F(Builders, MatMulAndBiasAddInferTheirShapes) {
  Value a = argument({5, 7}, b.getF32Type());
  Value w = argument({3, 7}, b.getF32Type());
  Value bias = argument({3}, b.getF32Type());
  auto product = MatMulOp::create(b, b.getUnknownLoc(), a, w,
                                  /*transposeA=*/false, /*transposeB=*/true);
  EXPECT_EQ(product.getType(), RankedTensorType::get({5, 3}, b.getF32Type()));
  auto biased = BiasAddOp::create(b, b.getUnknownLoc(), product, bias);
  EXPECT_EQ(biased.getType(), product.getType());
  EXPECT_EQ(verifierError(biased), "");
}

TEST_F(Builders, WindowReductionAndShapeOpsInferTheirShapes) {
  Value images = argument({2, 28, 28, 1}, b.getF32Type());
  Value filter = argument({5, 5, 1, 32}, b.getF32Type());
  auto conv = Conv2DOp::create(b, b.getUnknownLoc(), images, filter,
                               ArrayRef<int64_t>{2, 2}, Padding::Same);
  EXPECT_EQ(conv.getType(), RankedTensorType::get({2, 14, 14, 32}, b.getF32Type()));
  EXPECT_EQ(verifierError(conv), "");
  auto valid = Conv2DOp::create(b, b.getUnknownLoc(), images, filter,
                                ArrayRef<int64_t>{1, 1}, Padding::Valid,
                                ArrayRef<int64_t>{2, 2});
  EXPECT_EQ(valid.getType(), RankedTensorType::get({2, 20, 20, 32}, b.getF32Type()));

  auto pool = MaxPoolOp::create(b, b.getUnknownLoc(), conv,
                                ArrayRef<int64_t>{2, 2}, ArrayRef<int64_t>{2, 2},
                                Padding::Valid);
  EXPECT_EQ(pool.getType(), RankedTensorType::get({2, 7, 7, 32}, b.getF32Type()));

  auto sum = ReduceSumOp::create(b, b.getUnknownLoc(), pool,
                                 ArrayRef<int64_t>{1, 2}, /*keepDims=*/true);
  EXPECT_EQ(sum.getType(), RankedTensorType::get({2, 1, 1, 32}, b.getF32Type()));
  auto mean = ReduceMeanOp::create(b, b.getUnknownLoc(), pool,
                                   ArrayRef<int64_t>{0});
  EXPECT_EQ(mean.getType(), RankedTensorType::get({7, 7, 32}, b.getF32Type()));

  Value logits = argument({8, 10}, b.getF32Type());
  auto argmax = ArgMaxOp::create(b, b.getUnknownLoc(), logits, 1, b.getI32Type());
  EXPECT_EQ(argmax.getType(), RankedTensorType::get({8}, b.getI32Type()));

  auto transposed = TransposeOp::create(b, b.getUnknownLoc(), logits,
                                        ArrayRef<int64_t>{1, 0});
  EXPECT_EQ(transposed.getType(), RankedTensorType::get({10, 8}, b.getF32Type()));

  Value more = argument({3, 10}, b.getF32Type());
  auto concat = ConcatOp::create(b, b.getUnknownLoc(), ValueRange{logits, more}, 0);
  EXPECT_EQ(concat.getType(), RankedTensorType::get({11, 10}, b.getF32Type()));
  EXPECT_EQ(verifierError(concat), "");
}

TEST_F(Builders, ABrokenRuleStillBuildsAndTheVerifierNamesIt) {
  Value x = argument({2, 3}, b.getF32Type());
  Value y = argument({4}, b.getF32Type());
  auto add = AddOp::create(b, b.getUnknownLoc(), x, y);
  EXPECT_NE(verifierError(add).find("'kiln.add' op"), std::string::npos);

  Value i = argument({2, 3}, b.getI32Type());
  auto equal = EqualOp::create(b, b.getUnknownLoc(), x, i);
  EXPECT_EQ(verifierError(equal),
            "'kiln.equal' op expected lhs and rhs to have the same element "
            "type, got 'f32' and 'i32'");
}

} // namespace
