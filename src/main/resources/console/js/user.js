// The user page (filled in by the next steps).
export function showUser(page, userId) {
  page.innerHTML = '';
  const h = document.createElement('h1');
  h.textContent = `User ${userId}`;
  page.append(h);
}
