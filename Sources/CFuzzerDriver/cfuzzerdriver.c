// Declarations only (see include/cfuzzerdriver.h); SwiftPM needs a source file.
#include "cfuzzerdriver.h"
