/*
 * A Windows console program that prints the arguments its C runtime parsed from its command line:
 * one line per argument, each the hex of its UTF-16 code units (so no console encoding can change
 * them). The oracle for servicekit's Windows quoting (test/e2e/windows.test.ts): built at test time
 * with Debian's mingw-w64, run under Wine.
 */
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv) {
  for (int i = 1; i < argc; i++) {
    for (const wchar_t *p = argv[i]; *p; p++) printf("%04x", (unsigned)*p);
    printf("\n");
  }
  return 0;
}
