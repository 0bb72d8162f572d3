//===- PackedGemm.h - kiln's own packed f32 GEMM ----------------*- C++ -*-===//
//
// A BLIS-style f32 GEMM for x86 with AVX-512: the operands are copied into
// cache-sized blocks laid out in the order a register-tile micro-kernel
// reads them, and the bias and relu are applied to each register tile
// before it is stored. The same micro-kernel also runs convolutions as
// implicit GEMMs (multiplyRuns): no patch matrix, the left operand's rows
// are read from the image where they lie.
//
// Available only where the kernels are compiled with AVX-512
// (KILN_HAVE_PACKED_SGEMM); Gemm.cpp and Conv2D.cpp fall back to Eigen and
// patch matrices elsewhere.
//
// Thread-safety: every function may run on several threads at once; each
// thread packs into its own thread-local buffers, which stay allocated
// (at most a few MiB per thread) for the thread's lifetime.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_KERNELS_PACKEDGEMM_H
#define KILN_KERNELS_PACKEDGEMM_H

#include <cstdint>

#if defined(__AVX512F__)
#define KILN_HAVE_PACKED_SGEMM 1
#endif

namespace kiln::kernels::sgemm {

/// Rows of one register tile in multiply().
constexpr int64_t kTileRows = 12;
/// Columns of one register tile and of one packed panel of b (two
/// 16-float vectors).
constexpr int64_t kTileCols = 32;
/// The most rows multiplyRuns() puts in one register tile.
constexpr int64_t kMaxTileRows = 14;

/// A k x n matrix b packed once by packWhole() (packedPanelsSize(k, n)
/// floats): for each block of depth multiply() works in, the panels of
/// all of b's columns, as multiply() would pack them for itself.
struct PackedB {
  const float *panels;
  int64_t paddedCols; // b's columns rounded up to kTileCols
  int64_t firstCol;   // of the columns a call multiplies; a multiple of 32
};

/// Packs the k x n row-major matrix b (leading dimension ldb) for
/// multiply(); `out` must be 64-byte aligned.
void packWhole(const float *b, int64_t ldb, int64_t k, int64_t n, float *out);

/// c[i][j] = act(sum_p a[i][p] * b[p][j] + bias[j]) for an m x n block of
/// c, all row-major with the given leading dimensions (elements between
/// rows). `bias` (null: none) points at the bias of c's first column; relu
/// when `relu`. With `prepacked`, b is neither packed nor read (except by
/// products of one or two rows). Runs on the calling thread.
void multiply(const float *a, int64_t lda, const float *b, int64_t ldb,
              const float *bias, float *c, int64_t ldc, int64_t m, int64_t k,
              int64_t n, bool relu, const PackedB *prepacked = nullptr);

/// Floats packPanels() writes for a k x n matrix.
int64_t packedPanelsSize(int64_t k, int64_t n);

/// Copies the k x n row-major matrix b (leading dimension ldb) into
/// panels of kTileCols columns, zero-padded: panel q holds b[p][32q + j]
/// at out[(q * k + p) * 32 + j]. `out` must be 64-byte aligned.
void packPanels(const float *b, int64_t ldb, int64_t k, int64_t n, float *out);

/// The depth of an implicit GEMM: `count` runs of `length` values `step`
/// apart; run r of row i of the left operand starts at
/// a + i * lda + offsets[r]. Depth index p = r * length + t reads
/// a[i * lda + offsets[r] + t * step].
struct DepthRuns {
  int64_t count, length;
  const int64_t *offsets; // count entries, owned by the caller
  int64_t step = 1;
};

/// c[i][j] = act(sum_p A[i][p] * b[p][j] + bias[j]) for i < m, j < n,
/// with A's rows as `runs` describes and b packed by packPanels() with
/// depth `panelDepth`, of which the runs cover runs.count * runs.length
/// rows from the row `bPanels` points at (bPanels + p * kTileCols is row
/// p of the first panel). For a convolution: one output row's pixels
/// (lda = stride * channels), runs = the filter rows inside the image.
/// With `accumulate` the products add to what c holds (before the bias
/// and relu). Runs on the calling thread; m may be any size (tiles of up
/// to kMaxTileRows rows).
void multiplyRuns(const float *a, int64_t lda, const DepthRuns &runs,
                  const float *bPanels, int64_t panelDepth, const float *bias,
                  float *c, int64_t ldc, int64_t m, int64_t n, bool relu,
                  bool accumulate = false);

/// c[i][j] = (accumulate ? c[i][j] : 0) + sum_p A[i][p] * b[p][j] for
/// i < m, j < n, with A's rows as `runs` describes and b row-major, its
/// rows ldb apart, not packed (b is read once per tile of rows: streaming
/// it beats copying it). For a filter gradient: A = the image read along
/// output pixels, b = the output gradient. Runs on the calling thread.
void accumulateRuns(const float *a, int64_t lda, const DepthRuns &runs,
                    const float *b, int64_t ldb, float *c, int64_t ldc,
                    int64_t m, int64_t n, bool accumulate);

} // namespace kiln::kernels::sgemm

#endif // KILN_KERNELS_PACKEDGEMM_H
