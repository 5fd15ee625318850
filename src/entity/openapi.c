/*
 * openapi.c — GET /api/openapi.json: an OpenAPI 3.1 document generated from the
 * declarations the server runs on, so it cannot drift from them. Nothing here names a
 * module, an entity or a path: the document is the router's tables (router_at) and
 * the entity registry (entity_at) read back.
 *
 *   - Every registered route is one operation per method bit (HEAD is implied by GET
 *     and not listed): its path with {param} for :param, a summary (router_summary,
 *     or the workflow action's label), x-roles from the route's role mask, a JSON or
 *     multipart body for ROUTE_JSON / ROUTE_UPLOAD, security (public routes: none;
 *     state-changing ones: session cookie and the X-Anjian-CSRF header) and the
 *     standard error responses. Every logged-in write (the operations with the
 *     CSRF header: exactly those router_dispatch runs through idempotency.c) also
 *     takes the Idempotency-Key header (components.parameters.IdempotencyKey) and
 *     may answer 409 idempotency_busy and 422 idempotency_mismatch.
 *   - A route whose second segment is ":entity" (the generic rows of api.c) is
 *     expanded for every registered entity: list (filters from F_FILTER, ranges from
 *     F_RANGE, q when anything is F_SEARCH, sort from F_SORT, fields, page, size),
 *     export, create, read, update, delete (E_NO_* respected) and one operation per
 *     declared workflow action. The raw ":entity" pattern is never listed.
 *   - Who wins a path is asked of the router itself: an operation is described only
 *     when router_match() on its template path (whose "{x}" segments can never equal
 *     a literal segment) picks the route being described, so a module route that
 *     shadows a generic one is described once, as the module route.
 *   - components.schemas: <entity> (the API form of a row), <entity>Input (create
 *     body), <entity>Patch (partial update body), <Entity>List (the list envelope),
 *     Error (verr_send's body), FileInfo and Ok.
 *
 * The document is built with jansson once per process (declarations never change
 * after start-up) and the serialised bytes are kept for the life of the process;
 * every request copies them into its response. Allocation failure aborts (STYLE.md 7).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../core/util.h"

/* JSON Schema patterns of the API's text forms (API.md: Shanghai time). */
#define OA_DATETIME_OUT "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"
#define OA_DATETIME_IN "^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2})?$"
#define OA_USCC_OUT "^[0-9A-HJ-NPQRTUWXY]{18}$"
#define OA_USCC_IN "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
#define OA_PHONE "^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$"
#define OA_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Standard error responses (components.responses), as bits. */
enum {
	OE_400 = 1 << 0, OE_401 = 1 << 1, OE_403 = 1 << 2, OE_404 = 1 << 3,
	OE_409 = 1 << 4, OE_413 = 1 << 5, OE_422 = 1 << 6, OE_500 = 1 << 7
};

static const struct {
	unsigned bit;
	const char *status;
	const char *name;	/* components.responses key */
	const char *desc;	/* Chinese, with the codes API.md lists for the status */
} oa_errors[] = {
	{OE_400, "400", "BadRequest", "请求有误（validation 字段校验失败，field/fields 指明字段；bad_json 请求体不是 JSON 对象）"},
	{OE_401, "401", "Unauthorized", "未登录（unauthorized）"},
	{OE_403, "403", "Forbidden", "无权操作（forbidden）或安全校验失败（csrf：缺少或错误的 X-Anjian-CSRF 请求头）"},
	{OE_404, "404", "NotFound", "记录不存在或不在可见范围内（not_found）"},
	{OE_409, "409", "Conflict", "与现有数据冲突（conflict 唯一约束；bad_state 当前状态不允许该操作；"
	 "idempotency_busy 同一 Idempotency-Key 的首个请求仍在处理，按 Retry-After 稍后重发）"},
	{OE_413, "413", "TooLarge", "请求体或上传文件过大（too_large）"},
	{OE_422, "422", "IdempotencyMismatch", "该 Idempotency-Key 已用于另一请求（idempotency_mismatch："
	 "方法、路径、查询参数或请求体不同），本请求未执行"},
	{OE_500, "500", "Internal", "服务器内部错误（internal）"},
};

/* --------------------------------------------------------------- jansson */

/* Returns v, aborting when jansson could not allocate it (NULL). */
static json_t *oa_chk(json_t *v)
{
	if (!v)
		BUG("openapi: out of memory");
	return v;
}

/* A new empty object / array (new reference). */
static json_t *oa_obj(void)
{
	return oa_chk(json_object());
}

static json_t *oa_arr(void)
{
	return oa_chk(json_array());
}

/* Sets o[k] = v, taking v's reference. */
static void oa_set(json_t *o, const char *k, json_t *v)
{
	if (json_object_set_new(o, k, oa_chk(v)) != 0)
		BUG("openapi: out of memory");
}

/* Appends v to a, taking v's reference. */
static void oa_push(json_t *a, json_t *v)
{
	if (json_array_append_new(a, oa_chk(v)) != 0)
		BUG("openapi: out of memory");
}

/* Sets o[k] to the string s (declarations are valid UTF-8 constants). */
static void oa_sets(json_t *o, const char *k, const char *s)
{
	oa_set(o, k, json_string(s));
}

/* o[k] as an object, created empty when absent (borrowed). */
static json_t *oa_child(json_t *o, const char *k)
{
	json_t *c = json_object_get(o, k);

	if (!c) {
		c = oa_obj();
		oa_set(o, k, c);
	}
	return c;
}

/* {"$ref": "#/components/<kind>/<name>"} (new reference). */
static json_t *oa_ref(const char *kind, const char *name)
{
	char ref[160];
	json_t *o = oa_obj();

	snprintf(ref, sizeof(ref), "#/components/%s/%s", kind, name);
	oa_sets(o, "$ref", ref);
	return o;
}

/* Sets o["type"] to t, or to [t, "null"] when nullable. */
static void oa_type(json_t *o, const char *t, int nullable)
{
	json_t *a;

	if (!nullable) {
		oa_sets(o, "type", t);
		return;
	}
	a = oa_arr();
	oa_push(a, json_string(t));
	oa_push(a, json_string("null"));
	oa_set(o, "type", a);
}

/* {"type": t} (new reference). */
static json_t *oa_typed(const char *t, int nullable)
{
	json_t *o = oa_obj();

	oa_type(o, t, nullable);
	return o;
}

