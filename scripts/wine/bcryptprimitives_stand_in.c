/* Wine test stand-in for Windows' bcryptprimitives.dll — NEVER SHIPPED (see README.md in this folder).
 * cryptography's Rust module imports ProcessPrng; RtlGenRandom (advapi32's SystemFunction036) fills it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
