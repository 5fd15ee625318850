// Attachments (src/entity/files.c): upload into an org, view/download by id.
import request from '@/utils/request';

/** POST /api/files?org_id=N (multipart "file") → {id,name,mime,size,sha256} */
export function uploadFile(file, orgId) {
  const form = new FormData();
  form.append('file', file);
  return request('/api/files', { method: 'POST', form, params: { org_id: orgId } });
}
export const fileUrl = (id, download = false) => `/api/files/${id}${download ? '?download=1' : ''}`;