/* The role names of mask (0 = every role), as an array (new reference). */
static json_t *oa_roles(unsigned mask)
{
	json_t *a = oa_arr();

	for (int r = ROLE_NONE + 1; *role_name((enum role)r); r++)
		if (!mask || (mask & (1u << r)))
			oa_push(a, json_string(role_name((enum role)r)));
	return a;
}

/* ------------------------------------------------------------- schemas */

/* Sets minimum/maximum of a number schema when f declares a range (min < max). */
static void oa_range(json_t *o, const struct field_def *f, int integer)
{
	if (!(f->min < f->max))
		return;
	oa_set(o, "minimum", integer ? json_integer((json_int_t)f->min) : json_real(f->min));
	oa_set(o, "maximum", integer ? json_integer((json_int_t)f->max) : json_real(f->max));
}

/*
 * The JSON Schema of f's value (new reference). input: as a request body sends it
 * (validate.c), else as a response shows it (the API form of internal.h). nullable
 * adds null to the type: a stored NULL in a row, "no value" in an optional input.
 * Annotations: title (the Chinese label), description (help), readOnly.
 */
static json_t *oa_field_schema(const struct field_def *f, int input, int nullable)
{
	json_t *o = oa_obj(), *codes, *labels;
	int maxlen;

	switch (f->type) {
	case FT_TEXT:
	case FT_LONGTEXT:
		oa_type(o, "string", nullable);
		maxlen = f->max_len > 0 ? f->max_len : (f->type == FT_TEXT ? 200 : 4000);
		oa_set(o, "maxLength", json_integer(maxlen));
		break;
	case FT_INT:
		oa_type(o, "integer", nullable);
		oa_range(o, f, 1);
		break;
	case FT_REAL:
		oa_type(o, "number", nullable);
		oa_range(o, f, 0);
		break;
	case FT_MONEY:
		/* yuan with at most two decimals; multipleOf 0.01 is not used because
		 * binary floating point makes validators refuse 12.34 */
		oa_type(o, "number", nullable);
		oa_range(o, f, 0);
		oa_set(o, "x-decimals", json_integer(2));
		oa_sets(o, "x-unit", "元");
		break;
	case FT_DATE:
		oa_type(o, "string", nullable);
		oa_sets(o, "format", "date");
		break;
	case FT_DATETIME:
		oa_type(o, "string", nullable);
		oa_sets(o, "pattern", input ? OA_DATETIME_IN : OA_DATETIME_OUT);
		break;
	case FT_BOOL:
		oa_type(o, "boolean", nullable);
		break;
	case FT_ENUM:
		oa_type(o, "string", nullable);
		codes = oa_arr();
		labels = oa_obj();
		for (const struct enum_opt *op = f->opts; op && op->code; op++) {
			oa_push(codes, json_string(op->code));
			oa_sets(labels, op->code, op->label);
		}
		if (nullable)
			oa_push(codes, json_null());
		oa_set(o, "enum", codes);
		oa_set(o, "x-enum-labels", labels);
		break;
	case FT_REF:
		oa_type(o, "integer", nullable);
		oa_set(o, "minimum", json_integer(1));
		oa_sets(o, "x-ref", f->ref);
		break;
	case FT_FILES:
		/* a stored NULL is shown as []; an input may send null for none */
		oa_type(o, "array", input && nullable);
		oa_set(o, "items", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
		oa_set(o, "maxItems", json_integer(ENT_MAX_FILES));
		oa_sets(o, "x-ref", "files");
		break;
	case FT_USCC:
		oa_type(o, "string", nullable);
		oa_sets(o, "pattern", input ? OA_USCC_IN : OA_USCC_OUT);
		oa_sets(o, "x-format", "uscc");
		break;
	case FT_PHONE:
		oa_type(o, "string", nullable);
		oa_sets(o, "pattern", OA_PHONE);
		oa_sets(o, "x-format", "phone");
		break;
	case FT_LAT:
	case FT_LNG:
		oa_type(o, "number", nullable);
		oa_set(o, "minimum", json_integer(f->type == FT_LAT ? -90 : -180));
		oa_set(o, "maximum", json_integer(f->type == FT_LAT ? 90 : 180));
		break;
	case FT_EMAIL:
		oa_type(o, "string", nullable);
		oa_sets(o, "format", "email");
		oa_set(o, "maxLength", json_integer(254));
		break;
	}
	oa_sets(o, "title", f->label);
	if (f->help)
		oa_sets(o, "description", f->help);
	oa_sets(o, "x-type", ent_type_name(f->type));
	if (!input && ((f->flags & F_READONLY) || f->expr))
		oa_set(o, "readOnly", json_true());
	if (!input && f->expr)
		oa_set(o, "x-virtual", json_true());
	return o;
}

/* 1 if a client may set f in a create/update body (api.c strips the others). */
static int oa_input_field(const struct field_def *f)
{
	return !(f->flags & (F_READONLY | F_SECRET)) && !f->expr;
}

/* A datetime column the server keeps (created_at, updated_at); null for rows that
 * were not written through the core (shipped by a migration). */
static json_t *oa_stamp(const char *title)
{
	json_t *o = oa_typed("string", 1);

	oa_sets(o, "pattern", OA_DATETIME_OUT);
	oa_sets(o, "title", title);
	oa_set(o, "readOnly", json_true());
	return o;
}

/* The states of a workflow as [{code, label, open, final}] (new reference). */
static json_t *oa_states(const struct workflow *wf)
{
	json_t *a = oa_arr();

	for (size_t i = 0; i < wf->nstates; i++)
		oa_push(a, json_pack("{s:s, s:s, s:b, s:b}", "code", wf->states[i].code,
				     "label", wf->states[i].label,
				     "open", (wf->states[i].flags & WS_OPEN) != 0,
				     "final", (wf->states[i].flags & WS_FINAL) != 0));
	return a;
}

/* components.schemas.<entity>: the API form of a row (list items and GET). */
static json_t *oa_row_schema(const struct entity_def *e)
{
	json_t *o = oa_obj(), *props = oa_obj(), *v;
	char key[96];

	oa_sets(o, "type", "object");
	oa_sets(o, "title", e->label);
	v = oa_typed("integer", 0);
	oa_set(v, "minimum", json_integer(1));
	oa_set(v, "readOnly", json_true());
	oa_set(props, "id", v);
	v = oa_typed("integer", 1);
	oa_sets(v, "title", "所属单位");
	oa_set(props, "org_id", v);
	v = oa_typed("string", 1);
	oa_sets(v, "title", "所属单位名称");
	oa_set(v, "readOnly", json_true());
	oa_set(props, "org_name", v);
	oa_set(props, "created_at", oa_stamp("创建时间"));
	oa_set(props, "updated_at", oa_stamp("更新时间"));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (f->flags & F_SECRET)
			continue;
		oa_set(props, f->name, oa_field_schema(f, 0, 1));
		if (f->type == FT_REF) {
			snprintf(key, sizeof(key), "%s_label", f->name);
			v = oa_typed("string", 1);
			oa_sets(v, "title", f->label);
			oa_sets(v, "description", "被引用记录的名称");
			oa_set(v, "readOnly", json_true());
			oa_set(props, key, v);
		}
		if (f->type == FT_FILES) {
			snprintf(key, sizeof(key), "%s_files", f->name);
			v = oa_typed("array", 0);
			oa_set(v, "items", oa_ref("schemas", "FileInfo"));
			oa_sets(v, "title", f->label);
			oa_sets(v, "description", "附件信息（仅单条读取返回）");
			oa_set(v, "readOnly", json_true());
			oa_set(props, key, v);
		}
	}
	if (e->workflow) {
		const struct workflow *wf = e->workflow;
		json_t *verbs = oa_arr(), *item;

		for (size_t i = 0; i < wf->nactions; i++)
			oa_push(verbs, json_string(wf->actions[i].verb));
		item = json_pack("{s:s, s:[s,s], s:{s:{s:o}, s:{s:s}}}", "type", "object",
				 "required", "verb", "label", "properties", "verb", "enum", verbs,
				 "label", "type", "string");
		v = oa_typed("array", 0);
		oa_set(v, "items", item);
		oa_sets(v, "description", "当前用户此刻可对该记录执行的操作（仅单条读取返回）");
		oa_set(v, "readOnly", json_true());
		oa_set(props, "_actions", v);
		oa_sets(o, "x-status-field", wf->status_field);
		oa_set(o, "x-states", oa_states(wf));
	}
	oa_set(o, "properties", props);
	oa_set(o, "required", json_pack("[s,s,s,s,s]", "id", "org_id", "org_name",
					"created_at", "updated_at"));
	return o;
}

