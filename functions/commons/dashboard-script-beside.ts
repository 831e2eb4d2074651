import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_SCRIPT_DIR, DASHBOARD_SCRIPT_FILE, type DashboardScriptSource } from '../../web/dashboard/page/script.js';

/**
 * The dashboard's script in Lambda: the file the deploy ships beside the bundle (cdk/dashboard-script.ts),
 * read on the first page. Run from the repository (tests import functions/ from source) no file lies beside
 * the module: the pages then name no script and work without it (a link reloads the numbers).
 */
export function dashboardScriptBeside(): DashboardScriptSource {
  return async () => {
    // In the bundle import.meta.url is index.mjs: the file is `<bundle>/dashboard-assets/glance.js`.
    const shipped = fileURLToPath(new URL(`./${DASHBOARD_SCRIPT_DIR}/${DASHBOARD_SCRIPT_FILE}`, import.meta.url));
    return existsSync(shipped) ? readFile(shipped, 'utf8') : null;
  };
}
