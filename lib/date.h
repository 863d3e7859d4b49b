/*
 * Calendar dates as "YYYY-MM-DD" strings, the form files store. "Today" is
 * the real local date unless $SANFEN_TODAY=YYYY-MM-DD is set.
 */
#ifndef SF_DATE_H
#define SF_DATE_H

#include "buf.h"

#define SF_DATE_LEN 10

/* 0 when s is exactly a real date YYYY-MM-DD (2024-02-30 is not), else -1 */
int sf_date_parse(const char *s, int *y, int *m, int *d);
int sf_date_valid(const char *s);
/* days since 1970-01-01; the date must be valid */
long sf_date_days(const char *s);
/* the date of a day number into out (11 bytes) */
void sf_date_from_days(long days, char out[SF_DATE_LEN + 1]);
/* today into out; fails (SF_EINVALID) when $SANFEN_TODAY is malformed */
int sf_today(char out[SF_DATE_LEN + 1]);
/* "2024年10月14日" appended to out */
void sf_date_zh(const char *ymd, struct sf_buf *out);
/* A calendar quarter "2024Q4" into first and last date; 0 or -1. */
int sf_quarter_range(const char *q, char first[SF_DATE_LEN + 1],
    char last[SF_DATE_LEN + 1]);

#endif
