// Entry: Vue 3 + the router; Element Plus is imported where it is used
// (plugins/element-on-demand.js turns each <el-…> tag and icon tag into an import),
// so this file installs only what lives outside the component tree: the zh-cn locale
// as the app's global config and the context of the message, message-box and
// notification services; v-loading (directives/loading.js: Element Plus's mask
// without its per-mask Vue app) and v-perm (directives/perm.js) for permission codes.
// The full Element Plus stylesheet stays one long-cached file.
import { createApp } from 'vue';
import { ElMessage, ElMessageBox, ElNotification, provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import 'dayjs/locale/zh-cn';
import App from './App.vue';
import router from './router';
import { setRouter } from './utils/request';
import perm from './directives/perm';
import loading from './directives/loading';
import './styles/index.css';

performance.mark('anjian:main');	/* the bundle has run (tests/e2e/firstload.test.mjs) */
const app = createApp(App);
provideGlobalConfig({ locale: zhCn }, app, true);
for (const p of [ElMessage, ElMessageBox, ElNotification]) app.use(p);
app.directive('loading', loading);
app.directive('perm', perm);
app.use(router);
setRouter(router);
app.mount('#app');
