// The labels of the submission module's codes (src/mod/submit.c status_opts,
// cell_opts, result_opts), for rows that carry codes only.
export const STATUS = { draft: '待报送', submitted: '待审核', accepted: '已通过', returned: '已退回' };
export const CELL = { not_due: '未到期', on_time: '按时报送', late: '逾期报送', missing: '未报', returned: '退回待改' };
export const RESULT = { pending: '待审核', accepted: '已通过', returned: '已退回' };
export const CELL_TAG = { not_due: 'info', on_time: 'success', late: 'warning', missing: 'danger', returned: 'danger' };
