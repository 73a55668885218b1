// The structural pass's loop over a line (see callq_scan_marks.h): 64 bytes a
// step with SSE2, or with AVX2 when the processor has it (checked once), the last
// bytes from an overlapping block (or, for a line under 64 bytes, a padded copy).
#include "callq_scan_marks.h"

static void callq_scan_marks_scalar(const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    size_t k = 0;
    for (size_t w = 0; k < n; w++) {
        uint64_t q = 0, h = 0;
        for (size_t j = 0; j < 64 && k < n; j++, k++) {
            uint8_t byte = p[k];
            q |= (uint64_t)(byte == '"' || byte == '\\') << j;
            h |= (uint64_t)(byte >> 7) << j;
        }
        quotes[w] = q;
        highs[w] = h;
    }
}

#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>

/// The marks of the 64 bytes at p (SSE2).
static inline void callq_mark_block_sse2(const uint8_t *p, uint64_t *quotes, uint64_t *highs) {
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    __m128i a = _mm_loadu_si128((const __m128i *)p);
    __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
    uint64_t qa = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(a, quote), _mm_cmpeq_epi8(a, backslash)));
    uint64_t qb = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
    uint64_t qc = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(c, quote), _mm_cmpeq_epi8(c, backslash)));
    uint64_t qd = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(d, quote), _mm_cmpeq_epi8(d, backslash)));
    uint64_t ha = (uint32_t)_mm_movemask_epi8(a), hb = (uint32_t)_mm_movemask_epi8(b);
    uint64_t hc = (uint32_t)_mm_movemask_epi8(c), hd = (uint32_t)_mm_movemask_epi8(d);
    *quotes = qa | qb << 16 | qc << 32 | qd << 48;
    *highs = ha | hb << 16 | hc << 32 | hd << 48;
}

/// The marks of the 64 bytes at p (AVX2).
__attribute__((target("avx2"))) static inline void callq_mark_block_avx2(
    const uint8_t *p, uint64_t *quotes, uint64_t *highs) {
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    __m256i a = _mm256_loadu_si256((const __m256i *)p);
    __m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
    uint64_t qa = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(a, quote), _mm256_cmpeq_epi8(a, backslash)));
    uint64_t qb = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(b, quote), _mm256_cmpeq_epi8(b, backslash)));
    *quotes = qa | qb << 32;
    *highs = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
}

/// The loop over a line with a block function: whole blocks, then the block that ends with
/// the line, its marks moved down to the bytes not yet marked (a line under 64 bytes is
/// copied into a padded block). A macro, so that each level's block is inlined in a loop
/// compiled for that level.
#define CALLQ_SCAN_LINE(block)                                                                 \
    size_t k = 0, w = 0;                                                                       \
    for (; k + 64 <= n; k += 64, w++) block(p + k, quotes + w, highs + w);                     \
    if (k == n) return;                                                                        \
    if (n >= 64) {                                                                             \
        uint64_t q, h;                                                                         \
        block(p + n - 64, &q, &h);                                                             \
        quotes[w] = q >> (64 - (n - k));                                                       \
        highs[w] = h >> (64 - (n - k));                                                        \
    } else {                                                                                   \
        uint8_t last[64] __attribute__((aligned(32))) = {0};                                   \
        __builtin_memcpy(last, p + k, n - k);                                                  \
        block(last, quotes + w, highs + w);                                                    \
    }

__attribute__((target("avx2"))) static void callq_scan_marks_avx2(
    const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    CALLQ_SCAN_LINE(callq_mark_block_avx2)
}

static void callq_scan_marks_sse2(const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    CALLQ_SCAN_LINE(callq_mark_block_sse2)
}

#endif

/// The best level this processor runs (2 AVX2, 1 SSE2, 0 neither), -1 before the first call asked.
static int callq_best_level = -1;

int callq_scan_marks_best_level(void) {
    int level = __atomic_load_n(&callq_best_level, __ATOMIC_RELAXED);
    if (level < 0) {
#if defined(__x86_64__) && defined(__SSE2__)
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx2") ? 2 : 1;
#else
        level = 0;
#endif
        __atomic_store_n(&callq_best_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

typedef void (*callq_scan_marks_fn)(const uint8_t *, size_t, uint64_t *, uint64_t *);

/// The pass of `level`, or of the best level below it that this processor runs.
static callq_scan_marks_fn callq_pass(int level) {
    int best = callq_scan_marks_best_level();
    if (level > best) level = best;
#if defined(__x86_64__) && defined(__SSE2__)
    if (level == 2) return callq_scan_marks_avx2;
    if (level == 1) return callq_scan_marks_sse2;
#endif
    return callq_scan_marks_scalar;
}

void callq_scan_marks_at(int level, const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    callq_pass(level)(p, n, quotes, highs);
}

/// The pass of the best level, chosen at the first call.
static callq_scan_marks_fn callq_best_pass = 0;

void callq_scan_marks(const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    callq_scan_marks_fn pass = __atomic_load_n(&callq_best_pass, __ATOMIC_RELAXED);
    if (!pass) {
        pass = callq_pass(2);
        __atomic_store_n(&callq_best_pass, pass, __ATOMIC_RELAXED);
    }
    pass(p, n, quotes, highs);
}
