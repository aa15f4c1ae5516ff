#include "cphonenumber.h"

#include <cstring>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

namespace {

void copy(char *dest, size_t size, const std::string &src) {
    size_t n = src.size() < size - 1 ? src.size() : size - 1;
    std::memcpy(dest, src.data(), n);
    dest[n] = '\0';
}

std::string digits_only(const std::string &text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

// Short codes are written as groups of three: "116 123", "999", "101".
std::string group_short(const std::string &digits) {
    if (digits.size() == 6) return digits.substr(0, 3) + " " + digits.substr(3);
    return digits;
}

const ShortNumberInfo &short_info() {
    static const ShortNumberInfo info;
    return info;
}

}  // namespace

extern "C" int cpn_analyse(const char *text, const char *region, cpn_number *out) {
    std::memset(out, 0, sizeof(*out));
    out->kind = CPN_UNPARSEABLE;
    if (text == nullptr || region == nullptr) return out->kind;

    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(text, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return out->kind;
    }

    std::string formatted;
    if (util.IsValidNumberForRegion(number, region) || util.IsValidNumber(number)) {
        out->kind = CPN_VALID;
        out->type = static_cast<int>(util.GetNumberType(number));
        util.Format(number, PhoneNumberUtil::NATIONAL, &formatted);
        copy(out->national, sizeof out->national, formatted);
        util.Format(number, PhoneNumberUtil::E164, &formatted);
        copy(out->e164, sizeof out->e164, formatted);
        copy(out->key, sizeof out->key, formatted);
        util.Format(number, PhoneNumberUtil::RFC3966, &formatted);
        copy(out->rfc3966, sizeof out->rfc3966, formatted);
        return out->kind;
    }

    const ShortNumberInfo &shorts = short_info();
    if (shorts.IsValidShortNumberForRegion(number, region)) {
        std::string digits = digits_only(text);
        out->kind = CPN_SHORT_CODE;
        out->emergency = shorts.IsEmergencyNumber(digits, region) ? 1 : 0;
        copy(out->national, sizeof out->national, group_short(digits));
        copy(out->rfc3966, sizeof out->rfc3966, "tel:" + digits);
        copy(out->key, sizeof out->key, std::string("short:") + region + ":" + digits);
        return out->kind;
    }

    out->kind = CPN_INVALID;
    // Invalid numbers are never formatted; the key still lets two spellings of
    // the same invalid (e.g. retired) number compare equal.
    util.Format(number, PhoneNumberUtil::E164, &formatted);
    copy(out->key, sizeof out->key, formatted);
    return out->kind;
}

extern "C" size_t cpn_find(const char *text, const char *region, cpn_match *matches, size_t capacity) {
    if (text == nullptr || region == nullptr || capacity == 0) return 0;
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    // POSSIBLE, not VALID: a retired or mistyped number must be found too.
    PhoneNumberMatcher matcher(util, text, region, PhoneNumberMatcher::POSSIBLE, 65535);
    size_t count = 0;
    PhoneNumberMatch match;
    while (count < capacity && matcher.HasNext()) {
        if (!matcher.Next(&match)) break;
        matches[count].start = static_cast<size_t>(match.start());
        matches[count].length = match.raw_string().size();
        ++count;
    }
    return count;
}
