// Placeholder until the studio lands: shows which sign-in modes this server offers.
fetch('app-config.json').then((r) => r.json()).then((config) => {
  const p = document.createElement('p');
  p.textContent = config.devToken ? 'Development mode' : 'Sign-in required';
  document.getElementById('app').append(p);
});
