// What one pass of the sender did, as one Chinese sentence (POST /api/notify/run).
export function runSummary(st) {
  if (!st || !st.claimed) return st && st.digests ? `已生成 ${st.digests} 条每日汇总，暂无其他待发送的通知` : '暂无待发送的通知';
  const parts = [`已发送 ${st.sent} 条`];
  if (st.failed) parts.push(`失败 ${st.failed} 条（稍后自动重试）`);
  if (st.dead) parts.push(`放弃 ${st.dead} 条`);
  if (st.deferred) parts.push(`${st.deferred} 条因渠道故障留待下次`);
  if (st.digests) parts.push(`生成每日汇总 ${st.digests} 条`);
  return parts.join('，');
}
