//===- PackedGemm.cpp - packed f32 GEMM with an AVX-512 micro-kernel ------===//
//
// The loop nest of BLIS (Van Zee and van de Geijn, "BLIS: A Framework for
// Rapidly Instantiating BLAS Functionality", and its Skylake-X sgemm
// blocking), written for row-major operands with the vector lanes along
// the columns of c:
//
//   for ic in m by kBlockRows           a block (mc x kc): L3
//     for pc in k by ~kBlockDepth
//       for jc in n by kBlockCols       b block (kc x nc), packed: L2
//         for ir in mc by kTileRows     a micro-panel (12 x kc): L1
//           for jr in nc by kTileCols   register tile of c (12 x 32)
//
// The micro-kernel keeps a 12 x 32 tile of c in 24 zmm accumulators; per
// step of k it loads two vectors of a b panel and broadcasts twelve values
// of a into 24 FMAs. The last block of k adds the bias and applies relu in
// registers, then stores: no second pass over c.
//
// What is packed, and why (each measured on the target Xeon):
//  - a is read where it lies: its rows are already contiguous in k, and
//    the micro-kernel reads 12 of them at a distance. Only leading
//    dimensions that are multiples of 1 KiB, whose rows would share L1
//    sets, are copied into rows at a padded distance.
//  - b is packed into 32-column panels, except for products of at most
//    kUnpackedRows rows: there the packing costs more than strided loads
//    (unless b's rows are 4 KiB multiples apart). A constant b comes
//    packed once for all calls (PackedB): on the MLP's 256 x 784 x 200
//    layer that was 6-7% faster than packing it on each call. Its blocks
//    of depth hold the panels of all columns next to each other, as a
//    call packs them: panels of all depth in a row, 128 KiB apart for
//    k = 1024, fell into the same L2 sets and ran 4096 x 1024 x 4096 6%
//    slower than packing on each call.
//
// Edges: the column edge of a panel is a lane mask (loads and stores); the
// row edge calls a kernel instantiated for fewer rows. Nothing is padded
// or copied for either.
//
//===----------------------------------------------------------------------===//

#include "PackedGemm.h"

#include "kiln/kernels/cpu_kernels.h"

