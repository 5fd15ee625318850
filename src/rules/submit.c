/*
 * submit.c — form declarations and their check, and the matrix cell of a
 * submission (see submit.h).
 */
#include "submit.h"
#include "obligation.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const sf_types[] = {
	"text", "longtext", "int", "number", "date", "bool", "enum", "rows", NULL
};

static int sf_type_ok(const char *t, int in_rows)
{
	for (int i = 0; sf_types[i]; i++)
		if (strcmp(t, sf_types[i]) == 0)
			return !(in_rows && strcmp(t, "rows") == 0);
	return 0;
}

static int sf_ident(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 40 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static const char *sf_str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Checks one list of field declarations (the form, or a table's columns). */
static int sf_fields_check(const json_t *list, int in_rows, const char *where, char *msg,
			   size_t n)
{
	size_t i, j;
	const json_t *f;

	if (!json_is_array(list) || json_array_size(list) > SF_MAX_FIELDS) {
		snprintf(msg, n, "%s须为至多%d个填报项的列表", where, SF_MAX_FIELDS);
		return -1;
	}
	json_array_foreach(list, i, f) {
		const char *name = sf_str(f, "name"), *label = sf_str(f, "label"),
			   *type = sf_str(f, "type");

		if (!json_is_object(f) || !sf_ident(name)) {
			snprintf(msg, n, "%s第%zu个填报项的名称须为小写英文标识", where, i + 1);
			return -1;
		}
		if (!label || !*label || strlen(label) > 120) {
			snprintf(msg, n, "%s第%zu个填报项缺少中文名称", where, i + 1);
			return -1;
		}
		if (!type || !sf_type_ok(type, in_rows)) {
			snprintf(msg, n, "%s填报项“%s”的类型无效", where, label);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(sf_str(json_array_get(list, j), "name"), name) == 0) {
				snprintf(msg, n, "%s填报项名称“%s”重复", where, name);
				return -1;
			}
		if (strcmp(type, "enum") == 0) {
			const json_t *o = json_object_get(f, "options"), *x;
			size_t k;

			if (!json_is_array(o) || json_array_size(o) == 0) {
				snprintf(msg, n, "%s填报项“%s”须列出可选值", where, label);
				return -1;
			}
			json_array_foreach(o, k, x)
				if (!json_is_string(x)) {
					snprintf(msg, n, "%s填报项“%s”的可选值须为文字", where, label);
					return -1;
				}
		}
		if (strcmp(type, "rows") == 0) {
			char sub[160];

			snprintf(sub, sizeof(sub), "表格“%s”：", label);
			if (sf_fields_check(json_object_get(f, "columns"), 1, sub, msg, n) != 0)
				return -1;
			if (json_array_size(json_object_get(f, "columns")) == 0) {
				snprintf(msg, n, "表格“%s”须至少有一列", label);
				return -1;
			}
		}
	}
	return 0;
}

int sf_schema_check(const json_t *schema, char *msg, size_t n)
{
	if (!schema || json_is_null(schema))
		return 0;
	return sf_fields_check(schema, 0, "", msg, n);
}

static void sf_add(struct sf_errs *e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sf_add(struct sf_errs *e, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e->n >= SF_MAX_ERRS)
		return;
	snprintf(e->field[e->n], sizeof(e->field[0]), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->message[e->n], sizeof(e->message[0]), fmt, ap);
	va_end(ap);
	e->n++;
}

/* UTF-8 code points of s. */
static size_t sf_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int sf_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int sf_date_ok(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && sf_leap(y));
}

static int sf_blank(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

/* One scalar value v of declaration f; prefix is the label path for messages. */
static void sf_value_check(const json_t *f, const json_t *v, const char *field,
			   const char *prefix, struct sf_errs *e)
{
	const char *label = sf_str(f, "label"), *type = sf_str(f, "type");
	const json_t *jmin = json_object_get(f, "min"), *jmax = json_object_get(f, "max");
	double lo = json_is_number(jmin) ? json_number_value(jmin) : 0,
	       hi = json_is_number(jmax) ? json_number_value(jmax) : 0;

	if (sf_blank(v)) {
		if (json_is_true(json_object_get(f, "required")))
			sf_add(e, field, "%s%s为必填项", prefix, label);
		return;
	}
	if (strcmp(type, "text") == 0 || strcmp(type, "longtext") == 0) {
		const json_t *jl = json_object_get(f, "max_len");
		size_t max = json_is_integer(jl) && json_integer_value(jl) > 0
			     ? (size_t)json_integer_value(jl) : (type[0] == 't' ? 200 : 4000);

		if (!json_is_string(v))
			sf_add(e, field, "%s%s须为文字", prefix, label);
		else if (sf_chars(json_string_value(v)) > max)
			sf_add(e, field, "%s%s不能超过%zu个字", prefix, label, max);
	} else if (strcmp(type, "int") == 0 || strcmp(type, "number") == 0) {
		double x;

		if (type[0] == 'i' ? !json_is_integer(v) : !json_is_number(v)) {
			sf_add(e, field, "%s%s须为%s", prefix, label, type[0] == 'i' ? "整数" : "数字");
			return;
		}
		x = json_number_value(v);
		if (lo < hi && (x < lo || x > hi))
			sf_add(e, field, "%s%s须在%g至%g之间", prefix, label, lo, hi);
	} else if (strcmp(type, "date") == 0) {
		if (!json_is_string(v) || !sf_date_ok(json_string_value(v)))
			sf_add(e, field, "%s%s须为日期（YYYY-MM-DD）", prefix, label);
	} else if (strcmp(type, "bool") == 0) {
		if (!json_is_boolean(v))
			sf_add(e, field, "%s%s须为是或否", prefix, label);
	} else if (strcmp(type, "enum") == 0) {
		const json_t *o = json_object_get(f, "options"), *x;
		size_t k;
		int hit = 0;

		json_array_foreach(o, k, x)
			hit |= json_is_string(v) && strcmp(json_string_value(x), json_string_value(v)) == 0;
		if (!hit)
			sf_add(e, field, "%s%s的取值不在可选范围内", prefix, label);
	}
}

static const json_t *sf_find(const json_t *list, const char *name)
{
	size_t i;
	const json_t *f;

	json_array_foreach(list, i, f)
		if (strcmp(sf_str(f, "name"), name) == 0)
			return f;
	return NULL;
}

int sf_form_check(const json_t *schema, const json_t *content, struct sf_errs *e)
{
	size_t i;
	const json_t *f;
	const char *key;
	json_t *v;

	memset(e, 0, sizeof(*e));
	if (content && !json_is_null(content) && !json_is_object(content)) {
		sf_add(e, "content", "填报内容格式无效");
		return e->n;
	}
	json_object_foreach((json_t *)content, key, v)
		if (!schema || !sf_find(schema, key))
			sf_add(e, key, "未声明的填报项：%s", key);
	json_array_foreach(schema, i, f) {
		const char *name = sf_str(f, "name"), *label = sf_str(f, "label");
		const json_t *val = json_object_get(content, name);

		if (strcmp(sf_str(f, "type"), "rows") != 0) {
			sf_value_check(f, val, name, "", e);
			continue;
		}
		if (sf_blank(val)) {
			if (json_is_true(json_object_get(f, "required")))
				sf_add(e, name, "%s至少须填写一行", label);
			continue;
		}
		if (!json_is_array(val)) {
			sf_add(e, name, "%s须为表格", label);
			continue;
		}
		{
			const json_t *cols = json_object_get(f, "columns"), *jm = json_object_get(f, "max_rows"),
				     *row, *c;
			size_t max = json_is_integer(jm) && json_integer_value(jm) > 0
				     ? (size_t)json_integer_value(jm) : 200, r, k;

			if (json_array_size(val) > max) {
				sf_add(e, name, "%s至多%zu行", label, max);
				continue;
			}
			json_array_foreach(val, r, row) {
				char prefix[160];
				const char *ck;
				json_t *cv;

				snprintf(prefix, sizeof(prefix), "%s第%zu行：", label, r + 1);
				if (!json_is_object(row)) {
					sf_add(e, name, "%s格式无效", prefix);
					continue;
				}
				json_object_foreach((json_t *)row, ck, cv)
					if (!sf_find(cols, ck))
						sf_add(e, name, "%s未声明的列：%s", prefix, ck);
				json_array_foreach(cols, k, c)
					sf_value_check(c, json_object_get(row, sf_str(c, "name")), name,
						       prefix, e);
			}
		}
	}
	return e->n;
}

/* ------------------------------------------------------------ matrix cells */

static const char *const cell_codes[] = {
	"invalid", "not_due", "on_time", "late", "missing", "returned"
};
static const char *const cell_labels[] = {
	"无效", "未到期", "按时报送", "逾期报送", "未报", "退回待改"
};

const char *sub_cell_code(enum sub_cell c)
{
	return (unsigned)c <= SC_RETURNED ? cell_codes[c] : cell_codes[0];
}

const char *sub_cell_label(enum sub_cell c)
{
	return (unsigned)c <= SC_RETURNED ? cell_labels[c] : cell_labels[0];
}

enum sub_cell sub_cell_of(const char *status, const char *due, const char *first,
			  const char *today)
{
	int submitted;

	if (!status || !due || !today || !sf_date_ok(due) || strlen(today) < 10)
		return SC_INVALID;
	if (strcmp(status, "returned") == 0)
		return SC_RETURNED;
	submitted = strcmp(status, "submitted") == 0 || strcmp(status, "accepted") == 0;
	if (!submitted && strcmp(status, "draft") != 0)
		return SC_INVALID;
	if (submitted) {
		if (!first || strlen(first) < 10)
			return SC_INVALID;
		return strncmp(first, due, 10) <= 0 ? SC_ON_TIME : SC_LATE;
	}
	return strncmp(today, due, 10) > 0 ? SC_MISSING : SC_NOT_DUE;
}

/* -------------------------------------------------------------- schedules */

int sub_period_kind(const char *period)
{
	static const struct { const char *code; enum ob_period p; } k[] = {
		{"year", OB_YEAR}, {"half", OB_HALF}, {"quarter", OB_QUARTER},
		{"month", OB_MONTH}, {"event", OB_EVENT},
	};

	for (size_t i = 0; period && i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(period, k[i].code) == 0)
			return (int)k[i].p;
	return 0;
}

int sub_due(const char *period, int month, int day, int days, int next_year,
	    const char *key, char out[11])
{
	int p = sub_period_kind(period);
	struct ob_due d = {0, 0, 0, 0};
	char due[20];

	if (!p || !key || day < 0 || day > 31 || days < 0 || days > 366)
		return -1;
	switch (p) {
	case OB_MONTH:
		d.kind = DUE_PERIOD_MONTH_DAY;
		d.day = day;
		break;
	case OB_QUARTER:
	case OB_HALF:
		d.kind = DUE_PERIOD_END;
		d.n = days;
		break;
	case OB_YEAR:
		if (month < 1 || month > 12)
			return -1;
		d.kind = next_year ? DUE_MONTH_DAY_NEXT_YEAR : DUE_MONTH_DAY;
		d.month = month;
		d.day = day;
		break;
	default:	/* event */
		d.kind = DUE_DAYS_AFTER;
		d.n = days;
		if (!sf_date_ok(key))
			return -1;
		if (ob_due(&d, OB_EVENT, NULL, key, NULL, due) != 0)
			return -1;
		memcpy(out, due, 10);
		out[10] = 0;
		return 0;
	}
	if (ob_due(&d, (enum ob_period)p, key, NULL, NULL, due) != 0)
		return -1;
	memcpy(out, due, 10);
	out[10] = 0;
	return 0;
}
