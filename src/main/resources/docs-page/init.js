// Renders the served OpenAPI document. A file of its own, not an inline script, so the page's CSP
// allows scripts from this origin only.
window.addEventListener('DOMContentLoaded', () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#docs',
    deepLinking: true,
    // The default sends the document to an online validator: nothing leaves this origin.
    validatorUrl: null,
  });
});