/* The properties of a create/update body of e (new reference); required (may be
 * NULL) gets the names of F_REQUIRED ones. */
static json_t *oa_input_props(const struct entity_def *e, json_t *required)
{
	json_t *props = oa_obj(), *v;

	if (!(e->flags & E_NO_ORG)) {
		v = oa_typed("integer", 1);
		oa_set(v, "minimum", json_integer(1));
		oa_sets(v, "title", "所属单位");
		oa_sets(v, "description", "须在当前用户可见范围内；新建时缺省为当前用户的单位");
		oa_set(props, "org_id", v);
	}
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		int req = (f->flags & F_REQUIRED) != 0;
		if (!oa_input_field(f))
			continue;
		oa_set(props, f->name, oa_field_schema(f, 1, !req));
		if (req && required)
			oa_push(required, json_string(f->name));
	}
	return props;
}

/* The body of action a: its declared inputs, unknown keys refused (workflow.c). */
static json_t *oa_action_body(const struct wf_action *a)
{
	json_t *o = oa_obj(), *props = oa_obj(), *req = oa_arr();

	oa_sets(o, "type", "object");
	for (size_t i = 0; i < a->ninputs; i++) {
		const struct field_def *f = &a->inputs[i];
		int r = (f->flags & F_REQUIRED) != 0;
		oa_set(props, f->name, oa_field_schema(f, 1, !r));
		if (r)
			oa_push(req, json_string(f->name));
	}
	oa_set(o, "properties", props);
	if (json_array_size(req))
		oa_set(o, "required", req);
	else
		json_decref(req);
	oa_set(o, "additionalProperties", json_false());
	return o;
}

/* "<Entity>List": e's name with its first letter upper-cased, then "List". */
static void oa_list_name(const struct entity_def *e, char *out, size_t n)
{
	snprintf(out, n, "%sList", e->name);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

/* Every entity's schemas into schemas. */
static void oa_entity_schemas(json_t *schemas)
{
	char name[160];

	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		json_t *req, *o;

		oa_set(schemas, e->name, oa_row_schema(e));
		if (!(e->flags & E_NO_CREATE)) {
			req = oa_arr();
			o = oa_obj();
			oa_sets(o, "type", "object");
			oa_sets(o, "title", e->label);
			oa_sets(o, "description", "新建请求体");
			oa_set(o, "properties", oa_input_props(e, req));
			oa_set(o, "required", req);
			snprintf(name, sizeof(name), "%sInput", e->name);
			oa_set(schemas, name, o);
		}
		if (!(e->flags & E_NO_UPDATE)) {
			o = oa_obj();
			oa_sets(o, "type", "object");
			oa_sets(o, "title", e->label);
			oa_sets(o, "description", "修改请求体（部分更新：未提供的字段保持原值）");
			oa_set(o, "properties", oa_input_props(e, NULL));
			snprintf(name, sizeof(name), "%sPatch", e->name);
			oa_set(schemas, name, o);
		}
		o = json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s, s:o}, s:{s:s, s:i}, s:{s:s, s:i}, "
			      "s:{s:s, s:i, s:i}}}", "type", "object",
			      "required", "items", "total", "page", "size",
			      "properties",
			      "items", "type", "array", "items", oa_ref("schemas", e->name),
			      "total", "type", "integer", "minimum", 0,
			      "page", "type", "integer", "minimum", 1,
			      "size", "type", "integer", "minimum", 1, "maximum", HTTP_MAX_PAGE_SIZE);
		oa_list_name(e, name, sizeof(name));
		oa_set(schemas, name, o);
	}
}

