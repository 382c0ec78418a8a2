// GraphiQL on the hub's own files: React, ReactDOM and GraphiQL's browser bundle are loaded by graphiql.html as plain
// scripts (globals React, ReactDOM, GraphiQL), so nothing here needs a bundler or a CDN. A file rather than an inline
// script, so the page's Content-Security-Policy can forbid inline scripts.
/* global React, ReactDOM, GraphiQL */

async function start() {
  const root = document.getElementById('graphiql');
  try {
    // One tab per example operation of src/api/examples.ts, named by GraphiQL after the operation.
    const response = await fetch('/graphiql/assets/examples.json');
    if (!response.ok) throw new Error(`examples.json answered ${response.status}`);
    const examples = await response.json();
    const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
    const graphiql = React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: examples[0]?.query ?? '',
      defaultTabs: examples.map((example) => ({ query: example.query })),
      // An API key typed into the Headers editor is kept for this page only, never in localStorage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    });
    ReactDOM.createRoot(root).render(graphiql);
    root.dataset.state = 'ready';
  } catch (error) {
    root.dataset.state = 'failed';
    root.textContent = `GraphiQL could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

start();
