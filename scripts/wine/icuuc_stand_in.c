/* Wine test stand-in for Windows' icuuc.dll — NEVER SHIPPED (see README.md in this folder).
 * Only the 20 functions Qt6Core.dll imports. No converter ever opens, so the functions that take one
 * are never reached with a real converter; they report an error the ICU way. */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
typedef uint16_t UChar;
typedef int32_t UChar32;
typedef int8_t UBool;
enum { U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *status, UErrorCode code) {
    if (status != NULL && *status <= 0) *status = code; /* ICU: a failure already set is kept */
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status, U_FILE_ACCESS_ERROR); return NULL; }
EXPORT void ucnv_close(void *converter) { (void)converter; }
EXPORT void ucnv_reset(void *converter) { (void)converter; }
EXPORT int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 1; }
EXPORT const char *ucnv_getName(const void *converter, UErrorCode *status) { (void)converter; fail(status, U_UNSUPPORTED_ERROR); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *converter, void **action, const void **context) {
    (void)converter; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *converter, void **action, const void **context) {
    (void)converter; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *converter, void *action, const void *context, void **old_action,
                                const void **old_context, UErrorCode *status) {
    (void)converter; (void)action; (void)context; (void)old_action; (void)old_context; fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_setFromUCallBack(void *converter, void *action, const void *context, void **old_action,
                                  const void **old_context, UErrorCode *status) {
    (void)converter; (void)action; (void)context; (void)old_action; (void)old_context; fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset, UErrorCode *status) {
    (void)args; (void)source; (void)length; (void)offset; fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit, int32_t offset, UErrorCode *status) {
    (void)args; (void)source; (void)limit; (void)offset; fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_toUnicode(void *converter, UChar **target, const UChar *target_limit, const char **source,
                           const char *source_limit, int32_t *offsets, UBool flush, UErrorCode *status) {
    (void)converter; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_fromUnicode(void *converter, char **target, const char *target_limit, const UChar **source,
                             const UChar *source_limit, int32_t *offsets, UBool flush, UErrorCode *status) {
    (void)converter; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush;
    fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT int32_t ucnv_toUCountPending(const void *converter, UErrorCode *status) { (void)converter; fail(status, U_UNSUPPORTED_ERROR); return -1; }
EXPORT int32_t ucnv_fromUCountPending(const void *converter, UErrorCode *status) { (void)converter; fail(status, U_UNSUPPORTED_ERROR); return -1; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    (void)name; (void)standard; fail(status, U_UNSUPPORTED_ERROR); return NULL;
}
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t index) { (void)index; return NULL; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units, int32_t length,
                                            UChar32 code_point, int reason, UErrorCode *status) {
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason; fail(status, U_UNSUPPORTED_ERROR);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units, int32_t length,
                                          int reason, UErrorCode *status) {
    (void)context; (void)args; (void)units; (void)length; (void)reason; fail(status, U_UNSUPPORTED_ERROR);
}
