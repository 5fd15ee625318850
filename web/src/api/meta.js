// GET /api/meta: every entity's declaration (fields, labels, can_* for my role).
import request from '@/utils/request';

export const getMeta = () => request('/api/meta');
