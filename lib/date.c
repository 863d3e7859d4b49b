#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "error.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
sf_date_parse(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || strlen(s) != SF_DATE_LEN || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &yy) || digits(s + 5, 2, &mm) ||
	    digits(s + 8, 2, &dd))
		return -1;
	if (yy < 1900 || mm < 1 || mm > 12 || dd < 1 ||
	    dd > month_days(yy, mm))
		return -1;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

int
sf_date_valid(const char *s)
{
	return sf_date_parse(s, NULL, NULL, NULL) == 0;
}

/* Days from civil date, after H. Hinnant's algorithm. */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long
sf_date_days(const char *s)
{
	int y, m, d;

	if (sf_date_parse(s, &y, &m, &d))
		return 0;
	return days_from_civil(y, m, d);
}

void
sf_date_from_days(long z, char out[SF_DATE_LEN + 1])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, SF_DATE_LEN + 1, "%04ld-%02ld-%02ld", y, m, d);
}

int
sf_today(char out[SF_DATE_LEN + 1])
{
	const char *env = getenv("SANFEN_TODAY");
	struct tm tm;
	time_t now;

	if (env && *env) {
		if (!sf_date_valid(env))
			return sf_error(SF_EINVALID,
			    "SANFEN_TODAY: invalid date '%s' "
			    "(expected YYYY-MM-DD)", env);
		memcpy(out, env, SF_DATE_LEN + 1);
		return 0;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return sf_error(SF_ERROR, "cannot read the local time");
	strftime(out, SF_DATE_LEN + 1, "%Y-%m-%d", &tm);
	return 0;
}

void
sf_date_zh(const char *ymd, struct sf_buf *out)
{
	int y, m, d;

	if (sf_date_parse(ymd, &y, &m, &d)) {
		sf_buf_addstr(out, ymd ? ymd : "");
		return;
	}
	sf_buf_addf(out, "%d年%d月%d日", y, m, d);
}

int
sf_quarter_range(const char *q, char first[SF_DATE_LEN + 1],
    char last[SF_DATE_LEN + 1])
{
	int y, n;

	if (!q || strlen(q) != 6 || (q[4] != 'Q' && q[4] != 'q') ||
	    digits(q, 4, &y) || q[5] < '1' || q[5] > '4' || y < 1900)
		return -1;
	n = q[5] - '0';
	snprintf(first, SF_DATE_LEN + 1, "%04d-%02d-01", y, n * 3 - 2);
	snprintf(last, SF_DATE_LEN + 1, "%04d-%02d-%02d", y, n * 3,
	    month_days(y, n * 3));
	return 0;
}