/* The shared schemas: Error (verr_send / http_error), FileInfo, Ok. */
static void oa_common_schemas(json_t *schemas)
{
	oa_set(schemas, "Error", json_pack(
		"{s:s, s:[s], s:{s:{s:s, s:[s,s], s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, "
		"s:{s:s, s:s, s:{s:s}}}}}}",
		"type", "object", "required", "error", "properties", "error",
		"type", "object", "required", "code", "message", "properties",
		"code", "type", "string", "description",
		"稳定的错误码：validation, bad_json, too_large, unauthorized, bad_credentials, locked, "
		"csrf, forbidden, not_found, method_not_allowed, conflict, bad_state, "
		"idempotency_busy, idempotency_mismatch, import_rejected, internal 等",
		"message", "type", "string", "description", "中文说明，字段错误时点名字段",
		"field", "type", "string", "description", "第一个出错的字段（仅字段错误）",
		"fields", "type", "object", "description", "每个出错字段的说明（仅字段错误）",
		"additionalProperties", "type", "string"));
	oa_set(schemas, "FileInfo", json_pack(
		"{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}",
		"type", "object", "required", "id", "name", "mime", "size", "properties",
		"id", "type", "integer", "name", "type", "string", "mime", "type", "string",
		"size", "type", "integer"));
	oa_set(schemas, "Ok", json_pack("{s:s, s:[s], s:{s:{s:s}}}", "type", "object",
					"required", "ok", "properties", "ok", "type", "boolean"));
}

/* components.responses: the standard errors, each an Error body. */
static void oa_error_responses(json_t *responses)
{
	for (size_t i = 0; i < ARRAY_SIZE(oa_errors); i++)
		oa_set(responses, oa_errors[i].name,
		       json_pack("{s:s, s:{s:{s:o}}}", "description", oa_errors[i].desc,
				 "content", "application/json", "schema", oa_ref("schemas", "Error")));
}

/* ----------------------------------------------------------- operations */

struct oa {
	json_t *doc;
	json_t *paths;		/* borrowed from doc */
	json_t *shapes;		/* path shape ("/api/user/{}") → the key used in paths */
	json_t *opids;		/* operationIds used (a set) */
	json_t *tags;		/* tags used, name → description or null (a set) */
};

/* The path key of pattern: ":x" segments become "{x}"; entity (may be NULL)
 * replaces a ":entity" segment. */
static void oa_templ(const char *pattern, const char *entity, struct buf *out)
{
	const char *p = pattern;

	buf_reset(out);
	while (*p) {
		const char *q;
		size_t n;

		buf_putc(out, '/');
		p++;
		q = strchr(p, '/');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n == 7 && entity && !memcmp(p, ":entity", 7)) {
			buf_puts(out, entity);
		} else if (p[0] == ':') {
			buf_putc(out, '{');
			buf_add(out, p + 1, n - 1);
			buf_putc(out, '}');
		} else {
			buf_add(out, p, n);
		}
		p += n;
	}
	if (!out->len)
		buf_putc(out, '/');
	if (buf_failed(out))
		BUG("openapi: out of memory");
}

/* The shape of a path key: every "{x}" becomes "{}". */
static void oa_shape(const char *key, struct buf *out)
{
	buf_reset(out);
	for (const char *p = key; *p; p++) {
		buf_putc(out, *p);
		if (*p == '{') {
			while (*p && *p != '}')
				p++;
			if (!*p)
				break;
			buf_putc(out, '}');
		}
	}
	if (buf_failed(out))
		BUG("openapi: out of memory");
}

/* The path-level parameters of a key: one per "{x}", ids as positive integers. */
static json_t *oa_path_params(const char *key)
{
	json_t *a = oa_arr();
	char name[64];

	for (const char *p = strchr(key, '{'); p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		size_t n = q ? (size_t)(q - p - 1) : 0;
		json_t *schema;
		int id;

		if (!n || n >= sizeof(name))
			continue;
		memcpy(name, p + 1, n);
		name[n] = '\0';
		id = !strcmp(name, "id") || (n > 3 && !strcmp(name + n - 3, "_id"));
		schema = id ? json_pack("{s:s, s:i}", "type", "integer", "minimum", 1) :
			json_pack("{s:s}", "type", "string");
		oa_push(a, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "path",
				     "required", 1, "schema", schema));
	}
	return a;
}

/* The lower-case method name of OpenAPI for one method bit, or NULL. */
static const char *oa_method(unsigned m)
{
	switch (m) {
	case HTTP_GET: return "get";
	case HTTP_POST: return "post";
	case HTTP_PUT: return "put";
	case HTTP_DELETE: return "delete";
	default: return NULL;	/* HEAD: served by GET, not listed */
	}
}

/* A unique operationId from base ([A-Za-z0-9_] kept, anything else '_'). */
static void oa_opid(struct oa *o, json_t *op, const char *base)
{
	char id[200], try[220];
	size_t n = 0;
	int k = 1;

	for (const char *p = base; *p && n + 1 < sizeof(id); p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_';
		if (!ok && (n == 0 || id[n - 1] == '_'))
			continue;
		id[n++] = ok ? c : '_';
	}
	while (n && id[n - 1] == '_')
		n--;
	id[n] = '\0';
	snprintf(try, sizeof(try), "%s", id);
	while (json_object_get(o->opids, try))
		snprintf(try, sizeof(try), "%s_%d", id, ++k);
	oa_set(o->opids, try, json_true());
	oa_sets(op, "operationId", try);
}

/* Records tag (with its description, when first known) and puts it on op. */
static void oa_tag(struct oa *o, json_t *op, const char *tag, const char *desc)
{
	json_t *cur = json_object_get(o->tags, tag);

	if (!cur || (json_is_null(cur) && desc))
		oa_set(o->tags, tag, desc ? json_string(desc) : json_null());
	oa_set(op, "tags", json_pack("[s]", tag));
}

/*
 * A new operation for method m at template key (a path of oa_templ), or NULL when
 * one is there already (the first described wins, as in the router). A key of the
 * same shape as an earlier one ("/api/x/{id}" and "/api/x/{xid}") joins the earlier
 * path, whose parameter names it then uses.
 */
static json_t *oa_op(struct oa *o, const char *key, unsigned m)
{
	struct buf shape;
	json_t *item, *k, *op;
	const char *method = oa_method(m);

	if (!method)
		return NULL;
	buf_init(&shape, 4096);
	oa_shape(key, &shape);
	k = json_object_get(o->shapes, buf_str(&shape));
	if (k) {
		key = json_string_value(k);
	} else {
		oa_set(o->shapes, buf_str(&shape), json_string(key));
	}
	buf_release(&shape);
	item = json_object_get(o->paths, key);
	if (!item) {
		json_t *params = oa_path_params(key);
		item = oa_obj();
		if (json_array_size(params))
			oa_set(item, "parameters", params);
		else
			json_decref(params);
		oa_set(o->paths, key, item);
	}
	if (json_object_get(item, method))
		return NULL;
	op = oa_obj();
	oa_set(item, method, op);
	return op;
}

