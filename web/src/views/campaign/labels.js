// Labels of campaign_task (src/mod/campaign.c): states, the progress cells and
// their colours (the same on the matrix, the enterprise's page and the drawer).
export const STATUS = { pending: '待提交', submitted: '已提交', accepted: '通过', returned: '退回' };
export const CELLS = [
  { code: 'done', label: '按时完成', color: '#67c23a', bg: '#e1f3d8', tag: 'success' },
  { code: 'late', label: '逾期完成', color: '#e6a23c', bg: '#faecd8', tag: 'warning' },
  { code: 'missing', label: '逾期未交', color: '#f56c6c', bg: '#fde2e2', tag: 'danger' },
  { code: 'returned', label: '退回待改', color: '#9b59b6', bg: '#eadcf2', tag: 'danger' },
  { code: 'waiting', label: '未到期', color: '#909399', bg: '#f4f4f5', tag: 'info' },
];
export const CELL = Object.fromEntries(CELLS.map((c) => [c.code, c.label]));
export const CELL_TAG = Object.fromEntries(CELLS.map((c) => [c.code, c.tag]));
export const CELL_BG = Object.fromEntries(CELLS.map((c) => [c.code, c.bg]));
export const KIND = { selfcheck: '对标自查', activity: '活动记录', document: '材料/总结' };
export const ACTIVITY = { study: '一学', snapshot: '一拍', exchange: '一交流', lecture: '一讲', article: '一谈', inspection: '一检查' };
