// OpenBLAS's CBLAS interface (Debian: libopenblas-dev puts cblas.h in
// /usr/include/x86_64-linux-gnu, on the compiler's default path), for the
// language judge's matrix products.
#include <cblas.h>