#ifdef KILN_HAVE_PACKED_SGEMM

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace kiln::kernels::sgemm {

// The compiler sizes the storage of a constant b's panels by the C
// header's formula (packedPanelsSize).
static_assert(kTileCols == KILN_CPU_PACKED_PANEL_COLUMNS);

namespace {

/// Most depth of one block: a 12 x kc a micro-panel (up to 37.5 KiB)
/// stays in L1 while the b panels stream from L2. Deeper blocks mean
/// fewer passes over c; 800 keeps an MLP's 784 and a 5x5x32 filter's 800
/// in one block (3-5% faster than two), deeper ones then split in halves.
constexpr int64_t kBlockDepth = 800;
/// Rows of one a block (kept in L3).
constexpr int64_t kBlockRows = 3072;
/// Columns of one packed b block: kc x 480 floats, about 1 MiB, in L2.
constexpr int64_t kBlockCols = 480;
/// At most this many rows: b is read where it lies, not packed. Measured
/// on the MLP's 784 x 200 layer, packing b cost 10-15% at 37 and 64 rows,
/// broke even at 100 and gained 3-5% at 256 (aligned panel loads instead
/// of rows 800 bytes apart, half of them split across cache lines).
constexpr int64_t kUnpackedRows = 128;

constexpr int kVectors = kTileCols / 16;
/// Floats between rows of a packed a block: past the deepest block, and
/// not a multiple of 1 KiB so that the rows fall in different L1 sets.
constexpr int64_t kPanelStride = kBlockDepth + 8;

/// What a tile does after its products: accumulate into c (a later block
/// of k), and on the last block of k add the bias and apply relu.
struct Epilogue {
  bool accumulate;
  const float *bias; // at the tile's first column; null: none
  bool relu;
};

/// An MR x (16 * NV) tile of c: for depth index p = r * runs.length + t,
/// a[i][p] is at a + i * lda + runs.offsets[r] + t and b's row p at
/// b + p * bStep. The last vector of each row covers the lanes in
/// `lastMask` only (loads of b and of c, and stores); full tiles
/// (!MaskLast) load b without a mask, which measured 3-8% faster where
/// rows of b are not 64-byte aligned.
template <int MR, int NV, bool MaskLast>
__attribute__((noinline)) void
microKernel(const DepthRuns &runs, const float *a, int64_t lda, const float *b,
            int64_t bStep, float *c, int64_t ldc, __mmask16 lastMask,
            const Epilogue &epilogue) {
  // FMAs take 4 cycles, 2 issue per cycle: fewer than 8 independent
  // accumulators would leave the loop latency-bound. Then interleave
  // kSplit sets over k and add them up at the end (no more sets than
  // needed: each split changes the order of the sums).
  constexpr int kSplit = MR * NV >= 8 ? 1 : MR * NV >= 4 ? 2 : 4;
  __m512 acc[kSplit][MR][NV];
  // c is read (a later block of k) or written only after all the FMAs:
  // fetch its lines now, while they can arrive in the shadow of the loop.
#pragma GCC unroll 28
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      _mm_prefetch(reinterpret_cast<const char *>(c + i * ldc + 16 * v),
                   _MM_HINT_T0);
#pragma GCC unroll 4
  for (int s = 0; s < kSplit; ++s)
#pragma GCC unroll 28
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v)
        acc[s][i][v] = _mm512_setzero_ps();

  auto step = [&](__m512(&sum)[MR][NV], const float *ap, const float *bp) {
    __m512 bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      bv[v] = MaskLast && v + 1 == NV
                  ? _mm512_maskz_loadu_ps(lastMask, bp + 16 * v)
                  : _mm512_loadu_ps(bp + 16 * v);
#pragma GCC unroll 28
    for (int i = 0; i < MR; ++i) {
      __m512 av = _mm512_set1_ps(ap[i * lda]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v)
        sum[i][v] = _mm512_fmadd_ps(av, bv[v], sum[i][v]);
    }
  };

  const int64_t length = runs.length, aStep = runs.step;
  for (int64_t r = 0; r < runs.count; ++r, b += length * bStep) {
    const float *ar = a + runs.offsets[r];
    int64_t t = 0;
    if constexpr (kSplit > 1) {
      for (; t + kSplit <= length; t += kSplit)
#pragma GCC unroll 4
        for (int s = 0; s < kSplit; ++s)
          step(acc[s], ar + (t + s) * aStep, b + (t + s) * bStep);
    } else {
#pragma GCC unroll 4
      for (; t < length; ++t)
        step(acc[0], ar + t * aStep, b + t * bStep);
    }
    for (; t < length; ++t)
      step(acc[0], ar + t * aStep, b + t * bStep);
  }
#pragma GCC unroll 4
  for (int s = 1; s < kSplit; ++s)
#pragma GCC unroll 28
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v)
        acc[0][i][v] = _mm512_add_ps(acc[0][i][v], acc[s][i][v]);

  const __m512 zero = _mm512_setzero_ps();
  __m512 biasv[NV];
#pragma GCC unroll 4
  for (int v = 0; v < NV; ++v)
    biasv[v] = epilogue.bias
                   ? _mm512_maskz_loadu_ps(v + 1 < NV ? 0xFFFF : lastMask,
                                           epilogue.bias + 16 * v)
                   : zero;
#pragma GCC unroll 28
  for (int i = 0; i < MR; ++i) {
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      __mmask16 mask = v + 1 < NV ? 0xFFFF : lastMask;
      float *out = c + i * ldc + 16 * v;
      __m512 x = acc[0][i][v];
      if (epilogue.accumulate)
        x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(mask, out));
      if (epilogue.bias)
        x = _mm512_add_ps(x, biasv[v]);
      // max(0, x), not max(x, 0): the instruction returns its second
      // operand for a NaN, and relu(NaN) stays NaN as in the reference.
      if (epilogue.relu)
        x = _mm512_max_ps(zero, x);
      _mm512_mask_storeu_ps(out, mask, x);
    }
  }
}

