// libFuzzer's driver, for a fuzz target that has its own main (SwiftPM names
// an executable's entry point itself). Defined only when linked with
// -sanitize=fuzzer (make fuzz); declared here so the fuzz target can call it.
#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
