// 任务清单 (src/mod/task.c): the import of a task list table (the seeds/003 annex's
// columns as they are).
import request from '@/utils/request';

/**
 * POST /api/task/import?list_name=&year= (multipart "file"). Resolves to
 * {total, imported, assigned}; a rejected file resolves to
 * {rejected:true, message, total, errors:[{row, field, label, message}]}.
 */
export async function importTasks(file, listName, year) {
  const form = new FormData();
  form.append('file', file);
  const q = new URLSearchParams({ list_name: listName, year: String(year) });
  try {
    return await request(`/api/task/import?${q}`, { method: 'POST', form, silent: true });
  } catch (e) {
    if (e.code === 'import_rejected' && e.body) {
      return { rejected: true, message: e.message, total: e.body.total, imported: 0, errors: e.body.errors || [] };
    }
    throw e;
  }
}