/* Adds the standard error responses of bits to op's responses. */
static void oa_op_errors(json_t *op, unsigned bits)
{
	json_t *resp = oa_child(op, "responses");

	for (size_t i = 0; i < ARRAY_SIZE(oa_errors); i++)
		if (bits & oa_errors[i].bit)
			oa_set(resp, oa_errors[i].status, oa_ref("responses", oa_errors[i].name));
}

/* Security of an operation: none for public routes; cookie and CSRF header for a
 * state-changing one (router.c); otherwise the document's default (the cookie).
 * A state-changing one is a logged-in write, which router_dispatch runs through
 * idem_begin: it takes the Idempotency-Key header and may answer its refusals. */
static void oa_security(json_t *op, unsigned m, unsigned flags)
{
	json_t *params;

	if (flags & ROUTE_PUBLIC) {
		oa_set(op, "security", oa_arr());
	} else if (m != HTTP_GET && !(flags & ROUTE_NO_CSRF)) {
		oa_set(op, "security", json_pack("[{s:[], s:[]}]", "session", "csrf"));
		params = json_object_get(op, "parameters");
		if (!params) {
			params = oa_arr();
			oa_set(op, "parameters", params);
		}
		oa_push(params, oa_ref("parameters", "IdempotencyKey"));
		oa_op_errors(op, OE_400 | OE_409 | OE_422);
	}
}

/* Sets response status of op to a JSON body of schema (taken). */
static void oa_op_json(json_t *op, const char *status, const char *desc, json_t *schema)
{
	oa_set(oa_child(op, "responses"), status,
	       json_pack("{s:s, s:{s:{s:o}}}", "description", desc,
			 "content", "application/json", "schema", schema));
}

/* A required JSON request body of schema (taken). */
static void oa_op_body(json_t *op, json_t *schema)
{
	oa_set(op, "requestBody", json_pack("{s:b, s:{s:{s:o}}}", "required", 1,
					    "content", "application/json", "schema", schema));
}

/* The declared workflow action of a path "/api/<entity>/{x}/<verb>" for POST, or
 * NULL; *ep gets the entity. */
static const struct wf_action *oa_path_action(const char *key, unsigned m,
					      const struct entity_def **ep)
{
	char ent[96], verb[96];
	const struct entity_def *e;
	const char *p;
	int n = 0;

	if (m != HTTP_POST || strncmp(key, "/api/", 5) != 0)
		return NULL;
	p = key + 5;
	if (sscanf(p, "%95[^/]/{%*[^}]}/%95[^/]%n", ent, verb, &n) != 2 || p[n] != '\0')
		return NULL;
	e = entity_find(ent);
	if (!e || !e->workflow)
		return NULL;
	*ep = e;
	return wf_action_find(e->workflow, verb);
}

/* What an action operation declares: label, states, permission, inputs, roles
 * (mask: the roles that pass both the route and the action; 0 = every role). */
static void oa_action_fill(json_t *op, const struct entity_def *e, const struct wf_action *a,
			   int body, unsigned mask)
{
	const struct workflow *wf = e->workflow;
	json_t *from = oa_arr();
	char code[200];

	if (!json_object_get(op, "summary"))
		oa_sets(op, "summary", a->label);
	for (size_t i = 0; i < wf->nstates; i++)
		if (wf_from_ok(wf, a, wf->states[i].code))
			oa_push(from, json_string(wf->states[i].code));
	oa_set(op, "x-from-states", from);
	oa_set(op, "x-to-state", a->to ? json_string(a->to) : json_null());
	snprintf(code, sizeof(code), "%s:%s", e->name, a->verb);
	oa_sets(op, "x-permission", code);
	oa_set(op, "x-roles", oa_roles(mask));
	if (body)
		oa_op_body(op, oa_action_body(a));
	oa_op_json(op, "200", "操作后的记录", oa_ref("schemas", e->name));
}

/* The intersection of two role masks where 0 means every role. */
static unsigned oa_mask_and(unsigned a, unsigned b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return (a & b) ? (a & b) : (1u << ROLE_NONE);	/* nobody: no role bit set */
}

/* 1 if the router answers method m at key with rt (nobody shadows it). */
static int oa_wins(const struct route *rt, unsigned m, const char *key)
{
	int status;

	return router_match((enum http_method)m, key, NULL, &status) == rt;
}

/* The first path segment after "/api/" of key, up to '/', '.' or '{', into out. */
static void oa_first_seg(const char *key, char *out, size_t n)
{
	const char *p = strncmp(key, "/api/", 5) == 0 ? key + 5 : key + 1;
	size_t k = strcspn(p, "/.{");

	if (k >= n)
		k = n - 1;
	memcpy(out, p, k);
	out[k] = '\0';
	if (!out[0])
		snprintf(out, n, "%s", "api");
}

/* One operation of a module route (or of a generic route that no declaration
 * explains): what the route table says, plus a workflow action's declaration when
 * the path is one. entity: the entity a ":entity" segment was expanded for. */
static void oa_route_op(struct oa *o, const struct route *rt, unsigned m, const char *key,
			const struct entity_def *entity)
{
	const struct entity_def *e = entity, *ae = NULL;
	const struct wf_action *a = oa_path_action(key, m, &ae);
	const char *summary = router_summary((enum http_method)m, rt->pattern);
	unsigned errs = OE_500;
	char seg[96], base[400];
	json_t *op;

	if (!oa_wins(rt, m, key) || !(op = oa_op(o, key, m)))
		return;
	if (!e) {
		oa_first_seg(key, seg, sizeof(seg));
		e = entity_find(seg);
	} else {
		snprintf(seg, sizeof(seg), "%s", e->name);
	}
	if (e)
		oa_tag(o, op, e->name, e->label);
	else
		oa_tag(o, op, seg, NULL);
	if (summary || a)
		oa_sets(op, "summary", summary ? summary : a->label);
	snprintf(base, sizeof(base), "%s%s", oa_method(m), key);
	oa_opid(o, op, base);
	oa_security(op, m, rt->flags);
	if (!(rt->flags & ROUTE_PUBLIC)) {
		oa_set(op, "x-roles", oa_roles(rt->roles));
		errs |= OE_401 | OE_403;
	} else if (m != HTTP_GET && rt->roles) {
		oa_set(op, "x-roles", oa_roles(rt->roles));
		errs |= OE_403;
	}
	if (strchr(key, '{'))
		errs |= OE_400 | OE_404;
	if (rt->flags & ROUTE_JSON) {
		errs |= OE_400 | OE_413;
		if (!a)
			oa_op_body(op, json_pack("{s:s}", "type", "object"));
	}
	if (rt->flags & ROUTE_UPLOAD) {
		errs |= OE_400 | OE_413;
		oa_set(op, "requestBody", json_pack(
			"{s:b, s:{s:{s:{s:s, s:[s], s:{s:{s:s, s:s}}}}}}", "required", 1,
			"content", "multipart/form-data", "schema", "type", "object",
			"required", "file", "properties", "file", "type", "string",
			"format", "binary"));
	}
	if (a) {
		oa_action_fill(op, ae, a, (rt->flags & ROUTE_JSON) != 0,
			       oa_mask_and(rt->roles, a->roles));
		errs |= OE_409;
	} else {
		/* the route table does not say which 2xx or what body: API.md does */
		oa_set(oa_child(op, "responses"), "2XX",
		       json_pack("{s:s}", "description", "成功（状态码与响应体见 API.md）"));
	}
	oa_op_errors(op, errs);
}

