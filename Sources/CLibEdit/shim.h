// Non-variadic wrappers over libedit's variadic el_set/el_get/history, which
// Swift cannot call, plus accessors for the C standard streams (Swift 6 rejects
// Glibc's stdin/stdout/stderr globals as not concurrency-safe).
#ifndef CALLQ_CLIBEDIT_SHIM_H
#define CALLQ_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

typedef char *(*callq_prompt_fn)(EditLine *);
typedef unsigned char (*callq_command_fn)(EditLine *, int);

static inline FILE *callq_stdin(void) { return stdin; }
static inline FILE *callq_stdout(void) { return stdout; }
static inline FILE *callq_stderr(void) { return stderr; }

static inline int callq_el_set_prompt(EditLine *el, callq_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int callq_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int callq_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int callq_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int callq_el_addfn(EditLine *el, const char *name, const char *help, callq_command_fn fn) { return el_set(el, EL_ADDFN, name, help, fn); }
static inline int callq_el_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
static inline int callq_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *callq_el_get_clientdata(EditLine *el) { void *p = NULL; el_get(el, EL_CLIENTDATA, &p); return p; }
static inline int callq_el_source(EditLine *el, const char *file) { return el_source(el, file); }
/// Replaces libedit's character reader (el_rfunc_t: store one wide character, return 1; 0 at EOF; -1 on error).
/// Redraws the prompt and line (as libedit's own reader does after SIGCONT or SIGWINCH).
static inline int callq_el_refresh(EditLine *el) { return el_set(el, EL_REFRESH); }
static inline int callq_el_set_getcfn(EditLine *el, el_rfunc_t fn) { return el_set(el, EL_GETCFN, fn); }
static inline int callq_el_set_prompt_esc(EditLine *el, callq_prompt_fn fn, char esc) { return el_set(el, EL_PROMPT_ESC, fn, esc); }
static inline int callq_el_set_rprompt(EditLine *el, callq_prompt_fn fn) { return el_set(el, EL_RPROMPT, fn); }

static inline int callq_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int callq_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int callq_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int callq_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }
static inline int callq_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
/// Walks history from newest (first) to oldest: returns the line or NULL at the end.
static inline const char *callq_history_first(History *h) { HistEvent ev; return history(h, &ev, H_FIRST) == 0 ? ev.str : NULL; }
static inline const char *callq_history_next(History *h) { HistEvent ev; return history(h, &ev, H_NEXT) == 0 ? ev.str : NULL; }
static inline const char *callq_history_last(History *h) { HistEvent ev; return history(h, &ev, H_LAST) == 0 ? ev.str : NULL; }
static inline const char *callq_history_prev(History *h) { HistEvent ev; return history(h, &ev, H_PREV) == 0 ? ev.str : NULL; }
#endif
