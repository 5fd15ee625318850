// Notify module (src/mod/notify.c, 消息通知): outbound channels and their
// deliveries, for the administrator (the channels' permission codes).
const GROUP = '消息通知';

export default [
  { path: '/notify/channel', name: 'notify-channel', component: () => import('@/views/notify/channel.vue'),
    meta: { title: '通知渠道', icon: 'ChatDotRound', perm: 'notify_channel:read', group: GROUP, groupIcon: 'Bell', menu: 170 } },
  { path: '/notify/delivery', name: 'notify-delivery', component: () => import('@/views/notify/delivery.vue'),
    meta: { title: '发送记录', icon: 'Message', perm: 'notify_delivery:read', group: GROUP, menu: 171 } },
];