/* ---------------------------------------------------- generic entity rows */

/* Adds a query parameter unless op has one of that name (seen: a set). */
static void oa_qparam(json_t *params, json_t *seen, const char *name, json_t *schema,
		      const char *desc)
{
	json_t *p;

	if (json_object_get(seen, name)) {
		json_decref(schema);
		return;
	}
	oa_set(seen, name, json_true());
	p = json_pack("{s:s, s:s, s:o}", "name", name, "in", "query", "schema", oa_chk(schema));
	if (desc)
		oa_sets(p, "description", desc);
	oa_push(params, p);
}

/* Columns every list may sort by besides the F_SORT fields (list.c). */
static const char *const oa_sort_fixed[] = {"id", "created_at", "updated_at"};

/* The schema of an exact filter ?f= (list.c: bool as true/false/1/0). */
static json_t *oa_filter_schema(const struct field_def *f)
{
	if (f->type == FT_BOOL)
		return json_pack("{s:s, s:[s,s,s,s], s:s}", "type", "string",
				 "enum", "true", "false", "1", "0", "title", f->label);
	return oa_field_schema(f, 1, 0);
}

/* The filter, keyword, org and sort parameters shared by list and export, and for
 * the list (page_params) page, size and fields too. */
static json_t *oa_list_params(const struct entity_def *e, int page_params)
{
	json_t *params = oa_arr(), *seen = oa_obj(), *sorts = oa_arr(), *names = oa_arr();
	struct buf kw;
	const char *ds = e->default_sort ? e->default_sort : "-id";
	char pn[128];
	int nsearch = 0;

	buf_init(&kw, 4096);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if ((f->flags & F_FILTER) && !(f->flags & F_SECRET))
			oa_qparam(params, seen, f->name, oa_filter_schema(f), f->label);
	}
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & F_RANGE) || (f->flags & F_SECRET))
			continue;
		snprintf(pn, sizeof(pn), "%s_from", f->name);
		oa_qparam(params, seen, pn, oa_field_schema(f, 1, 0), "下限（含）");
		snprintf(pn, sizeof(pn), "%s_to", f->name);
		oa_qparam(params, seen, pn, oa_field_schema(f, 1, 0), "上限（含）");
	}
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & F_SEARCH) || (f->flags & F_SECRET) || f->expr)
			continue;
		buf_puts(&kw, nsearch++ ? "、" : "关键词，模糊匹配：");
		buf_puts(&kw, f->label);
	}
	if (buf_failed(&kw))
		BUG("openapi: out of memory");
	if (nsearch)
		oa_qparam(params, seen, "q", json_pack("{s:s}", "type", "string"), buf_str(&kw));
	buf_release(&kw);
	oa_qparam(params, seen, "org_id", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1),
		  "所属单位及其下级");
	/* sort: the fixed columns and F_SORT fields, ascending or with '-' descending */
	for (size_t i = 0; i < ARRAY_SIZE(oa_sort_fixed); i++) {
		oa_push(sorts, json_string(oa_sort_fixed[i]));
		snprintf(pn, sizeof(pn), "-%s", oa_sort_fixed[i]);
		oa_push(sorts, json_string(pn));
	}
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & F_SORT) || (f->flags & F_SECRET))
			continue;
		oa_push(sorts, json_string(f->name));
		snprintf(pn, sizeof(pn), "-%s", f->name);
		oa_push(sorts, json_string(pn));
	}
	oa_qparam(params, seen, "sort", json_pack("{s:s, s:o, s:s}", "type", "string",
						  "enum", sorts, "default", ds),
		  "排序字段，前缀 - 为降序");
	if (page_params) {
		oa_push(params, oa_ref("parameters", "page"));
		oa_push(params, oa_ref("parameters", "size"));
		for (size_t i = 0; i < e->nfields; i++)
			if (!(e->fields[i].flags & F_SECRET))
				oa_push(names, json_string(e->fields[i].name));
		if (!json_object_get(seen, "fields"))
			oa_push(params, json_pack("{s:s, s:s, s:s, s:b, s:{s:s, s:{s:s, s:o}}, s:s}",
						  "name", "fields", "in", "query", "style", "form",
						  "explode", 0, "schema", "type", "array", "items",
						  "type", "string", "enum", names,
						  "description", "只返回这些字段（外加固定列），逗号分隔"));
		else
			json_decref(names);
	} else {
		json_decref(names);
	}
	json_decref(seen);
	return params;
}

/* Sets the identity of a generic operation: tag, summary, operationId, x-roles. */
static void oa_generic_head(struct oa *o, json_t *op, const struct entity_def *e,
			    const char *what, const char *summary, unsigned mask)
{
	char base[200];

	oa_tag(o, op, e->name, e->label);
	oa_sets(op, "summary", summary);
	snprintf(base, sizeof(base), "%s_%s", e->name, what);
	oa_opid(o, op, base);
	oa_set(op, "x-roles", oa_roles(mask));
}

/*
 * The operations of generic route rt (pattern "/api/:entity…") for method m and
 * entity e, each only where the router would run rt: the rest of the pattern says
 * which (list, create, export, read, update, delete, actions); any other generic
 * pattern is described like a module route.
 */
