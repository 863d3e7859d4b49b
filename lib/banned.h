/*
 * Functions that invite overflows or hidden shared state, ruled out at
 * compile time as in git's banned.h. Use struct sf_buf, snprintf,
 * gmtime_r / localtime_r instead. Included in every file by the Makefile,
 * after which a call to one of these fails to compile.
 */
#ifndef SF_BANNED_H
#define SF_BANNED_H

/* the system headers are read first, so their declarations stay intact */
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SF_BANNED(func) sorry_##func##_is_banned

#undef strcpy
#define strcpy(x, y) SF_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SF_BANNED(strcat)
#undef sprintf
#define sprintf(...) SF_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SF_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) SF_BANNED(strtok)
#undef gmtime
#define gmtime(x) SF_BANNED(gmtime)
#undef localtime
#define localtime(x) SF_BANNED(localtime)

#endif
