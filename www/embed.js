// The mock EHR's side of the embedding: listen for `codeglass-select` and read the form.
// (In a real EHR this is where the FHIR Coding goes into the chart.)
const chosen = document.getElementById('chosen');
const received = [];
window.codeglassEvents = received; // for the browser tests

document.getElementById('dx').addEventListener('codeglass-select', (event) => {
  const { code, display, fhir } = event.detail;
  received.push(event.detail);
  const li = document.createElement('li');
  li.textContent = `${code} — ${display ?? ''}  (${fhir.system})`;
  li.dataset.code = code;
  chosen.appendChild(li);
});

document.getElementById('coding').addEventListener('submit', (event) => {
  event.preventDefault(); // a mock: nothing is sent anywhere
  const data = new FormData(event.target);
  document.getElementById('submitted').textContent = JSON.stringify(Object.fromEntries(data.entries()));
});
