// The structural pass of the slot reader, in C for one instruction the Swift
// standard library does not offer: SSE2's byte-mask extraction (pmovmskb). For a
// line of JSON it marks, one bit a byte, where quotes and backslashes are and
// where bytes above 0x7F are, 64 bytes a word; the reader then finds a string's
// end or the next non-ASCII byte with a count of trailing zeros instead of a
// loop over the bytes. Other targets get the same marks from a plain loop.
#ifndef CALLQ_SCAN_MARKS_H
#define CALLQ_SCAN_MARKS_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Words of marks that cover `n` bytes.
static inline size_t callq_mark_words(size_t n) { return (n + 63) / 64; }

/// The marks of the 64 bytes at p (SSE2).
#if defined(__SSE2__)
static inline void callq_mark_block(const uint8_t *p, uint64_t *quotes, uint64_t *highs) {
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
#endif

/// For the bytes p[0 ..< n]: bit j of quotes[w] is set when p[64w + j] is `"` or `\`,
/// bit j of highs[w] when p[64w + j] is above 0x7F. Bits past n are clear.
/// Each array holds callq_mark_words(n) words.
static inline void callq_scan_marks(const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs) {
    size_t k = 0, w = 0;
#if defined(__SSE2__)
    for (; k + 64 <= n; k += 64, w++) callq_mark_block(p + k, quotes + w, highs + w);
    if (k < n) {
        // The last bytes, from a copy padded with zeros (which mark nothing).
        uint8_t last[64] __attribute__((aligned(16))) = {0};
        __builtin_memcpy(last, p + k, n - k);
        callq_mark_block(last, quotes + w, highs + w);
    }
#else
    for (; k < n; w++) {
        uint64_t q = 0, h = 0;
        for (size_t j = 0; j < 64 && k < n; j++, k++) {
            uint8_t byte = p[k];
            q |= (uint64_t)(byte == '"' || byte == '\\') << j;
            h |= (uint64_t)(byte >> 7) << j;
        }
        quotes[w] = q;
        highs[w] = h;
    }
#endif
}

#endif
