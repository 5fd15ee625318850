/*
 * banned.h — functions that fail the build (after git's banned.h): unbounded copies,
 * non-reentrant time, and tokenisers with hidden state. Use buf/arena, time_* in
 * util.h, and explicit parsing instead.
 */
#ifndef ANJIAN_BANNED_H
#define ANJIAN_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef localtime_r
#define localtime_r(t, r) BANNED(localtime_r)
#undef gets
#define gets(x) BANNED(gets)

#endif
