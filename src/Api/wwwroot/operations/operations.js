// The Orleans dashboard's page and the calls its script makes cannot carry the bearer header, so this page hands the
// administrator's token to the server once, which gives it back as a cookie only /orleans sees, and then goes there.
// The token comes from a sign-in link (#token=…) or from the command dashboard's sign-in in this browser.
import { startSession } from '/shared/session.js';
import { post, ApiError } from '/shared/api.js';

const status = document.getElementById('status');
const say = text => { status.textContent = text; };

const claims = startSession('dashboard');
if (!claims) {
  say('未登录。请打开管理员登录链接，并把 /dashboard/ 换成 /operations/。 · Signed out: open the administrator sign-in link with /dashboard/ replaced by /operations/.');
} else if (claims.role !== 'administrator') {
  say('仅限管理员。 · Administrators only.');
} else {
  try {
    await post('/api/operations/dashboard-session');
    location.replace('/orleans/');
  } catch (error) {
    say(error instanceof ApiError && error.status === 401
      ? '登录已失效，请重新打开登录链接。 · The sign-in has expired or was revoked; open a new sign-in link.'
      : `无法打开运行面板 · Could not open the dashboard: ${error.message}`);
  }
}
