// The structural pass of the slot reader, in C for one instruction the Swift
// standard library does not offer: the byte-mask extraction of SSE2 and AVX2
// (pmovmskb, in callq_scan_marks.c; this header is only its interface). For a
// line of JSON it marks, one bit a byte, where quotes and backslashes are and
// where bytes above 0x7F are, 64 bytes a word; the reader then finds a string's
// end or the next non-ASCII byte with a count of trailing zeros instead of a
// loop over the bytes. Other targets get the same marks from a plain loop.
#ifndef CALLQ_SCAN_MARKS_H
#define CALLQ_SCAN_MARKS_H

#include <stddef.h>
#include <stdint.h>

/// Words of marks that cover `n` bytes.
static inline size_t callq_mark_words(size_t n) { return (n + 63) / 64; }

/// For the bytes p[0 ..< n]: bit j of quotes[w] is set when p[64w + j] is `"` or `\`,
/// bit j of highs[w] when p[64w + j] is above 0x7F. Bits past n are clear.
/// Each array holds callq_mark_words(n) words. With AVX2 (when the processor has it, which
/// callq_scan_marks.c checks once), 32 bytes an instruction rather than 16.
void callq_scan_marks(const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs);

/// callq_scan_marks at a given level, 2 (AVX2), 1 (SSE2) or 0 (a plain loop), or the best
/// below it the processor runs: for tests, which check every level against the bytes.
void callq_scan_marks_at(int level, const uint8_t *p, size_t n, uint64_t *quotes, uint64_t *highs);

/// The level callq_scan_marks uses on this processor.
int callq_scan_marks_best_level(void);

#endif
