// Attachments (src/entity/files.c): upload into an org, view/download by id.
import request from '@/utils/request';

/** POST /api/files?org_id=N (multipart "file") → {id,name,mime,size,sha256}; opts are
 * request()'s (an offline queue passes silent and an Idempotency-Key header). */
export function uploadFile(file, orgId, opts = {}) {
  const form = new FormData();
  form.append('file', file);
  return request('/api/files', { method: 'POST', form, params: { org_id: orgId }, ...opts });
}
export const fileUrl = (id, download = false) => `/api/files/${id}${download ? '?download=1' : ''}`;
