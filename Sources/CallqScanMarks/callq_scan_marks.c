// The marks are computed by the inline function of the header, compiled into
// each caller; this file only gives the C target its one translation unit.
#include "callq_scan_marks.h"