using MicroKernel = void (*)(const DepthRuns &, const float *, int64_t,
                             const float *, int64_t, float *, int64_t,
                             __mmask16, const Epilogue &);

template <int NV, bool MaskLast, int... Rows>
constexpr std::array<MicroKernel, sizeof...(Rows)>
kernelsFor(std::integer_sequence<int, Rows...>) {
  return {microKernel<Rows + 1, NV, MaskLast>...};
}

/// kernels[masked][nv - 1][rows - 1]: a tile of `rows` rows and `nv`
/// vectors, the last one masked or not.
constexpr std::array<MicroKernel, kMaxTileRows> kernels[2][kVectors] = {
    {kernelsFor<1, false>(std::make_integer_sequence<int, kMaxTileRows>()),
     kernelsFor<2, false>(std::make_integer_sequence<int, kMaxTileRows>())},
    {kernelsFor<1, true>(std::make_integer_sequence<int, kMaxTileRows>()),
     kernelsFor<2, true>(std::make_integer_sequence<int, kMaxTileRows>())}};

/// Products of one or two rows (GEMVs in all but name) are bound by
/// reading b, each element of which they use once or twice: their tiles
/// are 64 columns wide, so that each step of the kernel reads 256
/// contiguous bytes of a row of b where it lies. (Wider tiles, and a
/// whole row of b per step, measured slower while b fits in L2.)
constexpr int kWideVectors = 4;
constexpr int64_t kWideRows = 2;

template <int MR, int... Vectors>
constexpr std::array<MicroKernel, sizeof...(Vectors)>
wideKernelsFor(std::integer_sequence<int, Vectors...>) {
  return {microKernel<MR, Vectors + 1, true>...};
}

/// wideKernels[rows - 1][nv - 1], the last vector masked.
constexpr std::array<MicroKernel, kWideVectors> wideKernels[kWideRows] = {
    wideKernelsFor<1>(std::make_integer_sequence<int, kWideVectors>()),
    wideKernelsFor<2>(std::make_integer_sequence<int, kWideVectors>())};

/// The kernel for a tile of `rows` rows and the first `cols` (<= 32)
/// columns of a panel, with the lane mask of its last vector.
struct TileKernel {
  MicroKernel run;
  __mmask16 lastMask;

  TileKernel(int64_t rows, int64_t cols) {
    const int64_t vectors = (cols + 15) / 16;
    const int64_t lastLanes = cols - 16 * (vectors - 1);
    lastMask = __mmask16((1u << lastLanes) - 1);
    run = kernels[lastLanes < 16][vectors - 1][rows - 1];
  }
};

/// Thread-local, 64-byte aligned scratch that only grows.
struct Buffer {
  struct Free {
    void operator()(float *p) const { std::free(p); }
  };
  std::unique_ptr<float[], Free> data;
  int64_t size = 0;

  float *get(int64_t count) {
    if (count > size) {
      size = (count + 15) / 16 * 16;
      data.reset(static_cast<float *>(
          std::aligned_alloc(64, size_t(size) * sizeof(float))));
    }
    return data.get();
  }
};

/// Copies rows [0, mc) x depth [0, kc) of a to rows kPanelStride floats
/// apart.
void packA(const float *a, int64_t lda, int64_t mc, int64_t kc, float *out) {
  for (int64_t i = 0; i < mc; ++i)
    std::memcpy(out + i * kPanelStride, a + i * lda, kc * sizeof(float));
}

/// Splits `total` into equal pieces of at most `limit`, each a multiple of
/// `unit` where possible.
int64_t balancedStep(int64_t total, int64_t limit, int64_t unit) {
  int64_t pieces = (total + limit - 1) / limit;
  int64_t step = (total + pieces - 1) / pieces;
  return std::min(limit, (step + unit - 1) / unit * unit);
}

} // namespace

