/*
 * The oracle for what the Windows Service Control Manager changes in a command line: it expands
 * the ImagePath (REG_EXPAND_SZ) with ExpandEnvironmentStringsW, and no escape exists.
 * For each text in IN (one per line, the hex of its UTF-16 code units), this program defines every
 * name that stands between two consecutive '%' (the only names any left-to-right scan can look up)
 * as far as SetEnvironmentVariableW accepts it, and asks ExpandEnvironmentStringsW whether the text
 * changes. Writes one character per text to OUT:
 *   1  it changes with a name of no whitespace and no double quote defined (names a system
 *      environment holds: servicekit must refuse it),
 *   2  it changes only once names with whitespace or a double quote are defined too,
 *   0  it never changes.
 * Built at test time with Debian's mingw-w64 and run under Wine (test/e2e/windows.test.ts):
 * Windows' own functions decide, not a model of ours.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const wchar_t MARK[] = L"\x1";

static int plain_name(const wchar_t *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (iswspace(s[i]) || s[i] == L'"') return 0;
  return 1;
}

/* Defines (value != NULL) or removes every name between consecutive '%' of s; plain_only: only plain names. */
static void names(const wchar_t *s, const wchar_t *value, int plain_only) {
  const wchar_t *open = wcschr(s, L'%');
  while (open) {
    const wchar_t *close = wcschr(open + 1, L'%');
    if (!close) break;
    size_t n = (size_t)(close - open - 1);
    if (n > 0 && (!plain_only || plain_name(open + 1, n))) {
      wchar_t *name = calloc(n + 1, sizeof *name);
      wmemcpy(name, open + 1, n);
      SetEnvironmentVariableW(name, value);
      free(name);
    }
    open = close;
  }
}

static int changes(const wchar_t *s) {
  DWORD need = ExpandEnvironmentStringsW(s, NULL, 0);
  wchar_t *out = calloc(need + 1, sizeof *out);
  ExpandEnvironmentStringsW(s, out, need + 1);
  int changed = wcscmp(out, s) != 0;
  free(out);
  return changed;
}

static int verdict(const wchar_t *s) {
  names(s, MARK, 1);
  int v = changes(s) ? 1 : 0;
  names(s, MARK, 0);
  if (!v && changes(s)) v = 2;
  names(s, NULL, 0);
  return v;
}

int wmain(int argc, wchar_t **argv) {
  if (argc != 3) return 2;
  FILE *in = _wfopen(argv[1], L"rb");
  FILE *out = _wfopen(argv[2], L"wb");
  if (!in || !out) return 3;
  static char hex[1 << 20];
  static wchar_t text[(1 << 18) + 1];
  while (fgets(hex, sizeof hex, in)) {
    size_t n = 0;
    for (char *p = hex; p[0] && p[0] != '\n' && p[1] && p[2] && p[3]; p += 4) {
      char unit[5] = {p[0], p[1], p[2], p[3], 0};
      text[n++] = (wchar_t)strtoul(unit, NULL, 16);
    }
    text[n] = 0;
    fputc('0' + verdict(text), out);
  }
  fclose(out);
  return 0;
}
