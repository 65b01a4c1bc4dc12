#ifndef NKQ_CEDITLINE_SHIM_H
#define NKQ_CEDITLINE_SHIM_H
// Swift cannot call C variadics (el_set, el_get, history), so each use gets a fixed-arity wrapper.
#include <stdio.h>
#include <histedit.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <wchar.h>
#include <limits.h>

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
static inline void ce_history_clear(History *h) { HistEvent ev; history(h, &ev, H_CLEAR); }
/// The newest entry (then older ones with ce_history_next); NULL past the oldest.
static inline const char *ce_history_first(History *h) { HistEvent ev; return history(h, &ev, H_FIRST) == 0 ? ev.str : NULL; }
static inline const char *ce_history_next(History *h) { HistEvent ev; return history(h, &ev, H_NEXT) == 0 ? ev.str : NULL; }
static inline int ce_refresh(EditLine *el) { return el_set(el, EL_REFRESH); }
/// Replaces the whole line with `text` (UTF-8), the cursor at its end.
static inline void ce_replace_line(EditLine *el, const char *text) {
    const LineInfoW *li = el_wline(el);
    el_cursor(el, (int)(li->lastchar - li->cursor));
    li = el_wline(el);
    int n = (int)(li->lastchar - li->buffer);
    if (n > 0) el_wdeletestr(el, n);
    if (*text) el_insertstr(el, text);
}
/// Moves the cursor by `n` characters (negative: left).
static inline void ce_move_cursor(EditLine *el, int n) { el_cursor(el, n); }
static inline int ce_getc(EditLine *el, wchar_t *wc) { return el_wgetc(el, wc); }
static inline void ce_push(EditLine *el, const char *text) { el_push(el, text); }

// Line state for completion: byte offsets into the buffer (libedit gives multibyte text).
static inline const char *ce_line_buffer(EditLine *el) { return el_line(el)->buffer; }
static inline int ce_line_cursor(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->cursor - li->buffer); }
static inline int ce_line_length(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->lastchar - li->buffer); }
static inline int ce_source(EditLine *el, const char *path) { return el_source(el, path); }
static inline int ce_set_unbuffered(EditLine *el, int on) { return el_set(el, EL_UNBUFFERED, on); }

// Ctrl-C: the handler only sets a flag; installed with sigaction and no SA_RESTART, so that a
// blocked el_gets returns with EINTR (signal() would restart the read). Polled by the shell.
// Weak, not static: every Swift file that calls these shims gets its own copy of a static,
// so the handler and the poller would not see the same flag.
__attribute__((weak)) volatile sig_atomic_t ce_interrupt_flag = 0;
// The process has many threads and the kernel gives SIGINT to any of them; only a signal on
// the thread blocked in el_gets interrupts its read, so pass it on to that thread. (With an
// async main on Linux the main actor need not run on the process's first thread.)
__attribute__((weak)) pthread_t ce_main_thread = 0;
// Set only while el_gets runs: a Ctrl-C at any other time (a statement running) has nothing to
// interrupt there, and a signal left pending on that thread would cancel the next line typed.
__attribute__((weak)) volatile sig_atomic_t ce_reading = 0;
static void ce_on_sigint(int signo) {
    ce_interrupt_flag = 1;
    if (ce_reading && !pthread_equal(pthread_self(), ce_main_thread)) pthread_kill(ce_main_thread, signo);
}
/// el_gets on the calling thread with Ctrl-C able to interrupt it: the thread is marked as the
/// reader and SIGINT is unblocked there for the call (dispatch's worker threads, where the main
/// actor may run, block it).
static inline const char *ce_gets(EditLine *el, int *count) {
    sigset_t sigint, previous;
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    ce_main_thread = pthread_self();
    pthread_sigmask(SIG_UNBLOCK, &sigint, &previous);
    // A Ctrl-C from before the prompt (it ended the last statement, or is delivered only now that
    // SIGINT is unblocked) belongs to what is over: it must not cancel the line about to be typed.
    ce_interrupt_flag = 0;
    ce_reading = 1;
    const char *line = el_gets(el, count);
    int saved = errno;
    ce_reading = 0;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return line;
}
static inline int ce_install_sigint(void) {
    ce_main_thread = pthread_self();
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

// libedit's own reader retries a read that a signal interrupted once, so the first Ctrl-C at
// the prompt would be lost. This reader gives up on EINTR when Ctrl-C set the flag, so el_gets
// returns NULL (count -1) at once; it decodes multibyte input like the built-in one.
static int ce_read_char(EditLine *el, wchar_t *wc) {
    (void)el;
    char buf[MB_LEN_MAX];
    size_t n = 0;
    for (;;) {
        // A Ctrl-C noticed between two reads ends the line too: keys typed after it belong
        // to the next one.
        if (ce_interrupt_flag && n == 0) return -1;
        ssize_t r = read(STDIN_FILENO, buf + n, 1);
        if (r == -1) {
            if (errno == EINTR && !ce_interrupt_flag) continue;
            return -1;
        }
        if (r == 0) return 0;
        n++;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t k = mbrtowc(wc, buf, n, &state);
        if (k == (size_t)-2 && n < MB_LEN_MAX) continue;  // an incomplete sequence: read on
        if (k == (size_t)-1 || k == (size_t)-2) { n = 0; continue; }  // not valid: drop it
        if (k == 0) *wc = 0;
        return 1;
    }
}
static inline int ce_use_interruptible_reader(EditLine *el) { return el_set(el, EL_GETCFN, ce_read_char); }

// UTF-8 input needs a UTF-8 locale; fall back to C.UTF-8 when the environment gives none.
static inline int ce_setup_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8")) return 1;
    return 0;
}
#endif
