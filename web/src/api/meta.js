// GET /api/meta: every entity the caller may read — fields (labels, types, enum
// options, groups, help), and for an entity with a workflow its status field, states
// ({value,label,open,final}) and actions ({verb,label,perm,from,to,inputs}).
import request from '@/utils/request';

export const getMeta = (opts = {}) => request('/api/meta', opts);
