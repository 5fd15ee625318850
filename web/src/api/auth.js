// Auth endpoints (src/mod/account.c): login, logout, me, own password.
import request from '@/utils/request';

export const login = (username, password) =>
  request('/api/auth/login', { method: 'POST', data: { username, password }, silent: true });
export const logout = () => request('/api/auth/logout', { method: 'POST', silent: true });
export const getMe = () => request('/api/auth/me', { silent: true });
export const changePassword = (old_password, new_password) =>
  request('/api/auth/password', { method: 'POST', data: { old_password, new_password }, fieldErrors: true });
