// Picks the page from the query: ?user=<id> opens that user; ?page=catalog|tuning|cluster the other pages;
// without either, the start page.
import { api } from './api.js';
import { showCatalog } from './catalog.js';
import { showCluster } from './cluster.js';
import { showTuning } from './tuning.js';
import { showUser } from './user.js';

const PAGES = { catalog: showCatalog, tuning: showTuning, cluster: showCluster };

const params = new URLSearchParams(location.search);
const page = document.getElementById('page');
const userId = params.get('user');
const pageName = userId ? 'user' : (PAGES[params.get('page')] ? params.get('page') : 'user');

document.getElementById('user-input').value = userId ?? '';
document.querySelectorAll('#pages a').forEach((a) => a.classList.toggle('active', a.dataset.page === pageName));
showNodeStatus();

if (userId) {
  showUser(page, userId);
} else if (pageName !== 'user') {
  PAGES[pageName](page, params);
} else {
  page.innerHTML = `
    <section class="card start">
      <h1>Watch a user's interests ebb</h1>
      <p>Open a user with the field above, or as <code>/console/?user=&lt;id&gt;</code>: their current
        recommendations and why each was chosen, their interests over time replayed from the journal with the fade
        ahead, and their latest events, all updated live.</p>
      <p>The other pages: the <a href="./?page=catalog">catalog</a> (search items, their similar items and
        popularity), <a href="./?page=tuning">tuning</a> (the serving model and the report that chose it) and the
        <a href="./?page=cluster">cluster</a> (nodes, shards, entities, load).</p>
    </section>`;
}

async function showNodeStatus() {
  const status = document.getElementById('node-status');
  try {
    await api('../health/ready');
    status.textContent = 'ready';
    status.className = 'node-status ready';
  } catch (e) {
    status.textContent = 'not ready';
    status.className = 'node-status not-ready';
  }
}
