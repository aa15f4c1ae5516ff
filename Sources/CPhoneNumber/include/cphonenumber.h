// A plain C interface over Google's libphonenumber, so that Swift never sees a
// C++ object. Every string in and out is UTF-8.
#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum cpn_kind {
    CPN_UNPARSEABLE = 0,   // not a phone number at all
    CPN_INVALID = 1,       // looks like a number, but not a valid one for the region
    CPN_VALID = 2,         // a valid full number
    CPN_SHORT_CODE = 3     // a valid short number (999, 101, 116 123)
};

typedef struct {
    int kind;              // enum cpn_kind
    int type;              // libphonenumber's PhoneNumberType, for valid full numbers
    int emergency;         // 1 for an emergency short code (999, 112)
    char national[64];     // "020 8901 2690"; for short codes the digits as dialled
    char e164[32];         // "+442089012690"; empty for short codes
    char rfc3966[64];      // "tel:+44-20-8901-2690"; "tel:116123" for short codes
    char key[32];          // the normalised number: compare two numbers by this
} cpn_number;

/// Analyses one number as written, for a region such as "GB". Returns kind.
int cpn_analyse(const char *text, const char *region, cpn_number *out);

typedef struct {
    size_t start;          // byte offset of the match in the text
    size_t length;         // bytes
} cpn_match;

/// Finds phone numbers in running text. Writes at most `capacity` matches and
/// returns how many it found (up to capacity).
size_t cpn_find(const char *text, const char *region, cpn_match *matches, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
