/*
 * An ordinary Windows console program that knows nothing of services or servicekit: what servicekit's
 * host runs (test/e2e/windows.test.ts). Built at test time with Debian's mingw-w64, run under Wine.
 *
 * At start it writes SK_OUT\received.json: its argv as its C runtime parsed it, its whole environment,
 * its working directory and PID (every string as \uXXXX escapes of its UTF-16 code units, so nothing
 * is re-encoded). Then, as the environment says:
 *   SK_CHILD=1         starts a copy of itself with the argument --grandchild (which only sleeps and
 *                      writes SK_OUT\grandchild.pid), so the test can see the whole tree end;
 *   SK_EXIT_AFTER_MS   exits after that many ms with SK_EXIT_CODE (default 3): a crash;
 *   SK_IGNORE_CTRL_C=1 ignores Ctrl-C (a stop must then end it by force);
 *   SK_SPAM=N          writes N lines of 100 bytes to stdout, numbered, then goes on;
 * and prints one line to stdout and one to stderr. Ctrl-C writes SK_OUT\stopped-PID and exits 0.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static wchar_t out[MAX_PATH];

static void put_string(FILE *f, const wchar_t *s) {
  fputc('"', f);
  for (const wchar_t *p = s; *p; p++) fprintf(f, "\\u%04x", (unsigned)*p);
  fputc('"', f);
}

static void write_file(const wchar_t *name, void (*body)(FILE *, void *), void *ctx) {
  wchar_t path[MAX_PATH], tmp[MAX_PATH];
  swprintf(path, MAX_PATH, L"%ls\\%ls", out, name);
  swprintf(tmp, MAX_PATH, L"%ls\\.%ls.%lu", out, name, GetCurrentProcessId());
  FILE *f = _wfopen(tmp, L"wb");
  if (!f) return;
  body(f, ctx);
  fclose(f);
  MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING);
}

struct args { int argc; wchar_t **argv; };

static void received(FILE *f, void *ctx) {
  struct args *a = ctx;
  fprintf(f, "{\"argv\":[");
  for (int i = 1; i < a->argc; i++) {
    if (i > 1) fputc(',', f);
    put_string(f, a->argv[i]);
  }
  fprintf(f, "],\"env\":{");
  wchar_t *block = GetEnvironmentStringsW();
  int first = 1;
  for (wchar_t *e = block; *e; e += wcslen(e) + 1) {
    wchar_t *eq = wcschr(e + 1, L'='); /* a name may begin with '=' (=C:=C:\) */
    if (!eq) continue;
    *eq = 0;
    if (!first) fputc(',', f);
    first = 0;
    put_string(f, e);
    fputc(':', f);
    put_string(f, eq + 1);
    *eq = L'=';
  }
  FreeEnvironmentStringsW(block);
  wchar_t cwd[MAX_PATH];
  GetCurrentDirectoryW(MAX_PATH, cwd);
  fprintf(f, "},\"cwd\":");
  put_string(f, cwd);
  fprintf(f, ",\"pid\":%lu}", GetCurrentProcessId());
}

static void nothing(FILE *f, void *ctx) {
  (void)ctx;
  fprintf(f, "%lu", GetCurrentProcessId());
}

static BOOL WINAPI on_ctrl(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT) return FALSE;
  if (GetEnvironmentVariableW(L"SK_IGNORE_CTRL_C", NULL, 0)) return TRUE;
  wchar_t name[64];
  swprintf(name, 64, L"stopped-%lu", GetCurrentProcessId());
  write_file(name, nothing, NULL);
  ExitProcess(0);
  return TRUE;
}

static DWORD env_number(const wchar_t *name, DWORD otherwise) {
  wchar_t v[32];
  return GetEnvironmentVariableW(name, v, 32) ? (DWORD)wcstoul(v, NULL, 10) : otherwise;
}

int wmain(int argc, wchar_t **argv) {
  if (!GetEnvironmentVariableW(L"SK_OUT", out, MAX_PATH)) wcscpy(out, L".");
  CreateDirectoryW(out, NULL);
  if (argc > 1 && wcscmp(argv[1], L"--grandchild") == 0) {
    write_file(L"grandchild.pid", nothing, NULL);
    Sleep(INFINITE);
  }
  SetConsoleCtrlHandler(on_ctrl, TRUE);
  struct args a = { argc, argv };
  write_file(L"received.json", received, &a);
  printf("hosted: out line %lu\n", GetCurrentProcessId());
  fflush(stdout);
  fprintf(stderr, "hosted: err line %lu\n", GetCurrentProcessId());
  fflush(stderr);
  if (GetEnvironmentVariableW(L"SK_CHILD", NULL, 0)) {
    wchar_t self[MAX_PATH], line[MAX_PATH + 32];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(line, MAX_PATH + 32, L"\"%ls\" --grandchild", self);
    STARTUPINFOW si = { sizeof si };
    PROCESS_INFORMATION pi;
    if (CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
      CloseHandle(pi.hThread);
      CloseHandle(pi.hProcess);
    }
  }
  DWORD spam = env_number(L"SK_SPAM", 0);
  for (DWORD i = 0; i < spam; i++) printf("line %010lu %087d\n", i, 0);
  fflush(stdout);
  DWORD after = env_number(L"SK_EXIT_AFTER_MS", 0);
  if (after) {
    Sleep(after);
    return (int)env_number(L"SK_EXIT_CODE", 3);
  }
  Sleep(INFINITE);
  return 0;
}
