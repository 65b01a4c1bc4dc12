#ifndef NKQ_CEDITLINE_SHIM_H
#define NKQ_CEDITLINE_SHIM_H
// Swift cannot call C variadics (el_set, el_get, history), so each use gets a fixed-arity wrapper.
#include <stdio.h>
#include <histedit.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>

static inline FILE *ce_stdin(void) { return stdin; }
static inline FILE *ce_stdout(void) { return stdout; }
static inline FILE *ce_stderr(void) { return stderr; }

static inline int ce_set_prompt(EditLine *el, char *(*fn)(EditLine *)) { return el_set(el, EL_PROMPT, fn); }
static inline int ce_set_rprompt(EditLine *el, char *(*fn)(EditLine *)) { return el_set(el, EL_RPROMPT, fn); }
static inline int ce_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int ce_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int ce_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int ce_add_function(EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int ce_bind(EditLine *el, const char *key, const char *name) { return el_set(el, EL_BIND, key, name, NULL); }
static inline int ce_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *ce_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }

static inline int ce_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int ce_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int ce_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int ce_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
static inline int ce_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline History *ce_history_init(void) { return history_init(); }

// Line state for completion: byte offsets into the buffer (libedit gives multibyte text).
static inline const char *ce_line_buffer(EditLine *el) { return el_line(el)->buffer; }
static inline int ce_line_cursor(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->cursor - li->buffer); }
static inline int ce_line_length(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->lastchar - li->buffer); }
static inline int ce_source(EditLine *el, const char *path) { return el_source(el, path); }
static inline int ce_set_unbuffered(EditLine *el, int on) { return el_set(el, EL_UNBUFFERED, on); }

// Ctrl-C: the handler only sets a flag; installed with sigaction and no SA_RESTART, so that a
// blocked el_gets returns with EINTR (signal() would restart the read). Polled by the shell.
#include <string.h>
#include <errno.h>
static volatile sig_atomic_t ce_interrupt_flag = 0;
static void ce_on_sigint(int signo) { (void)signo; ce_interrupt_flag = 1; }
static inline int ce_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ce_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(SIGINT, &sa, NULL);
}
/// Returns 1 once per Ctrl-C and clears the flag.
static inline int ce_take_interrupt(void) { int v = ce_interrupt_flag; ce_interrupt_flag = 0; return v; }
static inline int ce_peek_interrupt(void) { return ce_interrupt_flag; }
static inline int ce_errno(void) { return errno; }

// UTF-8 input needs a UTF-8 locale; fall back to C.UTF-8 when the environment gives none.
static inline int ce_setup_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8")) return 1;
    return 0;
}
#endif