int64_t packedPanelsSize(int64_t k, int64_t n) {
  return kiln_cpu_packed_panels_size(k, n);
}

void packPanels(const float *b, int64_t ldb, int64_t k, int64_t n, float *out) {
  for (int64_t q = 0; q < n; q += kTileCols) {
    const int64_t cols = std::min(kTileCols, n - q);
    float *panel = out + q * k;
    if (cols == kTileCols) {
      for (int64_t p = 0; p < k; ++p)
#pragma GCC unroll 4
        for (int v = 0; v < kVectors; ++v)
          _mm512_store_ps(panel + p * kTileCols + 16 * v,
                          _mm512_loadu_ps(b + p * ldb + q + 16 * v));
      continue;
    }
    for (int64_t p = 0; p < k; ++p)
      for (int v = 0; v < kVectors; ++v) {
        int64_t lanes = std::clamp<int64_t>(cols - 16 * v, 0, 16);
        __mmask16 mask = __mmask16((1u << lanes) - 1);
        _mm512_store_ps(panel + p * kTileCols + 16 * v,
                        _mm512_maskz_loadu_ps(mask, b + p * ldb + q + 16 * v));
      }
  }
}

void packWhole(const float *b, int64_t ldb, int64_t k, int64_t n,
               float *out) {
  const int64_t kcStep = balancedStep(k, kBlockDepth, 1);
  const int64_t paddedCols = packedPanelsSize(1, n);
  for (int64_t pc = 0; pc < k; pc += kcStep)
    packPanels(b + pc * ldb, ldb, std::min(kcStep, k - pc), n,
               out + pc * paddedCols);
}

void multiply(const float *a, int64_t lda, const float *b, int64_t ldb,
              const float *bias, float *c, int64_t ldc, int64_t m, int64_t k,
              int64_t n, bool relu, const PackedB *prepacked) {
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0) {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        float x = bias ? bias[j] : 0.0f;
        c[i * ldc + j] = relu ? std::max(x, 0.0f) : x;
      }
    return;
  }
  if (m <= kWideRows) {
    const int64_t start = 0;
    const DepthRuns depth{1, k, &start};
    for (int64_t jr = 0; jr < n; jr += 16 * kWideVectors) {
      const int64_t cols = std::min<int64_t>(16 * kWideVectors, n - jr);
      const int64_t vectors = (cols + 15) / 16;
      const __mmask16 lastMask =
          __mmask16((1u << (cols - 16 * (vectors - 1))) - 1);
      const Epilogue epilogue{false, bias ? bias + jr : nullptr, relu};
      wideKernels[m - 1][vectors - 1](depth, a, lda, b + jr, ldb, c + jr, ldc,
                                      lastMask, epilogue);
    }
    return;
  }
  thread_local Buffer aBuffer, bBuffer;
  const bool packedA = lda % 256 == 0;
  const bool packedB = !prepacked && (m > kUnpackedRows || ldb % 1024 == 0);
  const int64_t aStride = packedA ? kPanelStride : lda;
  const int64_t kcStep = balancedStep(k, kBlockDepth, 1);
  const int64_t mcStep = balancedStep(m, kBlockRows, kTileRows);
  const int64_t ncStep = balancedStep(n, kBlockCols, kTileCols);
  float *aPacked =
      packedA ? aBuffer.get(std::min(m, mcStep) * kPanelStride) : nullptr;
  float *bPacked =
      packedB ? bBuffer.get(packedPanelsSize(kcStep, std::min(n, ncStep)))
              : nullptr;

  for (int64_t ic = 0; ic < m; ic += mcStep) {
    const int64_t mc = std::min(mcStep, m - ic);
    for (int64_t pc = 0; pc < k; pc += kcStep) {
      const int64_t kc = std::min(kcStep, k - pc);
      const int64_t start = 0;
      const DepthRuns depth{1, kc, &start};
      const bool lastDepth = pc + kc == k;
      Epilogue epilogue{pc > 0, nullptr, lastDepth && relu};
      const float *aBlock = a + ic * lda + pc;
      if (packedA) {
        packA(aBlock, lda, mc, kc, aPacked);
        aBlock = aPacked;
      }
      for (int64_t jc = 0; jc < n; jc += ncStep) {
        const int64_t nc = std::min(ncStep, n - jc);
        if (packedB)
          packPanels(b + pc * ldb + jc, ldb, kc, nc, bPacked);
        // Row tiles of equal height (37 rows: 10 + 9 + 9 + 9, not
        // 12 + 12 + 12 + 1): a thin tile is load-bound.
        const int64_t rowTiles = (mc + kTileRows - 1) / kTileRows;
        for (int64_t t = 0; t < rowTiles; ++t) {
          const int64_t ir = mc * t / rowTiles;
          const int64_t rows = mc * (t + 1) / rowTiles - ir;
          for (int64_t jr = 0; jr < nc; jr += kTileCols) {
            TileKernel kernel(rows, std::min(kTileCols, nc - jr));
            epilogue.bias = lastDepth && bias ? bias + jc + jr : nullptr;
            const float *bTile =
                prepacked ? prepacked->panels + pc * prepacked->paddedCols +
                                (prepacked->firstCol + jc + jr) * kc
                : packedB ? bPacked + jr * kc
                          : b + pc * ldb + jc + jr;
            kernel.run(depth, aBlock + ir * aStride, aStride, bTile,
                       packedB || prepacked ? kTileCols : ldb,
                       c + (ic + ir) * ldc + jc + jr, ldc, kernel.lastMask,
                       epilogue);
          }
        }
      }
    }
  }
}

