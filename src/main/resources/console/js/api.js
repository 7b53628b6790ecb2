// The API as the console calls it: JSON over fetch, live lists over WebSockets, and the key when the node asks
// for one. The key lives in sessionStorage (this tab's session), travels in the Authorization header on fetches
// and as the `bearer.<key>` subprotocol on sockets (browsers cannot set headers there); never in a URL.

const KEY_ENTRY = 'ebb.apiKey';

/** An answer other than 2xx: the API's JSON error body, kept whole. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function storedKey() {
  return sessionStorage.getItem(KEY_ENTRY);
}

let asking = null;

/** Asks for a key once, however many requests were refused at the same time; null when the user cancels. */
function askForKey(message) {
  if (!asking) {
    asking = new Promise((resolve) => {
      const dialog = document.getElementById('key-dialog');
      const input = document.getElementById('key-input');
      const note = dialog.querySelector('p');
      if (message) {
        note.dataset.reason = message;
      }
      input.value = '';
      dialog.addEventListener('close', () => {
        const key = dialog.returnValue === 'ok' ? input.value.trim() : '';
        if (key) {
          sessionStorage.setItem(KEY_ENTRY, key);
        }
        asking = null;
        resolve(key || null);
      }, { once: true });
      dialog.showModal();
    });
  }
  return asking;
}

/** GET (or another method with a JSON body) a path of this node; asks for a key once on a 401. */
export async function api(path, { method = 'GET', body } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const key = storedKey();
    if (key) {
      headers.Authorization = `Bearer ${key}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(path, { method, headers, body: payload });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (response.ok) {
      return json;
    }
    if (response.status === 401 && attempt === 0) {
      if (key) {
        sessionStorage.removeItem(KEY_ENTRY); // refused: this key is not (or no longer) known
      }
      if (await askForKey(json?.message)) {
        continue;
      }
    }
    throw new ApiError(response.status, json);
  }
}

/**
 * A WebSocket to a path of this node that reconnects after a drop (with a growing pause) until `close()`.
 * `onMessage` gets each text frame parsed as JSON; `onState` 'open' or 'closed'.
 */
export function socket(path, { onMessage, onState = () => {} }) {
  const url = new URL(path, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let ws = null;
  let stopped = false;
  let pause = 500;
  const connect = () => {
    const key = storedKey();
    ws = key ? new WebSocket(url, [`bearer.${key}`]) : new WebSocket(url);
    ws.onopen = () => {
      pause = 500;
      onState('open');
    };
    ws.onmessage = (e) => onMessage(JSON.parse(e.data));
    ws.onclose = () => {
      onState('closed');
      if (!stopped) {
        setTimeout(connect, pause);
        pause = Math.min(pause * 2, 15000);
      }
    };
  };
  connect();
  return { close: () => { stopped = true; ws?.close(); } };
}
