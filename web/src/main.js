// Entry: Vue 3 + Element Plus (zh-cn) + router; every icon registered globally so
// menus can name them as strings; v-perm (directives/perm.js) for permission codes.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import * as Icons from '@element-plus/icons-vue';
import 'dayjs/locale/zh-cn';
import App from './App.vue';
import router from './router';
import { setRouter } from './utils/request';
import perm from './directives/perm';
import './styles/index.css';

const app = createApp(App);
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp);
app.use(ElementPlus, { locale: zhCn });
app.directive('perm', perm);
app.use(router);
setRouter(router);
app.mount('#app');
