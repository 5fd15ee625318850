// Enterprise module (src/mod/enterprise.c): import from .xlsx/.csv and its template.
import request from '@/utils/request';

export const importTemplateUrl = '/api/enterprise/import/template';

/**
 * POST /api/enterprise/import (multipart, field "file").
 * Resolves to {total, imported, errors:[]} on success; a rejected import resolves to
 * {rejected:true, message, total, imported:0, errors:[{row,field,label,message}]}.
 */
export async function importEnterprises(file) {
  const form = new FormData();
  form.append('file', file);
  try {
    return await request('/api/enterprise/import', { method: 'POST', form, silent: true });
  } catch (e) {
    if (e.code === 'import_rejected' && e.body) {
      return { rejected: true, message: e.message, total: e.body.total, imported: 0, errors: e.body.errors || [] };
    }
    throw e;
  }
}
