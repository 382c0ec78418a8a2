import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { EXAMPLE_OPERATIONS } from '../api/examples.js';

/**
 * Apollo's landing page (/ and /graphql asked for HTML): Sandbox in development, Apollo's static page in production.
 * Both load from Apollo's CDN, so on a network cut off from the internet a person sees only their fallback text;
 * that text now points to the hub's own pages, which need nothing from outside. Sandbox's telemetry is off.
 */
export interface LandingPageOptions {
  development: boolean;
  /** /graphiql is served (GRAPHIQL): the note links it. */
  graphiql: boolean;
}

/** The note shown where Apollo says its page "cannot be loaded". Plain HTML: the page's CSP allows no other script. */
export function offlineNote(graphiql: boolean): string {
  const graphiqlLink = graphiql ? '<a href="/graphiql">GraphiQL</a> (the example operations, offline) and ' : '';
  return (
    '<p class="lien-thong-offline">Offline, or on a network without the internet? This hub serves its own pages: ' +
    `${graphiqlLink}<a href="/explorer">the connection graph explorer</a>.</p>`
  );
}

/** Apollo's fallback paragraph ("Apollo Sandbox cannot be loaded; ...", "The full landing page cannot be loaded; ..."). */
const FALLBACK = /<p>[^<]*cannot be loaded[^<]*<\/p>/;

/**
 * Sandbox's empty frame holder lies over the fallback text (absolute, full window) until Sandbox fills it, so offline
 * the links could be seen but not clicked: while it is empty, clicks go through it. Allowed by the page's own CSP
 * through the nonce Apollo gives its style elements.
 */
const CLICK_THROUGH = '#embeddableSandbox:empty, #embeddableExplorer:empty { pointer-events: none; }';
const NONCE = /<style nonce="?([\w-]+)"?>/;

/** The note after Apollo's fallback paragraph; at the end of the body if Apollo's page no longer has one. */
export function withOfflineNote(html: string, note: string): string {
  const nonce = NONCE.exec(html)?.[1];
  const added = nonce ? `${note}\n  <style nonce="${nonce}">${CLICK_THROUGH}</style>` : note;
  if (FALLBACK.test(html)) return html.replace(FALLBACK, (fallback) => `${fallback}\n  ${added}`);
  return html.replace('</body>', `${added}\n</body>`);
}

/** Wraps a landing page plugin: the same page, with the note added to its HTML. */
function addingNote<T extends BaseContext>(plugin: ApolloServerPlugin<T>, note: string): ApolloServerPlugin<T> {
  return {
    ...plugin,
    async serverWillStart(service) {
      const listener = await plugin.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render.call(listener);
          const html = page.html;
          return { ...page, html: async () => withOfflineNote(typeof html === 'string' ? html : await html(), note) };
        },
      };
    },
  };
}

export function landingPagePlugin<T extends BaseContext>(options: LandingPageOptions): ApolloServerPlugin<T> {
  const page = options.development
    ? ApolloServerPluginLandingPageLocalDefault({
        // No usage data sent to Apollo from the Sandbox page.
        embed: { runTelemetry: false, initialState: { pollForSchemaUpdates: false } },
        document: EXAMPLE_OPERATIONS,
        includeCookies: false,
      })
    : ApolloServerPluginLandingPageProductionDefault({ footer: false });
  return addingNote(page as ApolloServerPlugin<T>, offlineNote(options.graphiql));
}