namespace {

/// The tiles of an m x n product with A's rows as `runs` describe; b's
/// columns jr.. start at bColumns(jr), its rows bStep apart.
template <typename BColumns>
void runTiles(const float *a, int64_t lda, const DepthRuns &runs,
              BColumns bColumns, int64_t bStep, float *c, int64_t ldc,
              int64_t m, int64_t n, Epilogue epilogue, const float *bias) {
  // Tiles of equal height: 28 rows as 14 + 14, 14 as one tile, not
  // 12 + 2 with a tile too thin to keep the FMAs busy.
  const int64_t tiles = (m + kMaxTileRows - 1) / kMaxTileRows;
  for (int64_t jr = 0; jr < n; jr += kTileCols) {
    const int64_t cols = std::min(kTileCols, n - jr);
    epilogue.bias = bias ? bias + jr : nullptr;
    for (int64_t t = 0; t < tiles; ++t) {
      const int64_t first = m * t / tiles, rows = m * (t + 1) / tiles - first;
      TileKernel kernel(rows, cols);
      kernel.run(runs, a + first * lda, lda, bColumns(jr), bStep,
                 c + first * ldc + jr, ldc, kernel.lastMask, epilogue);
    }
  }
}

} // namespace

void multiplyRuns(const float *a, int64_t lda, const DepthRuns &runs,
                  const float *bPanels, int64_t panelDepth, const float *bias,
                  float *c, int64_t ldc, int64_t m, int64_t n, bool relu,
                  bool accumulate) {
  runTiles(
      a, lda, runs, [&](int64_t jr) { return bPanels + jr * panelDepth; },
      kTileCols, c, ldc, m, n, Epilogue{accumulate, nullptr, relu}, bias);
}

void accumulateRuns(const float *a, int64_t lda, const DepthRuns &runs,
                    const float *b, int64_t ldb, float *c, int64_t ldc,
                    int64_t m, int64_t n, bool accumulate) {
  runTiles(
      a, lda, runs, [&](int64_t jr) { return b + jr; }, ldb, c, ldc, m, n,
      Epilogue{accumulate, nullptr, false}, nullptr);
}

} // namespace kiln::kernels::sgemm

#endif // KILN_HAVE_PACKED_SGEMM