static void oa_generic(struct oa *o, const struct route *rt, unsigned m,
		       const struct entity_def *e)
{
	const char *rest = rt->pattern + strlen("/api/:entity");
	struct buf key;
	json_t *op;
	char s[300];

	buf_init(&key, 4096);
	oa_templ(rt->pattern, e->name, &key);
	if (!strcmp(rest, "/:id/:verb") && m == HTTP_POST) {
		const struct workflow *wf = e->workflow;
		size_t base = key.len - strlen("/{verb}");

		for (size_t i = 0; wf && i < wf->nactions; i++) {
			const struct wf_action *a = &wf->actions[i];

			key.len = base;
			buf_printf(&key, "/%s", a->verb);
			if (buf_failed(&key))
				BUG("openapi: out of memory");
			if (!oa_wins(rt, m, buf_str(&key)) || !(op = oa_op(o, buf_str(&key), m)))
				continue;
			oa_generic_head(o, op, e, a->verb, a->label, a->roles);
			oa_security(op, m, rt->flags);
			oa_action_fill(op, e, a, 1, a->roles);
			oa_op_errors(op, OE_400 | OE_401 | OE_403 | OE_404 | OE_409 | OE_413 | OE_500);
		}
		goto out;
	}
	if (!oa_wins(rt, m, buf_str(&key)))
		goto out;
	if (!strcmp(rest, "") && m == HTTP_GET) {
		if (!(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "%s列表", e->label);
		oa_generic_head(o, op, e, "list", s, e->read_roles);
		oa_set(op, "parameters", oa_list_params(e, 1));
		oa_list_name(e, s, sizeof(s));
		oa_op_json(op, "200", "一页记录", oa_ref("schemas", s));
		oa_op_errors(op, OE_400 | OE_401 | OE_403 | OE_500);
	} else if (!strcmp(rest, "") && m == HTTP_POST) {
		if ((e->flags & E_NO_CREATE) || !(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "新建%s", e->label);
		oa_generic_head(o, op, e, "create", s, e->write_roles);
		oa_security(op, m, rt->flags);
		snprintf(s, sizeof(s), "%sInput", e->name);
		oa_op_body(op, oa_ref("schemas", s));
		oa_op_json(op, "201", "新建的记录", oa_ref("schemas", e->name));
		oa_op_errors(op, OE_400 | OE_401 | OE_403 | OE_404 | OE_409 | OE_413 | OE_500);
	} else if (!strcmp(rest, "/export") && m == HTTP_GET) {
		if (!(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "导出%s台账", e->label);
		oa_generic_head(o, op, e, "export", s, e->read_roles);
		oa_set(op, "parameters", oa_list_params(e, 0));
		oa_set(oa_child(op, "responses"), "200", json_pack(
			"{s:s, s:{s:{s:{s:s}}}, s:{s:{s:{s:s, s:s, s:s}}}}",
			"description", "Excel 台账（列为列表列与导出列，中文表头）",
			"headers", "Content-Disposition", "schema", "type", "string",
			"content", OA_XLSX, "schema", "type", "string", "format", "binary",
			"contentMediaType", OA_XLSX));
		oa_op_errors(op, OE_400 | OE_401 | OE_403 | OE_500);
	} else if (!strcmp(rest, "/:id") && m == HTTP_GET) {
		if (!(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "查看%s", e->label);
		oa_generic_head(o, op, e, "get", s, e->read_roles);
		oa_op_json(op, "200", "记录", oa_ref("schemas", e->name));
		oa_op_errors(op, OE_401 | OE_403 | OE_404 | OE_500);
	} else if (!strcmp(rest, "/:id") && m == HTTP_PUT) {
		if ((e->flags & E_NO_UPDATE) || !(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "修改%s", e->label);
		oa_generic_head(o, op, e, "update", s, e->write_roles);
		oa_security(op, m, rt->flags);
		snprintf(s, sizeof(s), "%sPatch", e->name);
		oa_op_body(op, oa_ref("schemas", s));
		oa_op_json(op, "200", "修改后的记录", oa_ref("schemas", e->name));
		oa_op_errors(op, OE_400 | OE_401 | OE_403 | OE_404 | OE_409 | OE_413 | OE_500);
	} else if (!strcmp(rest, "/:id") && m == HTTP_DELETE) {
		if ((e->flags & E_NO_DELETE) || !(op = oa_op(o, buf_str(&key), m)))
			goto out;
		snprintf(s, sizeof(s), "删除%s", e->label);
		oa_generic_head(o, op, e, "delete", s, e->write_roles);
		oa_security(op, m, rt->flags);
		oa_op_json(op, "200", "已删除", oa_ref("schemas", "Ok"));
		oa_op_errors(op, OE_401 | OE_403 | OE_404 | OE_409 | OE_500);
	} else {
		oa_route_op(o, rt, m, buf_str(&key), e);
	}
out:
	buf_release(&key);
}

/* 1 if pattern's first segment after /api is ":entity" (a generic row route). */
static int oa_is_generic(const char *pattern)
{
	size_t n = strlen("/api/:entity");

	return !strncmp(pattern, "/api/:entity", n) && (pattern[n] == '\0' || pattern[n] == '/');
}

/* ---------------------------------------------------------------- document */

/* components.parameters.IdempotencyKey: the header of idempotency.c, with its rules
 * (the numbers are idempotency.c's, from http.h). */
static void oa_idem_param(json_t *params)
{
	char desc[2048], pattern[64];

	snprintf(desc, sizeof(desc),
		 "提交标识（选填，登录后的写请求）：客户端为一次修改生成的随机标识（%d 至 %d 位字母、数字、"
		 "下划线或连字符，如 UUID），离线队列等在响应丢失后重发时带同一标识，该修改只执行一次。"
		 "标识属于当前用户（其他用户的相同标识互不相干），服务器只保存其 SHA-256 与请求指纹"
		 "（方法、路径、查询参数、请求体或上传文件的 SHA-256）。"
		 "首次请求成功（2xx 且为 JSON 响应、不超过 %u KiB）时保存其状态码与响应体 %d 小时："
		 "其间同一标识、相同请求再次提交不再执行，直接返回保存的响应（响应头 Idempotent-Replayed: true）；"
		 "首次请求被拒绝或失败（非 2xx，或响应未保存）时标识释放，可用同一标识重试。"
		 "首次请求仍在处理时重发：409 idempotency_busy（Retry-After: 2）；"
		 "处理超过 %d 秒仍无响应的占用视为失效，下一次提交重新执行。"
		 "同一标识用于方法、路径、查询参数或请求体不同的请求：422 idempotency_mismatch，不执行；"
		 "格式不符：400 validation（field 为 idempotency_key）。不带此请求头的请求照常执行。",
		 IDEM_KEY_MIN, IDEM_KEY_MAX, IDEM_MAX_BODY >> 10, IDEM_KEEP / 3600, IDEM_STALE);
	snprintf(pattern, sizeof(pattern), "^[A-Za-z0-9_-]{%d,%d}$", IDEM_KEY_MIN, IDEM_KEY_MAX);
	oa_set(params, "IdempotencyKey", json_pack(
		"{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i, s:s}}", "name", "Idempotency-Key",
		"in", "header", "required", 0, "description", desc, "schema", "type", "string",
		"minLength", IDEM_KEY_MIN, "maxLength", IDEM_KEY_MAX, "pattern", pattern));
}

/* components: security schemes, shared parameters, responses, schemas. */
static void oa_components(json_t *doc)
{
	json_t *c = oa_child(doc, "components");
	json_t *params = oa_child(c, "parameters");

	oa_set(c, "securitySchemes", json_pack(
		"{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}",
		"session", "type", "apiKey", "in", "cookie", "name", SESSION_COOKIE,
		"description", "登录（POST /api/auth/login）后服务器设置的会话 Cookie（HttpOnly, SameSite=Strict）",
		"csrf", "type", "apiKey", "in", "header", "name", "X-Anjian-CSRF",
		"description", "会话的 CSRF 令牌（GET /api/auth/me 的 csrf）；除登录外的写请求必须携带"));
	oa_set(params, "page", json_pack("{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i}}",
					 "name", "page", "in", "query", "description", "页码",
					 "schema", "type", "integer", "minimum", 1, "maximum", 10000000,
					 "default", 1));
	oa_set(params, "size", json_pack("{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i}}",
					 "name", "size", "in", "query", "description", "每页条数",
					 "schema", "type", "integer", "minimum", 1,
					 "maximum", HTTP_MAX_PAGE_SIZE, "default", 20));
	oa_idem_param(params);
	oa_error_responses(oa_child(c, "responses"));
	oa_common_schemas(oa_child(c, "schemas"));
	oa_entity_schemas(oa_child(c, "schemas"));
}

/* qsort order of path keys (byte order: a prefix's subpaths follow it). */
static int oa_key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Replaces doc.paths with the same members in key order, so each entity's paths
 * (list, export, module views, row, actions) stand together. */
static void oa_sort_paths(json_t *doc)
{
	json_t *paths = json_object_get(doc, "paths"), *sorted = oa_obj();
	size_t n = json_object_size(paths), i = 0;
	const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	const char *k;
	json_t *v;

	json_object_foreach(paths, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof(*keys), oa_key_cmp);
	for (i = 0; i < n; i++)
		oa_set(sorted, keys[i], json_incref(json_object_get(paths, keys[i])));
	free(keys);
	oa_set(doc, "paths", sorted);	/* frees the old object after the copy */
}

/* Builds the document from the router's tables and the entity registry (see the
 * file comment). New reference; the caller owns it. */
json_t *ent_openapi_build(void)
{
	struct oa o;
	struct buf key;
	json_t *tags;
	const char *k;
	json_t *v;

	memset(&o, 0, sizeof(o));
	o.doc = oa_obj();
	o.shapes = oa_obj();
	o.opids = oa_obj();
	o.tags = oa_obj();
	oa_sets(o.doc, "openapi", "3.1.0");
	oa_set(o.doc, "info", json_pack("{s:s, s:s, s:s}", "title", "安监 anjian API",
					"version", ANJIAN_VERSION, "description",
					"由服务器运行所用的路由表与实体声明生成（API.md）。"
					"JSON 为 UTF-8；时间 YYYY-MM-DD HH:MM:SS（北京时间），日期 YYYY-MM-DD。"));
	oa_set(o.doc, "servers", json_pack("[{s:s}]", "url", "/"));
	oa_set(o.doc, "security", json_pack("[{s:[]}]", "session"));
	tags = oa_arr();
	oa_set(o.doc, "tags", tags);
	o.paths = oa_child(o.doc, "paths");
	buf_init(&key, 4096);
	for (size_t i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);

		for (unsigned m = 1; m <= HTTP_DELETE; m <<= 1) {
			if (!(rt->methods & m))
				continue;
			if (oa_is_generic(rt->pattern)) {
				for (size_t j = 0; j < entity_count(); j++)
					oa_generic(&o, rt, m, entity_at(j));
			} else {
				oa_templ(rt->pattern, NULL, &key);
				oa_route_op(&o, rt, m, buf_str(&key), NULL);
			}
		}
	}
	buf_release(&key);
	oa_sort_paths(o.doc);
	/* tags: entities in registry order, then the other path prefixes as met */
	for (size_t j = 0; j < entity_count(); j++) {
		const struct entity_def *e = entity_at(j);
		if (json_object_get(o.tags, e->name)) {
			oa_push(tags, json_pack("{s:s, s:s}", "name", e->name, "description", e->label));
			json_object_del(o.tags, e->name);
		}
	}
	json_object_foreach(o.tags, k, v)
		oa_push(tags, json_pack("{s:s}", "name", k));
	oa_components(o.doc);
	json_decref(o.shapes);
	json_decref(o.opids);
	json_decref(o.tags);
	return o.doc;
}

/* ------------------------------------------------------------- the route */

/* The serialised document, built on the first request and kept for the life of
 * the process (declarations do not change after start-up). */
static pthread_once_t oa_once = PTHREAD_ONCE_INIT;
static char *oa_bytes;
static size_t oa_len;

/* pthread_once body: builds, serialises and keeps the document. */
static void oa_cache(void)
{
	json_t *doc = ent_openapi_build();

	oa_bytes = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!oa_bytes)
		BUG("openapi: out of memory");
	oa_len = strlen(oa_bytes);
}

/* GET /api/openapi.json (public). */
int ent_h_openapi(struct req *r, struct resp *s)
{
	(void)r;
	pthread_once(&oa_once, oa_cache);
	buf_reset(&s->body);
	s->content_type = NULL;
	if (buf_add(&s->body, oa_bytes, oa_len) < 0 || buf_failed(&s->body))
		return http_internal(s);
	s->status = 200;
	return 200;
}
