// Notify module (src/mod/notify.c, 消息通知): channels with their secrets, the test
// message, the sender's pass and resending a delivery. Lists and reads are the
// generic entity endpoints (api/entity.js: notify_channel, notify_delivery).
import request from '@/utils/request';

/** POST /api/notify_channel → 201 channel; field errors are left to the form. */
export const createChannel = (data) => request('/api/notify_channel', { method: 'POST', data, fieldErrors: true });
/** PUT /api/notify_channel/:id (partial; a secret left out is kept, null clears it) → channel */
export const updateChannel = (id, data) => request(`/api/notify_channel/${id}`, { method: 'PUT', data, fieldErrors: true });
/** POST /api/notify_channel/:id/test → 201 the test delivery (status sent, or failed with last_error) */
export const testChannel = (id) => request(`/api/notify_channel/${id}/test`, { method: 'POST', data: {} });
/** POST /api/notify/run → {digests, claimed, sent, failed, dead, deferred} (立即发送) */
export const runNow = () => request('/api/notify/run', { method: 'POST', data: {} });
/** POST /api/notify_delivery/:id/resend → delivery, back to 待发送 */
export const resendDelivery = (id) => request(`/api/notify_delivery/${id}/resend`, { method: 'POST', data: {} });

/** Tag types of the delivery states. */
export const DELIVERY_STATUS_TAG = {
  pending: 'info', sending: 'primary', sent: 'success', failed: 'warning', dead: 'danger', merged: 'info',
};
/** Channel kinds: label and tag type. */
export const CHANNEL_KIND_TAG = { wecom: 'success', dingtalk: 'primary', email: 'warning' };
