// Account module actions beyond generic CRUD (src/mod/account.c).
import request from '@/utils/request';

/** POST /api/user/:id/reset-password {password} */
export const resetPassword = (id, password) =>
  request(`/api/user/${id}/reset-password`, { method: 'POST', data: { password }, fieldErrors: true });
