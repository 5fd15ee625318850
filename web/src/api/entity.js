// Generic entity endpoints (src/entity, API.md "Entities"): one function per verb.
import request, { toQuery } from '@/utils/request';

/** GET /api/<entity>?page=&size=&sort=&q=&<filters> → {items,total,page,size} */
export const list = (entity, params, opts = {}) => request(`/api/${entity}`, { params, ...opts });
/** GET /api/<entity>/:id → row (with <field>_files for files fields, "_actions" for
 * an entity with a workflow) */
export const get = (entity, id, opts = {}) => request(`/api/${entity}/${id}`, opts);
/** POST /api/<entity> → 201 row; field errors are left to the form. */
export const create = (entity, data) => request(`/api/${entity}`, { method: 'POST', data, fieldErrors: true });
/** PUT /api/<entity>/:id (partial) → row */
export const update = (entity, id, data) => request(`/api/${entity}/${id}`, { method: 'PUT', data, fieldErrors: true });
/** DELETE /api/<entity>/:id → {ok:true} */
export const remove = (entity, id) => request(`/api/${entity}/${id}`, { method: 'DELETE' });
/** URL of the .xlsx ledger of the same list (opened in a new tab / download). */
export const exportUrl = (entity, params) => `/api/${entity}/export${toQuery(params)}`;
/** POST /api/<entity>/:id/<verb> with the action's inputs (entity.h "Workflows"):
 * → the row (or the row the action created, 201); 400 per field, 403 forbidden,
 * 409 bad_state. */
export const action = (entity, id, verb, data = {}, opts = {}) =>
  request(`/api/${entity}/${id}/${verb}`, { method: 'POST', data, ...opts });
