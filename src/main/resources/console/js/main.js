// Picks the page from the query: ?user=<id> opens that user; without it, the start page.
import { api } from './api.js';
import { showUser } from './user.js';

const params = new URLSearchParams(location.search);
const page = document.getElementById('page');
const userId = params.get('user');

document.getElementById('user-input').value = userId ?? '';
showNodeStatus();

if (userId) {
  showUser(page, userId);
} else {
  page.innerHTML = `
    <section class="card start">
      <h1>Watch a user's interests ebb</h1>
      <p>Open a user with the field above, or as <code>/console/?user=&lt;id&gt;</code>: their current
        recommendations and why each was chosen, their interests over time replayed from the journal with the fade
        ahead, and their latest events, all updated live.</p>
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
